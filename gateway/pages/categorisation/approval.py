"""The analyst's decisions on a year: the national figures, the local thresholds, and the approval."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse

from gateway.labels import N_
from gateway.pages.categorisation.common import PREFIX, THRESHOLD_FIELDS, client, page, parse_threshold
from gateway.pages.forms import (
    Confirmation,
    Irreversible,
    ask_to_confirm,
    field_errors,
    is_confirmed,
    is_editing,
)
from gateway.pages.responses import redirect
from gateway.session import page_roles
from services.kit.auth import Role

router = APIRouter(prefix=PREFIX, dependencies=[Depends(page_roles(Role.ANALYST))])

# Approval freezes the year (DOMAIN § 4) and the next letting year's agreements are drafted from it (§ 5.2).
APPROVE = Irreversible(
    title=N_("Approve %(year)s?"),
    consequence=N_(
        "Once the year is approved, the categorisation cannot be changed, and the agreements for %(next)s "
        "are built on it. An approved year changes only by a new, recorded revision."
    ),
    button=N_("Yes, approve %(year)s"),
)
REVISE = Irreversible(
    title=N_("Approve a revision of %(year)s?"),
    consequence=N_(
        "The revision freezes a new snapshot that cannot be changed; the earlier revisions stay as they "
        "were, and the agreements for %(next)s are built on the new one."
    ),
    button=N_("Yes, approve the revision"),
)


async def _approval_context(request: Request, year: int) -> dict[str, Any]:
    categorisation = client(request)
    return {
        "year": year,
        "info": await categorisation.year(year),
        "thresholds": await categorisation.thresholds(year),
        "approvals": await categorisation.approvals(year),
        "fields": THRESHOLD_FIELDS,
        "errors": {},
        "notice": request.query_params.get("notice"),
    }


@router.get("/{year}/godkendelse", response_class=HTMLResponse)
async def approval_page(request: Request, year: int) -> Response:
    """Parameters, local thresholds and approval of the year, with every earlier revision."""
    return page(request, "categorisation/approval.html", await _approval_context(request, year))


async def _form_error(
    request: Request, year: int, errors: dict[str, str], block: str, form: dict[str, str]
) -> Response:
    """The form again with its errors and with what was typed (not the stored values) in its fields; with
    no errors, as the analyst asked to change it on the confirmation."""
    context = await _approval_context(request, year)
    context["errors"] = errors
    context["form"] = form
    status = 422 if errors else 200
    return page(request, "categorisation/approval.html", context, block=block, status_code=status)


@router.post("/{year}/parametre", response_class=HTMLResponse)
async def set_parameters(
    request: Request, year: int, national_convicted_pct: Annotated[str, Form()] = ""
) -> Response:
    typed = {"national_convicted_pct": national_convicted_pct}
    try:
        value = float(national_convicted_pct.replace(",", "."))
    except ValueError:
        return await _form_error(
            request, year, {"national_convicted_pct": "number"}, "parameters_form", typed
        )
    outcome = await client(request).set_parameters(year, value)
    if outcome.refused:
        return await _form_error(request, year, {"national_convicted_pct": "range"}, "parameters_form", typed)
    return redirect(request, f"/kategorisering/{year}/godkendelse?notice=parameters_saved")


@router.post("/{year}/taerskler", response_class=HTMLResponse)
async def set_thresholds(request: Request, year: int) -> Response:
    form = await request.form()
    body: dict[str, Any] = {"reason": str(form.get("reason", "")).strip()}
    errors: dict[str, str] = {}
    for name in THRESHOLD_FIELDS:
        try:
            body[name] = parse_threshold(name, str(form.get(name, "")))
        except ValueError:
            errors[name] = "number"
    if len(body["reason"]) < 3:
        errors["reason"] = "reason_required"
    if not errors:
        outcome = await client(request).set_thresholds(year, body)
        if outcome.refused:
            errors = field_errors(outcome.problems, default="range")
    if errors:
        typed = {name: str(form.get(name, "")) for name in (*THRESHOLD_FIELDS, "reason")}
        return await _form_error(request, year, errors, "thresholds_form", typed)
    return redirect(request, f"/kategorisering/{year}/godkendelse?notice=thresholds_saved")


@router.post("/{year}/godkend", response_class=HTMLResponse)
async def approve(
    request: Request,
    year: int,
    note: Annotated[str, Form(max_length=4000)] = "",
    confirmed: Annotated[str, Form(max_length=1)] = "",
    edit: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    """Asks first, naming the consequence; approves only the confirmed post."""
    if is_editing(edit):
        return await _form_error(request, year, {}, "approve_form", {"note": note})
    if not is_confirmed(confirmed):
        revision = bool(await client(request).approvals(year))
        if revision and not note.strip():
            typed = {"note": note}
            return await _form_error(request, year, {"note": "revision_reason"}, "approve_form", typed)

        label = N_("Reason for the revision") if revision else N_("Note")
        confirmation = Confirmation(
            REVISE if revision else APPROVE,
            action=f"{PREFIX}/{year}/godkend",
            back=f"{PREFIX}/{year}/godkendelse",
            params={"year": year, "next": year + 1},
            values=[("note", note)],
            summary=[(label, note)] if note.strip() else [],
            editable=True,
        )
        return ask_to_confirm(request, confirmation)
    outcome = await client(request).approve(year, note)
    if outcome.refused:
        code = "revision_reason" if outcome.status == 422 else "not_ready"
        return await _form_error(request, year, {"note": code}, "approve_form", {"note": note})
    return redirect(request, f"/kategorisering/{year}/godkendelse?notice=approved")
