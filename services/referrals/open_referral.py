"""The catalogue as Open Referral's Human Services Data Specification (HSDS) publishes it: a page of fully
nested service objects, the answer of the HSDS API's `GET /services?full=true`.

Only the fields HSDS defines, each with the type it wants: a value we do not have is left out, never sent as
null, and an address is either complete (street, postcode, city, region, country) or not given at all.
tests/referrals/test_open_referral.py validates every object against the official compiled schemas of the
version named in `HSDS_SCHEMA` (kept in tests/data/hsds/).
"""

import math
import re
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.kit.municipality import Municipality
from services.referrals.models import LadderLevel, Offer, OfferLegalBasis
from services.referrals.offers import levels

# The schema the export is validated against; the route names it in a `Link: <…>; rel="describedby"` header,
# so a reader knows exactly which HSDS the document claims (the 3.1 schemas, at this commit).
HSDS_VERSION = "3.1"
HSDS_COMMIT = "abc731c8ac11825010e9d74a0ab61dcd48e880ec"
HSDS_SCHEMA = (
    f"https://raw.githubusercontent.com/openreferral/specification/{HSDS_COMMIT}/schema/compiled/service.json"
)

# DAGI region codes (the municipality file's `region_code`) and the regions' names: HSDS's state_province.
REGIONS = {
    1081: "Region Nordjylland",
    1082: "Region Midtjylland",
    1083: "Region Syddanmark",
    1084: "Region Hovedstaden",
    1085: "Region Sjælland",
}

# "Rådhusvej 1, 2860 Søborg" or "Rådhusvej 1, 1. sal, 2860 Søborg": the last part is a Danish postcode and
# its town. The catalogue keeps the address as one line of text; anything else cannot be split honestly.
_POSTCODE_TOWN = re.compile(r"(?P<postcode>\d{4})\s+(?P<town>\S.*)")


def danish_address(text: str | None) -> tuple[str, str | None, str, str] | None:
    """(address_1, address_2, postal_code, city) of a one-line Danish address, or None when incomplete."""
    parts = [part.strip() for part in (text or "").split(",")]
    if len(parts) < 2 or not all(parts):
        return None
    last = _POSTCODE_TOWN.fullmatch(parts[-1])
    if last is None:
        return None
    street, *more = parts[:-1]
    return street, ", ".join(more) or None, last["postcode"], last["town"]


def _id(namespace: str, *parts: object) -> str:
    """Stable UUIDs, as HSDS wants them, derived from the municipality and the catalogue's own keys."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "urn:kommune:" + namespace + ":" + ":".join(map(str, parts))))


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def _present(**fields: Any) -> dict[str, Any]:
    """The fields that have a value: HSDS wants an absent member, not null or an empty text."""
    return {name: value for name, value in fields.items() if value is not None and value != ""}


class _Catalogue:
    """Builds the HSDS objects of one municipality's catalogue, with the taxonomies they share."""

    def __init__(self, municipality: Municipality, by_level: dict[int, LadderLevel]) -> None:
        self.ns = municipality.slug
        self.municipality = municipality
        self.by_level = by_level
        self.ladder = {
            "id": _id(self.ns, "taxonomy", "tilbudstrappen"),
            "name": "Tilbudstrappen",
            "description": f"{municipality.name}: tilbudstrappen for voksne, trin 1 er det letteste.",
            "version": "1",
        }
        self.law = {
            "id": _id(self.ns, "taxonomy", "legal-basis"),
            "name": "Retsgrundlag",
            "description": "Loven og paragraffen, et tilbud gives efter, gældende fra en dato.",
            "version": "1",
        }

    def _term(
        self, taxonomy: dict[str, str], term_id: str, code: str, name: str, about: str
    ) -> dict[str, Any]:
        return {
            "id": term_id,
            "code": code,
            "name": name,
            "description": about,
            "taxonomy": taxonomy["name"],
            "taxonomy_id": taxonomy["id"],
            "taxonomy_detail": taxonomy,
            "language": "da",
        }

    def _attributes(self, offer: Offer, service_id: str) -> list[dict[str, Any]]:
        level = self.by_level[offer.level]
        level_term_id = _id(self.ns, "level", offer.level)
        attributes = [
            {
                "id": _id(self.ns, "attribute", offer.code, "level"),
                "link_id": service_id,
                "link_type": "ladder_level",
                "link_entity": "service",
                "taxonomy_term_id": level_term_id,
                "taxonomy_term": self._term(
                    self.ladder,
                    level_term_id,
                    str(level.level),
                    level.name_da,
                    f"Trin {level.level} på tilbudstrappen: {level.name_da}",
                ),
                "value": str(offer.level),
                "label": level.name_da,
            }
        ]
        for basis in offer.legal_bases:
            attributes.append(self._basis(offer, service_id, basis))
        return attributes

    def _basis(self, offer: Offer, service_id: str, basis: OfferLegalBasis) -> dict[str, Any]:
        term_id = _id(self.ns, "law", basis.law, basis.paragraph)
        name = f"{basis.law} {basis.paragraph}"
        validity = f"valid_from={basis.valid_from.isoformat()}"
        if basis.valid_to:
            validity += f";valid_to={basis.valid_to.isoformat()}"
        return {
            "id": _id(self.ns, "attribute", offer.code, "basis", basis.id),
            "link_id": service_id,
            "link_type": "legal_basis",
            "link_entity": "service",
            "taxonomy_term_id": term_id,
            "taxonomy_term": self._term(self.law, term_id, name, name, f"Retsgrundlag: {name}"),
            "value": validity,
            "label": name,
        }

    def _location(self, offer: Offer, service_id: str) -> list[dict[str, Any]]:
        if not (offer.location_name or offer.address):
            return []
        location_id = _id(self.ns, "location", offer.location_name or "", offer.address or "")
        parsed = danish_address(offer.address)
        location: dict[str, Any] = {
            "id": location_id,
            "location_type": "physical",
            **_present(name=offer.location_name),
        }
        if parsed:
            street, more, postcode, town = parsed
            location["addresses"] = [
                {
                    "id": _id(self.ns, "address", location_id),
                    "location_id": location_id,
                    "address_1": street,
                    **_present(address_2=more),
                    "city": town,
                    "state_province": REGIONS[self.municipality.region_code],
                    "postal_code": postcode,
                    "country": "DK",
                    "address_type": "physical",
                }
            ]
        elif offer.address:
            # Not a whole address (no postcode and town): readers still see it, but not as an address.
            location["description"] = offer.address
        return [
            {
                "id": _id(self.ns, "sal", offer.code, location_id),
                "service_id": service_id,
                "location_id": location_id,
                "location": location,
            }
        ]

    def _capacities(self, offer: Offer, service_id: str) -> list[dict[str, Any]]:
        if offer.capacity_available is None:
            return []
        unit = {"id": _id(self.ns, "unit", "places"), "name": "pladser"}
        return [
            {
                "id": _id(self.ns, "capacity", offer.code),
                "service_id": service_id,
                "unit_id": unit["id"],
                "unit": unit,
                "available": offer.capacity_available,
                **_present(maximum=offer.capacity_maximum),
                "description": "Ledige pladser",
                "updated": _iso(offer.capacity_updated_at or offer.updated_at),
            }
        ]

    def service(self, offer: Offer) -> dict[str, Any]:
        """One offer as a fully nested HSDS service."""
        service_id = _id(self.ns, "service", offer.code)
        organization_id = _id(self.ns, "organization", offer.provider)
        modified = max(filter(None, (offer.updated_at, offer.capacity_updated_at)))
        contact = {
            "id": _id(self.ns, "contact", offer.code),
            "service_id": service_id,
            "name": offer.contact_name,
            **_present(email=offer.contact_email),
        }
        phones = [
            {
                "id": _id(self.ns, "phone", offer.code),
                "service_id": service_id,
                "number": number,
                "type": "voice",
            }
            for number in (offer.contact_phone,)
            if number
        ]
        return {
            "id": service_id,
            "organization_id": organization_id,
            "organization": {
                "id": organization_id,
                "name": offer.provider,
                "description": f"Leverer tilbud på tilbudstrappen i {self.municipality.name}.",
            },
            "name": offer.name_da,
            **_present(
                alternate_name=offer.name_en if offer.name_en != offer.name_da else None,
                description=offer.description_da,
                email=offer.contact_email,
            ),
            "status": "active",
            "application_process": (
                "Visitation: kræver en afgørelse efter en vurdering."
                if offer.needs_assessment
                else "Uden visitation: henvisning eller egen henvendelse."
            ),
            **_present(
                eligibility_description=offer.target_group_da,
                minimum_age=offer.min_age,
                maximum_age=offer.max_age,
            ),
            "assured_date": offer.updated_at.date().isoformat(),
            "last_modified": _iso(modified),
            "phones": phones,
            "contacts": [contact],
            "languages": [
                {
                    "id": _id(self.ns, "language", offer.code, "da"),
                    "service_id": service_id,
                    "name": "Danish",
                    "code": "da",
                }
            ],
            "service_at_locations": self._location(offer, service_id),
            "capacities": self._capacities(offer, service_id),
            "attributes": self._attributes(offer, service_id),
        }


async def services_page(
    session: AsyncSession, *, municipality: Municipality, page: int, per_page: int
) -> dict[str, Any]:
    """One page of the active catalogue (lightest level first), each offer a fully nested HSDS service."""
    active = Offer.active.is_(True)
    total = await session.scalar(select(func.count()).select_from(Offer).where(active)) or 0
    offers = await session.scalars(
        select(Offer)
        .where(active)
        .order_by(Offer.level, Offer.id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    catalogue = _Catalogue(municipality, await levels(session))
    contents = [catalogue.service(offer) for offer in offers]
    total_pages = max(1, math.ceil(total / per_page))
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
