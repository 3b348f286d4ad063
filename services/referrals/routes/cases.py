"""The caseworker's cases (and intake by other systems): the inbox, one case and its workflow.

Only caseworkers read cases; every read is written to the access log by the use case it calls.
"""

from typing import Annotated

from fastapi import APIRouter, Query, status

from services.kit.db import utcnow
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute
from services.referrals import cases, intake
from services.referrals.dependencies import Caseworker, CipherDep, Config, IntakeCaller, Today, ValidCase
from services.referrals.rules.workflow import CaseState
from services.referrals.schemas import (
    AcuteUpdate,
    AssignmentUpdate,
    CasePage,
    CaseRead,
    CaseStatusRead,
    CaseSummaryRead,
    ChildrenUpdate,
    CitizenUpdate,
    CprLookupCreate,
    CprRevealCreate,
    CprRevealRead,
    IntakeCreate,
    IntakeReceiptRead,
    JournalEntryCreate,
    JournalEntryRead,
    LookupHitRead,
    Purpose,
    TransitionCreate,
)

router = APIRouter(prefix="/v1", route_class=TransactionalRoute, tags=["Cases"])


@router.post(
    "/cases",
    response_model=IntakeReceiptRead,
    status_code=status.HTTP_201_CREATED,
    summary="Take in a report",
)
async def create_case(
    body: IntakeCreate, session: SessionDep, cipher: CipherDep, config: Config, principal: IntakeCaller
) -> IntakeReceiptRead:
    """A caseworker taking a report by phone, or another system delivering one; no case data back.

    Creates a case from the report as the public form does, with the channel it came by."""
    return await intake.take_in(
        session, cipher=cipher, config=config, body=body, principal=principal, now=utcnow()
    )


@router.get("/cases", response_model=CasePage, summary="The inbox (each listed case is a logged read)")
async def list_cases(
    session: SessionDep,
    cipher: CipherDep,
    principal: Caseworker,
    today: Today,
    scope: Annotated[cases.Scope, Query(description="open, mine, unassigned, closed or all cases")] = "open",
    state: Annotated[CaseState | None, Query(description="only cases in this state")] = None,
    limit: Annotated[int, Query(ge=1, le=500, description="at most this many")] = 100,
    offset: Annotated[int, Query(ge=0, le=2**31 - 1, description="skip this many")] = 0,
) -> CasePage:
    """The cases in the scope, newest first, with their first-contact deadlines. Each listed case is
    written to the access log as read."""
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
    "/cases/overdue", response_model=list[CaseSummaryRead], summary="Cases past their first-contact deadline"
)
async def list_overdue_cases(
    session: SessionDep, cipher: CipherDep, principal: Caseworker, today: Today
) -> list[CaseSummaryRead]:
    """Open cases whose first contact is past its deadline, the most overdue first. Each listed case is
    written to the access log as read."""
    return await cases.overdue_cases(session, cipher=cipher, principal=principal, today=today)


@router.post(
    "/cases/lookup", response_model=list[LookupHitRead], summary="Find a person's cases by CPR (in the body)"
)
async def look_up_cases(
    body: CprLookupCreate, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> list[LookupHitRead]:
    """By the keyed hash of the number; the CPR travels in the body, never in the URL.

    The person's cases (reference, state, date only), newest first; the lookup is written to the access
    log with its purpose."""
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
    purpose: Annotated[Purpose, Query(description="why the case is read; logged with the read")] = (
        Purpose.CASEWORK
    ),
) -> CaseRead:
    """One case with its citizen (CPR masked), reports, events, journal, consents, referrals and the
    children question, and the workflow steps allowed now. The read is written to the access log."""
    return cases.read_case(
        session, case=case, cipher=cipher, principal=principal, purpose=purpose, today=today
    )


@router.post(
    "/cases/{case_id}/cpr-reveal",
    response_model=CprRevealRead,
    summary="Show the full CPR (logged)",
    responses=problem_responses(404),
)
async def reveal_cpr(
    body: CprRevealCreate, case: ValidCase, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> CprRevealRead:
    """The citizen's full CPR number, for a stated purpose; the reveal is written to the access log."""
    return cases.reveal_cpr(session, case=case, cipher=cipher, principal=principal, purpose=body.purpose)


@router.post(
    "/cases/{case_id}/transitions",
    response_model=CaseStatusRead,
    summary="Take a workflow step",
    responses=problem_responses(404, 409, 422),
)
async def transition_case(
    body: TransitionCreate, case: ValidCase, cipher: CipherDep, principal: Caseworker, today: Today
) -> CaseStatusRead:
    """Refused with 409 and the reasons (e.g. children_question_unanswered) when the step is not allowed;
    with 422 when a declined case would close without `care_consideration` (SEL § 82, chapter 24).

    Moves the case to the next state of the workflow (DOMAIN § 6.4) and records the event; declining
    needs a follow-up date."""
    return cases.transition(case, body=body, principal=principal, cipher=cipher, today=today, now=utcnow())


@router.put(
    "/cases/{case_id}/acute",
    response_model=CaseStatusRead,
    summary="Mark the case acute, or no longer acute (the first-contact deadline follows)",
    responses=problem_responses(404, 409),
)
async def update_acute(
    body: AcuteUpdate, case: ValidCase, cipher: CipherDep, config: Config, principal: Caseworker
) -> CaseStatusRead:
    """Acute: the acute deadline (DOMAIN § 6.4: by default the same working day) counted from now, unless
    the case's deadline is earlier already; no longer acute: the normal deadline from its arrival."""
    return cases.mark_acute(case, body=body, config=config, principal=principal, cipher=cipher, now=utcnow())


@router.put(
    "/cases/{case_id}/assignment",
    response_model=CaseStatusRead,
    summary="Assign the case",
    responses=problem_responses(404, 409),
)
async def update_assignment(
    body: AssignmentUpdate, case: ValidCase, cipher: CipherDep, principal: Caseworker
) -> CaseStatusRead:
    """Assign the case to a caseworker (a received case becomes `assigned`); the event is recorded."""
    return cases.assign(case, body=body, principal=principal, cipher=cipher, now=utcnow())


@router.post(
    "/cases/{case_id}/journal",
    response_model=JournalEntryRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a journal entry (corrections are new entries)",
    responses=problem_responses(404),
)
async def create_journal_entry(
    body: JournalEntryCreate, case: ValidCase, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> JournalEntryRead:
    """Add an entry to the append-only journal; a correction names the entry it corrects, which stays."""
    return await cases.add_journal_entry(
        session, case=case, body=body, principal=principal, cipher=cipher, now=utcnow()
    )


@router.put(
    "/cases/{case_id}/children",
    response_model=CaseStatusRead,
    summary="Answer the children question",
    responses=problem_responses(404, 409),
)
async def update_children(
    body: ChildrenUpdate, case: ValidCase, cipher: CipherDep, principal: Caseworker
) -> CaseStatusRead:
    """Answer whether children live in the household and, if so, whether a notification was made; the
    case cannot close before this is answered."""
    return cases.answer_children(case, body=body, principal=principal, cipher=cipher, now=utcnow())


@router.patch(
    "/cases/{case_id}/citizen",
    response_model=CaseStatusRead,
    summary="Correct the citizen's details",
    responses=problem_responses(404, 409),
)
async def update_citizen(
    body: CitizenUpdate, case: ValidCase, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> CaseStatusRead:
    """Correct or complete the citizen's name, address, phone or CPR number, with the reason; the event
    names the fields changed, never their values."""
    return cases.update_citizen(
        session, case=case, body=body, principal=principal, cipher=cipher, now=utcnow()
    )
