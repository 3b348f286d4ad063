"""Database base classes, engines and the one-transaction-per-request session."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator

# Named constraints make Alembic diffs stable and error messages readable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware timestamps on both backends: SQLite forgets the zone, so it is put back."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use datetime.now(UTC)")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


# Each service declares `class Base(DeclarativeBase)` with these two, so type checkers see a real class.
TYPE_ANNOTATION_MAP: dict[Any, Any] = {datetime: UTCDateTime}


def make_metadata(schema: str) -> MetaData:
    """Metadata whose tables live in `schema` (translated away on SQLite), with named constraints."""
    return MetaData(schema=schema, naming_convention=NAMING_CONVENTION)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def async_url(url: str) -> str:
    """Choose the async driver for a plain URL (postgresql://, sqlite:///)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    driver = {"postgresql": "psycopg", "sqlite": "aiosqlite"}[backend]
    return parsed.set(drivername=f"{backend}+{driver}").render_as_string(hide_password=False)


def sync_url(url: str) -> str:
    """Choose the sync driver for a plain URL; used by Alembic and command-line tools."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    driver = {"postgresql": "psycopg", "sqlite": "pysqlite"}[backend]
    return parsed.set(drivername=f"{backend}+{driver}").render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def schema_translate_map(url: str, schema: str) -> dict[str | None, str | None]:
    """SQLite has one database per process and no schemas: drop the schema name there."""
    return {schema: None} if is_sqlite(url) else {}


# SQLite transactions take the write lock when they begin, unless a connection asks otherwise.
SQLITE_BEGIN_OPTION = "sqlite_begin"
# How long a transaction waits for that lock: longer than the gateway waits for a service (10 s), so a
# busy moment is a slow answer rather than an error.
SQLITE_BUSY_TIMEOUT_MS = 15_000


def prepare_sqlite(sync_engine: Any) -> None:
    """Give SQLite real transactions (savepoints work), foreign keys and a busy timeout.

    Transactions begin IMMEDIATE, taking the write lock up front and waiting for it (busy_timeout): a
    deferred transaction that reads and then writes fails at once with "database is locked" when another
    connection wrote in between (WAL cannot upgrade its old snapshot), and no timeout helps. Requests that
    read and then write are common here (every inbox read is logged), so under concurrent use most of them
    failed. The price: reading transactions queue for the lock too, one transaction at a time per file
    (the readiness probe reads without it); PostgreSQL is the backend for concurrent production use.
    """

    @event.listens_for(sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # The driver's own implicit BEGIN breaks SAVEPOINT; we issue BEGIN ourselves below.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(SQLITE_BEGIN_OPTION, "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")


# Connections of one process to PostgreSQL, opened as needed and then kept.
POOL_SIZE = 15


def create_engine(url: str, schema: str, **kwargs: Any) -> AsyncEngine:
    """An async engine for `url` with the schema mapped for this backend."""
    if not is_sqlite(url):
        # A server that drops packets must not hang a request or a readiness probe for minutes.
        kwargs.setdefault("connect_args", {"connect_timeout": 5})
        # SQLAlchemy's default is 5 kept and 10 more while busy; with more than 5 requests at once, the
        # extra connections were closed as they came back and opened again for the next request – a new
        # PostgreSQL backend every ~16 vacancy reports (issue 16). The same 15 at most, all kept.
        kwargs.setdefault("pool_size", POOL_SIZE)
        kwargs.setdefault("max_overflow", 0)
    engine = create_async_engine(
        async_url(url),
        execution_options={"schema_translate_map": schema_translate_map(url, schema)},
        pool_pre_ping=not is_sqlite(url),
        **kwargs,
    )
    if is_sqlite(url):
        prepare_sqlite(engine.sync_engine)
    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)


async def ping(engine: AsyncEngine) -> None:
    """Raise unless the database answers a trivial query."""
    async with engine.connect() as conn:
        # A probe that only reads must not queue for SQLite's write lock behind busy requests.
        await conn.execution_options(**{SQLITE_BEGIN_OPTION: "DEFERRED"})
        await conn.execute(text("SELECT 1"))


async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """A session that rolls back whatever was not committed when it closes."""
    async with factory() as session:
        try:
            yield session
        finally:
            if session.in_transaction():
                await session.rollback()
