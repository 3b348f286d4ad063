"""Decisions on offers that need an assessment (visitation), and their letters: caseworkers only.

The letter is the one stored when the decision was made, returned byte for byte (HTML or PDF); the
referral path names the decision in force, the decision's own id any earlier one.
"""

from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request, Response, status

from services.kit.db import utcnow
from services.kit.downloads import PDF as PDF_MEDIA_TYPE
from services.kit.downloads import download_responses
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute
from services.kit.schemas import RowId
from services.kit.state import state_of
from services.referrals import decisions, examples, outbox
from services.referrals.dependencies import Caseworker, CipherDep, Config, MunicipalityDep, Today, ValidCase
from services.referrals.schemas import DecisionCreate, DecisionRead
from services.referrals.state import ReferralsState

router = APIRouter(prefix="/v1", route_class=TransactionalRoute, tags=["Decisions and their letters"])
REFERRAL = "/cases/{case_id}/referrals/{referral_id}"


async def _send_letters(request: Request) -> None:
    """After the decision's transaction has committed: send what the outbox holds."""
    state = state_of(request, ReferralsState)
    await outbox.deliver_pending(state.session_factory, cipher=state.cipher, channel=state.letter_channel)


@router.post(
    f"{REFERRAL}/decision",
    response_model=DecisionRead,
    status_code=status.HTTP_201_CREATED,
    summary="Decide on an offer that needs an assessment (the letter is made, stored and sent)",
    responses=problem_responses(404, 409),
)
async def create_decision(
    referral_id: RowId,
    body: DecisionCreate,
    request: Request,
    background: BackgroundTasks,
    case: ValidCase,
    session: SessionDep,
    cipher: CipherDep,
    config: Config,
    municipality: MunicipalityDep,
    principal: Caseworker,
    today: Today,
) -> DecisionRead:
    """Decides on a proposed or accepted referral to an offer that needs an assessment: the letter
    (decision, reasons with the rules applied, facts, hearing, complaint guidance) is rendered in the
    language asked for, stored as HTML and PDF, and sent after the commit; the history notes it. A later
    decision replaces the one in force by naming it in `corrects`, and its letter says so. Answers with
    the decision, so the read is written to the access log.

    409 for an offer without assessment, a declined or ended referral, a closed case, or a second
    decision that does not name the one in force in `corrects`."""
    decision = await decisions.decide(
        session,
        case=case,
        referral_id=referral_id,
        body=body,
        config=config,
        municipality=municipality.name,
        channel=state_of(request, ReferralsState).letter_channel.name,
        principal=principal,
        cipher=cipher,
        today=today,
        now=utcnow(),
    )
    # Background tasks run after the response is sent, so after the commit (TransactionalRoute).
    background.add_task(_send_letters, request)
    return decision


@router.get(
    f"{REFERRAL}/decisions",
    response_model=list[DecisionRead],
    summary="The referral's decisions, oldest first (the last is in force)",
    responses=problem_responses(404),
)
async def list_decisions(
    referral_id: RowId, case: ValidCase, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> list[DecisionRead]:
    """Every decision on the referral, oldest first, each with how its letter was sent; the last is the
    one in force (404 while none is made). Changes nothing in the case; the read is written to the access
    log."""
    return decisions.read(session, case=case, referral_id=referral_id, principal=principal, cipher=cipher)


@router.get(
    f"{REFERRAL}/decision",
    response_model=DecisionRead,
    summary="The decision in force on the referral",
    responses=problem_responses(404),
)
async def get_decision(
    referral_id: RowId, case: ValidCase, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> DecisionRead:
    """The referral's newest decision, with how its letter was sent (404 while none is made). Changes
    nothing in the case; the read is written to the access log."""
    made = decisions.read(session, case=case, referral_id=referral_id, principal=principal, cipher=cipher)
    return made[-1]


def _letter_response(reference: str, content: bytes, *, as_pdf: bool) -> Response:
    media = "application/pdf" if as_pdf else "text/html; charset=utf-8"
    name = f"{reference}.{'pdf' if as_pdf else 'html'}"
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'inline; filename="{name}"', "Cache-Control": "no-store"},
    )


async def _letter(
    session: SessionDep,
    case: ValidCase,
    cipher: CipherDep,
    principal: Caseworker,
    referral_id: int,
    decision_id: int | None,
    as_pdf: bool,
) -> Response:
    decision, content = decisions.letter(
        session,
        case=case,
        referral_id=referral_id,
        decision_id=decision_id,
        as_pdf=as_pdf,
        principal=principal,
        cipher=cipher,
    )
    return _letter_response(decision.reference, content, as_pdf=as_pdf)


HTML: dict[int | str, dict[str, Any]] = download_responses(
    {"text/html": examples.DECISION_LETTER_HTML}, description="The letter as stored, a complete HTML page"
)
PDF: dict[int | str, dict[str, Any]] = download_responses(
    {PDF_MEDIA_TYPE: None}, description="The letter as stored and sent"
)


@router.get(
    f"{REFERRAL}/decision/letter",
    response_class=Response,
    summary="The letter of the decision in force (HTML, as stored)",
    responses={**HTML, **problem_responses(404)},
)
async def get_letter(
    referral_id: RowId, case: ValidCase, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> Response:
    """The letter of the decision in force, exactly as it was stored when the decision was made.
    Changes nothing in the case; the read is written to the access log."""
    return await _letter(session, case, cipher, principal, referral_id, None, as_pdf=False)


@router.get(
    f"{REFERRAL}/decision/letter.pdf",
    response_class=Response,
    summary="The letter of the decision in force (PDF, as stored)",
    responses={**PDF, **problem_responses(404)},
)
async def get_letter_pdf(
    referral_id: RowId, case: ValidCase, session: SessionDep, cipher: CipherDep, principal: Caseworker
) -> Response:
    """The PDF of the decision in force, exactly as it was stored and sent (its SHA-256 is the decision's
    `letter_sha256`). Changes nothing in the case; the read is written to the access log."""
    return await _letter(session, case, cipher, principal, referral_id, None, as_pdf=True)


@router.get(
    f"{REFERRAL}/decisions/{{decision_id}}/letter",
    response_class=Response,
    summary="The letter of one decision, also one since replaced (HTML, as stored)",
    responses={**HTML, **problem_responses(404)},
)
async def get_decision_letter(
    referral_id: RowId,
    decision_id: RowId,
    case: ValidCase,
    session: SessionDep,
    cipher: CipherDep,
    principal: Caseworker,
) -> Response:
    """The letter of one decision, also one a later decision replaced, exactly as it was stored. Changes
    nothing in the case; the read is written to the access log."""
    return await _letter(session, case, cipher, principal, referral_id, decision_id, as_pdf=False)


@router.get(
    f"{REFERRAL}/decisions/{{decision_id}}/letter.pdf",
    response_class=Response,
    summary="The letter of one decision, also one since replaced (PDF, as stored)",
    responses={**PDF, **problem_responses(404)},
)
async def get_decision_letter_pdf(
    referral_id: RowId,
    decision_id: RowId,
    case: ValidCase,
    session: SessionDep,
    cipher: CipherDep,
    principal: Caseworker,
) -> Response:
    """The PDF of one decision, also one a later decision replaced, exactly as it was stored and sent.
    Changes nothing in the case; the read is written to the access log."""
    return await _letter(session, case, cipher, principal, referral_id, decision_id, as_pdf=True)
