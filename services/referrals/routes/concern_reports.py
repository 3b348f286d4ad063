"""The public concern report: what the form shows, the report itself and the reporter's follow-up.

Public (routes/__init__.py says why); only receipts come back, never anything about the case.
"""

from fastapi import APIRouter, Request, Response, status

from services.kit.db import utcnow
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute
from services.referrals import intake
from services.referrals.dependencies import CipherDep, Config, ReportThrottleDep
from services.referrals.schemas import (
    Channel,
    ConcernFormRead,
    ConcernReceiptRead,
    ConcernReportCreate,
    FollowUpCreate,
    FollowUpReceiptRead,
)

router = APIRouter(prefix="/v1", route_class=TransactionalRoute, tags=["Concern reports"])


@router.get("/concern-form", response_model=ConcernFormRead, summary="What the form shows")
async def get_concern_form(config: Config) -> ConcernFormRead:
    """The single entry's name and phone and the emergency numbers, shown before anything is sent.

    Public, no token. Changes nothing."""
    return intake.form_info(config)


@router.post(
    "/concern-reports",
    response_model=ConcernReceiptRead,
    status_code=status.HTTP_201_CREATED,
    summary="Report a concern about an adult (public, no token)",
    responses=problem_responses(413, 429),
)
async def create_concern_report(
    body: ConcernReportCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    cipher: CipherDep,
    config: Config,
    throttle: ReportThrottleDep,
) -> ConcernReceiptRead:
    """Only the receipt comes back: reference, follow-up code, and in acute danger the emergency numbers.

    Public, no token: a citizen reports a worry about an adult, anonymously if they wish. Creates a case
    in the caseworkers' inbox with a first-contact deadline; CPR, free text and reporter identity are stored
    encrypted. Rate limited per client (429 with `Retry-After`) and size limited (413)."""
    # Counted once the report is valid: a form sent back for a correction is not a second report.
    await throttle.hit(request)
    _, receipt = await intake.submit(
        session,
        cipher=cipher,
        config=config,
        body=body,
        channel=Channel.PUBLIC_FORM,
        received_by=None,
        received_by_name=None,
        now=utcnow(),
    )
    response.headers["Cache-Control"] = "no-store"
    return receipt


@router.post(
    "/concern-reports/follow-ups",
    response_model=FollowUpReceiptRead,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Add information to a report with its follow-up code (public); nothing is read back",
    responses=problem_responses(413, 429),
)
async def create_follow_up(
    body: FollowUpCreate,
    request: Request,
    session: SessionDep,
    cipher: CipherDep,
    config: Config,
    throttle: ReportThrottleDep,
) -> FollowUpReceiptRead:
    """A wrong reference and a wrong code give the same answer, so nothing about a case can be probed.

    Public, no token: adds the information to the report's case (marked as new in the inbox) when the
    reference and code match, and answers 202 either way. Nothing is ever read back."""
    await throttle.hit(request)
    return await intake.follow_up(session, cipher=cipher, config=config, body=body, now=utcnow())
