"""Letting statistics (DOMAIN § 5.7) from recorded lettings and vacancies, never from estimates.

Shares are computed exactly and rounded only for display. Readers without detailed access (managers) get
aggregates only: no area lines, any count under the small-number threshold hidden, and as many more counts
hidden as it takes that no hidden count can be worked out from the totals, within one answer or across the
answers (kit.suppression; the channel table below is the one source of the lettings' figures).
"""

import calendar
import statistics as stats
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.access import aggregates_only
from services.allocation.config import AllocationConfig
from services.allocation.models import Agreement, Area, Letting, Vacancy
from services.allocation.rules.agreements import applied_municipal_share
from services.allocation.rules.holding import days_held as holding_days
from services.allocation.rules.law import quota_law_on
from services.allocation.rules.model import AgreementStatus, Category, Channel
from services.allocation.rules.quota import Fulfilment, fulfilment, pct_from_bp, percent
from services.allocation.rules.statuses import HELD, QuotaAlertCode
from services.allocation.schemas.bookkeeping import DaysHeldLineRead, DaysHeldStatisticsRead
from services.allocation.schemas.statistics import (
    ChannelBreakdownRead,
    ChannelStatisticsRead,
    QuotaAlertRead,
    QuotaLineRead,
    QuotaStatisticsRead,
    YearFiguresRead,
    YearsStatisticsRead,
)
from services.kit import tables
from services.kit.auth import Principal
from services.kit.suppression import SuppressedTable, suppress_series, suppress_table

CHANNELS = tuple(Channel)


# The rows of the channel table: the four categories, and lettings in an area without an agreement that year
# (none in practice: a vacancy needs one), carried so that the rows add up to the year's totals.
TABLE_ROWS: tuple[str | None, ...] = (*(c.value for c in Category), None)
MUNICIPAL = CHANNELS.index(Channel.MUNICIPAL)


def share_pct(count: int, total: int) -> float | None:
    return percent(Fraction(count, total)) if total else None


def _breakdown(
    values: Sequence[int], shown: Sequence[int | None], shown_total: int | None
) -> ChannelBreakdownRead:
    """Counts and shares per channel as shown; a share is shown only beside its count and its total (a
    share and its count would give the total away, and a share and the total the count)."""
    total = sum(values)
    return ChannelBreakdownRead(
        total=shown_total,
        counts=dict(zip(CHANNELS, shown, strict=True)),
        shares_pct={
            channel: share_pct(value, total) if count is not None and shown_total is not None else None
            for channel, value, count in zip(CHANNELS, values, shown, strict=True)
        },
    )


@dataclass(frozen=True, slots=True)
class ChannelTable:
    """A year's lettings by category and channel with its totals, and what the reader is shown of it.

    For a manager the whole table is suppressed at once (kit.suppression): the per-category lines, their
    totals, the year's counts per channel and its total are one table with its margins, so a hidden count
    cannot be worked out from any of them. Every figure of these lettings shown elsewhere (the years, the
    quota's allocations) takes its hiding from here, so that no two answers combine into a hidden count.
    """

    cells: list[list[int]]  # TABLE_ROWS × CHANNELS
    shown: SuppressedTable | None  # None: the reader sees every count

    def line(self, row: int) -> ChannelBreakdownRead:
        values = self.cells[row]
        if self.shown is None:
            return _breakdown(values, values, sum(values))
        return _breakdown(values, self.shown.cells[row], self.shown.row_totals[row])

    def overall(self) -> ChannelBreakdownRead:
        values = [sum(column) for column in zip(*self.cells, strict=True)]
        if self.shown is None:
            return _breakdown(values, values, sum(values))
        return _breakdown(values, self.shown.column_totals, self.shown.total)

    def municipal_shown(self, row: int) -> bool:
        return self.shown is None or self.shown.cells[row][MUNICIPAL] is not None

    def municipal_total_shown(self) -> bool:
        """Whether the year's municipal allocations in areas with an agreement can be shown: the column's
        total less the lettings without an agreement, so both must be shown."""
        return self.shown is None or (
            self.shown.column_totals[MUNICIPAL] is not None and self.municipal_shown(len(TABLE_ROWS) - 1)
        )


def channel_table(
    per_category: Mapping[str | None, Counter[str]], *, hide: bool, threshold: int
) -> ChannelTable:
    cells = [[per_category.get(row, Counter()).get(c, 0) for c in CHANNELS] for row in TABLE_ROWS]
    return ChannelTable(cells=cells, shown=suppress_table(cells, threshold) if hide else None)


async def _lettings_by_category(session: AsyncSession, year: int) -> dict[str | None, Counter[str]]:
    rows = await session.execute(
        select(Letting.channel, Agreement.category, func.count())
        .outerjoin(Agreement, (Agreement.year == Letting.year) & (Agreement.area_code == Letting.area_code))
        .where(Letting.year == year)
        .group_by(Letting.channel, Agreement.category)
    )
    per_category: dict[str | None, Counter[str]] = defaultdict(Counter)
    for channel, category, count in rows:
        per_category[category][channel] += count
    return per_category


async def channels(
    session: AsyncSession, *, year: int, principal: Principal, config: AllocationConfig
) -> ChannelStatisticsRead:
    """CONTRACT § 6: the year's lettings by the channel actually used, overall and per category."""
    threshold = config.small_number_threshold
    table = channel_table(
        await _lettings_by_category(session, year), hide=aggregates_only(principal), threshold=threshold
    )
    top = table.overall()
    return ChannelStatisticsRead(
        year=year,
        total=top.total,
        counts=top.counts,
        shares_pct=top.shares_pct,
        by_category={category: table.line(row) for row, category in enumerate(Category)},
        suppressed=table.shown is not None and table.shown.suppressed,
        suppression_threshold=threshold,
    )


def _median(values: list[int]) -> float | None:
    return float(stats.median(values)) if values else None


def _mean(values: list[int]) -> float | None:
    return round(float(Fraction(sum(values), len(values))), 1) if values else None


async def years(
    session: AsyncSession, *, principal: Principal, config: AllocationConfig
) -> YearsStatisticsRead:
    """Every year with lettings: channel shares, municipal allocations, returns, time to letting."""
    lettings = (
        await session.execute(
            select(Letting.year, Letting.channel, Agreement.category, Letting.days_to_letting).outerjoin(
                Agreement, (Agreement.year == Letting.year) & (Agreement.area_code == Letting.area_code)
            )
        )
    ).all()
    # Returned vacancies per year and category: the quota lists them by category with this total.
    returned: dict[int, dict[str | None, int]] = defaultdict(dict)
    for year, category, count in await session.execute(
        select(Vacancy.year, Agreement.category, func.count())
        .outerjoin(Agreement, (Agreement.year == Vacancy.year) & (Agreement.area_code == Vacancy.area_code))
        .where(Vacancy.returned_at.is_not(None))
        .group_by(Vacancy.year, Agreement.category)
    ):
        returned[year][category] = count
    by_year: dict[int, list[tuple[str, int]]] = defaultdict(list)
    per_category: dict[int, dict[str | None, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for year, channel, category, days_taken in lettings:
        by_year[year].append((channel, days_taken))
        per_category[year][category][channel] += 1
    hide = aggregates_only(principal)
    threshold = config.small_number_threshold
    figures = []
    for year in sorted(set(by_year) | set(returned)):
        rows = by_year.get(year, [])
        # The year's line of the channel table, hidden exactly as the channel statistics hide it.
        line = channel_table(per_category.get(year, {}), hide=hide, threshold=threshold).overall()
        days = [d for _, d in rows]
        lettings_shown = line.total
        # A median or mean of fewer lettings than the threshold describes those few households: hidden too.
        per_channel = {
            channel: _median([d for c, d in rows if c == channel])
            if line.counts[channel] is not None
            else None
            for channel in CHANNELS
            if any(c == channel for c, _ in rows)
        }
        returned_counts = [returned.get(year, {}).get(row, 0) for row in TABLE_ROWS]
        figures.append(
            YearFiguresRead(
                year=year,
                lettings=lettings_shown,
                counts=line.counts,
                shares_pct=line.shares_pct,
                municipal_allocations=line.counts[Channel.MUNICIPAL],
                # The total of the quota's list of returned vacancies by category: hidden as it is there.
                returned=suppress_series(returned_counts, threshold).total if hide else sum(returned_counts),
                median_days_to_letting=_median(days) if lettings_shown is not None else None,
                mean_days_to_letting=_mean(days) if lettings_shown is not None else None,
                days_by_channel=per_channel,
            )
        )
    return YearsStatisticsRead(years=figures, suppression_threshold=threshold)


# --- quota fulfilment -----------------------------------------------------------------------------


def elapsed(year: int, as_of: date) -> tuple[int, int]:
    """(days of the year gone by `as_of`, days in the year)."""
    days = 366 if calendar.isleap(year) else 365
    if as_of.year < year:
        return 0, days
    if as_of.year > year:
        return days, days
    return (as_of - date(year, 1, 1)).days + 1, days


def _line(
    result: Fulfilment,
    *,
    area_code: str | None,
    area_name: str | None,
    category: Category | None,
    share_bp: int | None,
) -> QuotaLineRead:
    return QuotaLineRead(
        area_code=area_code,
        area_name=area_name,
        category=category,
        municipal_share_pct=float(pct_from_bp(share_bp)) if share_bp is not None else None,
        vacancies=result.vacancies,
        due=result.due,
        allocated=result.allocated,
        pending=result.pending,
        returned=result.returned,
        fulfilment_pct=percent(result.fulfilment),
        forecast_vacancies=round(float(result.forecast_vacancies), 1),
        forecast_due=result.forecast_due,
        forecast_allocated=round(float(result.forecast_allocated), 1),
        forecast_fulfilment_pct=percent(result.forecast_fulfilment),
        behind=result.behind,
    )


# The counts of a quota line; each is a column that adds up to the total line.
QUOTA_COUNTS = ("vacancies", "due", "allocated", "pending", "returned", "forecast_due")
QuotaCounts = dict[str, int | None]


def _counts(parts: list[Fulfilment]) -> dict[str, int]:
    return {name: sum(getattr(p, name) for p in parts) for name in QUOTA_COUNTS}


def _sum_line(
    parts: list[Fulfilment], *, category: Category | None, alert_below: Fraction, shown: QuotaCounts
) -> QuotaLineRead:
    counts = _counts(parts)
    due, allocated, forecast_due = counts["due"], counts["allocated"], counts["forecast_due"]
    forecast_allocated = sum((p.forecast_allocated for p in parts), Fraction(0))
    forecast_ratio = forecast_allocated / forecast_due if forecast_due else None
    # A fulfilment or forecast is computed from every count of the line (the forecast of allocations adds
    # the open ones and weighs what is to come by allocated against returned), so beside the counts shown it
    # would give a hidden one away: it is shown only where all of them are.
    visible = all(shown[name] is not None for name in QUOTA_COUNTS)
    forecast_pct = percent(forecast_ratio) if visible else None
    return QuotaLineRead(
        area_code=None,
        area_name=None,
        category=category,
        municipal_share_pct=None,
        vacancies=shown["vacancies"],
        due=shown["due"],
        allocated=shown["allocated"],
        pending=shown["pending"],
        returned=shown["returned"],
        fulfilment_pct=percent(Fraction(allocated, due)) if due and visible else None,
        forecast_vacancies=round(float(sum((p.forecast_vacancies for p in parts), Fraction(0))), 1)
        if visible
        else None,
        forecast_due=shown["forecast_due"],
        forecast_allocated=round(float(forecast_allocated), 1) if visible else None,
        forecast_fulfilment_pct=forecast_pct,
        behind=(forecast_pct is not None and forecast_ratio is not None and forecast_ratio < alert_below)
        or bool(shown["returned"]),
    )


def _shown_counts(
    categories: list[Category], lines: list[dict[str, int]], *, table: ChannelTable, threshold: int
) -> tuple[list[QuotaCounts], QuotaCounts]:
    """The counts of the category lines and the total line as a manager is shown them.

    Each count is a list over the categories with its total, suppressed as such (kit.suppression). The
    municipal allocations are the lettings of the channel table's municipal column, so they are hidden
    exactly where that table hides them; a forecast count is hidden wherever another count of its line is.
    """
    columns: dict[str, tuple[list[int | None], int | None]] = {}
    for name in ("vacancies", "due", "pending", "returned"):
        series = suppress_series([line[name] for line in lines], threshold)
        columns[name] = (list(series.counts), series.total)
    rows = [TABLE_ROWS.index(category.value) for category in categories]
    columns["allocated"] = (
        [
            line["allocated"] if table.municipal_shown(r) else None
            for line, r in zip(lines, rows, strict=True)
        ],
        sum(line["allocated"] for line in lines) if table.municipal_total_shown() else None,
    )
    hidden_lines = [i for i in range(len(lines)) if any(cells[i] is None for cells, _ in columns.values())]
    forecast = suppress_series(
        [line["forecast_due"] for line in lines],
        threshold,
        also_hide=hidden_lines,
        also_hide_total=any(total is None for _, total in columns.values()),
    )
    columns["forecast_due"] = (list(forecast.counts), forecast.total)
    shown_lines = [{name: columns[name][0][i] for name in QUOTA_COUNTS} for i in range(len(lines))]
    return shown_lines, {name: columns[name][1] for name in QUOTA_COUNTS}


async def quota(
    session: AsyncSession, *, year: int, as_of: date, principal: Principal, config: AllocationConfig
) -> QuotaStatisticsRead:
    """Municipal quota fulfilment per area and category against the agreements, with a year-end forecast."""
    agreements = (
        await session.execute(
            select(Agreement, Area)
            .join(Area, Area.code == Agreement.area_code)
            .where(Agreement.year == year)
            .order_by(Agreement.area_code)
        )
    ).all()
    # Counted by the database, per area: a year has thousands of vacancies and the answer a line per area.
    # Pending: municipal, still held by the municipality and not returned; overdue: those past the deadline.
    pending_now = and_(
        Vacancy.returned_at.is_(None),
        Vacancy.channel == Channel.MUNICIPAL.value,
        Vacancy.status.in_([status.value for status in HELD]),
    )
    past_deadline = and_(pending_now, Vacancy.deadline.is_not(None), Vacancy.deadline < as_of)
    vacancy_counts = (
        await session.execute(
            select(
                Vacancy.area_code,
                func.count(),
                func.count(Vacancy.returned_at),
                func.sum(case((pending_now, 1), else_=0)),
                func.sum(case((past_deadline, 1), else_=0)),
            )
            .where(Vacancy.year == year)
            .group_by(Vacancy.area_code)
        )
    ).all()
    allocated = Counter(
        code
        for (code,) in (
            await session.execute(
                select(Letting.area_code).where(
                    Letting.year == year, Letting.channel == Channel.MUNICIPAL.value
                )
            )
        ).all()
    )
    vacancies: Counter[str] = Counter()
    pending: Counter[str] = Counter()
    returned: Counter[str] = Counter()
    overdue: Counter[str] = Counter()
    for code, reported, returned_count, pending_count, overdue_count in vacancy_counts:
        vacancies[code] = reported
        returned[code] = returned_count
        pending[code] = int(pending_count or 0)
        overdue[code] = int(overdue_count or 0)
    elapsed_days, year_days = elapsed(year, as_of)
    alert_below = Fraction(Decimal(str(config.quota_alert_below_pct))) / 100
    hide = aggregates_only(principal)
    threshold = config.small_number_threshold
    lines: list[QuotaLineRead] = []
    results: dict[str, list[Fulfilment]] = defaultdict(list)
    everything: list[Fulfilment] = []
    alerts: list[QuotaAlertRead] = []
    for agreement, area in agreements:
        result = fulfilment(
            vacancies=vacancies[area.code],
            # The share the quota rule assigns at: above 25 % only once agreed (ABL § 59 stk. 2).
            municipal_share=applied_municipal_share(
                municipal_bp=agreement.municipal_share_bp,
                agreed=agreement.status == AgreementStatus.AGREED.value,
                law=quota_law_on(date(year, 1, 1)),
            ).share,
            allocated=allocated[area.code],
            pending=pending[area.code],
            returned=returned[area.code],
            elapsed_days=elapsed_days,
            year_days=year_days,
            alert_below=alert_below,
        )
        category = Category(agreement.category)
        results[category.value].append(result)
        everything.append(result)
        lines.append(
            _line(
                result,
                area_code=area.code,
                area_name=area.name,
                category=category,
                share_bp=agreement.municipal_share_bp,
            )
        )
        if result.forecast_fulfilment is not None and result.forecast_fulfilment < alert_below:
            alerts.append(
                QuotaAlertRead(
                    area_code=area.code,
                    code=QuotaAlertCode.BEHIND,
                    text=f"{area.name}: the forecast fulfilment is {percent(result.forecast_fulfilment)} %, "
                    f"under {config.quota_alert_below_pct:g} %.",
                )
            )
        if result.returned:
            alerts.append(
                QuotaAlertRead(
                    area_code=area.code,
                    code=QuotaAlertCode.RETURNED,
                    text=f"{area.name}: {result.returned} municipal vacancies were returned unfilled.",
                )
            )
        if overdue[area.code]:
            alerts.append(
                QuotaAlertRead(
                    area_code=area.code,
                    code=QuotaAlertCode.OVERDUE,
                    text=f"{area.name}: {overdue[area.code]} municipal vacancies are past their deadline.",
                )
            )
    present = [c for c in Category if results.get(c.value)]
    counts: list[QuotaCounts] = [dict(_counts(results[c.value])) for c in present]
    total_counts: QuotaCounts = dict(_counts(everything))
    if hide:
        table = channel_table(await _lettings_by_category(session, year), hide=True, threshold=threshold)
        counts, total_counts = _shown_counts(
            present, [_counts(results[c.value]) for c in present], table=table, threshold=threshold
        )
    categories = [
        _sum_line(results[c.value], category=c, alert_below=alert_below, shown=shown)
        for c, shown in zip(present, counts, strict=True)
    ]
    total = _sum_line(everything, category=None, alert_below=alert_below, shown=total_counts)
    return QuotaStatisticsRead(
        year=year,
        as_of=as_of,
        elapsed_days=elapsed_days,
        year_days=year_days,
        alert_below_pct=config.quota_alert_below_pct,
        areas=[] if hide else lines,
        categories=categories,
        total=total,
        alerts=[] if hide else alerts,
        suppressed=hide,
    )


# --- days held: the rent the municipality carries (ABL § 59 stk. 1) -------------------------------


async def days_held(session: AsyncSession, *, year: int, today: date) -> DaysHeldStatisticsRead:
    """For each municipal vacancy of the letting year, the days the municipality held it before letting or
    return (today while it still holds it); summed and averaged per area and in total."""
    # Only the columns the count needs: a year has a thousand municipal vacancies or more, and making
    # each row into three ORM objects (and decoding the vacancy's JSON columns) cost most of the answer.
    rows = (
        await session.execute(
            select(
                Area.code,
                Area.name,
                Vacancy.status,
                Vacancy.available_from,
                Vacancy.reported_on,
                Vacancy.returned_on,
                Letting.let_on,
            )
            .join(Area, Area.code == Vacancy.area_code)
            .outerjoin(Letting, Letting.vacancy_id == Vacancy.id)
            .where(Vacancy.year == year, Vacancy.channel == Channel.MUNICIPAL.value)
            .order_by(Vacancy.area_code, Vacancy.sequence)
        )
    ).all()
    per_area: dict[str, list[int]] = defaultdict(list)
    held_now: Counter[str] = Counter()
    names: dict[str, str] = {}
    for code, name, status, available_from, reported_on, returned_on, let_on in rows:
        names[code] = name
        held = status in HELD
        # As vacancies.held_days counts a municipal vacancy: to its return, its letting, or today.
        ended = returned_on if returned_on is not None else let_on
        if ended is None and not held:
            ended = today
        per_area[code].append(
            holding_days(available_from=available_from, reported_on=reported_on, ended_on=ended, today=today)
        )
        held_now[code] += held
    everything = [d for days in per_area.values() for d in days]
    return DaysHeldStatisticsRead(
        year=year,
        as_of=today,
        areas=[_held_line(code, names[code], per_area[code], held_now[code]) for code in sorted(per_area)],
        total=_held_line(None, None, everything, sum(held_now.values())),
    )


def _held_line(code: str | None, name: str | None, days: list[int], still_held: int) -> DaysHeldLineRead:
    return DaysHeldLineRead(
        area_code=code,
        area_name=name,
        municipal_vacancies=len(days),
        still_held=still_held,
        days_total=sum(days),
        days_mean=_mean(days),
    )


DAYS_HELD_COLUMNS = (
    tables.Column("area_code", "Områdekode", "Area code"),
    tables.Column("area_name", "Boligområde", "Housing area"),
    tables.Column("municipal_vacancies", "Kommunale ledige boliger", "Municipal vacancies"),
    tables.Column("still_held", "Holdes stadig af kommunen", "Still held by the municipality"),
    tables.Column("days_total", "Dage i alt", "Days in total"),
    tables.Column("days_mean", "Gennemsnit, dage", "Mean, days"),
)


def days_held_table(result: DaysHeldStatisticsRead, lang: tables.Language) -> tables.Table:
    total = result.total.model_dump()
    total["area_name"] = "I alt" if lang == "da" else "Total"
    return tables.Table(
        columns=DAYS_HELD_COLUMNS, rows=[*(line.model_dump() for line in result.areas), total]
    )
