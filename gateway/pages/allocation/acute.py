"""Acute housing: the application answered against the municipality's criteria, and the decisions made.

A decision is binding (DOMAIN § 5.6, issue 12): the page asks for the applicant and an answer to every
criterion before anything is sent, then asks the officer to confirm; the service checks the same again.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from gateway.clients.allocation import AcuteCriterion, AllocationClient
from gateway.i18n import gettext, request_language
from gateway.labels import N_
from gateway.pages.allocation.common import letter, page
from gateway.pages.forms import (
    NOT_RESENT,
    Confirmation,
    Irreversible,
    ask_to_confirm,
    is_confirmed,
    is_editing,
    resent,
)
from gateway.pages.responses import redirect

router = APIRouter()

# The criteria the service's application names as fields; the municipality's others go in `facts`.
NAMED_CRITERIA = {
    "resident_of_municipality",
    "acute_unforeseen_situation",
    "had_own_dwelling",
    "divorce_with_children_under_18",
    "registered_housing_organisations",
}

# Beside each field that keeps the decision from being made, by code.
ACUTE_ERRORS = {
    "name_required": N_("Write the applicant's name."),
    "answer_required": N_("Answer yes or no."),
    "count_required": N_("Write how many, as digits."),
    "count_digits": N_("Write the number as digits."),
}

DECIDE = Irreversible(
    title=N_("Decide the application of %(name)s?"),
    consequence=N_(
        "The decision is made now, from the answers below, and cannot be changed afterwards: it is kept with "
        "its reasons, and a correction needs a new decision."
    ),
    button=N_("Yes, make the decision"),
)


def _application(form: FormData, criteria: list[AcuteCriterion]) -> tuple[dict[str, Any], dict[str, str]]:
    """The service's request from the form, and the fields that keep a decision from being made."""
    body: dict[str, Any] = {
        "applicant_name": str(form.get("applicant_name", "")).strip(),
        "officer_note": str(form.get("officer_note", "")).strip(),
        "facts": {},
    }
    errors: dict[str, str] = {}
    if not body["applicant_name"]:
        errors["applicant_name"] = "name_required"
    for criterion in criteria:
        code = criterion["code"]
        raw = str(form.get(code, "")).strip()
        value: bool | int | None
        if criterion["minimum"] is not None:
            value = int(raw) if raw.isdigit() else None
            if value is None:
                errors[code] = "count_digits" if raw else "count_required"
        else:
            value = {"yes": True, "no": False}.get(raw)
            if value is None:
                errors[code] = "answer_required"
        if value is None:
            continue
        if code in NAMED_CRITERIA:
            body[code] = value
        else:
            body["facts"][code] = value
    return body, errors


def _summary(request: Request, body: dict[str, Any], criteria: list[AcuteCriterion]) -> list[tuple[str, str]]:
    """What will be decided from: the applicant and each answer, in the reader's words."""
    lang = request_language(request)
    rows = [(N_("Applicant"), str(body["applicant_name"]))]
    for criterion in criteria:
        answer = body.get(criterion["code"], body["facts"].get(criterion["code"]))
        shown = (
            str(answer) if criterion["minimum"] is not None else gettext(request, "Yes" if answer else "No")
        )
        rows.append((criterion["text_da"] if lang == "da" else criterion["text_en"], shown))
    if body["officer_note"]:
        rows.append((N_("Officer's note"), str(body["officer_note"])))
    return rows


async def _form_again(
    request: Request,
    client: AllocationClient,
    criteria: list[AcuteCriterion],
    errors: dict[str, str],
    form: FormData,
) -> Response:
    """The form with what was typed and the reason beside each field (or none, when the officer chose to
    change the answers on the confirmation); nothing was decided."""
    context = {
        "criteria": criteria,
        "decisions": await client.acute_applications(),
        "errors": errors,
        "form": {name: str(value) for name, value in form.items() if name not in NOT_RESENT},
        "acute_errors": ACUTE_ERRORS,
    }
    status = 422 if errors else 200
    return page(request, "allocation/acute.html", context, block="acute_form", status_code=status)


@router.get("/akut", response_class=HTMLResponse)
async def acute(request: Request) -> Response:
    """The application form against the municipality's criteria, and the decisions made."""
    client = AllocationClient(request)
    criteria = await client.acute_criteria()
    decisions = await client.acute_applications()
    context = {
        "criteria": criteria,
        "decisions": decisions,
        "errors": {},
        "form": {},
        "acute_errors": ACUTE_ERRORS,
    }
    return page(request, "allocation/acute.html", context)


@router.post("/akut", response_class=HTMLResponse)
async def decide_acute(request: Request) -> Response:
    """Each configured criterion answered yes, no or with a number; confirmed, the service decides."""
    form = await request.form()
    client = AllocationClient(request)
    criteria = await client.acute_criteria()
    body, errors = _application(form, criteria)
    if errors or is_editing(form):
        return await _form_again(request, client, criteria, errors, form)
    if not is_confirmed(form):
        confirmation = Confirmation(
            DECIDE,
            action="/udlejning/akut",
            back="/udlejning/akut",
            params={"name": body["applicant_name"]},
            values=resent(form),
            summary=_summary(request, body, criteria),
            editable=True,
        )
        return ask_to_confirm(request, confirmation)
    outcome = await client.decide_acute(body)
    if outcome.refused:
        # The service names each field it misses (the last part of `loc`, a criterion's code or a fact's).
        refused = {
            field: "name_required" if field == "applicant_name" else "answer_required"
            for field in outcome.errors
        }
        for criterion in criteria:
            if criterion["code"] in refused and criterion["minimum"] is not None:
                refused[criterion["code"]] = "count_required"
        return await _form_again(
            request, client, criteria, refused or {"applicant_name": "name_required"}, form
        )
    return redirect(request, f"/udlejning/akut/{outcome.json()['id']}")


@router.get("/akut/{application_id}", response_class=HTMLResponse)
async def acute_decision(request: Request, application_id: int) -> Response:
    """The decision with each criterion met or not and why, the citizen's text and the officer's note."""
    decision = await AllocationClient(request).acute_application(application_id)
    return page(request, "allocation/acute_decision.html", {"decision": decision})


@router.post("/akut/{application_id}/note", response_class=HTMLResponse)
async def acute_note(
    request: Request,
    application_id: int,
    officer_note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    await AllocationClient(request).save_acute_note(application_id, officer_note)
    return redirect(request, f"/udlejning/akut/{application_id}?notice=note_saved")


@router.get("/akut/{application_id}/brev", response_class=HTMLResponse)
async def acute_letter(request: Request, application_id: int, lang: str = "da") -> Response:
    """The decision letter as it was issued (HTML); `?lang=en` in English."""
    return letter(await AllocationClient(request).acute_letter(application_id, pdf=False, lang=lang))


@router.get("/akut/{application_id}/brev.pdf")
async def acute_letter_pdf(request: Request, application_id: int, lang: str = "da") -> Response:
    """The decision letter as it was issued (PDF), passed through from the service."""
    return letter(await AllocationClient(request).acute_letter(application_id, pdf=True, lang=lang))
