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
    responses=problem_responses(404),
)
async def get_parameters(year: Year, session: SessionDep, _principal: AreaReader) -> YearParametersRead:
    return await parameters.read_parameters(session, year=year)


@router.put(
    "/years/{year}/parameters",
    response_model=YearParametersRead,
    summary="Set the national average convicted",
)
async def update_parameters(
    year: Year, body: YearParametersUpdate, session: SessionDep, principal: DataLoader
) -> YearParametersRead:
    return await parameters.set_parameters(session, year=year, update=body, actor=principal.subject)


@router.get(
    "/years/{year}/local-thresholds",
    response_model=list[LocalThresholdsRead],
    summary="The local (yellow) thresholds of the year, every version, the current last",
    responses=problem_responses(404),
)
async def list_local_thresholds(
    year: Year, session: SessionDep, config: Config, _principal: AreaReader
) -> list[LocalThresholdsRead]:
    return await parameters.threshold_history(session, year=year, config=config)


@router.put(
    "/years/{year}/local-thresholds",
    response_model=LocalThresholdsRead,
    summary="New local thresholds",
    responses=problem_responses(404),
)
async def update_local_thresholds(
    year: Year, body: LocalThresholdsUpdate, session: SessionDep, config: Config, principal: Analyst
) -> LocalThresholdsRead:
    """Record a new version with its reason; earlier versions and approved snapshots stay as they were."""
    return await parameters.set_thresholds(
        session, year=year, update=body, actor=principal.subject, config=config
    )


@router.post(
    "/years/{year}/what-if",
    response_model=WhatIfRead,
    summary="Try other local thresholds; stores nothing",
    responses=problem_responses(404),
)
async def simulate_thresholds(
    year: Year, body: WhatIfCreate, session: SessionDep, config: Config, _principal: Analyst
) -> WhatIfRead:
    return await what_if.simulate(session, year=year, request=body, config=config)
