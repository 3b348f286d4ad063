"""The analyst's category after the dialogue: every change kept, the latest in force unless withdrawn."""

from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation import versions
from services.categorisation.exceptions import AreaNotFound
from services.categorisation.models import CategoryOverride, HousingFigures
from services.categorisation.rules.model import AreaResult, Category
from services.categorisation.schemas import OverrideCreate, OverrideHistoryRead

K = TypeVar("K")


def _in_force(
    rows: Iterable[CategoryOverride], key: Callable[[CategoryOverride], K]
) -> dict[K, CategoryOverride]:
    """The latest row (of rows oldest first) per key, unless it is a withdrawal, which hides the earlier."""
    latest: dict[K, CategoryOverride] = {}
    for row in rows:
        latest[key(row)] = row
    return {k: row for k, row in latest.items() if row.category is not None}


async def current_overrides(session: AsyncSession, *, year: int) -> dict[str, CategoryOverride]:
    """The override in force per area of the year."""
    rows = await session.scalars(
        select(CategoryOverride).where(CategoryOverride.year == year).order_by(CategoryOverride.id)
    )
    return _in_force(rows, lambda row: row.area_code)


async def area_overrides(session: AsyncSession, *, area_code: str) -> dict[int, CategoryOverride]:
    """The override in force for one area, per year."""
    rows = await session.scalars(
        select(CategoryOverride).where(CategoryOverride.area_code == area_code).order_by(CategoryOverride.id)
    )
    return _in_force(rows, lambda row: row.year)


async def set_override(
    session: AsyncSession, *, year: int, area_code: str, body: OverrideCreate, actor: str
) -> CategoryOverride:
    if (
        await session.scalar(
            select(HousingFigures.id).where(
                HousingFigures.year == year, HousingFigures.area_code == area_code
            )
        )
        is None
    ):
        raise AreaNotFound(f"No figures for area {area_code} in {year}.")
    override = CategoryOverride(
        year=year,
        area_code=area_code,
        category=body.category.value if body.category else None,
        justification=body.justification.strip(),
        created_by=actor,
    )
    session.add(override)
    await session.flush()
    await versions.changed(session)
    return override


async def override_history(session: AsyncSession, *, year: int, area_code: str) -> list[OverrideHistoryRead]:
    """Every override and withdrawal of the area's category that year, the oldest first."""
    rows = await session.scalars(
        select(CategoryOverride)
        .where(CategoryOverride.year == year, CategoryOverride.area_code == area_code)
        .order_by(CategoryOverride.id)
    )
    return [
        OverrideHistoryRead(
            category=Category(row.category) if row.category else None,
            justification=row.justification,
            created_by=row.created_by,
            created_at=row.created_at,
        )
        for row in rows
    ]


def shown_category(result: AreaResult, override: CategoryOverride | None) -> Category:
    """An override made after the dialogue stands over the computed category."""
    if override is not None and override.category is not None:
        return Category(override.category)
    return result.computed_category
