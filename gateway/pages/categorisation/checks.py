"""Checks of a year's result: an approved snapshot re-run, and where the ministry's list and the figures
differ."""

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from gateway.pages.categorisation.common import AREA_READERS, PREFIX, client, page
from gateway.session import page_roles

router = APIRouter(prefix=PREFIX, dependencies=[Depends(page_roles(*AREA_READERS))])


@router.get("/{year}/godkendelse/{revision}/kontrol", response_class=HTMLResponse)
async def reproduction(request: Request, year: int, revision: int) -> Response:
    """Re-run an approved snapshot and show whether it gives the same result."""
    result = await client(request).reproduction(year, revision)
    return page(request, "categorisation/reproduction.html", {"year": year, "result": result})


@router.get("/{year}/afvigelser", response_class=HTMLResponse)
async def disagreements(request: Request, year: int) -> Response:
    """Where the ministry's published list and the computation from the figures differ."""
    rows = await client(request).disagreements(year)
    return page(request, "categorisation/disagreements.html", {"year": year, "rows": rows})
