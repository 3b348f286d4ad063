"""Issue 12 in the service, the authority: nothing binding is recorded until everything it needs is given.
A JSON client gets 422 in the one error shape, naming the field, and the record reads back unchanged."""

from typing import Any

import httpx
import pytest

from tests.allocation.factories import FakeCategorisation, ok, report, seeker, set_share, setup_areas, vacancy


def problem_fields(response: httpx.Response) -> list[list[Any]]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert {"type", "title", "status", "detail", "errors", "request_id"} <= set(body)
    return [error["loc"] for error in body["errors"]]


async def waiting_list_vacancy(
    client: httpx.AsyncClient, officer: dict[str, str], fake: FakeCategorisation, available_from: str
) -> dict[str, Any]:
    await setup_areas(client, officer, fake)
    body = vacancy("b-1", "YEL-1", available_from=available_from)
    receipt = await ok(await report(client, officer, body), 201)
    assert receipt["channel"] == "waiting_list"
    return dict(receipt)


# --- a lease begins when the dwelling is free, not before --------------------------------------------------


async def test_a_lease_beginning_the_day_before_the_dwelling_is_free_is_refused_and_nothing_stored(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    receipt = await waiting_list_vacancy(client, officer, fake_categorisation, "2026-04-01")
    early = await client.post(
        f"/v1/vacancies/{receipt['id']}/letting",
        json={"channel": "waiting_list", "let_on": "2026-03-31"},
        headers=officer,
    )
    assert problem_fields(early) == [["body", "let_on"]]
    assert "2026-04-01" in early.json()["detail"]
    stored = await ok(await client.get(f"/v1/vacancies/{receipt['id']}", headers=officer))
    assert stored["status"] == "open" and stored["letting"] is None
    assert [e["kind"] for e in stored["events"]] == ["reported"]
    assert await ok(await client.get("/v1/lettings?year=2026", headers=officer)) == []


async def test_a_lease_beginning_the_day_the_dwelling_is_free_is_recorded(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    receipt = await waiting_list_vacancy(client, officer, fake_categorisation, "2026-04-01")
    letting = await ok(
        await client.post(
            f"/v1/vacancies/{receipt['id']}/letting",
            json={"channel": "waiting_list", "let_on": "2026-04-01"},
            headers=officer,
        ),
        201,
    )
    assert (letting["let_on"], letting["days_to_letting"]) == ("2026-04-01", 0)
    stored = await ok(await client.get(f"/v1/vacancies/{receipt['id']}", headers=officer))
    assert stored["status"] == "let" and stored["letting"]["let_on"] == "2026-04-01"


# --- a decline records a reason someone chose ------------------------------------------------------------


async def pending_offer(
    client: httpx.AsyncClient, officer: dict[str, str], fake: FakeCategorisation
) -> tuple[dict[str, Any], dict[str, Any]]:
    await setup_areas(client, officer, fake)
    await set_share(client, officer, "GRN-1", 100)
    receipt = await ok(await report(client, officer, vacancy("d-1", "GRN-1")), 201)
    person = await ok(await client.post("/v1/seekers", json=seeker("Dorte Dahl"), headers=officer), 201)
    offer = await ok(
        await client.post(
            f"/v1/vacancies/{receipt['id']}/offers", json={"seeker_id": person["id"]}, headers=officer
        ),
        201,
    )
    return offer, person


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"note": "Ringede"}, {"reason": "not-a-code"}])
async def test_a_decline_without_a_known_reason_is_refused_and_nothing_changes(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    fake_categorisation: FakeCategorisation,
    body: dict[str, str],
) -> None:
    offer, person = await pending_offer(client, officer, fake_categorisation)
    refused = await client.post(f"/v1/offers/{offer['id']}/decline", json=body, headers=officer)
    assert problem_fields(refused) == [["body", "reason"]]
    stored = await ok(await client.get(f"/v1/offers/{offer['id']}", headers=officer))
    assert (stored["status"], stored["decline_reason"], stored["decided_at"]) == ("pending", None, None)
    again = await ok(await client.get(f"/v1/seekers/{person['id']}", headers=officer))
    assert (again["status"], again["parked_until"]) == (person["status"], person["parked_until"])
