"""The caseworker's lists: the inbox, the overdue cases, and a person's cases found by CPR number."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import HTMLResponse

from gateway.clients.referrals import LookupHit
from gateway.pages.referrals.common import PURPOSES, client, context
from gateway.session import page_roles
from gateway.templating import render
from services.kit.auth import Role

router = APIRouter(prefix="/sager", dependencies=[Depends(page_roles(Role.CASEWORKER))])

SCOPES = ("open", "mine", "unassigned", "closed")
PAGE_SIZE = 50


@router.get("", response_class=HTMLResponse)
async def inbox(
    request: Request, scope: str = "open", page: Annotated[int, Query(ge=1, le=10_000)] = 1
) -> Response:
    """Open cases – overdue first, then acute, then the rest, in the service's order (DOMAIN § 6.4) – or
    the caseworker's own, the unassigned or the closed ones."""
    scope = scope if scope in SCOPES else "open"
    cases = await client(request).cases(scope=scope, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    pages = max(1, -(-cases["total"] // PAGE_SIZE))
    return render(
        request,
        "referrals/inbox.html",
        context(request, cases=cases, scope=scope, scopes=SCOPES, page=page, pages=pages, purposes=PURPOSES),
    )


@router.get("/forfaldne", response_class=HTMLResponse)
async def overdue(request: Request) -> Response:
    """Cases still without a first contact after their deadline."""
    cases = await client(request).overdue()
    return render(request, "referrals/overdue.html", context(request, cases=cases))


@router.post("/opslag", response_class=HTMLResponse)
async def lookup(
    request: Request,
    cpr: Annotated[str, Form(max_length=16)] = "",
    purpose: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Find a person's cases by CPR number; the number travels in the form body, never in the address. The
    purpose goes to the citizen's access log, so the caseworker chooses it (none is chosen for them)."""
    if purpose not in PURPOSES:
        page = context(request, hits=[], error="purpose", purposes=PURPOSES)
        return render(request, "referrals/lookup.html", page, status_code=422)
    outcome = await client(request).lookup(cpr, purpose)
    hits: list[LookupHit] = [] if outcome.refused else outcome.json()
    error = "cpr" if outcome.refused else None
    return render(
        request,
        "referrals/lookup.html",
        context(request, hits=hits, error=error, purposes=PURPOSES),
        status_code=422 if error else 200,
    )
