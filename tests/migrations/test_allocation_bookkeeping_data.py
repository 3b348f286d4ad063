"""Revision 4b7e2c91d0a3 carries existing allocation rows forward with nothing lost: agreements get a
rehousing share of 0, vacancies keep their reasons and shares and get their report and return days."""

from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from ops import migrate
from services.kit import db
from tests.migrations.conftest import UrlFor

REVISION = "4b7e2c91d0a3"
CREATED = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # late: the UTC day, whatever the session zone
RETURNED = datetime(2026, 4, 20, 6, 0, tzinfo=UTC)


def table(name: str, schema: str | None, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c) for c in columns), schema=schema)


def test_existing_agreements_and_vacancies_are_carried_forward(backend: str, empty_database: UrlFor) -> None:
    url = empty_database("allocation")
    config = migrate.alembic_config("allocation", url)
    revision = ScriptDirectory.from_config(config).get_revision(REVISION)
    assert revision is not None and isinstance(revision.down_revision, str)
    before = revision.down_revision  # whatever head it was re-pointed to at a merge
    command.upgrade(config, before)
    schema = None if db.is_sqlite(url) else "allocation"
    areas = table("areas", schema, "code", "name", "updated_at")
    agreement_row = {
        "year": 2026,
        "area_code": "A1",
        "source_status": "manual",
        "category": "green",
        "designations": "[]",
        "municipal_share_bp": 3000,
        "flexible_share_bp": 0,
        "legal_basis": "agreement",
        "status": "agreed",
        "flexible_criteria": "[]",
        "combined_letting_ordered": True,
        "combined_letting_extended": False,
        "note": "n",
        "created_by": "x",
        "created_at": CREATED,
        "updated_by": "x",
        "updated_at": CREATED,
    }
    agreements = table("agreements", schema, *agreement_row)
    vacancy_row = {
        "area_code": "A1",
        "year": 2026,
        "channel": "municipal",
        "reason": "the old reason",
        "reason_code": "quota_municipal",
        "reason_params": '{"share": "30 %"}',
        "municipal_share_bp": 3000,
        "flexible_share_bp": 0,
        "dwelling_ref": "d",
        "rooms": 3,
        "floor_area_m2": 70.0,
        "monthly_rent_ore": 700_000,
        "available_from": date(2026, 4, 1),
        "status": "open",
        "reported_by": "x",
        "created_at": CREATED,
    }
    vacancies = table("vacancies", schema, *vacancy_row, "external_id", "sequence", "returned_at")
    engine = sa.create_engine(db.sync_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(sa.insert(areas).values(code="A1", name="A", updated_at=CREATED))
            conn.execute(sa.insert(agreements).values(**agreement_row))
            for sequence, returned_at in ((1, RETURNED), (2, None)):
                conn.execute(
                    sa.insert(vacancies).values(
                        **vacancy_row, external_id=f"v-{sequence}", sequence=sequence, returned_at=returned_at
                    )
                )
        command.upgrade(config, REVISION)
        after_agreements = table("agreements", schema, "rehousing_share_bp", "municipal_share_bp")
        after_vacancies = table(
            "vacancies",
            schema,
            "external_id",
            "reason",
            "reason_params",
            "municipal_share_bp",
            "agreement_share_bp",
            "reported_on",
            "returned_on",
        )
        with engine.connect() as conn:
            assert tuple(conn.execute(sa.select(after_agreements)).one()) == (0, 3000)
            rows = conn.execute(sa.select(after_vacancies).order_by(sa.column("external_id"))).all()
        seen = [
            (r[0], r[1], r[3], r[4], date.fromisoformat(str(r[5])), r[6] and date.fromisoformat(str(r[6])))
            for r in rows
        ]
        assert seen == [
            ("v-1", "the old reason", 3000, 3000, date(2026, 3, 2), date(2026, 4, 20)),
            ("v-2", "the old reason", 3000, 3000, date(2026, 3, 2), None),
        ]
        assert "30 %" in str(rows[0][2])
        command.downgrade(config, before)  # and the revision steps down cleanly
    finally:
        engine.dispose()
