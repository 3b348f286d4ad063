"""The letting agreements of a year: drafting them from the categorisation, one agreement's shares, legal
basis and flexible criteria, and the § 51 b decisions recorded on its area."""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from babel.numbers import format_decimal
from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from gateway.clients.allocation import AllocationClient, CriteriaGroup
from gateway.i18n import gettext, request_language
from gateway.labels import N_
from gateway.pages.allocation.common import danish_date, decimal_of, form_values, letting_year, number, page
from gateway.pages.forms import Confirmation, Irreversible, ask_to_confirm, is_confirmed, is_editing, resent
from gateway.pages.responses import redirect

router = APIRouter()

LEGAL_BASES = {
    "imposed": N_("Imposed (ABL § 59, stk. 1)"),
    "agreement": N_("Voluntary agreement (ABL § 59, stk. 2)"),
}

AGREEMENT_STATUSES = {"draft": N_("Draft"), "agreed": N_("Agreed")}

SOURCE_STATUSES = {
    "approved": N_("approved categorisation"),
    "proposed": N_("proposed categorisation"),
    "manual": N_("set by hand"),
}

WARNINGS = {
    "flexible_mandatory": N_(
        "Flexible letting is mandatory in areas on the national lists: the flexible share must be 100 % "
        "of the non-municipal vacancies (ABL § 60, stk. 4)."
    ),
    "criteria_employment_education": N_(
        "The area is on a national list: the agreement can be agreed only with at least one criteria "
        "group of employment or education criteria (ABL § 60, stk. 4)."
    ),
    "share_capped": N_(
        "Until the agreement is agreed, vacancies are assigned at %(applied)s, not %(share)s: a share above "
        "25 %% takes effect only once the housing organisation has agreed (ABL § 59, stk. 1-2)."
    ),
    "agreement_pending": N_(
        "The municipal share rests on a voluntary agreement; mark the agreement as agreed once the housing "
        "organisation has accepted it (ABL § 59, stk. 2)."
    ),
}

AGREEMENT_ERRORS = {
    "imposed_above_limit": N_(
        "The municipality may impose at most every 4th vacancy (25 %, ABL § 59, stk. 1). A larger share "
        "needs a voluntary agreement with the housing organisation (ABL § 59, stk. 2): choose that legal "
        "basis or lower the share."
    ),
    "groups_total": N_("The shares of the flexible criteria groups must add up to 100 %."),
    "groups_duplicate": N_("Each group of flexible criteria needs its own code."),
    "forbidden_condition": N_("Citizenship or origin may never be a criterion of flexible letting."),
    "share_range": N_("A share lies between 0 and 100 %."),
    "number": N_("Write a number with at most two decimals."),
    "period": N_("The flexible period needs both years, and it must include the letting year."),
    "invalid": N_("The value is not allowed."),
}

# The allocation service's refusals of an agreement by the rules of DOMAIN § 5.2, beside the field at fault.
RULE_ERRORS = {
    "flexible_mandatory": N_(
        "Flexible letting is mandatory in areas designated vulnerable area, parallel society, "
        "transformation area or prevention area, whatever their colour: the flexible share must be 100 % "
        "of the vacancies the municipality does not allocate (ABL § 60, stk. 4)."
    ),
    "period_unlisted": N_(
        "Only areas designated vulnerable area, parallel society, transformation area or prevention area "
        "have a 4-year period of flexible criteria; leave the period empty for this area."
    ),
    "criteria_employment_education": N_(
        "The area is on a national list: the agreement can be agreed only when at least one criteria group "
        "with a share has an employment criterion (hours of work, months employed) or an education criterion "
        "(full-time student) (ABL § 60, stk. 4)."
    ),
    "rehousing_above_limit": N_(
        "At most every 3rd vacancy may be required for rehousing (ABL § 59, stk. 1): the share is at most "
        "33.33 %."
    ),
    "period_missing": N_(
        "In an area on the national lists the flexible criteria run for 4 years at a time: give the first "
        "and last year of the period (ABL § 60, stk. 4)."
    ),
    "period_incomplete": N_("The flexible period needs both its first and its last year."),
    "period_length": N_("The flexible criteria run for exactly 4 years at a time (ABL § 60, stk. 4)."),
    "period_year": N_("The flexible period must include the letting year."),
    "period_running": N_(
        "Last year's flexible period still runs this year; a new period begins only when it has ended."
    ),
    "criteria_fixed": N_(
        "The flexible criteria run unchanged for the whole 4-year period: they must stay as in last year's "
        "agreement."
    ),
}

CRITERIA_CONDITIONS = {
    "single_hours_per_week_min": N_("Single: at least this many hours of work a week"),
    "couple_one_full_time_or_both_hours_min": N_("Couple: one full-time, or both at least this many hours"),
    "employed_months_min": N_("Employed for at least this many months"),
    "full_time_student": N_("Full-time student"),
    "age_min": N_("At least this age"),
    "resident_of_municipality": N_("Lives in the municipality"),
}

# --- § 51 b decisions on combined letting, recorded on the area's agreement --------------------------

DECISION_KINDS = {
    "order": N_("Order combined letting (§ 51 b, stk. 1)"),
    "extend": N_(
        "Extend to førtidspension, dagpenge, sygedagpenge and ressourceforløbsydelse (stk. 1, 2nd sentence)"
    ),
    "withdraw": N_("Withdraw the decision"),
}

DECISION_ERRORS = {
    "required": N_("Fill in this field."),
    "not_combined_letting_area": N_(
        "Only an area on the list of combined-letting areas in force on the decision's date may be ordered "
        "combined letting (ABL § 51 b)."
    ),
    "designation_unknown": N_(
        "The area has no letting agreement holding the list in force on that date, so it is not known to "
        "be a combined-letting area."
    ),
    "not_ordered": N_("There is no order of combined letting in force to extend or withdraw."),
    "already_ordered": N_("Combined letting is already ordered in the area."),
    "already_extended": N_("The order is already extended."),
    "decision_in_future": N_("A decision is recorded once it is made: the date cannot be after today."),
    "decision_before_latest": N_("The date cannot be before the area's latest § 51 b decision."),
    "invalid": N_("The value is not allowed."),
}

GROUP_ROWS = 5
DECISION_FIELDS = ("kind", "decided_on", "decided_by", "justification")

# Marking an agreement agreed binds the housing organisation (ABL § 59, stk. 2), and a § 51 b decision is
# reported to the minister and never changed (DOMAIN § 5.4): both are asked about first.
AGREE = Irreversible(
    title=N_("Mark the agreement for %(area)s %(year)s as agreed?"),
    consequence=N_(
        "Once agreed, the municipal share of %(share)s applies in full and binds the housing organisation "
        "(ABL § 59, stk. 2). Every vacancy reported while it is agreed is assigned its channel by it, and "
        "that assignment is not undone if the agreement changes later."
    ),
    button=N_("Yes, mark it as agreed"),
)
DECIDE_51B = Irreversible(
    title=N_("Record the decision “%(kind)s” for %(area)s?"),
    consequence=N_(
        "The decision of %(date)s is recorded as it is, reported to the minister, and never changed: the "
        "area's agreements from its letting year follow it. A mistake is corrected only by a new decision."
    ),
    button=N_("Yes, record the decision"),
)


async def _agreements_context(request: Request, year: int) -> dict[str, Any]:
    client = AllocationClient(request)
    years = await client.agreement_years()
    choices = sorted({*years, date.today().year, date.today().year + 1}, reverse=True)
    agreements = await client.agreements(year)
    return {"year": year, "years": choices, "agreements": agreements, "error": None, "result": None}


@router.get("/aftaler", response_class=HTMLResponse)
async def agreements(request: Request, year: int | None = None) -> Response:
    """The agreements of a letting year, and drafting them from the approved categorisation."""
    context = await _agreements_context(request, letting_year(year))
    query = request.query_params
    if query.get("notice") == "drafted":
        context["result"] = {k: query.get(k, "0") for k in ("created", "replaced", "kept", "source_year")}
    return page(request, "allocation/agreements.html", context)


@router.post("/aftaler/{year}/udkast", response_class=HTMLResponse)
async def draft(
    request: Request,
    year: int,
    source_year: Annotated[str, Form()] = "",
    replace_drafts: Annotated[str, Form()] = "",
) -> Response:
    """Draft the year's agreements from the categorisation; a service that is down changes nothing."""
    outcome = await AllocationClient(request).draft_agreements(
        year,
        source_year=int(source_year) if source_year.strip().isdigit() else None,
        replace_drafts=bool(replace_drafts),
    )
    if outcome.refused:
        context = await _agreements_context(request, year)
        context["error"] = "not_approved" if outcome.status == 409 else "categorisation_down"
        return page(request, "allocation/agreements.html", context, status_code=outcome.status)
    result = outcome.json()
    counts = "&".join(f"{k}={len(result[k])}" for k in ("created", "replaced", "kept"))
    return redirect(
        request, f"/udlejning/aftaler?year={year}&notice=drafted&{counts}&source_year={result['source_year']}"
    )


def _groups_form(groups: list[CriteriaGroup]) -> list[dict[str, str]]:
    rows = [
        {
            "code": g["code"],
            "label": g.get("label_da") or g.get("label_en") or "",
            "share": str(g["share_pct"]).removesuffix(".0"),
            "conditions": ", ".join(
                c["code"] + ("" if c.get("value") is None else f"={str(c['value']).removesuffix('.0')}")
                for c in g.get("conditions", [])
            ),
        }
        for g in groups
    ]
    return rows + [{"code": "", "label": "", "share": "", "conditions": ""}] * max(GROUP_ROWS - len(rows), 1)


async def _agreement_context(request: Request, year: int, area_code: str) -> dict[str, Any]:
    client = AllocationClient(request)
    agreement = await client.agreement(year, area_code)
    changes = await client.agreement_changes(year, area_code)
    decisions = await client.area_decisions(area_code)
    return {
        "year": year,
        "agreement": agreement,
        "changes": changes,
        "groups": _groups_form(agreement["flexible_criteria"]),
        "errors": {},
        "form": None,
        "rule_errors": RULE_ERRORS,
        "decisions": decisions,
        "decision_errors": {},
        "decision_form": {},
    }


@router.get("/aftaler/{year}/{area_code}", response_class=HTMLResponse)
async def agreement(request: Request, year: int, area_code: str) -> Response:
    """One agreement: shares, legal basis, flexible criteria and their period, every change."""
    return page(request, "allocation/agreement.html", await _agreement_context(request, year, area_code))


def _parse_groups(form: FormData) -> list[dict[str, Any]]:
    codes, labels = form.getlist("group_code"), form.getlist("group_label")
    shares, conditions = form.getlist("group_share"), form.getlist("group_conditions")
    groups = []
    for code, label, share, condition_text in zip(codes, labels, shares, conditions, strict=False):
        code = str(code).strip()
        if not code:
            continue
        parsed_share = decimal_of(share)
        parsed_conditions = []
        for part in str(condition_text).split(","):
            name, _, value = part.strip().partition("=")
            if name:
                parsed = decimal_of(value) if value else None
                parsed_conditions.append(
                    {"code": name.strip(), "value": None if parsed is None else number(parsed)}
                )
        groups.append(
            {
                "code": code,
                "label_da": str(label).strip(),
                "share_pct": number(parsed_share) if parsed_share is not None else 0,
                "conditions": parsed_conditions,
            }
        )
    return groups


def _agreement_changes(form: FormData, current: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The fields the form changes (a PUT sends only those), and the fields that could not be read."""
    body: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in ("municipal_share_pct", "flexible_share_pct", "rehousing_share_pct"):
        try:
            share = decimal_of(form.get(name))
        except ValueError:
            errors[name] = "number"
            continue
        if share is not None and share != Decimal(str(current[name])):
            body[name] = number(share)
    for name in ("legal_basis", "status"):
        choice = str(form.get(name, "")).strip()
        if choice and choice != current[name]:
            body[name] = choice
    note = str(form.get("note", "")).strip()
    if note != current["note"]:
        body["note"] = note
    for name in ("flexible_period_from", "flexible_period_to"):
        raw = str(form.get(name, "")).strip()
        period_year = int(raw) if raw.isdigit() else None
        if raw and period_year is None:
            errors[name] = "number"
        elif period_year != current[name]:
            body[name] = period_year
    try:
        groups = _parse_groups(form)
    except ValueError:
        errors["flexible_criteria"] = "number"
        groups = current["flexible_criteria"]
    comparable = [
        {**g, "label_da": g.get("label_da", ""), "share_pct": number(Decimal(str(g["share_pct"])))}
        for g in current["flexible_criteria"]
    ]
    if [(g["code"], g["share_pct"], g["conditions"]) for g in groups] != [
        (g["code"], g["share_pct"], [{**c, "value": c.get("value")} for c in g["conditions"]])
        for g in comparable
    ] or [g["label_da"] for g in groups] != [g["label_da"] for g in comparable]:
        body["flexible_criteria"] = groups
    return body, errors


@router.post("/aftaler/{year}/{area_code}", response_class=HTMLResponse)
async def save_agreement(request: Request, year: int, area_code: str) -> Response:
    """Send only the changed fields; refusals (e.g. more than 25 % imposed) come back beside the field."""
    form = await request.form()
    context = await _agreement_context(request, year, area_code)
    body, errors = _agreement_changes(form, context["agreement"])
    editing = is_editing(form)
    if not errors and not editing and body.get("status") == "agreed" and not is_confirmed(form):
        share = body.get("municipal_share_pct", context["agreement"]["municipal_share_pct"])
        confirmation = Confirmation(
            AGREE,
            action=f"/udlejning/aftaler/{year}/{area_code}",
            back=f"/udlejning/aftaler/{year}/{area_code}",
            params={
                "area": context["agreement"]["area_name"],
                "year": year,
                "share": format_decimal(share, locale=request_language(request)) + " %",
            },
            values=resent(form),
            editable=True,
        )
        return ask_to_confirm(request, confirmation)
    if not errors and body and not editing:
        outcome = await AllocationClient(request).update_agreement(
            year, area_code, body, known={*AGREEMENT_ERRORS, *RULE_ERRORS}
        )
        if outcome.refused:
            errors = outcome.errors or {"municipal_share_pct": "invalid"}
            if "flexible_period_from" in errors and errors["flexible_period_from"] not in RULE_ERRORS:
                errors["flexible_period_from"] = "period"
    if errors or editing:
        context["errors"] = errors
        context["form"] = form_values(form)
        context["groups"] = [
            {"code": c, "label": lb, "share": s, "conditions": cd}
            for c, lb, s, cd in zip(
                form.getlist("group_code"),
                form.getlist("group_label"),
                form.getlist("group_share"),
                form.getlist("group_conditions"),
                strict=False,
            )
        ]
        status = 422 if errors else 200
        return page(request, "allocation/agreement.html", context, block="agreement_form", status_code=status)
    return redirect(request, f"/udlejning/aftaler/{year}/{area_code}?notice=saved")


@router.post("/aftaler/{year}/{area_code}/51b", response_class=HTMLResponse)
async def record_decision(request: Request, year: int, area_code: str) -> Response:
    """Record a § 51 b decision for the area; refusals come back beside the field at fault."""
    form = await request.form()
    body = {name: str(form.get(name, "")).strip() for name in DECISION_FIELDS}
    errors: dict[str, str] = {name: "required" for name, value in body.items() if not value}
    editing = is_editing(form)
    if not errors and not editing and body["kind"] in DECISION_KINDS and not is_confirmed(form):
        try:
            decided_on = danish_date(body["decided_on"], request_language(request))
        except ValueError:
            decided_on = body["decided_on"]
        confirmation = Confirmation(
            DECIDE_51B,
            action=f"/udlejning/aftaler/{year}/{area_code}/51b",
            back=f"/udlejning/aftaler/{year}/{area_code}#decisions",
            params={
                "kind": gettext(request, DECISION_KINDS[body["kind"]]),
                "area": area_code,
                "date": decided_on,
            },
            values=resent(form),
            editable=True,
        )
        return ask_to_confirm(request, confirmation)
    if not errors and not editing:
        outcome = await AllocationClient(request).record_decision(area_code, body, known=DECISION_ERRORS)
        if outcome.refused:
            # A refusal of no field the form has (the decision as a whole) is shown at its kind.
            for field, code in outcome.errors.items():
                errors[field if field in body else "kind"] = code
            errors = errors or {"kind": "invalid"}
    if errors or editing:
        context = await _agreement_context(request, year, area_code)
        context["decision_errors"] = errors
        context["decision_form"] = body
        status = 422 if errors else 200
        return page(request, "allocation/agreement.html", context, block="decision_form", status_code=status)
    return redirect(request, f"/udlejning/aftaler/{year}/{area_code}?notice=decision_recorded#decisions")
