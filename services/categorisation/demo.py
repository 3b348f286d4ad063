"""Demo data: fictitious areas of a Gladsaxe-like municipality, 2019-2026, every category and designation.

The names are invented and marked "(demo)". Figures are chosen so that every category and every
designation occurs (a transformation area included) and several values sit on or next to a threshold.
Every row carries the configured municipality's kommunekode and region (config/municipalities/*.toml).

Each municipality has its demo set (demo_model.DemoSet), chosen by its slug: Gentofte's small areas are in
demo_gentofte.py; every other municipality gets the set below.
"""

import csv
import io
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation import approvals, demo_gentofte, housing, parameters
from services.categorisation.config import CategorisationConfig, CategorisationSettings
from services.categorisation.demo_model import FIRST_YEAR, LAST_YEAR, DemoArea, DemoSet
from services.categorisation.models import Area
from services.categorisation.plans import demo as plans_demo
from services.categorisation.schemas import YearParametersUpdate
from services.kit.municipality import Municipality, load_municipality

__all__ = ["FIRST_YEAR", "LAST_YEAR", "DemoArea", "DemoSet", "demo_set", "load"]

DEMO_ACTOR = "demo-loader"
APPROVED_UNTIL = 2025  # 2026 is this year's list: still in dialogue
NATIONAL_CONVICTED = {
    2018: 1.35,
    2019: 1.30,
    2020: 1.30,
    2021: 1.25,
    2022: 1.20,
    2023: 1.20,
    2024: 1.15,
    2025: 1.15,
    2026: 1.10,
}


AREAS = [
    DemoArea(
        "DEMO-01", "Solbakken (demo)", 2650, 46.0, 3.4, 66.0, 50.0, 62.0
    ),  # parallel every year: transformation
    DemoArea(
        "DEMO-02",
        "Kildeparken (demo)",
        1850,
        43.0,
        3.1,
        63.0,
        53.0,
        47.0,
        changes=((2024, "non_western_pct", 52.0),),
    ),  # vulnerable; becomes a parallel society in 2024
    DemoArea("DEMO-03", "Engholm (demo)", 1400, 42.5, 2.2, 61.5, 54.0, 41.0),  # vulnerable area
    DemoArea("DEMO-04", "Bakkehuse (demo)", 1250, 33.0, 2.1, 55.0, 62.0, 38.0),  # prevention area
    DemoArea(
        "DEMO-05", "Lyngvej (demo)", 5200, 31.0, 1.2, 48.0, 63.0, 34.0
    ),  # prevention + combined (5,000+)
    DemoArea(
        "DEMO-06", "Rosenhaven (demo)", 1050, 40.0, 1.0, 60.0, 54.9, 31.0
    ),  # on the udsat boundaries: pink
    DemoArea("DEMO-07", "Hyldegården (demo)", 1100, 41.0, 1.6, 35.0, 72.0, 20.0),  # combined letting, yellow
    DemoArea("DEMO-08", "Møllegården (demo)", 620, 27.0, 1.1, 44.0, 68.0, 25.0),  # yellow, small area
    DemoArea(
        "DEMO-09", "Skovbrynet (demo)", 880, 25.0, 1.5, 50.0, 69.9, 22.0
    ),  # on the local boundaries: yellow
    DemoArea(
        "DEMO-10", "Åbakken (demo)", 940, 24.9, 1.4, 49.9, 70.0, 18.0
    ),  # just below each local threshold
    DemoArea("DEMO-11", "Grønnevang (demo)", 1600, 18.0, 0.8, 30.0, 92.0, 12.0),  # green
    DemoArea(
        "DEMO-12", "Nordlys (demo)", 450, 29.0, 1.2, 52.0, 66.0, 28.0, first_year=LAST_YEAR
    ),  # new in 2026: period incomplete
]

# Official published list, as the ministry would publish it (one disagreement on purpose: Rosenhaven).
OFFICIAL_2025 = [
    ("DEMO-01", "vulnerable_area"),
    ("DEMO-01", "parallel_society"),
    ("DEMO-01", "transformation_area"),
    ("DEMO-02", "vulnerable_area"),
    ("DEMO-02", "parallel_society"),
    ("DEMO-03", "vulnerable_area"),
    ("DEMO-04", "prevention_area"),
    ("DEMO-05", "prevention_area"),
]

HEADER = [
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
]


def _figures(area: DemoArea, year: int, municipality_code: int, region_code: int) -> list[object] | None:
    if year < area.first_year:
        return None
    figures: dict[str, Any] = area._asdict()
    for since, figure, value in area.changes:
        if year >= since:
            figures[figure] = value
    return [
        year,
        area.code,
        area.name,
        municipality_code,
        region_code,
        area.residents + (year - FIRST_YEAR) * area.growth,
        figures["labour_pct"],
        round(figures["convicted_multiple"] * NATIONAL_CONVICTED[year], 4),
        figures["basic_education_pct"],
        figures["income_pct"],
        figures["non_western_pct"],
    ]


GLADSAXE = DemoSet(areas=AREAS, official_2025=OFFICIAL_2025, plans=plans_demo.GLADSAXE)
SETS = {"gentofte": demo_gentofte.GENTOFTE}


def demo_set(slug: str) -> DemoSet:
    """The municipality's own demo set; a municipality without one gets the Gladsaxe-like set."""
    return SETS.get(slug, GLADSAXE)


def housing_csv(*, municipality_code: int, region_code: int, demo: DemoSet = GLADSAXE) -> bytes:
    """The demo housing file, every row in the given municipality (kommunekode) and region."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for area in demo.areas:
            row = _figures(area, year, municipality_code, region_code)
            if row is not None:
                writer.writerow(row)
    return buffer.getvalue().encode()


def official_csv(demo: DemoSet = GLADSAXE) -> bytes:
    lines = ["year,area_code,designation", *(f"2025,{code},{d}" for code, d in demo.official_2025)]
    return ("\n".join(lines) + "\n").encode()


async def load(
    session: AsyncSession, *, config: CategorisationConfig, municipality: Municipality | None = None
) -> int:
    """Load the municipality's demo set once; returns how many area-years were loaded (0 when already there).

    The areas lie in `municipality` (the app's, `process_of(app).municipality`); without it, in the one the
    environment configures (MUNICIPALITY), as the service itself would read it. Its slug chooses the set.
    """
    if municipality is None:
        municipality = load_municipality(CategorisationSettings())
    demo = demo_set(municipality.slug)
    if await session.get(Area, demo.areas[0].code) is not None:
        return 0
    content = housing_csv(
        municipality_code=municipality.code, region_code=municipality.region_code, demo=demo
    )
    result = await housing.import_housing_data(
        session, content=content, filename="demo-boligdata.csv", actor=DEMO_ACTOR
    )
    if demo.official_2025:  # a municipality without listed areas has no published list to load
        await housing.import_official_list(
            session, content=official_csv(demo), filename="demo-officiel-liste-2025.csv", actor=DEMO_ACTOR
        )
    for year, pct in NATIONAL_CONVICTED.items():
        await parameters.set_parameters(
            session,
            year=year,
            update=YearParametersUpdate(national_convicted_pct=pct),
            actor=DEMO_ACTOR,
        )
    for year in range(FIRST_YEAR, APPROVED_UNTIL + 1):
        await approvals.approve(session, year=year, note="", actor=DEMO_ACTOR, config=config)
    await plans_demo.load(session, config=config, demo=demo.plans)
    return result.rows


async def has_demo_data(session: AsyncSession) -> bool:
    return await session.scalar(select(Area.code).where(Area.name.like("%(demo)%")).limit(1)) is not None
