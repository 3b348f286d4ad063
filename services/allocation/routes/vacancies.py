"""Vacancies as housing organisations report them, their lettings and returns (CONTRACT § 6)."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.allocation import offers, vacancies
from services.allocation.dependencies import (
    Config,
    Head,
    OverdueProcessor,
    Reporter,
    Serialised,
    Today,
    VacancyReader,
    ValidVacancy,
)
from services.allocation.rules.model import Channel
from services.allocation.rules.statuses import VacancyStatus
from services.allocation.schemas.vacancies import (
    LettingCreate,
    LettingRead,
    OverdueReturnRead,
    VacancyCreate,
    VacancyDetailRead,
    VacancyOrder,
    VacancyPage,
    VacancyReceiptRead,
    VacancyUrgencyPage,
)
from services.kit.errors import problem_responses
from services.kit.inputs import NO_NUL
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Vacancies"])


@router.post(
    "/vacancies",
    response_model=VacancyReceiptRead,
    status_code=status.HTTP_201_CREATED,
    summary="Report a vacant family dwelling",
    responses={
        200: {"model": VacancyReceiptRead, "description": "the same external_id was reported before"},
        **problem_responses(409),
    },
    dependencies=[Serialised],
)
async def create_vacancy(
    body: VacancyCreate,
    response: Response,
    session: SessionDep,
    config: Config,
    today: Today,
    principal: Reporter,
) -> VacancyReceiptRead:
    """201 on the first report, 200 with the same body for a repeated external_id; 422 for an unknown
    area or an area-year without agreement. The channel follows floor(n × share) exactly.

    Records the vacancy in the letting year of its `available_from`, numbers it in its area-year and
    assigns its channel (municipal, flexible or waiting list) with the reason; a municipal vacancy gets its
    deadline. A housing organisation reports only for its own areas."""
    receipt, created = await vacancies.report(
        session, body=body, principal=principal, config=config, today=today
    )
    response.status_code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
    return receipt


@router.get(
    "/vacancies",
    response_model=VacancyPage | VacancyUrgencyPage,
    summary="Vacancies, newest first or most urgent first",
    responses={
        200: {
            "description": "`VacancyPage` (newest first); with `order=urgency` a `VacancyUrgencyPage`, "
            "whose items also say how urgent each vacancy is"
        }
    },
)
async def list_vacancies(
    session: SessionDep,
    principal: VacancyReader,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="the letting year")] = None,
    area_code: Annotated[str | None, Query(max_length=32, pattern=NO_NUL, description="one area")] = None,
    channel: Annotated[Channel | None, Query(description="the assigned channel")] = None,
    vacancy_status: Annotated[
        VacancyStatus | None, Query(alias="status", description="in this state")
    ] = None,
    order: Annotated[
        VacancyOrder,
        Query(
            description="`newest` (the default; the answer as without this parameter): the latest free "
            "first. `urgency`: the soonest date by which the municipality must act first – a municipal "
            "vacancy waiting for an offer by its deadline, after which it goes back to the housing "
            "organisation (ABL § 59 stk. 1), an offered one by its offer's reply deadline; overdue ones "
            "therefore first, vacancies without such a date (other channels, let, returned, an offer "
            "accepted) last; ties the earliest reported first, then by id. Each item then carries its "
            "`urgency`.",
            examples=["urgency"],
        ),
    ] = VacancyOrder.NEWEST,
    limit: Annotated[int, Query(ge=1, le=500, description="at most this many")] = 50,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1, description="skip this many")] = 0,
    *,
    today: Today,
) -> VacancyPage | VacancyUrgencyPage:
    """A housing organisation sees its own areas' vacancies only. Changes nothing.

    `GET /v1/vacancies?channel=municipal&status=open&order=urgency&limit=100` is the allocation
    officer's hundred most urgent vacancies waiting for an offer."""
    return await vacancies.page(
        session,
        principal=principal,
        year=year,
        area_code=area_code,
        channel=channel,
        status=vacancy_status,
        order=order,
        limit=limit,
        offset=offset,
        today=today,
    )


@router.post(
    "/vacancies/return-overdue",
    response_model=OverdueReturnRead,
    summary="Return unfilled municipal vacancies past their deadline; expire unanswered offers",
    dependencies=[Serialised],
)
async def return_overdue(
    session: SessionDep, config: Config, head: Head, today: Today, principal: OverdueProcessor
) -> OverdueReturnRead:
    """Run daily (by an officer or the scheduler's system client); each return is recorded on the vacancy,
    and an offer it withdraws gets its letter.

    Gives every municipal vacancy past its deadline that no seeker has accepted back to its housing
    organisation, and expires the offers not answered by their reply date. The allocation process also
    does this by itself at its configured interval."""
    expired = await offers.expire(session, today=today, actor=principal.subject, config=config)
    returned = await vacancies.return_overdue(session, today=today, actor=principal.subject, head=head)
    page = [vacancies.to_read(v, None, None, today) for v in returned]
    return OverdueReturnRead(as_of=today, returned=page, offers_expired=expired)


@router.get(
    "/vacancies/{vacancy_id}",
    response_model=VacancyDetailRead,
    summary="One vacancy with its history",
    responses=problem_responses(404),
)
async def get_vacancy(
    _principal: VacancyReader, vacancy: ValidVacancy, session: SessionDep, today: Today
) -> VacancyDetailRead:
    """One vacancy with its channel and reason, its letting and every event of its history; another
    organisation's vacancy is 404. Changes nothing."""
    return await vacancies.detail(session, vacancy=vacancy, today=today)


@router.post(
    "/vacancies/{vacancy_id}/letting",
    response_model=LettingRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record the letting, with the channel actually used",
    dependencies=[Serialised],
    responses=problem_responses(404, 409, 422),
)
async def create_letting(
    principal: Reporter,
    vacancy: ValidVacancy,
    body: LettingCreate,
    session: SessionDep,
    head: Head,
    today: Today,
) -> LettingRead:
    """A municipal vacancy past its deadline that no seeker has accepted is returned on the spot, so the
    housing organisation may let it by another channel. A lease that begins before the dwelling is free
    (`let_on` before `available_from`) is refused with 422.

    Records the letting with the channel actually used (beside the assigned one) and the date; for
    municipal allocation the tenant (`seeker_id`), whose accepted offer it completes."""
    return await vacancies.record_letting(
        session, vacancy=vacancy, body=body, principal=principal, today=today, head=head
    )


@router.get("/lettings", response_model=list[LettingRead], summary="The lettings of a year")
async def list_lettings(
    session: SessionDep,
    principal: VacancyReader,
    year: Annotated[int, Query(ge=2000, le=2100, description="the letting year", examples=[2026])],
    area_code: Annotated[str | None, Query(max_length=32, pattern=NO_NUL, description="one area")] = None,
) -> list[LettingRead]:
    """The lettings recorded in the letting year, with the channel actually used and the days from
    vacancy to letting; a housing organisation sees its own areas'. Changes nothing."""
    return await vacancies.lettings(session, principal=principal, year=year, area_code=area_code)
