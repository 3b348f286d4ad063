"""Another municipality's file, the same code: what staff and citizens read comes from Gentofte's file."""

import re

import httpx
import pytest
from fastapi import FastAPI

from services.kit.state import process_of
from tests.gateway.helpers import PAGE, log_in, password_grant

# The gateway is built from Gentofte's file, not the run's shared one from the default file.
# On one backend (tests/conftest.py): the pages draw and send what the services answer and store; the
# services' SQL has its own tests on both backends.
pytestmark = [pytest.mark.own_app, pytest.mark.one_backend]


@pytest.fixture(autouse=True)
def gentofte(monkeypatch: pytest.MonkeyPatch) -> None:
    # Autouse, so it is set before any app of the test is built.
    monkeypatch.setenv("MUNICIPALITY", "gentofte")


async def test_the_public_concern_form_names_gentoftes_single_entry(
    client: httpx.AsyncClient, real_services: dict[str, FastAPI]
) -> None:
    response = await client.get("/bekymring", headers=PAGE)

    assert response.status_code == 200
    assert "Socialrådgivningen" in response.text
    assert "Gentofte Kommune, Borgerservice" in response.text
    assert "Gladsaxe" not in response.text


async def test_staff_pages_and_the_services_carry_gentoftes_identity_and_thresholds(
    client: httpx.AsyncClient, real_services: dict[str, FastAPI]
) -> None:
    await log_in(client, "analyst")
    home = await client.get("/", headers=PAGE)
    token = (await password_grant(client, "analyst")).json()["access_token"]

    thresholds = await client.get(
        "/api/categorisation/v1/years/2026/local-thresholds", headers={"Authorization": f"Bearer {token}"}
    )

    assert home.status_code == 200
    assert "Gentofte" in home.text and "Gladsaxe" not in home.text
    assert thresholds.status_code == 200, thresholds.text
    assert {process_of(app).municipality.code for app in real_services.values()} == {157}
    # Gentofte's local criteria (Gladsaxe's are 25 / 50 / 70): the defaults come from the file.
    current = thresholds.json()[-1]
    assert (
        current["outside_labour_market_pct_above"],
        current["basic_education_pct_above"],
        current["income_pct_of_region_below"],
    ) == (22.0, 45.0, 75.0)


async def test_gentoftes_example_values_are_shown_as_examples(
    client: httpx.AsyncClient, real_services: dict[str, FastAPI]
) -> None:
    # The seed gives neither Gentofte's contact nor its single entry's number: the file calls them examples.
    form = await client.get("/bekymring", headers=PAGE)

    assert form.status_code == 200
    marks = re.findall(r'data-example="([^"]+)">Eksempel – fastsættes af kommunen<', form.text)
    assert set(marks) == {
        "gateway.contact_name",
        "gateway.contact_phone",
        "gateway.contact_email",
        "referrals.single_entry_phone",
    }
    # The emergency numbers are Region Hovedstaden's and the country's (DOMAIN § 6.3), not examples.
    assert "112" in form.text and 'data-example="referrals.emergency_contacts"' not in form.text


async def test_the_configuration_page_marks_every_value_the_seed_does_not_give(
    client: httpx.AsyncClient, real_services: dict[str, FastAPI]
) -> None:
    await log_in(client, "admin")

    page = await client.get("/kommune", headers=PAGE)

    assert page.status_code == 200
    municipality = process_of(real_services["referrals"]).municipality
    every = [path for path, _ in municipality.values()]
    marked = set(re.findall(r'<tr data-example="([^"]+)">', page.text))
    assert marked == {path for path in every if municipality.is_example(path)}
    assert set(every) - marked == {
        "municipality.code",
        "municipality.name",
        "municipality.region_code",
        "referrals.emergency_contacts",
        "categorisation.principles",  # the four of Gentofte's ten principles its material names
    }
    assert page.text.count("Eksempel – fastsættes af kommunen") >= len(marked)
    assert "categorisation.local_criteria.outside_labour_market_pct_above" in marked
    assert "Kommunens eget materiale" in page.text
