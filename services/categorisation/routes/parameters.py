"""What the analyst sets for a year: the national figures, the local thresholds, and trying other ones."""

from fastapi import APIRouter

from services.categorisation import parameters, what_if
from services.categorisation.dependencies import Analyst, AreaReader, Config, DataLoader, Year
from services.categorisation.schemas import (
    LocalThresholdsRead,
    LocalThresholdsUpdate,
    WhatIfCreate,
    WhatIfRead,
    YearParametersRead,
    YearParametersUpdate,
)
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute)


@router.get(
    "/years/{year}/parameters",
    response_model=YearParametersRead,
    summary="The year's national figures",
    tags=["Thresholds"],
    responses=problem_responses(404),
)
async def get_parameters(year: Year, session: SessionDep, _principal: AreaReader) -> YearParametersRead:
    """The national figure the year's convicted criterion is measured against (the national average share
    convicted, ages 18+), and who set it when. Changes nothing; 404 until it is set."""
    return await parameters.read_parameters(session, year=year)


@router.put(
    "/years/{year}/parameters",
    response_model=YearParametersRead,
    summary="Set the national average convicted",
    tags=["Thresholds"],
)
async def update_parameters(
    year: Year, body: YearParametersUpdate, session: SessionDep, principal: DataLoader
) -> YearParametersRead:
    """Set the year's national average share convicted (ages 18+), of which the convicted criteria's
    thresholds are multiples (CONTRACT § 5). The year's live categorisation changes at once; an approved
    snapshot keeps the figure it froze."""
    return await parameters.set_parameters(session, year=year, update=body, actor=principal.subject)


@router.get(
    "/years/{year}/local-thresholds",
    response_model=list[LocalThresholdsRead],
    summary="The local (yellow) thresholds of the year, every version, the current last",
    tags=["Thresholds"],
    responses=problem_responses(404),
)
async def list_local_thresholds(
    year: Year, session: SessionDep, config: Config, _principal: AreaReader
) -> list[LocalThresholdsRead]:
    """Every version of the year's local thresholds with its reason; version 0 is the municipality's
    default from its configuration. Changes nothing."""
    return await parameters.threshold_history(session, year=year, config=config)


@router.put(
    "/years/{year}/local-thresholds",
    response_model=LocalThresholdsRead,
    summary="New local thresholds",
    tags=["Thresholds"],
    responses=problem_responses(404),
)
async def update_local_thresholds(
    year: Year, body: LocalThresholdsUpdate, session: SessionDep, config: Config, principal: Analyst
) -> LocalThresholdsRead:
    """Record a new version with its reason; earlier versions and approved snapshots stay as they were.
    The year's live categorisation uses the new thresholds at once."""
    return await parameters.set_thresholds(
        session, year=year, update=body, actor=principal.subject, config=config
    )


@router.post(
    "/years/{year}/what-if",
    response_model=WhatIfRead,
    summary="Try other local thresholds; stores nothing",
    tags=["What-if"],
    responses=problem_responses(404),
)
async def simulate_thresholds(
    year: Year, body: WhatIfCreate, session: SessionDep, config: Config, _principal: Analyst
) -> WhatIfRead:
    """The year's categories computed with other local thresholds (a field left out keeps the current
    value): the counts per category before and after, the areas that would change, and the municipal
    quota estimated from the configured share per category. Stores nothing."""
    return await what_if.simulate(session, year=year, request=body, config=config)
