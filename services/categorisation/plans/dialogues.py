"""Dialogue records: the co-creation meetings and the yearly steering dialogue per housing organisation."""

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation.models import Dialogue
from services.categorisation.plans.access import organisation_scope
from services.categorisation.plans.exceptions import DialogueNotFound, refused
from services.categorisation.plans.schemas import (
    DialogueCreate,
    DialogueKind,
    DialogueUpdate,
)
from services.kit.auth import Principal

JSON_COLUMNS = {"participants", "decisions", "follow_ups"}


def _values(body: DialogueCreate | DialogueUpdate, *, exclude_unset: bool = False) -> dict[str, Any]:
    """The body's fields for the row: the JSON columns as JSON (dates as ISO text)."""
    values = body.model_dump(exclude_unset=exclude_unset)
    values.update(body.model_dump(mode="json", exclude_unset=exclude_unset, include=JSON_COLUMNS))
    return values


async def create_dialogue(session: AsyncSession, *, body: DialogueCreate, actor: str) -> Dialogue:
    dialogue = Dialogue(**_values(body), created_by=actor, updated_by=actor)
    session.add(dialogue)
    await session.flush()
    return dialogue


async def get_dialogue(session: AsyncSession, *, dialogue_id: int, principal: Principal) -> Dialogue:
    """The record, or 404 (also for another organisation's: its existence is not told)."""
    dialogue = await session.get(Dialogue, dialogue_id)
    scope = organisation_scope(principal)
    if dialogue is None or (scope is not None and dialogue.organisation != scope):
        raise DialogueNotFound(f"No dialogue with id {dialogue_id}.")
    return dialogue


async def update_dialogue(
    session: AsyncSession, *, dialogue: Dialogue, body: DialogueUpdate, actor: str
) -> Dialogue:
    changes = _values(body, exclude_unset=True)
    for name in ("kind", "held_on", "participants", "decisions", "follow_ups"):
        if name in changes and changes[name] is None:
            raise refused(name, f"{name} cannot be null.")
    for name in ("agenda", "minutes"):
        if name in changes and changes[name] is None:
            changes[name] = ""
    for name, value in changes.items():
        setattr(dialogue, name, value)
    dialogue.updated_by = actor
    await session.flush()
    return dialogue


async def list_dialogues(
    session: AsyncSession,
    *,
    principal: Principal,
    year: int | None = None,
    organisation: str | None = None,
    kind: DialogueKind | None = None,
) -> list[Dialogue]:
    """The records the caller may read, by date; a housing organisation reads only its own."""
    query = select(Dialogue).order_by(Dialogue.held_on, Dialogue.id)
    scope = organisation_scope(principal)
    if scope is not None:
        query = query.where(Dialogue.organisation == scope)
    if year is not None:
        query = query.where(Dialogue.year == year)
    if organisation is not None:
        query = query.where(Dialogue.organisation == organisation)
    if kind is not None:
        query = query.where(Dialogue.kind == kind.value)
    return list(await session.scalars(query))
