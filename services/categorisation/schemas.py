"""Pydantic I/O of the categorisation API (CONTRACT § 5 plus what the analyst's pages need)."""

import builtins
from datetime import datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import ConfigDict, Field

from services.categorisation import examples
from services.categorisation.rules.model import Category, Designation
from services.kit.inputs import NulFreeInput
from services.kit.schemas import Schema


class CategorisationStatus(StrEnum):
    """A year's categorisation: computed live from the figures, or frozen by an approval."""

    PROPOSED = "proposed"
    APPROVED = "approved"


class Phase(StrEnum):
    """Where a list year stands in the annual cycle (årshjulet)."""

    UPDATE = "update"
    DIALOGUE = "dialogue"
    AGREEMENT = "agreement"
    IMPLEMENTATION = "implementation"


class DecidedBy(StrEnum):
    """What decided a published list's designations: the ministry's list if loaded, else the figures."""

    OFFICIAL_LIST = "official_list"
    DATA = "data"


AreaSort = Literal["area_code", "area_name", "residents", "category"]


class YearRead(Schema):
    """A list year and where its categorisation stands."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.YEAR]})

    year: int
    status: CategorisationStatus
    approved_revision: int | None


class ImportRead(Schema):
    """What a loaded file changed: its rows, the years and the number of areas in it, and the import's id."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.IMPORT]})

    rows: int
    years: list[int]
    areas: int
    import_id: int


class YearParametersUpdate(Schema, NulFreeInput):
    """The year's national figure the convicted criterion is measured against."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PARAMETERS_UPDATE]})

    national_convicted_pct: float = Field(
        gt=0, le=100, description="national average share convicted, ages 18+"
    )


class YearParametersRead(Schema):
    """The year's national figures, and who set them when."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PARAMETERS]})

    year: int
    national_convicted_pct: float
    updated_by: str
    updated_at: datetime


class LocalThresholdsBase(Schema):
    """The municipality's local (yellow) criteria: an area meeting `criteria_needed` of them is yellow."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.THRESHOLDS]})

    outside_labour_market_pct_above: float = Field(ge=0, le=100)
    convicted_multiple_at_least: float = Field(gt=0, le=100)
    basic_education_pct_above: float = Field(ge=0, le=100)
    income_pct_of_region_below: float = Field(ge=0, le=1000)
    criteria_needed: int = Field(ge=1, le=4)


class LocalThresholdsUpdate(LocalThresholdsBase, NulFreeInput):
    """New local thresholds for the year, with the reason (a political decision) they change."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.THRESHOLDS_UPDATE]})

    reason: str = Field(
        min_length=3, max_length=2000, description="why the thresholds change (a political decision)"
    )


class LocalThresholdsRead(LocalThresholdsBase):
    """One version of the year's local thresholds; version 0 is the configured default."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.THRESHOLDS_VERSION]})

    year: int
    version: int = Field(description="0 is the municipality's default from its configuration")
    reason: str
    created_by: str
    created_at: datetime | None


class WhatIfCreate(Schema, NulFreeInput):
    """Thresholds to try; fields left out keep the year's current value."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.WHAT_IF]})

    outside_labour_market_pct_above: float | None = Field(None, ge=0, le=100)
    convicted_multiple_at_least: float | None = Field(None, gt=0, le=100)
    basic_education_pct_above: float | None = Field(None, ge=0, le=100)
    income_pct_of_region_below: float | None = Field(None, ge=0, le=1000)
    criteria_needed: int | None = Field(None, ge=1, le=4)


class Criterion(Schema):
    """One criterion of one list, as judged for the area: the value, the threshold it is compared with, the
    years averaged, and whether it is met (`value` is null where suppressed)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CRITERION]})

    list: str
    code: str
    value: float | None
    threshold: float | None
    comparator: str
    period_years: builtins.list[int]  # `list` is a field name here
    met: bool
    source: str
    complete: bool = True
    multiple: float | None = None
    note: str | None = None
    note_code: str | None = None
    suppressed: bool = False


class OverrideRead(Schema):
    """The category the analyst set after the dialogue, with the justification."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.OVERRIDE]})

    category: Category
    justification: str
    created_by: str
    created_at: datetime


class OverrideHistoryRead(Schema):
    """One change of an area's category after the dialogue; a null `category` is a withdrawal."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [examples.OVERRIDE, examples.OVERRIDE_WITHDRAWN]}
    )

    category: Category | None
    justification: str
    created_by: str
    # Untyped since the endpoint's first version: a date-time in practice (the published schema says any).
    created_at: object


class OverrideCreate(Schema, NulFreeInput):
    """The category after the dialogue and why; a null category withdraws the override."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [examples.OVERRIDE_CREATE, examples.OVERRIDE_WITHDRAW]}
    )

    category: Category | None = Field(
        description="the category after the dialogue; null withdraws the override"
    )
    justification: str = Field(min_length=10, max_length=4000)


class AreaRead(Schema):
    """One area in one list year: its designations and category, explained criterion by criterion (CONTRACT
    § 5)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.AREA]})

    year: int
    area_code: str
    area_name: str
    residents: int | None
    designations: list[Designation]
    category: Category
    computed_category: Category
    override: OverrideRead | None
    status: CategorisationStatus
    provisional: bool
    rule_version: str
    source: str
    met_counts: dict[str, int]
    criteria: list[Criterion]
    # Where an official list of the year is loaded, `designations` are the published list's (DOMAIN § 3,
    # "The legal effects follow the published list") and these explain and compare them. None: no
    # figures (or a snapshot approved before this was recorded).
    computed_designations: list[Designation] | None = None
    # Per published list ("national": ABL § 61 a stk. 5 with § 61 b; "combined_letting": § 51 b), what
    # decided the designations of it: "official_list" or "data". Empty in snapshots approved before.
    decided_by: dict[str, DecidedBy] = Field(default_factory=dict)
    disagreements: list[Designation] = Field(
        default_factory=list, description="designations where the official list and the figures differ"
    )


class AreaNameRead(Schema):
    """An area of the year by code and name only: what a form offers to choose among."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.AREA_NAME]})

    area_code: str
    area_name: str


class CategorisationRead(Schema):
    """One area's category and designations: what the allocation service reads."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CATEGORISATION]})

    area_code: str
    category: Category
    designations: list[Designation]
    status: CategorisationStatus
    decided_by: dict[str, DecidedBy] = Field(default_factory=dict)


class ApprovalCreate(Schema, NulFreeInput):
    """An approval; a new revision of an approved year must say why in `note`."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.APPROVE, examples.APPROVE_REVISION]})

    note: str = Field(
        "", max_length=4000, description="required when the year is already approved (a revision)"
    )


class ApprovalRead(Schema):
    """One approval revision: the frozen snapshot's inputs (thresholds, national figures, rule version and
    their hash) and its counts."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.APPROVAL]})

    year: int
    revision: int
    note: str
    rule_version: str
    input_sha256: str
    thresholds: dict[str, Any]
    parameters: dict[str, Any]
    approved_by: str
    approved_at: datetime
    counts: dict[str, int]


class ReproductionRead(Schema):
    """A snapshot re-run from its frozen inputs: identical, or the differences found."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.REPRODUCTION]})

    year: int
    revision: int
    identical: bool
    differences: list[str]


class YearOverviewRead(Schema):
    """A year at a glance: its phase in the annual cycle, counts per category and designation, and its
    approval."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.YEAR_OVERVIEW]})

    year: int
    status: CategorisationStatus
    phase: Phase
    areas: int
    provisional: int
    counts: dict[Category, int]
    designation_counts: dict[Designation, int]
    national_convicted_pct: float | None
    thresholds_version: int
    rule_version: str | None
    approved_revision: int | None
    approved_at: datetime | None
    overrides: int
    # Per published list, what decided the year's designations (DOMAIN § 3: the published list where
    # it is loaded), and how many (area, designation) pairs the list and the figures disagree on.
    decided_by: dict[str, DecidedBy] = Field(default_factory=dict)
    disagreements: int = 0


class YearSummaryRead(Schema):
    """For managers: aggregates only, small numbers suppressed."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.YEAR_SUMMARY]})

    year: int
    status: CategorisationStatus
    phase: Phase
    counts: dict[Category, int]
    residents: dict[Category, int | None]
    designation_counts: dict[Designation, int]
    suppression_threshold: int


class CategoryChange(Schema):
    """An area whose category the tried thresholds would change."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CATEGORY_CHANGE]})

    area_code: str
    area_name: str
    residents: int | None
    before: Category
    after: Category


class QuotaLine(Schema):
    """One category's share of the municipal allocation, before and after the tried thresholds."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.QUOTA_LINE]})

    municipal_share_pct: float
    areas_before: int
    areas_after: int
    residents_before: int
    residents_after: int


class WhatIfRead(Schema):
    """What other local thresholds would change: counts, the areas that move, and the estimated municipal
    quota. Nothing is stored."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.WHAT_IF_RESULT]})

    year: int
    current: LocalThresholdsBase
    simulated: LocalThresholdsBase
    counts_before: dict[Category, int]
    counts_after: dict[Category, int]
    changes: list[CategoryChange]
    quota_before_pct: float
    quota_after_pct: float
    quota_by_category: dict[Category, QuotaLine]


class DisagreementRead(Schema):
    """A designation on which the ministry's published list and the computation from the figures differ."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DISAGREEMENT]})

    area_code: str
    area_name: str
    designation: Designation
    official: bool
    computed: bool


class TrendPoint(Schema):
    """An indicator's value in one year beside that year's thresholds (null where a list did not exist)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.TREND_POINT]})

    year: int
    value: float | None
    vulnerable_threshold: float | None
    prevention_threshold: float | None
    local_threshold: float | None


class AreaHistoryRead(Schema):
    """An area over the years: each indicator against each year's thresholds, and its category per year."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.AREA_HISTORY]})

    area_code: str
    area_name: str
    years: list[int]
    indicators: dict[str, list[TrendPoint]]
    categories: dict[int, Category]
