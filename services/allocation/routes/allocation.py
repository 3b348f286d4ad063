"""Municipal allocation: housing seekers, ranked candidates, offers; and the applicant check."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from services.allocation import applicants, offers, seekers
from services.allocation.dependencies import (
    ApplicantChecker,
    Config,
    Officer,
    Serialised,
    Today,
    ValidOffer,
    ValidSeeker,
    ValidVacancy,
)
from services.allocation.rules.bans import BAN_TEXTS
from services.allocation.rules.law import ban_law_on
from services.allocation.rules.ranking import EXCLUSIONS, TIE_BREAKERS, SeekerStatus
from services.allocation.schemas import (
    ApplicantCheckCreate,
    ApplicantCheckRead,
    Candidates,
    DeclineReasonRead,
    OfferAccept,
    OfferCreate,
    OfferDecline,
    OfferRead,
    RankingRules,
    SeekerCreate,
    SeekerRead,
    SeekerUpdate,
)
from services.kit.auth import CurrentPrincipal
from services.kit.errors import problem_responses
from services.kit.inputs import NO_NUL
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["municipal allocation"])


@router.get("/seekers", response_model=list[SeekerRead], summary="Housing seekers, most senior first")
async def list_seekers(
    session: SessionDep,
    _principal: Officer,
    seeker_status: Annotated[SeekerStatus | None, Query(alias="status")] = None,
    q: Annotated[str | None, Query(max_length=100, pattern=NO_NUL)] = None,
) -> list[SeekerRead]:
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
    """Only yes/no facts for the bans are stored (databeskyttelsesloven § 8), never the offence."""
    return seekers.to_read(await seekers.create(session, body=body, principal=principal.subject, today=today))


@router.get(
    "/seekers/{seeker_id}",
    response_model=SeekerRead,
    summary="One housing seeker",
    responses=problem_responses(404),
)
async def get_seeker(_principal: Officer, seeker: ValidSeeker) -> SeekerRead:
    return seekers.to_read(seeker)


@router.patch(
    "/seekers/{seeker_id}",
    response_model=SeekerRead,
    summary="Change a seeker; only the fields sent",
    dependencies=[Serialised],
    responses=problem_responses(404),
)
async def patch_seeker(
    _principal: Officer, seeker: ValidSeeker, body: SeekerUpdate, session: SessionDep
) -> SeekerRead:
    return seekers.to_read(await seekers.update(session, seeker=seeker, body=body))


@router.get(
    "/seekers/{seeker_id}/offers",
    response_model=list[OfferRead],
    summary="The seeker's offers",
    responses=problem_responses(404),
)
async def seeker_offers(_principal: Officer, seeker: ValidSeeker, session: SessionDep) -> list[OfferRead]:
    return await offers.for_seeker(session, seeker=seeker)


@router.get(
    "/vacancies/{vacancy_id}/candidates",
    response_model=Candidates,
    summary="Ranked candidates for a municipal vacancy, with every exclusion",
    responses=problem_responses(404, 409),
)
async def candidates(
    _principal: Officer, vacancy: ValidVacancy, session: SessionDep, today: Today
) -> Candidates:
    """Ranked by the published tie-breakers; the area's § 59 stk. 6/7 bans exclude with their paragraph."""
    return await offers.candidates(session, vacancy=vacancy, today=today)


@router.get(
    "/vacancies/{vacancy_id}/offers",
    response_model=list[OfferRead],
    summary="The vacancy's offers",
    responses=problem_responses(404),
)
async def vacancy_offers(_principal: Officer, vacancy: ValidVacancy, session: SessionDep) -> list[OfferRead]:
    return await offers.for_vacancy(session, vacancy=vacancy)


@router.post(
    "/vacancies/{vacancy_id}/offers",
    response_model=OfferRead,
    status_code=status.HTTP_201_CREATED,
    summary="Offer a municipal vacancy to a ranked seeker",
    dependencies=[Serialised],
    responses=problem_responses(404, 409),
)
async def make_offer(
    principal: Officer,
    vacancy: ValidVacancy,
    body: OfferCreate,
    session: SessionDep,
    config: Config,
    today: Today,
) -> OfferRead:
    """The priority list as it stands is kept with the offer; the reply deadline follows the configuration."""
    offer = await offers.make(
        session, vacancy=vacancy, body=body, config=config, principal=principal.subject, today=today
    )
    return await offers.to_read(session, offer)


@router.get(
    "/offers/{offer_id}",
    response_model=OfferRead,
    summary="One offer with its priority lists",
    responses=problem_responses(404),
)
async def get_offer(_principal: Officer, offer: ValidOffer, session: SessionDep) -> OfferRead:
    return await offers.to_read(session, offer)


@router.post(
    "/offers/{offer_id}/accept",
    response_model=OfferRead,
    summary="The seeker accepts",
    dependencies=[Serialised],
    responses=problem_responses(404, 409),
)
async def accept_offer(
    principal: Officer, offer: ValidOffer, session: SessionDep, today: Today, body: OfferAccept | None = None
) -> OfferRead:
    accepted = await offers.accept(
        session, offer=offer, note=body.note if body else "", principal=principal.subject, today=today
    )
    return await offers.to_read(session, accepted)


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
    body: OfferDecline,
    session: SessionDep,
    config: Config,
    today: Today,
) -> OfferRead:
    """The reason's configured consequence (none, parked N days, removed) is applied to the seeker."""
    declined = await offers.decline(
        session, offer=offer, body=body, config=config, principal=principal.subject, today=today
    )
    return await offers.to_read(session, declined)


@router.get("/decline-reasons", response_model=list[DeclineReasonRead], summary="Coded decline reasons")
async def decline_reasons(config: Config, _principal: Officer) -> list[DeclineReasonRead]:
    return [
        DeclineReasonRead(code=code, **rule.model_dump()) for code, rule in config.decline_reasons.items()
    ]


@router.get("/ranking-rules", response_model=RankingRules, summary="The published order, exclusions and bans")
async def ranking_rules(config: Config, today: Today, _principal: CurrentPrincipal) -> RankingRules:
    """Public to every caller with a token: the order of candidates must be possible to follow."""
    return RankingRules(
        tie_breakers=[offers.reason_read(t) for t in TIE_BREAKERS],
        exclusions=[offers.reason_read(e) for e in EXCLUSIONS],
        bans=[
            {
                "paragraph": rule.paragraph,
                "designations": sorted(rule.designations),
                "items": [{"code": item.value, "text": BAN_TEXTS[item]} for item in rule.items],
            }
            for rule in ban_law_on(today).rules
        ],
        decline_reasons=[
            DeclineReasonRead(code=c, **r.model_dump()) for c, r in config.decline_reasons.items()
        ],
    )


@router.post(
    "/applicant-checks",
    response_model=ApplicantCheckRead,
    summary="May this waiting-list applicant be let to in the area? (ABL § 51 c, § 51 b)",
    dependencies=[Serialised],
    responses=problem_responses(404),
)
async def applicant_check(
    body: ApplicantCheckCreate, session: SessionDep, today: Today, principal: ApplicantChecker
) -> ApplicantCheckRead:
    """A housing organisation asks for its own areas; the answer names the paragraph. Logged without names."""
    return await applicants.check(session, body=body, principal=principal, today=today)
