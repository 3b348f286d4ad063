"""Tables as downloads: Danish-Excel CSV (default), machine CSV or XLSX, by the kit's one description."""

from typing import Literal

from fastapi import Response

from services.kit import tables

ExportFormat = Literal["csv", "csv_machine", "xlsx"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(
    table: tables.Table, *, name: str, title: str, fmt: ExportFormat, lang: tables.Language
) -> Response:
    if fmt == "xlsx":
        body, media, suffix = tables.to_xlsx(table, title=title, lang=lang), XLSX, "xlsx"
    elif fmt == "csv_machine":
        body, media, suffix = tables.to_csv_machine(table), "text/csv; charset=utf-8", "csv"
    else:
        body, media, suffix = tables.to_csv(table, lang=lang), "text/csv; charset=utf-8", "csv"
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}.{suffix}"'}
    )
