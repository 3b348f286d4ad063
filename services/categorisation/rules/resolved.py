"""A rule set's lists and thresholds resolved for one year: the plain limits every area is compared with.

A whole year is tens of thousands of criteria, so what an area is judged by is worked out once per year,
and the hot path works with plain strings and functions: enum members hash and read `.value` through
Python code, Comparator.holds tests the member first.
"""

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from services.categorisation.rules import averaging
from services.categorisation.rules.averaging import National, Value
from services.categorisation.rules.model import (
    COLUMN,
    CRITERION_INDICATORS,
    Comparator,
    CriteriaList,
    CriterionResult,
    Indicator,
    RuleSet,
    Threshold,
)

HOLDS: dict[Comparator, Callable[[float, float], bool]] = {
    Comparator.GT: operator.gt,
    Comparator.GE: operator.ge,
    Comparator.LT: operator.lt,
}


@dataclass(frozen=True, slots=True)
class ResolvedTest:
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
    # The explained records made so far, by the area's figure: see explanation.explain.
    records: dict[Value, CriterionResult] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ResolvedList:
    code: str
    tests: tuple[ResolvedTest, ...]
    needed: int
    # (column, holds, limit) of each test, for `met`: every area of the year is compared with them, and
    # unpacking a tuple is quicker than reading three attributes of a test.
    compared: tuple[tuple[str, Callable[[float, float], bool], float | None], ...] = field(init=False)

    def __post_init__(self) -> None:
        compared = tuple((test.column, test.holds, test.limit) for test in self.tests)
        object.__setattr__(self, "compared", compared)


@dataclass(frozen=True, slots=True)
class Check:
    """A threshold of the rule set outside the four criteria (size, non-western share, band)."""

    holds: Callable[[float, float], bool]
    limit: float
    comparator: str
    # The records made so far, shared between areas as in explanation.explain. A check belongs to one
    # year's rules, so the key is what varies between areas (the type too: 52 and 52.0 print apart).
    records: dict[tuple[object, ...], CriterionResult] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def of(cls, threshold: Threshold) -> "Check":
        return cls(HOLDS[threshold.comparator], threshold.value, threshold.comparator.value)

    def __call__(self, value: float) -> bool:
        return self.holds(value, self.limit)


@dataclass(frozen=True, slots=True)
class ResolvedYear:
    """What every area of a year is judged by: the rule set and its lists resolved for that year."""

    rules: RuleSet
    vulnerable: ResolvedList
    prevention: ResolvedList | None
    size: Check
    parallel: Check
    prevention_non_western: Check | None
    bands: tuple[tuple[Check, Check], ...]  # combined letting (residents, labour), lowest minimum first
    spans: tuple[tuple[str, int], ...]  # (column, years averaged over)
    combined_averaged: bool  # § 51 b on criterion 1's average (a superseded reading), not the own figure
    # The combined-letting records made so far, by (band, value, period, complete, met), shared
    # between areas as in explanation.explain.
    combined_records: dict[tuple[object, ...], CriterionResult] = field(
        default_factory=dict, compare=False, repr=False
    )


def resolve_list(
    criteria: CriteriaList, year: int, rules: RuleSet, national: Callable[[int, int], National]
) -> ResolvedList:
    """The list's thresholds for `year`: convicted becomes its multiple of the national average.

    `national(year, span)` is the national average share convicted over `span` years.
    """
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
            average, national_complete, national_period = national(year, span)
            if average is None:
                limit, note_code = None, "national_missing"
                note = f"national average share convicted missing for {year}"
            else:
                limit = averaging.quantised(threshold.value * average)
        tests.append(
            ResolvedTest(
                column=COLUMN[threshold.indicator],
                code=threshold.indicator.value,
                comparator=threshold.comparator.value,
                holds=HOLDS[threshold.comparator],
                limit=limit,
                multiple=multiple,
                national_complete=national_complete,
                national_period=national_period,
                span=span,
                note=note,
                note_code=note_code,
            )
        )
    return ResolvedList(code=criteria.code, tests=tuple(tests), needed=criteria.needed)


def resolve_year(rules: RuleSet, year: int, national: Callable[[int, int], National]) -> ResolvedYear:
    """The year's rule set and its lists, resolved for `year`."""
    with_prevention = rules.prevention is not None and rules.prevention_non_western is not None
    bands = sorted(rules.combined_letting_bands, key=lambda band: band.residents.value)
    return ResolvedYear(
        rules=rules,
        vulnerable=resolve_list(rules.vulnerable, year, rules, national),
        prevention=resolve_list(rules.prevention, year, rules, national)
        if with_prevention and rules.prevention is not None
        else None,
        size=Check.of(rules.size),
        parallel=Check.of(rules.parallel_non_western),
        prevention_non_western=Check.of(rules.prevention_non_western)
        if with_prevention and rules.prevention_non_western is not None
        else None,
        bands=tuple((Check.of(band.residents), Check.of(band.labour)) for band in bands),
        spans=averaging.spans(rules),
        combined_averaged=rules.combined_letting_averaged,
    )


def met(criteria: ResolvedList, values: Mapping[str, Value]) -> list[bool]:
    """Which of the list's criteria the area meets; a criterion without a limit is not met."""
    return [
        limit is not None and holds(values[column][0], limit) for column, holds, limit in criteria.compared
    ]
