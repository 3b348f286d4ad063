"""The published ladder of offers: its levels, the active offers and their Open Referral export.

Public (routes/__init__.py says why); the administrator keeps the catalogue in catalogue.py.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute
from services.referrals import offers, open_referral
from services.referrals.dependencies import ActiveOffer, MunicipalityDep, Today
from services.referrals.schemas import LadderLevelRead, OfferRead

router = APIRouter(prefix="/v1", route_class=TransactionalRoute, tags=["offers"])


@router.get("/ladder", response_model=list[LadderLevelRead], summary="The ladder's levels")
async def list_ladder_levels(session: SessionDep) -> list[LadderLevelRead]:
    return await offers.ladder(session)


@router.get("/offers", response_model=list[OfferRead], summary="The ladder of offers")
async def list_offers(session: SessionDep, today: Today) -> list[OfferRead]:
    """Every active offer, lightest level first (DOMAIN § 6.5)."""
    return await offers.list_offers(session, today=today)


@router.get(
    "/offers/open-referral",
    summary="The catalogue in the shape of the Open Referral Human Services Data Specification",
    responses=problem_responses(404),
)
async def get_open_referral(
    session: SessionDep,
    municipality: MunicipalityDep,
    response: Response,
    page: Annotated[int, Query(ge=1, le=2**31 - 1)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """A page of HSDS 3.1 services, fully nested, as the HSDS API's `GET /services?full=true` answers."""
    response.headers["Link"] = f'<{open_referral.HSDS_SCHEMA}>; rel="describedby"'
    return await open_referral.services_page(session, municipality=municipality, page=page, per_page=per_page)


@router.get(
    "/offers/{offer_id}", response_model=OfferRead, summary="One offer", responses=problem_responses(404)
)
async def get_offer(offer: ActiveOffer, session: SessionDep, today: Today) -> OfferRead:
    return await offers.read_offer(session, offer=offer, today=today)
