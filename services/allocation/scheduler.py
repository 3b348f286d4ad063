"""The periodic return inside the allocation process: what `POST /v1/vacancies/return-overdue` does,
every `ALLOCATION_RETURN_OVERDUE_INTERVAL_SECONDS` (0 switches it off), so that a municipal vacancy goes back
to its housing organisation when its deadline passes without anyone pressing a button.

The first pass runs at start; a failed pass (the database away, say) is logged and tried again at the next
interval. The task is cancelled and awaited at shutdown, before the database engine is closed.
"""

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from fastapi import FastAPI

from services.allocation import dependencies, offers, vacancies
from services.allocation.config import AllocationConfig

log = logging.getLogger(__name__)
ACTOR = "service:allocation-scheduler"


@dataclass(frozen=True)
class Pass:
    offers_expired: list[int]
    returned: list[int]


async def run_once(app: FastAPI) -> Pass:
    """One pass in its own transaction, on the service's clock (the one the endpoints use)."""
    today = app.dependency_overrides.get(dependencies.today, dependencies.today)()
    config: AllocationConfig = app.state.config
    lock: asyncio.Lock | None = app.state.write_lock
    async with (
        lock if lock is not None else contextlib.nullcontext(),
        app.state.session_factory() as session,
        session.begin(),
    ):
        expired = await offers.expire(session, today=today, actor=ACTOR, config=config)
        returned = await vacancies.return_overdue(session, today=today, actor=ACTOR)
        result = Pass(offers_expired=expired, returned=[v.id for v in returned])
    app.state.overdue_passes = getattr(app.state, "overdue_passes", 0) + 1
    if result.returned or result.offers_expired:
        log.info(
            "overdue pass: %d vacancies returned, %d offers expired",
            len(result.returned),
            len(result.offers_expired),
        )
    return result


async def _every(app: FastAPI, interval: float) -> None:
    while True:
        try:
            await run_once(app)
        except Exception:  # the next pass tries again; the process keeps serving
            log.exception("overdue pass failed; trying again in %s s", interval)
        await asyncio.sleep(interval)


async def start(app: FastAPI) -> None:
    """Start the periodic pass (a lifespan startup step); its stop is a shutdown hook."""
    interval: float = app.state.settings.return_overdue_interval_seconds
    if interval <= 0:
        return
    task = asyncio.create_task(_every(app, interval), name="allocation-return-overdue")
    app.state.overdue_task = task

    async def stop() -> None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    app.state.shutdown_hooks.append(stop)
