"""A year's areas, each with its category explained criterion by criterion."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.categorisation import areas
from services.categorisation.dependencies import AreaCode, AreaReader, Config, Year
from services.categorisation.rules.model import Category, Designation
from services.categorisation.schemas import AreaRead, AreaSort
from services.kit.errors import problem_responses
from services.kit.inputs import NO_NUL
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute)


@router.get(
    "/years/{year}/areas",
    response_model=list[AreaRead],
    summary="Every area of the year, explained",
    responses=problem_responses(404),
)
async def list_areas(
    year: Year,
    session: SessionDep,
    config: Config,
    principal: AreaReader,
    response: Response,
    category: Annotated[Category | None, Query()] = None,
    designation: Annotated[Designation | None, Query()] = None,
    q: Annotated[
        str | None, Query(max_length=100, pattern=NO_NUL, description="part of the area code or name")
    ] = None,
    sort: AreaSort = "area_code",
    descending: bool = False,
    proposed: Annotated[
        bool, Query(description="the live computation even when the year is approved")
    ] = False,
) -> list[AreaRead]:
    status, found = await areas.list_areas(
        session,
        year=year,
        config=config,
        principal=principal,
        category=category,
        designation=designation,
        q=q,
        sort=sort,
        descending=descending,
        proposed=proposed,
    )
    response.headers["X-Categorisation-Status"] = status
    return found


@router.get(
    "/years/{year}/areas/{area_code}",
    response_model=AreaRead,
    summary="One area, criterion by criterion",
    responses=problem_responses(404),
)
async def get_area(
    year: Year,
    area_code: AreaCode,
    session: SessionDep,
    config: Config,
    principal: AreaReader,
    proposed: bool = False,
) -> AreaRead:
    return await areas.get_area(
        session, year=year, area_code=area_code, config=config, principal=principal, proposed=proposed
    )
