"""National designations and the local category of every area in a year, each criterion explained."""

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import NamedTuple

from services.categorisation.rules.model import (
    COLUMN,
    COMBINED_LETTING_LIST,
    CRITERION_INDICATORS,
    LIST_OF,
    NATIONAL_LIST,
    RED_DESIGNATIONS,
    AreaResult,
    Category,
    Comparator,
    CriteriaList,
    CriterionResult,
    Designation,
    HousingRow,
    Indicator,
    LocalThresholds,
    RuleSet,
    Threshold,
    lists_holding,
)
from services.categorisation.rules.rulesets import RULE_SETS, NoRuleSet, rule_set_for

DATA = "data"
OFFICIAL = "official_list"

# A whole year is tens of thousands of criteria, so the hot path works with plain strings and functions:
# enum members hash and read `.value` through Python code, Comparator.holds tests the member first.
_HOLDS: dict[Comparator, Callable[[float, float], bool]] = {
    Comparator.GT: operator.gt,
    Comparator.GE: operator.ge,
    Comparator.LT: operator.lt,
}
_GE = Comparator.GE.value
_RESIDENTS = Indicator.RESIDENTS.value
_NON_WESTERN = Indicator.NON_WESTERN.value
_LABOUR = Indicator.OUTSIDE_LABOUR_MARKET.value
_LABOUR_COLUMN = COLUMN[Indicator.OUTSIDE_LABOUR_MARKET]
_LABOUR_POSITION = HousingRow._fields.index(_LABOUR_COLUMN)
_COMPLETE = operator.attrgetter("complete")

# An area's figure for a criterion: (value, the years it covers, whether all those years were there).
Value = tuple[float, tuple[int, ...], bool]
# A figure's place in a HousingRow (a named tuple): indexing is cheaper than looking the name up.
_INDEX = {name: index for index, name in enumerate(HousingRow._fields)}


class _Averaged(NamedTuple):
    """How one figure of a year is averaged, worked out once per year rather than once per area."""

    column: str
    position: int  # the figure's place in a HousingRow
    earlier: tuple[tuple[int, Mapping[str, HousingRow]], ...]  # the period's earlier years and their rows
    span: int  # the period's length in years


_LISTED_PARALLEL = frozenset({Designation.PARALLEL_SOCIETY, Designation.TRANSFORMATION_AREA})

_CRITERION_FIELDS = (
    "list",
    "code",
    "value",
    "threshold",
    "comparator",
    "period_years",
    "met",
    "source",
    "complete",
    "multiple",
    "note",
    "note_code",
)
if tuple(f.name for f in fields(CriterionResult)) != _CRITERION_FIELDS:
    raise ImportError("CriterionResult's fields changed: update _CRITERION_FIELDS and Engine._record")


def _spans(rules: RuleSet) -> tuple[tuple[str, int], ...]:
    """(column, years averaged over) for each criterion's figure, under `rules`."""
    return tuple((COLUMN[indicator], rules.years_averaged(indicator)) for indicator in CRITERION_INDICATORS)


# A year before every rule set still has figures (they feed the next year's averages, and the area's
# trend shows them): they are averaged as the earliest rule set averages them.
_EARLIEST = min(RULE_SETS, key=lambda rules: rules.valid_from)
_EARLIEST_SPANS = _spans(_EARLIEST)


def _years(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in years)


def _period_note(year: int, span: int, used: tuple[int, ...]) -> str:
    """E.g. "period incomplete: 2023 missing, 2024 alone used"."""
    missing = [y for y in range(year - span + 1, year + 1) if y not in used]
    alone = " alone" if len(used) == 1 else ""
    return f"period incomplete: {_years(missing)} missing, {_years(used)}{alone} used"


def _combined_value(resolved: "_Year", row: HousingRow, values: Mapping[str, Value]) -> Value:
    """The share outside the labour market that § 51 b stk. 3-4 judges: the list year's own figure.

    DOMAIN § 3: "No averaging: the list year's own figure (the statute says 'er uden for
    arbejdsmarkedet', unlike § 61 a's 'opgjort som gennemsnit over de seneste 2 år')". The row of the
    list year holds the share the list is made on (the 2024 list: the 2023 share).
    """
    if resolved.combined_averaged:
        return values[_LABOUR_COLUMN]
    return (float(row[_LABOUR_POSITION]), (row.year,), True)


def _q(value: float) -> float:
    # Figures are published with at most two decimals; rounding computed averages and multiples to
    # nine decimals removes binary artefacts (3 × 1.1 = 3.3000000000000003) so boundaries are exact.
    return round(value, 9)


@dataclass
class Inputs:
    """Everything a categorisation depends on, as plain data."""

    rows: Mapping[int, Mapping[str, HousingRow]]  # year -> area code -> figures
    national_convicted_pct: Mapping[int, float]  # year -> national average share convicted
    official: Mapping[int, Mapping[str, frozenset[Designation]]] = field(default_factory=dict)
    # year -> the published lists (model.PUBLISHED_LISTS) loaded for it. None: the lists `official`
    # holds. Given when `official` holds only some areas (one area's inputs), since an area absent from
    # a loaded list is thereby not designated.
    official_lists: Mapping[int, frozenset[str]] | None = None


class AreaCategories(NamedTuple):
    """An area's computed category under each of several local thresholds, without the explanation.

    A named tuple: a what-if makes one per area of the country, and a tuple is quicker to make.
    """

    area_code: str
    area_name: str
    residents: int | None
    categories: tuple[Category, ...]


# --- criteria lists resolved for one year ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Test:
    """One threshold of a list, resolved for a year: the limit its figure is compared with."""

    column: str
    code: str  # the indicator's value
    comparator: str
    holds: Callable[[float, float], bool]
    limit: float | None  # None when the national average it multiplies is missing
    multiple: float | None  # for convicted: the multiple of the national average
    national_complete: bool  # False when the national average lacks a year of its period
    national_period: tuple[int, ...]  # the years the national average covers
    span: int  # the years the criterion is averaged over
    note: str | None
    note_code: str | None
    # The explained records made so far, by the area's figure: see Engine._explain.
    records: dict[Value, CriterionResult] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class _List:
    code: str
    tests: tuple[_Test, ...]
    needed: int


@dataclass(frozen=True, slots=True)
class _Check:
    """A threshold of the rule set outside the four criteria (size, non-western share, band)."""

    holds: Callable[[float, float], bool]
    limit: float
    comparator: str
    # The records made so far, shared between areas as in Engine._explain. A check belongs to one
    # year's rules, so the key is what varies between areas (the type too: 52 and 52.0 print apart).
    records: dict[tuple[object, ...], CriterionResult] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(cls, threshold: Threshold) -> "_Check":
        return cls(_HOLDS[threshold.comparator], threshold.value, threshold.comparator.value)

    def __call__(self, value: float) -> bool:
        return self.holds(value, self.limit)

    def record(
        self, list_code: str, code: str, value: float, threshold: float, met: bool, year: int
    ) -> CriterionResult:
        """This year's figure of the area against the check, explained."""
        key = (value.__class__, value, met)
        record = self.records.get(key) if value else None
        if record is None:
            record = CriterionResult(
                list=list_code,
                code=code,
                value=value,
                threshold=threshold,
                comparator=self.comparator,
                period_years=(year,),
                met=met,
                source=DATA,
            )
            if value:
                self.records[key] = record
        return record


@dataclass(frozen=True, slots=True)
class _Year:
    """What every area of a year is judged by: the rule set and its lists resolved for that year."""

    rules: RuleSet
    vulnerable: _List
    prevention: _List | None
    size: _Check
    parallel: _Check
    prevention_non_western: _Check | None
    bands: tuple[tuple[_Check, _Check], ...]  # combined letting (residents, labour), lowest minimum first
    spans: tuple[tuple[str, int], ...]  # (column, years averaged over)
    combined_averaged: bool  # § 51 b on criterion 1's average (a superseded reading), not the own figure
    # The combined-letting records made so far, by (band, value, period, complete, met), shared
    # between areas as in Engine._explain.
    combined_records: dict[tuple[object, ...], CriterionResult] = field(
        default_factory=dict, compare=False, repr=False
    )


@dataclass(slots=True)
class _Decision:
    """What the law decides for an area in a year; the explanation records are built from this."""

    size_ok: bool
    vulnerable_met: list[bool]
    vulnerable: bool
    parallel: bool  # the non-western share is above the parallel-society line
    transformation: "_Window | None"
    prevention_met: list[bool] | None
    prevention_non_western: bool
    band: _Check | None  # the labour-market test of the band the area's residents fall in
    combined_figure: Value  # the share § 51 b judges (see _combined_value)
    combined: bool
    designations: list[Designation]


@dataclass(frozen=True, slots=True)
class _Status:
    """Whether an area was a parallel society in a year, where that came from, and how sure it is."""

    parallel: bool | None  # None: neither a judgeable data row nor an official list for the year
    source: str
    incomplete: str | None = None  # why the judgement rests on an incomplete period, naming the year


_UNKNOWN = _Status(None, DATA)

_DESIGNATIONS = tuple(Designation)
# The criteria lists that explain each published list's designations: once the official list decides
# them, an incomplete period there no longer makes the area provisional.
_EXPLAINS = {
    NATIONAL_LIST: frozenset({"size", "vulnerable", "parallel_society", "transformation", "prevention"}),
    COMBINED_LETTING_LIST: frozenset({"combined_letting"}),
}


@dataclass(frozen=True, slots=True)
class _Published:
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


@dataclass(frozen=True, slots=True)
class _Window:
    """The transformation window of an area: its latest years in a row as a parallel society."""

    years: tuple[int, ...]
    streak: int
    unknown: int | None  # the year whose status is unknown, if that is what ended the streak
    sources: frozenset[str]
    incomplete: tuple[str, ...]  # the examined years judged on an incomplete period


class Engine:
    """Evaluates years of one municipality's data; remembers earlier years' parallel-society status.

    An engine serves one computation over fixed inputs: its memos are never invalidated, so make a new
    engine when the inputs change.
    """

    def __init__(self, inputs: Inputs, rules_for: Callable[[int], RuleSet] = rule_set_for) -> None:
        self.inputs = inputs
        self.rules_for = rules_for
        self._parallel_memo: dict[tuple[int, str], _Status] = {}
        self._values_memo: dict[tuple[int, str], dict[str, Value]] = {}
        self._national_memo: dict[tuple[int, int], tuple[float | None, bool, tuple[int, ...]]] = {}
        self._year_memo: dict[int, _Year] = {}
        self._averaging_memo: dict[int, tuple[tuple[int], tuple[_Averaged, ...]]] = {}
        self._published_memo: dict[int, _Published] = {}

    # --- one criterion ------------------------------------------------------------------------------

    def _published(self, year: int) -> _Published:
        published = self._published_memo.get(year)
        if published is None:
            listed = self.inputs.official.get(year, {})
            if self.inputs.official_lists is None:
                loaded = lists_holding(d for designations in listed.values() for d in designations)
            else:
                loaded = frozenset(self.inputs.official_lists.get(year, ()))
            published = self._published_memo[year] = _Published(
                loaded=loaded,
                listed=listed,
                governed=tuple((d, LIST_OF[d] in loaded) for d in _DESIGNATIONS),
                decided_by={name: OFFICIAL if name in loaded else DATA for name in _EXPLAINS},
                listed_decided_by={name: OFFICIAL for name in _EXPLAINS if name in loaded},
                settled=frozenset(c for name in loaded for c in _EXPLAINS[name]),
            )
        return published

    @staticmethod
    def _govern(
        published: _Published, code: str, computed: list[Designation]
    ) -> tuple[list[Designation], list[Designation]]:
        """The area's designations in law, and where the loaded lists and the computation differ.

        A loaded list decides its designations for every area of the year. An area with figures that
        is absent from a loaded list is not designated by it, whatever its figures say: "The legal
        effects follow the published list" (DOMAIN § 3; ABL § 61 a stk. 5, the minister publishes the
        lists, and bans, § 51 c and § 60 stk. 4 attach to the published designation), and a published
        list names every area it designates that year. A designation whose list is not loaded for the
        year stays computed from the figures.
        """
        if not published.loaded:
            return computed, []
        listed = published.listed.get(code, frozenset())
        designations = []
        disagreements = []
        for designation, governed in published.governed:
            if governed:
                on_list = designation in listed
                if on_list:
                    designations.append(designation)
                if on_list != (designation in computed):
                    disagreements.append(designation)
            elif designation in computed:
                designations.append(designation)
        return designations, disagreements

    def _row(self, year: int, code: str) -> HousingRow | None:
        return self.inputs.rows.get(year, {}).get(code)

    def area_value(self, indicator: Indicator, year: int, code: str) -> Value:
        """The area's figure for the criterion's period, and whether the whole period was there."""
        return self._values(year, code)[COLUMN[indicator]]

    def _values(self, year: int, code: str) -> dict[str, Value]:
        """Every figure of the area's row by column, averaged over the years the rule set says.

        Worked out once per area and year: the vulnerable, prevention and local lists all read them.
        When a year of a period is missing, the years there are averaged and the value is incomplete.
        """
        key = (year, code)
        values = self._values_memo.get(key)
        if values is None:
            this_year, columns = self._averaging(year)
            row = self.inputs.rows[year][code]
            values = {}
            for column, position, earlier, span in columns:
                current = float(row[position])
                if not earlier:
                    values[column] = (current, this_year, True)
                    continue
                total = None
                period: list[int] = []
                for past, past_rows in earlier:
                    previous = past_rows.get(code)
                    if previous is not None:
                        figure = float(previous[position])
                        total = figure if total is None else total + figure
                        period.append(past)
                if total is None:
                    values[column] = (current, this_year, False)
                else:
                    period.append(year)
                    values[column] = (_q((total + current) / len(period)), tuple(period), len(period) == span)
            self._values_memo[key] = values
        return values

    def _averaging(self, year: int) -> tuple[tuple[int], tuple[_Averaged, ...]]:
        """The year alone as a period, and how each criterion's figure of the year is averaged."""
        plan = self._averaging_memo.get(year)
        if plan is None:
            columns = tuple(
                _Averaged(
                    column,
                    _INDEX[column],
                    tuple((past, self.inputs.rows.get(past, {})) for past in range(year - span + 1, year)),
                    span,
                )
                for column, span in self._spans(year)
            )
            plan = self._averaging_memo[year] = ((year,), columns)
        return plan

    def _spans(self, year: int) -> tuple[tuple[str, int], ...]:
        try:
            return self._year(year).spans
        except NoRuleSet:
            return _EARLIEST_SPANS

    def _rules_or_earliest(self, year: int) -> RuleSet:
        """The year's rule set; before every rule set, the earliest (for its averaging periods)."""
        try:
            return self._year(year).rules
        except NoRuleSet:
            return _EARLIEST

    def _national(self, year: int, span: int) -> tuple[float | None, bool, tuple[int, ...]]:
        key = (year, span)
        if key not in self._national_memo:
            self._national_memo[key] = self._compute_national(year, span)
        return self._national_memo[key]

    def _compute_national(self, year: int, span: int) -> tuple[float | None, bool, tuple[int, ...]]:
        """The national average share convicted over `span` years, as the area's share is averaged."""
        current = self.inputs.national_convicted_pct.get(year)
        if current is None:
            return None, False, ()
        total = None
        period: list[int] = []
        for past in range(year - span + 1, year):
            previous = self.inputs.national_convicted_pct.get(past)
            if previous is not None:
                total = previous if total is None else total + previous
                period.append(past)
        if total is None:
            return current, span == 1, (year,)
        period.append(year)
        return _q((total + current) / len(period)), len(period) == span, tuple(period)

    def _resolve(self, criteria: CriteriaList, year: int, rules: RuleSet | None = None) -> _List:
        """The list's thresholds for `year`: convicted becomes its multiple of the national average."""
        if rules is None:
            rules = self._rules_or_earliest(year)
        tests = []
        for threshold in criteria.thresholds:
            if threshold.indicator not in CRITERION_INDICATORS:
                raise ValueError(f"list {criteria.code!r} compares {threshold.indicator}, not a criterion")
            limit: float | None = threshold.value
            multiple = note = note_code = None
            national_complete = True
            national_period: tuple[int, ...] = ()
            span = rules.years_averaged(threshold.indicator)
            if threshold.indicator is Indicator.CONVICTED:
                multiple = threshold.value
                national, national_complete, national_period = self._national(year, span)
                if national is None:
                    limit, note_code = None, "national_missing"
                    note = f"national average share convicted missing for {year}"
                else:
                    limit = _q(threshold.value * national)
            tests.append(
                _Test(
                    column=COLUMN[threshold.indicator],
                    code=threshold.indicator.value,
                    comparator=threshold.comparator.value,
                    holds=_HOLDS[threshold.comparator],
                    limit=limit,
                    multiple=multiple,
                    national_complete=national_complete,
                    national_period=national_period,
                    span=span,
                    note=note,
                    note_code=note_code,
                )
            )
        return _List(code=criteria.code, tests=tuple(tests), needed=criteria.needed)

    def _year(self, year: int) -> _Year:
        """The year's rule set and lists; raises NoRuleSet when no list existed that year."""
        resolved = self._year_memo.get(year)
        if resolved is None:
            rules = self.rules_for(year)
            with_prevention = rules.prevention is not None and rules.prevention_non_western is not None
            bands = sorted(rules.combined_letting_bands, key=lambda band: band.residents.value)
            resolved = self._year_memo[year] = _Year(
                rules=rules,
                vulnerable=self._resolve(rules.vulnerable, year, rules),
                prevention=self._resolve(rules.prevention, year, rules)
                if with_prevention and rules.prevention is not None
                else None,
                size=_Check.of(rules.size),
                parallel=_Check.of(rules.parallel_non_western),
                prevention_non_western=_Check.of(rules.prevention_non_western)
                if with_prevention and rules.prevention_non_western is not None
                else None,
                bands=tuple((_Check.of(band.residents), _Check.of(band.labour)) for band in bands),
                spans=_spans(rules),
                combined_averaged=rules.combined_letting_averaged,
            )
        return resolved

    @staticmethod
    def _met(criteria: _List, values: Mapping[str, Value]) -> list[bool]:
        """Which of the list's criteria the area meets; a criterion without a limit is not met."""
        return [
            test.limit is not None and test.holds(values[test.column][0], test.limit)
            for test in criteria.tests
        ]

    def _explain(
        self, criteria: _List, met: list[bool], values: Mapping[str, Value], year: int
    ) -> list[CriterionResult]:
        """The list's criteria as records, one per test.

        Records are frozen, so areas with the same figure over the same years share one: published
        figures have one or two decimals, and a national year repeats each value many times (some
        120,000 records here, a tenth as many distinct ones), while making a frozen record costs ten
        times a lookup. A test is resolved for one year, so the year needs no place in the key. Zero is
        never shared: 0.0 == -0.0, and the sign is part of the value.
        """
        results = []
        for test, is_met in zip(criteria.tests, met, strict=True):
            # The figure (value, period, complete) is the key: `met` follows from it and the test.
            figure = values[test.column]
            record = test.records.get(figure)
            if record is None:
                value, period, complete = figure
                record = self._record(criteria.code, test, value, period, complete, is_met, year)
                if value:
                    test.records[figure] = record
            results.append(record)
        return results

    @staticmethod
    def _record(
        code: str, test: _Test, value: float, period: tuple[int, ...], complete: bool, met: bool, year: int
    ) -> CriterionResult:
        note, note_code = test.note, test.note_code
        if not (complete and test.national_complete):
            if note is None:
                used = period if not complete else test.national_period
                note_code, note = "period_incomplete", _period_note(year, test.span, used)
            complete = False
        # Positional arguments, in _CRITERION_FIELDS order (checked at import).
        return CriterionResult(
            code,
            test.code,
            value,
            test.limit,
            test.comparator,
            period,
            met,
            DATA,
            complete,
            test.multiple,
            note,
            note_code,
        )

    def evaluate_list(self, criteria: CriteriaList, year: int, code: str) -> list[CriterionResult]:
        """Each criterion of the list for the area, explained."""
        resolved = self._resolve(criteria, year)
        values = self._values(year, code)
        return self._explain(resolved, self._met(resolved, values), values, year)

    # --- designations -------------------------------------------------------------------------------

    def is_parallel(self, year: int, code: str) -> bool | None:
        """Parallel society (or its predecessor, ghettoområde) that year; None when nothing is known."""
        return self._status(year, code).parallel

    def _status(self, year: int, code: str) -> _Status:
        key = (year, code)
        status = self._parallel_memo.get(key)
        if status is None:
            status = self._parallel_memo[key] = self._compute_parallel(year, code)
        return status

    def _compute_parallel(self, year: int, code: str) -> _Status:
        """The area's parallel-society status in `year`, judged from its figures under that year's rules.

        A year without figures, or with figures but no statutory rule set of its own (a lookback year
        before the first set here), is read from the official published list instead.
        """
        row = self._row(year, code)
        resolved = None
        if row is not None:
            try:
                resolved = self._year(year)
            except NoRuleSet:
                resolved = None
        if row is None or resolved is None:
            listed = self.inputs.official.get(year, {}).get(code)
            if listed is None:
                return _UNKNOWN
            return _Status(bool(listed & _LISTED_PARALLEL), OFFICIAL)
        if not (resolved.size(row.residents) and resolved.parallel(row.non_western_pct)):
            return _Status(False, DATA)  # decided by this year's own figures alone
        values = self._values(year, code)
        parallel = sum(self._met(resolved.vulnerable, values)) >= resolved.vulnerable.needed
        return _Status(parallel, DATA, self._incomplete(resolved.vulnerable, values, year))

    def _incomplete(self, criteria: _List, values: Mapping[str, Value], year: int) -> str | None:
        """Why the list was judged on an incomplete period in `year`, or None when it was not."""
        for test in criteria.tests:
            if test.note is not None:
                return test.note
            _, period, complete = values[test.column]
            if not (complete and test.national_complete):
                used = period if not complete else test.national_period
                missing = [y for y in range(year - test.span + 1, year + 1) if y not in used]
                return f"{year} judged without {_years(missing)}"
        return None

    def _streak(self, rules: RuleSet, year: int, code: str) -> _Window:
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
            status = self._status(past, code)
            if status.parallel is None:
                unknown = past
                break
            if status.incomplete is not None:
                incomplete.append(status.incomplete)
            if not status.parallel:
                break
            streak += 1
            sources.add(status.source)
        return _Window(window, streak, unknown, frozenset(sources or {DATA}), tuple(incomplete))

    def _decide(
        self, resolved: _Year, year: int, row: HousingRow, values: Mapping[str, Value], *, window: bool = True
    ) -> _Decision:
        """The national designations of an area with figures (ABL §§ 61 a, 61 b, 51 b).

        `window=False` leaves out the transformation window, the one part that reads earlier years:
        only a parallel society can be a transformation area, and it is red already, so an area's
        category never depends on the window.
        """
        rules = resolved.rules
        code = row.area_code
        designations: list[Designation] = []
        size_ok = resolved.size(row.residents)
        vulnerable_met = self._met(resolved.vulnerable, values)
        vulnerable = size_ok and sum(vulnerable_met) >= resolved.vulnerable.needed
        parallel = resolved.parallel(row.non_western_pct)
        transformation = None
        if vulnerable:
            designations.append(Designation.VULNERABLE_AREA)
            if parallel:
                designations.append(Designation.PARALLEL_SOCIETY)
            if parallel and window:
                transformation = self._streak(rules, year, code)
                if transformation.streak >= rules.transformation_years:
                    designations.append(Designation.TRANSFORMATION_AREA)

        prevention_met = None
        prevention_non_western = False
        if resolved.prevention is not None:
            assert resolved.prevention_non_western is not None
            prevention_met = self._met(resolved.prevention, values)
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
        combined_figure = _combined_value(resolved, row, values)
        combined = band is not None and band(combined_figure[0])
        if combined:
            designations.append(Designation.COMBINED_LETTING_AREA)
        return _Decision(
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

    # --- one area -----------------------------------------------------------------------------------

    def area(self, year: int, code: str, local: LocalThresholds) -> AreaResult | None:
        row = self._row(year, code)
        if row is None:
            listed = self.inputs.official.get(year, {}).get(code)
            return None if listed is None else self._from_official_list(year, code, listed)
        return self._area(year, row, self._resolve(local.as_list(), year))

    def _area(
        self, year: int, row: HousingRow, local: _List, published: _Published | None = None
    ) -> AreaResult:
        """An area with figures, every criterion explained in the order the law lists them."""
        resolved = self._year(year)
        rules = resolved.rules
        values = self._values(year, row.area_code)
        decision = self._decide(resolved, year, row, values)

        criteria = [
            resolved.size.record(
                "size", _RESIDENTS, row.residents, rules.min_residents, decision.size_ok, year
            ),
            *self._explain(resolved.vulnerable, decision.vulnerable_met, values, year),
            resolved.parallel.record(
                "parallel_society",
                _NON_WESTERN,
                row.non_western_pct,
                resolved.parallel.limit,
                decision.parallel,
                year,
            ),
        ]
        counts = {"vulnerable": sum(decision.vulnerable_met)}
        if decision.transformation is not None:
            criteria.append(self._explain_transformation(rules, decision.transformation))
        if (
            resolved.prevention is not None
            and resolved.prevention_non_western is not None
            and decision.prevention_met is not None
        ):
            counts["prevention"] = sum(decision.prevention_met)
            criteria += self._explain(resolved.prevention, decision.prevention_met, values, year)
            criteria.append(
                resolved.prevention_non_western.record(
                    "prevention",
                    _NON_WESTERN,
                    row.non_western_pct,
                    resolved.prevention_non_western.limit,
                    decision.prevention_non_western,
                    year,
                )
            )
        criteria.append(self._explain_combined(resolved, decision))
        local_met = self._met(local, values)
        counts["local"] = sum(local_met)
        criteria += self._explain(local, local_met, values, year)

        if published is None:
            published = self._published(year)
        designations, disagreements = self._govern(published, row.area_code, decision.designations)
        if published.settled:
            provisional = not all(c.complete for c in criteria if c.list not in published.settled)
        else:
            provisional = not all(map(_COMPLETE, criteria))
        return AreaResult(
            year=year,
            area_code=row.area_code,
            area_name=row.area_name,
            residents=row.residents,
            designations=designations,
            # Red and pink from the designations in law; yellow and green from the local criteria.
            computed_category=category_for(designations, counts["local"] >= local.needed),
            criteria=criteria,
            provisional=provisional,
            rule_version=rules.version,
            source=DATA,
            met_counts=counts,
            computed_designations=decision.designations,
            decided_by=published.decided_by,
            disagreements=disagreements,
        )

    @staticmethod
    def _explain_transformation(rules: RuleSet, window: _Window) -> CriterionResult:
        note = note_code = None
        if window.unknown is not None:
            note_code, note = "year_unknown", f"no data or official list for {window.unknown}"
        elif window.incomplete:
            note_code = "window_incomplete"
            note = "period incomplete: " + "; ".join(window.incomplete)
        return CriterionResult(
            list="transformation",
            code="parallel_society_years",
            value=float(window.streak),
            threshold=float(rules.transformation_years),
            comparator=_GE,
            period_years=window.years,
            met=window.streak >= rules.transformation_years,
            source="+".join(sorted(window.sources)),
            complete=window.unknown is None and not window.incomplete,
            note=note,
            note_code=note_code,
        )

    @staticmethod
    def _explain_combined(resolved: _Year, decision: _Decision) -> CriterionResult:
        value, period, complete = decision.combined_figure
        band = decision.band
        key = (band, value, period, complete, decision.combined)
        record = resolved.combined_records.get(key) if value else None
        if record is None:
            record = Engine._combined_record(resolved, value, period, complete, decision)
            if value:
                resolved.combined_records[key] = record
        return record

    @staticmethod
    def _combined_record(
        resolved: _Year, value: float, period: tuple[int, ...], complete: bool, decision: _Decision
    ) -> CriterionResult:
        band = decision.band
        lowest_residents, lowest_labour = resolved.bands[0]
        return CriterionResult(
            list="combined_letting",
            code=_LABOUR,
            value=value,
            threshold=band.limit if band is not None else None,
            comparator=(band or lowest_labour).comparator,
            period_years=period,
            met=decision.combined,
            source=DATA,
            complete=complete,
            note=None if band is not None else f"fewer than {lowest_residents.limit:g} residents",
            note_code=None if band is not None else "below_min_residents",
        )

    def _from_official_list(self, year: int, code: str, listed: frozenset[Designation]) -> AreaResult:
        designations = [d for d in Designation if d in listed]
        criteria = [
            CriterionResult(
                list="official",
                code=d.value,
                value=None,
                threshold=None,
                comparator="listed",
                period_years=(year,),
                met=True,
                source=OFFICIAL,
            )
            for d in designations
        ]
        try:
            version = self.rules_for(year).version
        except NoRuleSet:
            version = "official-list"
        category = category_for(designations, local_met=False)
        return AreaResult(
            year=year,
            area_code=code,
            area_name=code,
            residents=None,
            designations=designations,
            computed_category=category,
            criteria=criteria,
            # Without figures the local criteria cannot be judged, so green/yellow stays provisional.
            provisional=category in (Category.GREEN, Category.YELLOW),
            rule_version=version,
            source=OFFICIAL,
            decided_by=self._published(year).listed_decided_by,
        )

    # --- a whole year -------------------------------------------------------------------------------

    def _codes(self, year: int) -> list[str]:
        return sorted(set(self.inputs.rows.get(year, {})) | set(self.inputs.official.get(year, {})))

    def categorise(self, year: int, local: LocalThresholds) -> list[AreaResult]:
        """Every area with figures or an official listing that year, ordered by area code."""
        rows = self.inputs.rows.get(year, {})
        official = self.inputs.official.get(year, {})
        resolved_local = self._resolve(local.as_list(), year)
        published = self._published(year)
        results = []
        for code in self._codes(year):
            row = rows.get(code)
            if row is not None:
                results.append(self._area(year, row, resolved_local, published))
            elif code in official:
                results.append(self._from_official_list(year, code, official[code]))
        return results

    def needs_lookback(self, year: int) -> list[str]:
        """The areas whose result depends on figures before the year's averaging periods.

        Only a parallel society's transformation window reaches further back; every other area is
        decided by its figures of the year and the years they are averaged with. So inputs holding
        just those years give every other area its full result (the what-if loads no more).
        """
        resolved = self._year(year)
        needed = resolved.vulnerable.needed
        return [
            code
            for code, row in self.inputs.rows.get(year, {}).items()
            if resolved.size(row.residents)
            and resolved.parallel(row.non_western_pct)
            and sum(self._met(resolved.vulnerable, self._values(year, code))) >= needed
        ]

    def categories(self, year: int, options: Sequence[LocalThresholds]) -> list[AreaCategories]:
        """Every area's computed category under each of `options`, as categorise() would give it.

        For comparing local thresholds (the what-if): the national designations do not depend on them,
        so they are decided once per area, and no explanation records are built. Nor is the
        transformation window looked at (see _decide), so inputs of the year and the years its figures
        are averaged with are enough.
        """
        rows = self.inputs.rows.get(year, {})
        official = self.inputs.official.get(year, {})
        resolved_options = [self._resolve(local.as_list(), year) for local in options]
        resolved = self._year(year) if rows else None
        published = self._published(year)
        out = []
        for code in self._codes(year):
            row = rows.get(code)
            if row is None:
                designations = [d for d in Designation if d in official[code]]
                category = category_for(designations, local_met=False)
                out.append(AreaCategories(code, code, None, (category,) * len(options)))
                continue
            assert resolved is not None
            values = self._values(year, code)
            designations = self._decide(resolved, year, row, values, window=False).designations
            if published.loaded:
                designations, _ = self._govern(published, code, designations)
            categories = tuple(
                category_for(designations, sum(self._met(local, values)) >= local.needed)
                for local in resolved_options
            )
            out.append(AreaCategories(code, row.area_name, row.residents, categories))
        return out


def category_for(designations: list[Designation], local_met: bool) -> Category:
    """Red for the national list, pink for prevention areas, yellow by local criteria, else green."""
    if RED_DESIGNATIONS.intersection(designations):
        return Category.RED
    if Designation.PREVENTION_AREA in designations:
        return Category.PINK
    if local_met:
        return Category.YELLOW
    return Category.GREEN
