"""The common letting agreement (fællesaftale, CONTRACT § 9, DOMAIN § 7): per housing organisation and
letting year, generated from the data, sent as versions and agreed; as JSON or PDF."""

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from services.allocation import common_agreement_pdf, common_agreements
from services.allocation.dependencies import (
    CallerAuthorization,
    Categorisation,
    CommonAgreementReader,
    Head,
    Officer,
    OrganisationCode,
    Serialised,
    StatYear,
    Year,
)
from services.allocation.schemas.common_agreements import (
    CommonAgreementRead,
    CommonAgreementStatusUpdate,
    CommonAgreementSummaryRead,
)
from services.kit.downloads import PDF, download_responses
from services.kit.errors import problem_responses
from services.kit.letters import Language
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Common letting agreements"])

Version = Annotated[
    int | None,
    Query(ge=1, le=10_000, description="a stored version; the newest (or today's draft) without it"),
]
Lang = Annotated[Language, Query(description="the PDF's language: da (default) or en")]
# Access-controlled and, as a draft, changing from day to day: no shared cache keeps it.
PRIVATE = {"Cache-Control": "private, no-store"}
READ_PROBLEMS = problem_responses(404, 502, 503, 504)
PDF_DOCUMENT: dict[int | str, dict[str, Any]] = {
    **download_responses({PDF: None}, description="the common agreement as a PDF with embedded fonts"),
    **READ_PROBLEMS,
}


class PDFResponse(Response):
    media_type = "application/pdf"


@router.get(
    "/common-agreements",
    response_model=list[CommonAgreementSummaryRead],
    summary="Every housing organisation's common agreement of a letting year, at a glance",
)
async def list_common_agreements(
    year: StatYear, session: SessionDep, principal: CommonAgreementReader
) -> list[CommonAgreementSummaryRead]:
    """One row per housing organisation: how many areas it owns, its newest version of the letting year
    and where that stands (draft when none was sent). A housing organisation's client sees its own row
    only. Changes nothing."""
    return await common_agreements.summaries(session, year=year, principal=principal)


@router.get(
    "/common-agreements/{year}/{organisation_code}",
    response_model=CommonAgreementRead,
    summary="A housing organisation's common agreement of a letting year",
    responses=READ_PROBLEMS,
)
async def get_common_agreement(
    year: Year,
    organisation_code: OrganisationCode,
    session: SessionDep,
    principal: CommonAgreementReader,
    client: Categorisation,
    authorization: CallerAuthorization,
    version: Version = None,
) -> CommonAgreementRead:
    """The newest version sent, exactly as it was sent (or the `version` asked for), with every version
    and whether today's data give a different document (`changed_since`: then a new version is due).
    When none has been sent, today's document as a draft, with what stops it from being sent.

    Today's document is generated from the organisation's areas, their letting agreements of the year,
    the categorisation of the list year and the area plans, the last two read from the categorisation
    service with the caller's token (502/503/504 naming it when it fails; a stored version is still
    served then, `changed_since` null). A housing organisation's client reads what was sent to its own
    organisation only (403 for another's, 404 before anything is sent). Changes nothing."""
    organisation = await common_agreements.organisation(session, code=organisation_code, principal=principal)
    return await common_agreements.read(
        session,
        year=year,
        organisation=organisation,
        principal=principal,
        client=client,
        authorization=authorization,
        version=version,
    )


@router.get(
    "/common-agreements/{year}/{organisation_code}/pdf",
    response_class=PDFResponse,
    summary="A housing organisation's common agreement of a letting year (PDF)",
    responses=PDF_DOCUMENT,
)
async def get_common_agreement_pdf(
    year: Year,
    organisation_code: OrganisationCode,
    session: SessionDep,
    principal: CommonAgreementReader,
    client: Categorisation,
    authorization: CallerAuthorization,
    head: Head,
    version: Version = None,
    lang: Lang = "da",
) -> PDFResponse:
    """The same document as a PDF, Danish by default (`?lang=en` for English): a stored version rendered
    from its document as it was sent, so an agreed version's PDF never changes; else today's draft, marked
    as a draft. The file is named by year, organisation and version. Changes nothing."""
    organisation = await common_agreements.organisation(session, code=organisation_code, principal=principal)
    document = await common_agreements.printable(
        session,
        year=year,
        organisation=organisation,
        principal=principal,
        client=client,
        authorization=authorization,
        version=version,
    )
    pdf = await run_in_threadpool(
        common_agreement_pdf.render_pdf,
        document.content,
        municipality=head.municipality,
        version=document.version,
        sent_at=document.sent_at,
        agreed_at=document.agreed_at,
        language=lang,
    )
    name = common_agreement_pdf.filename(
        document.content, version=document.version, draft=document.draft, language=lang
    )
    return PDFResponse(
        pdf,
        headers={**PRIVATE, "Content-Language": lang, "Content-Disposition": f'inline; filename="{name}"'},
    )


@router.post(
    "/common-agreements/{year}/{organisation_code}/status",
    response_model=CommonAgreementRead,
    summary="Send the common agreement as a new version, or record that it was agreed",
    dependencies=[Serialised],
    responses=problem_responses(404, 409, 502, 503, 504),
)
async def set_common_agreement_status(
    year: Year,
    organisation_code: OrganisationCode,
    body: CommonAgreementStatusUpdate,
    session: SessionDep,
    principal: Officer,
    client: Categorisation,
    authorization: CallerAuthorization,
) -> CommonAgreementRead:
    """`sent` stores today's document as the next version, sent: from a draft, after a version sent
    before (which stays in the history, superseded) or after an agreed one (a revision during the year;
    the agreed version stays as it is). Refused with 409 while the categorisation of the list year is not
    approved or an area of the organisation has no letting agreement of the year, naming each.

    `agreed` records that the organisation agreed to the version sent, which is then frozen unchanged;
    409 when nothing is sent yet or the newest version is already agreed. Who and when are recorded."""
    organisation = await common_agreements.organisation(session, code=organisation_code, principal=principal)
    if body.status == "sent":
        return await common_agreements.send(
            session,
            year=year,
            organisation=organisation,
            client=client,
            authorization=authorization,
            actor=principal.subject,
        )
    return await common_agreements.agree(
        session,
        year=year,
        organisation=organisation,
        client=client,
        authorization=authorization,
        actor=principal.subject,
    )
