"""The catalogue of offers: public reading (lightest level first) and the administrator's edits; its Open
Referral (HSDS) export is open_referral.py."""

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.kit.auth import Principal
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
