"""Database helpers: plain URLs get our drivers, timestamps stay aware, SQLite gets real savepoints."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, exc, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from services.kit import db

ALLOCATION_PG = "postgresql://app:s3cret@db.example:5432/kommune"


@pytest.mark.parametrize(
    ("plain", "async_", "sync"),
    [
        (ALLOCATION_PG, "postgresql+psycopg://app:s3cret@db.example:5432/kommune", None),
        (
            "sqlite:///var/allocation.db",
            "sqlite+aiosqlite:///var/allocation.db",
            "sqlite+pysqlite:///var/allocation.db",
        ),
        # A URL that already names some other driver is moved onto ours.
        ("postgresql+asyncpg://app@db/k", "postgresql+psycopg://app@db/k", "postgresql+psycopg://app@db/k"),
    ],
)
def test_drivers_are_chosen_for_a_plain_url(plain: str, async_: str, sync: str | None) -> None:
    assert db.async_url(plain) == async_
    # psycopg 3 serves both modes on PostgreSQL; the password must survive (render hides it by default).
    assert db.sync_url(plain) == (sync or async_)


def test_another_backend_is_refused() -> None:
    with pytest.raises(KeyError):
        db.async_url("mysql://app@db/kommune")


def test_the_schema_is_translated_away_on_sqlite_only() -> None:
    assert db.schema_translate_map("sqlite:///x.db", "allocation") == {"allocation": None}
    assert db.schema_translate_map(ALLOCATION_PG, "allocation") == {}
    assert db.is_sqlite("sqlite:///x.db") and not db.is_sqlite(ALLOCATION_PG)


def test_metadata_names_constraints_in_its_schema() -> None:
    metadata = db.make_metadata("referrals")
    table = Table(
        "cases", metadata, Column("id", Integer, primary_key=True), Column("ref", String, unique=True)
    )
    assert table.schema == "referrals"
    assert {c.name for c in table.constraints} == {"pk_cases", "uq_cases_ref"}


# --- on a real SQLite file -------------------------------------------------------------------------

metadata = MetaData()
events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("at", db.UTCDateTime),
    Column("note", String(50)),
)


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = db.create_engine(f"sqlite:///{tmp_path / 'events.db'}", schema="events")
    async with engine.begin() as conn:
        await conn.run_sync(metadata.create_all)
    yield engine
    await engine.dispose()


async def test_a_naive_datetime_is_refused(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        with pytest.raises(exc.StatementError, match="naive datetime"):
            await conn.execute(insert(events).values(id=1, at=datetime(2026, 1, 1, 12, 0)))


async def test_an_aware_datetime_comes_back_aware_in_utc(engine: AsyncEngine) -> None:
    copenhagen_summer = timezone(timedelta(hours=2))
    written = datetime(2026, 6, 1, 14, 30, tzinfo=copenhagen_summer)
    async with engine.begin() as conn:
        await conn.execute(insert(events).values(id=1, at=written))
    async with engine.connect() as conn:
        read = (await conn.execute(select(events.c.at))).scalar_one()
    assert read.tzinfo is not None
    assert read.utcoffset() == timedelta(0)
    assert read == written  # the same instant
    assert read == datetime(2026, 6, 1, 12, 30, tzinfo=UTC)


async def test_sqlite_savepoints_roll_back_only_their_part(engine: AsyncEngine) -> None:
    # The test fixtures' rolled-back sessions rest on this: pysqlite's own BEGIN handling breaks it.
    async with engine.connect() as conn:
        outer = await conn.begin()
        await conn.execute(insert(events).values(id=1, note="kept"))
        inner = await conn.begin_nested()
        await conn.execute(insert(events).values(id=2, note="undone"))
        await inner.rollback()
        await outer.commit()
    async with engine.connect() as conn:
        assert (await conn.execute(select(events.c.note))).scalars().all() == ["kept"]


async def test_ping_raises_when_the_database_cannot_be_opened(tmp_path: Path) -> None:
    engine = db.create_engine(f"sqlite:///{tmp_path / 'missing' / 'x.db'}", schema="x")
    try:
        with pytest.raises(exc.OperationalError):
            await db.ping(engine)
    finally:
        await engine.dispose()
