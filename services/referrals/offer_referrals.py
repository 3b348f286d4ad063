"""Referrals from a case to offers on the ladder, and their statuses (proposed → … → ended)."""

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from services.kit.auth import Principal
from services.referrals import accesslog
from services.referrals.accesslog import AccessAction
from services.referrals.crypto import Cipher
from services.referrals.exceptions import OfferNotFound, ReferralNotFound, ReferralRefused
from services.referrals.models import Case, Offer, OfferReferral, ReferralEvent
from services.referrals.rules.decisions import DecisionOutcome, DecisionProblem, may_start
from services.referrals.rules.workflow import (
    CaseState,
    ReferralStatus,
    may_change_referral,
    may_refer,
    referral_targets,
)
from services.referrals.schemas import (
    Purpose,
    ReferralCreate,
    ReferralHistoryRead,
    ReferralRead,
    ReferralStatusUpdate,
)


def referral_read(referral: OfferReferral, cipher: Cipher) -> ReferralRead:
    current = ReferralStatus(referral.status)
    return ReferralRead(
        id=referral.id,
        offer_id=referral.offer_id,
        offer_code=referral.offer.code,
        offer_name_da=referral.offer.name_da,
        offer_name_en=referral.offer.name_en,
        level=referral.level,
        needs_assessment=referral.offer.needs_assessment,
        status=current,
        note=cipher.decrypt_optional(referral.note),
        created_by=referral.created_by,
        created_at=referral.created_at,
        updated_at=referral.updated_at,
        next_statuses=referral_targets(current),
        history=[ReferralHistoryRead.model_validate(h) for h in referral.history],
    )


async def propose(
    session: AsyncSession,
    *,
    case: Case,
    body: ReferralCreate,
    principal: Principal,
    cipher: Cipher,
    now: datetime,
) -> ReferralRead:
    """Propose an offer to the citizen; the offer's level is kept with the referral."""
    if not may_refer(CaseState(case.state)):
        raise ReferralRefused(
            "Offers are proposed after contact with the citizen, and not on a closed case.",
            errors=[{"loc": ["case", "state"], "msg": "referral_not_allowed_in_state"}],
        )
    offer = await session.get(Offer, body.offer_id)
    if offer is None or not offer.active:
        raise OfferNotFound(f"No active offer with id {body.offer_id}.")
    referral = OfferReferral(
        offer=offer,
        level=offer.level,
        status=ReferralStatus.PROPOSED,
        note=cipher.encrypt_optional(body.note),
        created_by=principal.subject,
        created_at=now,
        updated_at=now,
    )
    referral.history.append(
        ReferralEvent(from_status=None, to_status=ReferralStatus.PROPOSED, actor=principal.subject, at=now)
    )
    case.referrals.append(referral)
    await session.flush()
    return referral_read(referral, cipher)


def advance(
    case: Case, referral_id: int, *, body: ReferralStatusUpdate, principal: Principal, now: datetime
) -> OfferReferral:
    """Move a referral to its next status, with who and when; reads nothing of the case."""
    referral = next((r for r in case.referrals if r.id == referral_id), None)
    if referral is None:
        raise ReferralNotFound(f"The case has no referral {referral_id}.")
    current = ReferralStatus(referral.status)
    if not may_change_referral(current, body.status):
        raise ReferralRefused(
            f"A referral that is {current} cannot become {body.status}.",
            errors=[{"loc": ["body", "status"], "msg": "referral_status_not_allowed"}],
        )
    decided = next((d for d in reversed(case.decisions) if d.referral_id == referral.id), None)
    outcome = DecisionOutcome(decided.outcome) if decided else None
    if body.status is ReferralStatus.STARTED and not may_start(
        needs_assessment=referral.offer.needs_assessment, latest_outcome=outcome
    ):
        raise ReferralRefused(
            "An offer that needs an assessment starts only once it is granted.",
            errors=[{"loc": ["body", "status"], "msg": str(DecisionProblem.NOT_GRANTED)}],
        )
    referral.status = body.status
    referral.updated_at = now
    referral.history.append(
        ReferralEvent(from_status=current, to_status=body.status, actor=principal.subject, at=now)
    )
    return referral


def change_status(
    session: AsyncSession,
    *,
    case: Case,
    referral_id: int,
    body: ReferralStatusUpdate,
    principal: Principal,
    cipher: Cipher,
    now: datetime,
) -> ReferralRead:
    """advance(), answered with the referral: its note is shown decrypted, so the read is logged."""
    referral = advance(case, referral_id, body=body, principal=principal, now=now)
    accesslog.record(
        session,
        principal=principal,
        action=AccessAction.REFERRAL_STATUS,
        fields=("referrals.note",),
        purpose=Purpose.CASEWORK,
        case=case,
    )
    return referral_read(referral, cipher)
