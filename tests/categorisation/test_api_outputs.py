"""What leaves the service: the categorisation list, disagreements, CSV/XLSX exports and an area's history."""

import csv
import io

import pytest
from openpyxl import load_workbook

from services.categorisation import exports
from services.categorisation.schemas import AreaRead
from services.kit import tables
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
    "outside_labour_market_pct",
    "convicted_pct",
    "basic_education_pct",
    "income_pct_of_region",
]
DANISH_HEADERS = [
    "Listeår",
    "Områdekode",
    "Område",
    "Beboere",
    "Kategori",
    "Beregnet kategori",
    "Begrundelse for ændret kategori",
    "Udpegninger",
    "Foreløbig",
    "Status",
    "Regelversion",
    "Afgjort af",
    "Beregnede udpegninger",
    "Uden for arbejdsmarkedet (%)",
    "Dømte (%)",
    "Kun grundskole (%)",
    "Indkomst (% af regionens)",
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


def _danish(content: bytes) -> list[dict[str, str]]:
    """The Danish-Excel CSV as Excel reads it: `;` between fields, the header row naming the columns."""
    assert content.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would not read it as UTF-8"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


async def test_the_danish_csv_opens_in_columns_in_danish_excel(seeded, analyst):
    response = await seeded.get(f"/v1/years/{YEAR}/export", params={"format": "csv"}, headers=analyst)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert f'filename="kategorisering-{YEAR}.csv"' in response.headers["content-disposition"]
    records = _danish(response.content)
    assert list(records[0]) == DANISH_HEADERS
    by_code = {r["Områdekode"]: r for r in records}
    v1 = by_code["V1"]
    assert (v1["Område"], v1["Kategori"], v1["Beboere"], v1["Status"], v1["Foreløbig"]) == (
        "Værløsevej",
        "Rød",
        "2200",
        "Foreslået",
        "Nej",
    )
    assert v1["Udpegninger"] == "Udsat boligområde, Kombineret udlejning"
    assert (
        v1["Afgjort af"]
        == "Kombineret udlejning: beregnet af boligdata; Landslisterne: beregnet af boligdata"
    )
    # Decimal comma: 45.0 % outside the labour market both years, 50.0 % income.
    assert (v1["Uden for arbejdsmarkedet (%)"], v1["Indkomst (% af regionens)"]) == ("45", "50")
    assert by_code["P1"]["Kategori"] == "Lyserød" and by_code["Y1"]["Kategori"] == "Gul"


async def test_the_danish_csv_writes_decimals_with_a_comma(client, analyst):
    await seed(
        client, analyst, rows((YEAR - 1, YEAR), "D1", area_name="Decimalen", outside_labour_market_pct=12.5)
    )

    response = await client.get(f"/v1/years/{YEAR}/export", headers=analyst)  # csv is the default

    (record,) = _danish(response.content)
    assert record["Uden for arbejdsmarkedet (%)"] == "12,5"
    assert "12.5" not in response.text


async def test_the_english_csv_for_people(seeded, analyst):
    response = await seeded.get(f"/v1/years/{YEAR}/export", params={"lang": "en"}, headers=analyst)

    records = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert {r["Area code"]: r["Category"] for r in records} == {"P1": "Pink", "V1": "Red", "Y1": "Yellow"}
    assert f'filename="categorisation-{YEAR}.csv"' in response.headers["content-disposition"]


@pytest.mark.parametrize(
    "path", [f"/v1/years/{YEAR}/export?format=csv-machine", f"/v1/years/{YEAR}/export.csv"]
)
async def test_the_machine_csv_keeps_the_stable_keys_and_codes(seeded, analyst, path):
    response = await seeded.get(path, headers=analyst)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert not response.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8"))))
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
    assert records[1]["outside_labour_market_pct"] == "45.0"
    assert (records[1]["residents"], records[1]["status"], records[1]["provisional"]) == (
        "2200",
        "proposed",
        "false",
    )


async def test_xlsx_export_opens_with_openpyxl(seeded, analyst):
    await seeded.put(
        f"/v1/years/{YEAR}/areas/Y1/override",
        json={"category": "green", "justification": "Aftalt i dialogen med afdelingsbestyrelsen."},
        headers=analyst,
    )

    response = await seeded.get(f"/v1/years/{YEAR}/export", params={"format": "xlsx"}, headers=analyst)

    assert response.status_code == 200
    assert (
        response.headers["content-type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.title == f"Kategorisering {YEAR}"
    table = [list(line) for line in sheet.iter_rows(values_only=True)]
    assert table[0] == DANISH_HEADERS
    assert len(table) == 4
    y1 = dict(zip(DANISH_HEADERS, table[3], strict=True))
    assert (y1["Område"], y1["Kategori"], y1["Beregnet kategori"]) == ("Åløkken", "Grøn", "Gul")
    assert y1["Begrundelse for ændret kategori"] == "Aftalt i dialogen med afdelingsbestyrelsen."
    assert y1["Beboere"] == 700  # a number stays a number


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


HOSTILE = ['=HYPERLINK("x")', '=HYPERLINK("http://angriber.example","Klik")', "+1", "-1", "@x"]


@pytest.mark.parametrize("hostile", HOSTILE, ids=["hyperlink", "url", "plus", "minus", "at"])
async def test_text_that_is_a_formula_stays_text_in_every_export(client, analyst, hostile):
    """Formula injection (issue 13): a housing-data file names an area as a spreadsheet formula, and a
    justification starts with one."""
    await seed(client, analyst, rows((YEAR - 1, YEAR), "F1", area_name=hostile, residents=900))
    justification = hostile + " aftalt i dialogen"
    override = {"category": "green", "justification": justification}
    assert (
        await client.put(f"/v1/years/{YEAR}/areas/F1/override", json=override, headers=analyst)
    ).is_success

    danish = await client.get(f"/v1/years/{YEAR}/export", params={"format": "csv"}, headers=analyst)
    (record,) = _danish(danish.content)
    assert (record["Område"], record["Begrundelse for ændret kategori"]) == (
        "'" + hostile,
        "'" + justification,
    )

    machine = await client.get(f"/v1/years/{YEAR}/export", params={"format": "csv-machine"}, headers=analyst)
    (record,) = list(csv.DictReader(io.StringIO(machine.content.decode("utf-8"))))
    assert (record["area_name"], record["override_justification"]) == ("'" + hostile, "'" + justification)

    xlsx_export = await client.get(f"/v1/years/{YEAR}/export", params={"format": "xlsx"}, headers=analyst)
    sheet = load_workbook(io.BytesIO(xlsx_export.content)).worksheets[0]
    for header, text in (("Område", hostile), ("Begrundelse for ændret kategori", justification)):
        cell = sheet.cell(row=2, column=DANISH_HEADERS.index(header) + 1)
        assert (cell.value, cell.data_type) == (text, "s")
    assert not any(c.data_type == "f" for line in sheet.iter_rows() for c in line)


@pytest.mark.parametrize("hostile", ["\tgemt", "\rgemt", "=1+1"], ids=["tab", "cr", "equals"])
def test_a_name_starting_with_a_tab_or_cr_is_escaped_too(hostile):
    """The import trims names and the API justifications, so a leading tab or CR cannot arrive through
    them today; the export escapes it all the same, should a later source keep it."""
    area = AreaRead(
        year=YEAR,
        area_code="T1",
        area_name=hostile,
        residents=10,
        designations=[],
        category="green",
        computed_category="green",
        override=None,
        status="proposed",
        provisional=False,
        rule_version="test",
        source="data",
        met_counts={},
        criteria=[],
    )

    danish = _danish(tables.to_csv(exports.table_for_people([area])))
    machine = list(
        csv.DictReader(
            io.StringIO(tables.to_csv_machine(exports.table_for_systems([area])).decode(), newline="")
        )
    )
    sheet = load_workbook(io.BytesIO(tables.to_xlsx(exports.table_for_people([area]), title="t"))).worksheets[
        0
    ]

    assert danish[0]["Område"] == machine[0]["area_name"] == "'" + hostile
    cell = sheet.cell(row=2, column=DANISH_HEADERS.index("Område") + 1)
    # XML stores a carriage return as a line feed; what matters is that the cell is text, not a formula.
    assert (cell.value.replace("\n", "\r"), cell.data_type) == (hostile, "s")
