"""The data version and the kept results themselves (services/categorisation/versions.py): what is kept under
which stamp, for how long, and when a transaction reads or renews the stamp. The reads built on them are
tested through the API in test_result_cache.py and test_export_cache.py."""

from collections.abc import Awaitable, Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.categorisation import versions
from services.categorisation.models import DataVersion
from services.kit.state import process_of

MISSING = versions._MISSING


def test_a_result_is_found_only_at_the_stamp_it_was_kept_at():
    kept = versions.Results()
    kept.keep("s1", "k", 1)

    assert kept.peek("s1", "k") == 1
    assert kept.peek("s2", "k") is MISSING
    assert kept.peek(None, "k") is MISSING  # a transaction that wrote finds nothing
    assert kept.peek("s1", "other") is MISSING


def test_a_result_of_a_new_stamp_drops_every_result_of_the_old_one():
    kept = versions.Results()
    kept.keep("s1", "a", 1)
    kept.keep("s1", "b", 2)

    kept.keep("s2", "a", 3)

    assert kept.peek("s2", "a") == 3
    assert kept.peek("s2", "b") is MISSING
    assert kept.peek("s1", "b") is MISSING


def test_at_most_size_results_are_kept_the_least_recently_used_going_first():
    kept = versions.Results(size=2)
    kept.keep("s", "a", 1)
    kept.keep("s", "b", 2)
    assert kept.peek("s", "a") == 1  # used: b is now the least recently used

    kept.keep("s", "c", 3)

    assert [kept.peek("s", k) for k in ("a", "b", "c")] == [1, MISSING, 3]


def counting(value: object) -> tuple[list[int], Callable[[], Awaitable[object]]]:
    calls: list[int] = []

    async def make() -> object:
        calls.append(1)
        return value

    return calls, make


@pytest.fixture
def sessions(client: httpx.AsyncClient, categorisation_app: FastAPI) -> async_sessionmaker[AsyncSession]:
    """Sessions on the test's rolled-back connection (the `client` fixture sets it up)."""
    return process_of(categorisation_app).session_factory


async def test_a_result_is_made_once_per_stamp(sessions):
    kept = versions.Results()
    calls, make = counting("result")

    async with sessions() as session:
        first = await kept.get(session, "k", make)
    async with sessions() as session:
        again = await kept.get(session, "k", make)
    async with sessions() as session:
        await versions.changed(session)
        await session.commit()
    async with sessions() as session:
        after_change = await kept.get(session, "k", make)

    assert first == again == after_change == "result"
    assert len(calls) == kept.made == 2


async def test_every_write_renews_the_stamp_and_one_rolled_back_leaves_it(sessions):
    async with sessions() as session:
        at_start = await versions.stamp(session)
    async with sessions() as session:
        await versions.changed(session)
        await session.rollback()
    async with sessions() as session:
        after_rollback = await versions.stamp(session)
    stamps = []
    for _ in range(2):
        async with sessions() as session:
            await versions.changed(session)
            await session.commit()
        async with sessions() as session:
            stamps.append(await versions.stamp(session))

    assert at_start is not None
    assert after_rollback == at_start
    assert len({at_start, *stamps}) == 3


async def test_a_transaction_reads_the_stamp_once(sessions):
    """What one request computes is filed under the stamp it read first, even if a write commits meanwhile
    (no request that starts after the write reads that stamp)."""
    async with sessions() as reader:
        first = await versions.stamp(reader)
        async with sessions() as writer:
            await versions.changed(writer)
            await writer.commit()
        # (The tests' sessions share one connection, so the reader sees the row the writer changed.)
        current = await reader.scalar(select(DataVersion.stamp).where(DataVersion.id == versions.ROW))

        assert current != first
        assert await versions.stamp(reader) == first


async def test_a_transaction_that_wrote_computes_without_keeping(sessions):
    kept = versions.Results()
    calls, make = counting("own")

    async with sessions() as session:
        await versions.changed(session)
        assert await versions.stamp(session) is None
        await kept.get(session, "k", make)
        await kept.get(session, "k", make)
        assert await kept.find(session, "k") is None
        await session.commit()

    assert len(calls) == 2
    assert kept._stamp is None and not kept._kept


async def test_a_failed_computation_is_not_kept(sessions):
    kept = versions.Results()
    calls, make = counting("fine")

    async def fail() -> object:
        raise LookupError("no data")

    async with sessions() as session:
        with pytest.raises(LookupError):
            await kept.get(session, "k", fail)
        assert await kept.find(session, "k") is None
        assert await kept.get(session, "k", make) == "fine"

    assert len(calls) == 1


async def test_without_a_cache_every_call_computes(sessions):
    calls, make = counting("each time")

    async with sessions() as session:
        for _ in range(2):
            assert await versions.get(None, session, "k", make) == "each time"

    assert len(calls) == 2


async def test_a_missing_version_row_is_made_again_by_the_next_write(sessions):
    async with sessions() as session:
        await session.execute(delete(DataVersion))
        await versions.changed(session)
        await session.commit()
    async with sessions() as session:
        rows = (await session.scalars(select(DataVersion.stamp))).all()

    assert len(rows) == 1 and rows[0]
