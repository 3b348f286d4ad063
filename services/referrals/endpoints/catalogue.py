"""The administrator's catalogue of offers (reading it is public, see public.py)."""

from fastapi import status

from services.kit.db import utcnow
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep
from services.referrals import offers
from services.referrals.dependencies import CapacityUpdater, CatalogueAdmin, Today, ValidOffer
from services.referrals.endpoints import authenticated_router
from services.referrals.schemas import CapacityIn, LegalBasisIn, OfferCreate, OfferRead, OfferUpdate

router = authenticated_router("offers")


@router.get("/catalogue/offers", response_model=list[OfferRead], summary="Every offer, inactive ones too")
async def get_catalogue(session: SessionDep, _admin: CatalogueAdmin, today: Today) -> list[OfferRead]:
    return await offers.list_offers(session, today=today, include_inactive=True)


@router.post(
    "/offers",
    response_model=OfferRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add an offer",
    responses=problem_responses(409),
)
async def post_offer(body: OfferCreate, session: SessionDep, principal: CatalogueAdmin) -> OfferRead:
    return await offers.create_offer(session, body=body, principal=principal, now=utcnow())


@router.patch(
    "/offers/{offer_id}",
    response_model=OfferRead,
    summary="Change an offer",
    responses=problem_responses(404, 409),
)
async def patch_offer(
    body: OfferUpdate, offer: ValidOffer, session: SessionDep, principal: CatalogueAdmin
) -> OfferRead:
    return await offers.update_offer(session, offer, body=body, principal=principal, now=utcnow())


@router.put(
    "/offers/{offer_id}/capacity",
    response_model=OfferRead,
    summary="Set the free and maximum places",
    responses=problem_responses(404),
)
async def put_capacity(
    body: CapacityIn, offer: ValidOffer, session: SessionDep, principal: CapacityUpdater
) -> OfferRead:
    return await offers.set_capacity(session, offer, body=body, principal=principal, now=utcnow())


@router.post(
    "/offers/{offer_id}/legal-bases",
    response_model=OfferRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a legal basis valid from a date",
    responses=problem_responses(404),
)
async def post_legal_basis(
    body: LegalBasisIn, offer: ValidOffer, session: SessionDep, principal: CatalogueAdmin
) -> OfferRead:
    return await offers.add_legal_basis(session, offer, body=body, principal=principal, now=utcnow())
