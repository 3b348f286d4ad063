"""Letting statistics: channel shares, years and quota fulfilment."""

from datetime import date

from pydantic import Field

from services.allocation.rules.model import Category, Channel
from services.allocation.rules.statuses import QuotaAlertCode
from services.kit.schemas import Schema

ChannelCounts = dict[Channel, int | None]
ChannelShares = dict[Channel, float | None]


class ChannelBreakdownRead(Schema):
    total: int | None
    counts: ChannelCounts
    shares_pct: ChannelShares


class ChannelStatisticsRead(ChannelBreakdownRead):
    """CONTRACT § 6: channel shares of the year's recorded lettings."""

    year: int
    total: int | None  # null for a reader who sees aggregates only, when under the small-number threshold
    by_category: dict[Category, ChannelBreakdownRead]
    suppressed: bool = Field(description="true when small counts were hidden for this reader")
    suppression_threshold: int


class YearFiguresRead(Schema):
    """One year's figures; for a reader who sees aggregates only, a count (and what is computed from it)
    under the small-number threshold is null."""

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
    years: list[YearFiguresRead]
    suppression_threshold: int


class QuotaLineRead(Schema):
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
    area_code: str
    code: QuotaAlertCode
    text: str


class QuotaStatisticsRead(Schema):
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
