"""The housing organisations' applicant check before a waiting-list letting (ABL § 51 c, § 51 b)."""

from fastapi import APIRouter

from services.allocation import applicants
from services.allocation.dependencies import ApplicantChecker, Serialised, Today
from services.allocation.schemas.applicant_checks import ApplicantCheckCreate, ApplicantCheckRead
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["municipal allocation"])


@router.post(
    "/applicant-checks",
    response_model=ApplicantCheckRead,
    summary="May this waiting-list applicant be let to in the area? (ABL § 51 c, § 51 b)",
    dependencies=[Serialised],
    responses=problem_responses(404),
)
async def create_applicant_check(
    body: ApplicantCheckCreate, session: SessionDep, today: Today, principal: ApplicantChecker
) -> ApplicantCheckRead:
    """A housing organisation asks for its own areas; the answer names the paragraph. Logged without names."""
    return await applicants.check(session, body=body, principal=principal, today=today)
