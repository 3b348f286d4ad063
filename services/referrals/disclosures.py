"""Disclosures: each passing of case information to another authority or person, with its basis
(forvaltningsloven §§ 27–28; DOMAIN § 6.4). Recorded on the case, shown on it, and listed in the citizen's
access-log export (accesslog.py). The rules of the bases are in rules/disclosures.py.
"""

from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.kit.auth import Principal
from services.referrals import accesslog
from services.referrals.accesslog import AccessAction
from services.referrals.crypto import Cipher
from services.referrals.exceptions import DisclosureRefused
from services.referrals.models import Case, CaseEvent, Disclosure
from services.referrals.rules.disclosures import (
    ConsentFacts,
    DisclosureBasis,
    disclosure_problems,
    provision_of,
)
from services.referrals.rules.workflow import EventKind
from services.referrals.schemas import DisclosureCreate, DisclosureRead, Purpose


def _scope(disclosure: Disclosure, case: Case, cipher: Cipher) -> str | None:
    """The consent's scope: the recorded consent's own, or the one written down with the disclosure."""
    if disclosure.consent_id is not None:
        consent = next((c for c in case.consents if c.id == disclosure.consent_id), None)
        return cipher.decrypt(consent.scope) if consent is not None else None
    return cipher.decrypt_optional(disclosure.consent_scope)


def disclosure_read(disclosure: Disclosure, case: Case, cipher: Cipher) -> DisclosureRead:
    return DisclosureRead(
        id=disclosure.id,
        recipient=cipher.decrypt(disclosure.recipient),
        information=cipher.decrypt(disclosure.information),
        basis=DisclosureBasis(disclosure.basis),
        consent_id=disclosure.consent_id,
        consent_scope=_scope(disclosure, case, cipher),
        legal_provision=disclosure.legal_provision,
        justification=cipher.decrypt_optional(disclosure.justification),
        decided_by_name=disclosure.decided_by_name,
        disclosed_on=disclosure.disclosed_on,
        recorded_by=disclosure.recorded_by,
        recorded_by_name=disclosure.recorded_by_name,
        recorded_at=disclosure.recorded_at,
    )


async def record(
    session: AsyncSession,
    *,
    case: Case,
    body: DisclosureCreate,
    principal: Principal,
    cipher: Cipher,
    today: date,
    now: datetime,
) -> DisclosureRead:
    """Record one disclosure; refused (422, by field) when its basis lacks what the basis needs.

    Also on a closed case: information may be passed on after closure (a complaint, another authority's
    request), and that too must be on record.
    """
    consent = next((c for c in case.consents if c.id == body.consent_id), None)
    problems = disclosure_problems(
        basis=body.basis,
        disclosed_on=body.disclosed_on,
        today=today,
        case_has_consents=bool(case.consents),
        consent=ConsentFacts(consent.given_on, consent.withdrawn_on) if consent else None,
        consent_named=body.consent_id is not None,
        consent_scope=body.consent_scope,
        legal_provision=body.legal_provision,
        justification=body.justification,
    )
    if problems:
        raise DisclosureRefused(
            "The disclosure lacks what its basis needs.",
            errors=[{"loc": ["body", field], "msg": str(problem)} for field, problem in problems],
        )
    disclosure = Disclosure(
        recipient=cipher.encrypt(body.recipient),
        information=cipher.encrypt(body.information),
        basis=body.basis,
        consent_id=consent.id if consent else None,
        consent_scope=cipher.encrypt_optional(body.consent_scope),
        legal_provision=provision_of(body.basis, body.legal_provision),
        justification=cipher.encrypt_optional(body.justification),
        decided_by_name=body.decided_by_name or principal.name,
        disclosed_on=body.disclosed_on,
        recorded_by=principal.subject,
        recorded_by_name=principal.name,
        recorded_at=now,
    )
    case.disclosures.append(disclosure)
    # The history says that something was passed on, and to whom is in the disclosure itself.
    case.events.append(
        CaseEvent(
            kind=EventKind.DISCLOSURE,
            reason=cipher.encrypt(body.recipient),
            actor=principal.subject,
            actor_name=principal.name,
            at=now,
        )
    )
    await session.flush()
    # The answer shows the consent's scope (case data) back: a read, so it is logged.
    accesslog.record(
        session,
        principal=principal,
        action=AccessAction.DISCLOSURE,
        fields=("disclosures",),
        purpose=Purpose.CASEWORK,
        case=case,
    )
    return disclosure_read(disclosure, case, cipher)


def list_for_case(
    session: AsyncSession, *, case: Case, principal: Principal, cipher: Cipher
) -> list[DisclosureRead]:
    """The case's disclosures, oldest first; a logged read."""
    accesslog.record(
        session,
        principal=principal,
        action=AccessAction.READ,
        fields=("disclosures",),
        purpose=Purpose.CASEWORK,
        case=case,
    )
    return [disclosure_read(d, case, cipher) for d in case.disclosures]
