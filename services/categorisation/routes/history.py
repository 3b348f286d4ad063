"""An area over the years: its indicators against the thresholds of each year's lists."""

from fastapi import APIRouter

from services.categorisation import history
from services.categorisation.dependencies import Analyst, AreaCode, Config
from services.categorisation.schemas import AreaHistoryRead
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Areas"])


@router.get(
    "/areas/{area_code}/history",
    response_model=AreaHistoryRead,
    summary="An area's indicators over the years",
    responses=problem_responses(404),
)
async def get_area_history(
    area_code: AreaCode, session: SessionDep, config: Config, _principal: Analyst
) -> AreaHistoryRead:
    """The area's four indicators in every year with figures, each beside that year's thresholds of the
    vulnerable, prevention and local lists, and its category per year: the data behind the area page's
    charts. Changes nothing; 404 for an area never loaded."""
    return await history.area_history(session, area_code=area_code, config=config)
