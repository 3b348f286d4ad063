"""The area plan, initiative and dialogue pages in Danish, through the gateway to the real services: what
a form sends is read back from the service, a refused form keeps what was typed, the year's overview and
the area's page show the evaluation, and the published plans are readable without logging in."""

import re
from collections.abc import AsyncIterator
from html import unescape
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.categorisation.factories import csv_bytes, row
from tests.gateway.helpers import HTMX, PAGE, log_in, password_grant, submit
from tests.support import rolled_back

# On one backend (tests/conftest.py): the pages draw and send what the services answer and store; the
# services' SQL has its own tests on both backends.
pytestmark = pytest.mark.one_backend

YEAR = 2024
DATA = [
    row(YEAR - 1, "A1", area_name="Vestervang", outside_labour_market_pct=42.0),
    row(YEAR, "A1", area_name="Vestervang", outside_labour_market_pct=38.0),
    row(YEAR, "A2", area_name="Østervang"),
]
PLAN_FORM = {
    "title": "Områdeplan Vestervang",
    "area_codes": "A1",
    "organisation_codes": "boligselskabet-vest",
    "period_from": str(YEAR - 1),
    "period_to": "2028",
    "visions": "Et trygt og grønt boligområde.",
    "requirements": "Flere i job og uddannelse.",
    "community": "Fællesspisning hver måned.",
    "published": "yes",
}


@pytest.fixture
async def services(real_services: dict[str, FastAPI], database_urls: dict[str, str]) -> AsyncIterator[None]:
    """The real categorisation and allocation services behind the gateway, their writes rolled back."""
    async with (
        rolled_back(real_services["categorisation"], database_urls["categorisation"], "categorisation"),
        rolled_back(real_services["allocation"], database_urls["allocation"], "allocation"),
    ):
        yield


async def _api(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    token = (await password_grant(client, username)).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


async def _seed(client: httpx.AsyncClient) -> dict[str, str]:
    api = await _api(client, "analyst")
    for year in (YEAR - 1, YEAR):
        response = await client.put(
            f"/api/categorisation/v1/years/{year}/parameters",
            json={"national_convicted_pct": 1.0},
            headers=api,
        )
        assert response.status_code == 200, response.text
    response = await client.post(
        "/api/categorisation/v1/housing-data",
        content=csv_bytes(DATA),
        headers={**api, "Content-Type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    return api


async def _text(client: httpx.AsyncClient, path: str, status: int = 200) -> str:
    response = await client.get(path, headers=PAGE)
    assert response.status_code == status, response.text[:500]
    return unescape(response.text)


async def _stored(client: httpx.AsyncClient, api: dict[str, str], path: str) -> Any:
    response = await client.get(f"/api/categorisation{path}", headers=api)
    assert response.status_code == 200, response.text
    return response.json()


async def _make_plan(client: httpx.AsyncClient, **changes: str) -> int:
    response = await submit(client, "/planer/ny", {**PLAN_FORM, **changes})
    assert response.status_code == 303, response.text[:500]
    return int(response.headers["location"].split("/")[2].split("?")[0])


async def test_a_plan_made_on_the_page_is_stored_as_typed(client, services):
    await log_in(client, "analyst")
    api = await _seed(client)

    form_page = await _text(client, "/planer/ny")
    plan_id = await _make_plan(client)

    assert "Ny områdeplan" in form_page and "Vestervang (A1)" in form_page
    stored = await _stored(client, api, f"/v1/area-plans/{plan_id}")
    assert {k: stored[k] for k in ("title", "area_codes", "organisation_codes", "visions", "published")} == {
        "title": "Områdeplan Vestervang",
        "area_codes": ["A1"],
        "organisation_codes": ["boligselskabet-vest"],
        "visions": "Et trygt og grønt boligområde.",
        "published": True,
    }
    assert (stored["period_from"], stored["period_to"]) == (YEAR - 1, 2028)
    shown = await _text(client, f"/planer/{plan_id}?notice=plan_saved")
    assert "Områdeplanen er gemt." in shown and "Fællesspisning hver måned." in shown


async def test_a_refused_plan_keeps_what_was_typed_and_stores_nothing(client, services):
    await log_in(client, "analyst")
    api = await _seed(client)

    response = await submit(
        client,
        "/planer/ny",
        {**PLAN_FORM, "title": "", "period_to": "2020", "organisation_codes": "Boligselskab Vest"},
    )

    assert response.status_code == 422
    text = unescape(response.text)
    assert "Formularen indeholder fejl" in text
    assert "Udfyld feltet." in text  # the empty title
    assert "Slutningen må ikke ligge før starten." in text
    assert "Et trygt og grønt boligområde." in text and "Fællesspisning hver måned." in text
    assert 'value="Boligselskab Vest"' in text
    assert await _stored(client, api, "/v1/area-plans") == []


async def test_a_target_with_a_decimal_comma_is_stored_and_judged_on_the_plan_page(client, services):
    await log_in(client, "analyst")
    api = await _seed(client)
    plan_id = await _make_plan(client)

    response = await submit(
        client,
        f"/planer/{plan_id}/maal",
        {
            "area_code": "A1",
            "indicator": "outside_labour_market_pct",
            "comparator": "<=",
            "value": "40,0",
            "by_year": "2028",
        },
    )
    refused = await submit(
        client,
        f"/planer/{plan_id}/maal",
        {
            "area_code": "A1",
            "indicator": "outside_labour_market_pct",
            "comparator": "<",
            "value": "fyrre",
            "by_year": "2030",
        },
    )

    assert response.status_code == 303, response.text[:500]
    [target] = (await _stored(client, api, f"/v1/area-plans/{plan_id}"))["targets"]
    assert (target["comparator"], target["value"], target["by_year"]) == ("<=", 40.0, 2028)
    assert refused.status_code == 422
    assert "Skriv et tal, fx 40 eller 39,5." in unescape(refused.text)
    assert len((await _stored(client, api, f"/v1/area-plans/{plan_id}"))["targets"]) == 1
    text = await _text(client, f"/planer/{plan_id}")
    # 2023: 42 (no 2022 to average with) is not met; 2024: the average 40.0 is met by "at most 40".
    assert "Evaluering år for år" in text
    table = text.split("target-trend-")[1]
    verdicts = {
        int(year): re.sub(r"<[^>]+>", " ", cells).split()
        for year, cells in re.findall(r'<tr><th scope="row">(\d{4})</th>(.*?)</tr>', table)
    }
    assert verdicts == {
        YEAR - 1: ["42,00", "højst", "40,00", "Ikke", "nået", "foreløbig"],
        YEAR: ["40,00", "højst", "40,00", "Nået", "foreløbig"],
    }


async def test_the_years_overview_and_the_areas_page_show_the_evaluation(client, services):
    await log_in(client, "analyst")
    await _seed(client)
    plan_id = await _make_plan(client)
    for comparator in ("<=", "<"):
        response = await submit(
            client,
            f"/planer/{plan_id}/maal",
            {
                "area_code": "A1",
                "indicator": "outside_labour_market_pct",
                "comparator": comparator,
                "value": "40",
                "by_year": "2028",
            },
        )
        assert response.status_code == 303

    overview = await _text(client, f"/kategorisering?year={YEAR}")
    area = await _text(client, f"/kategorisering/{YEAR}/omraader/A1")

    assert "Evaluering af områdeplaner: 1 af 2 mål nået" in overview
    assert "Områdeplaner og mål" in area and "Områdeplan Vestervang" in area


async def test_an_initiative_made_on_the_page_is_stored_with_its_partners_and_milestones(client, services):
    await log_in(client, "analyst")
    api = await _seed(client)
    form = {
        "title": "Lektiecafé",
        "description": "Frivillige hjælper med lektier.",
        "principles": ["community", "plan"],
        "area_codes": "A1",
        "area_plan_id": "",
        "partners_kind_0": "department_board",
        "partners_name_0": "Afdelingsbestyrelsen",
        "partners_kind_1": "",
        "partners_name_1": "",
        "responsible_unit": "Børn og Familie",
        "period_from": "01-02-2024",
        "period_to": "",
        "budget_dkk": "150000",
        "status": "running",
        "milestones_title_0": "Første evaluering",
        "milestones_due_on_0": "2024-06-30",
        "milestones_done_0": "yes",
        "evaluation_notes": "",
    }

    bad = await submit(
        client, "/planer/tiltag/ny", {**form, "budget_dkk": "150.000 kr", "partners_kind_1": "association"}
    )
    response = await submit(client, "/planer/tiltag/ny", form)

    assert bad.status_code == 422
    bad_text = unescape(bad.text)
    assert "Skriv et helt antal kroner" in bad_text and 'value="Afdelingsbestyrelsen"' in bad_text
    assert response.status_code == 303, response.text[:500]
    [stored] = await _stored(client, api, "/v1/initiatives")
    assert stored["principles"] == ["community", "plan"]
    assert stored["partners"] == [{"kind": "department_board", "name": "Afdelingsbestyrelsen"}]
    assert stored["milestones"] == [{"title": "Første evaluering", "due_on": "2024-06-30", "done": True}]
    assert (stored["period_from"], stored["period_to"], stored["budget_dkk"]) == ("2024-02-01", None, 150000)
    listed = await _text(client, "/planer/tiltag?status=running&principle=community")
    assert "Lektiecafé" in listed and "Tidslinje" in listed
    # The area filter offers the areas an initiative names, not every area; the list names them by name.
    assert '<option value="A1">Vestervang (A1)</option>' in listed and 'value="A2"' not in listed
    assert "<td>Vestervang</td>" in listed
    assert "Lektiecafé" not in await _text(client, "/planer/tiltag?status=idea")
    # The filter form swaps only the results with htmx.
    fragment = await client.get("/planer/tiltag?status=running", headers=HTMX)
    assert fragment.status_code == 200
    assert 'id="initiative-results"' in fragment.text
    assert "<h1>" not in fragment.text and "Lektiecafé" in unescape(fragment.text)


async def test_a_steering_dialogue_gets_a_prefilled_agenda_and_is_stored(client, services):
    await log_in(client, "officer")
    officer = await _api(client, "officer")
    made = await client.post(
        "/api/allocation/v1/housing-organisations",
        json={"code": "boligselskabet-vest", "name": "Boligselskabet Vest"},
        headers=officer,
    )
    assert made.status_code == 201, made.text
    bound = await client.put(
        "/api/allocation/v1/areas/A1", json={"housing_org": "boligselskabet-vest"}, headers=officer
    )
    assert bound.status_code == 200, bound.text
    await _seed(client)  # as the analyst, through the API

    before = await _text(client, f"/planer/dialoger?year={YEAR}")
    form_page = await _text(client, f"/planer/dialoger/ny?organisation=boligselskabet-vest&year={YEAR}")
    response = await submit(
        client,
        "/planer/dialoger/ny",
        {
            "year": str(YEAR),
            "organisation": "boligselskabet-vest",
            "kind": "steering",
            "held_on": "2024-12-10",
            "participants_organisation_0": "Gladsaxe Kommune",
            "participants_role_0": "boligkonsulent",
            "agenda": "1. Kategoriseringen",
            "minutes": "Referat.",
            "decisions_text_0": "Anvisningsandelen sænkes til 15 %.",
            "decisions_agreement_year_0": str(YEAR + 1),
            "decisions_agreement_area_0": "A1",
            "follow_ups_text_0": "Ny aftale sendes",
            "follow_ups_responsible_0": "Boligsekretariatet",
            "follow_ups_due_on_0": "",
        },
    )

    assert "Ikke afholdt endnu" in before
    assert "1. Kategoriseringen 2024" in form_page and "Vestervang (A1): Grøn" in form_page
    assert "Østervang (A2)" not in form_page  # another organisation's area
    assert response.status_code == 303, response.text[:500]
    [stored] = await _stored(client, await _api(client, "analyst"), f"/v1/dialogues?year={YEAR}")
    assert stored["decisions"] == [
        {
            "text": "Anvisningsandelen sænkes til 15 %.",
            "agreement": {"year": YEAR + 1, "area_code": "A1", "change_id": None},
        }
    ]
    assert stored["participants"] == [{"organisation": "Gladsaxe Kommune", "role": "boligkonsulent"}]
    assert stored["follow_ups"] == [
        {"text": "Ny aftale sendes", "responsible": "Boligsekretariatet", "due_on": None}
    ]
    record = await _text(client, f"/planer/dialoger/{stored['id']}")
    assert f'href="/udlejning/aftaler/{YEAR + 1}/A1"' in record
    assert f"ændrer udlejningsaftalen {YEAR + 1} for Vestervang<" in record  # named, not by its code


async def test_the_published_plans_are_public_and_nothing_else(client, services):
    await log_in(client, "analyst")
    await _seed(client)
    shown = await _make_plan(client)
    hidden = await _make_plan(client, title="Kladde til Østervang", published="")
    client.cookies.clear()  # logged out: a visitor without a session

    listed = await _text(client, "/omraadeplaner")
    one = await _text(client, f"/omraadeplaner/{shown}")
    unpublished = await client.get(f"/omraadeplaner/{hidden}", headers=PAGE)
    staff = await client.get("/planer", headers=PAGE)

    assert "Områdeplan Vestervang" in listed and "Kladde" not in listed
    assert "Et trygt og grønt boligområde." in one
    assert unpublished.status_code == 404 and "Kladde" not in unpublished.text
    assert staff.status_code in (302, 303) and "/login" in staff.headers["location"]


async def test_the_manager_has_no_plan_pages_but_reads_the_years_count(client, services):
    await log_in(client, "analyst")
    await _seed(client)
    await _make_plan(client)
    client.cookies.clear()
    await log_in(client, "manager")

    refused = await client.get("/planer", headers=PAGE)

    assert refused.status_code == 403
