"""The allocation revision a7c41e9d2b05 carries the yes/no ban facts forward as "date unknown" and the
agreements' list years into list_designations, with nothing lost; and back down again."""

import json

from alembic import command
from sqlalchemy import create_engine, text

from ops import migrate
from services.kit import db
from tests.migrations.conftest import UrlFor

BEFORE, AFTER = "a7c3e91f2b60", "a7c41e9d2b05"


def _run(url: str, statement: str, **params: object) -> list[dict[str, object]]:
    engine = create_engine(db.sync_url(url))
    prefix = "" if db.is_sqlite(url) else "allocation."
    try:
        with engine.begin() as conn:
            result = conn.execute(text(statement.replace("{s}", prefix)), params)
            return [dict(r) for r in result.mappings()] if result.returns_rows else []
    finally:
        engine.dispose()


SEEKER = (
    "INSERT INTO {s}seekers (id, reference, name, adults, children, rooms_min, needs_accessible, "
    "area_wishes, urgency, reason, registered_on, status, released_from_prison_6m, "
    "released_from_youth_placement_6m, "
    "tenancy_terminated_6m, non_eu_citizen, non_eu_citizen_is_student, benefits_6_consecutive_months, "
    "note, "
    "created_by, created_at, updated_at) VALUES (:id, :ref, 'N', 1, 0, 1, false, '[]', 'normal', 'social', "
    "'2025-01-01', 'active', :prison, false, :tenancy, :non_eu, false, :benefits, '', 't', "
    "'2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')"
)


def test_yes_no_facts_become_date_unknown_and_lists_are_kept(empty_database: UrlFor) -> None:
    url = empty_database("allocation")
    config = migrate.alembic_config("allocation", url)
    command.upgrade(config, BEFORE)
    _run(url, SEEKER, id=1, ref="BS-1", prison=True, tenancy=False, non_eu=True, benefits='["kontanthjaelp"]')
    _run(url, SEEKER, id=2, ref="BS-2", prison=False, tenancy=True, non_eu=False, benefits="[]")
    _run(url, "INSERT INTO {s}areas (code, name, updated_at) VALUES ('A1', 'A', '2026-01-01 00:00:00+00:00')")
    _run(
        url,
        "INSERT INTO {s}agreements (id, year, area_code, source_year, source_status, category, "
        "designations, municipal_share_bp, flexible_share_bp, legal_basis, status, flexible_criteria, "
        "combined_letting_ordered, combined_letting_extended, note, created_by, created_at, updated_by, "
        "updated_at) VALUES (1, 2026, 'A1', 2025, 'approved', 'red', '[\"vulnerable_area\"]', 2500, "
        "10000, 'imposed', 'draft', '[]', false, false, '', 't', '2025-12-02 00:00:00+00:00', 't', "
        "'2025-12-02 00:00:00+00:00')",
    )

    command.upgrade(config, AFTER)
    rows = {
        r["id"]: r
        for r in _run(
            url,
            "SELECT id, released_from_prison_on, released_from_prison_date_unknown, "
            "released_from_youth_placement_date_unknown, tenancy_terminated_date_unknown, non_eu_citizen, "
            "benefit_periods FROM {s}seekers",
        )
    }
    one, two = rows[1], rows[2]
    assert one["released_from_prison_on"] is None and bool(one["released_from_prison_date_unknown"]) is True
    assert bool(one["tenancy_terminated_date_unknown"]) is False and bool(one["non_eu_citizen"]) is True
    periods = (
        one["benefit_periods"]
        if isinstance(one["benefit_periods"], list)
        else json.loads(str(one["benefit_periods"]))
    )
    assert periods == [
        {"benefit": "kontanthjaelp", "first_month": None, "last_month": None, "date_unknown": True}
    ]
    assert bool(two["tenancy_terminated_date_unknown"]) is True
    assert bool(two["released_from_youth_placement_date_unknown"]) is False
    lists = _run(url, "SELECT list_year, area_code, designations FROM {s}list_designations")
    assert [(r["list_year"], r["area_code"]) for r in lists] == [(2025, "A1")]

    command.downgrade(config, BEFORE)
    back = {
        r["id"]: r
        for r in _run(
            url,
            "SELECT id, released_from_prison_6m, tenancy_terminated_6m, benefits_6_consecutive_months "
            "FROM {s}seekers",
        )
    }
    assert bool(back[1]["released_from_prison_6m"]) is True and bool(back[2]["tenancy_terminated_6m"]) is True
    benefits = back[1]["benefits_6_consecutive_months"]
    assert (benefits if isinstance(benefits, list) else json.loads(str(benefits))) == ["kontanthjaelp"]
