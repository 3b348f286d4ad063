"""The area page and the year overview in Danish say what decided each designation (the published list or
the computation), where the two disagree, and that combined letting is not averaged (DOMAIN § 3)."""

from collections.abc import AsyncIterator
from html import unescape

import httpx
import pytest
from fastapi import FastAPI

from tests.categorisation.factories import csv_bytes, rows
from tests.gateway.helpers import PAGE, log_in, password_grant
from tests.support import rolled_back

# On one backend (tests/conftest.py): the pages draw and send what the services answer and store; the
# services' SQL has its own tests on both backends.
pytestmark = pytest.mark.one_backend

YEAR = 2024
VULNERABLE = {"outside_labour_market_pct": 45.0, "income_pct_of_region": 50.0, "non_western_pct": 40.0}
PREVENTION = {"outside_labour_market_pct": 35.0, "income_pct_of_region": 60.0, "non_western_pct": 40.0}


@pytest.fixture
async def categorisation(
    real_services: dict[str, FastAPI], database_urls: dict[str, str]
) -> AsyncIterator[FastAPI]:
    """The real categorisation service behind the gateway, its writes rolled back after the test."""
    app = real_services["categorisation"]
    async with rolled_back(app, database_urls["categorisation"], "categorisation"):
        yield app


async def _seed(client: httpx.AsyncClient, official: str | None) -> None:
    token = (await password_grant(client, "analyst")).json()["access_token"]
    api = {"Authorization": f"Bearer {token}"}
    for year in (YEAR - 1, YEAR):
        response = await client.put(
            f"/api/categorisation/v1/years/{year}/parameters",
            json={"national_convicted_pct": 1.0},
            headers=api,
        )
        assert response.status_code == 200, response.text
    data = [
        *rows((YEAR - 1, YEAR), "V1", area_name="Vestervang", residents=2200, **VULNERABLE),
        *rows((YEAR - 1, YEAR), "P1", area_name="Pilevang", residents=1300, **PREVENTION),
    ]
    response = await client.post(
        "/api/categorisation/v1/housing-data",
        content=csv_bytes(data),
        headers={**api, "Content-Type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    if official is not None:
        response = await client.post(
            "/api/categorisation/v1/official-designations",
            content=official.encode(),
            headers={**api, "Content-Type": "text/csv"},
        )
        assert response.status_code == 200, response.text


async def _page(client: httpx.AsyncClient, path: str) -> str:
    response = await client.get(path, headers=PAGE)
    assert response.status_code == 200, response.text
    return unescape(response.text)


async def test_the_area_page_says_the_official_list_decides_and_where_it_differs(
    client: httpx.AsyncClient, categorisation: FastAPI
) -> None:
    await log_in(client, "analyst")
    await _seed(client, f"year,area_code,designation\n{YEAR},V1,prevention_area\n{YEAR},P1,prevention_area\n")

    text = await _page(client, f"/kategorisering/{YEAR}/omraader/V1")

    assert "Ministeriets offentliggjorte liste afgør" in text
    # The national lists decide; combined letting has no list loaded, so it is computed.
    assert (
        "De nationale lister (ABL § 61 a, stk. 5, og § 61 b): Ministeriets offentliggjorte liste afgør."
        in text
    )
    computed = "Beregnet ud fra boligdata: der er ikke indlæst en officiel liste for året."
    assert f"Kombineret udlejning (ABL § 51 b): {computed}" in text
    assert 'Forebyggelsesområde</span> <span class="app-muted">(officiel liste)' in text
    assert 'Kombineret udlejning</span> <span class="app-muted">(beregnet)' in text
    assert "Retsvirkningerne følger den offentliggjorte liste" in text
    assert "Den officielle liste og beregningen er uenige" in text
    assert "Udsat boligområde: ifølge beregningen ud fra boligdata, men ikke på den officielle liste" in text
    assert (
        "Forebyggelsesområde: på den officielle liste, men ikke ifølge beregningen ud fra boligdata" in text
    )
    assert "Intet gennemsnit: listeårets egen andel uden for arbejdsmarkedet" in text


async def test_without_an_official_list_the_area_page_says_it_is_computed(
    client: httpx.AsyncClient, categorisation: FastAPI
) -> None:
    await log_in(client, "analyst")
    await _seed(client, None)

    text = await _page(client, f"/kategorisering/{YEAR}/omraader/V1")

    assert "De nationale lister (ABL § 61 a, stk. 5, og § 61 b): Beregnet ud fra boligdata" in text
    assert 'Udsat boligområde</span> <span class="app-muted">(beregnet)' in text
    assert "Den officielle liste og beregningen er uenige" not in text
    assert "Retsvirkningerne følger den offentliggjorte liste" not in text


async def test_the_year_overview_shows_the_source_and_the_disagreements(
    client: httpx.AsyncClient, categorisation: FastAPI
) -> None:
    await log_in(client, "analyst")
    await _seed(client, f"year,area_code,designation\n{YEAR},V1,prevention_area\n{YEAR},P1,prevention_area\n")

    text = await _page(client, f"/kategorisering?year={YEAR}")

    assert "Afgjort af" in text
    assert (
        "De nationale lister (ABL § 61 a, stk. 5, og § 61 b): Ministeriets offentliggjorte liste afgør."
        in text
    )
    assert "Retsvirkningerne følger den offentliggjorte liste" in text
    assert "Den officielle liste og beregningen er uenige om 2 udpegninger." in text
    assert "Listeårets egen andel uden for arbejdsmarkedet, intet gennemsnit (ABL § 51 b)." in text
