"""The ranked candidates for a municipal vacancy, and the published rules that rank them."""

from fastapi import APIRouter

from services.allocation import offers
from services.allocation.dependencies import Config, Officer, Today, ValidVacancy
from services.allocation.schemas.offers import CandidatesRead, RankingRulesRead
from services.kit.auth import CurrentPrincipal
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Municipal allocation"])


@router.get(
    "/vacancies/{vacancy_id}/candidates",
    response_model=CandidatesRead,
    summary="Ranked candidates for a municipal vacancy, with every exclusion",
    responses=problem_responses(404, 409),
)
async def list_candidates(
    _principal: Officer, vacancy: ValidVacancy, session: SessionDep, today: Today
) -> CandidatesRead:
    """Ranked by the published tie-breakers; the area's § 59 stk. 6/7 bans exclude with their paragraph.

    Every active seeker, ranked with the reason for each step of the rank, or excluded with the reason
    (parked, too few rooms, a ban of the designations in force on the day, …); 409 for a vacancy that is
    not municipal. Changes nothing."""
    return await offers.candidates(session, vacancy=vacancy, today=today)


@router.get(
    "/ranking-rules", response_model=RankingRulesRead, summary="The published order, exclusions and bans"
)
async def get_ranking_rules(config: Config, today: Today, _principal: CurrentPrincipal) -> RankingRulesRead:
    """Public to every caller with a token: the order of candidates must be possible to follow.

    The tie-breakers in order, the exclusions, the bans per designation with their paragraphs, and the
    decline reasons with their consequences. Changes nothing."""
    return offers.ranking_rules(config, today=today)
