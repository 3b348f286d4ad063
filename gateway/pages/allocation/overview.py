"""Where the letting year stands: agreements, municipal vacancies waiting or offered, quota, days held."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from gateway.clients.allocation import AllocationClient
from gateway.pages.allocation.common import is_officer, letting_year, page
from gateway.pages.responses import redirect
from gateway.session import PageUser

router = APIRouter()

# The dashboard lists this many of each kind, the most urgent first – what the officer acts on next; the
# vacancy list (linked under each table) pages through them all. More rows made the page slower, not clearer.
DASHBOARD_ROWS = 25


@router.get("", response_class=HTMLResponse)
async def overview(request: Request, user: PageUser, year: int | None = None) -> Response:
    """Where the letting year stands: agreements, the most urgent vacancies waiting for the municipality
    and offers awaiting reply, alerts."""
    if not is_officer(user):
        return redirect(request, "/udlejning/statistik")
    chosen = letting_year(year)
    client = AllocationClient(request)
    agreements = await client.agreements(chosen)
    # Most urgent first, sorted and cut by the service: the deadline (an offer's reply deadline) soonest.
    waiting = await client.urgent_vacancies(channel="municipal", status="open", limit=DASHBOARD_ROWS)
    offered = await client.urgent_vacancies(channel="municipal", status="offered", limit=DASHBOARD_ROWS)
    quota = await client.quota(chosen)
    held = await client.days_held(chosen)
    return page(
        request,
        "allocation/overview.html",
        {
            "year": chosen,
            "held": held,
            "agreements": agreements,
            "drafts": [a for a in agreements if a["status"] == "draft"],
            "waiting": waiting["items"],
            "offered": offered["items"],
            # The lists show the most urgent; the counts are of them all.
            "waiting_total": waiting["total"],
            "offered_total": offered["total"],
            "quota": quota,
        },
    )
