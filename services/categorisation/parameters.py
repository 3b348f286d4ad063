"""A year's inputs the analyst sets: the national figures, and the local (yellow) thresholds in versions."""

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation import versions
from services.categorisation.config import CategorisationConfig
from services.categorisation.models import LocalThresholdVersion, YearParameters
from services.categorisation.rules.model import LocalThresholds
from services.categorisation.schemas import (
    LocalThresholdsBase,
    LocalThresholdsRead,
    LocalThresholdsUpdate,
    YearParametersRead,
    YearParametersUpdate,
)
from services.kit.errors import NotFound

THRESHOLD_FIELDS = tuple(LocalThresholdsBase.model_fields)


async def get_parameters(session: AsyncSession, *, year: int) -> YearParameters | None:
    return await session.get(YearParameters, year)


async def read_parameters(session: AsyncSession, *, year: int) -> YearParametersRead:
    """The year's national figures, or NotFound while none are set."""
    parameters = await get_parameters(session, year=year)
    if parameters is None:
        raise NotFound(f"No parameters are set for {year}.")
    return YearParametersRead.model_validate(parameters)


async def set_parameters(
    session: AsyncSession, *, year: int, update: YearParametersUpdate, actor: str
) -> YearParametersRead:
    parameters = await session.get(YearParameters, year)
    if parameters is None:
        parameters = YearParameters(
            year=year, national_convicted_pct=update.national_convicted_pct, updated_by=actor
        )
        session.add(parameters)
    else:
        parameters.national_convicted_pct = update.national_convicted_pct
        parameters.updated_by = actor
    await session.flush()
    await versions.changed(session)
    await session.refresh(parameters)
    return YearParametersRead.model_validate(parameters)


def default_thresholds(year: int, config: CategorisationConfig) -> LocalThresholdsRead:
    return LocalThresholdsRead(
        year=year,
        version=0,
        reason="the municipality's default (configuration)",
        created_by="configuration",
        created_at=None,
        **config.local_criteria.model_dump(),
    )


async def current_thresholds(
    session: AsyncSession, *, year: int, config: CategorisationConfig
) -> LocalThresholdsRead:
    return (await thresholds_by_year(session, years=[year], config=config))[year]


async def thresholds_by_year(
    session: AsyncSession, *, years: Collection[int], config: CategorisationConfig
) -> dict[int, LocalThresholdsRead]:
    """The thresholds in force in each of `years`: the latest version, else the default; one query."""
    versions = await session.scalars(
        select(LocalThresholdVersion)
        .where(LocalThresholdVersion.year.in_(years))
        .order_by(LocalThresholdVersion.version)
    )
    latest = {version.year: version for version in versions}
    return {
        year: LocalThresholdsRead.model_validate(latest[year])
        if year in latest
        else default_thresholds(year, config)
        for year in years
    }


async def threshold_history(
    session: AsyncSession, *, year: int, config: CategorisationConfig
) -> list[LocalThresholdsRead]:
    versions = await session.scalars(
        select(LocalThresholdVersion)
        .where(LocalThresholdVersion.year == year)
        .order_by(LocalThresholdVersion.version)
    )
    return [default_thresholds(year, config), *(LocalThresholdsRead.model_validate(v) for v in versions)]


async def set_thresholds(
    session: AsyncSession,
    *,
    year: int,
    update: LocalThresholdsUpdate,
    actor: str,
    config: CategorisationConfig,
) -> LocalThresholdsRead:
    """Record a new version of the year's local thresholds; earlier versions stay as they were."""
    current = await current_thresholds(session, year=year, config=config)
    version = LocalThresholdVersion(
        year=year, version=current.version + 1, created_by=actor, **update.model_dump()
    )
    session.add(version)
    await session.flush()
    await versions.changed(session)
    await session.refresh(version)
    return LocalThresholdsRead.model_validate(version)


def as_rule_thresholds(thresholds: LocalThresholdsBase) -> LocalThresholds:
    return LocalThresholds(**{name: getattr(thresholds, name) for name in THRESHOLD_FIELDS})
