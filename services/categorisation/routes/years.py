"""The list years: which there are, each one's state and counts, and its categorisation."""

from fastapi import APIRouter

from services.categorisation import years
from services.categorisation.dependencies import (
    AreaReader,
    Cache,
    CategorisationReader,
    Config,
    SummaryReader,
    Today,
    Year,
)
from services.categorisation.schemas import CategorisationRead, YearOverviewRead, YearRead, YearSummaryRead
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Years"])


@router.get("/years", response_model=list[YearRead], summary="Years with figures or official designations")
async def list_years(session: SessionDep, _principal: SummaryReader) -> list[YearRead]:
    """The list years with housing figures or an official list, newest first, each with the state of its
    categorisation (proposed or approved) and its approved revision. Changes nothing."""
    return await years.list_years(session)


@router.get(
    "/years/{year}",
    response_model=YearOverviewRead,
    summary="A year's counts, phase and approval state",
    responses=problem_responses(404),
)
async def get_year(
    year: Year, session: SessionDep, config: Config, cache: Cache, today: Today, _principal: AreaReader
) -> YearOverviewRead:
    """The year in the annual cycle: its phase, the number of areas and of areas per category and
    designation, the national figure, the local thresholds' version, what decided the designations, the
    disagreements with the official list and the approval. Changes nothing; 404 for a year without figures."""
    return await years.overview(session, year=year, config=config, today=today, cache=cache)


@router.get(
    "/years/{year}/summary",
    response_model=YearSummaryRead,
    summary="Aggregates for managers",
    responses=problem_responses(404),
)
async def get_year_summary(
    year: Year, session: SessionDep, config: Config, cache: Cache, today: Today, _principal: SummaryReader
) -> YearSummaryRead:
    """Counts per category and designation; resident totals under the small-number threshold are hidden.
    What managers see of a year: no area, no figure of one. Changes nothing."""
    return await years.summary(session, year=year, config=config, today=today, cache=cache)


@router.get(
    "/years/{year}/categorisation",
    response_model=list[CategorisationRead],
    summary="The approved (or proposed) categorisation; what the allocation service reads",
    responses=problem_responses(404),
)
async def get_categorisation(
    year: Year, session: SessionDep, config: Config, cache: Cache, _principal: CategorisationReader
) -> list[CategorisationRead]:
    """Every area's category, designations and status in the year: the approved snapshot once the year is
    approved, else the live computation (`proposed`). The allocation service reads this to draft the
    letting agreements of the year after. Changes nothing."""
    return await years.year_categorisation(session, year=year, config=config, cache=cache)
