"""The periodic return inside the allocation process: what `POST /v1/vacancies/return-overdue` does,
every `ALLOCATION_RETURN_OVERDUE_INTERVAL_SECONDS` (0 switches it off), so that a municipal vacancy goes back
to its housing organisation when its deadline passes without anyone pressing a button.

Several replicas may run this process on one PostgreSQL database, and the pass must still run once per
interval. The database decides, not a Python lock: each replica looks every quarter interval, and runs the
pass only when it can lock the job's row (`FOR UPDATE SKIP LOCKED`: another replica running it is skipped,
not waited for) and the row says the last run is at least an interval ago. The pass and the row's new time
commit in one transaction, so a replica that dies mid-pass leaves nothing half done and no run recorded:
the next look, on any replica, runs it again.

The pass also sends the decision letters queued in the outbox (letters/sending.py), so that a letter goes
out within one interval of its decision, whoever made it.

The first look is at start; a failed pass (the database away, say) is logged and tried again at the next
look. At shutdown the loop is told to stop and a pass under way finishes its transaction first (cancelling
it mid-transaction would leave its connection to be cleaned up by the pool, or, on a shared connection,
unusable); only a pass still running after `STOP_GRACE` seconds is cancelled. All this happens before the
database engine is closed.
"""

import asyncio
import contextlib
import logging
import os
import socket
from dataclasses import dataclass, field
from datetime import date, timedelta

from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation import metrics, offers, vacancies
from services.allocation.letters import sending
from services.allocation.letters.issuing import Letterhead
from services.allocation.models import ScheduledJob
from services.allocation.state import AllocationState
from services.kit import clock
from services.kit.db import utcnow
from services.kit.state import state_of

log = logging.getLogger(__name__)
ACTOR = "service:allocation-scheduler"
JOB = "return-overdue"
# Who ran a pass, in the job's row: enough to tell replicas apart in an incident.
REPLICA = f"{socket.gethostname()}:{os.getpid()}"
# How long shutdown waits for a pass under way before cancelling it.
STOP_GRACE = 10.0


@dataclass(frozen=True)
class Pass:
    offers_expired: list[int]
    returned: list[int]
    letters_sent: list[int] = field(default_factory=list)


async def _pass(session: AsyncSession, *, today: date, state: AllocationState) -> Pass:
    head = Letterhead(municipality=state.municipality.name, config=state.config)
    expired = await offers.expire(session, today=today, actor=ACTOR, config=state.config)
    returned = await vacancies.return_overdue(session, today=today, actor=ACTOR, head=head)
    # Last, so that the withdrawal letters of the vacancies just returned go out in the same pass.
    sent = await sending.send_queued(session, channel=state.letter_channel)
    return Pass(offers_expired=expired, returned=[v.id for v in returned], letters_sent=sent)


def _today(app: FastAPI) -> date:
    """The clock the endpoints use, as the app has it (tests move it with a dependency override)."""
    today = app.dependency_overrides.get(clock.today, clock.today)
    day: date = today()
    return day


def _counted(app: FastAPI, result: Pass) -> Pass:
    state_of(app, AllocationState).overdue_passes += 1
    metrics.SCHEDULER_LAST_SUCCESS.labels(JOB).set_to_current_time()
    if result.returned or result.offers_expired or result.letters_sent:
        log.info(
            "overdue pass: %d vacancies returned, %d offers expired, %d letters sent",
            len(result.returned),
            len(result.offers_expired),
            len(result.letters_sent),
        )
    return result


async def run_once(app: FastAPI) -> Pass:
    """One pass in its own transaction, whatever the job's row says (the endpoint's and the tests' way)."""
    state = state_of(app, AllocationState)
    async with (
        state.write_lock if state.write_lock is not None else contextlib.nullcontext(),
        state.session_factory() as session,
        session.begin(),
    ):
        result = await _pass(session, today=_today(app), state=state)
    return _counted(app, result)


async def run_if_due(app: FastAPI, interval: float) -> Pass | None:
    """The pass, when no replica has run it within `interval` seconds and none is running it now."""
    state = state_of(app, AllocationState)
    async with (
        state.write_lock if state.write_lock is not None else contextlib.nullcontext(),
        state.session_factory() as session,
        session.begin(),
    ):
        job = await session.scalar(
            select(ScheduledJob).where(ScheduledJob.name == JOB).with_for_update(skip_locked=True)
        )
        now = utcnow()
        if job is None or (
            job.last_run_at is not None and now - job.last_run_at < timedelta(seconds=interval)
        ):
            return None  # locked by the replica running it, or run recently enough
        result = await _pass(session, today=_today(app), state=state)
        job.last_run_at, job.last_run_by, job.runs = now, REPLICA, job.runs + 1
    return _counted(app, result)


async def _every(app: FastAPI, interval: float, stopping: asyncio.Event) -> None:
    # Looking four times per interval keeps the runs close to one interval apart across replicas.
    look = interval / 4
    while not stopping.is_set():
        try:
            await run_if_due(app, interval)
        except Exception:  # the next look tries again; the process keeps serving
            log.exception("overdue pass failed; trying again in %s s", look)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopping.wait(), look)


async def start(app: FastAPI) -> None:
    """Start the periodic pass (a lifespan startup step); its stop is a shutdown hook."""
    state = state_of(app, AllocationState)
    interval = state.settings.return_overdue_interval_seconds
    if interval <= 0:
        return
    stopping = asyncio.Event()
    task = asyncio.create_task(_every(app, interval, stopping), name="allocation-return-overdue")
    state.overdue_task = task

    async def stop() -> None:
        stopping.set()
        try:
            await asyncio.wait_for(task, STOP_GRACE)  # cancels the task itself if the grace runs out
        except (TimeoutError, asyncio.CancelledError):
            log.warning("overdue pass still running after %s s at shutdown; cancelled", STOP_GRACE)

    state.shutdown_hooks.append(stop)
