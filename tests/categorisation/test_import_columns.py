"""The column-at-a-time reading of a CSV housing file gives exactly what the cell-by-cell reading gives."""

import pytest

from services.categorisation import importing
from services.categorisation.importing import FileRejected, parse_housing_data, read_table
from tests.categorisation.factories import HEADER, csv_bytes, row, xlsx_bytes

ROWS = [
    row(
        2024, "A1", area_name="Søbakken Ø", residents=2650, outside_labour_market_pct=40.5, convicted_pct=1.25
    ),
    row(2024, "B-2", area_name="Åparken", residents=980, income_pct_of_region=112.75, non_western_pct=0.0),
    row(2023, "A1", area_name="Søbakken Ø", residents=0, basic_education_pct=100.0),
]


def _file(*lines: str, separator: str = ",") -> bytes:
    return "\r\n".join([separator.join(HEADER), *lines, ""]).encode()


def _careful(content: bytes, monkeypatch: pytest.MonkeyPatch) -> object:
    """What the cell-by-cell reading alone gives: the rows, or the problems it reports."""
    with monkeypatch.context() as patched:
        patched.setattr(importing, "_by_columns", lambda _table: None)
        try:
            return parse_housing_data(content)
        except FileRejected as exc:
            return exc.errors


@pytest.mark.parametrize(
    "content",
    [
        csv_bytes(ROWS),
        csv_bytes(ROWS, bom=True),
        _file("2024;A1;Søbakken;159;1084;2650;40,5;1,25;61,5;54,9;50", separator=";"),  # decimal commas
        csv_bytes(ROWS).replace(b"\r\n", b"\n"),
        _file("2024, A1 , Søbakken ,159,1084, 2650 , 40.5 ,1.25,61.5,54.9,50"),  # blanks around cells
        _file("2024,A1,Søbakken,159,1084,2650,4e1,1.25,61.5,54.9,50"),  # an exponent
        _file("2024,A1,Søbakken,101,1081,0,0,0,0,0,0", "2024,A2,Søparken,860,1085,1,100,100,100,400,100"),
    ],
    ids=["plain", "bom", "danish", "lf", "blanks", "exponent", "range-ends"],
)
def test_a_file_read_by_columns_gives_the_rows_the_careful_reading_gives(content, monkeypatch):
    by_columns = importing._by_columns(read_table(content))

    assert by_columns is not None
    assert by_columns == _careful(content, monkeypatch)
    # The same types too: 52 and 52.0 are equal but print apart in the API.
    assert [[type(v) for v in r] for r in by_columns] == [
        [type(v) for v in r] for r in _careful(content, monkeypatch)
    ]


@pytest.mark.parametrize(
    "content",
    [
        _file("2024;A1;Søbakken;159;1084;2.650;40,5;1,25;61,5;54,9;50", separator=";"),  # thousands point
        _file("2024,A1,Søbakken,159,1084,2650,40.5%,1.25,61.5,54.9,50"),  # a percent sign
        _file("2024,A1,Søbakken,159,1084,2650,,1.25,61.5,54.9,50"),  # a blank cell
        _file("2024,A1,Søbakken,159,1084,2650,40.5,1.25,61.5,54.9"),  # a short row
        _file("2024,A1,Søbakken,159,1084,2650,40.5,1.25,61.5,54.9,50,"),  # an empty cell after the last
        _file("2024,A1,Søbakken,159,1084,2650,40.5,1.25,61.5,54.9,50", "2024,A1,Igen,159,1084,1,1,1,1,1,1"),
        _file("2024,A1,Søbakken,159,1084,2650,140.5,1.25,61.5,54.9,50"),  # above 100 %
        _file("2024,A1,Søbakken,159,1084,-1,40.5,1.25,61.5,54.9,50"),  # negative residents
        _file("2024,A1,Søbakken,159,1084,2650,inf,1.25,61.5,54.9,50"),  # not finite
        _file("2024,A 1,Søbakken,159,1084,2650,40.5,1.25,61.5,54.9,50"),  # a space in the code
        _file(f"2024,A1,{'x' * 201},159,1084,2650,40.5,1.25,61.5,54.9,50"),  # a name too long
        _file("2024,A1, ,159,1084,2650,40.5,1.25,61.5,54.9,50"),  # a blank name
        _file("2024,A1,Søbakken,159,1084,2650.0,40.5,1.25,61.5,54.9,50"),  # a decimal point in a count
        xlsx_bytes(ROWS),  # a workbook's cells are numbers, not text
    ],
    ids=[
        "thousands",
        "percent",
        "blank",
        "short",
        "trailing-empty",
        "duplicate",
        "above-100",
        "negative",
        "infinite",
        "bad-code",
        "long-name",
        "blank-name",
        "decimal-count",
        "xlsx",
    ],
)
def test_anything_unusual_is_left_to_the_careful_reading(content, monkeypatch):
    assert importing._by_columns(read_table(content)) is None
    try:
        parsed: object = parse_housing_data(content)
    except FileRejected as exc:
        parsed = exc.errors
    assert parsed == _careful(content, monkeypatch)
