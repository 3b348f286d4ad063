"""POST /v1/housing-data and /v1/official-designations: all rows or none, every problem listed."""

import pytest

from tests.categorisation.factories import (
    HEADER,
    api_criterion,
    by_code,
    csv_bytes,
    get_json,
    post_csv,
    row,
    seed,
    xlsx_bytes,
)

YEAR = 2024
BASE = row(YEAR, "A1", residents=2000)
CHANGED = row(YEAR, "A1", residents=3000)  # a valid row in every bad file: it must not be stored either
NEW = row(YEAR + 1, "B1", residents=1500)


def _with_cell(content: bytes, line: int, column: str, value: str) -> bytes:
    """The file with one cell (1-based file line, named column) replaced."""
    lines = content.decode().split("\r\n")
    cells = lines[line - 1].split(",")
    cells[HEADER.index(column)] = value
    lines[line - 1] = ",".join(cells)
    return "\r\n".join(lines).encode()


GOOD = csv_bytes([CHANGED, NEW])
BAD_FILES = {
    "missing-column": (
        csv_bytes([CHANGED, NEW], header=[c for c in HEADER if c != "residents"]),
        [["header", "residents"]],
    ),
    "unknown-column": (csv_bytes([CHANGED, NEW], header=[*HEADER, "extra"]), [["header", "extra"]]),
    "text-in-number": (_with_cell(GOOD, 3, "convicted_pct", "mange"), [["row", 3, "convicted_pct"]]),
    "percent-above-100": (
        _with_cell(GOOD, 3, "basic_education_pct", "100.5"),
        [["row", 3, "basic_education_pct"]],
    ),
    "negative-residents": (_with_cell(GOOD, 3, "residents", "-1"), [["row", 3, "residents"]]),
    "duplicate-rows": (csv_bytes([CHANGED, NEW, NEW]), [["row", 4, "area_code"]]),
    "empty": (b"", [["file"]]),
    "header-only": (",".join(HEADER).encode(), [["file"]]),
    "latin-1": (
        csv_bytes([row(YEAR, "A1", area_name="Ærøvej Ø", residents=3000)]).decode().encode("latin-1"),
        [["file"]],
    ),
    "several-problems": (
        _with_cell(
            _with_cell(csv_bytes([CHANGED, NEW, NEW, row(YEAR, "C1")]), 2, "non_western_pct", "200"),
            5,
            "year",
            "x",
        ),
        [["row", 2, "non_western_pct"], ["row", 4, "area_code"], ["row", 5, "year"]],
    ),
}


async def _nothing_changed(client, analyst) -> None:
    years = await get_json(client, analyst, "/v1/years")
    assert [y["year"] for y in years] == [YEAR]
    areas = await get_json(client, analyst, f"/v1/years/{YEAR}/areas")
    assert [(a["area_code"], a["residents"]) for a in areas] == [("A1", 2000)]


@pytest.mark.parametrize("name", list(BAD_FILES))
async def test_a_bad_file_is_rejected_whole(client, analyst, name):
    content, locs = BAD_FILES[name]
    await seed(client, analyst, [BASE])

    response = await post_csv(client, analyst, content)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert {"type", "title", "status", "detail", "errors"} <= set(body)
    assert body["status"] == 422
    assert [e["loc"] for e in body["errors"]] == locs
    assert all(isinstance(e["msg"], str) and e["msg"] for e in body["errors"])
    await _nothing_changed(client, analyst)


async def test_a_bad_xlsx_upload_is_rejected_whole(client, analyst):
    await seed(client, analyst, [BASE])
    content = xlsx_bytes([CHANGED, row(YEAR + 1, "B1", income_pct_of_region=-3.0)])

    response = await client.post(
        "/v1/housing-data", files={"file": ("boligdata.xlsx", content)}, headers=analyst
    )

    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [["row", 3, "income_pct_of_region"]]
    await _nothing_changed(client, analyst)


async def test_csv_body_is_stored(client, analyst):
    data = [row(YEAR - 1, "A1"), row(YEAR, "A1", residents=2100), row(YEAR, "B1", residents=1200)]

    response = await post_csv(client, analyst, csv_bytes(data))

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["rows"], body["years"], body["areas"]) == (3, [YEAR - 1, YEAR], 2)
    areas = by_code(await get_json(client, analyst, f"/v1/years/{YEAR}/areas"))
    assert {code: a["residents"] for code, a in areas.items()} == {"A1": 2100, "B1": 1200}
    assert areas["A1"]["area_name"] == "Area A1"


@pytest.mark.parametrize(
    ("filename", "content"),
    [
        ("boligdata.csv", csv_bytes([row(YEAR, "A1", basic_education_pct=61.5)], bom=True)),
        ("boligdata-excel.csv", csv_bytes([row(YEAR, "A1", basic_education_pct=61.5)], danish=True)),
        ("boligdata.xlsx", xlsx_bytes([row(YEAR, "A1", basic_education_pct=61.5)])),
    ],
    ids=["csv-bom", "danish-excel", "xlsx"],
)
async def test_multipart_file_field_is_stored(client, analyst, filename, content):
    response = await client.post("/v1/housing-data", files={"file": (filename, content)}, headers=analyst)

    assert response.status_code == 200, response.text
    assert (response.json()["rows"], response.json()["years"]) == (1, [YEAR])
    area = await get_json(client, analyst, f"/v1/years/{YEAR}/areas/A1")
    assert api_criterion(area, "vulnerable", "basic_education")["value"] == 61.5


async def test_multipart_without_the_file_field_is_422(client, analyst):
    response = await client.post(
        "/v1/housing-data", files={"upload": ("x.csv", csv_bytes([BASE]))}, headers=analyst
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [{"loc": ["body", "file"], "msg": "missing"}]


async def test_a_file_replaces_exactly_its_year_and_area_pairs(client, analyst):
    await seed(
        client,
        analyst,
        [
            row(YEAR - 1, "A1", residents=1900),
            row(YEAR, "A1", residents=2000),
            row(YEAR, "A2", residents=1100),
        ],
    )

    response = await post_csv(
        client, analyst, csv_bytes([row(YEAR, "A1", residents=2500), row(YEAR, "A3", residents=700)])
    )

    assert response.status_code == 200, response.text
    areas = await get_json(client, analyst, f"/v1/years/{YEAR}/areas")
    assert {a["area_code"]: a["residents"] for a in areas} == {"A1": 2500, "A2": 1100, "A3": 700}
    earlier = await get_json(client, analyst, f"/v1/years/{YEAR - 1}/areas/A1")
    assert earlier["residents"] == 1900


async def test_reloading_a_file_renames_the_area(client, analyst):
    await seed(client, analyst, [row(YEAR, "A1", area_name="Gammelt navn")])

    await post_csv(client, analyst, csv_bytes([row(YEAR, "A1", area_name="Nyt navn")]))

    area = await get_json(client, analyst, f"/v1/years/{YEAR}/areas/A1")
    assert area["area_name"] == "Nyt navn"


async def test_official_list_import(client, analyst):
    content = (
        b"year,area_code,designation\n"
        b"2022,OFF-1,udsat\n2022,OFF-1,parallelsamfund\n2022,OFF-2,prevention_area\n"
    )

    response = await client.post(
        "/v1/official-designations", content=content, headers={**analyst, "Content-Type": "text/csv"}
    )

    assert response.status_code == 200, response.text
    assert (response.json()["rows"], response.json()["years"], response.json()["areas"]) == (3, [2022], 2)
    areas = by_code(await get_json(client, analyst, "/v1/years/2022/areas"))
    assert {c: (a["category"], a["designations"]) for c, a in areas.items()} == {
        "OFF-1": ("red", ["vulnerable_area", "parallel_society"]),
        "OFF-2": ("pink", ["prevention_area"]),
    }
    assert {a["criteria"][0]["source"] for a in areas.values()} == {"official_list"}

    replaced = await client.post(
        "/v1/official-designations",
        files={"file": ("liste.csv", b"year,area_code,designation\n2022,OFF-2,prevention_area\n")},
        headers=analyst,
    )

    assert replaced.status_code == 200
    areas = await get_json(client, analyst, "/v1/years/2022/areas")
    assert [a["area_code"] for a in areas] == ["OFF-2"]  # the year's list is replaced, not merged


async def test_a_bad_official_list_stores_nothing(client, analyst):
    content = b"year,area_code,designation\n2022,OFF-1,udsat\n2022,OFF-2,ghetto\n"

    response = await client.post(
        "/v1/official-designations", content=content, headers={**analyst, "Content-Type": "text/csv"}
    )

    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [["row", 3, "designation"]]
    assert await get_json(client, analyst, "/v1/years") == []
