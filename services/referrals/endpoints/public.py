"""Public endpoints: the concern report, the reporter's follow-up and the ladder of offers.

Public on purpose, each one: a citizen reports without logging in (CONTRACT § 7), and the ladder of offers
is published for everyone. Nothing here ever returns anything about a case.
"""

from typing import Any

from fastapi import APIRouter, Request, Response, status

from services.kit.db import utcnow
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute
from services.referrals import intake, offers
from services.referrals.dependencies import CipherDep, ConfigDep, MunicipalityDep, Today, ValidOffer
from services.referrals.exceptions import OfferNotFound
from services.referrals.limits import ReportThrottle
from services.referrals.schemas import (
    ConcernReceipt,
    ConcernReportCreate,
    FollowUpCreate,
    FollowUpReceipt,
    FormInfo,
    LadderLevelRead,
    OfferRead,
)

# No authentication dependency: see the module docstring.
router = APIRouter(prefix="/v1", route_class=TransactionalRoute)


async def _throttle(request: Request) -> None:
    throttle: ReportThrottle = request.app.state.report_throttle
    await throttle.hit(request)


@router.get("/concern-form", response_model=FormInfo, tags=["concern reports"], summary="What the form shows")
async def concern_form(config: ConfigDep) -> FormInfo:
    """The single entry's name and phone and the emergency numbers, shown before anything is sent."""
    return intake.form_info(config)


@router.post(
    "/concern-reports",
    response_model=ConcernReceipt,
    status_code=status.HTTP_201_CREATED,
    tags=["concern reports"],
    summary="Report a concern about an adult (public, no token)",
    responses=problem_responses(413, 429),
)
async def post_concern_report(
    body: ConcernReportCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    cipher: CipherDep,
    config: ConfigDep,
) -> ConcernReceipt:
    """Only the receipt comes back: reference, follow-up code, and in acute danger the emergency numbers."""
    await _throttle(request)
    _, receipt = await intake.submit(
        session,
        cipher=cipher,
        config=config,
        body=body,
        channel="public_form",
        received_by=None,
        received_by_name=None,
        now=utcnow(),
    )
    response.headers["Cache-Control"] = "no-store"
    return receipt


@router.post(
    "/concern-reports/follow-ups",
    response_model=FollowUpReceipt,
    status_code=status.HTTP_202_ACCEPTED,
    tags=["concern reports"],
    summary="Add information to a report with its follow-up code (public); nothing is read back",
    responses=problem_responses(413, 429),
)
async def post_follow_up(
    body: FollowUpCreate,
    request: Request,
    session: SessionDep,
    cipher: CipherDep,
    config: ConfigDep,
) -> FollowUpReceipt:
    """A wrong reference and a wrong code give the same answer, so nothing about a case can be probed."""
    await _throttle(request)
    return await intake.follow_up(session, cipher=cipher, config=config, body=body, now=utcnow())


@router.get("/ladder", response_model=list[LadderLevelRead], tags=["offers"], summary="The ladder's levels")
async def get_ladder(session: SessionDep) -> list[LadderLevelRead]:
    return await offers.ladder(session)


@router.get("/offers", response_model=list[OfferRead], tags=["offers"], summary="The ladder of offers")
async def get_offers(session: SessionDep, today: Today) -> list[OfferRead]:
    """Every active offer, lightest level first (DOMAIN § 6.5)."""
    return await offers.list_offers(session, today=today)


@router.get(
    "/offers/open-referral",
    tags=["offers"],
    summary="The catalogue in the shape of the Open Referral Human Services Data Specification",
    responses=problem_responses(404),
)
async def get_open_referral(
    session: SessionDep, config: ConfigDep, municipality: MunicipalityDep, today: Today
) -> dict[str, Any]:
    """Organizations, services, locations, taxonomy (the ladder and the legal bases) and capacities."""
    return await offers.open_referral(session, municipality=municipality, config=config, today=today)


@router.get(
    "/offers/{offer_id}",
    response_model=OfferRead,
    tags=["offers"],
    summary="One offer",
    responses=problem_responses(404),
)
async def get_offer(offer: ValidOffer, session: SessionDep, today: Today) -> OfferRead:
    if not offer.active:
        raise OfferNotFound(f"No active offer with id {offer.id}.")
    return await offers.read_offer(session, offer, today=today)
