"""Aggregates for managers (DOMAIN § 1): no personal data, and small numbers suppressed.

Each list (months, outcomes, ladder levels) is suppressed with its total (kit.suppression), so that no hidden
count can be worked out from the counts shown. The totals are not published, but they are taken as known.
The months and the outcomes add up to the same figure, the year's cases (one report each), so one list
cannot hide that total while the other tells it: where one list must hide it, both do (`_same_total`).
"""

from collections import Counter
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.kit.clock import MUNICIPAL_TIME_ZONE
from services.kit.suppression import primary, suppress_series
from services.referrals.models import Case, LadderLevel, OfferReferral, Report
from services.referrals.rules.privacy import suppressed_median, suppressed_share
from services.referrals.rules.workflow import CaseState
from services.referrals.schemas import FirstContactRead, LevelCountRead, MonthCountRead, StatisticsRead

OUTCOME_KEYS = (
    CaseState.REFERRED,
    CaseState.CITIZEN_DECLINED,
    CaseState.NO_FURTHER_ACTION,
)
HAS_OUTCOME = frozenset({*OUTCOME_KEYS, CaseState.CLOSED})


def _same_total(
    first: list[int], second: list[int], threshold: int
) -> tuple[tuple[int | None, ...], tuple[int | None, ...]]:
    """Two lists adding up to one figure, suppressed; where either must hide that total (it is small, or
    its list could not be protected otherwise: five months with one report each), both hide it."""
    shown = [suppress_series(counts, threshold) for counts in (first, second)]
    if any(s.total is None for s in shown):
        shown = [suppress_series(counts, threshold, also_hide_total=True) for counts in (first, second)]
    return shown[0].counts, shown[1].counts


async def statistics(session: AsyncSession, *, year: int, threshold: int, today: date) -> StatisticsRead:
    """Reports per month, time to first contact, outcomes and referrals per ladder level, for one year."""
    # Years, months and deadlines as they are in Denmark, like `today`: a report made at 00:30 on
    # 1 February Danish time belongs to February, though a UTC clock still says January.
    start = datetime(year, 1, 1, tzinfo=MUNICIPAL_TIME_ZONE)
    end = datetime(year + 1, 1, 1, tzinfo=MUNICIPAL_TIME_ZONE)
    received = (
        await session.scalars(
            select(Report.received_at).where(Report.received_at >= start, Report.received_at < end)
        )
    ).all()
    per_month = Counter(moment.astimezone(MUNICIPAL_TIME_ZONE).month for moment in received)
    last_month = 12 if year < today.year else (today.month if year == today.year else 0)
    month_numbers = range(1, last_month + 1)
    month_counts = [per_month[month] for month in month_numbers]

    cases = (await session.execute(
        select(
            Case.received_at, Case.first_contact_at, Case.first_contact_due, Case.state, Case.outcome
        ).where(
            Case.received_at >= start, Case.received_at < end
        )
    )).all()  # fmt: skip
    contacted = [row for row in cases if row.first_contact_at is not None]
    days = [(row.first_contact_at - row.received_at).total_seconds() / 86400 for row in contacted]
    in_time = sum(
        1
        for row in contacted
        if row.first_contact_at.astimezone(MUNICIPAL_TIME_ZONE).date() <= row.first_contact_due
    )
    first_contact = FirstContactRead(
        cases=primary(len(contacted), threshold),
        median_days=suppressed_median(days, threshold),
        within_deadline_pct=suppressed_share(in_time, len(contacted), threshold),
    )
    # An outcome counts while the case is in it or closed with it; any other state is still open.
    outcome_counts = Counter(
        row.outcome if row.outcome and row.state in HAS_OUTCOME else "open" for row in cases
    )
    outcome_keys = [str(key) for key in (*OUTCOME_KEYS, "open")]
    month_cells, outcome_cells = _same_total(
        month_counts, [outcome_counts[key] for key in outcome_keys], threshold
    )
    outcomes = dict(zip(outcome_keys, outcome_cells, strict=True))
    months = [
        MonthCountRead(month=f"{year}-{month:02d}", count=cell)
        for month, cell in zip(month_numbers, month_cells, strict=True)
    ]

    referral_levels = Counter(
        (
            await session.scalars(
                select(OfferReferral.level).where(
                    OfferReferral.created_at >= start, OfferReferral.created_at < end
                )
            )
        ).all()
    )
    levels = (await session.scalars(select(LadderLevel).order_by(LadderLevel.level))).all()
    # The year's referrals are published nowhere; the list is still protected as if they were.
    level_cells = suppress_series([referral_levels[lv.level] for lv in levels], threshold).counts
    per_level = [
        LevelCountRead(level=lv.level, name_da=lv.name_da, name_en=lv.name_en, count=cell)
        for lv, cell in zip(levels, level_cells, strict=True)
    ]
    return StatisticsRead(
        year=year,
        suppression_threshold=threshold,
        reports_per_month=months,
        first_contact=first_contact,
        outcomes=outcomes,
        referrals_per_level=per_level,
    )
