"""The letting agreements of a year: drafting them from the categorisation, one agreement's shares, legal
basis and flexible criteria, and the § 51 b decisions recorded on its area."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any

from babel.numbers import format_decimal
from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from gateway.clients.allocation import AllocationClient, CriteriaGroup
from gateway.i18n import gettext, request_language
from gateway.labels import N_
from gateway.pages.allocation.common import (
    danish_date,
    decimal_of,
    form_values,
    letting_year,
    number,
    organisation_names,
    page,
)
from gateway.pages.forms import Confirmation, Irreversible, ask_to_confirm, is_confirmed, is_editing, resent
from gateway.pages.responses import redirect
from services.kit import clock

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
    "group_name": N_("Give each group of flexible criteria a name."),
    "condition_value": N_("Give a number for each ticked condition that needs one."),
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

# The conditions a group of flexible letting may set (the service's condition codes), ticked on the form;
# those with a number have a labelled field for it (CRITERIA_VALUES). Citizenship is never among them.
CRITERIA_CONDITIONS = {
    "single_hours_per_week_min": N_("Single: at least this many hours of work a week"),
    "couple_one_full_time_or_both_hours_min": N_("Couple: one full-time, or both at least this many hours"),
    "employed_months_min": N_("Employed for at least this many months"),
    "full_time_student": N_("Full-time student"),
    "age_min": N_("At least this age"),
    "resident_of_municipality": N_("Lives in the municipality"),
}
CRITERIA_VALUES = {
    "single_hours_per_week_min": N_("At least hours a week"),
    "couple_one_full_time_or_both_hours_min": N_("Both at least hours a week"),
    "employed_months_min": N_("At least months employed"),
    "age_min": N_("At least age (years)"),
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

GROUP_ROWS = 3  # groups on the form: the agreement's, and empty ones up to this many (at least one)
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
    choices = sorted({*years, clock.today().year, clock.today().year + 1}, reverse=True)
    agreements = await client.agreements(year)
    return {
        "year": year,
        "years": choices,
        "agreements": agreements,
        "organisations": await organisation_names(client),
        "error": None,
        "result": None,
    }


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


def _shown_number(value: object) -> str:
    return "" if value is None else str(value).removesuffix(".0")


def _empty_group() -> dict[str, Any]:
    return {"code": "", "label": "", "label_en": "", "share": "", "ticked": [], "values": {}, "extra": ""}


def _groups_form(groups: list[CriteriaGroup]) -> list[dict[str, Any]]:
    """The agreement's groups as the form shows them: ticked conditions with their numbers. Conditions the
    form has no box for (set over the API) are carried along unchanged in `extra`."""
    rows = []
    for g in groups:
        conditions = g.get("conditions", [])
        rows.append(
            {
                "code": g["code"],
                "label": g.get("label_da") or g.get("label_en") or "",
                "label_en": g.get("label_en") or "",
                "share": _shown_number(g["share_pct"]),
                "ticked": [c["code"] for c in conditions if c["code"] in CRITERIA_CONDITIONS],
                "values": {c["code"]: _shown_number(c.get("value")) for c in conditions},
                "extra": ",".join(
                    c["code"] + ("" if c.get("value") is None else f"={_shown_number(c['value'])}")
                    for c in conditions
                    if c["code"] not in CRITERIA_CONDITIONS
                ),
            }
        )
    return rows + [_empty_group() for _ in range(max(GROUP_ROWS - len(rows), 1))]


def _typed_groups(form: FormData) -> list[dict[str, Any]]:
    """The groups as the person filled them in, to show the form again beside its errors."""
    rows = []
    for i in range(_group_count(form)):
        ticked = [str(c) for c in form.getlist(f"group_{i}_conditions")]
        rows.append(
            {
                "code": str(form.get(f"group_{i}_code", "")),
                "label": str(form.get(f"group_{i}_label", "")),
                "label_en": str(form.get(f"group_{i}_label_en", "")),
                "share": str(form.get(f"group_{i}_share", "")),
                "ticked": ticked,
                "values": {code: str(form.get(f"group_{i}_{code}", "")) for code in CRITERIA_VALUES},
                "extra": str(form.get(f"group_{i}_extra", "")),
                "remove": form.get(f"group_{i}_remove") == "true",
            }
        )
    return rows


async def _agreement_context(request: Request, year: int, area_code: str) -> dict[str, Any]:
    client = AllocationClient(request)
    agreement = await client.agreement(year, area_code)
    changes = await client.agreement_changes(year, area_code)
    decisions = await client.area_decisions(area_code)
    return {
        "year": year,
        "agreement": agreement,
        "organisations": await organisation_names(client),
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


class GroupError(ValueError):
    """A group of flexible criteria the form cannot send; the code is one of AGREEMENT_ERRORS."""


def _group_count(form: FormData) -> int:
    raw = str(form.get("group_count", "")).strip()
    return min(int(raw), 50) if raw.isdigit() else 0


def _group_code(label: str, taken: set[str]) -> str:
    """A new group's code (the service's `^[a-z0-9_]+$`), made from its name: nobody types a code."""
    ascii_name = label.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    base = "_".join("".join(c if c.isascii() and c.isalnum() else " " for c in ascii_name).split())[:60]
    base = base or "group"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}_{n}", n + 1
    return code


def _conditions(form: FormData, i: int) -> list[dict[str, Any]]:
    """The conditions ticked for group `i` (a number typed beside a box counts as ticking it), then the
    ones the form carries along unchanged."""
    ticked = {str(c) for c in form.getlist(f"group_{i}_conditions")}
    conditions: list[dict[str, Any]] = []
    for code in CRITERIA_CONDITIONS:
        raw = str(form.get(f"group_{i}_{code}", "")).strip() if code in CRITERIA_VALUES else ""
        if code not in ticked and not raw:
            continue
        if code in CRITERIA_VALUES:
            try:
                value = decimal_of(raw)
            except ValueError:
                raise GroupError("number") from None
            if value is None:
                raise GroupError("condition_value")
            conditions.append({"code": code, "value": number(value)})
        else:
            conditions.append({"code": code, "value": None})
    for part in str(form.get(f"group_{i}_extra", "")).split(","):
        code, _, raw = part.strip().partition("=")
        if code:
            value = decimal_of(raw) if raw else None
            conditions.append({"code": code, "value": None if value is None else number(value)})
    return conditions


def _parse_groups(form: FormData) -> list[dict[str, Any]]:
    """The groups of flexible criteria on the form; GroupError names what is missing or unreadable."""
    groups = []
    taken = {str(form.get(f"group_{i}_code", "")).strip() for i in range(_group_count(form))} - {""}
    for i in range(_group_count(form)):
        if form.get(f"group_{i}_remove") == "true":
            continue
        label = str(form.get(f"group_{i}_label", "")).strip()
        raw_share = str(form.get(f"group_{i}_share", "")).strip()
        ticked = form.getlist(f"group_{i}_conditions")
        typed = any(str(form.get(f"group_{i}_{c}", "")).strip() for c in CRITERIA_VALUES)
        if not label:
            if raw_share or ticked or typed:
                raise GroupError("group_name")
            continue  # an empty group on the form
        try:
            share = decimal_of(raw_share)
        except ValueError:
            raise GroupError("number") from None
        code = str(form.get(f"group_{i}_code", "")).strip()
        if not code:
            code = _group_code(label, taken)
            taken.add(code)
        groups.append(
            {
                "code": code,
                "label_da": label,
                "label_en": str(form.get(f"group_{i}_label_en", "")).strip(),
                "share_pct": number(share) if share is not None else 0,
                "conditions": _conditions(form, i),
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
    if "group_count" not in form:
        return body, errors  # a form without the groups leaves them as they are
    try:
        groups = _parse_groups(form)
    except GroupError as refused:
        errors["flexible_criteria"] = str(refused)
        return body, errors
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
        if "group_count" in form:
            context["groups"] = _typed_groups(form)
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
