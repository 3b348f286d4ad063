"""Revision 5e8d1c4a7b20 carries a catalogue seeded by the earlier ladder forward: the legal bases as the
law has them (rows kept, an ended basis dated), no invented capacity, headspace among the preventive offers;
and steps back again."""

from datetime import UTC, date, datetime
from typing import Any

from alembic import command
from sqlalchemy import create_engine, text

from ops import migrate
from services.kit import db
from tests.migrations.conftest import UrlFor

BEFORE, REVISION = "7d2a94c1e5b8", "5e8d1c4a7b20"
OLD, EARLY = date(1998, 7, 1), date(2018, 1, 1)
# code, level, updated_by, capacity, the earlier seed's bases (law, paragraph, valid from)
CATALOGUE: list[tuple[str, int, str, tuple[int, int] | None, list[tuple[str, str, date]]]] = [
    ("headspace", 1, "seed:ladder", None, [("Serviceloven", "§ 18", OLD)]),
    ("forebyggende-hjemmebesoeg", 2, "seed:ladder", None, [("Serviceloven", "§ 79 a", OLD)]),
    ("rusmiddelcenter", 2, "seed:ladder", None, [("Serviceloven", "§ 101", OLD)]),
    ("individuel-stoette", 3, "seed:ladder", (6, 20), [("Serviceloven", "§ 82 b", EARLY)]),
    ("hjemmehjaelp", 5, "user:admin", None, [("Serviceloven", "§ 83", OLD)]),
    # An administrator entered this capacity: it stays.
    ("midlertidigt-botilbud", 7, "user:admin", (1, 12), [("Serviceloven", "§ 107", OLD)]),
    # An administrator's own offer and basis: untouched.
    ("eget-tilbud", 5, "user:admin", None, [("Serviceloven", "§ 85", OLD)]),
]


def _tables(url: str) -> tuple[str, str, str]:
    prefix = "" if db.is_sqlite(url) else "referrals."
    return f"{prefix}ladder_levels", f"{prefix}offers", f"{prefix}offer_legal_bases"


def _run(url: str, sql: str, **params: Any) -> list[Any]:
    engine = create_engine(db.sync_url(url))
    try:
        with engine.begin() as conn:
            result = conn.execute(text(sql), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def _fill(url: str) -> None:
    levels, offers, bases = _tables(url)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    for level in range(1, 10):
        _run(url, f"INSERT INTO {levels} (level, name_da, name_en) VALUES (:l, 'n', 'n')", l=level)  # noqa: S608
    for number, (code, level, by, capacity, seeded) in enumerate(CATALOGUE, start=1):
        _run(
            url,
            f"INSERT INTO {offers} (id, code, level, name_da, name_en, description_da, description_en, "  # noqa: S608
            "target_group_da, target_group_en, needs_assessment, provider, contact_name, capacity_available, "
            "capacity_maximum, capacity_updated_at, active, updated_by, updated_at) "
            "VALUES (:id, :code, :level, 'n', 'n', '', '', '', '', false, 'P', 'C', :available, :maximum, "
            ":at, true, :by, :now)",
            id=number,
            code=code,
            level=level,
            available=capacity[0] if capacity else None,
            maximum=capacity[1] if capacity else None,
            at=now if capacity else None,
            by=by,
            now=now,
        )
        for law, paragraph, valid_from in seeded:
            _run(
                url,
                f"INSERT INTO {bases} (offer_id, law, paragraph, valid_from) VALUES (:id, :law, :p, :f)",  # noqa: S608
                id=number,
                law=law,
                p=paragraph,
                f=valid_from,
            )


def _state(url: str) -> dict[str, Any]:
    _, offers, bases = _tables(url)
    rows = _run(url, f"SELECT code, level, capacity_available, capacity_maximum FROM {offers}")  # noqa: S608
    basis_rows = _run(
        url,
        f"SELECT o.code, b.law, b.paragraph, b.valid_from, b.valid_to FROM {bases} b "  # noqa: S608
        f"JOIN {offers} o ON o.id = b.offer_id",
    )
    return {
        "offers": {code: (level, available, maximum) for code, level, available, maximum in rows},
        "bases": {
            (code, law, paragraph, str(valid_from), str(valid_to) if valid_to else None)
            for code, law, paragraph, valid_from, valid_to in basis_rows
        },
    }


def test_the_seeded_catalogue_is_carried_forward_and_back(backend: str, empty_database: UrlFor) -> None:
    url = empty_database("referrals")
    config = migrate.alembic_config("referrals", url)
    command.upgrade(config, BEFORE)
    _fill(url)
    before = _state(url)

    command.upgrade(config, REVISION)
    after = _state(url)

    assert after["offers"] == {
        "headspace": (2, None, None),
        "forebyggende-hjemmebesoeg": (2, None, None),
        "rusmiddelcenter": (2, None, None),
        "individuel-stoette": (3, None, None),  # the invented 6 of 20 places are gone
        "hjemmehjaelp": (5, None, None),
        "midlertidigt-botilbud": (7, 1, 12),  # entered by an administrator: kept
        "eget-tilbud": (5, None, None),
    }
    assert after["bases"] == {
        ("headspace", "Serviceloven", "§ 18", "2007-01-01", None),
        ("forebyggende-hjemmebesoeg", "Serviceloven", "§ 79 a", "2010-07-01", "2025-06-30"),
        ("rusmiddelcenter", "Serviceloven", "§ 101", "2007-01-01", None),
        ("rusmiddelcenter", "Sundhedsloven", "§ 141", "2007-01-01", None),
        ("individuel-stoette", "Serviceloven", "§ 82 b", "2018-01-01", None),
        ("hjemmehjaelp", "Serviceloven", "§ 83", "2007-01-01", None),
        ("hjemmehjaelp", "Ældreloven", "§ 10", "2025-07-01", None),
        ("midlertidigt-botilbud", "Serviceloven", "§ 107", "2007-01-01", None),
        ("eget-tilbud", "Serviceloven", "§ 85", "1998-07-01", None),
    }

    command.upgrade(config, REVISION)  # already there: nothing doubles
    assert _state(url) == after

    command.downgrade(config, BEFORE)
    back = _state(url)
    assert back["bases"] == before["bases"]
    # The levels come back; the invented capacity does not.
    assert back["offers"]["headspace"] == before["offers"]["headspace"]
    assert back["offers"]["individuel-stoette"] == (3, None, None)
    assert back["offers"]["midlertidigt-botilbud"] == (7, 1, 12)
