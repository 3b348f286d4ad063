"""Every target judged on the year's figure, exactly as that year's categorisation measures it.

Computed when read, never stored: each yearly data load (or a corrected file, a new approval) changes
the answer at once, and there is no copy that could fall behind the figures (an approved snapshot is read
through the results kept per version of the data, versions.py, which every such change renews). The
figure is
- for an approved year, the value in the approved snapshot (the local list's criterion, whose period is
  the criterion's averaging period), since that is what the year's categorisation says;
- otherwise the engine's own figure for the criterion (Engine.area_value, the value every list of the
  year judges), averaged over the rule set's period.
Either way it is the categorisation's number, not a second computation beside it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation.housing import load_inputs
from services.categorisation.models import Approval, AreaPlan, HousingFigures, PlanTarget
from services.categorisation.plans import access
from services.categorisation.plans.area_plans import targets_of
from services.categorisation.plans.schemas import (
    PlanEvaluationRead,
    PlanTrendRead,
    TargetEvaluationRead,
    TargetTrendRead,
    TrendPointRead,
    YearTargetsRead,
)
from services.categorisation.rules.engine import Engine
from services.categorisation.rules.model import COLUMN
from services.categorisation.rules.targets import TARGET_INDICATORS, TargetComparator, target_met
from services.categorisation.schemas import AreaRead
from services.categorisation.versions import Results
from services.categorisation.years import approved_snapshot
from services.kit.auth import Principal

# The local list is judged on every area with figures, whatever its size: its criteria are always there.
MEASURING_LIST = "local"
CODE_COLUMN = {indicator.value: COLUMN[indicator] for indicator in TARGET_INDICATORS.values()}


class Figure(NamedTuple):
    value: float
    period_years: tuple[int, ...]
    complete: bool
    residents: int | None


@dataclass
class YearFigures:
    """The year's figure of each (area, indicator column) asked for, and whether the year is approved."""

    year: int
    approved: bool
    figures: dict[tuple[str, str], Figure] = field(default_factory=dict)


async def year_figures(
    session: AsyncSession, *, year: int, area_codes: Iterable[str], cache: Results | None = None
) -> YearFigures:
    """The four criteria's figures of `area_codes` in `year`, as the year's categorisation has them.

    An approved year's snapshot is the one the year's categorisation shows (kept per version of the data
    with the `cache`, as years.year_areas keeps it); a year in dialogue is measured for these areas only.
    """
    codes = sorted(set(area_codes))
    snapshot = await approved_snapshot(session, year=year, cache=cache)
    if snapshot is not None:
        return _approved_figures(year, snapshot, codes)
    measured = YearFigures(year=year, approved=False)
    if not codes:
        return measured
    inputs = await load_inputs(session, year=year, area_codes=codes)
    rows = inputs.rows.get(year, {})
    engine = Engine(inputs)
    for code in codes:
        row = rows.get(code)
        if row is None:
            continue
        for column, indicator in TARGET_INDICATORS.items():
            value, period, complete = engine.area_value(indicator, year, code)
            measured.figures[(code, column)] = Figure(value, tuple(period), complete, row.residents)
    return measured


def _approved_figures(year: int, snapshot: list[AreaRead], codes: Sequence[str]) -> YearFigures:
    measured = YearFigures(year=year, approved=True)
    wanted = set(codes)
    for area in snapshot:
        if area.area_code not in wanted:
            continue
        for criterion in area.criteria:
            column = CODE_COLUMN.get(criterion.code)
            if criterion.list != MEASURING_LIST or column is None or criterion.value is None:
                continue
            measured.figures[(area.area_code, column)] = Figure(
                float(criterion.value),
                tuple(criterion.period_years),
                # A snapshot approved before `complete` was recorded reads as complete (the schema's default).
                criterion.complete,
                area.residents,
            )
    return measured


def judge(
    target: PlanTarget, measured: YearFigures, *, principal: Principal | None, threshold: int
) -> TargetEvaluationRead:
    """One target against the year's figure; the figure hidden from whom it may not be shown."""
    figure = measured.figures.get((target.area_code, target.indicator))
    comparator = TargetComparator(target.comparator)
    period: tuple[int, ...]
    if figure is None:
        actual, met, period, complete, suppressed = None, None, (), False, False
    else:
        met = target_met(figure.value, comparator, target.value)
        period, complete = figure.period_years, figure.complete
        suppressed = not access.sees_figures(principal) and access.hidden(
            target.indicator, figure.value, figure.residents, threshold
        )
        actual = None if suppressed else figure.value
    return TargetEvaluationRead(
        id=target.id,
        area_code=target.area_code,
        indicator=target.indicator,
        comparator=comparator,
        value=target.value,
        by_year=target.by_year,
        actual=actual,
        met=met,
        provisional=not measured.approved or (figure is not None and not complete),
        period_years=list(period),
        period_complete=complete,
        suppressed=suppressed,
    )


async def evaluate_plan(
    session: AsyncSession,
    *,
    plan: AreaPlan,
    year: int,
    principal: Principal | None,
    threshold: int,
    cache: Results | None = None,
) -> PlanEvaluationRead:
    """Every target of the plan against the figures of `year`."""
    targets = (await targets_of(session, [plan.id]))[plan.id]
    measured = await year_figures(session, year=year, area_codes=(t.area_code for t in targets), cache=cache)
    return PlanEvaluationRead(
        area_plan_id=plan.id,
        year=year,
        targets=[judge(t, measured, principal=principal, threshold=threshold) for t in targets],
    )


async def latest_data_year(session: AsyncSession) -> int | None:
    """The latest list year with housing figures or an approved categorisation."""
    figures = await session.scalar(select(func.max(HousingFigures.year)))
    approved = await session.scalar(select(func.max(Approval.year)))
    years = [y for y in (figures, approved) if y is not None]
    return max(years) if years else None


async def plan_trend(
    session: AsyncSession,
    *,
    plan: AreaPlan,
    principal: Principal | None,
    threshold: int,
    cache: Results | None = None,
) -> PlanTrendRead:
    """Each target in each year of the plan's period up to the latest year with figures."""
    latest = await latest_data_year(session)
    years = [] if latest is None else list(range(plan.period_from, min(plan.period_to, latest) + 1))
    targets = (await targets_of(session, [plan.id]))[plan.id]
    codes = {t.area_code for t in targets}
    points: dict[int, list[TrendPointRead]] = {t.id: [] for t in targets}
    for year in years:
        measured = await year_figures(session, year=year, area_codes=codes, cache=cache)
        for target in targets:
            judged = judge(target, measured, principal=principal, threshold=threshold)
            points[target.id].append(
                TrendPointRead(
                    year=year,
                    actual=judged.actual,
                    met=judged.met,
                    provisional=judged.provisional,
                    suppressed=judged.suppressed,
                )
            )
    return PlanTrendRead(
        area_plan_id=plan.id,
        years=years,
        targets=[
            TargetTrendRead(
                id=t.id,
                area_code=t.area_code,
                indicator=t.indicator,
                comparator=t.comparator,
                value=t.value,
                by_year=t.by_year,
                points=points[t.id],
            )
            for t in targets
        ],
    )


async def year_targets(session: AsyncSession, *, year: int, cache: Results | None = None) -> YearTargetsRead:
    """How many targets of the plans covering `year` its figures meet: the annual cycle's evaluation."""
    plans = list(
        await session.scalars(
            select(AreaPlan).where(AreaPlan.period_from <= year, AreaPlan.period_to >= year)
        )
    )
    targets = [t for ts in (await targets_of(session, [p.id for p in plans])).values() for t in ts]
    measured = await year_figures(session, year=year, area_codes=(t.area_code for t in targets), cache=cache)
    # Counts only, so no figure is shown and none needs hiding: judged as the analyst would see them.
    judged = [judge(t, measured, principal=None, threshold=0) for t in targets]
    return YearTargetsRead(
        year=year,
        plans=len(plans),
        targets=len(judged),
        met=sum(1 for j in judged if j.met is True),
        not_met=sum(1 for j in judged if j.met is False),
        no_data=sum(1 for j in judged if j.met is None),
        provisional=any(j.provisional for j in judged),
    )


async def latest_approved_evaluation(
    session: AsyncSession, *, plan: AreaPlan, threshold: int, cache: Results | None = None
) -> PlanEvaluationRead | None:
    """The plan's evaluation in the latest approved year up to the end of its period, as anyone may see it.

    Only approved years: a figure the municipality has not approved is not published.
    """
    year = await session.scalar(select(func.max(Approval.year)).where(Approval.year <= plan.period_to))
    if year is None:
        return None
    return await evaluate_plan(
        session, plan=plan, year=year, principal=None, threshold=threshold, cache=cache
    )
