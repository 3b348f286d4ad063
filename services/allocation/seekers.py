"""Use cases of housing seekers registered for municipal allocation."""

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.exceptions import SeekerNotFound
from services.allocation.models import Seeker
from services.allocation.rules.bans import (
    BenefitPeriod,
    DatedFact,
    HouseholdFacts,
    ban_last_day,
    benefit_ban_last_day,
)
from services.allocation.rules.law import Benefit
from services.allocation.rules.ranking import SeekerFacts, SeekerStatus, Urgency
from services.allocation.schemas.seekers import (
    DATED_FACTS,
    BenefitPeriodFacts,
    SeekerCreate,
    SeekerRead,
    SeekerUpdate,
)


def _period(item: dict[str, Any]) -> BenefitPeriod:
    return BenefitPeriod(
        benefit=Benefit(item["benefit"]),
        first_month=date.fromisoformat(item["first_month"]) if item.get("first_month") else None,
        last_month=date.fromisoformat(item["last_month"]) if item.get("last_month") else None,
        date_unknown=bool(item.get("date_unknown")),
    )


def household(seeker: Seeker) -> HouseholdFacts:
    return HouseholdFacts(
        released_from_prison=DatedFact(
            seeker.released_from_prison_on, seeker.released_from_prison_date_unknown
        ),
        released_from_youth_placement=DatedFact(
            seeker.released_from_youth_placement_on, seeker.released_from_youth_placement_date_unknown
        ),
        tenancy_terminated=DatedFact(seeker.tenancy_terminated_on, seeker.tenancy_terminated_date_unknown),
        non_eu_citizen=seeker.non_eu_citizen,
        non_eu_citizen_is_student=seeker.non_eu_citizen_is_student,
        benefit_periods=tuple(_period(item) for item in seeker.benefit_periods or []),
    )


def dates_to_complete(seeker: Seeker) -> list[str]:
    """The facts recorded without their date (migrated yes/no facts): what the officer completes."""
    missing = [
        fact
        for fact in DATED_FACTS
        if getattr(seeker, f"{fact}_date_unknown") and getattr(seeker, f"{fact}_on") is None
    ]
    missing.extend(
        f"benefit_periods.{item['benefit']}"
        for item in seeker.benefit_periods or []
        if item.get("date_unknown") and not item.get("first_month")
    )
    return missing


def ban_until(seeker: Seeker) -> dict[str, date]:
    """Per recorded end, the last offer date on which it still bans where the item applies (§ 59 stk. 6-7:
    "inden for de seneste 6 måneder"), so the officer sees when each ban lapses by itself."""
    until: dict[str, date] = {}
    for fact in DATED_FACTS:
        ended = getattr(seeker, f"{fact}_on")
        if ended is not None:
            until[fact] = ban_last_day(ended)
    for period in household(seeker).benefit_periods:
        last = benefit_ban_last_day(period)
        key = f"benefit_periods.{period.benefit.value}"
        if last is not None and (key not in until or last > until[key]):
            until[key] = last
    return until


def to_read(seeker: Seeker) -> SeekerRead:
    read = SeekerRead.model_validate(seeker)
    read.dates_to_complete = dates_to_complete(seeker)
    read.ban_until = ban_until(seeker)
    return read


NULLABLE = frozenset({"max_rent_dkk", "parked_until", *(f"{f}_on" for f in DATED_FACTS)})


def _periods_json(periods: list[BenefitPeriodFacts]) -> list[dict[str, Any]]:
    return [p.model_dump(mode="json") for p in periods]


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


async def create(session: AsyncSession, *, body: SeekerCreate, actor: str, today: date) -> Seeker:
    values = body.model_dump()
    values["registered_on"] = body.registered_on or today
    values["benefit_periods"] = _periods_json(body.benefit_periods)
    values["urgency"] = body.urgency.value
    # The reference is the id, known after the insert; a placeholder keeps the column unique until then.
    seeker = Seeker(
        **values, reference=f"tmp-{uuid.uuid4().hex[:28]}", status=SeekerStatus.ACTIVE, created_by=actor
    )
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
        if value is None and name not in NULLABLE:
            continue
        if name == "benefit_periods":
            value = _periods_json(body.benefit_periods or [])
        elif name in ("urgency", "status"):
            value = value.value
        setattr(seeker, name, value)
    for fact in DATED_FACTS:
        if getattr(seeker, f"{fact}_on") is not None:
            setattr(seeker, f"{fact}_date_unknown", False)  # a completed date replaces "date unknown"
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
