"""Use cases of acute-housing applications: decide against the configured criteria, keep the record."""

import uuid
from dataclasses import asdict
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation import metrics
from services.allocation.config import AllocationConfig
from services.allocation.exceptions import AcuteApplicationIncomplete, AcuteApplicationNotFound
from services.allocation.letters import decisions as letters
from services.allocation.letters.issuing import Letterhead
from services.allocation.models import AcuteApplication
from services.allocation.rules.acute import AcuteCriterionSpec, decide, unanswered
from services.allocation.schemas.acute import (
    AcuteApplicationCreate,
    AcuteApplicationRead,
    AcuteCriterionConfigRead,
)
from services.kit.db import utcnow

NAMED = (
    "resident_of_municipality",
    "acute_unforeseen_situation",
    "had_own_dwelling",
    "divorce_with_children_under_18",
    "registered_housing_organisations",
)


def specs(config: AllocationConfig) -> list[AcuteCriterionSpec]:
    return [AcuteCriterionSpec(c.code, c.text_da, c.text_en, c.minimum) for c in config.acute_criteria]


def criteria(config: AllocationConfig) -> list[AcuteCriterionConfigRead]:
    return [AcuteCriterionConfigRead.model_validate(c.model_dump()) for c in config.acute_criteria]


def answers_of(body: AcuteApplicationCreate) -> dict[str, bool | int | None]:
    answers: dict[str, bool | int | None] = dict(body.facts)
    for name in NAMED:
        value = getattr(body, name)
        if value is not None:
            answers[name] = value
    return answers


async def create(
    session: AsyncSession,
    *,
    body: AcuteApplicationCreate,
    config: AllocationConfig,
    head: Letterhead,
    actor: str,
    today: date,
) -> AcuteApplication:
    """Decide the application now; the decision and its reasons are stored as they were given, and its
    letter is issued with it."""
    answers = answers_of(body)
    decision = decide(specs(config), answers)
    application = AcuteApplication(
        reference=f"tmp-{uuid.uuid4().hex[:28]}",
        applicant_name=body.applicant_name,
        answers=answers,
        eligible=decision.eligible,
        criteria=[asdict(c) for c in decision.criteria],
        citizen_text_da=decision.citizen_text_da,
        citizen_text_en=decision.citizen_text_en,
        officer_text_da=decision.officer_text_da,
        officer_text_en=decision.officer_text_en,
        officer_note=body.officer_note,
        decided_by=actor,
    )
    session.add(application)
    await session.flush()
    application.reference = f"AK-{today.year}-{application.id:05d}"
    await session.flush()
    metrics.DECISIONS.labels("acute_application").inc()
    await letters.acute_housing(session, head=head, application=application, actor=actor, today=today)
    return application


async def get(session: AsyncSession, *, application_id: int) -> AcuteApplication:
    application = await session.get(AcuteApplication, application_id)
    if application is None:
        raise AcuteApplicationNotFound(f"No acute application {application_id}.")
    return application


async def listing(session: AsyncSession) -> list[AcuteApplicationRead]:
    rows = await session.scalars(select(AcuteApplication).order_by(AcuteApplication.id.desc()))
    return [AcuteApplicationRead.model_validate(r) for r in rows]


async def set_note(session: AsyncSession, *, application: AcuteApplication, note: str, actor: str) -> None:
    """The officer's note may be written after the decision; who and when are kept."""
    application.officer_note = note
    application.note_updated_by = actor
    application.note_updated_at = utcnow()
    await session.flush()


def refuse_incomplete(body: AcuteApplicationCreate, config: AllocationConfig) -> None:
    """A decision needs an identified applicant and an answer to every configured criterion; each one
    missing is named in the one 422, and nothing is stored."""
    errors: list[dict[str, Any]] = []
    if not body.applicant_name.strip():
        errors.append({"loc": ["body", "applicant_name"], "msg": "required: the applicant's name"})
    for code in unanswered(specs(config), answers_of(body)):
        count = next(c.minimum is not None for c in config.acute_criteria if c.code == code)
        errors.append(
            {
                "loc": ["body", code] if code in NAMED else ["body", "facts", code],
                "msg": "required: a whole number" if count else "required: true or false",
            }
        )
    if errors:
        raise AcuteApplicationIncomplete(
            "An acute-housing decision needs the applicant and an answer to every criterion.", errors=errors
        )
