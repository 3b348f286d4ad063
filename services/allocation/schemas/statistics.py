"""Letting statistics: channel shares, years and quota fulfilment."""

from datetime import date

from pydantic import ConfigDict, Field

from services.allocation.rules.model import Category, Channel
from services.allocation.rules.statuses import QuotaAlertCode
from services.allocation.schemas import examples
from services.kit.schemas import Schema

ChannelCounts = dict[Channel, int | None]
ChannelShares = dict[Channel, float | None]


class ChannelBreakdownRead(Schema):
    """Lettings by the channel actually used: counts and shares (null where hidden as small)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CHANNEL_BREAKDOWN]})

    total: int | None
    counts: ChannelCounts
    shares_pct: ChannelShares


class ChannelStatisticsRead(ChannelBreakdownRead):
    """CONTRACT § 6: channel shares of the year's recorded lettings."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CHANNEL_STATISTICS]})

    year: int
    total: int | None  # null for a reader who sees aggregates only, when under the small-number threshold
    by_category: dict[Category, ChannelBreakdownRead]
    suppressed: bool = Field(description="true when small counts were hidden for this reader")
    suppression_threshold: int


class YearFiguresRead(Schema):
    """One year's figures; for a reader who sees aggregates only, a count (and what is computed from it)
    under the small-number threshold is null."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.YEAR_FIGURES]})

    year: int
    lettings: int | None
    counts: ChannelCounts
    shares_pct: ChannelShares
    municipal_allocations: int | None
    returned: int | None
    median_days_to_letting: float | None
    mean_days_to_letting: float | None
    days_by_channel: dict[str, float | None]


class YearsStatisticsRead(Schema):
    """Every letting year at a glance."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.YEARS_STATISTICS]})

    years: list[YearFiguresRead]
    suppression_threshold: int


class QuotaLineRead(Schema):
    """Quota fulfilment of an area (or a category, or all): municipal vacancies due, allocated and the
    forecast."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.QUOTA_LINE]})

    area_code: str | None
    area_name: str | None
    category: Category | None
    municipal_share_pct: float | None
    vacancies: int | None
    due: int | None
    allocated: int | None
    pending: int | None
    returned: int | None
    fulfilment_pct: float | None
    forecast_vacancies: float | None
    forecast_due: int | None
    forecast_allocated: float | None
    forecast_fulfilment_pct: float | None
    behind: bool


class QuotaAlertRead(Schema):
    """Why an area is flagged: behind its quota, returned vacancies or overdue ones."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.QUOTA_ALERT]})

    area_code: str
    code: QuotaAlertCode
    text: str


class QuotaStatisticsRead(Schema):
    """Quota fulfilment per area and category against the agreements, with a year-end forecast and alerts."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.QUOTA_STATISTICS]})

    year: int
    as_of: date
    elapsed_days: int
    year_days: int
    alert_below_pct: float
    areas: list[QuotaLineRead]
    categories: list[QuotaLineRead]
    total: QuotaLineRead
    alerts: list[QuotaAlertRead]
    suppressed: bool
