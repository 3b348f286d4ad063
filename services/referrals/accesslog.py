"""The append-only log of every read of a person's data, and its export per person (GDPR art. 15)."""

from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.kit.auth import Principal
from services.kit.db import utcnow
from services.referrals.crypto import Cipher
from services.referrals.models import AccessLogEntry, Case, CaseSubject, Consent, Disclosure
from services.referrals.rules import cpr as cpr_rules
from services.referrals.rules.disclosures import DisclosureBasis
from services.referrals.schemas import AccessLogEntryRead, AccessLogExportRead, DisclosureLogRead, Purpose

CPR_HASH = "cpr"


class AccessAction(StrEnum):
    """What a logged use of a person's data was."""

    LIST = "list"
    READ = "read"
    REVEAL_CPR = "reveal_cpr"
    LOOKUP = "lookup"
    WITHDRAW_CONSENT = "withdraw_consent"
    REFERRAL_STATUS = "referral_status"
    DISCLOSURE = "disclosure"
    DECISION = "decision"
    DECISION_LETTER = "decision_letter"
    ACCESS_LOG_EXPORT = "access_log_export"


def record(
    session: AsyncSession,
    *,
    principal: Principal,
    action: AccessAction,
    fields: Sequence[str],
    purpose: str,
    case: Case | None = None,
    subject_hash: str | None = None,
) -> None:
    """Write one entry: who, when, which case, which fields, why. Never updated or deleted afterwards."""
    session.add(
        AccessLogEntry(
            at=utcnow(),
            actor=principal.subject,
            actor_name=principal.name,
            action=action,
            case_id=case.id if case else None,
            case_reference=case.reference if case else None,
            subject_hash=(case.citizen_cpr_hash if case else None) or subject_hash,
            fields=list(fields),
            purpose=purpose,
        )
    )


def link_subject(session: AsyncSession, *, case: Case, at: datetime) -> None:
    """Record that the case is about the person with its current CPR hash (or no one) from `at` on.

    Called when a case arrives with a CPR number and whenever its CPR number is added, changed or removed;
    the export below uses it for the reads that were logged before the number was known.
    """
    session.add(
        CaseSubject(
            case_id=case.id, case_reference=case.reference, subject_hash=case.citizen_cpr_hash, linked_at=at
        )
    )


def _reads_without_subject(
    entries: Sequence[AccessLogEntry], links: Sequence[CaseSubject], subject: str
) -> list[AccessLogEntry]:
    """The entries (logged without a CPR hash) that were reads of `subject`'s data, by the case links.

    A read belongs to the person the case was linked to at the time; a read before the case's first link
    to the first person it was linked to (the number came later, the data was theirs all along).
    """
    by_case: dict[tuple[int, str], list[CaseSubject]] = {}
    for link in sorted(links, key=lambda link: (link.linked_at, link.id)):
        by_case.setdefault((link.case_id, link.case_reference), []).append(link)
    found = []
    for entry in entries:
        history = by_case.get((entry.case_id or 0, entry.case_reference or ""))
        if not history:
            continue
        current = history[0]
        for link in history:
            if link.linked_at <= entry.at:
                current = link
        if current.subject_hash == subject:
            found.append(entry)
    return found


async def _disclosures_of(session: AsyncSession, *, cipher: Cipher, subject: str) -> list[DisclosureLogRead]:
    """Every disclosure from the cases of the person with the CPR lookup hash `subject`, for the access-
    log export (GDPR art. 15(1)(c): the recipients to whom their data were disclosed)."""
    rows = (
        await session.execute(
            select(Disclosure, Case.reference, Consent.scope)
            .join(Case, Case.id == Disclosure.case_id)
            .outerjoin(Consent, Consent.id == Disclosure.consent_id)
            .where(Case.citizen_cpr_hash == subject)
            .order_by(Disclosure.disclosed_on, Disclosure.id)
        )
    ).all()
    found = []
    for disclosure, reference, recorded_scope in rows:
        found.append(
            DisclosureLogRead(
                disclosed_on=disclosure.disclosed_on,
                case_reference=reference,
                recipient=cipher.decrypt(disclosure.recipient),
                information=cipher.decrypt(disclosure.information),
                basis=DisclosureBasis(disclosure.basis),
                consent_scope=cipher.decrypt_optional(recorded_scope or disclosure.consent_scope),
                legal_provision=disclosure.legal_provision,
                decided_by_name=disclosure.decided_by_name,
                recorded_at=disclosure.recorded_at,
            )
        )
    return found


async def export_for_person(
    session: AsyncSession, *, cipher: Cipher, cpr: str, principal: Principal
) -> AccessLogExportRead:
    """Every logged read of the data of the person with `cpr`, including reads of cases since deleted, and
    every disclosure of it from the person's cases (to whom, what, on which basis).

    The entries logged with the person's hash, and the entries logged without one (before the CPR number
    was added) of the cases linked to the person at the time (case_subjects, kept through retention).

    The export is itself a use of the person's CPR number and is logged, after the entries are read.
    """
    subject = cipher.lookup_hash(CPR_HASH, cpr)
    direct = (
        await session.scalars(select(AccessLogEntry).where(AccessLogEntry.subject_hash == subject))
    ).all()
    linked_cases = select(CaseSubject.case_id).where(CaseSubject.subject_hash == subject)
    links = (await session.scalars(select(CaseSubject).where(CaseSubject.case_id.in_(linked_cases)))).all()
    without_subject = (
        await session.scalars(
            select(AccessLogEntry).where(
                AccessLogEntry.subject_hash.is_(None), AccessLogEntry.case_id.in_(linked_cases)
            )
        )
    ).all()
    found = {entry.id: entry for entry in (*direct, *_reads_without_subject(without_subject, links, subject))}
    rows = sorted(found.values(), key=lambda entry: (entry.at, entry.id))
    passed_on = await _disclosures_of(session, cipher=cipher, subject=subject)
    record(
        session,
        principal=principal,
        action=AccessAction.ACCESS_LOG_EXPORT,
        fields=["access_log", "disclosures"],
        purpose=Purpose.ACCESS_REQUEST,
        subject_hash=subject,
    )
    return AccessLogExportRead(
        cpr_masked=cpr_rules.mask(cpr),
        generated_at=utcnow(),
        entries=[AccessLogEntryRead.model_validate(row) for row in rows],
        disclosures=passed_on,
    )
