"""Decisions on offers that need an assessment (visitation), and their letters (DOMAIN § 6.4, § 6.7).

The decision is written as a letter with the kit's letter machinery (forvaltningsloven §§ 22–25: decision,
reasons with the rules applied and the facts relied on, the hearing, complaint guidance from the
municipality's configuration), rendered once to HTML and PDF, stored encrypted and unchanged with the
decision, and queued in the outbox (outbox.py) to be sent. A later decision on the same referral is a new
decision and a new letter that names the one it replaces; the first stays as it was sent.
"""

import asyncio
import hashlib
import json
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.kit import letters, pdf
from services.kit.auth import Principal
from services.referrals import accesslog, offers
from services.referrals.accesslog import AccessAction
from services.referrals.config import ReferralsConfig
from services.referrals.crypto import Cipher
from services.referrals.exceptions import DecisionNotFound, DecisionRefused, ReferralNotFound
from services.referrals.models import AssessmentDecision, Case, CaseEvent, OfferReferral, OutboxLetter
from services.referrals.rules.decisions import ASSESSED_OFFER, DecisionOutcome, decision_problems
from services.referrals.rules.workflow import CaseState, EventKind, ReferralStatus
from services.referrals.schemas import (
    DecisionCreate,
    DecisionRead,
    DecisionReasonRead,
    LetterDeliveryRead,
    Purpose,
)

SUBJECTS = {"da": "Afgørelse om {offer}", "en": "Decision on {offer}"}
OUTCOME_SENTENCES = {
    "da": {
        DecisionOutcome.GRANTED: "Du får bevilget tilbuddet: {offer}.",
        DecisionOutcome.PARTLY_GRANTED: "Du får delvist bevilget tilbuddet: {offer}.",
        DecisionOutcome.REFUSED: "Du får afslag på tilbuddet: {offer}.",
    },
    "en": {
        DecisionOutcome.GRANTED: "You are granted the offer: {offer}.",
        DecisionOutcome.PARTLY_GRANTED: "You are partly granted the offer: {offer}.",
        DecisionOutcome.REFUSED: "You are refused the offer: {offer}.",
    },
}


def _referral(case: Case, referral_id: int) -> OfferReferral:
    referral = next((r for r in case.referrals if r.id == referral_id), None)
    if referral is None:
        raise ReferralNotFound(f"The case has no referral {referral_id}.")
    return referral


def of_referral(case: Case, referral_id: int) -> list[AssessmentDecision]:
    """The referral's decisions, oldest first (the last is the one in force)."""
    _referral(case, referral_id)
    return [d for d in case.decisions if d.referral_id == referral_id]


def latest(case: Case, referral_id: int) -> AssessmentDecision | None:
    made = of_referral(case, referral_id)
    return made[-1] if made else None


def latest_outcome(case: Case, referral_id: int) -> DecisionOutcome | None:
    decision = latest(case, referral_id)
    return DecisionOutcome(decision.outcome) if decision else None


def decision_reads(made: Sequence[AssessmentDecision], cipher: Cipher) -> list[DecisionRead]:
    """Each decision with what it says and how its letter went; the letters themselves are read apart."""
    replaced_by = {d.corrects_id: d.id for d in made if d.corrects_id is not None}
    return [
        DecisionRead(
            id=d.id,
            referral_id=d.referral_id,
            reference=d.reference,
            outcome=DecisionOutcome(d.outcome),
            language="en" if d.language == "en" else "da",
            issued_on=d.issued_on,
            decision=cipher.decrypt(d.decision_text),
            reasons=[DecisionReasonRead(**r) for r in json.loads(cipher.decrypt(d.reasons))],
            facts=json.loads(cipher.decrypt(d.facts)),
            hearing=cipher.decrypt(d.hearing),
            corrects_id=d.corrects_id,
            corrected_by=replaced_by.get(d.id),
            decided_by=d.decided_by,
            decided_by_name=d.decided_by_name,
            decided_at=d.decided_at,
            letter_sha256=d.letter_sha256,
            deliveries=[LetterDeliveryRead.model_validate(letter) for letter in d.letters],
        )
        for d in made
    ]


def _rules_of(referral: OfferReferral, today: date) -> str:
    """The offer's legal bases in force, as a letter names the rules applied (e.g. "Serviceloven § 85")."""
    bases = offers.bases_in_force(referral.offer.legal_bases, today)
    return ", ".join(f"{b.law} {b.paragraph}" for b in bases) or referral.offer.name_da


def compose(
    case: Case,
    referral: OfferReferral,
    body: DecisionCreate,
    *,
    reference: str,
    config: ReferralsConfig,
    municipality: str,
    cipher: Cipher,
    today: date,
    correction_of: str | None,
) -> letters.DecisionLetter:
    """The letter of the decision, in the language asked for (Danish by default)."""
    language = body.language
    offer = referral.offer.name_da if language == "da" else referral.offer.name_en
    rule = _rules_of(referral, today)
    return letters.DecisionLetter(
        decision_type=ASSESSED_OFFER,
        language=language,
        municipality=municipality,
        unit=config.single_entry_name,
        reference=reference,
        issued_on=today,
        subject=SUBJECTS[language].format(offer=offer),
        decision=f"{OUTCOME_SENTENCES[language][body.outcome].format(offer=offer)} {body.decision}",
        reasons=tuple(letters.Reason(r.rule or rule, r.text) for r in body.reasons),
        facts=tuple(body.facts),
        hearing=body.hearing,
        guidance=config.complaint_guidance[ASSESSED_OFFER],
        recipient=cipher.decrypt(case.citizen_name),
        correction_of=correction_of,
    )


async def decide(
    session: AsyncSession,
    *,
    case: Case,
    referral_id: int,
    body: DecisionCreate,
    config: ReferralsConfig,
    municipality: str,
    channel: str,
    principal: Principal,
    cipher: Cipher,
    today: date,
    now: datetime,
) -> DecisionRead:
    """Decide on an offer that needs an assessment; the letter is rendered, stored and queued to send.

    Refused (409) for an offer without assessment, a referral declined or ended, a closed case, or a
    second decision that does not name the one in force as the one it replaces.
    """
    referral = _referral(case, referral_id)
    current = latest(case, referral_id)
    problems = decision_problems(
        needs_assessment=referral.offer.needs_assessment,
        status=ReferralStatus(referral.status),
        case_closed=case.state == CaseState.CLOSED,
        latest_decision=current.id if current else None,
        corrects=body.corrects,
    )
    if problems:
        raise DecisionRefused(
            "No decision can be made on this referral now.",
            errors=[{"loc": ["body", "outcome"], "msg": str(problem)} for problem in problems],
        )
    reference = f"{case.reference}-A{len(case.decisions) + 1}"
    letter = compose(
        case,
        referral,
        body,
        reference=reference,
        config=config,
        municipality=municipality,
        cipher=cipher,
        today=today,
        correction_of=current.reference if current else None,
    )
    html = letters.render_html(letter)
    # fpdf2 is pure Python and takes a moment: off the event loop.
    document = await asyncio.to_thread(
        pdf.html_to_pdf,
        letters.render_html(letter, standalone=False),
        title=letter.subject,
        author=municipality,
        language=letter.language,
    )
    decision = AssessmentDecision(
        referral_id=referral.id,
        reference=reference,
        outcome=body.outcome,
        language=body.language,
        issued_on=today,
        decision_text=cipher.encrypt(body.decision),
        reasons=cipher.encrypt(
            json.dumps([{"rule": r.rule, "text": r.text} for r in letter.reasons], ensure_ascii=False)
        ),
        facts=cipher.encrypt(json.dumps(list(body.facts), ensure_ascii=False)),
        hearing=cipher.encrypt(body.hearing),
        letter_html=cipher.encrypt(html),
        letter_pdf=cipher.encrypt_bytes(document).decode(),
        letter_sha256=hashlib.sha256(document).hexdigest(),
        corrects_id=current.id if current else None,
        decided_by=principal.subject,
        decided_by_name=principal.name,
        decided_at=now,
        letters=[OutboxLetter(channel=channel, status="pending", queued_at=now, attempts=0)],
    )
    case.decisions.append(decision)
    case.events.append(
        CaseEvent(
            kind=EventKind.DECISION,
            reason=cipher.encrypt(f"{reference}: {body.outcome}"),
            actor=principal.subject,
            actor_name=principal.name,
            at=now,
        )
    )
    await session.flush()
    # The answer shows what the decision says (case data): a read, so it is logged.
    accesslog.record(
        session,
        principal=principal,
        action=AccessAction.DECISION,
        fields=("decisions",),
        purpose=Purpose.CASEWORK,
        case=case,
    )
    return decision_reads([*of_referral(case, referral_id)], cipher)[-1]


def _chosen(case: Case, referral_id: int, decision_id: int | None) -> AssessmentDecision:
    made = of_referral(case, referral_id)
    chosen = (
        made[-1] if made and decision_id is None else next((d for d in made if d.id == decision_id), None)
    )
    if chosen is None:
        raise DecisionNotFound("The referral has no such decision.")
    return chosen


def read(
    session: AsyncSession, *, case: Case, referral_id: int, principal: Principal, cipher: Cipher
) -> list[DecisionRead]:
    """The referral's decisions, oldest first (the last is in force); a logged read. 404 when none."""
    made = of_referral(case, referral_id)
    if not made:
        raise DecisionNotFound("The referral has no decision.")
    accesslog.record(
        session,
        principal=principal,
        action=AccessAction.READ,
        fields=("decisions",),
        purpose=Purpose.CASEWORK,
        case=case,
    )
    return decision_reads(made, cipher)


def letter(
    session: AsyncSession,
    *,
    case: Case,
    referral_id: int,
    decision_id: int | None,
    as_pdf: bool,
    principal: Principal,
    cipher: Cipher,
) -> tuple[AssessmentDecision, bytes]:
    """The stored letter of a decision (the one in force unless `decision_id`), exactly as it was made."""
    chosen = _chosen(case, referral_id, decision_id)
    accesslog.record(
        session,
        principal=principal,
        action=AccessAction.DECISION_LETTER,
        fields=("decisions.letter",),
        purpose=Purpose.CASEWORK,
        case=case,
    )
    if as_pdf:
        return chosen, cipher.decrypt_bytes(chosen.letter_pdf.encode())
    return chosen, cipher.decrypt(chosen.letter_html).encode()
