"""The catalogue of offers: public reading (lightest level first), the administrator's edits, and an
export in the shape of the Open Referral Human Services Data Specification (HSDS 3)."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.kit.auth import Principal
from services.kit.municipality import Municipality
from services.referrals.config import ReferralsConfig
from services.referrals.exceptions import OfferCodeTaken, OfferNotFound
from services.referrals.models import LadderLevel, Offer, OfferLegalBasis
from services.referrals.schemas import (
    CapacityRead,
    CapacityUpdate,
    LadderLevelRead,
    LegalBasisCreate,
    LegalBasisRead,
    OfferCreate,
    OfferRead,
    OfferUpdate,
)

HSDS_VERSION = "3.1.1"


def bases_in_force(bases: list[OfferLegalBasis], today: date) -> list[OfferLegalBasis]:
    """Every basis in force on `today` (begun, and `valid_to`, its last day, not passed), oldest first.

    An offer can rest on two laws at once: the substance-abuse centre treats drug misuse under SEL § 101
    and alcohol misuse under sundhedsloven § 141 (DOMAIN § 6.5: legal basis as law, paragraph, valid from).
    """
    valid = [b for b in bases if b.valid_from <= today and (b.valid_to is None or b.valid_to >= today)]
    return sorted(valid, key=lambda b: (b.valid_from, b.id or 0))


def current_basis(bases: list[OfferLegalBasis], today: date) -> OfferLegalBasis | None:
    """The basis in force today: the latest that has begun and not ended."""
    in_force = bases_in_force(bases, today)
    return in_force[-1] if in_force else None


def offer_read(offer: Offer, levels: dict[int, LadderLevel], today: date) -> OfferRead:
    level = levels[offer.level]
    in_force = bases_in_force(offer.legal_bases, today)
    basis = in_force[-1] if in_force else None
    capacity = None
    if offer.capacity_available is not None:
        capacity = CapacityRead(
            available=offer.capacity_available,
            maximum=offer.capacity_maximum,
            updated_at=offer.capacity_updated_at,
        )
    return OfferRead(
        id=offer.id,
        code=offer.code,
        level=offer.level,
        level_name_da=level.name_da,
        level_name_en=level.name_en,
        name_da=offer.name_da,
        name_en=offer.name_en,
        description_da=offer.description_da,
        description_en=offer.description_en,
        target_group_da=offer.target_group_da,
        target_group_en=offer.target_group_en,
        min_age=offer.min_age,
        max_age=offer.max_age,
        needs_assessment=offer.needs_assessment,
        provider=offer.provider,
        contact_name=offer.contact_name,
        contact_phone=offer.contact_phone,
        contact_email=offer.contact_email,
        location_name=offer.location_name,
        address=offer.address,
        active=offer.active,
        legal_basis=LegalBasisRead.model_validate(basis) if basis else None,
        legal_bases=[LegalBasisRead.model_validate(b) for b in offer.legal_bases],
        legal_bases_in_force=[LegalBasisRead.model_validate(b) for b in in_force],
        capacity=capacity,
        updated_at=offer.updated_at,
    )


async def levels(session: AsyncSession) -> dict[int, LadderLevel]:
    return {level.level: level for level in await session.scalars(select(LadderLevel))}


async def ladder(session: AsyncSession) -> list[LadderLevelRead]:
    return [LadderLevelRead.model_validate(level) for _, level in sorted((await levels(session)).items())]


async def list_offers(
    session: AsyncSession, *, today: date, include_inactive: bool = False
) -> list[OfferRead]:
    """The ladder of offers, lightest level first, then by name."""
    query = select(Offer).order_by(Offer.level, Offer.name_da, Offer.id)
    if not include_inactive:
        query = query.where(Offer.active.is_(True))
    by_level = await levels(session)
    return [offer_read(offer, by_level, today) for offer in await session.scalars(query)]


async def get_offer(session: AsyncSession, *, offer_id: int) -> Offer:
    offer = await session.get(Offer, offer_id)
    if offer is None:
        raise OfferNotFound(f"No offer with id {offer_id}.")
    return offer


async def read_offer(session: AsyncSession, *, offer: Offer, today: date) -> OfferRead:
    return offer_read(offer, await levels(session), today)


async def create_offer(
    session: AsyncSession, *, body: OfferCreate, principal: Principal, now: datetime, today: date
) -> OfferRead:
    if await session.scalar(select(Offer.id).where(Offer.code == body.code)) is not None:
        raise OfferCodeTaken(f"An offer with code {body.code!r} exists.")
    fields = body.model_dump(exclude={"code", "legal_bases", "capacity"})
    offer = Offer(code=body.code, **fields, updated_by=principal.subject, updated_at=now)
    offer.legal_bases = [OfferLegalBasis(**basis.model_dump()) for basis in body.legal_bases]
    if body.capacity is not None:
        _apply_capacity(offer, body.capacity, now)
    session.add(offer)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise OfferCodeTaken(f"An offer with code {body.code!r} exists.") from exc
    return await read_offer(session, offer=offer, today=today)


async def update_offer(
    session: AsyncSession,
    *,
    offer: Offer,
    body: OfferUpdate,
    principal: Principal,
    now: datetime,
    today: date,
) -> OfferRead:
    """Change the fields sent; a field sent as null is cleared where that is allowed."""
    for name, value in body.model_dump(exclude_unset=True).items():
        if value is None and not Offer.__table__.c[name].nullable:
            continue
        setattr(offer, name, value)
    offer.updated_by = principal.subject
    offer.updated_at = now
    await session.flush()
    return await read_offer(session, offer=offer, today=today)


def _apply_capacity(offer: Offer, body: CapacityUpdate, now: datetime) -> None:
    offer.capacity_available = body.available
    offer.capacity_maximum = body.maximum
    offer.capacity_updated_at = now


async def set_capacity(
    session: AsyncSession,
    *,
    offer: Offer,
    body: CapacityUpdate,
    principal: Principal,
    now: datetime,
    today: date,
) -> OfferRead:
    _apply_capacity(offer, body, now)
    offer.updated_by = principal.subject
    offer.updated_at = now
    await session.flush()
    return await read_offer(session, offer=offer, today=today)


async def add_legal_basis(
    session: AsyncSession,
    *,
    offer: Offer,
    body: LegalBasisCreate,
    principal: Principal,
    now: datetime,
    today: date,
) -> OfferRead:
    """A new basis from a date: the earlier ones stay, so what was valid when can still be read."""
    offer.legal_bases.append(OfferLegalBasis(**body.model_dump()))
    offer.updated_by = principal.subject
    offer.updated_at = now
    await session.flush()
    return await read_offer(session, offer=offer, today=today)


# --- Open Referral (HSDS) -----------------------------------------------------------------------------


def _id(namespace: str, *parts: object) -> str:
    """Stable UUIDs, as HSDS wants them, derived from the municipality and the catalogue's own keys."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:kommune:" + namespace + ":" + ":".join(map(str, parts))))


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="milliseconds") if moment else None


async def open_referral(
    session: AsyncSession, *, municipality: Municipality, config: ReferralsConfig, today: date
) -> dict[str, Any]:
    """The active catalogue as HSDS organizations, services, locations, taxonomy terms and capacities."""
    ns = municipality.slug
    by_level = await levels(session)
    offers = (
        await session.scalars(select(Offer).where(Offer.active.is_(True)).order_by(Offer.level, Offer.id))
    ).all()
    taxonomy_id = _id(ns, "taxonomy", "tilbudstrappen")
    law_taxonomy_id = _id(ns, "taxonomy", "legal-basis")
    taxonomies = [
        {
            "id": taxonomy_id,
            "name": "Tilbudstrappen",
            "description": f"{municipality.name}: the ladder of offers for adults, level 1 the lightest.",
            "uri": f"urn:kommune:{ns}:tilbudstrappen",
            "version": "1",
        },
        {
            "id": law_taxonomy_id,
            "name": "Legal basis",
            "description": "The law and paragraph an offer rests on, valid from a date.",
            "uri": f"urn:kommune:{ns}:legal-basis",
            "version": "1",
        },
    ]
    terms: dict[str, dict[str, Any]] = {}
    for level in sorted(by_level.values(), key=lambda lv: lv.level):
        term_id = _id(ns, "level", level.level)
        terms[term_id] = {
            "id": term_id,
            "code": str(level.level),
            "name": level.name_da,
            "description": level.name_en,
            "parent_id": None,
            "taxonomy": "Tilbudstrappen",
            "taxonomy_id": taxonomy_id,
            "language": "da",
            "term_uri": None,
        }
    organizations: dict[str, dict[str, Any]] = {}
    locations: dict[str, dict[str, Any]] = {}
    services = []
    for offer in offers:
        org_id = _id(ns, "organization", offer.provider)
        organizations.setdefault(
            org_id,
            {"id": org_id, "name": offer.provider, "description": offer.provider, "services": []},
        )["services"].append(_id(ns, "service", offer.code))
        service_id = _id(ns, "service", offer.code)
        attributes = [
            {
                "id": _id(ns, "attribute", offer.code, "level"),
                "link_id": service_id,
                "link_type": "ladder_level",
                "link_entity": "service",
                "taxonomy_term_id": _id(ns, "level", offer.level),
                "taxonomy_term": terms[_id(ns, "level", offer.level)],
                "value": str(offer.level),
                "label": by_level[offer.level].name_da,
            }
        ]
        for basis in offer.legal_bases:
            term_id = _id(ns, "law", basis.law, basis.paragraph)
            terms.setdefault(
                term_id,
                {
                    "id": term_id,
                    "code": f"{basis.law} {basis.paragraph}",
                    "name": f"{basis.law} {basis.paragraph}",
                    "description": None,
                    "parent_id": None,
                    "taxonomy": "Legal basis",
                    "taxonomy_id": law_taxonomy_id,
                    "language": "da",
                    "term_uri": None,
                },
            )
            attributes.append(
                {
                    "id": _id(ns, "attribute", offer.code, "basis", basis.id),
                    "link_id": service_id,
                    "link_type": "legal_basis",
                    "link_entity": "service",
                    "taxonomy_term_id": term_id,
                    "taxonomy_term": terms[term_id],
                    "value": f"valid_from={basis.valid_from.isoformat()}"
                    + (f";valid_to={basis.valid_to.isoformat()}" if basis.valid_to else ""),
                    "label": f"{basis.law} {basis.paragraph}",
                }
            )
        service_at_locations = []
        if offer.location_name or offer.address:
            location_id = _id(ns, "location", offer.location_name or "", offer.address or "")
            locations.setdefault(
                location_id,
                {
                    "id": location_id,
                    "location_type": "physical",
                    "name": offer.location_name,
                    "description": offer.address,
                    "addresses": [
                        {
                            "id": _id(ns, "address", location_id),
                            "location_id": location_id,
                            "address_1": offer.address,
                            "city": "",
                            "region": "",
                            "state_province": "",
                            "postal_code": "",
                            "country": "DK",
                            "address_type": "physical",
                        }
                    ]
                    if offer.address
                    else [],
                },
            )
            service_at_locations.append(
                {
                    "id": _id(ns, "sal", offer.code, location_id),
                    "service_id": service_id,
                    "location_id": location_id,
                }
            )
        capacities = []
        if offer.capacity_available is not None:
            capacities.append(
                {
                    "id": _id(ns, "capacity", offer.code),
                    "service_id": service_id,
                    "unit": {
                        "id": _id(ns, "unit", "places"),
                        "name": "places",
                        "scheme": "kommune",
                        "identifier": "places",
                    },
                    "available": offer.capacity_available,
                    "maximum": offer.capacity_maximum,
                    "description": "Free places",
                    "updated": _iso(offer.capacity_updated_at),
                }
            )
        phones = (
            [{"id": _id(ns, "phone", offer.code), "number": offer.contact_phone, "type": "voice"}]
            if offer.contact_phone
            else []
        )
        services.append(
            {
                "id": service_id,
                "organization_id": org_id,
                "name": offer.name_da,
                "alternate_name": offer.name_en,
                "description": offer.description_da,
                "email": offer.contact_email,
                "status": "active",
                "application_process": (
                    "Visitation: kræver en afgørelse efter en vurdering."
                    if offer.needs_assessment
                    else "Uden visitation: henvisning eller egen henvendelse."
                ),
                "eligibility_description": offer.target_group_da,
                "minimum_age": offer.min_age,
                "maximum_age": offer.max_age,
                "assured_date": offer.updated_at.date().isoformat(),
                "last_modified": _iso(offer.updated_at),
                "phones": phones,
                "contacts": [
                    {
                        "id": _id(ns, "contact", offer.code),
                        "name": offer.contact_name,
                        "email": offer.contact_email,
                    }
                ],
                "languages": [{"id": _id(ns, "language", offer.code, "da"), "name": "Danish", "code": "da"}],
                "service_at_locations": service_at_locations,
                "capacities": capacities,
                "attributes": attributes,
            }
        )
    return {
        "hsds_version": HSDS_VERSION,
        "generated": today.isoformat(),
        "publisher": {
            "name": municipality.name,
            "single_entry": config.single_entry_name,
            "phone": config.single_entry_phone,
        },
        "organizations": list(organizations.values()),
        "services": services,
        "locations": list(locations.values()),
        "taxonomies": taxonomies,
        "taxonomy_terms": list(terms.values()),
    }
