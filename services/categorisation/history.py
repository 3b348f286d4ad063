"""An area's indicators over the years against the thresholds that applied each year."""

from collections import defaultdict
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation.config import CategorisationConfig
from services.categorisation.exceptions import AreaNotFound
from services.categorisation.housing import FIGURE_COLUMNS, official_lists
from services.categorisation.models import HousingFigures, OfficialDesignation, YearParameters
from services.categorisation.overrides import area_overrides, shown_category
from services.categorisation.parameters import as_rule_thresholds, thresholds_by_year
from services.categorisation.rules.engine import Engine, Inputs
from services.categorisation.rules.model import (
    CRITERION_INDICATORS,
    Category,
    CriterionResult,
    Designation,
    HousingRow,
    Indicator,
)
from services.categorisation.rules.rulesets import NoRuleSet, rule_set_for
from services.categorisation.schemas import AreaHistoryRead, TrendPoint


async def area_history(
    session: AsyncSession, *, area_code: str, config: CategorisationConfig
) -> AreaHistoryRead:
    """Each year's (averaged) value of the four criteria and the thresholds of that year's lists."""
    rows = {
        row.year: row
        for row in (
            HousingRow(*values)
            for values in (
                await session.execute(select(*FIGURE_COLUMNS).where(HousingFigures.area_code == area_code))
            )
        )
    }
    if not rows:
        raise AreaNotFound(f"No figures for area {area_code}.")
    national = dict(
        (await session.execute(select(YearParameters.year, YearParameters.national_convicted_pct))).all()
    )
    # The category of each year follows that year's published list where one is loaded (DOMAIN § 3).
    listed: dict[int, set[Designation]] = defaultdict(set)
    for y, designation in await session.execute(
        select(OfficialDesignation.year, OfficialDesignation.designation).where(
            OfficialDesignation.area_code == area_code
        )
    ):
        listed[y].add(Designation(designation))
    engine = Engine(
        Inputs(
            rows={y: {area_code: r} for y, r in rows.items()},
            national_convicted_pct=national,
            official={y: {area_code: frozenset(ds)} for y, ds in listed.items()},
            official_lists=await official_lists(session, since=min(rows), until=max(rows)),
        )
    )
    # Each year's thresholds and the area's overrides, read at once rather than per year.
    thresholds = await thresholds_by_year(session, years=sorted(rows), config=config)
    overrides = await area_overrides(session, area_code=area_code)
    indicators: dict[str, list[TrendPoint]] = {i.value: [] for i in CRITERION_INDICATORS}
    categories: dict[int, Category] = {}
    for year in sorted(rows):
        year_thresholds = as_rule_thresholds(thresholds[year])
        local = {t.indicator: t for t in year_thresholds.as_list().thresholds}
        try:
            rules = rule_set_for(year)
        except NoRuleSet:
            rules = None
        result = engine.area(year, area_code, year_thresholds) if rules else None
        if result is not None:
            categories[year] = shown_category(result, overrides.get(year))
        by_list = {(c.list, c.code): c for c in result.criteria} if result else {}
        for indicator in CRITERION_INDICATORS:
            value, _, _ = engine.area_value(indicator, year, area_code)  # the same figure the criteria judged
            indicators[indicator.value].append(
                TrendPoint(
                    year=year,
                    value=value,
                    vulnerable_threshold=_limit(by_list, "vulnerable", indicator),
                    prevention_threshold=_limit(by_list, "prevention", indicator),
                    local_threshold=_limit(by_list, "local", indicator)
                    if indicator is Indicator.CONVICTED
                    else local[indicator].value,
                )
            )
    latest = rows[max(rows)]
    return AreaHistoryRead(
        area_code=area_code,
        area_name=latest.area_name,
        years=sorted(rows),
        indicators=indicators,
        categories=categories,
    )


def _limit(
    by_list: Mapping[tuple[str, str], CriterionResult], list_code: str, indicator: Indicator
) -> float | None:
    criterion = by_list.get((list_code, indicator.value))
    return criterion.threshold if criterion else None
