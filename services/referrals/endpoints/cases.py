"""The caseworker's endpoints (and intake by other systems). Only caseworkers read cases."""

from datetime import datetime
from typing import Annotated

from fastapi import Path, Query, status

from services.kit.db import utcnow
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep
from services.referrals import cases, intake, offer_referrals
from services.referrals.dependencies import (
    Caseworker,
    CipherDep,
    ConfigDep,
    IntakeCaller,
    Today,
    ValidCase,
)
from services.referrals.endpoints import authenticated_router
from services.referrals.exceptions import CaseNotFound
from services.referrals.rules.workflow import CaseState
from services.referrals.schemas import (
    AssignmentUpdate,
    CasePage,
    CaseRead,
    CaseStatus,
    CaseSummary,
    ChildrenUpdate,
    CitizenUpdate,
    ConsentCreate,
    ConsentRead,
    ConsentWithdrawal,
    CprLookup,
    CprRevealed,
    IntakeCreate,
    IntakeReceipt,
    JournalCreate,
    JournalEntryRead,
    LookupHit,
    Purpose,
    PurposeIn,
    ReferralCreate,
    ReferralRead,
    ReferralStatusUpdate,
    TransitionCreate,
)

router = authenticated_router("cases")
ItemId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _now() -> datetime:
    return utcnow()


@router.post(
    "/cases", response_model=IntakeReceipt, status_code=status.HTTP_201_CREATED, summary="Take in a report"
)
async def post_case(
    body: IntakeCreate, session: SessionDep, cipher: CipherDep, config: ConfigDep, principal: IntakeCaller
) -> IntakeReceipt:
    """A caseworker taking a report by phone, or another system delivering one; no case data back."""
    channel = "system" if principal.kind == "client" or body.channel == "system" else body.channel
    case, receipt = await intake.submit(
        session,
        cipher=cipher,
        config=config,
        body=body,
        channel=channel,
        received_by=principal.subject,
        received_by_name=principal.name,
        now=_now(),
    )
    return IntakeReceipt(
        id=case.id,
        reference=receipt.reference,
        follow_up_code=receipt.follow_up_code,
        emergency_contacts=receipt.emergency_contacts,
    )


@router.get("/cases", response_model=CasePage, summary="The inbox (each listed case is a logged read)")
async def get_cases(
    session: SessionDep,
    cipher: CipherDep,
    principal: Caseworker,
    today: Today,
    scope: cases.Scope = "open",
    state: CaseState | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1)] = 0,
) -> CasePage:
    return await cases.list_cases(
        session,
        cipher=cipher,
        principal=principal,
        scope=scope,
        state=state,
        limit=limit,
        offset=offset,
        today=today,
    )


@router.get(
    "/cases/overdue", response_model=list[CaseSummary], summary="Cases past their first-contact deadline"
)
async def get_overdue(
    session: SessionDep, cipher: CipherDep, principal: Caseworker, today: Today
) -> list[CaseSummary]:
    return await cases.overdue_cases(session, cipher=cipher, principal=principal, today=today)


@router.post(
    "/cases/lookup", response_model=list[LookupHit], summary="Find a person's cases by CPR (in the body)"
)
async def post_lookup(
    body: CprLookup, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> list[LookupHit]:
    """By the keyed hash of the number; the CPR travels in the body, never in the URL."""
    return await cases.lookup(session, cipher=cipher, principal=principal, cpr=body.cpr, purpose=body.purpose)


@router.get(
    "/cases/{case_id}",
    response_model=CaseRead,
    summary="One case (written to the access log)",
    responses=problem_responses(404),
)
async def get_case(
    case: ValidCase,
    session: SessionDep,
    cipher: CipherDep,
    principal: Caseworker,
    today: Today,
    purpose: Purpose = Purpose.CASEWORK,
) -> CaseRead:
    return cases.read_case(
        session, case=case, cipher=cipher, principal=principal, purpose=purpose, today=today
    )


@router.post(
    "/cases/{case_id}/cpr-reveal",
    response_model=CprRevealed,
    summary="Show the full CPR (logged)",
    responses=problem_responses(404),
)
async def post_cpr_reveal(
    body: PurposeIn, case: ValidCase, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> CprRevealed:
    cpr = cases.reveal_cpr(session, case=case, cipher=cipher, principal=principal, purpose=body.purpose)
    if cpr is None:
        raise CaseNotFound("The case has no CPR number.")
    return CprRevealed(cpr=cpr)


@router.post(
    "/cases/{case_id}/transitions",
    response_model=CaseStatus,
    summary="Take a workflow step",
    responses=problem_responses(404, 409),
)
async def post_transition(
    body: TransitionCreate, case: ValidCase, cipher: CipherDep, principal: Caseworker, today: Today
) -> CaseStatus:
    """Refused with 409 and the reasons (e.g. children_question_unanswered) when the step is not allowed."""
    return cases.transition(case, body=body, principal=principal, cipher=cipher, today=today, now=_now())


@router.put(
    "/cases/{case_id}/assignment",
    response_model=CaseStatus,
    summary="Assign the case",
    responses=problem_responses(404, 409),
)
async def put_assignment(
    body: AssignmentUpdate, case: ValidCase, cipher: CipherDep, principal: Caseworker
) -> CaseStatus:
    return cases.assign(case, body=body, principal=principal, cipher=cipher, now=_now())


@router.post(
    "/cases/{case_id}/journal",
    response_model=JournalEntryRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a journal entry (corrections are new entries)",
    responses=problem_responses(404),
)
async def post_journal(
    body: JournalCreate, case: ValidCase, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> JournalEntryRead:
    return await cases.add_journal_entry(
        session, case, body=body, principal=principal, cipher=cipher, now=_now()
    )


@router.put(
    "/cases/{case_id}/children",
    response_model=CaseStatus,
    summary="Answer the children question",
    responses=problem_responses(404, 409),
)
async def put_children(
    body: ChildrenUpdate, case: ValidCase, cipher: CipherDep, principal: Caseworker
) -> CaseStatus:
    return cases.answer_children(case, body=body, principal=principal, cipher=cipher, now=_now())


@router.patch(
    "/cases/{case_id}/citizen",
    response_model=CaseStatus,
    summary="Correct the citizen's details",
    responses=problem_responses(404, 409),
)
async def patch_citizen(
    body: CitizenUpdate, case: ValidCase, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> CaseStatus:
    return cases.update_citizen(session, case, body=body, principal=principal, cipher=cipher, now=_now())


@router.post(
    "/cases/{case_id}/consents",
    response_model=ConsentRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record a consent",
    responses=problem_responses(404, 409),
)
async def post_consent(
    body: ConsentCreate, case: ValidCase, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> ConsentRead:
    return await cases.add_consent(session, case, body=body, principal=principal, cipher=cipher, now=_now())


@router.post(
    "/cases/{case_id}/consents/{consent_id}/withdrawal",
    response_model=ConsentRead,
    summary="Withdraw a consent",
    responses=problem_responses(404, 409),
)
async def post_withdrawal(
    consent_id: ItemId,
    body: ConsentWithdrawal,
    case: ValidCase,
    session: SessionDep,
    cipher: CipherDep,
    principal: Caseworker,
) -> ConsentRead:
    """Answers with the consent (its scope decrypted), so the read is written to the access log."""
    return cases.withdraw_consent(
        session, case, consent_id, body=body, principal=principal, cipher=cipher, now=_now()
    )


@router.post(
    "/cases/{case_id}/referrals",
    response_model=ReferralRead,
    status_code=status.HTTP_201_CREATED,
    summary="Propose an offer on the ladder",
    responses=problem_responses(404, 409),
)
async def post_referral(
    body: ReferralCreate, case: ValidCase, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> ReferralRead:
    return await offer_referrals.propose(
        session, case, body=body, principal=principal, cipher=cipher, now=_now()
    )


@router.put(
    "/cases/{case_id}/referrals/{referral_id}/status",
    response_model=ReferralRead,
    summary="Change a referral's status",
    responses=problem_responses(404, 409),
)
async def put_referral_status(
    referral_id: ItemId,
    body: ReferralStatusUpdate,
    case: ValidCase,
    session: SessionDep,
    cipher: CipherDep,
    principal: Caseworker,
) -> ReferralRead:
    """Answers with the referral (its note decrypted), so the read is written to the access log."""
    return offer_referrals.change_status(
        session, case, referral_id, body=body, principal=principal, cipher=cipher, now=_now()
    )
