"""Dialogue records: co-creation meetings and the yearly steering dialogue per housing organisation."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from services.categorisation.plans import dialogues
from services.categorisation.plans.dependencies import (
    DialogueReader,
    DialogueWriter,
    ReadableDialogue,
    WritableDialogue,
)
from services.categorisation.plans.schemas import (
    DialogueCreate,
    DialogueKind,
    DialogueRead,
    DialogueUpdate,
    OrgCodeText,
)
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Dialogues"])


@router.post(
    "/dialogues",
    response_model=DialogueRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record a dialogue",
    responses=problem_responses(422),
)
async def create_dialogue(
    body: DialogueCreate, session: SessionDep, principal: DialogueWriter
) -> DialogueRead:
    """Participants are organisations and roles; no resident's personal data belongs here.

    Records a steering dialogue with a housing organisation (or a co-creation meeting): date, participants
    and agenda; the minutes, decisions (naming the letting agreement each changes) and follow-ups may
    follow with a PUT."""
    return DialogueRead.model_validate(
        await dialogues.create_dialogue(session, body=body, actor=principal.subject)
    )


@router.get("/dialogues", response_model=list[DialogueRead], summary="Dialogue records, by date")
async def list_dialogues(
    session: SessionDep,
    principal: DialogueReader,
    year: Annotated[int | None, Query(ge=1990, le=2100, description="dialogues of this year")] = None,
    organisation: Annotated[
        OrgCodeText | None, Query(description="a housing organisation's code, as allocation registers it")
    ] = None,
    kind: Annotated[DialogueKind | None, Query(description="steering or co-creation")] = None,
) -> list[DialogueRead]:
    """A housing organisation's client reads only its own organisation's records. Changes nothing."""
    items = await dialogues.list_dialogues(
        session, principal=principal, year=year, organisation=organisation, kind=kind
    )
    return [DialogueRead.model_validate(item) for item in items]


@router.get(
    "/dialogues/{dialogue_id}",
    response_model=DialogueRead,
    summary="One dialogue",
    responses=problem_responses(404),
)
async def get_dialogue(item: ReadableDialogue) -> DialogueRead:
    """One dialogue record, when the caller may read it (404 otherwise). Changes nothing."""
    return DialogueRead.model_validate(item)


@router.put(
    "/dialogues/{dialogue_id}",
    response_model=DialogueRead,
    summary="Change a dialogue record (the fields sent): minutes, decisions, follow-ups",
    responses=problem_responses(404, 422),
)
async def update_dialogue(
    item: WritableDialogue, body: DialogueUpdate, session: SessionDep, principal: DialogueWriter
) -> DialogueRead:
    """Change the fields sent: after the meeting, its minutes, decisions and agreed follow-ups."""
    item = await dialogues.update_dialogue(session, dialogue=item, body=body, actor=principal.subject)
    return DialogueRead.model_validate(item)
