"""Reading housing-data files (CONTRACT § 4) without a database: every dialect, every problem reported."""

import io

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font

from services.categorisation import importing
from services.categorisation.importing import FileRejected, parse_housing_data, parse_official_list
from services.categorisation.rules.model import Designation
from tests.categorisation.factories import HEADER, csv_bytes, row, xlsx_bytes

ROWS = [
    row(
        2024, "A1", area_name="Søbakken Ø", residents=2650, outside_labour_market_pct=40.5, convicted_pct=1.25
    ),
    row(2024, "B-2", area_name="Åparken", residents=980, income_pct_of_region=112.75),
    row(2023, "A1", area_name="Søbakken Ø", residents=2600, non_western_pct=0.0),
]


def _errors(content: bytes) -> list[dict]:
    with pytest.raises(FileRejected) as caught:
        parse_housing_data(content)
    errors = caught.value.errors
    assert errors, "a rejected file must say why"
    for error in errors:
        assert set(error) == {"loc", "code", "msg", "msg_en"}
        assert all(isinstance(error[key], str) and error[key] for key in ("code", "msg", "msg_en"))
    return errors


def _locs(content: bytes) -> list[list]:
    return [e["loc"] for e in _errors(content)]


@pytest.mark.parametrize(
    "content",
    [
        csv_bytes(ROWS),
        csv_bytes(ROWS, bom=True),
        csv_bytes(ROWS, danish=True),
        csv_bytes(ROWS, danish=True, bom=True),
        xlsx_bytes(ROWS),
        csv_bytes(ROWS).replace(b"\r\n", b"\n"),
    ],
    ids=["plain", "bom", "danish-excel", "danish-excel-bom", "xlsx", "lf-line-ends"],
)
def test_every_dialect_reads_the_same_rows(content):
    assert parse_housing_data(content) == ROWS


def test_danish_dialect_reads_decimal_commas_and_thousands_points():
    content = (
        ";".join(HEADER) + "\r\n" + "2024;A1;Søbakken;159;1084;2.650;40,5;1,25;61,5;54,9;50,01\r\n"
    ).encode()

    (parsed,) = parse_housing_data(content)

    assert parsed.residents == 2650
    assert (parsed.outside_labour_market_pct, parsed.convicted_pct) == (40.5, 1.25)
    assert (parsed.basic_education_pct, parsed.income_pct_of_region, parsed.non_western_pct) == (
        61.5,
        54.9,
        50.01,
    )


def test_columns_may_come_in_any_order():
    reordered = list(reversed(HEADER))

    assert parse_housing_data(csv_bytes(ROWS, header=reordered)) == ROWS


def _xlsx_with_a_formatted_empty_column() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(HEADER))
    sheet.append([getattr(ROWS[0], name) for name in HEADER])
    sheet.cell(row=1, column=len(HEADER) + 1).font = Font(bold=True)  # styled, but empty
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        _xlsx_with_a_formatted_empty_column(),
        csv_bytes([ROWS[0]]).replace(b"\r\n", b",\r\n"),
        csv_bytes([ROWS[0]], danish=True).replace(b"\r\n", b";\r\n"),
    ],
    ids=["xlsx-formatted-empty-column", "csv-trailing-comma", "danish-trailing-semicolon"],
)
def test_an_empty_column_after_the_last_one_is_no_unknown_column(content):
    # Excel keeps formatted or cleared columns in the sheet's range and exports them as empty cells; the
    # file still has exactly the contract's columns, so it must be read, not rejected as "unknown column ''".
    assert parse_housing_data(content) == [ROWS[0]]


def test_a_blank_line_keeps_row_numbers_as_the_user_sees_them():
    lines = csv_bytes([ROWS[0], ROWS[1]]).decode().split("\r\n")
    lines.insert(2, "")  # file line 3 is blank, the second area is on line 4
    bad = "\r\n".join(lines).replace("Åparken,159,1084,980", "Åparken,159,1084,-5").encode()

    assert _locs(bad) == [["row", 4, "residents"]]


def test_missing_and_unknown_columns_are_named():
    header = [c for c in HEADER if c != "non_western_pct"] + ["ghetto_flag"]
    content = csv_bytes(ROWS, header=header)

    errors = _errors(content)

    assert {tuple(e["loc"]) for e in errors} == {("header", "non_western_pct"), ("header", "ghetto_flag")}
    messages = {e["loc"][1]: e["msg"] for e in errors}
    assert (
        messages["non_western_pct"]
        == "Overskriftsrækken, kolonne 'non_western_pct' (ikke-vestlige, %): kolonnen mangler"
    )
    assert messages["ghetto_flag"].startswith("Overskriftsrækken, kolonne 'ghetto_flag': ukendt kolonne;")
    assert {e["loc"][1]: e["code"] for e in errors} == {
        "non_western_pct": "missing_column",
        "ghetto_flag": "unknown_column",
    }
    assert "missing" in {e["loc"][1]: e["msg_en"] for e in errors}["non_western_pct"]


@pytest.mark.parametrize(
    ("column", "bad", "code", "danish", "english"),
    [
        ("residents", "mange", "not_whole_number", "skal være et helt tal, ikke 'mange'", "whole number"),
        ("residents", "-1", "out_of_range", "skal være mindst 0", "at least 0"),
        ("residents", "12.5", "not_whole_number", "skal være et helt tal", "whole number"),
        (
            "outside_labour_market_pct",
            "100.01",
            "out_of_range",
            "skal være mellem 0 og 100",
            "between 0 and 100",
        ),
        ("convicted_pct", "-0.1", "out_of_range", "skal være mellem 0 og 100", "between 0 and 100"),
        ("basic_education_pct", "n/a", "not_number", "skal være et tal, ikke 'n/a'", "number"),
        ("non_western_pct", "101", "out_of_range", "skal være mellem 0 og 100", "between 0 and 100"),
        ("income_pct_of_region", "-1", "out_of_range", "skal være mindst 0", "at least 0"),
        ("income_pct_of_region", "nan", "not_finite", "skal være et endeligt tal", "finite"),
        ("year", "2024b", "not_whole_number", "skal være et helt tal", "whole number"),
        ("region_code", "1086", "out_of_range", "skal være mellem 1081 og 1085", "between 1081 and 1085"),
        ("area_code", "A 1", "bad_area_code", "må kun indeholde bogstaver, tal", "letters, digits"),
        ("area_name", "", "empty", "er tom", "empty"),
    ],
)
def test_a_bad_cell_is_reported_by_row_and_column(column, bad, code, danish, english):
    text = csv_bytes(ROWS).decode()
    lines = text.split("\r\n")
    cells = lines[2].split(",")  # the second data row is row 3 of the file
    cells[HEADER.index(column)] = bad
    lines[2] = ",".join(cells)

    errors = _errors("\r\n".join(lines).encode())

    assert [e["loc"] for e in errors] == [["row", 3, column]]
    assert errors[0]["code"] == code
    # The analyst reads where and what in Danish: "Række 3, kolonne 'residents' (beboere): skal være …".
    where = f"Række 3, kolonne '{column}' ({importing.COLUMN_NAMES_DA[column]}): "
    assert errors[0]["msg"].startswith(where + danish), errors[0]["msg"]
    assert errors[0]["msg_en"].startswith(f"Row 3, column '{column}': ")
    assert english in errors[0]["msg_en"]


@pytest.mark.parametrize("value", [0.0, 100.0])
def test_percent_bounds_are_inclusive(value):
    parsed = parse_housing_data(
        csv_bytes([row(2024, outside_labour_market_pct=value, non_western_pct=value)])
    )

    assert parsed[0].outside_labour_market_pct == value


def test_residents_zero_is_allowed():
    assert parse_housing_data(csv_bytes([row(2024, residents=0)]))[0].residents == 0


def test_duplicate_year_and_area_is_rejected():
    errors = _errors(csv_bytes([ROWS[0], ROWS[1], ROWS[0]]))

    assert [e["loc"] for e in errors] == [["row", 4, "area_code"]]
    assert errors[0]["msg"] == "Række 4, kolonne 'area_code' (områdekode): A1 i 2024 står også i række 2"
    assert "row 2" in errors[0]["msg_en"]


def test_the_same_area_in_two_years_is_not_a_duplicate():
    assert len(parse_housing_data(csv_bytes([row(2023), row(2024)]))) == 2


@pytest.mark.parametrize(
    ("content", "danish", "english"),
    [
        (b"", "Filen er tom.", "empty"),
        (b" \r\n\r\n", "Filen er tom.", "empty"),
        (",".join(HEADER).encode() + b"\r\n", "Filen har en overskriftsrække, men ingen rækker.", "no rows"),
        (
            csv_bytes(ROWS).decode().replace("Søbakken Ø", "Søbakken Å").encode("latin-1"),
            "Filen er ikke UTF-8-tekst.",
            "UTF-8",
        ),
        (b"PK\x03\x04 not really a workbook", "kan ikke læses som et regneark", "XLSX"),
    ],
    ids=["empty", "blank-lines", "header-only", "latin-1", "broken-xlsx"],
)
def test_unreadable_files_are_rejected_as_a_whole(content, danish, english):
    errors = _errors(content)

    assert [e["loc"] for e in errors] == [["file"]]
    assert danish in errors[0]["msg"]
    assert english in errors[0]["msg_en"]


def test_every_problem_is_reported_at_once_in_row_order():
    good, second, third = ROWS
    text = csv_bytes([good, second, third, good]).decode()
    text = text.replace("Åparken,159,1084,980,10.0", "Åparken,159,1084,mange,140.5")  # row 3: two cells
    text = text.replace("2023,A1,Søbakken Ø,159,1084,2600", "2023,A1,Søbakken Ø,159,1084,-2600")  # row 4
    content = text.encode()

    assert _locs(content) == [
        ["row", 3, "outside_labour_market_pct"],
        ["row", 3, "residents"],
        ["row", 4, "residents"],
        ["row", 5, "area_code"],  # the duplicate of row 2
    ]


def test_xlsx_problems_carry_sheet_row_numbers():
    content = xlsx_bytes([ROWS[0], row(2024, "B1", convicted_pct=250.0)])

    assert _locs(content) == [["row", 3, "convicted_pct"]]


def test_xlsx_with_a_wrong_header():
    content = xlsx_bytes(ROWS, header=[c for c in HEADER if c != "residents"])

    assert _locs(content) == [["header", "residents"]]


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused_unread(monkeypatch):
    # A zip bomb is small on the wire: the limit is checked on the sizes the archive declares.
    content = xlsx_bytes(ROWS)
    monkeypatch.setattr(importing, "MAX_XLSX_UNPACKED_BYTES", 1024)

    errors = _errors(content)

    assert len(errors) == 1 and "unpacks to more than" in errors[0]["msg_en"]
    assert "fylder mere end 250 MB udpakket" in errors[0]["msg"]
    monkeypatch.undo()
    assert len(parse_housing_data(content)) == len(ROWS)


def test_official_list_accepts_contract_and_danish_names():
    content = (
        "year,area_code,designation\n"
        "2024,A1,vulnerable_area\n"
        "2024,A1,parallelsamfund\n"
        "2024,A2,omdannelsesområde\n"
        "2024,A3,Forebyggelsesomraade\n"
        "2024,A3,forebyggelsesomraade\n"
    ).encode()

    assert parse_official_list(content) == [
        (2024, "A1", Designation.PARALLEL_SOCIETY),
        (2024, "A1", Designation.VULNERABLE_AREA),
        (2024, "A2", Designation.TRANSFORMATION_AREA),
        (2024, "A3", Designation.PREVENTION_AREA),
    ]


def test_official_list_rejects_an_unknown_designation():
    with pytest.raises(FileRejected) as caught:
        parse_official_list(b"year,area_code,designation\n2024,A1,ghetto\n")

    assert [e["loc"] for e in caught.value.errors] == [["row", 2, "designation"]]
    assert caught.value.errors[0]["msg"].startswith(
        "Række 2, kolonne 'designation' (udpegning): skal være en af udsat, parallelsamfund, "
    )


@pytest.mark.parametrize("name", importing.DANISH_DESIGNATIONS)
def test_the_danish_names_a_refusal_offers_are_accepted(name):
    assert len(parse_official_list(f"year,area_code,designation\n2024,A1,{name}\n".encode())) == 1


def test_old_mac_line_ends_read_like_any_other():
    """A lone carriage return ends a line (the fuzzer found it crashing the CSV reader with a 500)."""
    content = csv_bytes(ROWS).replace(b"\r\n", b"\r")
    assert parse_housing_data(content) == parse_housing_data(csv_bytes(ROWS))


def test_a_stray_carriage_return_in_garbage_is_a_rejected_file_not_a_crash():
    _errors(b"\r\xc2\xb1v0\x13O\xc3\xaa")


def test_nul_characters_reject_the_file():
    """PostgreSQL cannot store NUL in a name; the file is refused before anything is stored."""
    content = csv_bytes([row(2024, "A1", area_name="Søbakken\x00Ø")])
    assert any("NUL" in error["msg"] for error in _errors(content))
