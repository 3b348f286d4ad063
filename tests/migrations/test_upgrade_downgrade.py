"""Every schema's revisions go up, all the way down, and up again, on SQLite and PostgreSQL."""

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from ops import migrate
from tests.migrations.conftest import UrlFor, model_tables, recorded_versions, table_names


@pytest.mark.parametrize("schema", migrate.SCHEMAS)
def test_upgrade_downgrade_and_upgrade_again(schema: str, empty_database: UrlFor) -> None:
    url = empty_database(schema)
    config = migrate.alembic_config(schema, url)
    heads = set(ScriptDirectory.from_config(config).get_heads())

    command.upgrade(config, "head")
    assert table_names(url, schema) == model_tables(schema)
    assert recorded_versions(url, schema) == heads

    # A downgrade that forgets a table would leave it behind and make the next upgrade fail.
    command.downgrade(config, "base")
    assert table_names(url, schema) == set()
    assert recorded_versions(url, schema) == set()

    command.upgrade(config, "head")
    assert table_names(url, schema) == model_tables(schema)
    assert recorded_versions(url, schema) == heads


@pytest.mark.parametrize("schema", migrate.SCHEMAS)
def test_each_revision_steps_down_and_up(schema: str, empty_database: UrlFor) -> None:
    # The stairway: every single step is reversible, not only the whole line at once.
    url = empty_database(schema)
    config = migrate.alembic_config(schema, url)
    revisions = list(reversed(list(ScriptDirectory.from_config(config).walk_revisions())))
    for revision in revisions:
        command.upgrade(config, revision.revision)
        command.downgrade(config, "-1")
        command.upgrade(config, revision.revision)
        assert recorded_versions(url, schema) == {revision.revision}
    assert table_names(url, schema) == model_tables(schema)
