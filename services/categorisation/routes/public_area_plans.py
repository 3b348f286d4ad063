"""Published area plans for everyone, without logging in: what a resident or a department board would
want to read about their own area. Mounted outside the authenticated router (see routes/__init__.py)."""

from fastapi import APIRouter
from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation.dependencies import Cache, Config
from services.categorisation.models import AreaPlan
from services.categorisation.plans import area_plans, evaluation
from services.categorisation.plans.exceptions import AreaPlanNotFound
from services.categorisation.plans.schemas import PublicAreaPlanRead, PublicTargetRead
from services.categorisation.versions import Results
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute
from services.kit.schemas import RowId

router = APIRouter(prefix="/v1", route_class=TransactionalRoute, tags=["Published area plans"])


async def _public(
    session: AsyncSession, plan: AreaPlan, threshold: int, cache: Results
) -> PublicAreaPlanRead:
    staff = (await area_plans.reads(session, [plan]))[0]
    return PublicAreaPlanRead(
        id=staff.id,
        title=staff.title,
        area_codes=staff.area_codes,
        area_names=staff.area_names,
        period_from=staff.period_from,
        period_to=staff.period_to,
        visions=staff.visions,
        requirements=staff.requirements,
        community=staff.community,
        targets=[PublicTargetRead.model_validate(t.model_dump()) for t in staff.targets],
        evaluation=await evaluation.latest_approved_evaluation(
            session, plan=plan, threshold=threshold, cache=cache
        ),
    )


@router.get("/public/area-plans", response_model=list[PublicAreaPlanRead], summary="Published area plans")
async def list_public_area_plans(
    session: SessionDep, config: Config, cache: Cache
) -> list[PublicAreaPlanRead]:
    """Published plans only, each with its targets and the evaluation of the latest approved year.

    Figures resting on fewer persons than the small-number threshold are hidden; no staff names and no
    organisation codes. Changes nothing."""
    plans = await area_plans.published_plans(session)
    return [await _public(session, plan, config.small_number_threshold, cache) for plan in plans]


@router.get(
    "/public/area-plans/{plan_id}",
    response_model=PublicAreaPlanRead,
    summary="One published area plan",
    responses=problem_responses(404),
)
async def get_public_area_plan(
    plan_id: RowId, session: SessionDep, config: Config, cache: Cache
) -> PublicAreaPlanRead:
    """An unpublished plan is 404 here, exactly as one that does not exist. Changes nothing."""
    plan = await session.get(AreaPlan, plan_id)
    if plan is None or not plan.published:
        raise AreaPlanNotFound(f"No published area plan with id {plan_id}.")
    return await _public(session, plan, config.small_number_threshold, cache)
