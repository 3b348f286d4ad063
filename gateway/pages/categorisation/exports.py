"""The year's categorisation as a download (the annex of the letting agreement), in the kit's three files:
a CSV that Danish Excel opens in columns, a CSV with stable codes for other systems, and a workbook."""

from fastapi import APIRouter, Depends, Request, Response

from gateway.clients.categorisation import ExportFormat
from gateway.i18n import request_language
from gateway.pages.categorisation.common import AREA_READERS, PREFIX, client
from gateway.session import page_roles
from gateway.templating import render

router = APIRouter(prefix=PREFIX, dependencies=[Depends(page_roles(*AREA_READERS))])

# The page's file names (the last part of the link) and the format each asks the service for.
FILES: dict[str, ExportFormat] = {"csv": "csv", "data.csv": "csv-machine", "xlsx": "xlsx"}


@router.get("/{year}/eksport.{name}")
async def export(request: Request, year: int, name: str) -> Response:
    """Download the year's categorisation (the annex of the letting agreement)."""
    if name not in FILES:
        return render(request, "error.html", {"status": 404}, status_code=404)
    response = await client(request).export(year, FILES[name], request_language(request))
    return Response(
        response.content,
        media_type=response.headers.get("content-type"),
        headers={"Content-Disposition": response.headers.get("content-disposition", "attachment")},
    )
