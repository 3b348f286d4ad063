"""Reading housing-data and official-list files: every bad cell reported, nothing half-read (pure)."""

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from math import isfinite
from typing import Any

from services.categorisation.rules.model import Designation, HousingRow
from services.kit.collector import collector_paused

MAX_ERRORS = 1000
XLSX_MAGIC = b"PK\x03\x04"
AREA_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,31}$")
DANISH_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
LINE_BOUNDARY = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")  # what str.splitlines() splits on

Error = dict[str, Any]

# The columns of the files as an analyst names them in Danish, beside the names the file uses (CONTRACT § 4).
COLUMN_NAMES_DA = {
    "year": "listeår",
    "area_code": "områdekode",
    "area_name": "områdenavn",
    "municipality_code": "kommunekode",
    "region_code": "regionskode",
    "residents": "beboere",
    "outside_labour_market_pct": "uden for arbejdsmarkedet, %",
    "convicted_pct": "dømte, %",
    "basic_education_pct": "kun grundskole, %",
    "income_pct_of_region": "indkomst i % af regionens",
    "non_western_pct": "ikke-vestlige, %",
    "designation": "udpegning",
}


def file_problem(loc: list[str | int], code: str, da: str, en: str) -> Error:
    """One problem of a file: where (`loc`, CONTRACT § 5), a stable `code`, and the sentence in Danish
    (`msg`, what the analyst reads) and English (`msg_en`), each naming the row and column."""
    if loc[0] == "row" and len(loc) > 2:
        column = str(loc[2])
        where_da = f"Række {loc[1]}, kolonne '{column}' ({COLUMN_NAMES_DA.get(column, column)})"
        where_en = f"Row {loc[1]}, column '{column}'"
    elif loc[0] == "row":
        where_da, where_en = f"Række {loc[1]}", f"Row {loc[1]}"
    elif loc[0] == "header":
        column = str(loc[1])
        named = f" ({COLUMN_NAMES_DA[column]})" if column in COLUMN_NAMES_DA else ""
        where_da, where_en = f"Overskriftsrækken, kolonne '{column}'{named}", f"Header row, column '{column}'"
    else:
        return {"loc": loc, "code": code, "msg": da, "msg_en": en}
    return {"loc": loc, "code": code, "msg": f"{where_da}: {da}", "msg_en": f"{where_en}: {en}"}


class FileRejected(Exception):
    """The file has problems; `errors` lists each as {"loc", "code", "msg", "msg_en"} (see `file_problem`)."""

    def __init__(self, errors: list[Error]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the file")
        self.errors = errors


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as the user sees it, cells)
    decimal_comma: bool
    text: bool = True  # every cell is a str (CSV); a workbook's cells are numbers and dates too


def _file_error(code: str, da: str, en: str) -> FileRejected:
    return FileRejected([file_problem(["file"], code, da, en)])


EMPTY_FILE = ("empty_file", "Filen er tom.", "The file is empty.")


def read_table(content: bytes) -> Table:
    """CSV (plain, or Danish Excel with ';' and decimal ',') or XLSX (first sheet)."""
    if not content.strip():
        raise _file_error(*EMPTY_FILE)
    if content.startswith(XLSX_MAGIC):
        return _read_xlsx(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _file_error(
            "not_utf8",
            "Filen er ikke UTF-8-tekst. Gem den i Excel som 'CSV UTF-8 (kommasepareret)', "
            "eller upload .xlsx-filen.",
            "The file is not UTF-8 text. In Excel, save it as 'CSV UTF-8 (kommasepareret)', "
            "or upload the .xlsx file.",
        ) from exc
    if "\x00" in text:
        # No text file holds NUL, and PostgreSQL could not store it in a name.
        raise _file_error(
            "nul_characters",
            "Filen indeholder NUL-tegn; den er ikke en CSV-tekstfil.",
            "The file contains NUL characters; it is not a CSV text file.",
        )
    # The first line as str.splitlines() would cut it, without splitting the whole file to find it.
    boundary = LINE_BOUNDARY.search(text)
    first_line = text[: boundary.start()] if boundary else text
    danish = first_line.count(";") > first_line.count(",")
    # newline="" as the csv module asks: it then reads \r, \n and \r\n line ends, and a line break inside
    # a quoted cell, itself.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if danish else ",")
    # Blank lines are skipped; testing the first cell before all of them keeps this cheap for full rows.
    try:
        lines = [
            (number, cells)
            for number, cells in enumerate(reader, start=1)
            if cells and (cells[0].strip() or any(c.strip() for c in cells))
        ]
    except csv.Error as exc:
        raise _file_error(
            "not_csv",
            f"Filen kan ikke læses som CSV (linje {reader.line_num}): {exc}.",
            f"The file is not readable as CSV (line {reader.line_num}): {exc}.",
        ) from None
    if not lines:
        raise _file_error(*EMPTY_FILE)
    header = _trimmed([cell.strip().lstrip("\ufeff") for cell in lines[0][1]])
    return Table(header=header, rows=lines[1:], decimal_comma=danish)


MAX_XLSX_UNPACKED_BYTES = 250 * 1024 * 1024
BAD_WORKBOOK = (
    "bad_workbook",
    "Filen ligner XLSX, men kan ikke læses som et regneark.",
    "The file looks like XLSX but cannot be read as a workbook.",
)


def _trimmed(header: list[str]) -> list[str]:
    """The header without the empty cells a spreadsheet leaves after the last named column."""
    while header and not header[-1]:
        header.pop()
    return header


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook  # imported here: only XLSX uploads pay for it

    try:
        # The upload limit is on the compressed file; a workbook that unpacks to far more is refused unread.
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _file_error(*BAD_WORKBOOK) from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise _file_error(
            "workbook_too_large",
            "Regnearket fylder mere end 250 MB udpakket; gem det som CSV, eller del det op.",
            "The workbook unpacks to more than 250 MB; save it as CSV or split it.",
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _file_error(*BAD_WORKBOOK) from exc
    sheet = workbook.worksheets[0]
    lines = [
        (number, ["" if cell is None else cell for cell in row])
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        if any(cell not in (None, "") for cell in row)
    ]
    workbook.close()
    if not lines:
        raise _file_error("empty_sheet", "Regnearkets første ark er tomt.", "The first sheet is empty.")
    header = _trimmed([str(cell).strip() for cell in lines[0][1]])
    return Table(header=header, rows=lines[1:], decimal_comma=False, text=False)


# --- cells -----------------------------------------------------------------------------------------


class CellError(ValueError):
    """What is wrong with one cell: a stable code and the reason in Danish and English (without where)."""

    def __init__(self, code: str, da: str, en: str) -> None:
        super().__init__(en)
        self.code, self.da, self.en = code, da, en


def _g(number: float, lang: str) -> str:
    """A bound as the reader writes it: 0,5 in Danish."""
    text = f"{number:g}"
    return text.replace(".", ",") if lang == "da" else text


EMPTY = ("empty", "er tom", "is empty")


def _number_text(cell: Any, decimal_comma: bool) -> str:
    text = str(cell).strip().rstrip("%").strip()
    if not text:
        raise CellError(*EMPTY)
    if decimal_comma:
        if DANISH_NUMBER.match(text):
            text = text.replace(".", "")
        text = text.replace(",", ".")
    return text


def _int(cell: Any, decimal_comma: bool) -> int:
    # Fast path for the common cell, plain digits: int() strips blanks itself, and without '%', '.' or
    # ',' the careful path below would hand it the same text. Anything int() refuses goes that way.
    if type(cell) is str and not (decimal_comma and ("." in cell or "," in cell)):
        try:
            return int(cell)
        except ValueError:
            pass
    if isinstance(cell, bool):
        raise CellError("not_whole_number", "skal være et helt tal", "must be a whole number")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        if cell.is_integer():
            return int(cell)
        raise CellError(
            "not_whole_number",
            f"skal være et helt tal, ikke {_g(cell, 'da')}",
            f"must be a whole number, not {cell}",
        )
    text = _number_text(cell, decimal_comma)
    try:
        return int(text)
    except ValueError:
        shown = repr(str(cell)[:40])
        raise CellError(
            "not_whole_number", f"skal være et helt tal, ikke {shown}", f"must be a whole number, not {shown}"
        ) from None


def _float(cell: Any, decimal_comma: bool) -> float:
    # Fast path as in _int; a Danish cell without a thousands '.' only needs its decimal ',' turned.
    if type(cell) is str and not (decimal_comma and "." in cell):
        try:
            value = float(cell.replace(",", ".") if decimal_comma else cell)
        except ValueError:
            pass
        else:
            if isfinite(value):
                return value
            raise CellError(*NOT_FINITE)
    if isinstance(cell, bool):
        raise CellError("not_number", "skal være et tal", "must be a number")
    if isinstance(cell, int | float):
        value = float(cell)
    else:
        text = _number_text(cell, decimal_comma)
        try:
            value = float(text)
        except ValueError:
            shown = repr(str(cell)[:40])
            raise CellError(
                "not_number", f"skal være et tal, ikke {shown}", f"must be a number, not {shown}"
            ) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise CellError(*NOT_FINITE)
    return value


NOT_FINITE = ("not_finite", "skal være et endeligt tal", "must be a finite number")


def _text(cell: Any, max_length: int) -> str:
    text = str(cell).strip()
    if not text:
        raise CellError(*EMPTY)
    if len(text) > max_length:
        raise CellError(
            "too_long", f"er længere end {max_length} tegn", f"is longer than {max_length} characters"
        )
    return text


def _ranged(parse: Callable[[Any, bool], Any], low: float, high: float | None) -> Callable[[Any, bool], Any]:
    def check(cell: Any, decimal_comma: bool) -> Any:
        value = parse(cell, decimal_comma)
        if value < low or (high is not None and value > high):
            if high is None:
                raise CellError(
                    "out_of_range", f"skal være mindst {_g(low, 'da')}", f"must be at least {low:g}"
                )
            raise CellError(
                "out_of_range",
                f"skal være mellem {_g(low, 'da')} og {_g(high, 'da')}",
                f"must be between {low:g} and {high:g}",
            )
        return value

    return check


def _area_code(cell: Any, _decimal_comma: bool) -> str:
    text = _text(cell, 32)
    if not AREA_CODE.match(text):
        raise CellError(
            "bad_area_code",
            "må kun indeholde bogstaver, tal, '.', '-' og '_'",
            "may hold letters, digits, '.', '-' and '_' only",
        )
    return text


# What each column of a housing file holds: a number type with its range, or text with its longest
# length. Both ways of reading a file below are made from this one table.
NUMBERS: dict[str, tuple[type[int] | type[float], float, float | None]] = {
    "year": (int, 1990, 2100),
    "municipality_code": (int, 101, 860),
    "region_code": (int, 1081, 1085),
    "residents": (int, 0, None),
    "outside_labour_market_pct": (float, 0, 100),
    "convicted_pct": (float, 0, 100),
    "basic_education_pct": (float, 0, 100),
    "income_pct_of_region": (float, 0, None),
    "non_western_pct": (float, 0, 100),
}
AREA_NAME_LENGTH = 200
# The careful, cell-by-cell parser of each column.
_CAREFUL: dict[str, Callable[[Any, bool], Any]] = {
    "area_code": _area_code,
    "area_name": lambda cell, _dc: _text(cell, AREA_NAME_LENGTH),
    **{
        name: _ranged(_int if kind is int else _float, low, high)
        for name, (kind, low, high) in NUMBERS.items()
    },
}
# In the order of CONTRACT § 4, which is also HousingRow's (the error for an unknown column lists them).
HOUSING_COLUMNS = {name: _CAREFUL[name] for name in HousingRow._fields}

OFFICIAL_NAMES = {
    **{d.value: d for d in Designation},
    "udsat": Designation.VULNERABLE_AREA,
    "udsat_boligomraade": Designation.VULNERABLE_AREA,
    "parallelsamfund": Designation.PARALLEL_SOCIETY,
    "omdannelsesomraade": Designation.TRANSFORMATION_AREA,
    "forebyggelsesomraade": Designation.PREVENTION_AREA,
    "kombineret_udlejning": Designation.COMBINED_LETTING_AREA,
}


# How the Danish names are written in a refusal; each is read by OFFICIAL_NAMES after normalising.
DANISH_DESIGNATIONS = (
    "udsat",
    "parallelsamfund",
    "omdannelsesområde",
    "forebyggelsesområde",
    "kombineret udlejning",
)


def _designation(cell: Any, _decimal_comma: bool) -> Designation:
    key = _text(cell, 64).lower().replace(" ", "_").replace("å", "aa").replace("-", "_")
    if key not in OFFICIAL_NAMES:
        names = ", ".join(d.value for d in Designation)
        raise CellError(
            "unknown_designation",
            f"skal være en af {', '.join(DANISH_DESIGNATIONS)} (eller {names})",
            f"must be one of {names}",
        )
    return OFFICIAL_NAMES[key]


OFFICIAL_COLUMNS: dict[str, Callable[[Any, bool], Any]] = {
    "year": _ranged(_int, 1990, 2100),
    "area_code": _area_code,
    "designation": _designation,
}


# --- whole files -----------------------------------------------------------------------------------


def _check_header(header: list[str], columns: Iterable[str]) -> list[Error]:
    expected = list(columns)
    errors: list[Error] = []
    seen: set[str] = set()
    listed = ", ".join(expected)
    for name in header:
        if name in seen:
            errors.append(
                file_problem(
                    ["header", name], "duplicate_column", "kolonnen står to gange", "the column appears twice"
                )
            )
        seen.add(name)
        if name not in expected:
            errors.append(
                file_problem(
                    ["header", name],
                    "unknown_column",
                    f"ukendt kolonne; filen skal have kolonnerne {listed}",
                    f"unknown column; expected {listed}",
                )
            )
    errors.extend(
        file_problem(["header", name], "missing_column", "kolonnen mangler", "the column is missing")
        for name in expected
        if name not in seen
    )
    return errors


def _records(
    table: Table, columns: dict[str, Callable[[Any, bool], Any]]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each row as parsed values; collects every cell error and raises them together at the end."""
    errors = _check_header(table.header, columns)
    if errors:
        raise FileRejected(errors)
    if not table.rows:
        raise _file_error(
            "no_rows",
            "Filen har en overskriftsrække, men ingen rækker.",
            "The file has a header but no rows.",
        )
    positions = {name: table.header.index(name) for name in columns}
    plan = [(name, positions[name], parse) for name, parse in columns.items()]
    width = len(table.header)
    decimal_comma = table.decimal_comma
    for number, cells in table.rows:
        if len(cells) == width or (len(cells) > width and not any(str(c).strip() for c in cells[width:])):
            # A full row, the common case: parse it in one go. On a bad cell the careful loop below
            # parses the row again (the parsers are pure) to report every bad cell, not just the first.
            try:
                record = {name: parse(cells[index], decimal_comma) for name, index, parse in plan}
            except CellError:
                pass
            else:
                yield number, record
                continue
        record = {}
        row_errors: list[Error] = []
        for name, parse in columns.items():
            index = positions[name]
            cell = cells[index] if index < len(cells) else ""
            try:
                record[name] = parse(cell, table.decimal_comma)
            except CellError as exc:
                row_errors.append(file_problem(["row", number, name], exc.code, exc.da, exc.en))
        if len(cells) > len(table.header) and any(str(c).strip() for c in cells[len(table.header) :]):
            row_errors.append(
                file_problem(
                    ["row", number],
                    "extra_cells",
                    "rækken har flere celler end overskriftsrækken",
                    "the row has more cells than the header",
                )
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        yield number, record
    if errors:
        raise FileRejected(errors)


def _limited(errors: list[Error]) -> list[Error]:
    if len(errors) <= MAX_ERRORS:
        return errors
    more = len(errors) - MAX_ERRORS
    return [
        *errors[:MAX_ERRORS],
        file_problem(
            ["file"], "more_problems", f"… og {more} problemer mere.", f"… and {more} more problems."
        ),
    ]


def _by_columns(table: Table) -> list[HousingRow] | None:
    """A CSV file's rows read a whole column at a time, or None when any cell needs a closer look.

    A national file is 60,000 rows of eleven cells, and reading it cell by cell in Python took most of
    an import's time; the built-ins int, float, min and max do a column each in C. They accept exactly
    what the cell-by-cell fast paths accept (_int, _float, _text, _area_code), so a file read here
    gives the same rows. Anything else (a Danish thousands separator, a percent sign, a blank or
    bad cell, a short row, a duplicate, a number out of range) returns None, and the careful reading
    then reports every problem by row and column.
    """
    if not table.text or not table.rows or _check_header(table.header, HOUSING_COLUMNS):
        return None
    width = len(table.header)
    if any(len(cells) != width for _, cells in table.rows):
        return None
    by_name = dict(zip(table.header, zip(*(cells for _, cells in table.rows), strict=True), strict=True))
    columns: dict[str, list[Any]] = {}
    try:
        for name, (kind, low, high) in NUMBERS.items():
            cells: Sequence[Any] = by_name[name]
            if kind is float and table.decimal_comma:
                if any("." in cell for cell in cells):
                    return None  # thousands separators: the careful reading takes them out
                cells = [cell.replace(",", ".") for cell in cells]
            values = list(map(kind, cells))
            if min(values) < low or (high is not None and max(values) > high):
                return None
            if kind is float and not all(map(isfinite, values)):
                return None
            columns[name] = values
    except ValueError:
        return None
    codes = [cell.strip() for cell in by_name["area_code"]]
    names = [cell.strip() for cell in by_name["area_name"]]
    if not all(map(AREA_CODE.match, codes)) or not all(names) or max(map(len, names)) > AREA_NAME_LENGTH:
        return None
    columns["area_code"], columns["area_name"] = codes, names
    if len(set(zip(columns["year"], codes, strict=True))) != len(codes):
        return None  # a duplicate (year, area): reported with both row numbers by the careful reading
    return list(map(HousingRow._make, zip(*(columns[name] for name in HousingRow._fields), strict=True)))


def parse_housing_data(content: bytes) -> list[HousingRow]:
    """All rows of a housing-data file, or FileRejected listing every problem by row and column."""
    # A national file becomes some 60,000 lists of cells and as many rows, plain data without cycles:
    # the cyclic collector walking them again and again took two thirds of the time.
    with collector_paused():
        return _parse_housing_data(content)


def _parse_housing_data(content: bytes) -> list[HousingRow]:
    table = read_table(content)
    fast = _by_columns(table)
    if fast is not None:
        return fast
    rows: list[HousingRow] = []
    errors: list[Error] = []
    first_seen: dict[tuple[int, str], int] = {}
    try:
        for number, record in _records(table, HOUSING_COLUMNS):
            key = (record["year"], record["area_code"])
            if key in first_seen:
                errors.append(
                    file_problem(
                        ["row", number, "area_code"],
                        "duplicate",
                        f"{key[1]} i {key[0]} står også i række {first_seen[key]}",
                        f"duplicate: {key[1]} in {key[0]} is also on row {first_seen[key]}",
                    )
                )
                continue
            first_seen[key] = number
            rows.append(HousingRow(**record))
    except FileRejected as exc:
        errors = exc.errors + errors
    if errors:
        raise FileRejected(_limited(sorted(errors, key=_error_order)))
    return rows


def parse_official_list(content: bytes) -> list[tuple[int, str, Designation]]:
    """(year, area code, designation) triples of the ministry's published list."""
    table = read_table(content)
    seen: set[tuple[int, str, Designation]] = set()
    try:
        for _number, record in _records(table, OFFICIAL_COLUMNS):
            seen.add((record["year"], record["area_code"], record["designation"]))
    except FileRejected as exc:
        raise FileRejected(_limited(exc.errors)) from None
    return sorted(seen)


def _error_order(error: Error) -> tuple[int, str]:
    loc = error["loc"]
    return (loc[1] if len(loc) > 1 and isinstance(loc[1], int) else 0, str(loc[-1]))
