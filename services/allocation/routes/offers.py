"""Offers of municipal vacancies to ranked seekers, the seekers' answers and the coded decline reasons."""

from fastapi import APIRouter, status

from services.allocation import offers
from services.allocation.dependencies import (
    Config,
    Head,
    Officer,
    Serialised,
    Today,
    ValidOffer,
    ValidVacancy,
)
from services.allocation.schemas.offers import (
    DeclineReasonRead,
    OfferAcceptCreate,
    OfferCreate,
    OfferDeclineCreate,
    OfferRead,
    OfferWithdrawalCreate,
)
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Municipal allocation"])


@router.get(
    "/vacancies/{vacancy_id}/offers",
    response_model=list[OfferRead],
    summary="The vacancy's offers",
    responses=problem_responses(404),
)
async def list_vacancy_offers(
    _principal: Officer, vacancy: ValidVacancy, session: SessionDep
) -> list[OfferRead]:
    """Every offer made of the vacancy, oldest first, with its answer. Changes nothing."""
    return await offers.for_vacancy(session, vacancy=vacancy)


@router.post(
    "/vacancies/{vacancy_id}/offers",
    response_model=OfferRead,
    status_code=status.HTTP_201_CREATED,
    summary="Offer a municipal vacancy to a ranked seeker",
    dependencies=[Serialised],
    responses=problem_responses(404, 409),
)
async def create_offer(
    principal: Officer,
    vacancy: ValidVacancy,
    body: OfferCreate,
    session: SessionDep,
    config: Config,
    head: Head,
    today: Today,
) -> OfferRead:
    """The priority list as it stands is kept with the offer; the reply deadline follows the configuration.
    The offer's letter is issued with it (`GET /v1/offers/{id}/letter`).

    Offers a municipal vacancy to a seeker the candidate list does not exclude (422 naming the reason
    otherwise); the vacancy is then `offered` until the seeker answers or the offer expires."""
    offer = await offers.make(
        session, vacancy=vacancy, body=body, config=config, head=head, actor=principal.subject, today=today
    )
    return await offers.to_read(session, offer=offer)


@router.get(
    "/offers/{offer_id}",
    response_model=OfferRead,
    summary="One offer with its priority lists",
    responses=problem_responses(404),
)
async def get_offer(_principal: Officer, offer: ValidOffer, session: SessionDep) -> OfferRead:
    """One offer with the priority list it was made from and, once answered, the list at the decision.
    Changes nothing."""
    return await offers.to_read(session, offer=offer)


@router.post(
    "/offers/{offer_id}/accept",
    response_model=OfferRead,
    summary="The seeker accepts",
    dependencies=[Serialised],
    responses=problem_responses(404, 409),
)
async def accept_offer(
    principal: Officer,
    offer: ValidOffer,
    session: SessionDep,
    today: Today,
    body: OfferAcceptCreate | None = None,
) -> OfferRead:
    """Record that the seeker accepts: the dwelling is promised to the seeker and stays the municipality's
    until the letting is recorded. Not after the vacancy's deadline or the offer's reply date (409)."""
    accepted = await offers.accept(
        session, offer=offer, note=body.note if body else "", actor=principal.subject, today=today
    )
    return await offers.to_read(session, offer=accepted)


@router.post(
    "/offers/{offer_id}/decline",
    response_model=OfferRead,
    summary="The seeker declines, with a coded reason",
    dependencies=[Serialised],
    responses=problem_responses(404, 409),
)
async def decline_offer(
    principal: Officer,
    offer: ValidOffer,
    body: OfferDeclineCreate,
    session: SessionDep,
    config: Config,
    today: Today,
) -> OfferRead:
    """The reason's configured consequence (none, parked N days, removed) is applied to the seeker.

    The vacancy may then be offered to the next candidate."""
    declined = await offers.decline(
        session, offer=offer, body=body, config=config, actor=principal.subject, today=today
    )
    return await offers.to_read(session, offer=declined)


@router.post(
    "/offers/{offer_id}/withdraw",
    response_model=OfferRead,
    summary="The municipality withdraws an open or accepted offer, with its reason",
    dependencies=[Serialised],
    responses=problem_responses(404, 409),
)
async def withdraw_offer(
    principal: Officer,
    offer: ValidOffer,
    body: OfferWithdrawalCreate,
    session: SessionDep,
    head: Head,
    today: Today,
) -> OfferRead:
    """The vacancy can be offered again; the seeker keeps their registration and gets the withdrawal's
    letter (`GET /v1/offers/{id}/withdrawal-letter`), which states the reason and the hearing."""
    withdrawn = await offers.withdraw(
        session, offer=offer, body=body, head=head, actor=principal.subject, today=today
    )
    return await offers.to_read(session, offer=withdrawn)


@router.get("/decline-reasons", response_model=list[DeclineReasonRead], summary="Coded decline reasons")
async def list_decline_reasons(config: Config, _principal: Officer) -> list[DeclineReasonRead]:
    """The municipality's coded reasons to decline an offer, each with its consequence for the seeker.
    Changes nothing."""
    return offers.decline_reasons(config)
