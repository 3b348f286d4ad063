"""Approving a year, its revisions, and re-running a frozen snapshot to show it still holds."""

from fastapi import APIRouter

from services.categorisation import approvals
from services.categorisation.dependencies import Analyst, AreaReader, Cache, Config, Revision, Year
from services.categorisation.schemas import ApprovalCreate, ApprovalRead, ReproductionRead
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Approval"])


@router.post(
    "/years/{year}/approve",
    response_model=ApprovalRead,
    summary="Approve the year; freezes a snapshot",
    responses=problem_responses(404, 409),
)
async def approve_year(
    year: Year,
    session: SessionDep,
    config: Config,
    cache: Cache,
    principal: Analyst,
    body: ApprovalCreate | None = None,
) -> ApprovalRead:
    """The first approval, or a new revision (with a reason) that leaves earlier snapshots untouched.

    Freezes the year's categorisation with every input it rests on (figures, thresholds, national figures,
    rule version, official list) and their hash; the allocation service drafts agreements from it."""
    return await approvals.approve(
        session,
        year=year,
        note=(body.note if body else ""),
        actor=principal.subject,
        config=config,
        cache=cache,
    )


@router.get(
    "/years/{year}/approvals",
    response_model=list[ApprovalRead],
    summary="The year's approval revisions",
    responses=problem_responses(404),
)
async def list_approvals(year: Year, session: SessionDep, _principal: AreaReader) -> list[ApprovalRead]:
    """Every approval revision of the year, oldest first, with its frozen inputs, their hash and the counts
    per category. Changes nothing."""
    return await approvals.list_approvals(session, year=year)


@router.get(
    "/years/{year}/approvals/{revision}/reproduction",
    response_model=ReproductionRead,
    summary="Re-run a snapshot's frozen inputs and compare",
    responses=problem_responses(404),
)
async def get_reproduction(
    year: Year, revision: Revision, session: SessionDep, _principal: AreaReader
) -> ReproductionRead:
    """Run the revision's frozen inputs through the rule version it was approved under and compare with the
    stored snapshot: `identical`, or each difference. Shows that an approval can be reproduced exactly.
    Changes nothing."""
    return approvals.reproduce(await approvals.get_approval(session, year=year, revision=revision))
