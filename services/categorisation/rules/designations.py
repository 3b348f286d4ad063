"""The national designations of Almenboligloven (ABL §§ 61 a, 61 b, 51 b) and the municipal colour category.

Vulnerable area, parallel society, transformation area, prevention area and combined letting, decided from an
area's figures; where the ministry's published list of a year is loaded, the list decides (DOMAIN § 3).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from services.categorisation.rules import averaging
from services.categorisation.rules.averaging import Value
from services.categorisation.rules.model import (
    COLUMN,
    COMBINED_LETTING_LIST,
    DATA,
    LIST_OF,
    NATIONAL_LIST,
    OFFICIAL,
    RED_DESIGNATIONS,
    Category,
    Designation,
    HousingRow,
    Indicator,
    RuleSet,
    lists_holding,
)
from services.categorisation.rules.resolved import Check, ResolvedList, ResolvedYear, met

_LISTED_PARALLEL = frozenset({Designation.PARALLEL_SOCIETY, Designation.TRANSFORMATION_AREA})
_LABOUR_COLUMN = COLUMN[Indicator.OUTSIDE_LABOUR_MARKET]
_LABOUR_POSITION = HousingRow._fields.index(_LABOUR_COLUMN)
_DESIGNATIONS = tuple(Designation)
# The criteria lists that explain each published list's designations: once the official list decides
# them, an incomplete period there no longer makes the area provisional.
_EXPLAINS = {
    NATIONAL_LIST: frozenset({"size", "vulnerable", "parallel_society", "transformation", "prevention"}),
    COMBINED_LETTING_LIST: frozenset({"combined_letting"}),
}


# --- the published lists -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Published:
    """The published lists loaded for a year, and so what decides each designation of the year.

    DOMAIN § 3: "The legal effects follow the published list ... where an official list for the year is
    loaded, its designations are the ones the allocation rules use and the red/pink category derives
    from; the computation stays beside it as explanation and as the disagreement view."
    """

    loaded: frozenset[str]
    listed: Mapping[str, frozenset[Designation]]  # area code -> its designations on the year's lists
    governed: tuple[tuple[Designation, bool], ...]  # each designation, and whether a loaded list decides it
    decided_by: dict[str, str]  # for an area with figures; shared, never mutated
    listed_decided_by: dict[str, str]  # for an area known only from the official list
    settled: frozenset[str]  # criteria lists no longer deciding anything (see _EXPLAINS)


def published(
    listed: Mapping[str, frozenset[Designation]], official_lists: frozenset[str] | None
) -> Published:
    """The year's published lists: those named in `official_lists`, or else those `listed` holds."""
    if official_lists is None:
        loaded = lists_holding(d for designations in listed.values() for d in designations)
    else:
        loaded = official_lists
    return Published(
        loaded=loaded,
        listed=listed,
        governed=tuple((d, LIST_OF[d] in loaded) for d in _DESIGNATIONS),
        decided_by={name: OFFICIAL if name in loaded else DATA for name in _EXPLAINS},
        listed_decided_by={name: OFFICIAL for name in _EXPLAINS if name in loaded},
        settled=frozenset(c for name in loaded for c in _EXPLAINS[name]),
    )


def govern(
    lists: Published, code: str, computed: list[Designation]
) -> tuple[list[Designation], list[Designation]]:
    """The area's designations in law, and where the loaded lists and the computation differ.

    A loaded list decides its designations for every area of the year. An area with figures that
    is absent from a loaded list is not designated by it, whatever its figures say: "The legal
    effects follow the published list" (DOMAIN § 3; ABL § 61 a stk. 5, the minister publishes the
    lists, and bans, § 51 c and § 60 stk. 4 attach to the published designation), and a published
    list names every area it designates that year. A designation whose list is not loaded for the
    year stays computed from the figures.
    """
    if not lists.loaded:
        return computed, []
    listed = lists.listed.get(code, frozenset())
    designations = []
    disagreements = []
    for designation, governed in lists.governed:
        if governed:
            on_list = designation in listed
            if on_list:
                designations.append(designation)
            if on_list != (designation in computed):
                disagreements.append(designation)
        elif designation in computed:
            designations.append(designation)
    return designations, disagreements


# --- parallel society in earlier years, and the transformation window --------------------------------


@dataclass(frozen=True, slots=True)
class Status:
    """Whether an area was a parallel society in a year, where that came from, and how sure it is."""

    parallel: bool | None  # None: neither a judgeable data row nor an official list for the year
    source: str
    incomplete: str | None = None  # why the judgement rests on an incomplete period, naming the year


UNKNOWN = Status(None, DATA)


@dataclass(frozen=True, slots=True)
class Window:
    """The transformation window of an area: its latest years in a row as a parallel society."""

    years: tuple[int, ...]
    streak: int
    unknown: int | None  # the year whose status is unknown, if that is what ended the streak
    sources: frozenset[str]
    incomplete: tuple[str, ...]  # the examined years judged on an incomplete period


def parallel_status(
    year: int,
    row: HousingRow | None,
    resolved: ResolvedYear | None,
    listed: frozenset[Designation] | None,
    values: Callable[[], Mapping[str, Value]],
) -> Status:
    """The area's parallel-society status in `year`, judged from its figures under that year's rules.

    A year without figures (`row`), or with figures but no statutory rule set of its own (`resolved`, None
    for a lookback year before the first set here), is read from the official published list (`listed`)
    instead. `values` gives the area's averaged figures of the year, asked for only when they decide.
    """
    if row is None or resolved is None:
        if listed is None:
            return UNKNOWN
        return Status(bool(listed & _LISTED_PARALLEL), OFFICIAL)
    if not (resolved.size(row.residents) and resolved.parallel(row.non_western_pct)):
        return Status(False, DATA)  # decided by this year's own figures alone
    figures = values()
    parallel = sum(met(resolved.vulnerable, figures)) >= resolved.vulnerable.needed
    return Status(parallel, DATA, _incomplete(resolved.vulnerable, figures, year))


def _incomplete(criteria: ResolvedList, values: Mapping[str, Value], year: int) -> str | None:
    """Why the list was judged on an incomplete period in `year`, or None when it was not."""
    for test in criteria.tests:
        if test.note is not None:
            return test.note
        _, period, complete = values[test.column]
        if not (complete and test.national_complete):
            used = period if not complete else test.national_period
            missing = averaging.missing_years(year, test.span, used)
            return f"{year} judged without {averaging.years_text(missing)}"
    return None


def transformation_window(
    rules: RuleSet, year: int, code: str, status_of: Callable[[int, str], Status]
) -> Window:
    """The transformation window and how many of its latest years in a row were parallel.

    Every year looked at is recorded when its judgement rests on an incomplete period: the
    designation (or its absence) then depends on it, so it is provisional.
    """
    window = tuple(range(year - rules.transformation_years + 1, year + 1))
    streak = 0
    unknown = None
    sources: set[str] = set()
    incomplete: list[str] = []
    for past in reversed(window):
        status = status_of(past, code)
        if status.parallel is None:
            unknown = past
            break
        if status.incomplete is not None:
            incomplete.append(status.incomplete)
        if not status.parallel:
            break
        streak += 1
        sources.add(status.source)
    return Window(window, streak, unknown, frozenset(sources or {DATA}), tuple(incomplete))


# --- one area's designations ----------------------------------------------------------------------------


@dataclass(slots=True)
class Decision:
    """What the law decides for an area in a year; the explanation records are built from this."""

    size_ok: bool
    vulnerable_met: list[bool]
    vulnerable: bool
    parallel: bool  # the non-western share is above the parallel-society line
    transformation: Window | None
    prevention_met: list[bool] | None
    prevention_non_western: bool
    band: Check | None  # the labour-market test of the band the area's residents fall in
    combined_figure: Value  # the share § 51 b judges (see combined_value)
    combined: bool
    designations: list[Designation]


def combined_value(resolved: ResolvedYear, row: HousingRow, values: Mapping[str, Value]) -> Value:
    """The share outside the labour market that § 51 b stk. 3-4 judges: the list year's own figure.

    DOMAIN § 3: "No averaging: the list year's own figure (the statute says 'er uden for
    arbejdsmarkedet', unlike § 61 a's 'opgjort som gennemsnit over de seneste 2 år')". The row of the
    list year holds the share the list is made on (the 2024 list: the 2023 share).
    """
    if resolved.combined_averaged:
        return values[_LABOUR_COLUMN]
    return (float(row[_LABOUR_POSITION]), (row.year,), True)


def decide(
    resolved: ResolvedYear,
    year: int,
    row: HousingRow,
    values: Mapping[str, Value],
    status_of: Callable[[int, str], Status] | None,
) -> Decision:
    """The national designations of an area with figures (ABL §§ 61 a, 61 b, 51 b).

    `status_of(year, code)` is the area's parallel-society status in an earlier year, for the
    transformation window. None leaves the window out, the one part that reads earlier years: only a
    parallel society can be a transformation area, and it is red already, so an area's category never
    depends on the window.
    """
    rules = resolved.rules
    designations: list[Designation] = []
    size_ok = resolved.size(row.residents)
    vulnerable_met = met(resolved.vulnerable, values)
    vulnerable = size_ok and sum(vulnerable_met) >= resolved.vulnerable.needed
    parallel = resolved.parallel(row.non_western_pct)
    transformation = None
    if vulnerable:
        designations.append(Designation.VULNERABLE_AREA)
        if parallel:
            designations.append(Designation.PARALLEL_SOCIETY)
        if parallel and status_of is not None:
            transformation = transformation_window(rules, year, row.area_code, status_of)
            if transformation.streak >= rules.transformation_years:
                designations.append(Designation.TRANSFORMATION_AREA)

    prevention_met = None
    prevention_non_western = False
    if resolved.prevention is not None:
        assert resolved.prevention_non_western is not None
        prevention_met = met(resolved.prevention, values)
        prevention_non_western = resolved.prevention_non_western(row.non_western_pct)
        if (
            size_ok
            and not vulnerable
            and prevention_non_western
            and sum(prevention_met) >= resolved.prevention.needed
        ):
            designations.append(Designation.PREVENTION_AREA)

    band = None
    for residents, labour in resolved.bands:
        if residents(row.residents):
            band = labour
    combined_figure = combined_value(resolved, row, values)
    combined = band is not None and band(combined_figure[0])
    if combined:
        designations.append(Designation.COMBINED_LETTING_AREA)
    return Decision(
        size_ok=size_ok,
        vulnerable_met=vulnerable_met,
        vulnerable=vulnerable,
        parallel=parallel,
        transformation=transformation,
        prevention_met=prevention_met,
        prevention_non_western=prevention_non_western,
        band=band,
        combined_figure=combined_figure,
        combined=combined,
        designations=designations,
    )


def category_for(designations: list[Designation], local_met: bool) -> Category:
    """Red for the national list, pink for prevention areas, yellow by local criteria, else green."""
    if RED_DESIGNATIONS.intersection(designations):
        return Category.RED
    if Designation.PREVENTION_AREA in designations:
        return Category.PINK
    if local_met:
        return Category.YELLOW
    return Category.GREEN
