"""Use cases for housing organisations and the areas they own; which areas a caller may see."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.access import area_scope
from services.allocation.exceptions import AreaNotFound, HousingOrganisationNotFound, NotYourArea
from services.allocation.models import Area, HousingOrganisation
from services.allocation.schemas.areas import (
    AreaRead,
    AreaUpdate,
    HousingOrganisationCreate,
    HousingOrganisationRead,
)
from services.kit.auth import Principal
from services.kit.errors import Conflict


async def list_organisations(session: AsyncSession, *, principal: Principal) -> list[HousingOrganisationRead]:
    scope = area_scope(principal)
    query = select(HousingOrganisation).order_by(HousingOrganisation.code)
    if scope is not None:
        query = query.where(HousingOrganisation.code == scope)
    organisations = list(await session.scalars(query))
    areas = await session.execute(select(Area.housing_org, Area.code).order_by(Area.code))
    owned: dict[str, list[str]] = {}
    for org, code in areas:
        if org is not None:
            owned.setdefault(org, []).append(code)
    return [
        HousingOrganisationRead(code=o.code, name=o.name, areas=owned.get(o.code, [])) for o in organisations
    ]


async def create_organisation(
    session: AsyncSession, *, body: HousingOrganisationCreate
) -> HousingOrganisationRead:
    if await session.get(HousingOrganisation, body.code) is not None:
        raise Conflict(f"The housing organisation {body.code} already exists.")
    session.add(HousingOrganisation(code=body.code, name=body.name))
    await session.flush()
    return HousingOrganisationRead(code=body.code, name=body.name, areas=[])


async def list_areas(session: AsyncSession, *, principal: Principal) -> list[AreaRead]:
    scope = area_scope(principal)
    query = select(Area).order_by(Area.code)
    if scope is not None:
        query = query.where(Area.housing_org == scope)
    return [AreaRead.model_validate(a) for a in await session.scalars(query)]


async def visible_area(session: AsyncSession, *, code: str, principal: Principal) -> Area:
    """The area, if it exists and the principal may act on it; 404 or 403 otherwise."""
    area = await session.get(Area, code)
    if area is None:
        raise AreaNotFound(f"The allocation service knows no area {code}.")
    check_scope(area, principal)
    return area


def check_scope(area: Area, principal: Principal) -> None:
    check_owner(area.code, area.housing_org, principal)


def check_owner(code: str, housing_org: str | None, principal: Principal) -> None:
    """check_scope for an area read as a row rather than loaded as an Area."""
    scope = area_scope(principal)
    if scope is not None and housing_org != scope:
        raise NotYourArea(f"Area {code} does not belong to your housing organisation.")


async def ensure_area(session: AsyncSession, *, code: str, name: str | None = None) -> Area:
    """The area, created (owned by no organisation yet) when it is new; a better name replaces the code."""
    area = await session.get(Area, code)
    if area is None:
        area = Area(code=code, name=name or code, housing_org=None)
        session.add(area)
        await session.flush()
    elif name and area.name == area.code:
        area.name = name
    return area


async def put_area(session: AsyncSession, *, code: str, body: AreaUpdate) -> AreaRead:
    """Name the area and bind it to its housing organisation; an unknown area is registered."""
    area = await ensure_area(session, code=code, name=body.name)
    fields = body.model_fields_set
    if "name" in fields and body.name:
        area.name = body.name
    if "housing_org" in fields:
        if body.housing_org is not None and await session.get(HousingOrganisation, body.housing_org) is None:
            raise HousingOrganisationNotFound(f"No housing organisation {body.housing_org}.")
        area.housing_org = body.housing_org
    await session.flush()
    return AreaRead.model_validate(area)
