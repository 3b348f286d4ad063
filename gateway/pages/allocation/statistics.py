"""The statistics dashboard: channel shares, municipal allocations per year, quota fulfilment and forecast.
Managers see it too, with the figures the service aggregates for them."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from gateway.charts import bar_chart
from gateway.clients.allocation import AllocationClient
from gateway.labels import N_
from gateway.pages.allocation.common import CHANNEL_CODES, is_officer, page
from gateway.session import PageUser
from services.kit import clock

router = APIRouter()

ALERTS = {
    "behind": N_("The forecast fulfilment is under the alert limit."),
    "returned": N_("Municipal vacancies were returned unfilled."),
    "overdue": N_("Municipal vacancies are past their deadline."),
}

CATEGORIES = ("red", "pink", "yellow", "green")


@router.get("/statistik", response_class=HTMLResponse)
async def statistics(request: Request, user: PageUser, year: int | None = None) -> Response:
    """Channel shares, municipal allocations per year, quota fulfilment and forecast, returns, time to
    letting; every chart has its figures in a table beside it. Managers get the service's aggregates."""
    client = AllocationClient(request)
    years = (await client.statistics_years())["years"]
    known = [y["year"] for y in years]
    chosen = year if year in known else (known[-1] if known else clock.today().year)
    channels = await client.channel_statistics(chosen)
    quota = await client.quota(chosen)
    # Only figures the service showed this reader are drawn: a hidden count keeps its row, marked "skjult",
    # with no bar (never a bar of 0).
    counts = channels["counts"]
    channel_chart = bar_chart([(c, counts[c]) for c in CHANNEL_CODES])
    municipal_chart = bar_chart([(str(y["year"]), y["municipal_allocations"]) for y in years])
    return page(
        request,
        "allocation/statistics.html",
        {
            "year": chosen,
            "years": years,
            "channels": channels,
            "quota": quota,
            "channel_chart": channel_chart,
            "municipal_chart": municipal_chart,
            "channel_names": CHANNEL_CODES,
            "categories": CATEGORIES,
            "detailed": is_officer(user),
        },
    )
