"""Exact quotas and idempotency under concurrent reports, with real commits on each backend.

These tests do not use the rolled-back wrapper: every request runs in its own transaction on its own
connection, as in production (row locks on PostgreSQL, the process lock on SQLite). They use their own
area codes and delete their rows afterwards.
"""

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from services.allocation.config import AllocationSettings
from services.allocation.main import create_app
from services.allocation.models import (
    Agreement,
    AgreementChange,
    Area,
    HousingOrganisation,
    QuotaCounter,
    Vacancy,
    VacancyEvent,
)
from services.kit.state import process_of
from tests.allocation.factories import ok, vacancy
from tests.support import asgi_client

YEAR = 2026


@pytest.fixture
async def committed(
    service_settings: Callable[[type[AllocationSettings]], AllocationSettings],
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient, str]]:
    """The app on its own engine (real commits), a client, and a prefix for this test's area codes."""
    app = create_app(service_settings(AllocationSettings))
    prefix = f"C{uuid.uuid4().hex[:6].upper()}"
    try:
        async with asgi_client(app) as client:
            yield app, client, prefix
    finally:
        await _clean(app, prefix)
        await process_of(app).engine.dispose()


async def _clean(app: FastAPI, prefix: str) -> None:
    async with process_of(app).session_factory() as session, session.begin():
        codes = list(await session.scalars(select(Area.code).where(Area.code.like(f"{prefix}%"))))
        ids = select(Vacancy.id).where(Vacancy.area_code.in_(codes))
        agreements = select(Agreement.id).where(Agreement.area_code.in_(codes))
        await session.execute(delete(VacancyEvent).where(VacancyEvent.vacancy_id.in_(ids)))
        await session.execute(delete(Vacancy).where(Vacancy.area_code.in_(codes)))
        await session.execute(delete(QuotaCounter).where(QuotaCounter.area_code.in_(codes)))
        await session.execute(delete(AgreementChange).where(AgreementChange.agreement_id.in_(agreements)))
        await session.execute(delete(Agreement).where(Agreement.area_code.in_(codes)))
        await session.execute(delete(Area).where(Area.code.in_(codes)))
        await session.execute(delete(HousingOrganisation).where(HousingOrganisation.code == prefix.lower()))


async def _agreement(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    code: str,
    municipal: float,
    flexible: float,
    *,
    agreed: bool = True,
) -> None:
    body: dict[str, Any] = {
        "area_code": code,
        "category": "yellow",
        "municipal_share_pct": municipal,
        "flexible_share_pct": flexible,
        "legal_basis": "agreement" if municipal > 25 else "imposed",
    }
    await ok(await client.post(f"/v1/agreements/{YEAR}", json=body, headers=officer), 201)
    if agreed:
        await ok(
            await client.put(f"/v1/agreements/{YEAR}/{code}", json={"status": "agreed"}, headers=officer)
        )


def _floor(n: int, pct: float) -> int:
    return n * round(pct * 100) // 10_000


async def _channels_of(app: FastAPI, code: str) -> tuple[list[int], Counter[str]]:
    async with process_of(app).session_factory() as session:
        rows = (
            await session.execute(select(Vacancy.sequence, Vacancy.channel).where(Vacancy.area_code == code))
        ).all()
    return sorted(s for s, _ in rows), Counter(c for _, c in rows)


async def test_many_parallel_reports_give_exactly_floor_n_times_share(
    committed: tuple[FastAPI, httpx.AsyncClient, str], officer: dict[str, str]
) -> None:
    app, client, prefix = committed
    shares = {f"{prefix}-A": (10, 100), f"{prefix}-B": (25, 50), f"{prefix}-C": (33.33, 37.5)}
    for code, (municipal, flexible) in shares.items():
        await _agreement(client, officer, code, municipal, flexible)
    # A draft of 40 %: until agreed its vacancies go at 25 % (ABL § 59 stk. 1), exactly, in parallel too.
    await _agreement(client, officer, f"{prefix}-Q", 40, 50, agreed=False)
    codes = [*shares, f"{prefix}-Q"]
    bodies = [vacancy(f"{prefix}-v{i}", codes[i % len(codes)]) for i in range(100)]
    responses = await asyncio.gather(*(client.post("/v1/vacancies", json=b, headers=officer) for b in bodies))
    assert [r.status_code for r in responses] == [201] * len(bodies), [
        r.text for r in responses if r.status_code != 201
    ]

    for code, (municipal, flexible) in {**shares, f"{prefix}-Q": (25, 50)}.items():
        sequences, channels = await _channels_of(app, code)
        n = len(sequences)
        assert sequences == list(range(1, n + 1)), "every number used once, none skipped"
        assert channels["municipal"] == _floor(n, municipal)
        others = n - channels["municipal"]
        assert channels["flexible"] == _floor(others, flexible)
        assert channels["waiting_list"] == others - channels["flexible"]
        tally = (await ok(await client.get(f"/v1/agreements/{YEAR}/{code}", headers=officer)))["tally"]
        assert tally == {
            "vacancies": n,
            "municipal": channels["municipal"],
            "flexible": channels["flexible"],
            "waiting_list": channels["waiting_list"],
        }
        # And at every point in the order: the first k vacancies hold exactly floor(k × share) municipal.
        async with process_of(app).session_factory() as session:
            ordered = list(
                await session.scalars(
                    select(Vacancy.channel).where(Vacancy.area_code == code).order_by(Vacancy.sequence)
                )
            )
        municipal_so_far = 0
        for k, channel in enumerate(ordered, start=1):
            municipal_so_far += channel == "municipal"
            assert municipal_so_far == _floor(k, municipal)


async def test_the_same_external_id_reported_concurrently_is_stored_once(
    committed: tuple[FastAPI, httpx.AsyncClient, str], officer: dict[str, str]
) -> None:
    app, client, prefix = committed
    code = f"{prefix}-D"
    await _agreement(client, officer, code, 25, 0)
    body = vacancy(f"{prefix}-same", code)
    responses = await asyncio.gather(
        *(client.post("/v1/vacancies", json=body, headers=officer) for _ in range(50))
    )
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {201: 1, 200: 49}, [r.text for r in responses if r.status_code not in (200, 201)]
    assert len({r.text for r in responses}) == 1, "every answer carries the same body"
    sequences, _ = await _channels_of(app, code)
    assert sequences == [1]


async def test_duplicates_mixed_with_new_reports_keep_the_quota_exact(
    committed: tuple[FastAPI, httpx.AsyncClient, str], officer: dict[str, str]
) -> None:
    app, client, prefix = committed
    code = f"{prefix}-E"
    await _agreement(client, officer, code, 20, 50)
    bodies = [vacancy(f"{prefix}-m{i % 20}", code) for i in range(60)]
    responses = await asyncio.gather(*(client.post("/v1/vacancies", json=b, headers=officer) for b in bodies))
    assert Counter(r.status_code for r in responses) == {201: 20, 200: 40}
    by_id: dict[str, set[str]] = {}
    for body, response in zip(bodies, responses, strict=True):
        by_id.setdefault(body["external_id"], set()).add(response.text)
    assert all(len(texts) == 1 for texts in by_id.values())
    sequences, channels = await _channels_of(app, code)
    assert sequences == list(range(1, 21))
    assert channels == {"municipal": 4, "flexible": 8, "waiting_list": 8}


async def _blocked_by(engine: AsyncEngine, pid: int) -> None:
    """Return once some PostgreSQL session waits for a lock held by the session `pid`."""
    async with engine.connect() as conn:
        for _ in range(200):
            query = text("SELECT count(*) FROM pg_stat_activity WHERE :pid = ANY(pg_blocking_pids(pid))")
            if (await conn.execute(query, {"pid": pid})).scalar_one():
                return
            await conn.rollback()
            await asyncio.sleep(0.05)
    raise AssertionError("nothing waited for the lock")


async def test_an_agreement_agreed_while_a_report_waits_for_the_lock_counts(
    committed: tuple[FastAPI, httpx.AsyncClient, str], officer: dict[str, str]
) -> None:
    """ABL § 59 stk. 1-2 under concurrency: the share applied is the agreement's as it is once the report
    holds the area-year's lock, not as it was when the report began to wait for it."""
    app, client, prefix = committed
    engine = process_of(app).engine
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no row locks: a report waits in the process before it reads anything")
    code = f"{prefix}-W"
    await _agreement(client, officer, code, 50, 0, agreed=False)
    async with engine.connect() as holder:  # an earlier report, still holding the counter's lock
        at = (QuotaCounter.area_code == code, QuotaCounter.year == YEAR)
        await holder.execute(select(QuotaCounter.vacancies).where(*at).with_for_update())
        pid = (await holder.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        waiting = asyncio.create_task(
            client.post("/v1/vacancies", json=vacancy(f"{prefix}-w1", code), headers=officer)
        )
        await _blocked_by(engine, pid)
        await ok(
            await client.put(f"/v1/agreements/{YEAR}/{code}", json={"status": "agreed"}, headers=officer)
        )
        await holder.rollback()
    receipt = await ok(await waiting, 201)
    async with process_of(app).session_factory() as session:
        stored = await session.get(Vacancy, receipt["id"])
    assert stored is not None
    assert (stored.municipal_share_bp, stored.reason_params["share_basis"]) == (5000, "share_agreed")
