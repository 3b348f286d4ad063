"""A case's referrals to offers on the ladder, and their statuses (proposed → … → ended)."""

from fastapi import APIRouter, status

from services.kit.db import utcnow
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute
from services.kit.schemas import RowId
from services.referrals import offer_referrals
from services.referrals.dependencies import Caseworker, CipherDep, ValidCase
from services.referrals.schemas import ReferralCreate, ReferralRead, ReferralStatusUpdate

router = APIRouter(prefix="/v1", route_class=TransactionalRoute, tags=["Referrals to offers"])


@router.post(
    "/cases/{case_id}/referrals",
    response_model=ReferralRead,
    status_code=status.HTTP_201_CREATED,
    summary="Propose an offer on the ladder",
    responses=problem_responses(404, 409),
)
async def create_referral(
    body: ReferralCreate, case: ValidCase, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> ReferralRead:
    """Propose an active offer on the ladder for the case, once the case may refer (409 otherwise)."""
    return await offer_referrals.propose(
        session, case=case, body=body, principal=principal, cipher=cipher, now=utcnow()
    )


@router.put(
    "/cases/{case_id}/referrals/{referral_id}/status",
    response_model=ReferralRead,
    summary="Change a referral's status",
    responses=problem_responses(404, 409),
)
async def update_referral_status(
    referral_id: RowId,
    body: ReferralStatusUpdate,
    case: ValidCase,
    session: SessionDep,
    cipher: CipherDep,
    principal: Caseworker,
) -> ReferralRead:
    """Answers with the referral (its note decrypted), so the read is written to the access log.

    Moves the referral to its next status: proposed → accepted or declined, accepted → started, started →
    ended; any other step is 409."""
    return offer_referrals.change_status(
        session,
        case=case,
        referral_id=referral_id,
        body=body,
        principal=principal,
        cipher=cipher,
        now=utcnow(),
    )
