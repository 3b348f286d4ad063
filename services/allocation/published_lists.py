"""The designations of the published list in force on a date (DOMAIN § 3).

"A ban, a § 51 c or § 51 b check or an offer on date d uses the latest list published on or before d (so
December of Y already uses list Y). Letting agreements still run per letting year." The lists are kept
per list year whenever agreements are drafted from a categorisation; when the list in force is not
loaded, the letting agreement's designations stand in and a `list_not_loaded` reason says so.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.models import Agreement, ListDesignation
from services.allocation.rules.lists import list_year_in_force
from services.allocation.rules.model import Designation, Reason, reason
from services.allocation.rules.statuses import DesignationSource


@dataclass(frozen=True, slots=True)
class InForce:
    designations: frozenset[Designation]
    list_year: int
    source: DesignationSource
    warnings: tuple[Reason, ...] = ()


async def record(
    session: AsyncSession, *, list_year: int, items: Iterable[tuple[str, Iterable[Designation]]]
) -> None:
    """Keep (or refresh) the areas' designations of `list_year`, as the approved categorisation gives them."""
    for area_code, designations in items:
        values = sorted(d.value for d in designations)
        row = await session.get(ListDesignation, (list_year, area_code))
        if row is None:
            session.add(ListDesignation(list_year=list_year, area_code=area_code, designations=values))
        elif row.designations != values:
            row.designations = values
    await session.flush()


async def loaded(session: AsyncSession, *, list_year: int) -> bool:
    found = await session.scalar(
        select(ListDesignation.area_code).where(ListDesignation.list_year == list_year)
    )
    return found is not None


async def designations_on(
    session: AsyncSession, *, area_code: str, on: date, fallback: Agreement | None
) -> InForce | None:
    """The area's designations on the list in force on `on`; the agreement's, with a warning, when that
    list is not loaded; None when neither is known."""
    year = list_year_in_force(on)
    row = await session.get(ListDesignation, (year, area_code))
    if row is not None:
        return InForce(frozenset(Designation(d) for d in row.designations), year, DesignationSource.LIST)
    if fallback is None:
        return None
    designations = frozenset(Designation(d) for d in fallback.designations)
    source_year = fallback.source_year or "unknown"
    if await loaded(session, list_year=year):
        warning = reason(
            "area_not_on_list",
            f"The area is not on the list of {year}, in force on {on.isoformat()}; the designations of the "
            f"{fallback.year} letting agreement (list {source_year}) were used instead.",
            "ABL § 61 a stk. 5",
            list_year=year,
            agreement_year=fallback.year,
        )
    else:
        warning = reason(
            "list_not_loaded",
            f"The list of {year} is in force on {on.isoformat()} but not loaded; the designations of the "
            f"{fallback.year} letting agreement (list {source_year}) were used instead.",
            "ABL § 61 a stk. 5",
            list_year=year,
            agreement_year=fallback.year,
        )
    return InForce(designations, year, DesignationSource.AGREEMENT, (warning,))
