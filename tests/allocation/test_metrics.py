"""The allocation service's own figures in /metrics (README, "Metrics"): vacancies by channel, decisions by
kind, the periodic return's last pass and calls to the categorisation service. The counters are the
process's, so each test compares before and after."""

import time

import httpx
from fastapi import FastAPI

from services.allocation import scheduler
from tests.allocation.factories import FakeCategorisation, ok, report, seeker, set_share, setup_areas, vacancy
from tests.allocation.test_api_acute import ALL_MET
from tests.allocation.test_api_dispensations import decision, refused_check
from tests.four_apps import metric_value


async def exposition(client: httpx.AsyncClient) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200
    return response.text


def value(text: str, name: str, **labels: str) -> float:
    return metric_value(text, name, **labels)


async def test_vacancies_are_counted_by_channel_once(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    await set_share(client, officer, "GRN-1", 100)
    before = await exposition(client)
    await ok(await report(client, officer, vacancy("m-1")), 201)
    await ok(await report(client, officer, vacancy("m-1")), 200)  # the same report again: not a new vacancy
    after = await exposition(client)
    name = "allocation_vacancies_reported_total"
    assert value(after, name, channel="municipal") - value(before, name, channel="municipal") == 1
    assert value(after, name, channel="flexible") == value(before, name, channel="flexible")


async def test_decisions_are_counted_by_kind(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    await set_share(client, officer, "GRN-1", 100)
    receipt = await ok(await report(client, officer, vacancy("m-2")), 201)
    person = await ok(await client.post("/v1/seekers", json=seeker("Person"), headers=officer), 201)
    check = await refused_check(client, org_a)
    before = await exposition(client)

    await ok(await client.post("/v1/acute-applications", json=ALL_MET, headers=officer), 201)
    offer_url = f"/v1/vacancies/{receipt['id']}/offers"
    await ok(await client.post(offer_url, json={"seeker_id": person["id"]}, headers=officer), 201)
    dispensation_url = f"/v1/applicant-checks/{check['id']}/dispensation"
    await ok(await client.post(dispensation_url, json=decision(), headers=officer), 201)
    refused = await client.post(dispensation_url, json=decision(), headers=officer)
    assert refused.status_code == 409  # refused: no second decision, and none counted

    after = await exposition(client)
    name = "allocation_decisions_total"
    counted = {
        kind: value(after, name, kind=kind) - value(before, name, kind=kind)
        for kind in ("acute_application", "offer", "dispensation")
    }
    assert counted == {"acute_application": 1, "offer": 1, "dispensation": 1}


async def test_the_periodic_return_records_its_last_pass(
    client: httpx.AsyncClient, allocation_app: FastAPI
) -> None:
    started = time.time()
    await scheduler.run_once(allocation_app)
    last = value(
        await exposition(client), "allocation_scheduler_last_success_timestamp_seconds", task=scheduler.JOB
    )
    assert started <= last <= time.time()


async def test_calls_to_the_categorisation_service_are_timed_and_failures_counted(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    labels = {"service": "allocation", "upstream": "categorisation"}
    before = await exposition(client)
    fake_categorisation.down = True
    refused = await client.post("/v1/agreements/2026/from-categorisation", headers=officer)
    assert refused.status_code == 503
    after = await exposition(client)
    errors = "upstream_request_errors_total"
    assert (
        value(after, errors, **labels, reason="transport")
        - value(before, errors, **labels, reason="transport")
        == 1
    )
    calls = "upstream_request_duration_seconds_count"
    assert value(after, calls, **labels) - value(before, calls, **labels) >= 1
