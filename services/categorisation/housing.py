"""Use cases for housing data: accept a file whole or not at all, and load a year's inputs."""

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import ARRAY, Integer, Table, any_, bindparam, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from services.categorisation import versions
from services.categorisation.exceptions import HousingFileRejected
from services.categorisation.importing import FileRejected, parse_housing_data, parse_official_list
from services.categorisation.models import (
    Area,
    DataImport,
    HousingFigures,
    ImportKind,
    OfficialDesignation,
    YearParameters,
)
from services.categorisation.rules.engine import Engine, Inputs
from services.categorisation.rules.model import Designation, HousingRow, lists_holding
from services.categorisation.rules.rulesets import RULE_SETS
from services.categorisation.schemas import ImportRead
from services.kit.collector import collector_paused

# Transformation looks back five years, and each of those years averages with the year before it:
# as many years as the longest window and averaging period of any rule set need.
AVERAGING_YEARS = max(n for rules in RULE_SETS for _, n in (*rules.averaged_years, (None, 1)))
LOOKBACK_YEARS = max(rules.transformation_years for rules in RULE_SETS) + AVERAGING_YEARS - 1
CHUNK = 500
# Ids per DELETE: below SQLite's oldest limit of 999 parameters in one statement.
DELETE_CHUNK = 900
AREAS = cast(Table, Area.__table__)
FIGURES = cast(Table, HousingFigures.__table__)
# HousingRow's fields, which are also the figure table's column names.
FIGURE_FIELDS = HousingRow._fields


def _rejected(exc: FileRejected) -> HousingFileRejected:
    return HousingFileRejected(
        f"Nothing was stored: the file has {len(exc.errors)} problem(s). "
        "Each is listed with its row and column.",
        errors=exc.errors,
    )


async def import_housing_data(
    session: AsyncSession, *, content: bytes, filename: str, actor: str
) -> ImportRead:
    """Store a housing-data file: every row valid, or nothing stored and every problem reported."""
    try:
        rows = parse_housing_data(content)
    except FileRejected as exc:
        raise _rejected(exc) from None
    record = DataImport(
        kind=ImportKind.HOUSING_DATA,
        filename=filename[:255],
        content_sha256=hashlib.sha256(content).hexdigest(),
        rows=len(rows),
        years=sorted({r.year for r in rows}),
        areas=len({r.area_code for r in rows}),
        created_by=actor,
    )
    session.add(record)
    await session.flush()
    await _upsert_areas(session, rows=rows)
    # Replace the figures of exactly the (year, area) pairs in the file, then insert them anew.
    await _delete_figures(session, rows=rows)
    await _insert_figures(session, rows=rows, import_id=record.id)
    await versions.changed(session)
    return ImportRead(rows=record.rows, years=record.years, areas=record.areas, import_id=record.id)


async def _upsert_areas(session: AsyncSession, *, rows: list[HousingRow]) -> None:
    """Keep one Area per code with the name and place of its latest year in the file."""
    latest: dict[str, HousingRow] = {}
    for row in rows:
        if row.area_code not in latest or row.year >= latest[row.area_code].year:
            latest[row.area_code] = row
    codes = list(latest)
    # Plain tuples to compare with: a national file names some 10,000 areas, and loading each as an
    # ORM object cost more than the comparison. Only the areas that changed are loaded to be updated.
    existing: dict[str, tuple[str, int, int]] = {}
    for start in range(0, len(codes), CHUNK):
        found = await session.execute(
            select(Area.code, Area.name, Area.municipality_code, Area.region_code).where(
                Area.code.in_(codes[start : start + CHUNK])
            )
        )
        existing.update({code: (name, municipality, region) for code, name, municipality, region in found})
    new = []
    changed = []
    for code, row in latest.items():
        place = (row.area_name, row.municipality_code, row.region_code)
        if code not in existing:
            new.append(
                {
                    "code": code,
                    "name": row.area_name,
                    "municipality_code": row.municipality_code,
                    "region_code": row.region_code,
                }
            )
        elif existing[code] != place:
            changed.append(code)
    for start in range(0, len(changed), CHUNK):
        for area in await session.scalars(select(Area).where(Area.code.in_(changed[start : start + CHUNK]))):
            row = latest[area.code]
            area.name, area.municipality_code, area.region_code = (
                row.area_name,
                row.municipality_code,
                row.region_code,
            )
    # A Core insert (the table, not the mapped class) skips the ORM's per-row bookkeeping; the column
    # default still stamps updated_at.
    for start in range(0, len(new), 5000):
        await session.execute(insert(AREAS), new[start : start + 5000])
    await session.flush()


async def _delete_figures(session: AsyncSession, *, rows: list[HousingRow]) -> None:
    """Delete the stored figures of the (year, area) pairs in the file, by primary key.

    One query finds the stored pairs of the file's years (none for a new year's file); deleting by id
    then uses the primary key on every backend, where matching (year, area) pairs in bulk made
    PostgreSQL scan the table once per batch. PostgreSQL takes every id as one array in one
    statement (batches of 900 took ten times as long); SQLite has a limit on parameters.
    """
    pairs = {(r.year, r.area_code) for r in rows}
    stored = await session.execute(
        select(FIGURES.c.id, FIGURES.c.year, FIGURES.c.area_code).where(
            FIGURES.c.year.in_(sorted({year for year, _ in pairs}))
        )
    )
    ids = [id_ for id_, year, code in stored if (year, code) in pairs]
    if not ids:
        return
    if (await session.connection()).dialect.name == "postgresql":
        every_id = bindparam("ids", ids, type_=ARRAY(Integer))
        await session.execute(delete(FIGURES).where(FIGURES.c.id == any_(every_id)))
        return
    for start in range(0, len(ids), DELETE_CHUNK):
        await session.execute(delete(FIGURES).where(FIGURES.c.id.in_(ids[start : start + DELETE_CHUNK])))


async def _insert_figures(session: AsyncSession, *, rows: list[HousingRow], import_id: int) -> None:
    """Insert the file's figures with the fastest bulk path of the backend, in the session's transaction.

    A national file is some 60,000 rows: through the ORM's bulk insert each row costs several times
    what the database spends on it. PostgreSQL gets COPY, one streamed command; SQLite gets the driver's
    executemany with plain tuples. Either way the rows go over the session's own connection, so they
    are committed or rolled back with the rest of the import.
    """
    values = [(*row, import_id) for row in rows]  # a HousingRow's fields are the table's columns, in order
    columns = ", ".join((*FIGURE_FIELDS, "import_id"))
    connection = await session.connection()
    table = _table_name(connection, FIGURES)
    if connection.dialect.name == "postgresql":
        driver = (await connection.get_raw_connection()).driver_connection
        assert driver is not None
        async with driver.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for value in values:
                await copy.write_row(value)
    else:
        placeholders = ", ".join("?" * (len(FIGURE_FIELDS) + 1))  # SQLite's qmark parameters
        # Only the model's own table and column names are formatted into the statement.
        insert_sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        await connection.exec_driver_sql(insert_sql, values)


def _table_name(connection: AsyncConnection, table: Table) -> str:
    """The table's name as this connection must write it in raw SQL (the schema is translated away
    on SQLite, see services.kit.db)."""
    assert connection.sync_connection is not None
    translate = connection.sync_connection.get_execution_options().get("schema_translate_map") or {}
    schema = translate.get(table.schema, table.schema)
    preparer = connection.dialect.identifier_preparer
    name = preparer.quote(table.name)
    return f"{preparer.quote_schema(schema)}.{name}" if schema else name


async def import_official_list(
    session: AsyncSession, *, content: bytes, filename: str, actor: str
) -> ImportRead:
    """Replace the official designations of the years in the file with the file's."""
    try:
        triples = parse_official_list(content)
    except FileRejected as exc:
        raise _rejected(exc) from None
    years = sorted({year for year, _, _ in triples})
    record = DataImport(
        kind=ImportKind.OFFICIAL_LIST,
        filename=filename[:255],
        content_sha256=hashlib.sha256(content).hexdigest(),
        rows=len(triples),
        years=years,
        areas=len({code for _, code, _ in triples}),
        created_by=actor,
    )
    session.add(record)
    await session.flush()
    await session.execute(delete(OfficialDesignation).where(OfficialDesignation.year.in_(years)))
    if triples:
        await session.execute(
            insert(OfficialDesignation),
            [
                {"year": year, "area_code": code, "designation": d.value, "import_id": record.id}
                for year, code, d in triples
            ],
        )
    await versions.changed(session)
    return ImportRead(rows=record.rows, years=years, areas=record.areas, import_id=record.id)


FIGURE_COLUMNS = (
    HousingFigures.year,
    HousingFigures.area_code,
    HousingFigures.area_name,
    HousingFigures.municipality_code,
    HousingFigures.region_code,
    HousingFigures.residents,
    HousingFigures.outside_labour_market_pct,
    HousingFigures.convicted_pct,
    HousingFigures.basic_education_pct,
    HousingFigures.income_pct_of_region,
    HousingFigures.non_western_pct,
)


async def _figure_rows(
    session: AsyncSession, *, since: int, until: int, area_codes: Sequence[str] | None
) -> list[HousingRow]:
    """The stored figures of years `since`..`until` (of `area_codes` only, when given).

    Read straight from the driver's cursor: a national categorisation reads some 20,000-60,000 rows,
    and SQLAlchemy's result rows cost more than the database's own work. The columns are the
    HousingRow fields in order, and the only values bound are years and area codes.
    """
    connection = await session.connection()
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    postgresql = connection.dialect.name == "postgresql"
    mark = "%s" if postgresql else "?"  # psycopg's and sqlite3's positional parameters
    # Only the model's own table and column names are formatted into the statement.
    query = (
        f"SELECT {', '.join(FIGURE_FIELDS)} FROM {_table_name(connection, FIGURES)} "  # noqa: S608
        f"WHERE year >= {mark} AND year <= {mark}"
    )
    batches = (
        [None]
        if area_codes is None
        else [area_codes[start : start + CHUNK] for start in range(0, len(area_codes), CHUNK)]
    )
    rows: list[HousingRow] = []
    for codes in batches:
        sql = query if codes is None else f"{query} AND area_code IN ({', '.join([mark] * len(codes))})"
        params = (since, until, *(codes or ()))
        # Paused while the rows arrive too: the driver makes a tuple per row, as many again.
        with collector_paused():
            if postgresql:
                async with driver.cursor() as cursor:
                    await cursor.execute(sql, params)
                    fetched = await cursor.fetchall()
            else:
                async with driver.execute(sql, params) as cursor:
                    fetched = await cursor.fetchall()
            rows.extend(map(HousingRow._make, fetched))
    return rows


async def load_inputs(
    session: AsyncSession,
    *,
    year: int,
    area_code: str | None = None,
    figures_since: int | None = None,
    area_codes: Sequence[str] | None = None,
) -> Inputs:
    """The figures, national averages and official lists the year's categorisation depends on.

    `figures_since` loads figures from that year on only, and `area_codes` only those areas' figures
    (the national averages and official lists of the whole lookback are loaded either way).
    """
    first = year - LOOKBACK_YEARS
    since = first if figures_since is None else max(first, figures_since)
    if area_code is not None:
        area_codes = [area_code]
    rows: dict[int, dict[str, HousingRow]] = defaultdict(dict)
    for row in await _figure_rows(session, since=since, until=year, area_codes=area_codes):
        rows[row.year][row.area_code] = row
    national = {
        y: pct
        for y, pct in (
            await session.execute(
                select(YearParameters.year, YearParameters.national_convicted_pct).where(
                    YearParameters.year >= first - (AVERAGING_YEARS - 1), YearParameters.year <= year
                )
            )
        )
    }
    official_query = select(
        OfficialDesignation.year, OfficialDesignation.area_code, OfficialDesignation.designation
    ).where(OfficialDesignation.year >= first, OfficialDesignation.year <= year)
    if area_code is not None:
        official_query = official_query.where(OfficialDesignation.area_code == area_code)
    listed: dict[int, dict[str, set[Designation]]] = defaultdict(lambda: defaultdict(set))
    for y, code, designation in await session.execute(official_query):
        listed[y][code].add(Designation(designation))
    official = {y: {code: frozenset(ds) for code, ds in codes.items()} for y, codes in listed.items()}
    return Inputs(
        rows=dict(rows),
        national_convicted_pct=national,
        official=official,
        official_lists=await official_lists(session, since=first, until=year),
    )


async def official_lists(session: AsyncSession, *, since: int, until: int) -> dict[int, frozenset[str]]:
    """The published lists loaded for each year (model.PUBLISHED_LISTS), over every area.

    Read apart from the designations: one area's inputs hold its own designations only, and an area
    absent from a loaded list is thereby not designated (see rules.designations.govern).
    """
    found: dict[int, set[Designation]] = defaultdict(set)
    for y, designation in await session.execute(
        select(OfficialDesignation.year, OfficialDesignation.designation)
        .where(OfficialDesignation.year >= since, OfficialDesignation.year <= until)
        .distinct()
    ):
        found[y].add(Designation(designation))
    return {y: lists_holding(designations) for y, designations in found.items()}


async def load_year_inputs(session: AsyncSession, *, year: int) -> Inputs:
    """Exactly the inputs a whole year's categorisation depends on, and no more.

    A national year with its lookback is some 60,000 rows of figures, but only the year's parallel
    societies need the years before its averaging periods (their transformation window): every other
    area is decided by the figures of the year and the years they are averaged with. So the recent
    years are loaded for every area, and the earlier ones only for the areas that need them.
    """
    averaged_since = year - (AVERAGING_YEARS - 1)
    recent = await load_inputs(session, year=year, figures_since=averaged_since)
    lookback = Engine(recent).needs_lookback(year)
    if not lookback:
        return recent
    rows = {y: dict(codes) for y, codes in recent.rows.items()}
    earlier = await _figure_rows(
        session, since=year - LOOKBACK_YEARS, until=averaged_since - 1, area_codes=lookback
    )
    for row in earlier:
        rows.setdefault(row.year, {})[row.area_code] = row
    return Inputs(
        rows=rows,
        national_convicted_pct=recent.national_convicted_pct,
        official=recent.official,
        official_lists=recent.official_lists,
    )


def inputs_to_json(inputs: Inputs) -> dict[str, Any]:
    """A canonical, JSON-ready copy of the inputs, frozen into an approval."""
    return {
        "rows": [
            row._asdict() for year in sorted(inputs.rows) for _, row in sorted(inputs.rows[year].items())
        ],
        "national_convicted_pct": {str(y): v for y, v in sorted(inputs.national_convicted_pct.items())},
        "official": {
            str(y): {code: sorted(d.value for d in ds) for code, ds in sorted(codes.items())}
            for y, codes in sorted(inputs.official.items())
        },
        "official_lists": {str(y): sorted(names) for y, names in sorted(_official_lists(inputs).items())},
    }


def _official_lists(inputs: Inputs) -> dict[int, frozenset[str]]:
    if inputs.official_lists is not None:
        return {y: names for y, names in inputs.official_lists.items() if names}
    return {
        y: lists_holding(d for designations in codes.values() for d in designations)
        for y, codes in inputs.official.items()
    }


def inputs_from_json(data: dict[str, Any]) -> Inputs:
    rows: dict[int, dict[str, HousingRow]] = defaultdict(dict)
    for values in data["rows"]:
        row = HousingRow(**values)
        rows[row.year][row.area_code] = row
    return Inputs(
        rows=dict(rows),
        national_convicted_pct={int(y): float(v) for y, v in data["national_convicted_pct"].items()},
        official={
            int(y): {code: frozenset(Designation(d) for d in ds) for code, ds in codes.items()}
            for y, codes in data["official"].items()
        },
        # Inputs frozen before the published list decided hold no "official_lists": their results were
        # computed from the figures alone, and reproduce so.
        official_lists={int(y): frozenset(names) for y, names in data.get("official_lists", {}).items()},
    )
