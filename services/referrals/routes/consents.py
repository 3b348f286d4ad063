"""A case's consents: recorded with their scope and date, withdrawn from a date on, never deleted."""

from fastapi import APIRouter, status

from services.kit.db import utcnow
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute
from services.kit.schemas import RowId
from services.referrals import cases
from services.referrals.dependencies import Caseworker, CipherDep, Today, ValidCase
from services.referrals.schemas import ConsentCreate, ConsentRead, ConsentWithdrawalCreate

router = APIRouter(prefix="/v1", route_class=TransactionalRoute, tags=["Consents"])


@router.post(
    "/cases/{case_id}/consents",
    response_model=ConsentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record a consent",
    responses=problem_responses(404, 409),
)
async def create_consent(
    body: ConsentCreate,
    case: ValidCase,
    session: SessionDep,
    cipher: CipherDep,
    principal: Caseworker,
    today: Today,
) -> ConsentRead:
    """Record a consent the citizen gave: its scope (to whom, about what) and date, not in the future."""
    return await cases.add_consent(
        session, case=case, body=body, principal=principal, cipher=cipher, now=utcnow(), today=today
    )


@router.post(
    "/cases/{case_id}/consents/{consent_id}/withdrawal",
    response_model=ConsentRead,
    summary="Withdraw a consent",
    responses=problem_responses(404, 409),
)
async def withdraw_consent(
    consent_id: RowId,
    body: ConsentWithdrawalCreate,
    case: ValidCase,
    session: SessionDep,
    cipher: CipherDep,
    principal: Caseworker,
    today: Today,
) -> ConsentRead:
    """Answers with the consent (its scope decrypted), so the read is written to the access log.

    Withdraws the consent from the date given; the consent itself is kept."""
    return cases.withdraw_consent(
        session,
        case=case,
        consent_id=consent_id,
        body=body,
        principal=principal,
        cipher=cipher,
        now=utcnow(),
        today=today,
    )
