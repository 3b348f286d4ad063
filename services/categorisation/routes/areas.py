"""A year's areas, each with its category explained criterion by criterion."""

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from pydantic import StringConstraints

from services.categorisation import areas
from services.categorisation.dependencies import AreaCode, AreaReader, Cache, Config, Year
from services.categorisation.rules.model import Category, Designation
from services.categorisation.schemas import AreaNameRead, AreaRead, AreaSort
from services.kit.errors import problem_responses
from services.kit.inputs import NO_NUL
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Areas"])

MAX_LIMIT = 1000
AreaCodeText = Annotated[
    str, StringConstraints(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
]
PAGE_HEADERS = {
    "X-Categorisation-Status": {"description": "proposed or approved", "schema": {"type": "string"}},
    "X-Total-Count": {
        "description": "with `limit` or `cursor`: the areas matching the filter, on every page",
        "schema": {"type": "integer"},
    },
    "X-Next-Cursor": {
        "description": "with `limit`: the `cursor` of the next page; absent on the last page",
        "schema": {"type": "string"},
    },
    "Link": {
        "description": 'with `limit`: the next page as rel="next" (RFC 8288)',
        "schema": {"type": "string"},
    },
}


@router.get(
    "/years/{year}/areas",
    response_model=list[AreaRead],
    summary="Every area of the year, explained; or one page of them",
    responses={**problem_responses(404, 422), 200: {"headers": PAGE_HEADERS}},
)
async def list_areas(
    request: Request,
    year: Year,
    session: SessionDep,
    config: Config,
    cache: Cache,
    principal: AreaReader,
    category: Annotated[Category | None, Query(description="only areas of this category")] = None,
    designation: Annotated[Designation | None, Query(description="only areas with this designation")] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=100,
            pattern=NO_NUL,
            description=(
                "part of the area code or name, ignoring case and accents; æ, ø and å may also be written "
                "ae, oe, aa or a, o, a (`aabakken` and `abakken` find Åbakken, `mollegaarden` Møllegården)"
            ),
        ),
    ] = None,
    area_code: Annotated[
        list[AreaCodeText] | None,
        Query(max_length=MAX_LIMIT, description="only these areas (the parameter repeated)"),
    ] = None,
    sort: Annotated[AreaSort, Query(description="the order of the list")] = "area_code",
    descending: Annotated[bool, Query(description="largest (or last) first")] = False,
    proposed: Annotated[
        bool, Query(description="the live computation even when the year is approved")
    ] = False,
    limit: Annotated[
        int | None,
        Query(
            ge=1, le=MAX_LIMIT, description="at most this many areas; the next page's cursor in X-Next-Cursor"
        ),
    ] = None,
    cursor: Annotated[
        str | None,
        Query(
            max_length=600,
            pattern=r"^[A-Za-z0-9_-]+$",
            description="where the page starts: X-Next-Cursor of the page before (same filter and order)",
        ),
    ] = None,
) -> Response:
    """Every area with figures in the year, each with its designations and category explained criterion by
    criterion: the approved snapshot once the year is approved (unless `proposed`), else the live
    computation; the header `X-Categorisation-Status` says which. With `limit`, one page of them in the
    order asked for (`X-Total-Count`, `X-Next-Cursor`, `Link`); without `limit` and `cursor` the whole list,
    as it always was. Figures resting on fewer persons than the small-number threshold are hidden for
    everyone but the analyst. Changes nothing."""
    found = await areas.list_areas(
        session,
        year=year,
        config=config,
        principal=principal,
        category=category,
        designation=designation,
        q=q,
        codes=area_code,
        sort=sort,
        descending=descending,
        proposed=proposed,
        limit=limit,
        cursor=cursor,
        cache=cache,
    )
    # Serialised by areas.list_areas (each shared criterion once), so sent as it is.
    response = Response(found.json, media_type="application/json")
    response.headers["X-Categorisation-Status"] = found.status
    if limit is not None or cursor is not None:
        response.headers["X-Total-Count"] = str(found.total)
        if found.next_cursor is not None:
            response.headers["X-Next-Cursor"] = found.next_cursor
            # A reference of the query alone: it resolves against whatever path the caller used, so
            # it is right through the gateway's /api/categorisation too.
            next_page = request.url.include_query_params(cursor=found.next_cursor)
            response.headers["Link"] = f'<?{next_page.query}>; rel="next"'
    return response


@router.get(
    "/years/{year}/area-names",
    response_model=list[AreaNameRead],
    summary="Every area of the year by code and name only",
    responses=problem_responses(404),
)
async def list_area_names(
    year: Year, session: SessionDep, config: Config, cache: Cache, _principal: AreaReader
) -> list[AreaNameRead]:
    """What a form offers to choose among: a year's areas without their explanations, in code order."""
    return await areas.area_names(session, year=year, config=config, cache=cache)


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
    cache: Cache,
    proposed: Annotated[
        bool, Query(description="the live computation even when the year is approved")
    ] = False,
) -> AreaRead:
    """One area of the year: each criterion of each list with its value, threshold, comparator, averaging
    period, source and whether it is met, the override after the dialogue if any, and what decided the
    designations. Small numbers hidden as on the list. Changes nothing; 404 for an area without figures."""
    return await areas.get_area(
        session,
        year=year,
        area_code=area_code,
        config=config,
        principal=principal,
        proposed=proposed,
        cache=cache,
    )
