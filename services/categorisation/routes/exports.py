"""A year's categorisation as a file: the annex of the letting agreement (services.kit.tables)."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from services.categorisation import exports
from services.categorisation.dependencies import AreaReader, Cache, Config, Year
from services.kit import tables
from services.kit.downloads import file_content
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Exports"])

Format = Annotated[
    tables.ExportFormat,
    Query(
        alias="format",
        description="`csv`: for Danish Excel (`;`, BOM, headers and words in `lang`, decimal comma); "
        "`csv-machine`: for systems (stable keys and codes, `,`, `.`, ISO dates); `xlsx`: a workbook",
    ),
]
Lang = Annotated[tables.Language, Query(description="language of the headers and words (not csv-machine)")]
# The Danish-Excel CSV of the demo's first area (a BOM, `;`, Danish headers and words, decimal comma).
CSV_EXAMPLE = "\ufeffÅr;Områdekode;Område;Beboere;Kategori\r\n2025;DEMO-01;Solbakken (demo);2680;Rød\r\n"
FILES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file",
        "content": {
            "text/csv": file_content("text/csv", CSV_EXAMPLE),
            tables.XLSX_MEDIA_TYPE: file_content(tables.XLSX_MEDIA_TYPE),
        },
    },
    **problem_responses(404),
}


@router.get(
    "/years/{year}/export",
    summary="The year's categorisation as CSV (Danish Excel by default), machine CSV or XLSX",
    response_class=Response,
    responses=FILES,
)
async def export(
    year: Year,
    session: SessionDep,
    config: Config,
    cache: Cache,
    principal: AreaReader,
    fmt: Format = "csv",
    lang: Lang = "da",
) -> Response:
    """The year's categorisation, one row per area, as the annex of the letting agreement: for Danish Excel
    (the default), for systems, or as a workbook, as the attachment `kategorisering-<year>.<ext>`. Small
    numbers are hidden as on the area list; no cell is a formula. Changes nothing."""
    return await exports.download(
        session, year=year, config=config, principal=principal, fmt=fmt, lang=lang, cache=cache
    )


# The first paths of the export, kept for the readers that use them: `.csv` is the machine CSV (the stable
# keys it always had), `.xlsx` the Danish workbook.
@router.get(
    "/years/{year}/export.csv",
    summary="The year's categorisation as machine CSV (same as `export?format=csv-machine`)",
    response_class=Response,
    responses=FILES,
)
async def export_csv(
    year: Year, session: SessionDep, config: Config, cache: Cache, principal: AreaReader
) -> Response:
    """The machine CSV of `export?format=csv-machine`, at the path it always had. Changes nothing."""
    return await exports.download(
        session, year=year, config=config, principal=principal, fmt="csv-machine", lang="da", cache=cache
    )


@router.get(
    "/years/{year}/export.xlsx",
    summary="The year's categorisation as XLSX (same as `export?format=xlsx`)",
    response_class=Response,
    responses=FILES,
)
async def export_xlsx(
    year: Year, session: SessionDep, config: Config, cache: Cache, principal: AreaReader
) -> Response:
    """The workbook of `export?format=xlsx`, at the path it always had. Changes nothing."""
    return await exports.download(
        session, year=year, config=config, principal=principal, fmt="xlsx", lang="da", cache=cache
    )
