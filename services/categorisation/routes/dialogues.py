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

router = APIRouter(route_class=TransactionalRoute, tags=["area plans"])


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
    """Participants are organisations and roles; no resident's personal data belongs here."""
    return DialogueRead.model_validate(
        await dialogues.create_dialogue(session, body=body, actor=principal.subject)
    )


@router.get("/dialogues", response_model=list[DialogueRead], summary="Dialogue records, by date")
async def list_dialogues(
    session: SessionDep,
    principal: DialogueReader,
    year: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    organisation: Annotated[OrgCodeText | None, Query()] = None,
    kind: DialogueKind | None = None,
) -> list[DialogueRead]:
    """A housing organisation's client reads only its own organisation's records."""
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
    item = await dialogues.update_dialogue(session, dialogue=item, body=body, actor=principal.subject)
    return DialogueRead.model_validate(item)
