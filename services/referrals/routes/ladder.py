"""The published ladder of offers: its levels, the active offers and their Open Referral export.

Public (routes/__init__.py says why); the administrator keeps the catalogue in catalogue.py.
"""

from typing import Any

from fastapi import APIRouter

from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute
from services.referrals import examples, offers
from services.referrals.dependencies import ActiveOffer, Config, MunicipalityDep, Today
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
    session: SessionDep, config: Config, municipality: MunicipalityDep, today: Today
) -> dict[str, Any]:
    """Organizations, services, locations, taxonomy (the ladder and the legal bases) and capacities.

    Public, no token: the active offers for other systems that read Open Referral. Changes nothing."""
    return await offers.open_referral(session, municipality=municipality, config=config, today=today)


@router.get(
    "/offers/{offer_id}", response_model=OfferRead, summary="One offer", responses=problem_responses(404)
)
async def get_offer(offer: ActiveOffer, session: SessionDep, today: Today) -> OfferRead:
    """One active offer (404 for an inactive one). Public, no token. Changes nothing."""
    return await offers.read_offer(session, offer=offer, today=today)
