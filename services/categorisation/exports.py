"""A year's categorisation as a table, the annex of the letting agreement, in the kit's three downloads.

People (Danish Excel, XLSX) read Danish headers and words: "Rød", "Udsat boligområde", Ja/Nej. Systems (the
machine CSV) read the stable keys and codes of CONTRACT § 5, which never change with the language. The
columns are one description (services.kit.tables) for all three; only the cells' words differ.

A file depends only on the stored data, so `download` makes each one once per version of the data
(versions.Results), from the year's areas that the area list keeps too.
"""

from typing import NamedTuple

from fastapi import Response
from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation import access, areas, versions
from services.categorisation.config import CategorisationConfig
from services.categorisation.rules.model import Category, Designation
from services.categorisation.schemas import AreaRead, CategorisationStatus, DecidedBy
from services.kit import tables
from services.kit.auth import Principal

COLUMNS = (
    tables.Column("year", "Listeår", "List year"),
    tables.Column("area_code", "Områdekode", "Area code"),
    tables.Column("area_name", "Område", "Area"),
    tables.Column("residents", "Beboere", "Residents"),
    tables.Column("category", "Kategori", "Category"),
    tables.Column("computed_category", "Beregnet kategori", "Computed category"),
    tables.Column(
        "override_justification", "Begrundelse for ændret kategori", "Why the category was changed"
    ),
    tables.Column("designations", "Udpegninger", "Designations"),
    tables.Column("provisional", "Foreløbig", "Provisional"),
    tables.Column("status", "Status", "Status"),
    tables.Column("rule_version", "Regelversion", "Rule version"),
    # What decided the designations (DOMAIN § 3: the published list where loaded) and the computation.
    tables.Column("decided_by", "Afgjort af", "Decided by"),
    tables.Column("computed_designations", "Beregnede udpegninger", "Computed designations"),
    # The four criteria of ABL § 61 a stk. 1 as the national list measures them (averaged where the rule
    # averages); empty where the figure rests on too few persons for the reader (access.shown).
    tables.Column(
        "outside_labour_market_pct", "Uden for arbejdsmarkedet (%)", "Outside the labour market (%)"
    ),
    tables.Column("convicted_pct", "Dømte (%)", "Convicted (%)"),
    tables.Column("basic_education_pct", "Kun grundskole (%)", "Only basic schooling (%)"),
    tables.Column("income_pct_of_region", "Indkomst (% af regionens)", "Income (% of the region's)"),
)
# The criterion (code on the vulnerable-area list) each figure column is read from.
FIGURES = {
    "outside_labour_market_pct": "outside_labour_market",
    "convicted_pct": "convicted",
    "basic_education_pct": "basic_education",
    "income_pct_of_region": "income",
}

CATEGORIES: dict[Category, tuple[str, str]] = {
    Category.RED: ("Rød", "Red"),
    Category.PINK: ("Lyserød", "Pink"),
    Category.YELLOW: ("Gul", "Yellow"),
    Category.GREEN: ("Grøn", "Green"),
}
DESIGNATIONS: dict[Designation, tuple[str, str]] = {
    Designation.VULNERABLE_AREA: ("Udsat boligområde", "Vulnerable area"),
    Designation.PARALLEL_SOCIETY: ("Parallelsamfund", "Parallel society"),
    Designation.TRANSFORMATION_AREA: ("Omdannelsesområde", "Transformation area"),
    Designation.PREVENTION_AREA: ("Forebyggelsesområde", "Prevention area"),
    Designation.COMBINED_LETTING_AREA: ("Kombineret udlejning", "Combined letting"),
}
STATUSES: dict[CategorisationStatus, tuple[str, str]] = {
    CategorisationStatus.PROPOSED: ("Foreslået", "Proposed"),
    CategorisationStatus.APPROVED: ("Godkendt", "Approved"),
}
LISTS = {
    "national": ("Landslisterne", "The national lists"),
    "combined_letting": ("Kombineret udlejning", "Combined letting"),
}
DECIDED_BY: dict[DecidedBy, tuple[str, str]] = {
    DecidedBy.OFFICIAL_LIST: ("ministeriets liste", "the ministry's list"),
    DecidedBy.DATA: ("beregnet af boligdata", "computed from the housing data"),
}


def _word(pair: tuple[str, str], lang: tables.Language) -> str:
    return pair[0] if lang == "da" else pair[1]


def _figures(area: AreaRead) -> dict[str, object]:
    measured = {c.code: c.value for c in area.criteria if c.list == "vulnerable"}
    return {key: measured.get(code) for key, code in FIGURES.items()}


def _common(area: AreaRead) -> dict[str, object]:
    return {
        "year": area.year,
        "area_code": area.area_code,
        "area_name": area.area_name,
        "residents": area.residents,
        "override_justification": area.override.justification if area.override else None,
        "provisional": area.provisional,
        "rule_version": area.rule_version,
        **_figures(area),
    }


def table_for_people(areas: list[AreaRead], lang: tables.Language = "da") -> tables.Table:
    """Headers and words in `lang`: the Danish-Excel CSV and the XLSX."""

    def designations(items: list[Designation] | None) -> str | None:
        return None if items is None else ", ".join(_word(DESIGNATIONS[d], lang) for d in items)

    rows = [
        {
            **_common(area),
            "category": _word(CATEGORIES[area.category], lang),
            "computed_category": _word(CATEGORIES[area.computed_category], lang),
            "designations": designations(area.designations),
            "status": _word(STATUSES[area.status], lang),
            "decided_by": "; ".join(
                f"{_word(LISTS[name], lang)}: {_word(DECIDED_BY[source], lang)}"
                for name, source in sorted(area.decided_by.items())
                if name in LISTS
            ),
            "computed_designations": designations(area.computed_designations),
        }
        for area in areas
    ]
    return tables.Table(COLUMNS, rows)


def table_for_systems(areas: list[AreaRead]) -> tables.Table:
    """Stable keys and codes (CONTRACT § 5): designations space-separated, `decided_by` as list:source."""
    rows = [
        {
            **_common(area),
            "category": area.category.value,
            "computed_category": area.computed_category.value,
            "designations": " ".join(d.value for d in area.designations),
            "status": area.status.value,
            "decided_by": " ".join(f"{name}:{source}" for name, source in sorted(area.decided_by.items())),
            "computed_designations": None
            if area.computed_designations is None
            else " ".join(d.value for d in area.computed_designations),
        }
        for area in areas
    ]
    return tables.Table(COLUMNS, rows)


def title(year: int, lang: tables.Language = "da") -> str:
    return f"Kategorisering {year}" if lang == "da" else f"Categorisation {year}"


class File(NamedTuple):
    """A made download: what `tables.download` answered, kept apart from any one response."""

    body: bytes
    media_type: str
    disposition: str


async def download(
    session: AsyncSession,
    *,
    year: int,
    config: CategorisationConfig,
    principal: Principal,
    fmt: tables.ExportFormat,
    lang: tables.Language,
    cache: versions.Results | None = None,
) -> Response:
    """The year's categorisation as a file, one row per area in code order, as `principal` may see it.

    Made once per version of the data for each format, language and view (every figure for the analyst,
    small numbers hidden for the others), from the year's areas as versions.Results keeps them for the
    area list; the bytes are those made at the first download of the version (an XLSX keeps its time).
    """

    async def make() -> File:
        shown = await areas.visible_areas(session, year=year, config=config, principal=principal, cache=cache)
        table = table_for_systems(shown) if fmt == "csv-machine" else table_for_people(shown, lang)
        stem = f"kategorisering-{year}" if lang == "da" else f"categorisation-{year}"
        made = tables.download(table, fmt=fmt, filename=stem, title=title(year, lang), lang=lang)
        return File(bytes(made.body), made.media_type or "", made.headers["content-disposition"])

    key = ("export", year, fmt, lang, access.sees_figures(principal))
    file = await versions.get(cache, session, key, make)
    # A new response each time: middleware adds its headers to the response it is given.
    return Response(file.body, media_type=file.media_type, headers={"Content-Disposition": file.disposition})
