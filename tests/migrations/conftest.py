"""Fixtures of the migration tests: empty databases of each backend, and what the models declare."""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData, create_engine, inspect, text

from gateway.models import Base as GatewayBase
from services.allocation.models import Base as AllocationBase
from services.categorisation.models import Base as CategorisationBase
from services.kit import db
from services.referrals.models import Base as ReferralsBase
from tests.support import create_scratch_database, drop_scratch_database, postgres_url_or_skip

METADATA: dict[str, MetaData] = {
    "gateway": GatewayBase.metadata,
    "categorisation": CategorisationBase.metadata,
    "allocation": AllocationBase.metadata,
    "referrals": ReferralsBase.metadata,
}
UrlFor = Callable[[str], str]


@pytest.fixture
def empty_database(backend: str, tmp_path: Path) -> Iterator[UrlFor]:
    """schema -> URL of a database nothing was migrated in: a SQLite file per schema, or one PostgreSQL
    database for all (as in production), created for this test and dropped after it."""
    if backend == "sqlite":
        yield lambda schema: f"sqlite:///{(tmp_path / schema).as_posix()}.db"
        return
    server = postgres_url_or_skip()
    url = create_scratch_database(server)
    try:
        yield lambda _schema: url
    finally:
        drop_scratch_database(server, url)


def model_tables(schema: str) -> set[str]:
    return {table.name for table in METADATA[schema].tables.values()}


def table_names(url: str, schema: str) -> set[str]:
    """The tables the database holds for `schema`, its version table left out."""
    engine = create_engine(db.sync_url(url))
    try:
        with engine.connect() as conn:
            names = inspect(conn).get_table_names(schema=None if db.is_sqlite(url) else schema)
    finally:
        engine.dispose()
    return set(names) - {"alembic_version"}


def recorded_versions(url: str, schema: str) -> set[str]:
    """The revisions `schema`'s own version table records."""
    table = "alembic_version" if db.is_sqlite(url) else f'"{schema}".alembic_version'
    engine = create_engine(db.sync_url(url))
    try:
        with engine.connect() as conn:
            return set(conn.execute(text(f"SELECT version_num FROM {table}")).scalars())  # noqa: S608
    finally:
        engine.dispose()
