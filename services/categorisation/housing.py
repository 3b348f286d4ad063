"""Use cases for housing data: accept a file whole or not at all, and load a year's inputs."""

import hashlib
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, delete, insert, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

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
from services.categorisation.schemas import ImportResult

# Transformation looks back five years, and each of those years averages with the year before it.
LOOKBACK_YEARS = 6
CHUNK = 500


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
    pairs = [(r.year, r.area_code) for r in rows]
    for start in range(0, len(pairs), CHUNK):
        chunk = pairs[start : start + CHUNK]
        await session.execute(
            delete(HousingFigures).where(tuple_(HousingFigures.year, HousingFigures.area_code).in_(chunk))
        )
    values: list[dict[str, Any]] = [{**_row_dict(r), "import_id": record.id} for r in rows]
    for start in range(0, len(values), 5000):
        await session.execute(insert(HousingFigures), values[start : start + 5000])
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
    existing: dict[str, Area] = {}
    for start in range(0, len(codes), CHUNK):
        found = await session.scalars(select(Area).where(Area.code.in_(codes[start : start + CHUNK])))
        existing.update({area.code: area for area in found})
    new = []
    for code, row in latest.items():
        area = existing.get(code)
        if area is None:
            new.append(
                {
                    "code": code,
                    "name": row.area_name,
                    "municipality_code": row.municipality_code,
                    "region_code": row.region_code,
                }
            )
        elif (area.name, area.municipality_code, area.region_code) != (
            row.area_name,
            row.municipality_code,
            row.region_code,
        ):
            area.name, area.municipality_code, area.region_code = (
                row.area_name,
                row.municipality_code,
                row.region_code,
            )
    for start in range(0, len(new), 5000):
        await session.execute(insert(Area), new[start : start + 5000])
    await session.flush()


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


async def load_inputs(session: AsyncSession, *, year: int, area_code: str | None = None) -> Inputs:
    """The figures, national averages and official lists the year's categorisation depends on."""
    first = year - LOOKBACK_YEARS
    query = select(*FIGURE_COLUMNS).where(and_(HousingFigures.year >= first, HousingFigures.year <= year))
    if area_code is not None:
        query = query.where(HousingFigures.area_code == area_code)
    rows: dict[int, dict[str, HousingRow]] = defaultdict(dict)
    for values in (await session.execute(query)).tuples():
        row = HousingRow(*values)
        rows[row.year][row.area_code] = row
    national = {
        y: pct
        for y, pct in (
            await session.execute(
                select(YearParameters.year, YearParameters.national_convicted_pct).where(
                    YearParameters.year >= first - 1, YearParameters.year <= year
                )
            )
        ).tuples()
    }
    official_query = select(
        OfficialDesignation.year, OfficialDesignation.area_code, OfficialDesignation.designation
    ).where(OfficialDesignation.year >= first, OfficialDesignation.year <= year)
    if area_code is not None:
        official_query = official_query.where(OfficialDesignation.area_code == area_code)
    listed: dict[int, dict[str, set[Designation]]] = defaultdict(lambda: defaultdict(set))
    for y, code, designation in (await session.execute(official_query)).tuples():
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
