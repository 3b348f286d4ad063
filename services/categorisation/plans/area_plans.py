"""Area plans and their targets: create, read (as the caller may), change; flush, never commit."""

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation.models import Area, AreaPlan, PlanTarget
from services.categorisation.plans.access import organisation_scope
from services.categorisation.plans.exceptions import AreaPlanNotFound, TargetNotFound, refused
from services.categorisation.plans.schemas import (
    AreaPlanCreate,
    AreaPlanRead,
    AreaPlanUpdate,
    TargetCreate,
    TargetRead,
    TargetUpdate,
)
from services.kit.auth import Principal


async def area_names(session: AsyncSession, codes: Iterable[str]) -> dict[str, str]:
    """The name of each of `codes` the service knows (from the latest housing file)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    rows = await session.execute(select(Area.code, Area.name).where(Area.code.in_(wanted)))
    return {code: name for code, name in rows}


async def _require_known_areas(session: AsyncSession, codes: Sequence[str], field: str) -> None:
    known = await area_names(session, codes)
    for index, code in enumerate(codes):
        if code not in known:
            raise refused((field, index), f"No housing figures have been loaded for area {code}.")


async def targets_of(session: AsyncSession, plan_ids: Sequence[int]) -> dict[int, list[PlanTarget]]:
    """Each plan's targets, in the order they were set."""
    found: dict[int, list[PlanTarget]] = {plan_id: [] for plan_id in plan_ids}
    if plan_ids:
        for target in await session.scalars(
            select(PlanTarget).where(PlanTarget.area_plan_id.in_(plan_ids)).order_by(PlanTarget.id)
        ):
            found[target.area_plan_id].append(target)
    return found


def visible(plan: AreaPlan, principal: Principal) -> bool:
    """Staff read every plan; a housing organisation the published ones and those agreed with it."""
    scope = organisation_scope(principal)
    return scope is None or plan.published or scope in plan.organisation_codes


async def reads(session: AsyncSession, plans: Sequence[AreaPlan]) -> list[AreaPlanRead]:
    """The plans as the API answers them, with their targets and area names (two queries in all)."""
    targets = await targets_of(session, [plan.id for plan in plans])
    names = await area_names(session, (code for plan in plans for code in plan.area_codes))
    return [
        AreaPlanRead(
            id=plan.id,
            title=plan.title,
            area_codes=list(plan.area_codes),
            area_names={code: names[code] for code in plan.area_codes if code in names},
            organisation_codes=list(plan.organisation_codes),
            period_from=plan.period_from,
            period_to=plan.period_to,
            visions=plan.visions,
            requirements=plan.requirements,
            community=plan.community,
            published=plan.published,
            targets=[TargetRead.model_validate(t) for t in targets[plan.id]],
            created_by=plan.created_by,
            created_at=plan.created_at,
            updated_by=plan.updated_by,
            updated_at=plan.updated_at,
        )
        for plan in plans
    ]


async def list_plans(
    session: AsyncSession,
    *,
    principal: Principal,
    area_codes: Sequence[str] = (),
    published: bool | None = None,
    year: int | None = None,
) -> list[AreaPlan]:
    """The plans the caller may read: of any of `area_codes`, published or not, covering `year`."""
    query = select(AreaPlan).order_by(AreaPlan.period_from.desc(), AreaPlan.id)
    if published is not None:
        query = query.where(AreaPlan.published.is_(published))
    if year is not None:
        query = query.where(AreaPlan.period_from <= year, AreaPlan.period_to >= year)
    wanted = set(area_codes)
    return [
        plan
        for plan in await session.scalars(query)
        if visible(plan, principal) and (not wanted or wanted.intersection(plan.area_codes))
    ]


async def published_plans(session: AsyncSession) -> list[AreaPlan]:
    """The published plans, newest period first: all that anyone may read without logging in."""
    query = select(AreaPlan).where(AreaPlan.published.is_(True))
    return list(await session.scalars(query.order_by(AreaPlan.period_from.desc(), AreaPlan.id)))


async def get_plan(session: AsyncSession, *, plan_id: int, principal: Principal | None = None) -> AreaPlan:
    """The plan, or 404 (also when the caller may not read it: its existence is not told)."""
    plan = await session.get(AreaPlan, plan_id)
    if plan is None or (principal is not None and not visible(plan, principal)):
        raise AreaPlanNotFound(f"No area plan with id {plan_id}.")
    return plan


async def create_plan(session: AsyncSession, *, body: AreaPlanCreate, actor: str) -> AreaPlan:
    await _require_known_areas(session, body.area_codes, "area_codes")
    plan = AreaPlan(**body.model_dump(), created_by=actor, updated_by=actor)
    session.add(plan)
    await session.flush()
    return plan


async def update_plan(session: AsyncSession, *, plan: AreaPlan, body: AreaPlanUpdate, actor: str) -> AreaPlan:
    """Change the fields sent; the plan's targets must still lie within its areas and period."""
    changes = body.model_dump(exclude_unset=True)
    for name in ("title", "area_codes", "organisation_codes", "period_from", "period_to", "published"):
        if name in changes and changes[name] is None:
            raise refused(name, f"{name} cannot be null.")
    for name in ("visions", "requirements", "community"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    for name in ("area_codes", "organisation_codes"):
        if name in changes:
            changes[name] = list(dict.fromkeys(changes[name]))
    period_from = changes.get("period_from", plan.period_from)
    period_to = changes.get("period_to", plan.period_to)
    if period_to < period_from:
        raise refused("period_to", "period_to must not be before period_from.")
    area_codes = changes.get("area_codes", plan.area_codes)
    if "area_codes" in changes:
        await _require_known_areas(session, area_codes, "area_codes")
    for target in (await targets_of(session, [plan.id]))[plan.id]:
        if target.area_code not in area_codes:
            raise refused("area_codes", f"Target {target.id} is set for area {target.area_code}.")
        if not period_from <= target.by_year <= period_to:
            raise refused("period_to", f"Target {target.id} is set for {target.by_year}, outside the period.")
    for name, value in changes.items():
        setattr(plan, name, value)
    plan.updated_by = actor
    await session.flush()
    return plan


def _check_target(plan: AreaPlan, area_code: str, by_year: int) -> None:
    if area_code not in plan.area_codes:
        raise refused("area_code", f"Area {area_code} is not one of the plan's areas.")
    if not plan.period_from <= by_year <= plan.period_to:
        raise refused(
            "by_year", f"by_year must lie in the plan's period {plan.period_from}-{plan.period_to}."
        )


async def add_target(session: AsyncSession, *, plan: AreaPlan, body: TargetCreate, actor: str) -> PlanTarget:
    _check_target(plan, body.area_code, body.by_year)
    target = PlanTarget(
        area_plan_id=plan.id,
        area_code=body.area_code,
        indicator=body.indicator.value,
        comparator=body.comparator.value,
        value=body.value,
        by_year=body.by_year,
        created_by=actor,
    )
    session.add(target)
    plan.updated_by = actor
    await session.flush()
    return target


async def get_target(session: AsyncSession, *, plan: AreaPlan, target_id: int) -> PlanTarget:
    target = await session.get(PlanTarget, target_id)
    if target is None or target.area_plan_id != plan.id:
        raise TargetNotFound(f"The plan has no target with id {target_id}.")
    return target


async def update_target(
    session: AsyncSession, *, plan: AreaPlan, target: PlanTarget, body: TargetUpdate, actor: str
) -> PlanTarget:
    changes = body.model_dump(exclude_unset=True)
    for name, value in changes.items():
        if value is None:
            raise refused(name, f"{name} cannot be null.")
    _check_target(plan, changes.get("area_code", target.area_code), changes.get("by_year", target.by_year))
    for name, value in changes.items():
        setattr(target, name, getattr(value, "value", value))
    plan.updated_by = actor
    await session.flush()
    return target


async def delete_target(session: AsyncSession, *, plan: AreaPlan, target: PlanTarget, actor: str) -> None:
    await session.delete(target)
    plan.updated_by = actor
    await session.flush()
