"""Categorisation at national scale: import a housing file, categorise a year, try other thresholds.

The file is synthetic – 10,000 areas × 6 years, drawn from random.Random(seed) so every run sees the same
bytes – with figures in the ranges the ministry publishes, so every category and designation occurs.
"""

import csv
import gc
import io
import random
import tempfile
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from sqlalchemy import delete, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bench import Measurement, Report, Target, databases, measure, server_version
from services.categorisation import housing, parameters, what_if, years
from services.categorisation.config import CategorisationConfig, CategorisationSettings
from services.categorisation.importing import parse_housing_data
from services.categorisation.main import create_app
from services.categorisation.models import Area, DataImport, HousingFigures
from services.categorisation.rules.engine import Engine
from services.categorisation.rules.model import Category, Designation
from services.categorisation.schemas import WhatIfCreate, YearParametersUpdate
from services.categorisation.state import CategorisationState
from services.categorisation.versions import Results
from services.kit import db
from services.kit.auth import Principal, Role, TokenIssuer, generate_dev_keypair, read_pem
from services.kit.collector import collector_paused, freeze_startup_objects
from services.kit.state import process_of, state_of

SCHEMA = "categorisation"
AREAS = 10_000
YEARS = tuple(range(2020, 2026))
SEED = 2025
# The national average share convicted (ages 18+) per year; 2019 completes the 2020 two-year average.
NATIONAL_CONVICTED = {2019: 1.30, 2020: 1.30, 2021: 1.25, 2022: 1.20, 2023: 1.20, 2024: 1.15, 2025: 1.15}
# A what-if an analyst might try: a stricter labour-market criterion, one criterion fewer needed.
WHAT_IF = WhatIfCreate(
    outside_labour_market_pct_above=22.0, convicted_multiple_at_least=1.4, criteria_needed=2
)

IMPORT_RATE = Target(per_second=20_000, unit="rows")
CATEGORISE = Target(seconds=1.0)
WHAT_IF_TIME = Target(seconds=0.3)
PAGE_TIME = Target(seconds=0.1)  # a page of the area list, as the gateway asks for it (issue 16)

# (kommunekode, region) of a spread of municipalities across the five regions.
MUNICIPALITIES = (
    (101, 1084), (147, 1084), (151, 1084), (153, 1084), (157, 1084), (159, 1084), (161, 1084), (163, 1084),
    (165, 1084), (167, 1084), (169, 1084), (173, 1084), (175, 1084), (183, 1084), (185, 1084), (219, 1084),
    (253, 1085), (259, 1085), (265, 1085), (316, 1085), (330, 1085), (370, 1085), (376, 1085), (390, 1085),
    (410, 1083), (461, 1083), (479, 1083), (510, 1083), (540, 1083), (561, 1083), (607, 1083), (621, 1083),
    (630, 1083), (615, 1082), (657, 1082), (661, 1082), (730, 1082), (740, 1082), (751, 1082), (791, 1082),
    (773, 1081), (787, 1081), (810, 1081), (813, 1081), (851, 1081), (860, 1081),
)  # fmt: skip
NAMES = (
    "Sol",
    "Hylde",
    "Kilde",
    "Skov",
    "Eng",
    "Rosen",
    "Lyng",
    "Mølle",
    "Grønne",
    "Nord",
    "Øster",
    "Vester",
)
ENDINGS = ("bakken", "parken", "gården", "haven", "vang", "holm", "husene", "toften", "lunden", "byen")
HEADER = (
    "year",
    "area_code",
    "area_name",
    "municipality_code",
    "region_code",
    "residents",
    "outside_labour_market_pct",
    "convicted_pct",
    "basic_education_pct",
    "income_pct_of_region",
    "non_western_pct",
)


def _clamp(value: float, low: float = 0.0, high: float = 100.0) -> float:
    return min(max(value, low), high)


def synthetic_housing_csv(areas: int = AREAS, years: tuple[int, ...] = YEARS, seed: int = SEED) -> bytes:
    """A national housing file: one row per area per year, the same bytes for the same arguments.

    Each area has a lasting level of deprivation (most areas low, a long tail high) that drifts a little
    from year to year, so areas stay on the lists for consecutive years (transformation areas occur) and
    some cross a threshold now and then. Figures are rounded as published (one or two decimals), so
    some land exactly on a threshold.
    """
    rng = random.Random(seed)
    profiles = []
    for number in range(1, areas + 1):
        municipality, region = rng.choice(MUNICIPALITIES)
        name = f"{rng.choice(NAMES)}{rng.choice(ENDINGS)} {number}"
        residents = int(_clamp(rng.lognormvariate(7.0, 0.8), 30, 15_000))
        deprivation = rng.betavariate(1.4, 3.2)
        non_western_offset = rng.gauss(0, 10)
        profiles.append((f"BO-{municipality}-{number:05d}", name, municipality, region, residents,
                         deprivation, non_western_offset))  # fmt: skip
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for year in years:
        national = NATIONAL_CONVICTED.get(year, 1.2)
        for code, name, municipality, region, residents, deprivation, non_western_offset in profiles:
            d = _clamp(deprivation + rng.gauss(0, 0.03), 0, 1)
            writer.writerow(
                (
                    year,
                    code,
                    name,
                    municipality,
                    region,
                    max(0, residents + round(rng.gauss(0, residents * 0.02))),
                    round(_clamp(6 + 55 * d + rng.gauss(0, 2)), 1),
                    round(_clamp(national * (0.3 + 4.2 * d) + rng.gauss(0, 0.15)), 2),
                    round(_clamp(20 + 60 * d + rng.gauss(0, 3)), 1),
                    round(_clamp(118 - 88 * d + rng.gauss(0, 3), 0, 400), 1),
                    round(_clamp(3 + 70 * d + non_western_offset + rng.gauss(0, 2)), 1),
                )
            )
    return buffer.getvalue().encode()


def default_config() -> CategorisationConfig:
    """The default municipality's categorisation section (its local thresholds and shares)."""
    from services.kit.municipality import load_municipality

    return load_municipality(CategorisationSettings()).section("categorisation", CategorisationConfig)


# --- steps -----------------------------------------------------------------------------------------


async def _import(factory: async_sessionmaker[AsyncSession], content: bytes) -> None:
    """Parse and store the file in one transaction, committed, as the endpoint does."""
    async with factory() as session, session.begin():
        await housing.import_housing_data(session, content=content, filename="bench.csv", actor="bench")


async def _empty(factory: async_sessionmaker[AsyncSession], url: str) -> None:
    async with factory() as session, session.begin():
        if db.is_sqlite(url):
            for model in (HousingFigures, DataImport, Area):
                await session.execute(delete(model))
        else:
            # TRUNCATE leaves no dead rows behind, so each run starts from the same empty table.
            await session.execute(
                text(
                    "TRUNCATE categorisation.housing_figures, categorisation.official_designations, "
                    "categorisation.imports, categorisation.areas"
                )
            )


async def _analyze(factory: async_sessionmaker[AsyncSession], url: str) -> None:
    """Fresh planner statistics, as autovacuum would have gathered some time after an import."""
    if db.is_sqlite(url):
        return
    async with factory() as session, session.begin():
        await session.execute(text("ANALYZE categorisation.housing_figures"))


async def _set_parameters(factory: async_sessionmaker[AsyncSession]) -> None:
    async with factory() as session, session.begin():
        for year, pct in NATIONAL_CONVICTED.items():
            await parameters.set_parameters(
                session, year=year, update=YearParametersUpdate(national_convicted_pct=pct), actor="bench"
            )


def _read_only(
    factory: async_sessionmaker[AsyncSession], use: Callable[[AsyncSession], Awaitable[object]]
) -> Callable[[], Awaitable[object]]:
    async def step() -> object:
        async with factory() as session:
            return await use(session)

    return step


async def _http_client(
    url: str, directory: Path
) -> tuple[httpx.AsyncClient, Callable[[], Awaitable[None]], Callable[[], Awaitable[None]]]:
    """The real app in-process, on `url`, and an analyst's token signed like the gateway's; and a step that
    forgets the results the app keeps per version of the data, as after a change of the data."""
    private_key = generate_dev_keypair(directory / "keys")
    settings = CategorisationSettings(
        database_url=url,
        JWT_PUBLIC_KEY_FILE=directory / "keys" / "jwt-public.pem",
        VAR_DIR=directory,
        LOG_LEVEL="WARNING",
    )
    app = create_app(settings)
    issuer = TokenIssuer(read_pem(private_key), issuer=settings.jwt_issuer, lifetime_seconds=3600)
    analyst = Principal(subject="user:bench", kind="user", name="Bench", roles=frozenset({Role.ANALYST}))
    client = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://bench",
        headers={"Authorization": f"Bearer {issuer.issue(analyst, [settings.audience])}"},
        timeout=120,
    )

    async def close() -> None:
        await client.aclose()
        await process_of(app).engine.dispose()

    async def forget() -> None:
        state_of(app, CategorisationState).results = Results()

    return client, close, forget


async def _summary(
    factory: async_sessionmaker[AsyncSession], *, year: int, config: CategorisationConfig
) -> str:
    """The year's counts per category and designation; raises when the file lacks any of them."""
    async with factory() as session:
        _, results, _ = await years.compute(session, year=year, config=config)
    categories = Counter(r.computed_category for r in results)
    designations = Counter(d for r in results for d in r.designations)
    missing = [c.value for c in Category if not categories[c]] + [
        d.value for d in Designation if not designations[d]
    ]
    if missing:
        raise RuntimeError(f"the synthetic file lacks {', '.join(missing)} in {year}; adjust the generator")
    return (
        f"- {year}: {len(results):,} areas – "
        + ", ".join(f"{c.value} {categories[c]:,}" for c in Category)
        + "; "
        + ", ".join(f"{d.value} {designations[d]:,}" for d in Designation)
        + f"; provisional {sum(r.provisional for r in results):,}"
    )


async def _measure_engine(
    factory: async_sessionmaker[AsyncSession], *, year: int, config: CategorisationConfig, repeat: int
) -> Measurement:
    """The pure engine on the inputs years.compute loads."""
    async with factory() as session:
        inputs = await housing.load_year_inputs(session, year=year)
        local = parameters.as_rule_thresholds(
            await parameters.current_thresholds(session, year=year, config=config)
        )

    async def engine_only() -> None:
        with collector_paused():
            Engine(inputs).categorise(year, local)

    return await measure(f"engine: categorise {year} (pure)", engine_only, repeat=repeat)


async def bench_database(
    label: str, url: str, content: bytes, *, repeat: int, year: int, notes: list[str]
) -> list[Measurement]:
    """Every step on one database, in the order a year's work happens."""
    config = default_config()
    rows = len(parse_housing_data(content))
    engine = db.create_engine(url, schema=SCHEMA)
    factory = db.session_factory(engine)
    out: list[Measurement] = []

    async def parse() -> None:
        parse_housing_data(content)

    try:
        out.append(await measure("parse file (pure, no database)", parse, repeat=repeat, count=rows))
        out.append(
            await measure(
                "import into empty tables (parse + store)",
                lambda: _import(factory, content),
                before=lambda: _empty(factory, url),
                repeat=repeat,
                target=IMPORT_RATE,
                count=rows,
            )
        )
        out.append(
            await measure(
                "re-import, replacing every row",
                lambda: _import(factory, content),
                repeat=repeat,
                target=IMPORT_RATE,
                count=rows,
            )
        )
        await _analyze(factory, url)
        await _set_parameters(factory)

        # The categorisation itself, from the inside out: inputs, engine, use case, endpoint.
        summary = await _summary(factory, year=year, config=config)
        if label == "SQLite":
            notes.append(summary)
        out.append(
            await measure(
                f"load inputs of {year} (its averaging years; earlier years for parallel societies)",
                _read_only(factory, lambda s: housing.load_year_inputs(s, year=year)),
                repeat=repeat,
            )
        )
        out.append(await _measure_engine(factory, year=year, config=config, repeat=repeat))
        # Nothing of a year's results is held from here on, as in a service between requests: every
        # full collection of the garbage collector would otherwise walk them again.
        gc.collect()
        out.append(
            await measure(
                f"years.compute({year})",
                _read_only(factory, lambda s: years.compute(s, year=year, config=config)),
                repeat=repeat,
                target=CATEGORISE,
            )
        )
        out.append(
            await measure(
                f"years.year_areas({year}) (use case behind the endpoint)",
                _read_only(factory, lambda s: years.year_areas(s, year=year, config=config)),
                repeat=repeat,
                target=CATEGORISE,
            )
        )
        with tempfile.TemporaryDirectory(prefix="kb-bench-app-") as directory:
            client, close, forget = await _http_client(url, Path(directory))
            try:
                sizes = []

                def getter(path: str) -> Callable[[], Awaitable[None]]:
                    async def get() -> None:
                        response = await client.get(path)
                        response.raise_for_status()
                        sizes.append(len(response.content))

                    return get

                # The first read of a version of the data computes; every later one finds it kept.
                for path, what in (
                    (f"/v1/years/{year}/areas", "whole HTTP answer"),
                    (f"/v1/years/{year}/categorisation", "what the allocation service reads"),
                ):
                    out.append(
                        await measure(
                            f"GET {path} ({what}), first read of the data",
                            getter(path),
                            repeat=repeat,
                            target=CATEGORISE,
                            before=forget,
                        )
                    )
                    out.append(
                        await measure(
                            f"GET {path} ({what}), read again", getter(path), repeat=repeat, target=CATEGORISE
                        )
                    )
                notes.append(f"- {label}: the HTTP answer for {year} is {sizes[0] / 1e6:,.1f} MB of JSON")
                out.append(
                    await measure(
                        f"GET /v1/years/{year}/areas?limit=50 (a page), read again",
                        getter(f"/v1/years/{year}/areas?limit=50"),
                        repeat=repeat,
                        target=PAGE_TIME,
                    )
                )
            finally:
                await close()
        out.append(
            await measure(
                f"what_if.simulate({year})",
                _read_only(factory, lambda s: what_if.simulate(s, year=year, request=WHAT_IF, config=config)),
                repeat=repeat,
                target=WHAT_IF_TIME,
            )
        )
    finally:
        await engine.dispose()
    return out


async def run(*, repeat: int = 5, areas: int = AREAS, seed: int = SEED) -> Report:
    """The categorisation benchmark on every configured database."""
    content = synthetic_housing_csv(areas=areas, seed=seed)
    # The use cases are measured in this process, so it starts as a service process does: what exists
    # after start-up is kept out of the garbage collector's full collections.
    freeze_startup_objects()
    year = YEARS[-1]
    report = Report(
        title=f"Categorisation: {areas:,} areas × {len(YEARS)} years ({YEARS[0]}–{YEARS[-1]}), seed {seed}"
    )
    report.notes.append(
        f"- file: {len(content) / 1e6:,.1f} MB CSV; each step run {repeat} times after one warm-up; "
        "rates are rows per second; the objects of start-up are frozen out of the garbage collector, "
        "as in a service process (services/kit/collector.py)"
    )
    for label, database in databases(SCHEMA):
        with database() as url:
            version = server_version(url)
            print(f"  {label} ({version}) …", flush=True)
            report.notes.append(f"- {label}: {version}")
            report.databases[label] = await bench_database(
                label, url, content, repeat=repeat, year=year, notes=report.notes
            )
    if len(report.databases) == 1:
        report.notes.append("- PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to include it")
    return report
