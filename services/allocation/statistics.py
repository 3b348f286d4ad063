"""Letting statistics (DOMAIN § 5.7) from recorded lettings and vacancies, never from estimates.

Shares are computed exactly and rounded only for display. Readers without detailed access (managers) get
aggregates only: no area lines, and any count under the small-number threshold hidden.
"""

import calendar
import statistics as stats
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.access import aggregates_only, suppress
from services.allocation.config import AllocationConfig
from services.allocation.models import Agreement, Area, Letting, Vacancy
from services.allocation.rules.agreements import applied_municipal_share
from services.allocation.rules.law import quota_law_on
from services.allocation.rules.model import AgreementStatus, Category, Channel
from services.allocation.rules.quota import Fulfilment, fulfilment, pct_from_bp, percent
from services.allocation.rules.statuses import HELD, QuotaAlertCode
from services.allocation.schemas.bookkeeping import DaysHeldLineRead, DaysHeldStatisticsRead
from services.allocation.schemas.statistics import (
    ChannelBreakdownRead,
    ChannelCounts,
    ChannelShares,
    ChannelStatisticsRead,
    QuotaAlertRead,
    QuotaLineRead,
    QuotaStatisticsRead,
    YearFiguresRead,
    YearsStatisticsRead,
)
from services.allocation.vacancies import held_days
from services.kit import tables
from services.kit.auth import Principal

CHANNELS = tuple(Channel)


def share_pct(count: int, total: int) -> float | None:
    return percent(Fraction(count, total)) if total else None


def breakdown(counts: Counter[str], *, hide: bool, threshold: int) -> tuple[ChannelBreakdownRead, bool]:
    """Counts and shares per channel; with `hide`, small counts (and their shares) become null."""
    total = sum(counts.values())
    shown_counts: ChannelCounts = {}
    shown_shares: ChannelShares = {}
    hidden = False
    for channel in CHANNELS:
        value = counts.get(channel, 0)
        visible = suppress(value, threshold) if hide else value
        hidden = hidden or visible is None
        shown_counts[channel] = visible
        shown_shares[channel] = share_pct(value, total) if visible is not None else None
    shown_total = suppress(total, threshold) if hide else total
    return ChannelBreakdownRead(total=shown_total, counts=shown_counts, shares_pct=shown_shares), hidden or (
        shown_total is None
    )


async def channels(
    session: AsyncSession, *, year: int, principal: Principal, config: AllocationConfig
) -> ChannelStatisticsRead:
    """CONTRACT § 6: the year's lettings by the channel actually used, overall and per category."""
    rows = await session.execute(
        select(Letting.channel, Agreement.category, func.count())
        .outerjoin(Agreement, (Agreement.year == Letting.year) & (Agreement.area_code == Letting.area_code))
        .where(Letting.year == year)
        .group_by(Letting.channel, Agreement.category)
    )
    overall: Counter[str] = Counter()
    per_category: dict[str, Counter[str]] = defaultdict(Counter)
    for channel, category, count in rows:
        overall[channel] += count
        if category is not None:
            per_category[category][channel] += count
    hide = aggregates_only(principal)
    threshold = config.small_number_threshold
    # Every count a manager sees, the year's total included, follows the one small-number rule.
    top, top_hidden = breakdown(overall, hide=hide, threshold=threshold)
    by_category: dict[Category, ChannelBreakdownRead] = {}
    hidden = top_hidden
    for category in Category:
        line, line_hidden = breakdown(
            per_category.get(category.value, Counter()), hide=hide, threshold=threshold
        )
        by_category[category] = line
        hidden = hidden or line_hidden
    return ChannelStatisticsRead(
        year=year,
        total=top.total,
        counts=top.counts,
        shares_pct=top.shares_pct,
        by_category=by_category,
        suppressed=hidden,
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
    lettings = (await session.execute(select(Letting.year, Letting.channel, Letting.days_to_letting))).all()
    returned = dict(
        (
            await session.execute(
                select(Vacancy.year, func.count())
                .where(Vacancy.returned_at.is_not(None))
                .group_by(Vacancy.year)
            )
        ).all()
    )
    by_year: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for year, channel, days_taken in lettings:
        by_year[year].append((channel, days_taken))
    hide = aggregates_only(principal)
    threshold = config.small_number_threshold
    figures = []

    def shown(value: int) -> int | None:
        return suppress(value, threshold) if hide else value

    for year in sorted(set(by_year) | set(returned)):
        rows = by_year.get(year, [])
        counts = Counter(channel for channel, _ in rows)
        line, _ = breakdown(counts, hide=hide, threshold=threshold)
        days = [d for _, d in rows]
        lettings_shown = shown(len(rows))
        # A median or mean of fewer lettings than the threshold describes those few households: hidden too.
        per_channel = {
            channel: _median([d for c, d in rows if c == channel])
            if line.counts[channel] is not None
            else None
            for channel in CHANNELS
            if counts.get(channel)
        }
        figures.append(
            YearFiguresRead(
                year=year,
                lettings=lettings_shown,
                counts=line.counts,
                shares_pct=line.shares_pct,
                municipal_allocations=line.counts[Channel.MUNICIPAL],
                returned=shown(returned.get(year, 0)),
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


def _sum_line(
    parts: list[Fulfilment], *, category: Category | None, alert_below: Fraction, hide: bool, threshold: int
) -> QuotaLineRead:
    due = sum(p.due for p in parts)
    allocated = sum(p.allocated for p in parts)
    forecast_due = sum(p.forecast_due for p in parts)
    forecast_allocated = sum((p.forecast_allocated for p in parts), Fraction(0))
    forecast_ratio = forecast_allocated / forecast_due if forecast_due else None
    returned = sum(p.returned for p in parts)

    def shown(value: int) -> int | None:
        return suppress(value, threshold) if hide else value

    vacancies = sum(p.vacancies for p in parts)
    # What is computed from small counts is hidden with them: a share or forecast would give them away.
    visible = not hide or all(shown(n) is not None for n in (vacancies, due, allocated, forecast_due))
    forecast_pct = percent(forecast_ratio) if visible else None
    returned_shown = shown(returned)
    return QuotaLineRead(
        area_code=None,
        area_name=None,
        category=category,
        municipal_share_pct=None,
        vacancies=shown(vacancies),
        due=shown(due),
        allocated=shown(allocated),
        pending=shown(sum(p.pending for p in parts)),
        returned=returned_shown,
        fulfilment_pct=percent(Fraction(allocated, due)) if due and visible else None,
        forecast_vacancies=round(float(sum((p.forecast_vacancies for p in parts), Fraction(0))), 1)
        if visible
        else None,
        forecast_due=shown(forecast_due),
        forecast_allocated=round(float(forecast_allocated), 1) if visible else None,
        forecast_fulfilment_pct=forecast_pct,
        behind=(forecast_pct is not None and forecast_ratio is not None and forecast_ratio < alert_below)
        or bool(returned_shown),
    )


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
    vacancy_rows = (
        await session.execute(
            select(
                Vacancy.area_code, Vacancy.channel, Vacancy.status, Vacancy.deadline, Vacancy.returned_at
            ).where(Vacancy.year == year)
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
    for code, channel, status, deadline, returned_at in vacancy_rows:
        vacancies[code] += 1
        if returned_at is not None:
            returned[code] += 1
        elif channel == Channel.MUNICIPAL.value and status in HELD:
            pending[code] += 1
            if deadline is not None and deadline < as_of:
                overdue[code] += 1
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
    categories = [
        _sum_line(results[c.value], category=c, alert_below=alert_below, hide=hide, threshold=threshold)
        for c in Category
        if results.get(c.value)
    ]
    total = _sum_line(everything, category=None, alert_below=alert_below, hide=hide, threshold=threshold)
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
    rows = (
        await session.execute(
            select(Vacancy, Area, Letting)
            .join(Area, Area.code == Vacancy.area_code)
            .outerjoin(Letting, Letting.vacancy_id == Vacancy.id)
            .where(Vacancy.year == year, Vacancy.channel == Channel.MUNICIPAL.value)
            .order_by(Vacancy.area_code, Vacancy.sequence)
        )
    ).all()
    per_area: dict[str, list[int]] = defaultdict(list)
    held_now: Counter[str] = Counter()
    names: dict[str, str] = {}
    for vacancy, area, letting in rows:
        names[area.code] = area.name
        per_area[area.code].append(held_days(vacancy, letting, today) or 0)
        held_now[area.code] += vacancy.status in HELD
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
