"""The kit's table exports: Danish Excel gets columns, systems get stable keys, nobody a formula."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from services.kit import tables

COLUMNS = (
    tables.Column("area_code", "Område", "Area"),
    tables.Column("share", "Andel (%)", "Share (%)"),
    tables.Column("count", "Antal", "Count"),
    tables.Column("agreed", "Aftalt", "Agreed"),
    tables.Column("decided_on", "Afgjort", "Decided"),
    tables.Column("note", "Note", "Note"),
)
ROW = {
    "area_code": "HØJ-01",
    "share": Decimal("12.50"),
    "count": 7,
    "agreed": True,
    "decided_on": date(2026, 12, 7),
    "note": "æøå; med semikolon",
}
HOSTILE = ['=HYPERLINK("http://x","klik")', "+1+1", "-2+3", "@SUM(A1)", "\tgemt", "\rgemt"]


def _rows(content: bytes, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def test_the_danish_csv_has_a_bom_semicolons_danish_headers_and_decimal_commas() -> None:
    content = tables.to_csv(tables.Table(COLUMNS, [ROW]))

    assert content.startswith("\ufeff".encode())
    header, row = _rows(content, ";")
    assert header == ["Område", "Andel (%)", "Antal", "Aftalt", "Afgjort", "Note"]
    assert row == ["HØJ-01", "12,5", "7", "Ja", "07-12-2026", "æøå; med semikolon"]


def test_the_english_csv_for_people_keeps_semicolons_but_english_words() -> None:
    _, row = _rows(tables.to_csv(tables.Table(COLUMNS, [{**ROW, "agreed": False}]), lang="en"), ";")

    assert row[3] == "No"
    assert row[4] == "2026-12-07"


def test_the_machine_csv_has_stable_keys_iso_dates_and_points() -> None:
    content = tables.to_csv_machine(tables.Table(COLUMNS, [ROW, {"area_code": "X"}]))

    assert not content.startswith("\ufeff".encode())
    header, row, sparse = _rows(content, ",")
    assert header == [c.key for c in COLUMNS]
    assert row == ["HØJ-01", "12.50", "7", "true", "2026-12-07", "æøå; med semikolon"]
    assert sparse == ["X", "", "", "", "", ""]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_no_csv_cell_starts_a_formula(hostile: str) -> None:
    table = tables.Table(COLUMNS, [{**ROW, "area_code": hostile, "note": hostile}])

    for content, delimiter in ((tables.to_csv(table), ";"), (tables.to_csv_machine(table), ",")):
        _, row = _rows(content, delimiter)
        assert row[0] == "'" + hostile
        assert row[5] == "'" + hostile


def test_a_negative_number_is_a_number_not_escaped_text() -> None:
    _, row = _rows(tables.to_csv(tables.Table(COLUMNS, [{**ROW, "share": -1.5, "count": -3}])), ";")

    assert row[1:3] == ["-1,5", "-3"]


def test_the_xlsx_keeps_types_and_every_hostile_text_is_inert_text() -> None:
    rows = [{**ROW, "note": hostile, "area_code": hostile} for hostile in HOSTILE]
    content = tables.to_xlsx(tables.Table(COLUMNS, rows), title="Dispensationer efter § 51 c, 2026")

    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert sheet.title == "Dispensationer efter § 51 c, 20"  # a sheet name holds at most 31 characters
    assert [c.value for c in sheet[1]] == ["Område", "Andel (%)", "Antal", "Aftalt", "Afgjort", "Note"]
    for index, hostile in enumerate(HOSTILE, start=2):
        cells = sheet[index]
        stored = hostile.replace("\r", "\n")  # XML keeps no bare carriage return
        assert cells[0].value == stored and cells[0].data_type == "s"
        assert cells[5].value == stored and cells[5].data_type == "s" and cells[5].quotePrefix
        assert cells[1].value == 12.5 and cells[2].value == 7 and cells[3].value == "Ja"
        assert isinstance(cells[4].value, datetime) and cells[4].value.date() == date(2026, 12, 7)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_a_control_character_in_a_text_does_not_break_the_xlsx() -> None:
    """XML 1.0 cannot hold it: the cell shows the replacement character, and the file is still written."""
    rows = [{**ROW, "note": "Nordlys\x01 (demo)\x1b"}]

    content = tables.to_xlsx(tables.Table(COLUMNS, rows), title="Dage holdt af kommunen")

    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    assert sheet["F2"].value == "Nordlys\ufffd (demo)\ufffd"
    assert sheet["A2"].value == "HØJ-01"
