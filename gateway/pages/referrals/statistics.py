"""The managers' figures (/sager/statistik): reports per month, time to first contact, outcomes and
referrals per level, with small numbers hidden by the service."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import HTMLResponse

from gateway.charts import bar_chart
from gateway.pages.referrals.common import client, context
from gateway.session import page_roles
from gateway.templating import render
from services.kit import clock
from services.kit.auth import Role

router = APIRouter(prefix="/sager", dependencies=[Depends(page_roles(Role.MANAGER, Role.ADMIN))])


@router.get("/statistik", response_class=HTMLResponse)
async def figures(request: Request, year: Annotated[int | None, Query(ge=2000, le=2100)] = None) -> Response:
    """Reports per month, time to first contact, outcomes and referrals per level; small numbers hidden."""
    stats = await client(request).statistics(year)
    # A suppressed figure (None) keeps its row with no bar and the word "skjult", never a bar of 0.
    months = bar_chart([(m["month"], m["count"]) for m in stats["reports_per_month"]])
    levels = bar_chart([(str(r["level"]), r["count"]) for r in stats["referrals_per_level"]])
    this_year = clock.today().year
    return render(
        request,
        "referrals/statistics.html",
        context(
            request, stats=stats, months=months, levels=levels, years=range(this_year, this_year - 6, -1)
        ),
    )
