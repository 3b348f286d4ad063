"""Injected things of the plan, initiative and dialogue endpoints: the callers by role, records by id."""

from typing import Annotated

from fastapi import Depends

from services.categorisation.models import AreaPlan, Dialogue, Initiative, PlanTarget
from services.categorisation.plans import access, area_plans, dialogues, initiatives
from services.kit.auth import Principal, require_roles
from services.kit.routing import SessionDep
from services.kit.schemas import RowId

PlanWriter = Annotated[Principal, Depends(require_roles(*access.WRITE_PLANS))]
PlanReader = Annotated[Principal, Depends(require_roles(*access.READ_PLANS))]
InitiativeReader = Annotated[Principal, Depends(require_roles(*access.READ_INITIATIVES))]
DialogueWriter = Annotated[Principal, Depends(require_roles(*access.WRITE_DIALOGUES))]
DialogueReader = Annotated[Principal, Depends(require_roles(*access.READ_DIALOGUES))]
PrincipleReader = Annotated[Principal, Depends(require_roles(*access.READ_PRINCIPLES))]
YearTargetsReader = Annotated[Principal, Depends(require_roles(*access.READ_YEAR_TARGETS))]


async def readable_plan(plan_id: RowId, session: SessionDep, principal: PlanReader) -> AreaPlan:
    """The plan the caller may read, or 404."""
    return await area_plans.get_plan(session, plan_id=plan_id, principal=principal)


async def writable_plan(plan_id: RowId, session: SessionDep, _principal: PlanWriter) -> AreaPlan:
    """The plan, for the analyst who may change it, or 404."""
    return await area_plans.get_plan(session, plan_id=plan_id)


ReadablePlan = Annotated[AreaPlan, Depends(readable_plan)]
WritablePlan = Annotated[AreaPlan, Depends(writable_plan)]


async def valid_target(target_id: RowId, plan: WritablePlan, session: SessionDep) -> PlanTarget:
    return await area_plans.get_target(session, plan=plan, target_id=target_id)


ValidTarget = Annotated[PlanTarget, Depends(valid_target)]


async def readable_initiative(
    initiative_id: RowId, session: SessionDep, _principal: InitiativeReader
) -> Initiative:
    return await initiatives.get_initiative(session, initiative_id=initiative_id)


async def writable_initiative(
    initiative_id: RowId, session: SessionDep, _principal: PlanWriter
) -> Initiative:
    return await initiatives.get_initiative(session, initiative_id=initiative_id)


ReadableInitiative = Annotated[Initiative, Depends(readable_initiative)]
WritableInitiative = Annotated[Initiative, Depends(writable_initiative)]


async def readable_dialogue(dialogue_id: RowId, session: SessionDep, principal: DialogueReader) -> Dialogue:
    return await dialogues.get_dialogue(session, dialogue_id=dialogue_id, principal=principal)


async def writable_dialogue(dialogue_id: RowId, session: SessionDep, principal: DialogueWriter) -> Dialogue:
    return await dialogues.get_dialogue(session, dialogue_id=dialogue_id, principal=principal)


ReadableDialogue = Annotated[Dialogue, Depends(readable_dialogue)]
WritableDialogue = Annotated[Dialogue, Depends(writable_dialogue)]
