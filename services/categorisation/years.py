"""Use cases of a categorisation year: its results (live or approved), overview and summary; the years.

Each use case that depends only on the stored data takes the process's `cache` (versions.Results): given
one, it computes its result once per version of the data and hands out the kept one after that. Without
one (the benchmarks, the demo loader) it computes every time.
"""

from collections import Counter
from datetime import date, datetime
from typing import Any, cast

from pydantic import TypeAdapter
from sqlalchemy import func, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation import versions
from services.categorisation.config import CategorisationConfig
from services.categorisation.exceptions import AreaNotFound, NoRulesForYear, YearNotFound
from services.categorisation.housing import load_inputs, load_year_inputs
from services.categorisation.models import (
    Approval,
    CategoryOverride,
    HousingFigures,
    OfficialDesignation,
)
from services.categorisation.overrides import current_overrides, shown_category
from services.categorisation.parameters import as_rule_thresholds, current_thresholds, get_parameters
from services.categorisation.rules.engine import Engine, Inputs
from services.categorisation.rules.model import (
    AreaResult,
    Category,
    CriterionResult,
    Designation,
)
from services.categorisation.rules.rulesets import NoRuleSet, rule_set_for
from services.categorisation.schemas import (
    AreaRead,
    CategorisationRead,
    CategorisationStatus,
    Criterion,
    DecidedBy,
    DisagreementRead,
    LocalThresholdsBase,
    OverrideRead,
    Phase,
    YearOverviewRead,
    YearRead,
    YearSummaryRead,
)
from services.kit.collector import collector_paused
from services.kit.suppression import primary

CATEGORIES = list(Category)
CRITERIA = TypeAdapter(list[Criterion])


# --- results --------------------------------------------------------------------------------------


class SharedCriteria:
    """API criteria made once per engine record, for the results of one computation.

    The engine lets areas with the same figure share one frozen record (rules.explanation), some 16,000
    distinct records among a national year's 160,000 criteria; each becomes one API object here, which
    every area showing it shares. The records are kept with their objects, so an id is never reused
    while this lives.
    """

    def __init__(self) -> None:
        self._made: dict[int, tuple[CriterionResult, Criterion]] = {}

    def __call__(self, records: list[CriterionResult]) -> list[Criterion]:
        out = []
        for record in records:
            made = self._made.get(id(record))
            if made is None:
                made = self._made[id(record)] = (record, Criterion.model_validate(record))
            out.append(made[1])
        return out


def to_read(
    result: AreaResult,
    override: CategoryOverride | None,
    status: CategorisationStatus,
    shared: SharedCriteria | None = None,
) -> AreaRead:
    override_read = (
        OverrideRead(
            category=Category(override.category),
            justification=override.justification,
            created_by=override.created_by,
            created_at=override.created_at,
        )
        if override is not None and override.category is not None
        else None
    )
    return AreaRead(
        year=result.year,
        area_code=result.area_code,
        area_name=result.area_name,
        residents=result.residents,
        designations=list(result.designations),
        category=shown_category(result, override),
        computed_category=result.computed_category,
        override=override_read,
        status=status,
        provisional=result.provisional,
        rule_version=result.rule_version,
        source=result.source,
        met_counts=dict(result.met_counts),
        computed_designations=None
        if result.computed_designations is None
        else list(result.computed_designations),
        decided_by=dict(result.decided_by),
        disagreements=list(result.disagreements),
        # One validation call for the whole list, reading the records' attributes, when nothing is shared.
        criteria=shared(result.criteria)
        if shared is not None
        else CRITERIA.validate_python(result.criteria, from_attributes=True),
    )


async def latest_approval(session: AsyncSession, *, year: int) -> Approval | None:
    return await session.scalar(
        select(Approval).where(Approval.year == year).order_by(Approval.revision.desc()).limit(1)
    )


async def latest_revision(session: AsyncSession, *, year: int) -> tuple[int, datetime] | None:
    """The latest approval's revision and time, without its snapshot (megabytes of JSON for many areas)."""
    found = (
        await session.execute(
            select(Approval.revision, Approval.approved_at)
            .where(Approval.year == year)
            .order_by(Approval.revision.desc())
            .limit(1)
        )
    ).first()
    return None if found is None else (found[0], found[1])


def require_rules(year: int) -> None:
    """Years before the first statutory list have figures (feeding the next averages) but no result."""
    try:
        rule_set_for(year)
    except NoRuleSet as exc:
        raise NoRulesForYear(
            f"No statutory rule set applies to {year}: its figures only feed the averages of the next year."
        ) from exc


Computed = tuple[Inputs, list[AreaResult], LocalThresholdsBase]


async def compute(
    session: AsyncSession,
    *,
    year: int,
    config: CategorisationConfig,
    thresholds: LocalThresholdsBase | None = None,
    cache: versions.Results | None = None,
) -> Computed:
    """The proposed categorisation from the stored figures (nothing stored).

    Under the year's own thresholds it is kept per version of the data; other thresholds (what-ifs) are
    computed every time.
    """
    if thresholds is not None:
        return await _compute(session, year=year, config=config, thresholds=thresholds)
    return await versions.get(
        cache, session, ("compute", year), lambda: _compute(session, year=year, config=config)
    )


async def _compute(
    session: AsyncSession,
    *,
    year: int,
    config: CategorisationConfig,
    thresholds: LocalThresholdsBase | None = None,
) -> Computed:
    require_rules(year)
    inputs = await load_year_inputs(session, year=year)
    if thresholds is None:
        thresholds = await current_thresholds(session, year=year, config=config)
    with collector_paused():
        results = Engine(inputs).categorise(year, as_rule_thresholds(thresholds))
    return inputs, results, thresholds


async def proposed_areas(
    session: AsyncSession, *, year: int, config: CategorisationConfig, cache: versions.Results | None = None
) -> list[AreaRead]:
    async def make() -> list[AreaRead]:
        _, results, _ = await compute(session, year=year, config=config, cache=cache)
        overrides = await current_overrides(session, year=year)
        shared = SharedCriteria()
        with collector_paused():
            return [
                to_read(r, overrides.get(r.area_code), CategorisationStatus.PROPOSED, shared) for r in results
            ]

    return await versions.get(cache, session, ("proposed", year), make)


def approved_areas(results: list[dict[str, Any]]) -> list[AreaRead]:
    """An approval's snapshot as API objects; areas whose criterion is the same share one object.

    As in a live computation (SharedCriteria), so a criterion many areas show is serialised once.
    """
    shared: dict[tuple[tuple[str, Any], ...], Criterion] = {}
    out = []
    with collector_paused():
        for item in results:
            criteria = []
            for raw in item["criteria"]:
                # The stored dicts were made by one model_dump, so their keys come in one order.
                key = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in raw.items())
                criterion = shared.get(key)
                if criterion is None:
                    criterion = shared[key] = Criterion.model_validate(raw)
                criteria.append(criterion)
            out.append(AreaRead.model_validate({**item, "criteria": criteria}))
    return out


def _no_data(year: int) -> YearNotFound:
    return YearNotFound(f"There are no housing figures or official designations for {year}.")


YearAreas = tuple[CategorisationStatus, list[AreaRead]]


async def approved_snapshot(
    session: AsyncSession, *, year: int, cache: versions.Results | None = None
) -> list[AreaRead] | None:
    """The areas of the year's latest approval as it froze them, or None while the year is not approved."""

    async def make() -> list[AreaRead] | None:
        approval = await latest_approval(session, year=year)
        return None if approval is None else approved_areas(approval.results)

    return await versions.get(cache, session, ("approved", year), make)


async def year_areas(
    session: AsyncSession,
    *,
    year: int,
    config: CategorisationConfig,
    proposed: bool = False,
    cache: versions.Results | None = None,
) -> YearAreas:
    """The approved snapshot when there is one (unless `proposed`), else the live computation.

    Kept per version of the data when given a cache: whoever reads the list must not change it.
    """

    async def make() -> YearAreas:
        if not proposed:
            snapshot = await approved_snapshot(session, year=year, cache=cache)
            if snapshot is not None:
                return CategorisationStatus.APPROVED, snapshot
        areas = await proposed_areas(session, year=year, config=config, cache=cache)
        if not areas:
            raise _no_data(year)
        return CategorisationStatus.PROPOSED, areas

    return await versions.get(cache, session, ("areas", year, proposed), make)


async def year_categorisation(
    session: AsyncSession, *, year: int, config: CategorisationConfig, cache: versions.Results | None = None
) -> list[CategorisationRead]:
    """Each area's category and designations, as year_areas has them, without the explanations.

    What the allocation service reads: the explanations are most of a year's answer (39 MB of JSON for
    10,000 areas), and this needs none of them.
    """
    return await versions.get(
        cache,
        session,
        ("categorisation", year),
        lambda: _year_categorisation(session, year=year, config=config, cache=cache),
    )


async def _year_categorisation(
    session: AsyncSession, *, year: int, config: CategorisationConfig, cache: versions.Results | None
) -> list[CategorisationRead]:
    approval = await latest_approval(session, year=year)
    if approval is not None:
        return [
            CategorisationRead(
                area_code=item["area_code"],
                category=item["category"],
                designations=item["designations"],
                status=CategorisationStatus.APPROVED,
                decided_by=item.get("decided_by", {}),
            )
            for item in approval.results
        ]
    _, results, _ = await compute(session, year=year, config=config, cache=cache)
    if not results:
        raise _no_data(year)
    overrides = await current_overrides(session, year=year)
    return [
        CategorisationRead(
            area_code=r.area_code,
            category=shown_category(r, overrides.get(r.area_code)),
            designations=r.designations,
            status=CategorisationStatus.PROPOSED,
            decided_by=r.decided_by,
        )
        for r in results
    ]


async def year_area(
    session: AsyncSession,
    *,
    year: int,
    area_code: str,
    config: CategorisationConfig,
    proposed: bool = False,
    cache: versions.Results | None = None,
) -> AreaRead:
    """One area of the year: from the year's kept areas when they are kept, else computed for itself
    (a whole year is not computed to show one area)."""
    if cache is not None:
        kept = await cache.find(session, ("areas", year, proposed))
        if kept is not None:
            index = await cache.get(session, ("area_index", year, proposed), lambda: _index(kept))
            if area_code in index:
                return index[area_code]
    if not proposed:
        approval = await latest_approval(session, year=year)
        if approval is not None:
            for item in approval.results:
                if item["area_code"] == area_code:
                    return AreaRead.model_validate(item)
            raise AreaNotFound(f"Area {area_code} is not in the approved categorisation of {year}.")
    require_rules(year)
    inputs = await load_inputs(session, year=year, area_code=area_code)
    thresholds = await current_thresholds(session, year=year, config=config)
    result = Engine(inputs).area(year, area_code, as_rule_thresholds(thresholds))
    if result is None:
        raise AreaNotFound(f"No figures or official designations for area {area_code} in {year}.")
    overrides = await current_overrides(session, year=year)
    return to_read(result, overrides.get(area_code), CategorisationStatus.PROPOSED)


async def _index(kept: object) -> dict[str, AreaRead]:
    _, areas = cast(YearAreas, kept)
    return {area.area_code: area for area in areas}


# --- overview, phase, summary ---------------------------------------------------------------------


def phase_of(*, has_data: bool, has_parameters: bool, approved: bool, year: int, today: date) -> Phase:
    """Where the year stands in the annual cycle (årshjulet).

    The list of year Y is published 1 December Y; agreements for letting year Y + 1 follow the
    approval, and letting under them runs from 1 January Y + 1.
    """
    if not has_data or not has_parameters:
        return Phase.UPDATE
    if not approved:
        return Phase.DIALOGUE
    return Phase.IMPLEMENTATION if today >= date(year + 1, 1, 1) else Phase.AGREEMENT


def count_categories(areas: list[AreaRead]) -> dict[Category, int]:
    counts = Counter(a.category for a in areas)
    return {c: counts.get(c, 0) for c in CATEGORIES}


def count_designations(areas: list[AreaRead]) -> dict[Designation, int]:
    counts = Counter(d for a in areas for d in a.designations)
    return {d: counts.get(d, 0) for d in Designation}


async def overview(
    session: AsyncSession,
    *,
    year: int,
    config: CategorisationConfig,
    today: date,
    cache: versions.Results | None = None,
) -> YearOverviewRead:
    async def make() -> YearOverviewRead:
        status, areas = await year_areas(session, year=year, config=config, cache=cache)
        return await _overview(session, year=year, config=config, today=today, status=status, areas=areas)

    # The phase depends on the date too.
    return await versions.get(cache, session, ("overview", year, today), make)


async def _overview(
    session: AsyncSession,
    *,
    year: int,
    config: CategorisationConfig,
    today: date,
    status: CategorisationStatus,
    areas: list[AreaRead],
) -> YearOverviewRead:
    approval = await latest_revision(session, year=year)
    parameters = await get_parameters(session, year=year)
    thresholds = await current_thresholds(session, year=year, config=config)
    overrides = await current_overrides(session, year=year)
    return YearOverviewRead(
        year=year,
        status=status,
        phase=phase_of(
            has_data=bool(areas),
            has_parameters=parameters is not None,
            approved=approval is not None,
            year=year,
            today=today,
        ),
        areas=len(areas),
        provisional=sum(a.provisional for a in areas),
        counts=count_categories(areas),
        designation_counts=count_designations(areas),
        national_convicted_pct=parameters.national_convicted_pct if parameters else None,
        thresholds_version=thresholds.version,
        rule_version=areas[0].rule_version if areas else None,
        approved_revision=approval[0] if approval else None,
        approved_at=approval[1] if approval else None,
        overrides=len(overrides),
        decided_by=year_decided_by(areas),
        disagreements=sum(len(a.disagreements) for a in areas),
    )


async def summary(
    session: AsyncSession,
    *,
    year: int,
    config: CategorisationConfig,
    today: date,
    cache: versions.Results | None = None,
) -> YearSummaryRead:
    """For managers: counts per category and designation; resident totals under the threshold hidden."""

    async def make() -> YearSummaryRead:
        return await _summary(session, year=year, config=config, today=today, cache=cache)

    return await versions.get(cache, session, ("summary", year, today), make)


async def _summary(
    session: AsyncSession,
    *,
    year: int,
    config: CategorisationConfig,
    today: date,
    cache: versions.Results | None,
) -> YearSummaryRead:
    status, areas = await year_areas(session, year=year, config=config, cache=cache)
    full = await versions.get(
        cache,
        session,
        ("overview", year, today),
        lambda: _overview(session, year=year, config=config, today=today, status=status, areas=areas),
    )
    threshold = config.small_number_threshold
    residents: dict[Category, int | None] = {}
    for category in Category:
        # No total over the categories is shown, so the primary rule alone hides nothing that adds up.
        residents[category] = primary(
            sum(a.residents or 0 for a in areas if a.category == category), threshold
        )
    return YearSummaryRead(
        year=year,
        status=full.status,
        phase=full.phase,
        counts=full.counts,
        residents=residents,
        designation_counts=full.designation_counts,
        suppression_threshold=threshold,
    )


def year_decided_by(areas: list[AreaRead]) -> dict[str, DecidedBy]:
    """Per published list, what decided the year: the official list once any area was decided by it."""
    decided: dict[str, DecidedBy] = {}
    for area in areas:
        for name, source in area.decided_by.items():
            if decided.get(name) != DecidedBy.OFFICIAL_LIST:
                decided[name] = source
    return decided


async def list_years(session: AsyncSession) -> list[YearRead]:
    """Every year with figures or official designations, the latest first, with its approval state.

    One query: the years of both tables, each beside its latest approval revision (if any).
    """
    with_data = union(select(HousingFigures.year), select(OfficialDesignation.year)).subquery()
    latest = (
        select(Approval.year, func.max(Approval.revision).label("revision"))
        .group_by(Approval.year)
        .subquery()
    )
    rows = await session.execute(
        select(with_data.c.year, latest.c.revision)
        .outerjoin(latest, latest.c.year == with_data.c.year)
        .order_by(with_data.c.year.desc())
    )
    return [
        YearRead(
            year=year,
            status=CategorisationStatus.APPROVED if revision is not None else CategorisationStatus.PROPOSED,
            approved_revision=revision,
        )
        for year, revision in rows
    ]


# --- the official list against the computation ----------------------------------------------------


async def disagreements(
    session: AsyncSession, *, year: int, config: CategorisationConfig, cache: versions.Results | None = None
) -> list[DisagreementRead]:
    """Every (area, designation) where the official list and the computation from figures differ."""
    official_rows = await session.execute(
        select(OfficialDesignation.area_code, OfficialDesignation.designation).where(
            OfficialDesignation.year == year
        )
    )
    official: dict[str, set[Designation]] = {}
    for code, designation in official_rows:
        official.setdefault(code, set()).add(Designation(designation))
    if not official:
        return []
    _, results, _ = await compute(session, year=year, config=config, cache=cache)
    out = []
    # The engine compares each designation of a loaded list (designations.govern): the national list always
    # here, the § 51 b list when the file held combined-letting areas. Areas without figures have
    # nothing computed to compare with.
    for result in results:
        computed = result.computed_designations
        if computed is None:
            continue
        for designation in result.disagreements:
            out.append(
                DisagreementRead(
                    area_code=result.area_code,
                    area_name=result.area_name,
                    designation=designation,
                    official=designation in official.get(result.area_code, set()),
                    computed=designation in computed,
                )
            )
    return out
