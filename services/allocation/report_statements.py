"""The statements of a vacancy report (vacancies.report), as Core built once at import.

A report is the service's hot path: housing organisations report many vacancies a second at once, and
every one holds its area-year's locks until it commits. So it runs these on the session's connection
rather than through the ORM's unit of work and identity map, and each is built once: SQLAlchemy then finds
the compiled form by the statement's key without recomputing the key per call (issue 16).

Bound parameters are named `at_*` where they select and `new_*` where they write, never like a column:
SQLAlchemy keeps a column's own name for the values of an insert or update.
"""

from typing import Any, cast

from sqlalchemy import JSON, Insert, Row, Select, String, Table, and_, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from services.allocation.models import Agreement, Area, QuotaCounter, Vacancy, VacancyEvent
from services.kit.db import UTCDateTime

AnyRow = Row[*tuple[Any, ...]]

areas, agreements = cast(Table, Area.__table__), cast(Table, Agreement.__table__)
counters, vacancies = cast(Table, QuotaCounter.__table__), cast(Table, Vacancy.__table__)
events = cast(Table, VacancyEvent.__table__)

TALLY = ("vacancies", "municipal", "flexible", "waiting_list")
# What a receipt shows, besides the external_id the caller sent.
RECEIPT = tuple(vacancies.c[name] for name in ("id", "area_code", "year", "sequence", "channel", "reason"))
# What a report stores of a vacancy; the other columns are filled later (returns, lettings).
VACANCY = (
    "external_id",
    "external_scope",
    "area_code",
    "year",
    "sequence",
    "channel",
    "reason",
    "reason_code",
    "reason_params",
    "municipal_share_bp",
    "agreement_share_bp",
    "flexible_share_bp",
    "dwelling_ref",
    "rooms",
    "floor_area_m2",
    "monthly_rent_ore",
    "accessible",
    "available_from",
    "status",
    "deadline",
    "reported_on",
    "reported_by",
    "reported_by_org",
    "created_at",
)
EVENT = ("kind", "detail", "actor", "at")

_COUNTER_AT = (counters.c.area_code == bindparam("at_area"), counters.c.year == bindparam("at_year"))

# The usual report in one statement: the area-year's counter and agreement, both locked until the
# transaction ends, with the area's organisation and the vacancy already reported under the external_id in
# that organisation's id space (used only once the caller's right to the area holds). Nothing when the area,
# its agreement or its counter is missing. Locking the agreement too means it is read as it is once the
# lock is held, after any wait (PostgreSQL re-reads the rows it locks; the others it reads as they were
# when the statement began): an agreement marked agreed meanwhile counts (ABL § 59 stk. 1-2). NO KEY: a
# change's record may still point at the agreement. SQLite has no row locks: the process serialises its
# writers there instead.
LOCKED = (
    select(
        *(counters.c[name] for name in TALLY),
        agreements.c.municipal_share_bp,
        agreements.c.flexible_share_bp,
        agreements.c.status,
        areas.c.housing_org,
        *RECEIPT,
    )
    .select_from(
        counters.join(areas, areas.c.code == counters.c.area_code)
        .join(
            agreements,
            and_(agreements.c.area_code == counters.c.area_code, agreements.c.year == counters.c.year),
        )
        .outerjoin(
            vacancies,
            and_(
                vacancies.c.external_scope == func.coalesce(areas.c.housing_org, ""),
                vacancies.c.external_id == bindparam("at_external_id"),
            ),
        )
    )
    .where(*_COUNTER_AT)
    .with_for_update(of=[counters, agreements], key_share=True)
)
# When LOCKED finds nothing: which is missing, in the order the caller is told – the area, the caller's
# right to it, an earlier report of the external_id, the agreement (else only the counter is missing).
AREA_AND_EARLIER = (
    select(areas.c.housing_org, agreements.c.id.label("agreement_id"), *RECEIPT)
    .select_from(
        areas.outerjoin(
            agreements,
            and_(agreements.c.area_code == areas.c.code, agreements.c.year == bindparam("at_year")),
        ).outerjoin(
            vacancies,
            and_(
                vacancies.c.external_scope == func.coalesce(areas.c.housing_org, ""),
                vacancies.c.external_id == bindparam("at_external_id"),
            ),
        )
    )
    .where(areas.c.code == bindparam("at_area"))
)
EARLIER = select(*RECEIPT).where(
    vacancies.c.external_scope == bindparam("at_scope"),
    vacancies.c.external_id == bindparam("at_external_id"),
)


def _insert_new(table: Table, dialect: str, *keys: str) -> Insert:
    """INSERT … ON CONFLICT (keys) DO NOTHING, in the dialect's words (both speak it)."""
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=keys)
    return sqlite.insert(table).on_conflict_do_nothing(index_elements=keys)


CREATE_COUNTER = {
    dialect: _insert_new(counters, dialect, "area_code", "year") for dialect in ("postgresql", "sqlite")
}

# The vacancy, unless another report stored the same external_id first (then nothing, and no id).
_NEW_VACANCY = {
    dialect: _insert_new(vacancies, dialect, "external_scope", "external_id")
    .values({name: bindparam(f"new_{name}", type_=vacancies.c[name].type) for name in VACANCY})
    .returning(vacancies.c.id)
    for dialect in ("postgresql", "sqlite")
}
_COUNT = update(counters).where(*_COUNTER_AT).values({name: bindparam(f"new_{name}") for name in TALLY})


def _event_of(vacancy_id: Any) -> Insert:
    return insert(events).from_select(
        ["vacancy_id", *EVENT],
        select(
            vacancy_id,
            bindparam("new_kind", type_=String()),
            bindparam("new_detail", type_=JSON()),
            bindparam("new_actor", type_=String()),
            bindparam("new_at", type_=UTCDateTime()),
        ),
    )


def _written_at_once() -> Select[Any]:
    """PostgreSQL: the vacancy, the counter and the event in one statement; the new id, if any.

    The counter and the event are written only when the vacancy was (data-modifying WITH queries).
    """
    new = _NEW_VACANCY["postgresql"].cte("new_vacancy")
    counted = _COUNT.where(select(new.c.id).exists()).cte("counted")
    logged = _event_of(new.c.id).cte("logged")
    return select(new.c.id).add_cte(counted, logged)


WRITE = _written_at_once()
# SQLite has no data-modifying WITH: its three statements, one after the other.
INSERT_VACANCY = _NEW_VACANCY["sqlite"]
COUNT = _COUNT
INSERT_EVENT = _event_of(bindparam("new_vacancy_id"))
