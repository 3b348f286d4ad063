"""The year's categorisation as a download (the annex of the letting agreement)."""

from fastapi import APIRouter, Depends, Request, Response

from gateway.pages.categorisation.common import AREA_READERS, PREFIX, client
from gateway.session import page_roles
from gateway.templating import render

router = APIRouter(prefix=PREFIX, dependencies=[Depends(page_roles(*AREA_READERS))])


@router.get("/{year}/eksport.{fmt}")
async def export(request: Request, year: int, fmt: str) -> Response:
    """Download the year's categorisation (the annex of the letting agreement)."""
    if fmt not in ("csv", "xlsx"):
        return render(request, "error.html", {"status": 404}, status_code=404)
    response = await client(request).export(year, "csv" if fmt == "csv" else "xlsx")
    return Response(
        response.content,
        media_type=response.headers.get("content-type"),
        headers={"Content-Disposition": response.headers.get("content-disposition", "attachment")},
    )
