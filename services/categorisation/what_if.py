"""The year under other local thresholds: which areas change category, and how the quota moves."""

from collections import Counter
from collections.abc import Mapping

from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation.config import CategorisationConfig
from services.categorisation.exceptions import YearNotFound
from services.categorisation.housing import AVERAGING_YEARS, load_inputs
from services.categorisation.overrides import current_overrides
from services.categorisation.parameters import THRESHOLD_FIELDS, as_rule_thresholds, current_thresholds
from services.categorisation.rules.engine import Engine
from services.categorisation.rules.model import Category
from services.categorisation.schemas import (
    CategoryChange,
    LocalThresholdsBase,
    QuotaLine,
    WhatIfCreate,
    WhatIfRead,
)
from services.categorisation.years import CATEGORIES, require_rules
from services.kit.collector import collector_paused


def _quota(areas: list[tuple[int | None, Category]], shares: Mapping[str, float]) -> float:
    """The municipal share across all areas, weighted by residents (the quota's best proxy)."""
    weight = sum(residents or 0 for residents, _ in areas)
    if weight == 0:
        return 0.0
    return round(sum((residents or 0) * shares[c.value] for residents, c in areas) / weight, 2)


def _residents_by_category(areas: list[tuple[int | None, Category]]) -> Counter[Category]:
    residents: Counter[Category] = Counter()
    for count, category in areas:
        residents[category] += count or 0
    return residents


async def simulate(
    session: AsyncSession, *, year: int, request: WhatIfCreate, config: CategorisationConfig
) -> WhatIfRead:
    """The year under other local thresholds: areas that change category, the quota's move. Stores nothing."""
    require_rules(year)
    current = await current_thresholds(session, year=year, config=config)
    simulated = LocalThresholdsBase(
        **{
            name: getattr(request, name) if getattr(request, name) is not None else getattr(current, name)
            for name in THRESHOLD_FIELDS
        }
    )
    # The categories alone never depend on the transformation window (see Engine.categories), so the
    # year and the years its figures are averaged with are all a what-if reads.
    inputs = await load_inputs(session, year=year, figures_since=year - (AVERAGING_YEARS - 1))
    if not inputs.rows.get(year) and not inputs.official.get(year):
        raise YearNotFound(f"There are no housing figures for {year}.")
    overrides = await current_overrides(session, year=year)
    # Only the categories are compared, so the engine decides each area's national designations once
    # and applies both sets of local thresholds, without building the explanation of every criterion.
    with collector_paused():
        areas = Engine(inputs).categories(year, [as_rule_thresholds(current), as_rule_thresholds(simulated)])
    befores: list[tuple[int | None, Category]] = []
    afters: list[tuple[int | None, Category]] = []
    changes = []
    for area in areas:
        override = overrides.get(area.area_code)
        if override is not None and override.category is not None:
            # An override made after the dialogue stands whatever the thresholds; only computed ones move.
            before = after = Category(override.category)
        else:
            before, after = area.categories
        befores.append((area.residents, before))
        afters.append((area.residents, after))
        if after != before:
            changes.append(
                CategoryChange(
                    area_code=area.area_code,
                    area_name=area.area_name,
                    residents=area.residents,
                    before=before,
                    after=after,
                )
            )
    shares: dict[str, float] = {str(k): v for k, v in config.municipal_share_pct.items()}
    areas_before, areas_after = Counter(c for _, c in befores), Counter(c for _, c in afters)
    residents_before, residents_after = _residents_by_category(befores), _residents_by_category(afters)
    by_category = {
        c: QuotaLine(
            municipal_share_pct=shares[c.value],
            areas_before=areas_before[c],
            areas_after=areas_after[c],
            residents_before=residents_before[c],
            residents_after=residents_after[c],
        )
        for c in CATEGORIES
    }
    return WhatIfRead(
        year=year,
        current=LocalThresholdsBase(**{n: getattr(current, n) for n in THRESHOLD_FIELDS}),
        simulated=simulated,
        counts_before={c: by_category[c].areas_before for c in CATEGORIES},
        counts_after={c: by_category[c].areas_after for c in CATEGORIES},
        changes=changes,
        quota_before_pct=_quota(befores, shares),
        quota_after_pct=_quota(afters, shares),
        quota_by_category=by_category,
    )
