"""Boligsocial initiatives (tiltag): create, filter, change; flush, never commit."""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation.config import CategorisationConfig
from services.categorisation.models import AreaPlan, Initiative
from services.categorisation.plans.area_plans import area_names
from services.categorisation.plans.exceptions import InitiativeNotFound, refused
from services.categorisation.plans.schemas import (
    InitiativeCreate,
    InitiativeStatus,
    InitiativeUpdate,
    PartnerKind,
)

NOT_NULL = (
    *("title", "description", "principles", "area_codes", "partners", "responsible_unit"),
    *("period_from", "status", "milestones", "evaluation_notes"),
)
JSON_COLUMNS = {"principles", "area_codes", "partners", "milestones"}


async def _check(session: AsyncSession, config: CategorisationConfig, values: dict[str, Any]) -> None:
    """Principles from the municipality's configuration, areas with figures, a plan that exists."""
    known = {p.code for p in config.principles}
    for index, code in enumerate(values.get("principles") or ()):
        if code not in known:
            raise refused(("principles", index), f"{code!r} is not one of the municipality's principles.")
    codes = values.get("area_codes") or ()
    names = await area_names(session, codes)
    for index, code in enumerate(codes):
        if code not in names:
            raise refused(("area_codes", index), f"No housing figures have been loaded for area {code}.")
    plan_id = values.get("area_plan_id")
    if plan_id is not None and await session.get(AreaPlan, plan_id) is None:
        raise refused("area_plan_id", f"No area plan with id {plan_id}.")
    if values.get("period_to") is not None and values["period_to"] < values["period_from"]:
        raise refused("period_to", "period_to must not be before period_from.")


def _values(body: InitiativeCreate | InitiativeUpdate, *, exclude_unset: bool = False) -> dict[str, Any]:
    """The body's fields for the row: the JSON columns as JSON (dates in milestones as ISO text)."""
    values = body.model_dump(exclude_unset=exclude_unset)
    values.update(body.model_dump(mode="json", exclude_unset=exclude_unset, include=JSON_COLUMNS))
    return values


async def create_initiative(
    session: AsyncSession, *, body: InitiativeCreate, config: CategorisationConfig, actor: str
) -> Initiative:
    values = _values(body)
    await _check(session, config, values)
    initiative = Initiative(**values, created_by=actor, updated_by=actor)
    session.add(initiative)
    await session.flush()
    return initiative


async def get_initiative(session: AsyncSession, *, initiative_id: int) -> Initiative:
    initiative = await session.get(Initiative, initiative_id)
    if initiative is None:
        raise InitiativeNotFound(f"No initiative with id {initiative_id}.")
    return initiative


async def update_initiative(
    session: AsyncSession,
    *,
    initiative: Initiative,
    body: InitiativeUpdate,
    config: CategorisationConfig,
    actor: str,
) -> Initiative:
    changes = _values(body, exclude_unset=True)
    for name in NOT_NULL:
        if name in changes and changes[name] is None:
            raise refused(name, f"{name} cannot be null.")
    for name in ("area_codes", "principles"):
        if name in changes:
            changes[name] = list(dict.fromkeys(changes[name]))
    merged = {
        "period_from": initiative.period_from,
        "period_to": initiative.period_to,
        **changes,
    }
    await _check(session, config, merged)
    for name, value in changes.items():
        setattr(initiative, name, value)
    initiative.updated_by = actor
    await session.flush()
    return initiative


async def list_initiatives(
    session: AsyncSession,
    *,
    area_codes: Sequence[str] = (),
    principle: str | None = None,
    status: InitiativeStatus | None = None,
    partner_kind: PartnerKind | None = None,
    partner: str | None = None,
    area_plan_id: int | None = None,
) -> list[Initiative]:
    """The initiatives matching every filter given, earliest start first (the timeline's order)."""
    query = select(Initiative).order_by(Initiative.period_from, Initiative.id)
    if status is not None:
        query = query.where(Initiative.status == status.value)
    if area_plan_id is not None:
        query = query.where(Initiative.area_plan_id == area_plan_id)
    wanted = set(area_codes)
    needle = (partner or "").strip().lower()
    found = []
    for item in await session.scalars(query):
        if wanted and not wanted.intersection(item.area_codes):
            continue
        if principle and principle not in item.principles:
            continue
        if partner_kind and not any(p["kind"] == partner_kind.value for p in item.partners):
            continue
        if needle and not any(needle in p["name"].lower() for p in item.partners):
            continue
        found.append(item)
    return found
