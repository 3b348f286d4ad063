"""Decision letters (CONTRACT § 9, DOMAIN § 6.7): each decision's letter as HTML or PDF, Danish by default and
English with `?lang=en`, read by whoever may read the decision itself; the officer's view of every letter
issued, how it was sent, and corrections (a new letter; the old one stays as it was).

The letter served is always the stored one, never rendered again: the newest letter of the decision (the
last correction, if any), or a given letter by its id.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from fastapi.responses import HTMLResponse, Response

from services.allocation import acute, dispensations
from services.allocation.dependencies import ApplicantChecker, Head, Officer, Serialised, Today, ValidOffer
from services.allocation.letters import decisions, issuing
from services.allocation.models import DecisionLetterRecord
from services.allocation.rules.statuses import DecisionType
from services.allocation.schemas import examples
from services.allocation.schemas.letters import LetterCorrectionCreate, LetterRead
from services.kit.downloads import PDF, download_responses
from services.kit.errors import problem_responses
from services.kit.letters import Language
from services.kit.routing import SessionDep, TransactionalRoute
from services.kit.schemas import RowId

router = APIRouter(route_class=TransactionalRoute, tags=["Decision letters"])

Lang = Annotated[Language, Query(description="the letter's language: da (default) or en")]
# A letter is about a person: no cache keeps it after the reader is done.
PRIVATE = {"Cache-Control": "private, no-store"}


def html_letter(example: str) -> dict[int | str, dict[str, Any]]:
    """The responses of a letter served as HTML, with an example of that kind of letter."""
    page = download_responses(
        {"text/html": example}, description="the letter as issued, a complete HTML page"
    )
    return {**page, **problem_responses(404)}


PDF_LETTER: dict[int | str, dict[str, Any]] = {
    **download_responses({PDF: None}, description="the letter as issued, PDF with embedded fonts"),
    **problem_responses(404),
}


class PDFResponse(Response):
    media_type = "application/pdf"


def _html(letter: DecisionLetterRecord) -> HTMLResponse:
    return HTMLResponse(letter.html, headers={**PRIVATE, "Content-Language": letter.language})


def _pdf(letter: DecisionLetterRecord) -> PDFResponse:
    # Named by its reference only: a file name must carry no personal data.
    name = f"afgoerelse-{letter.reference}-{letter.language}.pdf"
    return PDFResponse(
        letter.pdf,
        headers={
            **PRIVATE,
            "Content-Language": letter.language,
            "Content-Disposition": f'inline; filename="{name}"',
        },
    )


# --- acute-housing decisions (the officer's) ------------------------------------------------------


async def _acute(session: SessionDep, application_id: int, lang: Language) -> DecisionLetterRecord:
    await acute.get(session, application_id=application_id)  # 404 when there is no such decision
    return await issuing.latest(
        session, decision_type=DecisionType.ACUTE_HOUSING, decision_id=application_id, language=lang
    )


@router.get(
    "/acute-applications/{application_id}/letter",
    response_class=HTMLResponse,
    summary="The decision letter of an acute-housing application (HTML)",
    responses=html_letter(examples.ACUTE_LETTER_HTML),
)
async def acute_letter(
    application_id: RowId, session: SessionDep, _principal: Officer, lang: Lang = "da"
) -> HTMLResponse:
    """The application's letter as issued with the decision, or its newest correction: the decision, each
    criterion met or not, the facts, the hearing and the complaint guidance. Changes nothing."""
    return _html(await _acute(session, application_id, lang))


@router.get(
    "/acute-applications/{application_id}/letter.pdf",
    response_class=PDFResponse,
    summary="The decision letter of an acute-housing application (PDF)",
    responses=PDF_LETTER,
)
async def acute_letter_pdf(
    application_id: RowId, session: SessionDep, _principal: Officer, lang: Lang = "da"
) -> PDFResponse:
    """The same letter as the PDF that was sent (the Danish one) or can be printed. Changes nothing."""
    return _pdf(await _acute(session, application_id, lang))


# --- municipal offers and their withdrawal (the officer's) -----------------------------------------


async def _offer(
    session: SessionDep, offer_id: int, kind: DecisionType, lang: Language
) -> DecisionLetterRecord:
    return await issuing.latest(session, decision_type=kind, decision_id=offer_id, language=lang)


@router.get(
    "/offers/{offer_id}/letter",
    response_class=HTMLResponse,
    summary="The letter of a municipal offer (HTML)",
    responses=html_letter(examples.OFFER_LETTER_HTML),
)
async def offer_letter(
    _principal: Officer, offer: ValidOffer, session: SessionDep, lang: Lang = "da"
) -> HTMLResponse:
    """The offer's letter as issued when it was made, or its newest correction: the dwelling, the reply
    date and what not answering means, the seeker's place on the priority list and the complaint
    guidance. Changes nothing."""
    return _html(await _offer(session, offer.id, DecisionType.MUNICIPAL_OFFER, lang))


@router.get(
    "/offers/{offer_id}/letter.pdf",
    response_class=PDFResponse,
    summary="The letter of a municipal offer (PDF)",
    responses=PDF_LETTER,
)
async def offer_letter_pdf(
    _principal: Officer, offer: ValidOffer, session: SessionDep, lang: Lang = "da"
) -> PDFResponse:
    """The same letter as the PDF that was sent (the Danish one) or can be printed. Changes nothing."""
    return _pdf(await _offer(session, offer.id, DecisionType.MUNICIPAL_OFFER, lang))


@router.get(
    "/offers/{offer_id}/withdrawal-letter",
    response_class=HTMLResponse,
    summary="The letter withdrawing a municipal offer (HTML); 404 while the offer is not withdrawn",
    responses=html_letter(examples.WITHDRAWAL_LETTER_HTML),
)
async def withdrawal_letter(
    _principal: Officer, offer: ValidOffer, session: SessionDep, lang: Lang = "da"
) -> HTMLResponse:
    """The letter issued when the offer was withdrawn, by the officer (`POST /v1/offers/{id}/withdraw`) or
    because the vacancy's deadline passed and it went back to the housing organisation: the reason, the
    hearing and the complaint guidance. Changes nothing."""
    return _html(await _offer(session, offer.id, DecisionType.OFFER_WITHDRAWAL, lang))


@router.get(
    "/offers/{offer_id}/withdrawal-letter.pdf",
    response_class=PDFResponse,
    summary="The letter withdrawing a municipal offer (PDF); 404 while the offer is not withdrawn",
    responses=PDF_LETTER,
)
async def withdrawal_letter_pdf(
    _principal: Officer, offer: ValidOffer, session: SessionDep, lang: Lang = "da"
) -> PDFResponse:
    """The same letter as the PDF that was sent (the Danish one) or can be printed. Changes nothing."""
    return _pdf(await _offer(session, offer.id, DecisionType.OFFER_WITHDRAWAL, lang))


# --- § 51 c dispensations (the officer's, and the housing organisation's of its own areas) ---------


async def _dispensation(
    session: SessionDep, dispensation_id: int, principal: ApplicantChecker, lang: Language
) -> DecisionLetterRecord:
    # 404 for a decision the caller may not read, exactly as GET /v1/dispensations/{id}.
    await dispensations.get(session, dispensation_id=dispensation_id, principal=principal)
    return await issuing.latest(
        session, decision_type=DecisionType.DISPENSATION, decision_id=dispensation_id, language=lang
    )


@router.get(
    "/dispensations/{dispensation_id}/letter",
    response_class=HTMLResponse,
    summary="The letter of a § 51 c dispensation decision (HTML)",
    responses=html_letter(examples.DISPENSATION_LETTER_HTML),
)
async def dispensation_letter(
    dispensation_id: RowId, session: SessionDep, principal: ApplicantChecker, lang: Lang = "da"
) -> HTMLResponse:
    """The decision's letter as issued, or its newest correction: granted or refused, each of the four
    considerations with the officer's note, and the complaint guidance. A housing organisation reads the
    letters of its own areas' decisions only (404 for another's). Changes nothing."""
    return _html(await _dispensation(session, dispensation_id, principal, lang))


@router.get(
    "/dispensations/{dispensation_id}/letter.pdf",
    response_class=PDFResponse,
    summary="The letter of a § 51 c dispensation decision (PDF)",
    responses=PDF_LETTER,
)
async def dispensation_letter_pdf(
    dispensation_id: RowId, session: SessionDep, principal: ApplicantChecker, lang: Lang = "da"
) -> PDFResponse:
    """The same letter as the PDF that was sent (the Danish one) or can be printed; a housing organisation
    reads its own areas' only. Changes nothing."""
    return _pdf(await _dispensation(session, dispensation_id, principal, lang))


# --- every letter issued, how it was sent, and corrections (the officer's) -------------------------


@router.get("/letters", response_model=list[LetterRead], summary="The letters issued for one decision")
async def list_letters(
    session: SessionDep,
    _principal: Officer,
    decision_type: Annotated[DecisionType, Query(description="the kind of decision the letters are of")],
    decision_id: Annotated[
        int,
        Query(
            ge=1,
            le=2**31 - 1,
            description="the decision's id: the acute application's, the offer's or the dispensation's",
            examples=[3],
        ),
    ],
) -> list[LetterRead]:
    """Every language and every correction, oldest first, each with its deliveries. Changes nothing."""
    letters = await issuing.of_decision(session, decision_type=decision_type, decision_id=decision_id)
    return [await issuing.to_read(session, letter=letter) for letter in letters]


@router.get(
    "/letters/{letter_id}",
    response_model=LetterRead,
    summary="One issued letter and its deliveries",
    responses=problem_responses(404),
)
async def get_letter(letter_id: RowId, session: SessionDep, _principal: Officer) -> LetterRead:
    """One letter by its id (from `GET /v1/letters`): its decision, language, reference, the letter it
    replaces or that replaces it, and each attempt to send it. Changes nothing."""
    return await issuing.to_read(session, letter=await issuing.get(session, letter_id=letter_id))


@router.get(
    "/letters/{letter_id}/letter",
    response_class=HTMLResponse,
    summary="One issued letter as HTML, also one a correction replaced",
    responses=html_letter(examples.ACUTE_LETTER_HTML),
)
async def get_letter_html(letter_id: RowId, session: SessionDep, _principal: Officer) -> HTMLResponse:
    """The letter exactly as it was issued, in its own language, whether or not it is still the
    decision's newest. Changes nothing."""
    return _html(await issuing.get(session, letter_id=letter_id))


@router.get(
    "/letters/{letter_id}/letter.pdf",
    response_class=PDFResponse,
    summary="One issued letter as PDF, also one a correction replaced",
    responses=PDF_LETTER,
)
async def get_letter_pdf(letter_id: RowId, session: SessionDep, _principal: Officer) -> PDFResponse:
    """The letter's PDF exactly as it was issued, whether or not it is still the decision's newest.
    Changes nothing."""
    return _pdf(await issuing.get(session, letter_id=letter_id))


@router.post(
    "/letters/{letter_id}/corrections",
    response_model=LetterRead,
    status_code=status.HTTP_201_CREATED,
    summary="Correct a letter: a new letter for the same decision, naming the one it replaces",
    dependencies=[Serialised],
    responses=problem_responses(404, 409),
)
async def correct_letter(
    letter_id: RowId,
    body: LetterCorrectionCreate,
    session: SessionDep,
    head: Head,
    today: Today,
    principal: Officer,
) -> LetterRead:
    """The new letter is written from the decision's record and today's configuration (its complaint
    guidance, say), states what it corrects, and is queued for sending; only the newest letter of a
    decision can be corrected. The Danish letter is returned; the English one is issued beside it."""
    letter = await issuing.get(session, letter_id=letter_id)
    corrected = await decisions.correct(
        session, head=head, letter=letter, reason=body.reason.strip(), actor=principal.subject, today=today
    )
    return await issuing.to_read(session, letter=corrected)
