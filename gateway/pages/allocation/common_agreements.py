"""The common letting agreement (fællesaftale) of a letting year with each housing organisation (DOMAIN § 7,
CONTRACT § 9): the year's list, one organisation's agreement with its annexes (the categorisation of its areas,
each area's letting agreement, the area plans with their targets), its versions and its PDF, and the officer's
two steps, sent and agreed, each asked about first.

The service generates the agreement and keeps its versions; the page shows what it sends and never works out
a version, a change or a state itself.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse

from gateway.clients.allocation import AllocationClient, CommonAgreement
from gateway.i18n import request_language
from gateway.labels import N_
from gateway.pages.allocation.common import download, letting_year, page
from gateway.pages.categorisation import plan_labels
from gateway.pages.forms import Confirmation, Irreversible, ask_to_confirm, is_confirmed
from gateway.pages.responses import redirect
from services.kit import clock

router = APIRouter()
PREFIX = "/udlejning/faellesaftaler"

STATUSES = {"draft": N_("Draft"), "sent": N_("Sent to the housing organisation"), "agreed": N_("Agreed")}

NOTICES = {
    "sent": N_("The common agreement is sent. Mark it as agreed once the housing organisation has accepted it."),
    "agreed": N_("The common agreement is agreed. This version is kept unchanged from now on."),
}

# The service's refusals of a step (409), by its code; anything else is `refused`.
ERRORS = {
    "categorisation_not_approved": N_(
        "The categorisation the agreement is built on is not approved yet. The agreement can be sent once "
        "the housing analyst has approved the year."
    ),
    "area_without_agreement": N_(
        "One or more of the organisation's areas have no letting agreement for the year. Draft or make the "
        "letting agreements first; the common agreement has one for every area as its annex."
    ),
    "already_agreed": N_("The common agreement is already agreed and cannot be changed or sent again."),
    "not_sent": N_("Only an agreement sent to the housing organisation can be marked as agreed."),
    "refused": N_("The step is not possible in the agreement's current state. Nothing was changed."),
}

# Sending records the version as the municipality's offer; agreeing freezes it (DOMAIN § 7).
SEND = Irreversible(
    title=N_("Send the common agreement %(year)s to %(organisation)s?"),
    consequence=N_(
        "Version %(version)s is recorded as sent to %(organisation)s today, with its annexes as they stand now. "
        "What changes afterwards is sent only as a new version."
    ),
    button=N_("Yes, send it"),
)
AGREE = Irreversible(
    title=N_("Mark the common agreement %(year)s with %(organisation)s as agreed?"),
    consequence=N_(
        "Version %(version)s is recorded as agreed with %(organisation)s today and is frozen: its annexes are "
        "kept exactly as sent, and it can be neither changed nor sent again."
    ),
    button=N_("Yes, mark it as agreed"),
)
STEPS = {"sent": SEND, "agreed": AGREE}


def _page_url(year: int, organisation_code: str) -> str:
    return f"{PREFIX}/{year}/{organisation_code}"


@router.get("/faellesaftaler", response_class=HTMLResponse)
async def common_agreements(request: Request, year: int | None = None) -> Response:
    """Each housing organisation's common agreement of the letting year, with its state."""
    chosen = letting_year(year)
    client = AllocationClient(request)
    years = await client.agreement_years()
    choices = sorted({*years, clock.today().year, clock.today().year + 1, chosen}, reverse=True)
    rows = await client.common_agreements(chosen)
    return page(
        request, "allocation/common_agreements.html", {"year": chosen, "years": choices, "rows": rows}
    )


async def _agreement_context(
    request: Request, year: int, organisation_code: str, version: int | None = None
) -> dict[str, Any]:
    agreement = await AllocationClient(request).common_agreement(year, organisation_code, version=version)
    latest = max((v["version"] for v in agreement["versions"]), default=agreement["version"])
    return {
        "year": year,
        "agreement": agreement,
        "is_latest": agreement["version"] >= latest,
        "latest_version": latest,
        "last_sent": _last_sent(agreement),
        "plan_labels": plan_labels,
        "error": None,
    }


def _last_sent(agreement: CommonAgreement) -> dict[str, Any] | None:
    """The latest version sent to the organisation (the one the "changed since" notice names)."""
    sent = [v for v in agreement["versions"] if v["sent_at"]]
    return dict(max(sent, key=lambda v: v["version"])) if sent else None


@router.get("/faellesaftaler/{year}/{organisation_code}", response_class=HTMLResponse)
async def common_agreement(
    request: Request, year: int, organisation_code: str, version: int | None = None
) -> Response:
    """One organisation's common agreement: its annexes, versions, PDF and the officer's steps."""
    context = await _agreement_context(request, year, organisation_code, version)
    return page(request, "allocation/common_agreement.html", context)


@router.get("/faellesaftaler/{year}/{organisation_code}/faellesaftale.pdf")
async def common_agreement_pdf(
    request: Request, year: int, organisation_code: str, version: int | None = None, lang: str = "da"
) -> Response:
    """The agreement as the service renders it (PDF), the stored version when one is asked for."""
    pdf = await AllocationClient(request).common_agreement_pdf(
        year, organisation_code, version=version, lang=lang if lang in ("da", "en") else "da"
    )
    return download(pdf)


@router.post("/faellesaftaler/{year}/{organisation_code}/status", response_class=HTMLResponse)
async def change_status(
    request: Request,
    year: int,
    organisation_code: str,
    status: Annotated[str, Form(max_length=20)] = "",
    confirmed: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    """Send the agreement, or mark it agreed: asked first, naming the consequence; a refusal is shown on
    the agreement's page in words, with nothing changed."""
    url = _page_url(year, organisation_code)
    if status not in STEPS:
        context = await _agreement_context(request, year, organisation_code)
        context["error"] = "refused"
        return page(request, "allocation/common_agreement.html", context, status_code=422)
    if not is_confirmed(confirmed):
        agreement = await AllocationClient(request).common_agreement(year, organisation_code)
        confirmation = Confirmation(
            STEPS[status],
            action=f"{url}/status",
            back=url,
            params={
                "year": year,
                "organisation": agreement["organisation"]["name"],
                "version": agreement["version"],
            },
            values=[("status", status)],
        )
        return ask_to_confirm(request, confirmation)
    outcome = await AllocationClient(request).set_common_agreement_status(year, organisation_code, status)
    if outcome.refused:
        context = await _agreement_context(request, year, organisation_code)
        context["error"] = outcome.code if outcome.code in ERRORS else "refused"
        return page(request, "allocation/common_agreement.html", context, status_code=outcome.status)
    return redirect(request, f"{url}?notice={status}")


def language_of(request: Request) -> str:
    return request_language(request)
