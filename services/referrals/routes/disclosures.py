"""A case's disclosures: each passing of its information to another authority or person, with the basis
(forvaltningsloven §§ 27–28). Caseworkers only; recorded, never changed or removed."""

from fastapi import APIRouter, status

from services.kit.db import utcnow
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute
from services.referrals import disclosures
from services.referrals.dependencies import Caseworker, CipherDep, Today, ValidCase
from services.referrals.schemas import DisclosureCreate, DisclosureRead

router = APIRouter(prefix="/v1", route_class=TransactionalRoute, tags=["Disclosures"])


@router.post(
    "/cases/{case_id}/disclosures",
    response_model=DisclosureRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record that case information was passed on",
    responses=problem_responses(404),
)
async def create_disclosure(
    body: DisclosureCreate,
    case: ValidCase,
    session: SessionDep,
    cipher: CipherDep,
    principal: Caseworker,
    today: Today,
) -> DisclosureRead:
    """Records that information from the case was passed on, to whom, on which basis and on which day (not
    in the future), also on a closed case; the case's history notes it. Answers with the disclosure, so the
    read is written to the access log.

    Refused with 422, by field, when the basis lacks what it needs: a consent of the case in force that
    day (or, on a case with none recorded, its scope), a named provision, or why it is of substantial
    importance (forvaltningsloven § 28, stk. 2)."""
    return await disclosures.record(
        session, case=case, body=body, principal=principal, cipher=cipher, today=today, now=utcnow()
    )


@router.get(
    "/cases/{case_id}/disclosures",
    response_model=list[DisclosureRead],
    summary="The case's disclosures (a logged read)",
    responses=problem_responses(404),
)
async def list_disclosures(
    case: ValidCase, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> list[DisclosureRead]:
    """Every disclosure recorded on the case, oldest first. Changes nothing in the case; the read is
    written to the access log."""
    return disclosures.list_for_case(session, case=case, principal=principal, cipher=cipher)
