"""A year's categorisation as CSV and XLSX: the annex of the letting agreement."""

import csv
import io

from services.categorisation.schemas import AreaRead
from services.kit.tables import FORMULA_STARTS, defuse

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = (
    "year",
    "area_code",
    "area_name",
    "residents",
    "category",
    "computed_category",
    "override_justification",
    "designations",
    "provisional",
    "status",
    "rule_version",
    # What decided the designations (DOMAIN § 3: the published list where loaded) and the computation.
    "decided_by",
    "computed_designations",
)


def _record(area: AreaRead) -> list[object]:
    return [
        area.year,
        area.area_code,
        area.area_name,
        area.residents if area.residents is not None else "",
        area.category.value,
        area.computed_category.value,
        area.override.justification if area.override else "",
        " ".join(d.value for d in area.designations),
        "yes" if area.provisional else "no",
        area.status.value,
        area.rule_version,
        " ".join(f"{name}:{source}" for name, source in sorted(area.decided_by.items())),
        "" if area.computed_designations is None else " ".join(d.value for d in area.computed_designations),
    ]


def _inert(record: list[object]) -> list[object]:
    # Names and justifications come from files and people: never a live formula in a spreadsheet.
    return [defuse(value) if isinstance(value, str) else value for value in record]


def to_csv(areas: list[AreaRead]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(_inert(_record(a)) for a in areas)
    # A BOM makes Excel read the file as UTF-8, so æ, ø and å survive a double-click.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(areas: list[AreaRead], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for area in areas:
        sheet.append(_record(area))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                # openpyxl makes any string starting with "=" a formula; as text it stays inert.
                cell.data_type = "s"
                cell.quotePrefix = cell.value.startswith(FORMULA_STARTS)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
