"""Apply and check the migrations of every schema."""

import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

INI = Path(__file__).resolve().parent.parent / "migrations" / "alembic.ini"
SCHEMAS = ("gateway", "categorisation", "allocation", "referrals")


def alembic_config(schema: str, database_url: str | None = None) -> Config:
    config = Config(str(INI), ini_section=schema)
    config.attributes["skip_logging"] = True
    if database_url:
        config.attributes["database_url"] = database_url
    return config


def upgrade(schemas: tuple[str, ...] = SCHEMAS, database_url: str | None = None) -> None:
    """Bring each schema to head (each process's own database unless `database_url` is given)."""
    for schema in schemas:
        command.upgrade(alembic_config(schema, database_url), "head")


def check(database_url: str | None = None) -> None:
    """Fail when a model differs from its migrations; runs on a throwaway SQLite file by default."""
    with tempfile.TemporaryDirectory() as tmp:
        for schema in SCHEMAS:
            url = database_url or f"sqlite:///{Path(tmp) / schema}.db"
            config = alembic_config(schema, url)
            command.upgrade(config, "head")
            command.check(config)
            print(f"{schema}: models and migrations agree")
