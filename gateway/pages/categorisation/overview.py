"""The year at a glance: phase in the annual cycle, counts per category with a chart, approval."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from gateway.charts import bar_chart
from gateway.clients.area_plans import AreaPlansClient
from gateway.clients.categorisation import YearOverview, YearSummary
from gateway.pages.categorisation.common import (
    AREA_READERS,
    CATEGORIES,
    DESIGNATION_LISTS,
    PREFIX,
    client,
    is_analyst,
    page,
)
from gateway.session import PageUser
from services.kit.auth import Role

# Every reader of the categorisation (the package's router checks that); a manager sees aggregates only.
router = APIRouter(prefix=PREFIX)


@router.get("", response_class=HTMLResponse)
async def overview(request: Request, user: PageUser, year: int | None = None) -> Response:
    """The year at a glance: phase in the annual cycle, counts per category with a chart, approval."""
    categorisation = client(request)
    years = await categorisation.years()
    if not years:
        return page(
            request,
            "categorisation/overview.html",
            {"years": [], "year": None, "is_analyst": is_analyst(user)},
        )
    chosen = year if year in {y["year"] for y in years} else years[0]["year"]
    info: YearOverview | YearSummary
    if Role.MANAGER in user.roles and not user.has_any(AREA_READERS):
        info = await categorisation.summary(chosen)
    else:
        info = await categorisation.year(chosen)
    chart = bar_chart([(c, info["counts"][c]) for c in CATEGORIES])
    # The annual cycle's "dialogue: categorisation and evaluation": the plans' targets judged on the year.
    target_evaluation = await AreaPlansClient(request).year_targets(chosen)
    return page(
        request,
        "categorisation/overview.html",
        {
            "years": years,
            "year": chosen,
            "info": info,
            "chart": chart,
            "phases": ("update", "dialogue", "agreement", "implementation"),
            "is_analyst": is_analyst(user),
            "sees_areas": user.has_any(AREA_READERS),
            "designation_lists": DESIGNATION_LISTS,
            "target_evaluation": target_evaluation,
        },
    )
