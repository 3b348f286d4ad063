"""Tables for people and for systems: a Danish-Excel CSV, a machine CSV and an XLSX from one description.

Three exports of the same rows, because their readers differ:
- Danish Excel opens a double-clicked CSV with `;` between fields and `,` as decimal mark, and reads UTF-8
  only after a BOM; its users want Danish headers and values (Ja/Nej, 7-12-2026).
- Systems want stable keys, `,`, `.` and ISO dates, which never change with the language.
- XLSX keeps types; every text cell is written as text.

No export may carry a live formula (OWASP "CSV injection"): a text cell that starts with `=`, `+`, `-`, `@`, a
tab or a carriage return is prefixed with `'` in both CSVs, and is never a formula in XLSX.
"""

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Literal

from starlette.responses import Response

Language = Literal["da", "en"]
# The three downloads of one table: for Danish Excel, for systems, and as a workbook.
ExportFormat = Literal["csv", "csv-machine", "xlsx"]
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_YES_NO = {"da": ("Ja", "Nej"), "en": ("Yes", "No")}


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the stable key systems read, and the header people read in each language."""

    key: str
    label_da: str
    label_en: str

    def label(self, lang: Language) -> str:
        return self.label_da if lang == "da" else self.label_en


@dataclass(frozen=True, slots=True)
class Table:
    """Rows as mappings from column key to value; a missing key or None is an empty cell."""

    columns: Sequence[Column]
    rows: Sequence[Mapping[str, object]] = field(default_factory=list)


def defuse(text: str) -> str:
    """Text that a spreadsheet will show, never evaluate."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number_da(value: float | Decimal | Fraction) -> str:
    if isinstance(value, Fraction):
        value = float(value)
    text = format(value, "f") if isinstance(value, Decimal) else repr(float(value))
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _cell_for_people(value: object, lang: Language) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        yes, no = _YES_NO[lang]
        return yes if value else no
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M") if lang == "da" else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y") if lang == "da" else value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal | Fraction):
        return _number_da(value) if lang == "da" else str(float(value))
    return defuse(str(value))


def _cell_for_systems(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, Fraction):
        return str(float(value))
    return defuse(str(value))


def to_csv(table: Table, *, lang: Language = "da") -> bytes:
    """The CSV that Danish Excel opens in columns: `;`, BOM, headers and values in `lang`, decimal comma."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([defuse(c.label(lang)) for c in table.columns])
    for row in table.rows:
        writer.writerow([_cell_for_people(row.get(c.key), lang) for c in table.columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_csv_machine(table: Table) -> bytes:
    """The CSV for systems: stable keys, `,`, `.` and ISO dates, UTF-8 without BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.key for c in table.columns])
    for row in table.rows:
        writer.writerow([_cell_for_systems(row.get(c.key)) for c in table.columns])
    return buffer.getvalue().encode("utf-8")


def to_xlsx(table: Table, *, title: str, lang: Language = "da") -> bytes:
    """One sheet with bold headers in `lang`; numbers and dates keep their type, text is always text."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    for index, column in enumerate(table.columns, start=1):
        header = sheet.cell(row=1, column=index, value=column.label(lang))
        header.data_type = "s"
        header.font = Font(bold=True)
    for row_number, row in enumerate(table.rows, start=2):
        for index, column in enumerate(table.columns, start=1):
            value = row.get(column.key)
            if isinstance(value, Enum):
                value = value.value
            if isinstance(value, bool):
                value = _YES_NO[lang][0 if value else 1]
            elif isinstance(value, Fraction):
                value = float(value)
            elif isinstance(value, str):
                # XML 1.0 has no control characters: openpyxl would refuse the whole file for one in a name
                # someone typed, so each is shown as the replacement character instead.
                value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            cell = sheet.cell(row=row_number, column=index, value=value)
            if isinstance(value, str):
                # openpyxl stores any string starting with "=" as a formula; typing it as text keeps it inert,
                # and the quote prefix keeps it text when someone edits the cell in Excel.
                cell.data_type = "s"
                cell.quotePrefix = value.startswith(FORMULA_STARTS)
            elif isinstance(value, date):
                cell.number_format = "DD-MM-YYYY" if not isinstance(value, datetime) else "DD-MM-YYYY HH:MM"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(
    table: Table, *, fmt: ExportFormat, filename: str, title: str, lang: Language = "da"
) -> Response:
    """The table as an attachment named `filename` (without extension) in the chosen format."""
    if fmt == "xlsx":
        body, media_type, name = to_xlsx(table, title=title, lang=lang), XLSX_MEDIA_TYPE, f"{filename}.xlsx"
    elif fmt == "csv-machine":
        body, media_type, name = to_csv_machine(table), CSV_MEDIA_TYPE, f"{filename}-data.csv"
    else:
        body, media_type, name = to_csv(table, lang=lang), CSV_MEDIA_TYPE, f"{filename}.csv"
    return Response(
        body, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
