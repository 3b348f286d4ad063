"""On PostgreSQL the four schemas share one database: each keeps its own tables and its own history."""

from collections.abc import Iterator

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

from ops import migrate
from services.kit import db
from tests.migrations.conftest import model_tables, recorded_versions, table_names
from tests.support import create_scratch_database, drop_scratch_database, postgres_url_or_skip


@pytest.fixture(scope="module")
def migrated_postgres() -> Iterator[str]:
    server = postgres_url_or_skip()
    url = create_scratch_database(server)
    try:
        migrate.upgrade(migrate.SCHEMAS, url)
        yield url
    finally:
        drop_scratch_database(server, url)


def test_each_schema_has_its_own_version_table(migrated_postgres: str) -> None:
    engine = create_engine(db.sync_url(migrated_postgres))
    try:
        with engine.connect() as conn:
            schemas = conn.execute(
                text(
                    "SELECT table_schema FROM information_schema.tables WHERE table_name = 'alembic_version'"
                )
            ).scalars()
            holders = sorted(schemas)
    finally:
        engine.dispose()
    # One each, none shared in `public`: otherwise one service's upgrade would move another's history.
    assert holders == sorted(migrate.SCHEMAS)


@pytest.mark.parametrize("schema", migrate.SCHEMAS)
def test_each_schema_holds_its_own_tables_at_its_own_head(migrated_postgres: str, schema: str) -> None:
    heads = set(ScriptDirectory.from_config(migrate.alembic_config(schema)).get_heads())
    assert recorded_versions(migrated_postgres, schema) == heads
    assert table_names(migrated_postgres, schema) == model_tables(schema)


def test_nothing_lands_in_the_public_schema(migrated_postgres: str) -> None:
    assert table_names(migrated_postgres, "public") == set()


@pytest.mark.parametrize("schema", migrate.SCHEMAS)
def test_each_schema_checks_clean_beside_the_others(migrated_postgres: str, schema: str) -> None:
    # Autogenerate sees the whole database; another service's tables must not read as drift here.
    command.check(migrate.alembic_config(schema, migrated_postgres))


def test_tables_outside_the_four_schemas_are_not_drift(migrated_postgres: str) -> None:
    # An operator's or extension's table in `public` belongs to no service: autogenerate must not
    # propose to drop it.
    engine = create_engine(db.sync_url(migrated_postgres))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE public.operator_notes (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    try:
        for schema in migrate.SCHEMAS:
            command.check(migrate.alembic_config(schema, migrated_postgres))
    finally:
        engine = create_engine(db.sync_url(migrated_postgres))
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE public.operator_notes"))
        engine.dispose()
