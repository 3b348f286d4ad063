"""The statutory reports: the § 51 b decisions of a period for the minister (managers read it too), and the
days the municipality held its vacancies (the officer's), each downloadable as Danish CSV or XLSX."""

from datetime import date

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from gateway.clients.allocation import AllocationClient
from gateway.i18n import request_language
from gateway.pages.allocation.common import download, letting_year, page
from services.kit import clock

# Two routers, because they admit different readers (see __init__.py).
router = APIRouter()
days_held_router = APIRouter()

DOWNLOAD_FORMATS = {"csv": "csv", "xlsx": "xlsx"}


def _report_period(date_from: str, date_to: str) -> tuple[date, date]:
    today = clock.today()
    try:
        start = date.fromisoformat(date_from) if date_from else date(today.year, 1, 1)
        end = date.fromisoformat(date_to) if date_to else date(today.year, 12, 31)
    except ValueError:
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    return (start, end) if start <= end else (end, start)


@router.get("/51b-rapport", response_class=HTMLResponse)
async def decisions_report(request: Request, date_from: str = "", date_to: str = "") -> Response:
    """The § 51 b decisions of a period: the report to the minister, with downloads in Danish."""
    start, end = _report_period(date_from, date_to)
    report = await AllocationClient(request).decisions_report(start.isoformat(), end.isoformat())
    return page(request, "allocation/decisions_report.html", {"report": report})


@router.get("/51b-rapport.{fmt}")
async def decisions_download(request: Request, fmt: str, date_from: str = "", date_to: str = "") -> Response:
    if fmt not in DOWNLOAD_FORMATS:
        return Response(status_code=404)
    start, end = _report_period(date_from, date_to)
    file = await AllocationClient(request).decisions_file(
        start.isoformat(), end.isoformat(), fmt=DOWNLOAD_FORMATS[fmt], lang=request_language(request)
    )
    return download(file)


@days_held_router.get("/dage-holdt/{year}.{fmt}")
async def days_held_download(request: Request, year: int, fmt: str) -> Response:
    if fmt not in DOWNLOAD_FORMATS:
        return Response(status_code=404)
    file = await AllocationClient(request).days_held_file(
        letting_year(year), fmt=DOWNLOAD_FORMATS[fmt], lang=request_language(request)
    )
    return download(file)
