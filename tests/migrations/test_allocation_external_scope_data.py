"""Revision c5d2e8a71f94 gives every existing vacancy its area's organisation as the scope of its
external_id, so ids stay unique where they were, and two organisations may then use the same id."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from ops import migrate
from services.kit import db
from tests.migrations.conftest import UrlFor

REVISION = "c5d2e8a71f94"
AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def table(name: str, schema: str | None, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in columns), schema=schema)


def test_existing_vacancies_get_their_organisation_as_scope(backend: str, empty_database: UrlFor) -> None:
    url = empty_database("allocation")
    config = migrate.alembic_config("allocation", url)
    revision = ScriptDirectory.from_config(config).get_revision(REVISION)
    assert revision is not None and isinstance(revision.down_revision, str)
    before = revision.down_revision
    command.upgrade(config, before)
    schema = None if db.is_sqlite(url) else "allocation"
    organisations = table("housing_organisations", schema, "code", "name", "created_at")
    areas = table("areas", schema, "code", "name", "housing_org", "updated_at")
    vacancy_row = {
        "year": 2026,
        "channel": "waiting_list",
        "reason": "r",
        "reason_code": "quota_waiting_list",
        "reason_params": "{}",
        "municipal_share_bp": 1000,
        "agreement_share_bp": 1000,
        "flexible_share_bp": 0,
        "dwelling_ref": "d",
        "rooms": 3,
        "floor_area_m2": 70.0,
        "monthly_rent_ore": 700_000,
        "available_from": date(2026, 4, 1),
        "status": "open",
        "reported_on": date(2026, 3, 2),
        "reported_by": "x",
        "created_at": AT,
    }
    vacancies = table("vacancies", schema, *vacancy_row, "area_code", "external_id", "sequence")
    engine = sa.create_engine(db.sync_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(organisations).values(code="org-a", name="A", created_at=AT))
            conn.execute(sa.insert(areas).values(code="A1", name="A1", housing_org="org-a", updated_at=AT))
            conn.execute(sa.insert(areas).values(code="N1", name="N1", housing_org=None, updated_at=AT))
            for n, area in enumerate(("A1", "N1"), start=1):
                conn.execute(
                    sa.insert(vacancies).values(
                        **vacancy_row, area_code=area, external_id=f"v-{n}", sequence=1
                    )
                )
        command.upgrade(config, REVISION)
        scoped = table("vacancies", schema, "external_id", "external_scope", "area_code", "sequence")
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(scoped.c.external_id, scoped.c.external_scope).order_by(sa.column("external_id"))
            )
            assert [tuple(r) for r in rows] == [("v-1", "org-a"), ("v-2", "")]
        with engine.begin() as conn:
            # The same id in another organisation's scope is now its own vacancy...
            conn.execute(
                sa.insert(
                    table(
                        "vacancies",
                        schema,
                        *vacancy_row,
                        "area_code",
                        "external_id",
                        "external_scope",
                        "sequence",
                    )
                ).values(**vacancy_row, area_code="N1", external_id="v-1", external_scope="", sequence=2)
            )
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            # ...but within one organisation an id is still one dwelling.
            conn.execute(
                sa.insert(
                    table(
                        "vacancies",
                        schema,
                        *vacancy_row,
                        "area_code",
                        "external_id",
                        "external_scope",
                        "sequence",
                    )
                ).values(**vacancy_row, area_code="A1", external_id="v-1", external_scope="org-a", sequence=2)
            )
        with engine.begin() as conn:
            conn.execute(sa.delete(table("vacancies", schema, "sequence")).where(sa.column("sequence") == 2))
        command.downgrade(config, before)  # and the revision steps down cleanly
    finally:
        engine.dispose()
