"""Plain data the rules work on: housing figures, thresholds, rule sets and evaluation records."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import NamedTuple


class Comparator(StrEnum):
    """Exact comparators of the law: "overstiger" (gt), "mindst" (ge), "mindre end" (lt)."""

    GT = "gt"
    GE = "ge"
    LT = "lt"

    def holds(self, value: float, threshold: float) -> bool:
        if self is Comparator.GT:
            return value > threshold
        if self is Comparator.GE:
            return value >= threshold
        return value < threshold


class Designation(StrEnum):
    """A designation of Almenboligloven an area may carry: the national lists (§ 61 a) and § 51 b."""

    VULNERABLE_AREA = "vulnerable_area"
    PARALLEL_SOCIETY = "parallel_society"
    TRANSFORMATION_AREA = "transformation_area"
    PREVENTION_AREA = "prevention_area"
    COMBINED_LETTING_AREA = "combined_letting_area"


class Category(StrEnum):
    """The municipality's own category of an area, from its designations and local criteria (DOMAIN § 3)."""

    RED = "red"
    PINK = "pink"
    YELLOW = "yellow"
    GREEN = "green"


RED_DESIGNATIONS = frozenset(
    {Designation.VULNERABLE_AREA, Designation.PARALLEL_SOCIETY, Designation.TRANSFORMATION_AREA}
)

# The ministry's published lists and the designations each of them decides. ABL § 61 a stk. 5: "Social- og
# boligministeren offentliggør den 1. december hvert år, hvilke områder der opfylder betingelserne i stk. 1, 2
# og 4 og § 61 b" (the national list); the combined-letting areas of § 51 b stk. 3-4 are published as a list
# of their own. A list is loaded for a year when the official file holds any designation of it that year.
NATIONAL_LIST = "national"
COMBINED_LETTING_LIST = "combined_letting"
PUBLISHED_LISTS: dict[str, frozenset[Designation]] = {
    NATIONAL_LIST: frozenset(
        {
            Designation.VULNERABLE_AREA,
            Designation.PARALLEL_SOCIETY,
            Designation.TRANSFORMATION_AREA,
            Designation.PREVENTION_AREA,
        }
    ),
    COMBINED_LETTING_LIST: frozenset({Designation.COMBINED_LETTING_AREA}),
}
LIST_OF: dict[Designation, str] = {d: name for name, ds in PUBLISHED_LISTS.items() for d in ds}


def lists_holding(designations: Iterable[Designation]) -> frozenset[str]:
    """The published lists the designations belong to."""
    return frozenset(LIST_OF[d] for d in designations)


class Indicator(StrEnum):
    """The four socio-economic criteria (ABL § 61 a stk. 1) and the non-western share."""

    OUTSIDE_LABOUR_MARKET = "outside_labour_market"
    CONVICTED = "convicted"
    BASIC_EDUCATION = "basic_education"
    INCOME = "income"
    NON_WESTERN = "non_western"
    RESIDENTS = "residents"


# The four criteria of ABL § 61 a stk. 1: the only figures the lists compare, each averaged as the rule
# set says. The size and the non-western share are judged on the year's own figure.
CRITERION_INDICATORS = (
    Indicator.OUTSIDE_LABOUR_MARKET,
    Indicator.CONVICTED,
    Indicator.BASIC_EDUCATION,
    Indicator.INCOME,
)


class HousingRow(NamedTuple):
    """One area's published figures for one year.

    A named tuple rather than a frozen dataclass: a national file is some 60,000 rows, read from the
    database on every categorisation, and a tuple is made in a tenth of the time.
    """

    year: int
    area_code: str
    area_name: str
    municipality_code: int
    region_code: int
    residents: int
    outside_labour_market_pct: float
    convicted_pct: float
    basic_education_pct: float
    income_pct_of_region: float
    non_western_pct: float

    def value(self, indicator: Indicator) -> float:
        return float(getattr(self, COLUMN[indicator]))


COLUMN = {
    Indicator.OUTSIDE_LABOUR_MARKET: "outside_labour_market_pct",
    Indicator.CONVICTED: "convicted_pct",
    Indicator.BASIC_EDUCATION: "basic_education_pct",
    Indicator.INCOME: "income_pct_of_region",
    Indicator.NON_WESTERN: "non_western_pct",
    Indicator.RESIDENTS: "residents",
}


@dataclass(frozen=True, slots=True)
class Threshold:
    """One criterion of a list; for `convicted` the value is a multiple of the national average."""

    indicator: Indicator
    comparator: Comparator
    value: float


@dataclass(frozen=True, slots=True)
class CriteriaList:
    code: str  # "vulnerable", "prevention", "local"
    thresholds: tuple[Threshold, ...]
    needed: int


@dataclass(frozen=True, slots=True)
class CombinedLettingBand:
    """Areas whose residents meet `residents` are combined-letting areas when `labour` is met."""

    residents: Threshold
    labour: Threshold


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The law's thresholds as data, valid for lists published on or after `valid_from`.

    Every comparator and averaging period is here, so an earlier or later law can differ in any of them.
    """

    version: str
    valid_from: date
    legal_basis: str
    size: Threshold  # residents; below it an area is on no national list
    vulnerable: CriteriaList
    parallel_non_western: Threshold
    transformation_years: int
    prevention: CriteriaList | None
    prevention_non_western: Threshold | None
    # The highest band whose `residents` the area meets applies.
    combined_letting_bands: tuple[CombinedLettingBand, ...]
    # Years each indicator is averaged over (this year and the ones before it); the national average
    # share convicted is averaged over the same years as the area's. Indicators not listed: this year only.
    averaged_years: tuple[tuple[Indicator, int], ...]
    # Whether § 51 b's share outside the labour market is the averaged figure of § 61 a's criterion 1
    # (the superseded reading) rather than the list year's own figure.
    combined_letting_averaged: bool = False

    def years_averaged(self, indicator: Indicator) -> int:
        return dict(self.averaged_years).get(indicator, 1)

    @property
    def min_residents(self) -> int:
        return int(self.size.value)


@dataclass(frozen=True, slots=True)
class LocalThresholds:
    """The municipality's yellow criteria for one year (DOMAIN § 4); a political choice, not law."""

    outside_labour_market_pct_above: float
    convicted_multiple_at_least: float
    basic_education_pct_above: float
    income_pct_of_region_below: float
    criteria_needed: int

    def as_list(self) -> CriteriaList:
        return CriteriaList(
            code="local",
            thresholds=(
                Threshold(
                    Indicator.OUTSIDE_LABOUR_MARKET, Comparator.GT, self.outside_labour_market_pct_above
                ),
                Threshold(Indicator.CONVICTED, Comparator.GE, self.convicted_multiple_at_least),
                Threshold(Indicator.BASIC_EDUCATION, Comparator.GT, self.basic_education_pct_above),
                Threshold(Indicator.INCOME, Comparator.LT, self.income_pct_of_region_below),
            ),
            needed=self.criteria_needed,
        )


# Where a result or a criterion comes from: the figures, or the ministry's published list.
DATA = "data"
OFFICIAL = "official_list"


@dataclass(frozen=True, slots=True)
class CriterionResult:
    """One criterion, explained: what was compared with what, over which years, from which source."""

    list: str
    code: str
    value: float | None
    threshold: float | None
    comparator: str
    period_years: tuple[int, ...]
    met: bool
    source: str  # "data" or "official_list"
    complete: bool = True
    multiple: float | None = None  # for convicted: the multiple of the national average
    note: str | None = None  # in English, for API readers
    # period_incomplete | national_missing | year_unknown | window_incomplete | below_min_residents
    note_code: str | None = None


@dataclass(slots=True)
class AreaResult:
    year: int
    area_code: str
    area_name: str
    residents: int | None
    designations: list[Designation]
    computed_category: Category
    criteria: list[CriterionResult]
    provisional: bool
    rule_version: str
    source: str  # "data" or "official_list": where the area's row comes from
    met_counts: dict[str, int] = field(default_factory=dict)
    # What the computation from figures designates (None without figures): beside `designations`
    # as the explanation once a published list decides.
    computed_designations: list[Designation] | None = None
    # Per published list (NATIONAL_LIST, COMBINED_LETTING_LIST), what decided the area's designations
    # of it: "official_list" or "data". Shared between the areas of a year: never mutate.
    decided_by: Mapping[str, str] = field(default_factory=dict)
    # The designations where the loaded official list and the computation from figures differ.
    disagreements: list[Designation] = field(default_factory=list)
