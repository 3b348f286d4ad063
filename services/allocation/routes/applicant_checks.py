"""The housing organisations' applicant check before a waiting-list letting (ABL § 51 c, § 51 b)."""

from fastapi import APIRouter

from services.allocation import applicants
from services.allocation.dependencies import ApplicantChecker, Serialised, Today
from services.allocation.schemas.applicant_checks import ApplicantCheckCreate, ApplicantCheckRead
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Applicant checks"])


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
    """A housing organisation asks for its own areas; the answer names the paragraph. Logged without names.

    Judges the applicant's and the spouse's (or a cohabitant of at least 2 years') benefits against the
    designations in force on the day: § 51 b and § 51 c reject only when both meet the condition, never
    someone who already lives in the department. The check is kept, so a refusal under § 51 c can get a
    dispensation decision."""
    return await applicants.check(session, body=body, principal=principal, today=today)
