"""Injected things of the allocation endpoints, each under a name: config, clock, clients, resources."""

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from typing import Annotated

from fastapi import Depends, Path, Request

from services.allocation import access, offers, seekers, vacancies
from services.allocation.clients import CategorisationClient
from services.allocation.config import AllocationConfig
from services.allocation.models import Offer, Seeker, Vacancy
from services.kit.auth import CurrentPrincipal, Principal, require_roles
from services.kit.routing import SessionDep


def config_of(request: Request) -> AllocationConfig:
    config: AllocationConfig = request.app.state.config
    return config


def today() -> date:
    """The service's clock for deadlines and rankings; tests override it."""
    return date.today()


def categorisation_client(request: Request) -> CategorisationClient:
    client: CategorisationClient = request.app.state.categorisation
    return client


def caller_authorization(request: Request) -> str:
    """The caller's own Authorization header, forwarded to the categorisation service."""
    return request.headers.get("authorization", "")


async def serialised(request: Request) -> AsyncIterator[None]:
    """On SQLite, one writing request at a time in this process, held until after the commit.

    SQLite has no row locks; without this, two concurrent reports would read the same counter. Route-level
    dependencies run before any query, and a yield dependency exits after the route's commit.
    """
    lock: asyncio.Lock | None = request.app.state.write_lock
    if lock is None:
        yield
        return
    async with lock:
        yield


Config = Annotated[AllocationConfig, Depends(config_of)]
Today = Annotated[date, Depends(today)]
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

Year = Annotated[int, Path(ge=2000, le=2100, description="the letting year")]
AreaCode = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")]
# A row id in a path: the database's integer keys end at 2**31 - 1; larger ones would fail in the driver.
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


async def valid_vacancy(vacancy_id: RowId, session: SessionDep, principal: CurrentPrincipal) -> Vacancy:
    """The vacancy, when the caller may see it (404 otherwise: another organisation's does not exist)."""
    return await vacancies.visible(session, vacancy_id=vacancy_id, principal=principal)


async def valid_seeker(seeker_id: RowId, session: SessionDep) -> Seeker:
    return await seekers.get(session, seeker_id=seeker_id)


async def valid_offer(offer_id: RowId, session: SessionDep) -> Offer:
    return await offers.get(session, offer_id=offer_id)


ValidVacancy = Annotated[Vacancy, Depends(valid_vacancy)]
ValidSeeker = Annotated[Seeker, Depends(valid_seeker)]
ValidOffer = Annotated[Offer, Depends(valid_offer)]
