"""The overview's downloads, through the gateway and the real categorisation service: a CSV that Danish
Excel opens in columns, a CSV with the stable codes for other systems, and a workbook; English on request."""

import csv
import io
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from openpyxl import load_workbook

from tests.categorisation.factories import csv_bytes, rows
from tests.gateway.helpers import PAGE, log_in, password_grant
from tests.support import rolled_back

YEAR = 2024
VULNERABLE = {"outside_labour_market_pct": 45.5, "income_pct_of_region": 50.0, "non_western_pct": 40.0}


@pytest.fixture
async def categorisation(
    real_services: dict[str, FastAPI], database_urls: dict[str, str]
) -> AsyncIterator[FastAPI]:
    app = real_services["categorisation"]
    async with rolled_back(app, database_urls["categorisation"], "categorisation"):
        yield app


async def _seed(client: httpx.AsyncClient) -> None:
    token = (await password_grant(client, "analyst")).json()["access_token"]
    api = {"Authorization": f"Bearer {token}"}
    for year in (YEAR - 1, YEAR):
        response = await client.put(
            f"/api/categorisation/v1/years/{year}/parameters",
            json={"national_convicted_pct": 1.0},
            headers=api,
        )
        assert response.status_code == 200, response.text
    data = rows((YEAR - 1, YEAR), "V1", area_name="Vestervang", residents=2200, **VULNERABLE)
    response = await client.post(
        "/api/categorisation/v1/housing-data",
        content=csv_bytes(data),
        headers={**api, "Content-Type": "text/csv"},
    )
    assert response.status_code == 200, response.text


async def test_the_overview_offers_three_files_that_open(
    client: httpx.AsyncClient, categorisation: FastAPI
) -> None:
    await log_in(client, "analyst")
    await _seed(client)

    overview = await client.get(f"/kategorisering?year={YEAR}", headers=PAGE)
    for name in ("eksport.csv", "eksport.data.csv", "eksport.xlsx"):
        assert f'href="/kategorisering/{YEAR}/{name}"' in overview.text

    danish = await client.get(f"/kategorisering/{YEAR}/eksport.csv", headers=PAGE)
    assert danish.status_code == 200 and danish.content.startswith(b"\xef\xbb\xbf")
    (record,) = csv.DictReader(io.StringIO(danish.content.decode("utf-8-sig")), delimiter=";")
    assert (record["Område"], record["Kategori"], record["Uden for arbejdsmarkedet (%)"]) == (
        "Vestervang",
        "Rød",
        "45,5",
    )
    assert f"kategorisering-{YEAR}.csv" in danish.headers["content-disposition"]

    machine = await client.get(f"/kategorisering/{YEAR}/eksport.data.csv", headers=PAGE)
    (record,) = csv.DictReader(io.StringIO(machine.content.decode("utf-8")))
    assert (record["area_name"], record["category"], record["outside_labour_market_pct"]) == (
        "Vestervang",
        "red",
        "45.5",
    )

    workbook = await client.get(f"/kategorisering/{YEAR}/eksport.xlsx", headers=PAGE)
    sheet = load_workbook(io.BytesIO(workbook.content)).worksheets[0]
    assert [c.value for c in sheet[1]][:5] == ["Listeår", "Områdekode", "Område", "Beboere", "Kategori"]

    assert (await client.get(f"/kategorisering/{YEAR}/eksport.pdf", headers=PAGE)).status_code == 404


async def test_in_english_the_file_for_people_is_english(
    client: httpx.AsyncClient, categorisation: FastAPI
) -> None:
    await log_in(client, "analyst")
    await _seed(client)
    client.cookies.set("lang", "en")

    english = await client.get(f"/kategorisering/{YEAR}/eksport.csv", headers=PAGE)

    (record,) = csv.DictReader(io.StringIO(english.content.decode("utf-8-sig")), delimiter=";")
    assert (record["Area"], record["Category"]) == ("Vestervang", "Red")
