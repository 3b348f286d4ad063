"""Use cases of housing seekers registered for municipal allocation."""

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.exceptions import SeekerNotFound
from services.allocation.models import Seeker
from services.allocation.rules.bans import HouseholdFacts
from services.allocation.rules.law import Benefit
from services.allocation.rules.ranking import SeekerFacts, SeekerStatus, Urgency
from services.allocation.schemas import SeekerCreate, SeekerRead, SeekerUpdate

FACT_FIELDS = (
    "released_from_prison_6m",
    "released_from_youth_placement_6m",
    "tenancy_terminated_6m",
    "non_eu_citizen",
    "non_eu_citizen_is_student",
)


def to_read(seeker: Seeker) -> SeekerRead:
    return SeekerRead.model_validate(seeker)


def household(seeker: Seeker) -> HouseholdFacts:
    return HouseholdFacts(
        released_from_prison_6m=seeker.released_from_prison_6m,
        released_from_youth_placement_6m=seeker.released_from_youth_placement_6m,
        tenancy_terminated_6m=seeker.tenancy_terminated_6m,
        non_eu_citizen=seeker.non_eu_citizen,
        non_eu_citizen_is_student=seeker.non_eu_citizen_is_student,
        benefits_6_consecutive_months=frozenset(Benefit(b) for b in seeker.benefits_6_consecutive_months),
    )


def facts(seeker: Seeker, *, has_open_offer: bool) -> SeekerFacts:
    return SeekerFacts(
        id=seeker.id,
        reference=seeker.reference,
        urgency=Urgency(seeker.urgency),
        registered_on=seeker.registered_on,
        rooms_min=seeker.rooms_min,
        needs_accessible=seeker.needs_accessible,
        max_rent_dkk=Decimal(seeker.max_rent_dkk) if seeker.max_rent_dkk is not None else None,
        area_wishes=frozenset(seeker.area_wishes),
        status=SeekerStatus(seeker.status),
        parked_until=seeker.parked_until,
        has_open_offer=has_open_offer,
        household=household(seeker),
    )


async def create(session: AsyncSession, *, body: SeekerCreate, principal: str, today: date) -> Seeker:
    values = body.model_dump()
    values["registered_on"] = body.registered_on or today
    values["benefits_6_consecutive_months"] = sorted(b.value for b in body.benefits_6_consecutive_months)
    values["urgency"] = body.urgency.value
    # The reference is the id, known after the insert; a placeholder keeps the column unique until then.
    seeker = Seeker(**values, reference=f"tmp-{uuid.uuid4().hex[:28]}", status="active", created_by=principal)
    session.add(seeker)
    await session.flush()
    seeker.reference = f"BS-{seeker.id:05d}"
    await session.flush()
    return seeker


async def get(session: AsyncSession, *, seeker_id: int) -> Seeker:
    seeker = await session.get(Seeker, seeker_id)
    if seeker is None:
        raise SeekerNotFound(f"No housing seeker {seeker_id}.")
    return seeker


async def update(session: AsyncSession, *, seeker: Seeker, body: SeekerUpdate) -> Seeker:
    for name in body.model_fields_set:
        value = getattr(body, name)
        if value is None and name not in ("max_rent_dkk", "parked_until"):
            continue
        if name == "benefits_6_consecutive_months":
            value = sorted(b.value for b in value)
        elif name in ("urgency", "status"):
            value = value.value
        setattr(seeker, name, value)
    await session.flush()
    await session.refresh(seeker)
    return seeker


async def listing(
    session: AsyncSession, *, status: SeekerStatus | None = None, q: str | None = None
) -> list[SeekerRead]:
    query = select(Seeker).order_by(Seeker.registered_on, Seeker.id)
    if status is not None:
        query = query.where(Seeker.status == status.value)
    if q:
        needle = f"%{q.lower()}%"
        query = query.where(Seeker.name.ilike(needle) | Seeker.reference.ilike(needle))
    return [to_read(s) for s in await session.scalars(query)]
