"""The administrator's catalogue of offers (reading the active ones is public, see ladder.py)."""

from fastapi import APIRouter, status

from services.kit.db import utcnow
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute
from services.referrals import offers
from services.referrals.dependencies import CapacityUpdater, CatalogueAdmin, Today, ValidOffer
from services.referrals.schemas import CapacityUpdate, LegalBasisCreate, OfferCreate, OfferRead, OfferUpdate

router = APIRouter(prefix="/v1", route_class=TransactionalRoute, tags=["Offer catalogue"])


@router.get("/catalogue/offers", response_model=list[OfferRead], summary="Every offer, inactive ones too")
async def list_catalogue_offers(session: SessionDep, _admin: CatalogueAdmin, today: Today) -> list[OfferRead]:
    """Every offer of the catalogue, inactive ones too, lightest level first. Changes nothing."""
    return await offers.list_offers(session, today=today, include_inactive=True)


@router.post(
    "/offers",
    response_model=OfferRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add an offer",
    responses=problem_responses(409),
)
async def create_offer(
    body: OfferCreate, session: SessionDep, principal: CatalogueAdmin, today: Today
) -> OfferRead:
    """Add an offer to the ladder with at least one legal basis (409 if the code is taken)."""
    return await offers.create_offer(session, body=body, principal=principal, now=utcnow(), today=today)


@router.patch(
    "/offers/{offer_id}",
    response_model=OfferRead,
    summary="Change an offer",
    responses=problem_responses(404, 409),
)
async def update_offer(
    body: OfferUpdate, offer: ValidOffer, session: SessionDep, principal: CatalogueAdmin, today: Today
) -> OfferRead:
    """Change the fields sent; `active: false` takes the offer off the published ladder."""
    return await offers.update_offer(
        session, offer=offer, body=body, principal=principal, now=utcnow(), today=today
    )


@router.put(
    "/offers/{offer_id}/capacity",
    response_model=OfferRead,
    summary="Set the free and maximum places",
    responses=problem_responses(404),
)
async def update_capacity(
    body: CapacityUpdate, offer: ValidOffer, session: SessionDep, principal: CapacityUpdater, today: Today
) -> OfferRead:
    """Set the offer's free places now and its maximum; a system may report capacity too."""
    return await offers.set_capacity(
        session, offer=offer, body=body, principal=principal, now=utcnow(), today=today
    )


@router.post(
    "/offers/{offer_id}/legal-bases",
    response_model=OfferRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a legal basis valid from a date",
    responses=problem_responses(404),
)
async def create_legal_basis(
    body: LegalBasisCreate, offer: ValidOffer, session: SessionDep, principal: CatalogueAdmin, today: Today
) -> OfferRead:
    """Add a legal basis valid from a date (and to one, if given); earlier bases stay as history."""
    return await offers.add_legal_basis(
        session, offer=offer, body=body, principal=principal, now=utcnow(), today=today
    )
