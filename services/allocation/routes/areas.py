"""Housing organisations and the areas they own."""

from fastapi import APIRouter, status

from services.allocation import areas
from services.allocation.dependencies import AreaCode, AreaReader, Officer, Serialised
from services.allocation.schemas.areas import (
    AreaRead,
    AreaUpdate,
    HousingOrganisationCreate,
    HousingOrganisationRead,
)
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Housing organisations and areas"])


@router.get(
    "/housing-organisations", response_model=list[HousingOrganisationRead], summary="Housing organisations"
)
async def list_housing_organisations(
    session: SessionDep, principal: AreaReader
) -> list[HousingOrganisationRead]:
    """Every organisation with its areas; a housing organisation sees only itself. Changes nothing."""
    return await areas.list_organisations(session, principal=principal)


@router.post(
    "/housing-organisations",
    response_model=HousingOrganisationRead,
    status_code=status.HTTP_201_CREATED,
    summary="Register a housing organisation",
    dependencies=[Serialised],
    responses=problem_responses(409),
)
async def create_housing_organisation(
    body: HousingOrganisationCreate, session: SessionDep, _principal: Officer
) -> HousingOrganisationRead:
    """The code is what the organisation's machine client carries as `housing_org` in its token.

    Registers the organisation (409 if the code is taken); bind its areas with PUT /v1/areas/{area_code}."""
    return await areas.create_organisation(session, body=body)


@router.get("/areas", response_model=list[AreaRead], summary="Areas and their housing organisations")
async def list_areas(session: SessionDep, principal: AreaReader) -> list[AreaRead]:
    """Every area with its name and owner; a housing organisation sees its own. Changes nothing."""
    return await areas.list_areas(session, principal=principal)


@router.put(
    "/areas/{area_code}",
    response_model=AreaRead,
    summary="Name an area, bind it to its owner",
    dependencies=[Serialised],
    responses=problem_responses(404),
)
async def update_area(
    area_code: AreaCode, body: AreaUpdate, session: SessionDep, _principal: Officer
) -> AreaRead:
    """An unknown area is registered; only the fields sent change.

    Binding an area to an organisation decides what that organisation's client may report and read."""
    return await areas.put_area(session, code=area_code, body=body)
