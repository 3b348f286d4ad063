"""Alembic environment: the ini section names the schema; metadata and URL come from that process."""

import importlib
from logging.config import fileConfig

from alembic import context
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.engine import Connection

from services.kit.db import is_sqlite, schema_translate_map, sync_url
from services.kit.settings import database_url_from_environment

# section name -> (models module, settings class)
PROCESSES = {
    "gateway": ("gateway.models", "gateway.config:GatewaySettings"),
    "categorisation": (
        "services.categorisation.models",
        "services.categorisation.config:CategorisationSettings",
    ),
    "allocation": ("services.allocation.models", "services.allocation.config:AllocationSettings"),
    "referrals": ("services.referrals.models", "services.referrals.config:ReferralsSettings"),
}

config = context.config
schema = config.config_ini_section
if schema not in PROCESSES:
    raise SystemExit(f"unknown section {schema!r}: use -n with one of {', '.join(PROCESSES)}")
if config.config_file_name is not None and not config.attributes.get("skip_logging"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

models_module, settings_ref = PROCESSES[schema]
target_metadata = importlib.import_module(models_module).Base.metadata
module_name, class_name = settings_ref.split(":")
url = config.attributes.get("database_url") or database_url_from_environment(
    getattr(importlib.import_module(module_name), class_name)
)


if is_sqlite(url):
    # SQLite has no schemas: compare against a schema-less copy of the models.
    schemaless = MetaData(naming_convention=target_metadata.naming_convention)
    for table in target_metadata.tables.values():
        table.to_metadata(schemaless, schema=None)
    target_metadata = schemaless


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # Each schema's history sees only its own tables: never another service's, nor what others keep in
    # PostgreSQL's default schema (reflected without a schema name), which autogenerate would propose to
    # drop. On SQLite the schema is translated away, so there the process's tables have none.
    if type_ == "table":
        return getattr(obj, "schema", None) == (None if is_sqlite(url) else schema)
    return True


def run(connection: Connection) -> None:
    sqlite = is_sqlite(url)
    if not sqlite:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        connection.commit()
    connection = connection.execution_options(schema_translate_map=schema_translate_map(url, schema))
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        version_table="alembic_version",
        version_table_schema=None if sqlite else schema,
        include_schemas=not sqlite,
        include_object=include_object,
        render_as_batch=sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    if is_sqlite(url):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            import pathlib

            pathlib.Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(sync_url(url))
    with engine.connect() as connection:
        run(connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run against a database")
run_online()
