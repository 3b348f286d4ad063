"""A year's areas as a caller reads them: filtered, sorted, and with what the caller may not see hidden."""

from collections.abc import Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation import access, years
from services.categorisation.config import CategorisationConfig
from services.categorisation.rules.model import Category, Designation
from services.categorisation.schemas import AreaRead, AreaSort, CategorisationStatus
from services.kit.auth import Principal

CATEGORY_ORDER = {c: i for i, c in enumerate(Category)}
SORT_KEYS: dict[AreaSort, Callable[[AreaRead], Any]] = {
    "area_code": lambda a: a.area_code,
    "area_name": lambda a: a.area_name.lower(),
    "residents": lambda a: a.residents or 0,
    # Red first, as the categories rank; the code keeps the order within one category stable.
    "category": lambda a: (CATEGORY_ORDER[a.category], a.area_code),
}


def matching(
    areas: list[AreaRead],
    *,
    category: Category | None = None,
    designation: Designation | None = None,
    q: str | None = None,
) -> list[AreaRead]:
    """The areas of `category`, with `designation`, whose code or name holds `q` (case-insensitive)."""
    if category:
        areas = [a for a in areas if a.category == category]
    if designation:
        areas = [a for a in areas if designation in a.designations]
    if q:
        needle = q.lower()
        areas = [a for a in areas if needle in a.area_code.lower() or needle in a.area_name.lower()]
    return areas


async def list_areas(
    session: AsyncSession,
    *,
    year: int,
    config: CategorisationConfig,
    principal: Principal,
    category: Category | None = None,
    designation: Designation | None = None,
    q: str | None = None,
    sort: AreaSort = "area_code",
    descending: bool = False,
    proposed: bool = False,
) -> tuple[CategorisationStatus, list[AreaRead]]:
    """The year's areas (the approved snapshot unless `proposed`), as `principal` may see them."""
    status, areas = await years.year_areas(session, year=year, config=config, proposed=proposed)
    areas = matching(areas, category=category, designation=designation, q=q)
    # Sorted on the full figures, before small numbers are hidden: the order does not depend on who asks.
    areas.sort(key=SORT_KEYS[sort], reverse=descending)
    return status, [access.shown(a, principal, config) for a in areas]


async def get_area(
    session: AsyncSession,
    *,
    year: int,
    area_code: str,
    config: CategorisationConfig,
    principal: Principal,
    proposed: bool = False,
) -> AreaRead:
    area = await years.year_area(session, year=year, area_code=area_code, config=config, proposed=proposed)
    return access.shown(area, principal, config)


async def visible_areas(
    session: AsyncSession, *, year: int, config: CategorisationConfig, principal: Principal
) -> list[AreaRead]:
    """Every area of the year in the order the year has them, as `principal` may see them (the exports)."""
    _, areas = await years.year_areas(session, year=year, config=config)
    return [access.shown(a, principal, config) for a in areas]
