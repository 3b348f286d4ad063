"""The yearly letting agreements (CONTRACT § 6, DOMAIN § 5.2)."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from services.allocation import agreements
from services.allocation.dependencies import (
    AgreementReader,
    AreaCode,
    CallerAuthorization,
    Categorisation,
    Config,
    Officer,
    Serialised,
    Year,
)
from services.allocation.schemas.agreements import (
    AgreementChangeRead,
    AgreementCreate,
    AgreementDraftRead,
    AgreementRead,
    AgreementUpdate,
)
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Letting agreements"])


@router.get(
    "/agreement-years",
    response_model=list[int],
    summary="Letting years with agreements, newest first",
    responses={200: {"content": {"application/json": {"example": [2026, 2025]}}}},
)
async def list_agreement_years(session: SessionDep, _principal: AgreementReader) -> list[int]:
    """The letting years that have agreements, newest first. Changes nothing."""
    return await agreements.years(session)


@router.get(
    "/agreements/{year}", response_model=list[AgreementRead], summary="The agreements of a letting year"
)
async def list_agreements(year: Year, session: SessionDep, principal: AgreementReader) -> list[AgreementRead]:
    """A housing organisation sees its own areas' agreements only. Changes nothing."""
    return await agreements.list_year(session, year=year, principal=principal)


@router.post(
    "/agreements/{year}/from-categorisation",
    response_model=AgreementDraftRead,
    summary="Draft the year's agreements from the approved categorisation of the year before",
    dependencies=[Serialised],
    responses=problem_responses(409, 502, 503, 504),
)
async def draft_from_categorisation(
    year: Year,
    session: SessionDep,
    config: Config,
    client: Categorisation,
    authorization: CallerAuthorization,
    principal: Officer,
    source_year: Annotated[
        int | None, Query(ge=2000, le=2100, description="list year; default year - 1")
    ] = None,
    replace_drafts: Annotated[bool, Query(description="refresh drafts that already exist")] = False,
) -> AgreementDraftRead:
    """Read over HTTP from the categorisation service (with the caller's token); defaults per category.

    Creates a draft agreement for every area of the list year's categorisation (`source_year`, by default
    the year before); existing drafts are kept unless `replace_drafts`, agreed ones are never touched.

    The category and designations each agreement was made from are stored with it. When the
    categorisation service does not answer, the answer is 503 naming it and nothing is changed.
    """
    return await agreements.draft_from_categorisation(
        session,
        year=year,
        source_year=source_year if source_year is not None else year - 1,
        client=client,
        authorization=authorization,
        config=config,
        actor=principal.subject,
        replace_drafts=replace_drafts,
    )


@router.post(
    "/agreements/{year}",
    response_model=AgreementRead,
    status_code=status.HTTP_201_CREATED,
    summary="An agreement for an area outside the categorisation",
    dependencies=[Serialised],
    responses=problem_responses(409),
)
async def create_agreement(
    year: Year, body: AgreementCreate, session: SessionDep, config: Config, principal: Officer
) -> AgreementRead:
    """Create a draft agreement for an area the categorisation does not cover (a new area), with its
    category chosen by hand; 409 if the area already has one that year."""
    agreement = await agreements.create(session, year=year, body=body, config=config, actor=principal.subject)
    return await agreements.to_read(session, agreement=agreement)


@router.get(
    "/agreements/{year}/{area_code}",
    response_model=AgreementRead,
    summary="One area's agreement",
    responses=problem_responses(404),
)
async def get_agreement(
    year: Year, area_code: AreaCode, session: SessionDep, principal: AgreementReader
) -> AgreementRead:
    """One area's agreement of the letting year, with its tally of vacancies so far; a housing
    organisation reads its own areas' only (404 otherwise). Changes nothing."""
    agreement = await agreements.get(session, year=year, area_code=area_code, principal=principal)
    return await agreements.to_read(session, agreement=agreement)


@router.put(
    "/agreements/{year}/{area_code}",
    response_model=AgreementRead,
    summary="Change an agreement; only the fields sent",
    dependencies=[Serialised],
    responses=problem_responses(404),
)
async def update_agreement(
    year: Year, area_code: AreaCode, body: AgreementUpdate, session: SessionDep, principal: Officer
) -> AgreementRead:
    """A municipal share above 25 % with legal_basis 'imposed' is refused with 422 (ABL § 59 stk. 1-2).

    Changes the fields sent (shares, legal basis, status, flexible criteria and period, § 51 b flags,
    note); each change is recorded. Vacancies reported later are assigned at the new share; a share above
    25 % applies only once the agreement is agreed."""
    agreement = await agreements.get(session, year=year, area_code=area_code, principal=principal)
    agreement = await agreements.update(session, agreement=agreement, body=body, actor=principal.subject)
    return await agreements.to_read(session, agreement=agreement)


@router.get(
    "/agreements/{year}/{area_code}/changes",
    response_model=list[AgreementChangeRead],
    summary="Every change to the agreement",
    responses=problem_responses(404),
)
async def list_agreement_changes(
    year: Year, area_code: AreaCode, session: SessionDep, principal: AgreementReader
) -> list[AgreementChangeRead]:
    """Every change to the agreement, oldest first, each field with its value before and after.
    Changes nothing."""
    agreement = await agreements.get(session, year=year, area_code=area_code, principal=principal)
    return await agreements.history(session, agreement=agreement)
