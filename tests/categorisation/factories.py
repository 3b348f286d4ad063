"""Small typed factories for the categorisation tests: figures, files, engine runs and API seeding."""

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

import httpx
from openpyxl import Workbook

from services.categorisation.rules.engine import Engine, Inputs
from services.categorisation.rules.model import (
    AreaResult,
    CriterionResult,
    Designation,
    HousingRow,
    LocalThresholds,
)

# CONTRACT § 4, in order.
HEADER = (
    "year",
    "area_code",
    "area_name",
    "municipality_code",
    "region_code",
    "residents",
    "outside_labour_market_pct",
    "convicted_pct",
    "basic_education_pct",
    "income_pct_of_region",
    "non_western_pct",
)

# Figures that meet no criterion of any list (with a national average share convicted of 1.0).
NEUTRAL: dict[str, Any] = {
    "municipality_code": 159,
    "region_code": 1084,
    "residents": 2000,
    "outside_labour_market_pct": 10.0,
    "convicted_pct": 0.5,
    "basic_education_pct": 20.0,
    "income_pct_of_region": 100.0,
    "non_western_pct": 10.0,
}
# Vulnerable (labour, basic education, income) and above 50 % non-western: a parallel society.
PARALLEL: dict[str, Any] = {
    "outside_labour_market_pct": 45.0,
    "basic_education_pct": 65.0,
    "income_pct_of_region": 50.0,
    "non_western_pct": 60.0,
}
# Prevention area: 2 prevention criteria (labour, income), no vulnerable criterion, > 30 % non-western.
PREVENTION: dict[str, Any] = {
    "outside_labour_market_pct": 35.0,
    "income_pct_of_region": 60.0,
    "non_western_pct": 40.0,
}
# Yellow: two local criteria (labour > 25, basic education > 50) and nothing national.
YELLOW: dict[str, Any] = {"outside_labour_market_pct": 27.0, "basic_education_pct": 55.0}

# DOMAIN § 4 defaults, as in config/municipalities/gladsaxe.toml.
LOCAL_DEFAULTS = LocalThresholds(
    outside_labour_market_pct_above=25.0,
    convicted_multiple_at_least=1.5,
    basic_education_pct_above=50.0,
    income_pct_of_region_below=70.0,
    criteria_needed=2,
)


def row(year: int, code: str = "A1", **overrides: Any) -> HousingRow:
    """One area-year of figures: neutral unless overridden."""
    values: dict[str, Any] = {**NEUTRAL, "area_name": f"Area {code}", **overrides}
    return HousingRow(year=year, area_code=code, **values)


def rows(years: Iterable[int], code: str = "A1", **overrides: Any) -> list[HousingRow]:
    """The same figures for an area in each of `years`."""
    return [row(year, code, **overrides) for year in years]


def _cell(value: Any, danish: bool) -> str:
    if not danish:
        return str(value)
    if isinstance(value, float):
        return str(value).replace(".", ",")
    if isinstance(value, int) and value >= 1000:
        return f"{value:,}".replace(",", ".")  # Danish thousands separator
    return str(value)


def csv_bytes(
    data: Iterable[HousingRow],
    *,
    danish: bool = False,
    bom: bool = False,
    header: Iterable[str] = HEADER,
) -> bytes:
    """A housing-data file: plain CSV, or Danish Excel (';' and decimal ',') when `danish`."""
    columns = list(header)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if danish else ",", lineterminator="\r\n")
    writer.writerow(columns)
    for item in data:
        writer.writerow([_cell(getattr(item, name, ""), danish) for name in columns])
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")


def xlsx_bytes(data: Iterable[HousingRow], *, header: Iterable[str] = HEADER) -> bytes:
    """The same columns in the first sheet of a workbook, numbers as numeric cells."""
    columns = list(header)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Boligdata"
    sheet.append(columns)
    for item in data:
        sheet.append([getattr(item, name) for name in columns])
    workbook.create_sheet("Noter").append(["not read: only the first sheet counts"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def national(years: Iterable[int], pct: float = 1.0) -> dict[int, float]:
    return dict.fromkeys(years, pct)


def evaluate(
    data: Iterable[HousingRow],
    year: int,
    code: str = "A1",
    *,
    national_pct: Mapping[int, float] | None = None,
    official: Mapping[int, Mapping[str, frozenset[Designation]]] | None = None,
    local: LocalThresholds = LOCAL_DEFAULTS,
) -> AreaResult:
    """Run the engine on plain data and return one area's result (it must exist)."""
    by_year: dict[int, dict[str, HousingRow]] = {}
    for item in data:
        by_year.setdefault(item.year, {})[item.area_code] = item
    inputs = Inputs(
        rows=by_year,
        national_convicted_pct=national(range(year - 7, year + 1)) if national_pct is None else national_pct,
        official=official or {},
    )
    result = Engine(inputs).area(year, code, local)
    assert result is not None, f"no result for {code} in {year}"
    return result


def criterion(result: AreaResult, list_code: str, code: str) -> CriterionResult:
    """The one criterion of `list_code` with `code` in a result."""
    found = [c for c in result.criteria if c.list == list_code and c.code == code]
    assert len(found) == 1, f"{len(found)} criteria {list_code}/{code} in {result.criteria}"
    return found[0]


# --- through the API -------------------------------------------------------------------------------


async def post_csv(client: httpx.AsyncClient, headers: dict[str, str], content: bytes) -> httpx.Response:
    return await client.post(
        "/v1/housing-data", content=content, headers={**headers, "Content-Type": "text/csv"}
    )


async def put_parameters(
    client: httpx.AsyncClient, headers: dict[str, str], year: int, pct: float = 1.0
) -> httpx.Response:
    return await client.put(
        f"/v1/years/{year}/parameters", json={"national_convicted_pct": pct}, headers=headers
    )


async def seed(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    data: Iterable[HousingRow],
    *,
    national_pct: Mapping[int, float] | None = None,
) -> None:
    """Store figures and national averages (1.0 for each year of the data unless given)."""
    data = list(data)
    pcts = national_pct if national_pct is not None else national({item.year for item in data})
    for year, pct in pcts.items():
        response = await put_parameters(client, headers, year, pct)
        assert response.status_code == 200, response.text
    response = await post_csv(client, headers, csv_bytes(data))
    assert response.status_code == 200, response.text


async def get_json(client: httpx.AsyncClient, headers: dict[str, str], path: str) -> Any:
    response = await client.get(path, headers=headers)
    assert response.status_code == 200, f"{path}: {response.status_code} {response.text}"
    return response.json()


def by_code(areas: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {area["area_code"]: area for area in areas}


def api_criterion(area: dict[str, Any], list_code: str, code: str) -> dict[str, Any]:
    found = [c for c in area["criteria"] if c["list"] == list_code and c["code"] == code]
    assert len(found) == 1, f"{len(found)} criteria {list_code}/{code}"
    return found[0]
