"""Boligsocial initiatives: the principles they serve, areas, partners, period, budget, status, milestones."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from services.categorisation.dependencies import Config
from services.categorisation.plans import initiatives
from services.categorisation.plans.dependencies import (
    InitiativeReader,
    PlanWriter,
    ReadableInitiative,
    WritableInitiative,
)
from services.categorisation.plans.schemas import (
    AreaCodeText,
    InitiativeCreate,
    InitiativeRead,
    InitiativeStatus,
    InitiativeUpdate,
    PartnerKind,
)
from services.kit.errors import problem_responses
from services.kit.inputs import NO_NUL
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Initiatives"])


@router.post(
    "/initiatives",
    response_model=InitiativeRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record an initiative",
    responses=problem_responses(422),
)
async def create_initiative(
    body: InitiativeCreate, session: SessionDep, config: Config, principal: PlanWriter
) -> InitiativeRead:
    """Principles are the municipality's (GET /v1/principles); partners are organisations, never persons.

    Records an initiative with its areas, the plan it belongs to (if any), partners, responsible unit,
    period, budget, status and milestones."""
    item = await initiatives.create_initiative(session, body=body, config=config, actor=principal.subject)
    return InitiativeRead.model_validate(item)


@router.get("/initiatives", response_model=list[InitiativeRead], summary="Initiatives, filtered")
async def list_initiatives(
    session: SessionDep,
    _principal: InitiativeReader,
    area_code: Annotated[AreaCodeText | None, Query(description="initiatives in this area")] = None,
    principle: Annotated[
        str | None, Query(max_length=64, pattern=NO_NUL, description="a principle's code")
    ] = None,
    status_: Annotated[InitiativeStatus | None, Query(alias="status", description="in this status")] = None,
    partner_kind: Annotated[PartnerKind | None, Query(description="with a partner of this kind")] = None,
    partner: Annotated[
        str | None, Query(max_length=200, pattern=NO_NUL, description="part of a name")
    ] = None,
    area_plan_id: Annotated[
        int | None, Query(ge=1, le=2**31 - 1, description="initiatives of this area plan")
    ] = None,
) -> list[InitiativeRead]:
    """Every filter given must hold; the earliest start first, as on a timeline. Changes nothing."""
    items = await initiatives.list_initiatives(
        session,
        area_codes=[area_code] if area_code else [],
        principle=principle,
        status=status_,
        partner_kind=partner_kind,
        partner=partner,
        area_plan_id=area_plan_id,
    )
    return [InitiativeRead.model_validate(item) for item in items]


@router.get(
    "/initiatives/{initiative_id}",
    response_model=InitiativeRead,
    summary="One initiative",
    responses=problem_responses(404),
)
async def get_initiative(item: ReadableInitiative) -> InitiativeRead:
    """One initiative with its partners and milestones. Changes nothing."""
    return InitiativeRead.model_validate(item)


@router.put(
    "/initiatives/{initiative_id}",
    response_model=InitiativeRead,
    summary="Change an initiative (the fields sent)",
    responses=problem_responses(404, 422),
)
async def update_initiative(
    item: WritableInitiative,
    body: InitiativeUpdate,
    session: SessionDep,
    config: Config,
    principal: PlanWriter,
) -> InitiativeRead:
    """Change the fields sent (status, milestones, period, budget, notes, …); `period_to`, `budget_dkk` and
    `area_plan_id` may be set to null."""
    item = await initiatives.update_initiative(
        session, initiative=item, body=body, config=config, actor=principal.subject
    )
    return InitiativeRead.model_validate(item)
