"""Every area of a year, and one area's reasons: each criterion with value, threshold, period and source."""

import re
from collections.abc import Mapping, Sequence
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from gateway.charts import line_chart
from gateway.clients.categorisation import Area
from gateway.pages.categorisation import plan_labels
from gateway.pages.categorisation.common import (
    AREA_READERS,
    CATEGORIES,
    DESIGNATION_LISTS,
    DESIGNATIONS,
    PREFIX,
    client,
    is_analyst,
    page,
)
from gateway.pages.categorisation.plans import area_plan_trends
from gateway.session import PageUser, page_roles

router = APIRouter(prefix=PREFIX, dependencies=[Depends(page_roles(*AREA_READERS))])

SORTS = ("area_code", "area_name", "residents", "category")
# Rows per page of the area list: nobody reads a thousand at once, everyone filters.
PAGE_SIZE = 50
CRITERIA_ORDER = (
    "size",
    "vulnerable",
    "parallel_society",
    "transformation",
    "prevention",
    "combined_letting",
    "local",
    "official",
)
_INCOMPLETE_YEAR = re.compile(r"(\d{4}) judged without|missing for (\d{4})")


@router.get("/{year}/omraader", response_class=HTMLResponse)
async def areas(
    request: Request,
    year: int,
    category: Annotated[str | None, Query()] = None,
    designation: Annotated[str | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sort: Annotated[str, Query()] = "area_code",
    descending: bool = False,
    cursor: Annotated[str | None, Query(max_length=600, pattern=r"^[A-Za-z0-9_-]+$")] = None,
) -> Response:
    """The year's areas, filtered and sorted, PAGE_SIZE at a time; htmx swaps only the table.

    "Show more" asks for the next page: htmx adds its rows to the table, and without JavaScript the link
    opens the next page (with a link back to the first).
    """
    params: dict[str, Any] = {"sort": sort if sort in SORTS else "area_code"}
    if category in CATEGORIES:
        params["category"] = category
    if designation in DESIGNATIONS:
        params["designation"] = designation
    if q:
        params["q"] = q
    if descending:
        params["descending"] = "true"
    found = await client(request).area_page(year, params, limit=PAGE_SIZE, cursor=cursor)
    base = f"{PREFIX}/{year}/omraader"
    return page(
        request,
        "categorisation/areas.html",
        {
            "year": year,
            "areas": found["areas"],
            "status": found["status"],
            "total": found["total"],
            "first_url": f"{base}?{urlencode(params)}" if cursor else None,
            "next_url": f"{base}?{urlencode({**params, 'cursor': found['next_cursor']})}"
            if found["next_cursor"]
            else None,
            "filters": {
                "category": category or "",
                "designation": designation or "",
                "q": q or "",
                "sort": params["sort"],
                "descending": descending,
            },
            "categories": CATEGORIES,
            "designations": DESIGNATIONS,
        },
        block="area_table",
    )


def designation_sources(area: Area) -> list[tuple[str, str | None]]:
    """Each designation of the area with what decided it: "official_list", "data", or None when the
    answer does not say (a snapshot approved before the published list decided)."""
    decided_by: Mapping[str, str] = area.get("decided_by") or {}
    return [(d, decided_by.get(DESIGNATION_LISTS.get(d, ""))) for d in area["designations"]]


def disagreement_rows(area: Area) -> list[dict[str, Any]]:
    """Where the loaded official list and the computation from the figures differ, per designation."""
    computed = set(area.get("computed_designations") or [])
    return [
        {"designation": d, "official": d in area["designations"], "computed": d in computed}
        for d in area.get("disagreements") or []
    ]


def _criteria_groups(criteria: Sequence[Mapping[str, Any]]) -> list[tuple[str, list[Mapping[str, Any]]]]:
    """The criteria by the list they belong to, in the order of the law."""
    groups: dict[str, list[Mapping[str, Any]]] = {}
    for criterion in criteria:
        if criterion.get("note_code") == "window_incomplete":
            # The years of the transformation window judged on an incomplete period, named in the note.
            found = _INCOMPLETE_YEAR.findall(criterion.get("note") or "")
            criterion = {**criterion, "incomplete_years": [judged or missing for judged, missing in found]}
        groups.setdefault(criterion["list"], []).append(criterion)
    return [(name, groups[name]) for name in CRITERIA_ORDER if name in groups]


@router.get("/{year}/omraader/{area_code}", response_class=HTMLResponse)
async def area(
    request: Request, year: int, area_code: str, user: PageUser, proposed: bool = False
) -> Response:
    """Why the area has its category: every criterion with value, threshold, period and source."""
    categorisation = client(request)
    area_data = await categorisation.area(year, area_code, proposed=proposed)
    overrides = await categorisation.overrides(year, area_code)
    area_plans = await area_plan_trends(request, area_code)
    trends: list[dict[str, Any]] = []
    if is_analyst(user):
        history = await categorisation.history(area_code)
        for code, points in history["indicators"].items():
            trends.append({"code": code, "points": points, "chart": line_chart([dict(p) for p in points])})
    return page(
        request,
        "categorisation/area.html",
        {
            "year": year,
            "area": area_data,
            "groups": _criteria_groups(area_data["criteria"]),
            "designation_sources": designation_sources(area_data),
            "disagreements": disagreement_rows(area_data),
            "official_decides": "official_list" in (area_data.get("decided_by") or {}).values(),
            "overrides": overrides,
            "trends": trends,
            "is_analyst": is_analyst(user),
            "categories": CATEGORIES,
            "errors": {},
            "proposed": proposed,
            "area_plans": area_plans,
            "plan_labels": plan_labels,
        },
    )
