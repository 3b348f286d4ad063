"""Issue 12: every irreversible step asks first, naming its consequence; nothing changes until confirmed.

The shared pattern (gateway/pages/forms.py `ask_to_confirm`, the `confirm_panel` macro) on the year's
approval, through the gateway and the real categorisation service: the state is read back from its JSON.
"""

from collections.abc import AsyncIterator
from html import unescape
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from starlette.datastructures import FormData

from gateway.pages.forms import is_confirmed, is_editing, resent
from tests.categorisation.factories import csv_bytes, rows
from tests.gateway.helpers import HTMX, log_in, password_grant, submit
from tests.support import rolled_back

YEAR = 2024


@pytest.fixture
async def categorisation(
    real_services: dict[str, FastAPI], database_urls: dict[str, str]
) -> AsyncIterator[FastAPI]:
    """The real categorisation service behind the gateway, its writes rolled back after the test."""
    app = real_services["categorisation"]
    async with rolled_back(app, database_urls["categorisation"], "categorisation"):
        yield app


async def analyst_api(client: httpx.AsyncClient) -> dict[str, str]:
    token = (await password_grant(client, "analyst")).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


async def seed(client: httpx.AsyncClient, api: dict[str, str]) -> None:
    """Two years of figures and the national averages: the year can be approved."""
    for year in (YEAR - 1, YEAR):
        response = await client.put(
            f"/api/categorisation/v1/years/{year}/parameters",
            json={"national_convicted_pct": 1.0},
            headers=api,
        )
        assert response.status_code == 200, response.text
    response = await client.post(
        "/api/categorisation/v1/housing-data",
        content=csv_bytes(rows((YEAR - 1, YEAR), "C1", area_name="Confirmvang", residents=1200)),
        headers={**api, "Content-Type": "text/csv"},
    )
    assert response.status_code == 200, response.text


async def approvals(client: httpx.AsyncClient, api: dict[str, str]) -> list[dict[str, Any]]:
    response = await client.get(f"/api/categorisation/v1/years/{YEAR}/approvals", headers=api)
    assert response.status_code == 200, response.text
    return list(response.json())


def shown(response: httpx.Response) -> str:
    return " ".join(unescape(response.text).split())


async def test_approving_a_year_asks_first_naming_the_consequence_and_approves_only_when_confirmed(
    client: httpx.AsyncClient, categorisation: FastAPI
) -> None:
    api = await analyst_api(client)
    await seed(client, api)
    await log_in(client, "analyst")
    path = f"/kategorisering/{YEAR}/godkend"

    asked = await submit(client, path, {"note": "Efter dialogmødet"})
    assert asked.status_code == 200
    text = shown(asked)
    assert f"Godkend {YEAR}?" in text
    assert (
        f"Når året er godkendt, kan kategoriseringen ikke ændres, og aftaler for {YEAR + 1} bygger på den."
        in text
    )
    assert f"Ja, godkend {YEAR}" in text and "Efter dialogmødet" in text
    assert f'href="/kategorisering/{YEAR}/godkendelse"' in asked.text  # the way back changes nothing
    assert await approvals(client, api) == []
    categorisation_state = await client.get(
        f"/api/categorisation/v1/years/{YEAR}/categorisation", headers=api
    )
    assert {item["status"] for item in categorisation_state.json()} == {"proposed"}

    # htmx swaps the panel alone in place of the form; still nothing is approved.
    swapped = await submit(client, path, {"note": "Efter dialogmødet"}, **HTMX)
    assert swapped.status_code == 200 and "<html" not in swapped.text
    assert 'data-testid="confirmation"' in swapped.text and 'name="confirmed" value="1"' in swapped.text
    assert await approvals(client, api) == []

    # "Change the answers" brings the form back with the note typed; nothing is approved.
    changing = await submit(client, path, {"note": "Efter dialogmødet", "edit": "1"})
    assert changing.status_code == 200 and "Efter dialogmødet</textarea>" in changing.text
    assert await approvals(client, api) == []

    approved = await submit(client, path, {"note": "Efter dialogmødet", "confirmed": "1"})
    assert approved.status_code == 303
    assert approved.headers["location"] == f"/kategorisering/{YEAR}/godkendelse?notice=approved"
    [approval] = await approvals(client, api)
    assert (approval["revision"], approval["note"]) == (1, "Efter dialogmødet")


async def test_a_revision_without_a_reason_is_refused_before_it_is_asked_about(
    client: httpx.AsyncClient, categorisation: FastAPI
) -> None:
    api = await analyst_api(client)
    await seed(client, api)
    await log_in(client, "analyst")
    path = f"/kategorisering/{YEAR}/godkend"
    assert (await submit(client, path, {"confirmed": "1"})).status_code == 303
    refused = await submit(client, path, {"note": " "})
    assert refused.status_code == 422 and "skriv, hvorfor det revideres" in shown(refused)
    asked = await submit(client, path, {"note": "Ny opgørelse fra ministeriet"})
    assert asked.status_code == 200 and f"Godkend en revision af {YEAR}?" in shown(asked)
    assert "de tidligere revisioner bevares uændret" in shown(asked)
    assert [a["revision"] for a in await approvals(client, api)] == [1]


def test_the_confirmed_post_sends_again_what_was_typed_and_nothing_of_the_panel() -> None:
    form = FormData(
        [
            ("csrftoken", "t"),
            ("confirmed", "1"),
            ("edit", "1"),
            ("group_code", "a"),
            ("note", "x"),
            ("group_code", "b"),
        ]
    )
    assert resent(form) == [("group_code", "a"), ("note", "x"), ("group_code", "b")]
    assert is_confirmed(form) and is_editing(form)
    assert not is_confirmed(FormData([("confirmed", "yes")])) and not is_confirmed("")
    assert is_confirmed("1") and not is_editing("0")
