"""Returning municipal vacancies (DOMAIN § 5.3): on the spot at a housing organisation's letting, by the
service's own periodic pass, never once a seeker has accepted, and no offer that outlives the deadline."""

import asyncio
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.allocation import scheduler
from services.allocation.config import AllocationSettings
from services.allocation.main import create_app
from services.allocation.models import ScheduledJob
from services.allocation.state import AllocationState
from services.kit import db
from services.kit.db import utcnow
from services.kit.state import process_of, state_of
from tests.allocation.factories import (
    Clock,
    FakeCategorisation,
    ok,
    report,
    seeker,
    set_share,
    setup_areas,
    vacancy,
)

DEADLINE = date(2026, 4, 15)  # a vacancy free on 1 April, reported before: 14 days (configuration)


async def municipal(
    client: httpx.AsyncClient, officer: dict[str, str], org_a: dict[str, str], fake: FakeCategorisation
) -> dict[str, Any]:
    await setup_areas(client, officer, fake)
    await set_share(client, officer, "GRN-1", 100, 0)
    receipt = await ok(await report(client, org_a, vacancy("m-1", available_from="2026-04-01")), 201)
    assert receipt["channel"] == "municipal"
    detail = await ok(await client.get(f"/v1/vacancies/{receipt['id']}", headers=officer))
    assert detail["deadline"] == DEADLINE.isoformat()
    return receipt


async def offer_to_new_seeker(
    client: httpx.AsyncClient, officer: dict[str, str], vacancy_id: int, **body: Any
) -> dict[str, Any]:
    person = await ok(await client.post("/v1/seekers", json=seeker("Søger"), headers=officer), 201)
    return await ok(
        await client.post(
            f"/v1/vacancies/{vacancy_id}/offers", json={"seeker_id": person["id"], **body}, headers=officer
        ),
        201,
    )


def waiting_list_letting(let_on: str = "2026-04-20") -> dict[str, str]:
    return {"channel": "waiting_list", "let_on": let_on}


async def test_past_the_deadline_the_housing_organisation_lets_it_without_waiting_for_the_return(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
) -> None:
    receipt = await municipal(client, officer, org_a, fake_categorisation)
    letting_url = f"/v1/vacancies/{receipt['id']}/letting"
    clock.today = DEADLINE  # on the deadline the municipality still holds it
    assert (await client.post(letting_url, json=waiting_list_letting(), headers=org_a)).status_code == 409

    clock.today = date(2026, 4, 16)  # nobody has run the return yet
    letting = await ok(await client.post(letting_url, json=waiting_list_letting(), headers=org_a), 201)
    assert (letting["channel"], letting["assigned_channel"]) == ("waiting_list", "municipal")
    detail = await ok(await client.get(f"/v1/vacancies/{receipt['id']}", headers=officer))
    assert detail["status"] == "let" and detail["returned_at"]
    assert [e["kind"] for e in detail["events"]] == ["reported", "returned", "let"]
    assert detail["events"][1]["actor"] == "client:housing_org:org-a"
    assert detail["events"][1]["detail"]["on"] == "letting"
    years = await ok(await client.get("/v1/statistics/years", headers=officer))
    assert [(y["year"], y["returned"]) for y in years["years"]] == [(2026, 1)]


async def test_a_pending_offer_is_withdrawn_when_the_vacancy_is_returned_at_a_letting(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
) -> None:
    receipt = await municipal(client, officer, org_a, fake_categorisation)
    clock.today = date(2026, 4, 10)
    offer = await offer_to_new_seeker(client, officer, receipt["id"], reply_days=5)
    clock.today = date(2026, 4, 16)  # the reply date has not passed; the vacancy's deadline has
    await ok(
        await client.post(
            f"/v1/vacancies/{receipt['id']}/letting", json=waiting_list_letting(), headers=org_a
        ),
        201,
    )
    assert (await ok(await client.get(f"/v1/offers/{offer['id']}", headers=officer)))["status"] == "withdrawn"


async def test_an_accepted_offer_keeps_the_vacancy_past_its_deadline(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
) -> None:
    receipt = await municipal(client, officer, org_a, fake_categorisation)
    offer = await offer_to_new_seeker(client, officer, receipt["id"])
    await ok(await client.post(f"/v1/offers/{offer['id']}/accept", json={}, headers=officer))

    clock.today = date(2026, 4, 20)
    result = await ok(await client.post("/v1/vacancies/return-overdue", headers=officer))
    assert result["returned"] == []
    late = await client.post(
        f"/v1/vacancies/{receipt['id']}/letting", json=waiting_list_letting(), headers=org_a
    )
    assert late.status_code == 409  # promised to the seeker who accepted
    letting = await ok(
        await client.post(
            f"/v1/vacancies/{receipt['id']}/letting",
            json={"channel": "municipal", "let_on": "2026-04-25"},
            headers=officer,
        ),
        201,
    )
    assert (letting["channel"], letting["seeker_id"]) == ("municipal", offer["seeker_id"])


@pytest.mark.parametrize(("today", "reply_days", "allowed"), [((4, 10), 5, True), ((4, 11), 5, False)])
async def test_an_offer_cannot_be_answered_after_the_vacancy_is_due_back(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
    today: tuple[int, int],
    reply_days: int,
    allowed: bool,
) -> None:
    receipt = await municipal(client, officer, org_a, fake_categorisation)
    person = await ok(await client.post("/v1/seekers", json=seeker("Søger"), headers=officer), 201)
    clock.today = date(2026, *today)
    answer = await client.post(
        f"/v1/vacancies/{receipt['id']}/offers",
        json={"seeker_id": person["id"], "reply_days": reply_days},
        headers=officer,
    )
    if allowed:  # reply by 15 April, the deadline itself
        assert answer.status_code == 201 and answer.json()["reply_by"] == "2026-04-15"
        return
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert "2026-04-16" in problem["detail"] and "2026-04-15" in problem["detail"]
    assert [(e["loc"], e["code"]) for e in problem["errors"]] == [
        (["body", "reply_days"], "reply_after_deadline")
    ]
    assert (await ok(await client.get(f"/v1/vacancies/{receipt['id']}", headers=officer)))["status"] == "open"


async def test_one_periodic_pass_returns_what_is_overdue_as_the_service(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
    allocation_app: FastAPI,
) -> None:
    receipt = await municipal(client, officer, org_a, fake_categorisation)
    clock.today = DEADLINE
    assert await scheduler.run_once(allocation_app) == scheduler.Pass(offers_expired=[], returned=[])
    clock.today = date(2026, 4, 16)
    assert await scheduler.run_once(allocation_app) == scheduler.Pass(
        offers_expired=[], returned=[receipt["id"]]
    )
    detail = await ok(await client.get(f"/v1/vacancies/{receipt['id']}", headers=officer))
    assert detail["status"] == "returned"
    assert (detail["events"][-1]["kind"], detail["events"][-1]["actor"]) == ("returned", scheduler.ACTOR)


@pytest.mark.own_app  # runs the lifespan, which closes the app's clients at its end
async def test_the_process_runs_the_return_itself_and_stops_cleanly(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
    allocation_app: FastAPI,
) -> None:
    receipt = await municipal(client, officer, org_a, fake_categorisation)
    clock.today = date(2026, 4, 16)
    state = state_of(allocation_app, AllocationState)
    state.settings = state.settings.model_copy(update={"return_overdue_interval_seconds": 0.05})
    # The app lives for the whole run: count from the passes other tests made.
    before = state.overdue_passes
    async with allocation_app.router.lifespan_context(allocation_app):
        task = state.overdue_task
        assert task is not None
        for _ in range(500):  # nothing else touches the database meanwhile; up to 10 s on a busy machine
            if state.overdue_passes >= before + 2:
                break
            await asyncio.sleep(0.02)
        assert state.overdue_passes >= before + 2, "the periodic pass did not run"
    # Stopped, not cancelled: a pass under way finishes its transaction first.
    assert task.done() and not task.cancelled() and task.exception() is None
    detail = await ok(await client.get(f"/v1/vacancies/{receipt['id']}", headers=officer))
    assert detail["status"] == "returned"
    assert [e["kind"] for e in detail["events"]] == ["reported", "returned"]  # once, not once per pass


@pytest.mark.own_app  # runs the lifespan, which closes the app's clients at its end
async def test_the_periodic_return_can_be_switched_off(
    allocation_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ALLOCATION_RETURN_OVERDUE_INTERVAL_SECONDS", "0")
    assert AllocationSettings().return_overdue_interval_seconds == 0
    state = state_of(allocation_app, AllocationState)
    state.settings = state.settings.model_copy(update={"return_overdue_interval_seconds": 0})
    async with allocation_app.router.lifespan_context(allocation_app):
        assert state.overdue_task is None


def replica_of(settings: AllocationSettings, write_lock: asyncio.Lock | None) -> FastAPI:
    """Another process of the service on the same database: its own app, engine and sessions."""
    replica = create_app(settings)
    state_of(replica, AllocationState).write_lock = write_lock
    return replica


async def test_the_periodic_pass_runs_once_per_interval_across_replicas(
    service_settings: Callable[[type[AllocationSettings]], AllocationSettings], database_urls: dict[str, str]
) -> None:
    """Two replicas of the process on one database: the job's row decides, not a lock in either process."""
    url = database_urls["allocation"]
    # On SQLite the embedded default is one process, whose write lock both share; PostgreSQL needs none.
    shared = asyncio.Lock() if db.is_sqlite(url) else None
    replicas = [replica_of(service_settings(AllocationSettings), shared) for _ in range(2)]
    engines = [process_of(replica).engine for replica in replicas]

    async def set_last_run(when: datetime | None) -> None:
        async with process_of(replicas[0]).session_factory() as session, session.begin():
            job = await session.get(ScheduledJob, scheduler.JOB)
            assert job is not None, "the migration creates the job's row"
            job.last_run_at = when

    try:
        await set_last_run(None)
        first = await asyncio.gather(*(scheduler.run_if_due(r, 3600) for r in replicas for _ in range(3)))
        assert sum(result is not None for result in first) == 1

        again = await asyncio.gather(*(scheduler.run_if_due(r, 3600) for r in replicas))
        assert again == [None, None]  # within the interval, on either replica

        await set_last_run(utcnow() - timedelta(seconds=3601))
        later = await asyncio.gather(*(scheduler.run_if_due(r, 3600) for r in replicas))
        assert sum(result is not None for result in later) == 1
        async with process_of(replicas[1]).session_factory() as session:
            job = await session.get(ScheduledJob, scheduler.JOB)
            assert job is not None and job.last_run_by == scheduler.REPLICA
    finally:
        await set_last_run(None)
        for engine in engines:
            await engine.dispose()


async def test_a_pass_that_fails_records_no_run(
    service_settings: Callable[[type[AllocationSettings]], AllocationSettings],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A replica that dies mid-pass leaves the job due: nothing recorded, so the next look runs it."""
    replica = replica_of(service_settings(AllocationSettings), None)
    engine = process_of(replica).engine

    async def crash(*_args: Any, **_kwargs: Any) -> list[int]:
        raise RuntimeError("the replica died")

    try:
        monkeypatch.setattr(scheduler.vacancies, "return_overdue", crash)
        with pytest.raises(RuntimeError):
            await scheduler.run_if_due(replica, 3600)
        async with process_of(replica).session_factory() as session:
            job = await session.get(ScheduledJob, scheduler.JOB)
            assert job is not None and job.last_run_at is None
        monkeypatch.undo()
        assert await scheduler.run_if_due(replica, 3600) is not None
    finally:
        async with process_of(replica).session_factory() as session, session.begin():
            job = await session.get(ScheduledJob, scheduler.JOB)
            if job is not None:
                job.last_run_at = None
        await engine.dispose()
