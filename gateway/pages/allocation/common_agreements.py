"""The common letting agreement (fællesaftale) of a letting year with each housing organisation (DOMAIN § 7,
CONTRACT § 9): the year's list, one organisation's agreement with its annexes (the categorisation of its
areas, each area's letting agreement, the area plans with their targets), its versions and its PDF, and the
officer's two steps, send and agree, each asked about first.

The service generates the document, keeps its versions and says what stops it from being sent; the page shows
what the service sends and works out neither a version, a change nor a state itself. The officer takes the
steps; the analyst and the administrator read (as the service lets them), the manager does not.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse

from gateway.clients.allocation import AllocationClient, CommonAgreement
from gateway.labels import N_
from gateway.pages.allocation.common import download, is_officer, letting_year, page
from gateway.pages.categorisation import plan_labels
from gateway.pages.forms import Confirmation, Irreversible, ask_to_confirm, is_confirmed
from gateway.pages.responses import redirect
from gateway.session import PageUser, page_roles
from services.kit import clock
from services.kit.auth import Role

PATH = "/faellesaftaler"
# Who may read them, as the allocation service lets them; only the officer sends and agrees.
READERS = (Role.ALLOCATION_OFFICER, Role.ANALYST, Role.ADMIN)
router = APIRouter(dependencies=[Depends(page_roles(*READERS))])
officer_only = [Depends(page_roles(Role.ALLOCATION_OFFICER))]

STATUSES = {"draft": N_("Draft"), "sent": N_("Sent"), "agreed": N_("Agreed")}

NOTICES = {
    "sent": N_("The common agreement is sent to the housing organisation as a new version."),
    "agreed": N_("The common agreement is marked as agreed. The version is frozen from now on."),
}

# A condition of a flexible criteria group the pages have no words for (set over the API): never its code.
OTHER_CONDITION = N_("A further condition")

# Why today's document cannot be sent (the service's reason codes, CONTRACT § 9), shown before a step and
# after a refusal; the area is named by its name, never by its code.
PROBLEMS = {
    "no_areas": N_("The housing organisation owns no areas: there is nothing to agree on."),
    "categorisation_missing": N_("There is no categorisation of list year %(list_year)s."),
    "categorisation_not_approved": N_(
        "The categorisation of list year %(list_year)s is not approved yet: a binding agreement must not "
        "rest on a proposal. The housing analyst approves the year."
    ),
    "area_without_agreement": N_(
        "%(area)s has no letting agreement for %(year)s: every area of the organisation needs one before the "
        "common agreement is sent."
    ),
    "categorisation_unavailable": N_(
        "The categorisation service is not answering, so it cannot be told whether the data have changed "
        "since the version was sent."
    ),
}

# The banner of a refused step, by what the service refused (409) or the page could not read (422).
ERRORS = {
    "not_sent": N_("The common agreement was not sent. Nothing was changed."),
    "nothing_sent": N_(
        "Nothing has been sent yet: send the common agreement before marking it as agreed. Nothing was "
        "changed."
    ),
    "already_agreed": N_(
        "The newest version is already agreed. To change the agreement during the year, send a new version. "
        "Nothing was changed."
    ),
    "refused": N_("That step is not possible now. Nothing was changed."),
}

# Sending records the document as the municipality's offer; agreeing binds both and freezes it (DOMAIN § 7).
SEND = Irreversible(
    title=N_("Send the common agreement %(year)s to %(organisation)s?"),
    consequence=N_(
        "The agreement is stored as version %(version)s with its annexes as they stand now, and recorded as "
        "sent to %(organisation)s today. A stored version is never changed: what changes later is sent as a "
        "new version."
    ),
    button=N_("Yes, send it"),
)
AGREE = Irreversible(
    title=N_("Mark the common agreement %(year)s with %(organisation)s as agreed?"),
    consequence=N_(
        "Version %(version)s, as it was sent, is recorded as agreed with %(organisation)s today and is then "
        "frozen: it is kept exactly as it is and cannot be undone. A change during the year is sent as a new "
        "version."
    ),
    button=N_("Yes, mark it as agreed"),
)
STEPS = {"sent": SEND, "agreed": AGREE}


def page_url(year: int, organisation_code: str) -> str:
    return f"/udlejning{PATH}/{year}/{organisation_code}"


def is_latest(agreement: CommonAgreement) -> bool:
    """Today's draft, or the newest stored version (not an older one asked for)."""
    return agreement["latest_version"] is None or agreement["version"] == agreement["latest_version"]


def steps(agreement: CommonAgreement) -> list[str]:
    """The steps the officer is offered, as the service describes the agreement: send a draft, or a new
    version when the data have changed; agree to the version sent. An older version offers none, and an
    agreed version whose data have not changed none either: it is frozen."""
    if not is_latest(agreement):
        return []
    status = agreement["status"]
    offered = []
    if status == "draft" or agreement["changed_since"]:
        offered.append("sent")
    if status == "sent":
        offered.append("agreed")
    return offered


def problem_texts(agreement: CommonAgreement) -> list[tuple[str, dict[str, Any]]]:
    """The service's reasons why today's document cannot be sent, as (msgid, values), areas by name."""
    names = {a["area_code"]: a["area_name"] for a in agreement["areas"]}
    texts = []
    for problem in agreement["problems"]:
        if problem["code"] not in PROBLEMS:
            continue
        values: dict[str, Any] = dict(problem["params"])
        values["area"] = names.get(values.get("area_code", ""), values.get("area_code", ""))
        values.setdefault("year", agreement["year"])
        values.setdefault("list_year", agreement["categorisation_year"])
        texts.append((PROBLEMS[problem["code"]], values))
    return texts


@router.get(PATH, response_class=HTMLResponse)
async def common_agreements(request: Request, user: PageUser, year: int | None = None) -> Response:
    """Each housing organisation's common agreement of the letting year, with where it stands."""
    chosen = letting_year(year)
    client = AllocationClient(request)
    years = await client.agreement_years()
    choices = sorted({*years, clock.today().year, clock.today().year + 1, chosen}, reverse=True)
    context = {
        "year": chosen,
        "years": choices,
        "rows": await client.common_agreements(chosen),
        "is_officer": is_officer(user),
    }
    return page(request, "allocation/common_agreements.html", context)


async def _agreement_context(
    request: Request, user: Any, year: int, organisation_code: str, version: int | None = None
) -> dict[str, Any]:
    agreement = await AllocationClient(request).common_agreement(year, organisation_code, version=version)
    return {
        "year": year,
        "agreement": agreement,
        "is_latest": is_latest(agreement),
        "steps": steps(agreement) if is_officer(user) else [],
        "problems": problem_texts(agreement),
        "is_officer": is_officer(user),
        "plan_labels": plan_labels,
        "error": None,
    }


@router.get(PATH + "/{year}/{organisation_code}", response_class=HTMLResponse)
async def common_agreement(
    request: Request, user: PageUser, year: int, organisation_code: str, version: int | None = None
) -> Response:
    """One organisation's common agreement: its annexes, versions, PDF and the officer's steps."""
    context = await _agreement_context(request, user, year, organisation_code, version)
    return page(request, "allocation/common_agreement.html", context)


@router.get(PATH + "/{year}/{organisation_code}/faellesaftale.pdf")
async def common_agreement_pdf(
    request: Request, year: int, organisation_code: str, version: int | None = None, lang: str = "da"
) -> Response:
    """The agreement as the service renders it (PDF): the stored version, or today's draft marked as one."""
    pdf = await AllocationClient(request).common_agreement_pdf(
        year, organisation_code, version=version, lang=lang
    )
    return download(pdf)


def _refusal(status: str, current: CommonAgreement, http_status: int) -> str:
    """The banner of a refused step, by the agreement as it stands after the refusal."""
    if http_status != 409:
        return "refused"
    if status == "sent":
        return "not_sent"
    if current["latest_version"] is None:
        return "nothing_sent"
    return "already_agreed" if current["status"] == "agreed" else "refused"


@router.post(
    PATH + "/{year}/{organisation_code}/status", response_class=HTMLResponse, dependencies=officer_only
)
async def change_status(
    request: Request,
    user: PageUser,
    year: int,
    organisation_code: str,
    status: Annotated[str, Form(max_length=20)] = "",
    confirmed: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    """Send the agreement, or mark it agreed: asked first, naming the consequence. A refusal is shown on the
    agreement's page in words, with nothing changed."""
    url = page_url(year, organisation_code)
    client = AllocationClient(request)
    if status in STEPS and not is_confirmed(confirmed):
        agreement = await client.common_agreement(year, organisation_code)
        # The version the step concerns: the one a send will store, or the newest one sent.
        version = agreement["version"] + (1 if status == "sent" and agreement["status"] != "draft" else 0)
        confirmation = Confirmation(
            STEPS[status],
            action=f"{url}/status",
            back=url,
            params={"year": year, "organisation": agreement["organisation"]["name"], "version": version},
            values=[("status", status)],
        )
        return ask_to_confirm(request, confirmation)
    outcome = (
        await client.set_common_agreement_status(year, organisation_code, status) if status in STEPS else None
    )
    if outcome is not None and not outcome.refused:
        return redirect(request, f"{url}?notice={status}")
    context = await _agreement_context(request, user, year, organisation_code)
    http_status = outcome.status if outcome is not None else 422
    context["error"] = _refusal(status, context["agreement"], http_status)
    return page(request, "allocation/common_agreement.html", context, status_code=http_status)
