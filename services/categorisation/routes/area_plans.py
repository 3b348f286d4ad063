"""Area plans and their measurable targets, each target evaluated on the year's categorisation figures."""

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.categorisation.dependencies import Cache, Config, Year
from services.categorisation.plans import area_plans, evaluation
from services.categorisation.plans.dependencies import (
    PlanReader,
    PlanWriter,
    ReadablePlan,
    ValidTarget,
    WritablePlan,
    YearTargetsReader,
)
from services.categorisation.plans.schemas import (
    AreaCodeText,
    AreaPlanCreate,
    AreaPlanRead,
    AreaPlanUpdate,
    PlanEvaluationRead,
    PlanTrendRead,
    TargetCreate,
    TargetRead,
    TargetUpdate,
    YearTargetsRead,
)
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Area plans"])
AreaCodes = Annotated[list[AreaCodeText], Query(alias="area_code", description="repeat for more areas")]
EvaluationYear = Annotated[int, Query(ge=1990, le=2100, description="the list year whose figures judge")]


@router.post(
    "/area-plans",
    response_model=AreaPlanRead,
    status_code=status.HTTP_201_CREATED,
    summary="Make an area plan",
    responses=problem_responses(422),
)
async def create_area_plan(body: AreaPlanCreate, session: SessionDep, principal: PlanWriter) -> AreaPlanRead:
    """Every area must have housing figures loaded; `published` makes the plan readable without a login.

    Records a plan for one area or a group of areas and a period of list years: visions, requirements,
    community goals and the housing organisations it is agreed with (whose clients may then read it).
    Targets are added one by one after."""
    plan = await area_plans.create_plan(session, body=body, actor=principal.subject)
    return (await area_plans.reads(session, [plan]))[0]


@router.get("/area-plans", response_model=list[AreaPlanRead], summary="Area plans")
async def list_area_plans(
    session: SessionDep,
    principal: PlanReader,
    area_codes: AreaCodes = [],  # noqa: B006 - FastAPI copies the default per request
    published: Annotated[bool | None, Query(description="only published (or unpublished) plans")] = None,
    year: Annotated[int | None, Query(ge=1990, le=2100, description="plans whose period covers it")] = None,
) -> list[AreaPlanRead]:
    """The plans of any of the areas given (all without), newest period first; what the caller may read.

    A housing organisation's client reads the plans that name its organisation; the common letting
    agreement reads a group of areas' plans with `area_code=A&area_code=B`. Changes nothing."""
    plans = await area_plans.list_plans(
        session, principal=principal, area_codes=area_codes, published=published, year=year
    )
    return await area_plans.reads(session, plans)


@router.get(
    "/area-plans/{plan_id}",
    response_model=AreaPlanRead,
    summary="One area plan",
    responses=problem_responses(404),
)
async def get_area_plan(plan: ReadablePlan, session: SessionDep) -> AreaPlanRead:
    """One plan with its targets, when the caller may read it (404 otherwise). Changes nothing."""
    return (await area_plans.reads(session, [plan]))[0]


@router.put(
    "/area-plans/{plan_id}",
    response_model=AreaPlanRead,
    summary="Change an area plan (the fields sent)",
    responses=problem_responses(404, 422),
)
async def update_area_plan(
    plan: WritablePlan, body: AreaPlanUpdate, session: SessionDep, principal: PlanWriter
) -> AreaPlanRead:
    """Change the fields sent of the plan (title, areas, organisations, period, texts, published).

    Refused when a target would fall outside the plan's areas or period."""
    plan = await area_plans.update_plan(session, plan=plan, body=body, actor=principal.subject)
    return (await area_plans.reads(session, [plan]))[0]


@router.post(
    "/area-plans/{plan_id}/targets",
    response_model=TargetRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a measurable target",
    responses=problem_responses(404, 422),
)
async def add_target(
    plan: WritablePlan, body: TargetCreate, session: SessionDep, principal: PlanWriter
) -> TargetRead:
    """On one of the plan's areas, for a year within its period: e.g. "outside the labour market at most
    40 % by 2030". It is judged on the area's own figures in every year of the plan."""
    target = await area_plans.add_target(session, plan=plan, body=body, actor=principal.subject)
    return TargetRead.model_validate(target)


@router.put(
    "/area-plans/{plan_id}/targets/{target_id}",
    response_model=TargetRead,
    summary="Change a target (the fields sent)",
    responses=problem_responses(404, 422),
)
async def update_target(
    plan: WritablePlan, target: ValidTarget, body: TargetUpdate, session: SessionDep, principal: PlanWriter
) -> TargetRead:
    """Change the fields sent of one of the plan's targets; it must stay on the plan's areas and period."""
    target = await area_plans.update_target(
        session, plan=plan, target=target, body=body, actor=principal.subject
    )
    return TargetRead.model_validate(target)


@router.delete(
    "/area-plans/{plan_id}/targets/{target_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a target",
    responses=problem_responses(404),
)
async def delete_target(
    plan: WritablePlan, target: ValidTarget, session: SessionDep, principal: PlanWriter
) -> Response:
    """Remove the target from the plan; its evaluations go with it (they are computed, never stored)."""
    await area_plans.delete_target(session, plan=plan, target=target, actor=principal.subject)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/area-plans/{plan_id}/evaluation",
    response_model=PlanEvaluationRead,
    summary="Every target judged on a year's figures",
    responses=problem_responses(404),
)
async def evaluate_area_plan(
    plan: ReadablePlan,
    year: EvaluationYear,
    session: SessionDep,
    config: Config,
    cache: Cache,
    principal: PlanReader,
) -> PlanEvaluationRead:
    """`actual` is the indicator as the categorisation of `year` measures it (its averaging period
    included): the approved snapshot's figure once the year is approved, else the live computation's,
    and then `provisional`. No figure that year: `actual` and `met` are null."""
    return await evaluation.evaluate_plan(
        session,
        plan=plan,
        year=year,
        principal=principal,
        threshold=config.small_number_threshold,
        cache=cache,
    )


@router.get(
    "/area-plans/{plan_id}/trend",
    response_model=PlanTrendRead,
    summary="Every target in each year of the plan's period so far",
    responses=problem_responses(404),
)
async def area_plan_trend(
    plan: ReadablePlan, session: SessionDep, config: Config, cache: Cache, principal: PlanReader
) -> PlanTrendRead:
    """Met, not met or no data (null) in each year from the plan's first up to the latest with figures."""
    return await evaluation.plan_trend(
        session, plan=plan, principal=principal, threshold=config.small_number_threshold, cache=cache
    )


@router.get(
    "/years/{year}/target-evaluation",
    response_model=YearTargetsRead,
    summary="How many targets the year's figures meet (the annual cycle's evaluation)",
)
async def year_target_evaluation(
    year: Year, session: SessionDep, cache: Cache, _principal: YearTargetsReader
) -> YearTargetsRead:
    """The targets of every plan whose period covers the year, counted; managers read these aggregates.

    "Evaluering af områdeplaner: X af Y mål nået" on the year's overview. Changes nothing."""
    return await evaluation.year_targets(session, year=year, cache=cache)
