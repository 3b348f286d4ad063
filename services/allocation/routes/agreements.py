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

router = APIRouter(route_class=TransactionalRoute, tags=["agreements"])


@router.get(
    "/agreement-years", response_model=list[int], summary="Letting years with agreements, newest first"
)
async def list_agreement_years(session: SessionDep, _principal: AgreementReader) -> list[int]:
    return await agreements.years(session)


@router.get(
    "/agreements/{year}", response_model=list[AgreementRead], summary="The agreements of a letting year"
)
async def list_agreements(year: Year, session: SessionDep, principal: AgreementReader) -> list[AgreementRead]:
    """A housing organisation sees its own areas' agreements only."""
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
    """A municipal share above 25 % with legal_basis 'imposed' is refused with 422 (ABL § 59 stk. 1-2)."""
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
    agreement = await agreements.get(session, year=year, area_code=area_code, principal=principal)
    return await agreements.history(session, agreement=agreement)
