"""Housing seekers registered for municipal allocation, and the offers each has had."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from services.allocation import offers, seekers
from services.allocation.dependencies import Officer, Serialised, Today, ValidSeeker
from services.allocation.rules.ranking import SeekerStatus
from services.allocation.schemas.offers import OfferRead
from services.allocation.schemas.seekers import SeekerCreate, SeekerRead, SeekerUpdate
from services.kit.errors import problem_responses
from services.kit.inputs import NO_NUL
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Housing seekers"])


@router.get("/seekers", response_model=list[SeekerRead], summary="Housing seekers, most senior first")
async def list_seekers(
    session: SessionDep,
    _principal: Officer,
    seeker_status: Annotated[SeekerStatus | None, Query(alias="status", description="in this state")] = None,
    q: Annotated[
        str | None, Query(max_length=100, pattern=NO_NUL, description="part of the name or reference")
    ] = None,
) -> list[SeekerRead]:
    """The registered housing seekers, most senior first. Changes nothing."""
    return await seekers.listing(session, status=seeker_status, q=q)


@router.post(
    "/seekers",
    response_model=SeekerRead,
    status_code=status.HTTP_201_CREATED,
    summary="Register a housing seeker",
    dependencies=[Serialised],
)
async def create_seeker(
    body: SeekerCreate, session: SessionDep, today: Today, principal: Officer
) -> SeekerRead:
    """Only yes/no facts for the bans are stored (databeskyttelsesloven § 8), never the offence.

    Registers a household with its needs, wishes, urgency and the dated facts the bans of § 59 stk. 6-7
    need (each an end date: release, end of placement, termination, a benefit's last month)."""
    return seekers.to_read(await seekers.create(session, body=body, actor=principal.subject, today=today))


@router.get(
    "/seekers/{seeker_id}",
    response_model=SeekerRead,
    summary="One housing seeker",
    responses=problem_responses(404),
)
async def get_seeker(_principal: Officer, seeker: ValidSeeker) -> SeekerRead:
    """One housing seeker, with the dates each recorded fact bans offers until. Changes nothing."""
    return seekers.to_read(seeker)


@router.patch(
    "/seekers/{seeker_id}",
    response_model=SeekerRead,
    summary="Change a seeker; only the fields sent",
    dependencies=[Serialised],
    responses=problem_responses(404),
)
async def update_seeker(
    _principal: Officer, seeker: ValidSeeker, body: SeekerUpdate, session: SessionDep
) -> SeekerRead:
    """Change the fields sent: needs, wishes, urgency, status, parking, the facts of the bans."""
    return seekers.to_read(await seekers.update(session, seeker=seeker, body=body))


@router.get(
    "/seekers/{seeker_id}/offers",
    response_model=list[OfferRead],
    summary="The seeker's offers",
    responses=problem_responses(404),
)
async def list_seeker_offers(
    _principal: Officer, seeker: ValidSeeker, session: SessionDep
) -> list[OfferRead]:
    """Every offer the seeker has had, with its answer. Changes nothing."""
    return await offers.for_seeker(session, seeker=seeker)
