"""A year's categorisation as a file: the annex of the letting agreement."""

from typing import Any

from fastapi import APIRouter, Response

from services.categorisation import areas, exports
from services.categorisation.dependencies import AreaReader, Config, Year
from services.kit.downloads import file_content
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Exports"])


CSV_EXAMPLE = (
    "\ufeffyear,area_code,area_name,residents,category,computed_category,override_justification,designations,"
    "provisional,status,rule_version,decided_by,computed_designations\r\n"
    "2025,DEMO-01,Solbakken (demo),2680,red,red,,vulnerable_area parallel_society transformation_area "
    "combined_letting_area,no,approved,ABL-2021-11-30-r2,combined_letting:data national:official_list,"
    "vulnerable_area parallel_society transformation_area combined_letting_area\r\n"
)


def file_download(media_type: str, example: str | None = None) -> dict[int | str, dict[str, Any]]:
    """The 200 of an export: a file of `media_type` (and 404 for a year without figures)."""
    return {
        200: {"description": "The file", "content": {media_type: file_content(media_type, example)}},
        **problem_responses(404),
    }


def attachment(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


@router.get(
    "/years/{year}/export.csv",
    summary="The year's categorisation as CSV",
    response_class=Response,
    responses=file_download(exports.CSV, CSV_EXAMPLE),
)
async def export_csv(year: Year, session: SessionDep, config: Config, principal: AreaReader) -> Response:
    """The year's categorisation as the annex of the letting agreement, one row per area: UTF-8 CSV with a
    BOM (so Excel reads æ, ø and å), as the attachment `kategorisering-<year>.csv`. Small numbers are hidden
    as on the area list. Changes nothing."""
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
    """The same rows as the CSV in a workbook (`kategorisering-<year>.xlsx`); no cell is a formula.
    Changes nothing."""
    shown = await areas.visible_areas(session, year=year, config=config, principal=principal)
    return Response(
        exports.to_xlsx(shown, title=f"Kategorisering {year}"),
        media_type=exports.XLSX,
        headers=attachment(f"kategorisering-{year}.xlsx"),
    )
