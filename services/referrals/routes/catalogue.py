"""The administrator's catalogue of offers (reading the active ones is public, see ladder.py)."""

from fastapi import APIRouter, status

from services.kit.db import utcnow
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute
from services.referrals import offers
from services.referrals.dependencies import CapacityUpdater, CatalogueAdmin, Today, ValidOffer
from services.referrals.schemas import CapacityUpdate, LegalBasisCreate, OfferCreate, OfferRead, OfferUpdate

router = APIRouter(prefix="/v1", route_class=TransactionalRoute, tags=["offers"])


@router.get("/catalogue/offers", response_model=list[OfferRead], summary="Every offer, inactive ones too")
async def list_catalogue_offers(session: SessionDep, _admin: CatalogueAdmin, today: Today) -> list[OfferRead]:
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
    return await offers.add_legal_basis(
        session, offer=offer, body=body, principal=principal, now=utcnow(), today=today
    )
