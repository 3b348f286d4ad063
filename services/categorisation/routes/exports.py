"""A year's categorisation as a file: the annex of the letting agreement."""

from typing import Any

from fastapi import APIRouter, Response

from services.categorisation import areas, exports
from services.categorisation.dependencies import AreaReader, Config, Year
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute)


def file_download(media_type: str) -> dict[int | str, dict[str, Any]]:
    """The 200 of an export: a file of `media_type` (and 404 for a year without figures)."""
    return {
        200: {"description": "The file", "content": {media_type: {"schema": {"type": "string"}}}},
        **problem_responses(404),
    }


def attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


@router.get(
    "/years/{year}/export.csv",
    summary="The year's categorisation as CSV",
    response_class=Response,
    responses=file_download(exports.CSV),
)
async def export_csv(year: Year, session: SessionDep, config: Config, principal: AreaReader) -> Response:
    shown = await areas.visible_areas(session, year=year, config=config, principal=principal)
    return Response(
        exports.to_csv(shown),
        media_type=f"{exports.CSV}; charset=utf-8",
        headers=attachment(f"kategorisering-{year}.csv"),
    )


@router.get(
    "/years/{year}/export.xlsx",
    summary="The year's categorisation as XLSX",
    response_class=Response,
    responses=file_download(exports.XLSX),
)
async def export_xlsx(year: Year, session: SessionDep, config: Config, principal: AreaReader) -> Response:
    shown = await areas.visible_areas(session, year=year, config=config, principal=principal)
    return Response(
        exports.to_xlsx(shown, title=f"Kategorisering {year}"),
        media_type=exports.XLSX,
        headers=attachment(f"kategorisering-{year}.xlsx"),
    )
