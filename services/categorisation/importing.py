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


class FileRejected(Exception):
    """The file has problems; `errors` lists each as {"loc": [...], "msg": ...}."""

    def __init__(self, errors: list[Error]) -> None:
        super().__init__(f"{len(errors)} problem(s) in the file")
        self.errors = errors


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number as the user sees it, cells)
    decimal_comma: bool
    text: bool = True  # every cell is a str (CSV); a workbook's cells are numbers and dates too


def _file_error(msg: str) -> FileRejected:
    return FileRejected([{"loc": ["file"], "msg": msg}])


def read_table(content: bytes) -> Table:
    """CSV (plain, or Danish Excel with ';' and decimal ',') or XLSX (first sheet)."""
    if not content.strip():
        raise _file_error("The file is empty.")
    if content.startswith(XLSX_MAGIC):
        return _read_xlsx(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _file_error(
            "The file is not UTF-8 text. In Excel, save it as 'CSV UTF-8 (kommasepareret)', "
            "or upload the .xlsx file."
        ) from exc
    if "\x00" in text:
        # No text file holds NUL, and PostgreSQL could not store it in a name.
        raise _file_error("The file contains NUL characters; it is not a CSV text file.")
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
        raise _file_error(f"The file is not readable as CSV (line {reader.line_num}): {exc}.") from None
    if not lines:
        raise _file_error("The file is empty.")
    header = _trimmed([cell.strip().lstrip("\ufeff") for cell in lines[0][1]])
    return Table(header=header, rows=lines[1:], decimal_comma=danish)


MAX_XLSX_UNPACKED_BYTES = 250 * 1024 * 1024


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
        raise _file_error("The file looks like XLSX but cannot be read as a workbook.") from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise _file_error("The workbook unpacks to more than 250 MB; save it as CSV or split it.")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _file_error("The file looks like XLSX but cannot be read as a workbook.") from exc
    sheet = workbook.worksheets[0]
    lines = [
        (number, ["" if cell is None else cell for cell in row])
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)
        if any(cell not in (None, "") for cell in row)
    ]
    workbook.close()
    if not lines:
        raise _file_error("The first sheet is empty.")
    header = _trimmed([str(cell).strip() for cell in lines[0][1]])
    return Table(header=header, rows=lines[1:], decimal_comma=False, text=False)


# --- cells -----------------------------------------------------------------------------------------


class CellError(ValueError):
    pass


def _number_text(cell: Any, decimal_comma: bool) -> str:
    text = str(cell).strip().rstrip("%").strip()
    if not text:
        raise CellError("is empty")
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
        raise CellError("must be a whole number")
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float):
        if cell.is_integer():
            return int(cell)
        raise CellError(f"must be a whole number, not {cell}")
    text = _number_text(cell, decimal_comma)
    try:
        return int(text)
    except ValueError:
        raise CellError(f"must be a whole number, not {str(cell)[:40]!r}") from None


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
            raise CellError("must be a finite number")
    if isinstance(cell, bool):
        raise CellError("must be a number")
    if isinstance(cell, int | float):
        value = float(cell)
    else:
        text = _number_text(cell, decimal_comma)
        try:
            value = float(text)
        except ValueError:
            raise CellError(f"must be a number, not {str(cell)[:40]!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise CellError("must be a finite number")
    return value


def _text(cell: Any, max_length: int) -> str:
    text = str(cell).strip()
    if not text:
        raise CellError("is empty")
    if len(text) > max_length:
        raise CellError(f"is longer than {max_length} characters")
    return text


def _ranged(parse: Callable[[Any, bool], Any], low: float, high: float | None) -> Callable[[Any, bool], Any]:
    def check(cell: Any, decimal_comma: bool) -> Any:
        value = parse(cell, decimal_comma)
        if value < low or (high is not None and value > high):
            raise CellError(
                f"must be between {low:g} and {high:g}" if high is not None else f"must be at least {low:g}"
            )
        return value

    return check


def _area_code(cell: Any, _decimal_comma: bool) -> str:
    text = _text(cell, 32)
    if not AREA_CODE.match(text):
        raise CellError("may hold letters, digits, '.', '-' and '_' only")
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


def _designation(cell: Any, _decimal_comma: bool) -> Designation:
    key = _text(cell, 64).lower().replace(" ", "_").replace("å", "aa").replace("-", "_")
    if key not in OFFICIAL_NAMES:
        raise CellError("must be one of " + ", ".join(d.value for d in Designation))
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
    for name in header:
        if name in seen:
            errors.append({"loc": ["header", name], "msg": "the column appears twice"})
        seen.add(name)
        if name not in expected:
            errors.append({"loc": ["header", name], "msg": "unknown column; expected " + ", ".join(expected)})
    errors.extend(
        {"loc": ["header", name], "msg": "the column is missing"} for name in expected if name not in seen
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
        raise _file_error("The file has a header but no rows.")
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
                row_errors.append({"loc": ["row", number, name], "msg": f"{name} {exc}"})
        if len(cells) > len(table.header) and any(str(c).strip() for c in cells[len(table.header) :]):
            row_errors.append({"loc": ["row", number], "msg": "the row has more cells than the header"})
        if row_errors:
            errors.extend(row_errors)
            continue
        yield number, record
    if errors:
        raise FileRejected(errors)


def _limited(errors: list[Error]) -> list[Error]:
    if len(errors) <= MAX_ERRORS:
        return errors
    return [*errors[:MAX_ERRORS], {"loc": ["file"], "msg": f"and {len(errors) - MAX_ERRORS} more problems"}]


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
                    {
                        "loc": ["row", number, "area_code"],
                        "msg": f"duplicate: {key[1]} in {key[0]} is also on row {first_seen[key]}",
                    }
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
