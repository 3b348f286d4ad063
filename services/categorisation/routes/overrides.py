"""The analyst's category after the dialogue: set, withdrawn, and every change kept."""

from fastapi import APIRouter

from services.categorisation import overrides, years
from services.categorisation.dependencies import Analyst, AreaCode, AreaReader, Config, Year
from services.categorisation.schemas import AreaRead, OverrideCreate, OverrideHistoryRead, OverrideRead
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Overrides"])


@router.put(
    "/years/{year}/areas/{area_code}/override",
    response_model=AreaRead,
    summary="Set (or withdraw) the category after the dialogue, with a justification",
    responses=problem_responses(404),
)
async def update_override(
    year: Year,
    area_code: AreaCode,
    body: OverrideCreate,
    session: SessionDep,
    config: Config,
    principal: Analyst,
) -> AreaRead:
    """The category the analyst decided after the dialogue with the housing organisation, with its
    justification, or a null category to withdraw it; each change is kept in the area's history.

    The computed category stays visible beside the override; an approved snapshot is not changed."""
    await overrides.set_override(session, year=year, area_code=area_code, body=body, actor=principal.subject)
    return await years.year_area(session, year=year, area_code=area_code, config=config, proposed=True)


@router.get(
    "/years/{year}/areas/{area_code}/overrides",
    # The schema published since the first version, kept: a withdrawal (no category) is no OverrideRead.
    response_model=list[OverrideRead | OverrideHistoryRead],
    summary="Every override and withdrawal of the area's category that year",
    responses=problem_responses(404),
)
async def list_overrides(
    year: Year, area_code: AreaCode, session: SessionDep, _principal: AreaReader
) -> list[OverrideHistoryRead]:
    """Every override and withdrawal of the area's category in the year, oldest first, with who made it
    and the justification. Changes nothing."""
    return await overrides.override_history(session, year=year, area_code=area_code)
