"""Issue a decision letter with its decision: rendered once, in Danish and in English, stored unchanged,
the Danish one queued for sending; read back; corrected only by a new letter.

Both languages are rendered when the decision is made, not the English one on request: then each stored
letter is exactly what the municipality said on the day, a read never writes, and nothing can render a
letter from records or configuration that changed afterwards. (The price is a second PDF per decision,
about a tenth of a second.)
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.config import AllocationConfig
from services.allocation.exceptions import LetterNotFound, StateConflict
from services.allocation.letters.wording import Body
from services.allocation.models import DecisionLetterRecord, LetterDelivery
from services.allocation.rules.statuses import DecisionType, DeliveryStatus
from services.allocation.schemas.letters import LetterDeliveryRead, LetterRead
from services.kit.letters import LANGUAGES, ComplaintGuidance, DecisionLetter, Language, Reason, render_html
from services.kit.pdf import html_to_pdf

CORRECTION_HEADING: dict[Language, str] = {"da": "Rettelse", "en": "Correction"}


@dataclass(frozen=True)
class Letterhead:
    """Who writes: the municipality (its name from the configuration file) and its allocation section."""

    municipality: str
    config: AllocationConfig


@dataclass(frozen=True)
class Correction:
    """The letter a new one replaces, and why."""

    replaces: DecisionLetterRecord
    reason: str


Wording = Callable[[Language], Body]


@event.listens_for(DecisionLetterRecord, "before_update")
def _issued_letters_never_change(*_: Any) -> None:
    # forvaltningsloven: what was sent is the decision's record; a correction is a new letter (DOMAIN § 6.7).
    raise StateConflict("An issued decision letter is never changed; issue a correction instead.")


def snapshot(letter: DecisionLetter) -> dict[str, Any]:
    """Every field the letter was rendered from, as JSON (stored beside its HTML and PDF)."""
    return {
        "decision_type": letter.decision_type,
        "language": letter.language,
        "municipality": letter.municipality,
        "unit": letter.unit,
        "reference": letter.reference,
        "issued_on": letter.issued_on.isoformat(),
        "subject": letter.subject,
        "decision": letter.decision,
        "reasons": [{"rule": r.rule, "text": r.text} for r in letter.reasons],
        "facts": list(letter.facts),
        "hearing": letter.hearing,
        "guidance": letter.guidance.model_dump(),
        "recipient": letter.recipient,
        "correction_of": letter.correction_of,
        "extra": [list(pair) for pair in letter.extra],
    }


def from_snapshot(content: dict[str, Any]) -> DecisionLetter:
    """The letter a stored snapshot describes (rendering it again gives the stored HTML)."""
    return DecisionLetter(
        decision_type=content["decision_type"],
        language=content["language"],
        municipality=content["municipality"],
        unit=content["unit"],
        reference=content["reference"],
        issued_on=date.fromisoformat(content["issued_on"]),
        subject=content["subject"],
        decision=content["decision"],
        reasons=tuple(Reason(r["rule"], r["text"]) for r in content["reasons"]),
        facts=tuple(content["facts"]),
        hearing=content["hearing"],
        guidance=ComplaintGuidance.model_validate(content["guidance"]),
        recipient=content["recipient"],
        correction_of=content["correction_of"],
        extra=tuple((heading, text) for heading, text in content["extra"]),
    )


async def _next_reference(
    session: AsyncSession, *, decision_type: DecisionType, decision_id: int, case_reference: str
) -> str:
    """The case's reference for its first letter; `-2`, `-3`, … for each correction after it."""
    issued = await session.scalar(
        select(func.count())
        .select_from(DecisionLetterRecord)
        .where(
            DecisionLetterRecord.decision_type == decision_type.value,
            DecisionLetterRecord.decision_id == decision_id,
            DecisionLetterRecord.language == "da",
        )
    )
    return case_reference if not issued else f"{case_reference}-{issued + 1}"


async def issue(
    session: AsyncSession,
    *,
    head: Letterhead,
    decision_type: DecisionType,
    decision_id: int,
    case_reference: str,
    wording: Wording,
    issued_on: date,
    actor: str,
    correction: Correction | None = None,
) -> DecisionLetterRecord:
    """Render and store the decision's letter in every language and queue the Danish one; returns it."""
    reference = await _next_reference(
        session, decision_type=decision_type, decision_id=decision_id, case_reference=case_reference
    )
    replaced: dict[str, DecisionLetterRecord] = {}
    if correction is not None:
        replaced = {
            letter.language: letter
            for letter in await session.scalars(
                select(DecisionLetterRecord).where(
                    DecisionLetterRecord.decision_type == decision_type.value,
                    DecisionLetterRecord.decision_id == decision_id,
                    DecisionLetterRecord.reference == correction.replaces.reference,
                )
            )
        }
    danish: DecisionLetterRecord | None = None
    for language in LANGUAGES:
        body = wording(language)
        extra = body.extra
        if correction is not None:
            extra = (*extra, (CORRECTION_HEADING[language], correction.reason))
        letter = DecisionLetter(
            decision_type=decision_type.value,
            language=language,
            municipality=head.municipality,
            unit=head.config.letters.unit,
            reference=reference,
            issued_on=issued_on,
            subject=body.subject,
            decision=body.decision,
            reasons=body.reasons,
            facts=body.facts,
            hearing=body.hearing,
            guidance=head.config.complaint_guidance[decision_type.value],
            recipient=body.recipient,
            correction_of=correction.replaces.reference if correction else None,
            extra=extra,
        )
        pdf = html_to_pdf(
            render_html(letter, standalone=False),
            title=f"{letter.subject} ({reference})",
            author=head.municipality,
            language=language,
        )
        record = DecisionLetterRecord(
            decision_type=decision_type.value,
            decision_id=decision_id,
            language=language,
            reference=reference,
            issued_on=issued_on,
            content=snapshot(letter),
            html=render_html(letter),
            pdf=pdf,
            correction_of=replaced[language].id if language in replaced else None,
            created_by=actor,
        )
        session.add(record)
        if language == "da":
            danish = record
    assert danish is not None
    await session.flush()
    # The Danish letter is the one sent; the English one is for whoever asks for it.
    session.add(
        LetterDelivery(
            letter_id=danish.id,
            channel=head.config.letters.channel,
            status=DeliveryStatus.QUEUED,
            attempts=0,
            detail="",
        )
    )
    await session.flush()
    return danish


async def latest(
    session: AsyncSession, *, decision_type: DecisionType, decision_id: int, language: Language
) -> DecisionLetterRecord:
    """The decision's letter in force: the newest, i.e. the last correction if there is one."""
    letter = await session.scalar(
        select(DecisionLetterRecord)
        .where(
            DecisionLetterRecord.decision_type == decision_type.value,
            DecisionLetterRecord.decision_id == decision_id,
            DecisionLetterRecord.language == language,
        )
        .order_by(DecisionLetterRecord.id.desc())
        .limit(1)
    )
    if letter is None:
        raise LetterNotFound(f"No {decision_type.value} letter for decision {decision_id}.")
    return letter


async def get(session: AsyncSession, *, letter_id: int) -> DecisionLetterRecord:
    letter = await session.get(DecisionLetterRecord, letter_id)
    if letter is None:
        raise LetterNotFound(f"No decision letter {letter_id}.")
    return letter


async def of_decision(
    session: AsyncSession, *, decision_type: DecisionType, decision_id: int
) -> list[DecisionLetterRecord]:
    """Every letter of a decision, in every language, oldest first."""
    rows = await session.scalars(
        select(DecisionLetterRecord)
        .where(
            DecisionLetterRecord.decision_type == decision_type.value,
            DecisionLetterRecord.decision_id == decision_id,
        )
        .order_by(DecisionLetterRecord.id)
    )
    return list(rows)


async def deliveries(session: AsyncSession, *, letter_id: int) -> list[LetterDelivery]:
    rows = await session.scalars(
        select(LetterDelivery).where(LetterDelivery.letter_id == letter_id).order_by(LetterDelivery.id)
    )
    return list(rows)


async def replaced_by(session: AsyncSession, *, letter: DecisionLetterRecord) -> int | None:
    """The id of the letter that corrects this one, if any."""
    return await session.scalar(
        select(DecisionLetterRecord.id).where(DecisionLetterRecord.correction_of == letter.id)
    )


async def to_read(session: AsyncSession, *, letter: DecisionLetterRecord) -> LetterRead:
    """The letter's record with its deliveries and the letter that replaces it, if any."""
    return LetterRead(
        id=letter.id,
        decision_type=DecisionType(letter.decision_type),
        decision_id=letter.decision_id,
        language=letter.language,
        reference=letter.reference,
        issued_on=letter.issued_on,
        correction_of=letter.correction_of,
        corrected_by=await replaced_by(session, letter=letter),
        created_by=letter.created_by,
        created_at=letter.created_at,
        deliveries=[
            LetterDeliveryRead.model_validate(d) for d in await deliveries(session, letter_id=letter.id)
        ],
    )
