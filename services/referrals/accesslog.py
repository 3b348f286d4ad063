"""The append-only log of every read of a person's data, and its export per person (GDPR art. 15)."""

from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.kit.auth import Principal
from services.kit.db import utcnow
from services.referrals.crypto import Cipher
from services.referrals.models import AccessLogEntry, Case
from services.referrals.rules import cpr as cpr_rules
from services.referrals.schemas import AccessLogEntryRead, AccessLogExport

CPR_HASH = "cpr"


def record(
    session: AsyncSession,
    *,
    principal: Principal,
    action: str,
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


async def export_for_person(
    session: AsyncSession, *, cipher: Cipher, cpr: str, principal: Principal
) -> AccessLogExport:
    """Every logged read of the data of the person with `cpr`, including reads of cases since deleted.

    The export is itself a use of the person's CPR number and is logged, after the entries are read.
    """
    subject = cipher.lookup_hash(CPR_HASH, cpr)
    their_cases = select(Case.id).where(Case.citizen_cpr_hash == subject)
    rows = (
        await session.scalars(
            select(AccessLogEntry)
            .where(or_(AccessLogEntry.subject_hash == subject, AccessLogEntry.case_id.in_(their_cases)))
            .order_by(AccessLogEntry.at, AccessLogEntry.id)
        )
    ).all()
    record(
        session,
        principal=principal,
        action="access_log_export",
        fields=["access_log"],
        purpose="access_request",
        subject_hash=subject,
    )
    return AccessLogExport(
        cpr_masked=cpr_rules.mask(cpr),
        generated_at=utcnow(),
        entries=[AccessLogEntryRead.model_validate(row) for row in rows],
    )
