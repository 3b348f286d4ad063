"""The ministry's published list against the computation from the figures."""

from fastapi import APIRouter

from services.categorisation import years
from services.categorisation.dependencies import AreaReader, Cache, Config, Year
from services.categorisation.schemas import DisagreementRead
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Official list"])


@router.get(
    "/years/{year}/disagreements",
    response_model=list[DisagreementRead],
    summary="Where the official list and the computation from figures differ",
    responses=problem_responses(404),
)
async def list_disagreements(
    year: Year, session: SessionDep, config: Config, cache: Cache, _principal: AreaReader
) -> list[DisagreementRead]:
    """The (area, designation) pairs on which the ministry's published list of the year and the computation
    from the figures disagree; the list decides, the computation explains. Changes nothing."""
    return await years.disagreements(session, year=year, config=config, cache=cache)
