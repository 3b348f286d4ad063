"""Use cases for housing data: accept a file whole or not at all, and load a year's inputs."""

import hashlib
from collections import defaultdict
from dataclasses import fields
from typing import Any, cast

from sqlalchemy import Table, and_, delete, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from services.categorisation.exceptions import HousingFileRejected
from services.categorisation.importing import FileRejected, parse_housing_data, parse_official_list
from services.categorisation.models import (
    Area,
    DataImport,
    HousingFigures,
    OfficialDesignation,
    YearParameters,
)
from services.categorisation.rules.engine import Inputs
from services.categorisation.rules.model import Designation, HousingRow
from services.categorisation.rules.rulesets import RULE_SETS
from services.categorisation.schemas import ImportResult

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
FIGURE_FIELDS = tuple(field.name for field in fields(HousingRow))


def _rejected(exc: FileRejected) -> HousingFileRejected:
    return HousingFileRejected(
        f"Nothing was stored: the file has {len(exc.errors)} problem(s). "
        "Each is listed with its row and column.",
        errors=exc.errors,
    )


async def import_housing_data(
    session: AsyncSession, *, content: bytes, filename: str, principal: str
) -> ImportResult:
    """Store a housing-data file: every row valid, or nothing stored and every problem reported."""
    try:
        rows = parse_housing_data(content)
    except FileRejected as exc:
        raise _rejected(exc) from None
    record = DataImport(
        kind="housing_data",
        filename=filename[:255],
        content_sha256=hashlib.sha256(content).hexdigest(),
        rows=len(rows),
        years=sorted({r.year for r in rows}),
        areas=len({r.area_code for r in rows}),
        created_by=principal,
    )
    session.add(record)
    await session.flush()
    await _upsert_areas(session, rows)
    # Replace the figures of exactly the (year, area) pairs in the file, then insert them anew.
    await _delete_figures(session, rows)
    await _insert_figures(session, rows, record.id)
    return ImportResult(rows=record.rows, years=record.years, areas=record.areas, import_id=record.id)


def _row_dict(row: HousingRow) -> dict[str, Any]:
    return {
        "year": row.year,
        "area_code": row.area_code,
        "area_name": row.area_name,
        "municipality_code": row.municipality_code,
        "region_code": row.region_code,
        "residents": row.residents,
        "outside_labour_market_pct": row.outside_labour_market_pct,
        "convicted_pct": row.convicted_pct,
        "basic_education_pct": row.basic_education_pct,
        "income_pct_of_region": row.income_pct_of_region,
        "non_western_pct": row.non_western_pct,
    }


async def _upsert_areas(session: AsyncSession, rows: list[HousingRow]) -> None:
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


async def _delete_figures(session: AsyncSession, rows: list[HousingRow]) -> None:
    """Delete the stored figures of the (year, area) pairs in the file, by primary key.

    One query finds the stored pairs of the file's years (none for a new year's file); deleting by id
    then uses the primary key on every backend, where matching (year, area) pairs in bulk made
    PostgreSQL scan the table once per batch.
    """
    pairs = {(r.year, r.area_code) for r in rows}
    stored = await session.execute(
        select(FIGURES.c.id, FIGURES.c.year, FIGURES.c.area_code).where(
            FIGURES.c.year.in_(sorted({year for year, _ in pairs}))
        )
    )
    ids = [id_ for id_, year, code in stored if (year, code) in pairs]
    for start in range(0, len(ids), DELETE_CHUNK):
        await session.execute(delete(FIGURES).where(FIGURES.c.id.in_(ids[start : start + DELETE_CHUNK])))


async def _insert_figures(session: AsyncSession, rows: list[HousingRow], import_id: int) -> None:
    """Insert the file's figures with the fastest bulk path of the backend, in the session's transaction.

    A national file is some 60,000 rows: through the ORM's bulk insert each row costs several times
    what the database spends on it. PostgreSQL gets COPY, one streamed command; SQLite gets the driver's
    executemany with plain tuples. Either way the rows go over the session's own connection, so they
    are committed or rolled back with the rest of the import.
    """
    values = [(*(getattr(row, name) for name in FIGURE_FIELDS), import_id) for row in rows]
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
    session: AsyncSession, *, content: bytes, filename: str, principal: str
) -> ImportResult:
    """Replace the official designations of the years in the file with the file's."""
    try:
        triples = parse_official_list(content)
    except FileRejected as exc:
        raise _rejected(exc) from None
    years = sorted({year for year, _, _ in triples})
    record = DataImport(
        kind="official_list",
        filename=filename[:255],
        content_sha256=hashlib.sha256(content).hexdigest(),
        rows=len(triples),
        years=years,
        areas=len({code for _, code, _ in triples}),
        created_by=principal,
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
    return ImportResult(rows=record.rows, years=years, areas=record.areas, import_id=record.id)


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


async def load_inputs(
    session: AsyncSession,
    *,
    year: int,
    area_code: str | None = None,
    figures_since: int | None = None,
    area_codes: list[str] | None = None,
) -> Inputs:
    """The figures, national averages and official lists the year's categorisation depends on.

    `figures_since` loads figures from that year on only, and `area_codes` only those areas' figures
    (the national averages and official lists of the whole lookback are loaded either way).
    """
    first = year - LOOKBACK_YEARS
    since = first if figures_since is None else max(first, figures_since)
    query = select(*FIGURE_COLUMNS).where(and_(HousingFigures.year >= since, HousingFigures.year <= year))
    if area_code is not None:
        query = query.where(HousingFigures.area_code == area_code)
    rows: dict[int, dict[str, HousingRow]] = defaultdict(dict)
    chunks = (
        [query]
        if area_codes is None
        else [
            query.where(HousingFigures.area_code.in_(area_codes[start : start + CHUNK]))
            for start in range(0, len(area_codes), CHUNK)
        ]
    )
    for chunk in chunks:
        for values in await session.execute(chunk):
            row = HousingRow(*values)
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
    return Inputs(rows=dict(rows), national_convicted_pct=national, official=official)


def inputs_to_json(inputs: Inputs) -> dict[str, Any]:
    """A canonical, JSON-ready copy of the inputs, frozen into an approval."""
    return {
        "rows": [
            _row_dict(row) for year in sorted(inputs.rows) for _, row in sorted(inputs.rows[year].items())
        ],
        "national_convicted_pct": {str(y): v for y, v in sorted(inputs.national_convicted_pct.items())},
        "official": {
            str(y): {code: sorted(d.value for d in ds) for code, ds in sorted(codes.items())}
            for y, codes in sorted(inputs.official.items())
        },
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
    )
