"""What leaves the service: the categorisation list, disagreements, CSV/XLSX exports and an area's history."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.categorisation.factories import PREVENTION, YELLOW, get_json, row, rows, seed

YEAR = 2024
VULNERABLE = {"outside_labour_market_pct": 45.0, "income_pct_of_region": 50.0, "non_western_pct": 40.0}
DATA = [
    *rows((YEAR - 1, YEAR), "V1", area_name="Værløsevej", residents=2200, **VULNERABLE),
    *rows((YEAR - 1, YEAR), "P1", area_name="Pæregården", residents=1250, **PREVENTION),
    *rows((YEAR - 1, YEAR), "Y1", area_name="Åløkken", residents=700, **YELLOW),
]
EXPORT_COLUMNS = [
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
    "decided_by",
    "computed_designations",
]
CONTRACT_KEYS = ("area_code", "category", "designations", "status")
COMPUTED = {"national": "data", "combined_letting": "data"}


@pytest.fixture
async def seeded(client, analyst):
    await seed(client, analyst, DATA)
    return client


async def test_categorisation_has_the_contract_shape(seeded, analyst):
    answer = await get_json(seeded, analyst, f"/v1/years/{YEAR}/categorisation")
    # CONTRACT § 5's keys, and what decided the designations (no official list: the figures).
    proposed = [{key: item[key] for key in CONTRACT_KEYS} for item in answer]
    assert [item["decided_by"] for item in answer] == [COMPUTED] * 3
    assert {key for item in answer for key in item} == {*CONTRACT_KEYS, "decided_by"}

    assert proposed == [
        {"area_code": "P1", "category": "pink", "designations": ["prevention_area"], "status": "proposed"},
        {
            "area_code": "V1",
            "category": "red",
            "designations": ["vulnerable_area", "combined_letting_area"],
            "status": "proposed",
        },
        {"area_code": "Y1", "category": "yellow", "designations": [], "status": "proposed"},
    ]
    assert (await seeded.post(f"/v1/years/{YEAR}/approve", headers=analyst)).status_code == 200
    approved = await get_json(seeded, analyst, f"/v1/years/{YEAR}/categorisation")
    assert [{**item, "status": "proposed"} for item in approved] == [
        {**item, "decided_by": COMPUTED} for item in proposed
    ]
    assert {item["status"] for item in approved} == {"approved"}


async def test_categorisation_is_the_areas_answer_without_the_explanations(seeded, analyst):
    override = {"category": "green", "justification": "Aftalt i dialogen med boligorganisationen."}
    response = await seeded.put(f"/v1/years/{YEAR}/areas/Y1/override", json=override, headers=analyst)
    assert response.is_success

    for approved in (False, True):
        areas = await get_json(seeded, analyst, f"/v1/years/{YEAR}/areas")
        categorisation = await get_json(seeded, analyst, f"/v1/years/{YEAR}/categorisation")

        assert categorisation == [
            {key: area[key] for key in (*CONTRACT_KEYS, "decided_by")} for area in areas
        ]
        assert {item["area_code"]: item["category"] for item in categorisation}["Y1"] == "green"
        assert {item["status"] for item in categorisation} == {"approved" if approved else "proposed"}
        if not approved:
            assert (await seeded.post(f"/v1/years/{YEAR}/approve", headers=analyst)).status_code == 200


async def test_categorisation_of_a_year_without_data_is_404(seeded, analyst):
    response = await seeded.get("/v1/years/2010/categorisation", headers=analyst)

    assert response.status_code == 404


async def test_disagreements_with_the_official_list(seeded, analyst):
    official = (
        "year,area_code,designation\n"
        f"{YEAR},V1,prevention_area\n"  # we compute vulnerable, not prevention
        f"{YEAR},P1,prevention_area\n"  # agrees
        f"{YEAR},OFF-9,vulnerable_area\n"  # no figures: nothing to compare with
    ).encode()
    stored = await seeded.post(
        "/v1/official-designations", content=official, headers={**analyst, "Content-Type": "text/csv"}
    )
    assert stored.status_code == 200

    disagreements = await get_json(seeded, analyst, f"/v1/years/{YEAR}/disagreements")

    assert disagreements == [
        {
            "area_code": "V1",
            "area_name": "Værløsevej",
            "designation": "vulnerable_area",
            "official": False,
            "computed": True,
        },
        {
            "area_code": "V1",
            "area_name": "Værløsevej",
            "designation": "prevention_area",
            "official": True,
            "computed": False,
        },
    ]
    # The official-only area still appears in the year, from the list.
    official_only = await get_json(seeded, analyst, f"/v1/years/{YEAR}/areas/OFF-9")
    assert (official_only["category"], official_only["criteria"][0]["source"]) == ("red", "official_list")


async def test_no_official_list_means_no_disagreements(seeded, analyst):
    assert await get_json(seeded, analyst, f"/v1/years/{YEAR}/disagreements") == []


async def test_csv_export(seeded, analyst):
    response = await seeded.get(f"/v1/years/{YEAR}/export.csv", headers=analyst)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert f"kategorisering-{YEAR}.csv" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == EXPORT_COLUMNS
    records = [dict(zip(EXPORT_COLUMNS, line, strict=True)) for line in table[1:]]
    assert [(r["area_code"], r["area_name"], r["category"]) for r in records] == [
        ("P1", "Pæregården", "pink"),
        ("V1", "Værløsevej", "red"),
        ("Y1", "Åløkken", "yellow"),
    ]
    assert records[1]["designations"] == "vulnerable_area combined_letting_area"
    assert records[1]["computed_designations"] == "vulnerable_area combined_letting_area"
    assert records[1]["decided_by"] == "combined_letting:data national:data"
    assert (records[1]["residents"], records[1]["status"], records[1]["provisional"]) == (
        "2200",
        "proposed",
        "no",
    )


async def test_xlsx_export_opens_with_openpyxl(seeded, analyst):
    await seeded.put(
        f"/v1/years/{YEAR}/areas/Y1/override",
        json={"category": "green", "justification": "Aftalt i dialogen med afdelingsbestyrelsen."},
        headers=analyst,
    )

    response = await seeded.get(f"/v1/years/{YEAR}/export.xlsx", headers=analyst)

    assert response.status_code == 200
    assert (
        response.headers["content-type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    table = [list(line) for line in sheet.iter_rows(values_only=True)]
    assert table[0] == EXPORT_COLUMNS
    assert len(table) == 4
    y1 = dict(zip(EXPORT_COLUMNS, table[3], strict=True))
    assert (y1["area_name"], y1["category"], y1["computed_category"]) == ("Åløkken", "green", "yellow")
    assert y1["override_justification"] == "Aftalt i dialogen med afdelingsbestyrelsen."
    assert y1["residents"] == 700


async def test_area_history(client, analyst):
    data = [
        row(2020, "H1", area_name="Historisk", outside_labour_market_pct=20.0, basic_education_pct=55.0),
        row(2022, "H1", area_name="Historisk", outside_labour_market_pct=20.0, basic_education_pct=55.0),
        row(2023, "H1", area_name="Historisk", outside_labour_market_pct=30.0, basic_education_pct=55.0),
        row(2024, "H1", area_name="Historisk", outside_labour_market_pct=50.0, basic_education_pct=55.0),
    ]
    await seed(client, analyst, data, national_pct={2020: 1.0, 2021: 1.0, 2022: 1.0, 2023: 1.2, 2024: 1.0})

    history = await get_json(client, analyst, "/v1/areas/H1/history")

    assert (history["area_code"], history["area_name"], history["years"]) == (
        "H1",
        "Historisk",
        [2020, 2022, 2023, 2024],
    )
    labour = history["indicators"]["outside_labour_market"]
    # 2020 and 2022 lack the year before, so they stand alone; 2023 and 2024 are 2-year averages.
    assert [p["value"] for p in labour] == [20.0, 20.0, 25.0, 40.0]
    assert [p["vulnerable_threshold"] for p in labour] == [40.0, 40.0, 40.0, 40.0]
    assert [p["prevention_threshold"] for p in labour] == [
        None,
        30.0,
        30.0,
        30.0,
    ]  # no prevention before 2021
    assert [p["local_threshold"] for p in labour] == [25.0] * 4
    convicted = history["indicators"]["convicted"]
    assert [p["vulnerable_threshold"] for p in convicted] == [3.0, 3.0, 3.3, 3.3]
    assert history["categories"] == {"2020": "green", "2022": "green", "2023": "green", "2024": "yellow"}


async def test_history_of_an_unknown_area_is_404(client, analyst):
    response = await client.get("/v1/areas/NOPE/history", headers=analyst)

    assert response.status_code == 404


@pytest.mark.parametrize("name", ['=HYPERLINK("http://angriber.example","Klik")', "+1+1", "-2+3", "@SUM(A1)"])
async def test_an_area_name_that_is_a_formula_stays_text_in_both_exports(client, analyst, name):
    """Formula injection (issue 13): a housing-data file names an area as a spreadsheet formula."""
    await seed(client, analyst, rows((YEAR - 1, YEAR), "F1", area_name=name, residents=900))

    csv_export = await client.get(f"/v1/years/{YEAR}/export.csv", headers=analyst)
    table = list(csv.reader(io.StringIO(csv_export.content.decode("utf-8-sig"))))
    assert dict(zip(EXPORT_COLUMNS, table[1], strict=True))["area_name"] == "'" + name

    xlsx_export = await client.get(f"/v1/years/{YEAR}/export.xlsx", headers=analyst)
    sheet = load_workbook(io.BytesIO(xlsx_export.content)).worksheets[0]
    cell = sheet.cell(row=2, column=EXPORT_COLUMNS.index("area_name") + 1)
    assert (cell.value, cell.data_type) == (name, "s")
    assert not any(c.data_type == "f" for line in sheet.iter_rows() for c in line)
