"""Where the letting year stands: agreements, municipal vacancies waiting or offered, quota, days held."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from gateway.clients.allocation import AllocationClient
from gateway.pages.allocation.common import is_officer, letting_year, page
from gateway.pages.responses import redirect
from gateway.session import PageUser

router = APIRouter()


@router.get("", response_class=HTMLResponse)
async def overview(request: Request, user: PageUser, year: int | None = None) -> Response:
    """Where the letting year stands: agreements, vacancies waiting for the municipality, alerts."""
    if not is_officer(user):
        return redirect(request, "/udlejning/statistik")
    chosen = letting_year(year)
    client = AllocationClient(request)
    agreements = await client.agreements(chosen)
    waiting = await client.vacancies(channel="municipal", status="open", limit=100)
    offered = await client.vacancies(channel="municipal", status="offered", limit=100)
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
            # The lists show the first 100; the counts are of them all.
            "waiting_total": waiting["total"],
            "offered_total": offered["total"],
            "quota": quota,
        },
    )
