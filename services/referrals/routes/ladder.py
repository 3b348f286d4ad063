"""The published ladder of offers: its levels, the active offers and their Open Referral export.

Public (routes/__init__.py says why); the administrator keeps the catalogue in catalogue.py.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute
from services.referrals import examples, offers, open_referral
from services.referrals.dependencies import ActiveOffer, MunicipalityDep, Today
from services.referrals.schemas import LadderLevelRead, OfferRead

router = APIRouter(prefix="/v1", route_class=TransactionalRoute, tags=["Ladder of offers"])


@router.get("/ladder", response_model=list[LadderLevelRead], summary="The ladder's levels")
async def list_ladder_levels(session: SessionDep) -> list[LadderLevelRead]:
    """The levels of the ladder of offers, 1 the lightest. Public, no token. Changes nothing."""
    return await offers.ladder(session)


@router.get("/offers", response_model=list[OfferRead], summary="The ladder of offers")
async def list_offers(session: SessionDep, today: Today) -> list[OfferRead]:
    """Every active offer, lightest level first (DOMAIN § 6.5).

    Public, no token (CONTRACT § 7), with the legal bases in force today. Changes nothing."""
    return await offers.list_offers(session, today=today)


@router.get(
    "/offers/open-referral",
    summary="The catalogue in the shape of the Open Referral Human Services Data Specification",
    responses={
        200: {"content": {"application/json": {"example": examples.OPEN_REFERRAL}}},
        **problem_responses(404),
    },
)
async def get_open_referral(
    session: SessionDep,
    municipality: MunicipalityDep,
    response: Response,
    page: Annotated[int, Query(ge=1, le=2**31 - 1, description="the page, 1 the first", examples=[1])] = 1,
    per_page: Annotated[
        int, Query(ge=1, le=500, description="services per page, at most 500", examples=[100])
    ] = 100,
) -> dict[str, Any]:
    """A page of HSDS 3.1 services, fully nested, as the HSDS API's `GET /services?full=true` answers:
    `contents` and the page's place (`total_items`, `total_pages`, `page_number`, `first_page`, …).

    Public, no token: the active offers with their organisation, locations, taxonomy (the ladder and the
    legal bases) and capacities, for other systems that read Open Referral. Changes nothing."""
    response.headers["Link"] = f'<{open_referral.HSDS_SCHEMA}>; rel="describedby"'
    return await open_referral.services_page(session, municipality=municipality, page=page, per_page=per_page)


@router.get(
    "/offers/{offer_id}", response_model=OfferRead, summary="One offer", responses=problem_responses(404)
)
async def get_offer(offer: ActiveOffer, session: SessionDep, today: Today) -> OfferRead:
    """One active offer (404 for an inactive one). Public, no token. Changes nothing."""
    return await offers.read_offer(session, offer=offer, today=today)
