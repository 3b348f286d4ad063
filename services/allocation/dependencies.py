"""Injected things of the allocation endpoints, each under a name: config, clock, clients, resources."""

from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated

from fastapi import Depends, Path, Query, Request

from services.allocation import access, dispensations, offers, seekers, vacancies
from services.allocation.clients import CategorisationClient
from services.allocation.config import AllocationConfig
from services.allocation.letters.issuing import Letterhead
from services.allocation.models import ApplicantCheckRecord, Offer, Seeker, Vacancy
from services.allocation.state import AllocationState
from services.kit import clock
from services.kit.auth import CurrentPrincipal, Principal, require_roles
from services.kit.routing import SessionDep
from services.kit.schemas import RowId
from services.kit.state import config_of, state_of


def categorisation_client(request: Request) -> CategorisationClient:
    return state_of(request, AllocationState).categorisation


def caller_authorization(request: Request) -> str:
    """The caller's own Authorization header, forwarded to the categorisation service."""
    return request.headers.get("authorization", "")


def letterhead(request: Request) -> Letterhead:
    """Who writes the decision letters: the municipality's name and its [allocation] section as they are
    now (a letter keeps what it said when it was issued)."""
    state = state_of(request, AllocationState)
    return Letterhead(municipality=state.municipality.name, config=state.config)


async def municipal_today(request: Request) -> date:
    """clock.today as a dependency that FastAPI does not send to a worker thread (it does so with a plain
    function, and the hop costs more than the call); a test's override of clock.today applies here too."""
    today = request.app.dependency_overrides.get(clock.today, clock.today)
    day: date = today()
    return day


async def serialised(request: Request) -> AsyncIterator[None]:
    """On SQLite, one writing request at a time in this process, held until after the commit.

    SQLite has no row locks; without this, two concurrent reports would read the same counter. Route-level
    dependencies run before any query, and a yield dependency exits after the route's commit.
    """
    lock = state_of(request, AllocationState).write_lock
    if lock is None:
        yield
        return
    async with lock:
        yield


Config = Annotated[AllocationConfig, Depends(config_of)]
Head = Annotated[Letterhead, Depends(letterhead)]
Today = Annotated[date, Depends(municipal_today)]
Categorisation = Annotated[CategorisationClient, Depends(categorisation_client)]
CallerAuthorization = Annotated[str, Depends(caller_authorization)]
Serialised = Depends(serialised)

Officer = Annotated[Principal, Depends(require_roles(*access.OFFICER))]
Reporter = Annotated[Principal, Depends(require_roles(*access.REPORT_VACANCIES))]
VacancyReader = Annotated[Principal, Depends(require_roles(*access.READ_VACANCIES))]
AgreementReader = Annotated[Principal, Depends(require_roles(*access.READ_AGREEMENTS))]
AreaReader = Annotated[Principal, Depends(require_roles(*access.READ_AREAS))]
ApplicantChecker = Annotated[Principal, Depends(require_roles(*access.CHECK_APPLICANTS))]
StatisticsReader = Annotated[Principal, Depends(require_roles(*access.READ_STATISTICS))]
OverdueProcessor = Annotated[Principal, Depends(require_roles(*access.PROCESS_OVERDUE))]
DetailedStatisticsReader = Annotated[Principal, Depends(require_roles(*access.DETAILED_STATISTICS))]
DecisionReportReader = Annotated[Principal, Depends(require_roles(*access.READ_DECISION_REPORT))]
CommonAgreementReader = Annotated[Principal, Depends(require_roles(*access.READ_COMMON_AGREEMENTS))]

Year = Annotated[int, Path(ge=2000, le=2100, description="the letting year", examples=[2026])]
StatYear = Annotated[int, Query(ge=2000, le=2100, description="the letting year", examples=[2025])]
AreaCode = Annotated[
    str,
    Path(
        min_length=1,
        max_length=32,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$",
        description="the area's code, as in the categorisation",
        examples=["DEMO-01"],
    ),
]

OrganisationCode = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        pattern=r"^[a-z0-9][a-z0-9._\-]*$",
        description="the housing organisation's code, as its machine client's token names it",
        examples=["demo-boligselskabet-nord"],
    ),
]


async def valid_vacancy(vacancy_id: RowId, session: SessionDep, principal: CurrentPrincipal) -> Vacancy:
    """The vacancy, when the caller may see it (404 otherwise: another organisation's does not exist)."""
    return await vacancies.visible(session, vacancy_id=vacancy_id, principal=principal)


async def valid_seeker(seeker_id: RowId, session: SessionDep) -> Seeker:
    return await seekers.get(session, seeker_id=seeker_id)


async def valid_offer(offer_id: RowId, session: SessionDep) -> Offer:
    return await offers.get(session, offer_id=offer_id)


async def valid_check(
    check_id: RowId, session: SessionDep, principal: ApplicantChecker
) -> ApplicantCheckRecord:
    """The logged applicant check, when the caller's organisation made it (403 for another's area)."""
    return await dispensations.get_check(session, check_id=check_id, principal=principal)


ValidVacancy = Annotated[Vacancy, Depends(valid_vacancy)]
ValidSeeker = Annotated[Seeker, Depends(valid_seeker)]
ValidOffer = Annotated[Offer, Depends(valid_offer)]
ValidCheck = Annotated[ApplicantCheckRecord, Depends(valid_check)]
