"""An area's indicators over the years against the thresholds that applied each year."""

from collections import defaultdict
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation.config import CategorisationConfig
from services.categorisation.exceptions import AreaNotFound
from services.categorisation.housing import FIGURE_COLUMNS, official_lists
from services.categorisation.models import HousingFigures, OfficialDesignation, YearParameters
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
from services.categorisation.schemas import AreaHistory, TrendPoint
from services.categorisation.years import as_rule_thresholds, current_overrides, current_thresholds, to_read


async def area_history(session: AsyncSession, *, area_code: str, config: CategorisationConfig) -> AreaHistory:
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
    indicators: dict[str, list[TrendPoint]] = {i.value: [] for i in CRITERION_INDICATORS}
    categories: dict[int, Category] = {}
    for year in sorted(rows):
        thresholds = await current_thresholds(session, year=year, config=config)
        local = {t.indicator: t for t in as_rule_thresholds(thresholds).as_list().thresholds}
        try:
            rules = rule_set_for(year)
        except NoRuleSet:
            rules = None
        result = engine.area(year, area_code, as_rule_thresholds(thresholds)) if rules else None
        if result is not None:
            overrides = await current_overrides(session, year=year)
            categories[year] = to_read(result, overrides.get(area_code), "proposed").category
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
    return AreaHistory(
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
