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

router = APIRouter(route_class=TransactionalRoute, tags=["Areas"])


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
    category: Annotated[Category | None, Query(description="only areas of this category")] = None,
    designation: Annotated[Designation | None, Query(description="only areas with this designation")] = None,
    q: Annotated[
        str | None, Query(max_length=100, pattern=NO_NUL, description="part of the area code or name")
    ] = None,
    sort: Annotated[AreaSort, Query(description="the order of the list")] = "area_code",
    descending: Annotated[bool, Query(description="largest (or last) first")] = False,
    proposed: Annotated[
        bool, Query(description="the live computation even when the year is approved")
    ] = False,
) -> list[AreaRead]:
    """Every area with figures in the year, each with its designations and category explained criterion by
    criterion: the approved snapshot once the year is approved (unless `proposed`), else the live
    computation; the header `X-Categorisation-Status` says which. Figures resting on fewer persons than
    the small-number threshold are hidden for everyone but the analyst. Changes nothing."""
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
    proposed: Annotated[
        bool, Query(description="the live computation even when the year is approved")
    ] = False,
) -> AreaRead:
    """One area of the year: each criterion of each list with its value, threshold, comparator, averaging
    period, source and whether it is met, the override after the dialogue if any, and what decided the
    designations. Small numbers hidden as on the list. Changes nothing; 404 for an area without figures."""
    return await areas.get_area(
        session, year=year, area_code=area_code, config=config, principal=principal, proposed=proposed
    )
