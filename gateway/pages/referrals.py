"""Pages for concern cases (DOMAIN § 6): the caseworker's inbox, case page with workflow, journal, consents
and referrals, the overdue list and phone intake (/sager); the managers' figures (/sager/statistik); and
the administrator's ladder of offers (/tilbudstrappen) and personal-data duties (/persondata).

Every page calls the referrals service with the person's own token; the service decides what each role may
read and writes every read of a case to its access log. No personal data in URLs: cases by id, a CPR
number only ever in a POST body.
"""

import json
from datetime import date
from types import SimpleNamespace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Path, Query, Request, Response
from fastapi.responses import HTMLResponse

from gateway import referrals_labels, upstream
from gateway.charts import bar_chart
from gateway.labels import N_
from gateway.pages.concern_form import FIELDS, errors_for, report_json
from gateway.pages.responses import redirect
from gateway.session import page_roles
from gateway.templating import render
from gateway.upstream import UpstreamError
from services.kit.auth import Principal, Role
from services.kit.errors import NotFound

SERVICE = "referrals"
Caseworker = Annotated[Principal, Depends(page_roles(Role.CASEWORKER))]
FigureReader = Annotated[Principal, Depends(page_roles(Role.MANAGER, Role.ADMIN))]
Administrator = Annotated[Principal, Depends(page_roles(Role.ADMIN))]
CaseId = Annotated[int, Path(ge=1, le=2**31 - 1)]
ItemId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Text = Annotated[str, Form(max_length=10_000)]
Short = Annotated[str, Form(max_length=2_000)]
SCOPES = ("open", "mine", "unassigned", "closed")
PAGE_SIZE = 50
PURPOSES = ("identification", "casework", "citizen_contact", "cooperation_with_authority", "complaint")
CHANNELS = ("phone", "in_person", "letter", "email")

cases_router = APIRouter(prefix="/sager", include_in_schema=False)
admin_router = APIRouter(include_in_schema=False)
routers = [cases_router, admin_router]


# Codes the service gained after gateway/referrals_labels.py was written; kept here, with these pages.
MORE_PROBLEMS = {
    "follow_up_date_not_reached": N_(
        "A case where the citizen declined closes on its follow-up date at the earliest."
    ),
}
# The labels the referrals templates read as `rl`: referrals_labels, with the codes above added.
LABELS = SimpleNamespace(
    **{name: getattr(referrals_labels, name) for name in dir(referrals_labels) if name.isupper()}
)
LABELS.PROBLEMS = {**referrals_labels.PROBLEMS, **MORE_PROBLEMS}
LABELS.FIELD_ERRORS = {
    **referrals_labels.FIELD_ERRORS,
    "code": N_("Use lower-case letters, digits and hyphens only, at least two characters."),
    "code_taken": N_("An offer with this code exists already. Choose another code."),
    "level": N_("Choose the offer's level on the ladder."),
    "age": N_("Write an age as a whole number from 0 to 120."),
}
LABELS.NOTICES = {**referrals_labels.NOTICES, "offer_created": N_("The offer is created.")}
LABELS.LOG_ACTIONS = {
    **referrals_labels.LOG_ACTIONS,
    "withdraw_consent": N_("Withdrew a consent (its scope was shown)"),
    "referral_status": N_("Changed a referral's status (its note was shown)"),
}


def context(request: Request, **extra: Any) -> dict[str, Any]:
    return {"rl": LABELS, "notice": request.query_params.get("notice"), **extra}


def problems(exc: UpstreamError) -> list[tuple[str, str]]:
    """(code, field) for each reason the service gave; codes it names are translated on the page."""
    found = []
    for error in exc.errors or []:
        message = str(error.get("msg", ""))
        loc = [str(part) for part in error.get("loc", [])]
        code = message if message in LABELS.PROBLEMS else "invalid"
        found.append((code, loc[-1] if loc else ""))
    return found or [("invalid", "")]


# --- the inbox and lists ------------------------------------------------------------------------------


@cases_router.get("", response_class=HTMLResponse)
async def inbox(
    request: Request,
    _user: Caseworker,
    scope: str = "open",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    """Open cases, acute ones first; or the caseworker's own, the unassigned or the closed ones."""
    scope = scope if scope in SCOPES else "open"
    params = {"scope": scope, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE}
    cases = await upstream.get_json(request, SERVICE, "/v1/cases", params=params)
    pages = max(1, -(-cases["total"] // PAGE_SIZE))
    return render(
        request,
        "referrals/inbox.html",
        context(request, cases=cases, scope=scope, scopes=SCOPES, page=page, pages=pages, purposes=PURPOSES),
    )


@cases_router.get("/forfaldne", response_class=HTMLResponse)
async def overdue(request: Request, _user: Caseworker) -> Response:
    """Cases still without a first contact after their deadline."""
    cases = await upstream.get_json(request, SERVICE, "/v1/cases/overdue")
    return render(request, "referrals/overdue.html", context(request, cases=cases))


@cases_router.post("/opslag", response_class=HTMLResponse)
async def lookup(
    request: Request,
    _user: Caseworker,
    cpr: Annotated[str, Form(max_length=16)] = "",
    purpose: Annotated[str, Form(max_length=64)] = "identification",
) -> Response:
    """Find a person's cases by CPR number; the number travels in the form body, never in the address."""
    body = {"cpr": cpr, "purpose": purpose if purpose in PURPOSES else "identification"}
    try:
        hits = (await upstream.call(request, SERVICE, "POST", "/v1/cases/lookup", json=body)).json()
        error = None
    except UpstreamError as exc:
        if exc.status != 422:
            raise
        hits, error = [], "cpr"
    return render(
        request,
        "referrals/lookup.html",
        context(request, hits=hits, error=error, purposes=PURPOSES),
        status_code=422 if error else 200,
    )


# --- intake by phone ----------------------------------------------------------------------------------


@cases_router.get("/ny", response_class=HTMLResponse)
async def intake_page(request: Request, _user: Caseworker) -> Response:
    """Take in a report by phone, in person, by letter or e-mail."""
    form = {**dict.fromkeys(FIELDS, ""), "channel": "phone"}
    return render(request, "referrals/intake.html", context(request, form=form, errors={}, channels=CHANNELS))


@cases_router.post("/ny", response_class=HTMLResponse)
async def intake(request: Request, _user: Caseworker) -> Response:
    raw = await request.form(max_files=0, max_fields=40)
    form = {name: str(raw.get(name, ""))[:10_001].strip() for name in (*FIELDS, "channel")}
    body = {**report_json(form), "channel": form["channel"] if form["channel"] in CHANNELS else "phone"}
    try:
        receipt = (await upstream.call(request, SERVICE, "POST", "/v1/cases", json=body)).json()
    except UpstreamError as exc:
        if exc.status != 422:
            raise
        errors = errors_for(exc.errors or [])
        context_ = context(request, form=form, errors=errors, channels=CHANNELS)
        return render(request, "referrals/intake.html", context_, status_code=422)
    return render(request, "referrals/intake_done.html", context(request, receipt=receipt))


# --- one case -----------------------------------------------------------------------------------------


async def case_context(request: Request, case_id: int, **extra: Any) -> dict[str, Any]:
    """The case as the service gives it to this caseworker (the read is logged there)."""
    case = await upstream.get_json(request, SERVICE, f"/v1/cases/{case_id}", params={"purpose": "casework"})
    offers = await upstream.get_json(request, SERVICE, "/v1/offers") if case["may_refer"] else []
    values: dict[str, Any] = {
        "case": case,
        "offers": offers,
        "errors": {},
        "form": {},
        "revealed": None,
        "purposes": PURPOSES,
        "today": date.today().isoformat(),
        "journal_by_id": {entry["id"]: entry for entry in case["journal"]},
    }
    return context(request, **{**values, **extra})


@cases_router.get("/{case_id:int}", response_class=HTMLResponse)
async def case_page(request: Request, case_id: CaseId, _user: Caseworker) -> Response:
    """The case: citizen, report, workflow, children question, journal, consents, referrals, history."""
    return render(request, "referrals/case.html", await case_context(request, case_id))


async def act(
    request: Request,
    case_id: int,
    method: str,
    path: str,
    body: dict[str, Any],
    *,
    section: str,
    notice: str,
) -> Response:
    """Send one action; on success back to the case page, on a refusal the page again with the reasons."""
    try:
        await upstream.call(request, SERVICE, method, f"/v1/cases/{case_id}{path}", json=body)
    except UpstreamError as exc:
        if exc.status not in (404, 409, 422):
            raise
        values = await case_context(request, case_id, errors={section: problems(exc)}, form={section: body})
        return render(request, "referrals/case.html", values, status_code=409 if exc.status == 409 else 422)
    return redirect(request, f"/sager/{case_id}?notice={notice}#{section}")


@cases_router.post("/{case_id:int}/tildeling", response_class=HTMLResponse)
async def assign(request: Request, case_id: CaseId, user: Caseworker) -> Response:
    """Take the case: assign it to yourself."""
    body = {"assignee": user.subject, "assignee_name": user.name}
    return await act(request, case_id, "PUT", "/assignment", body, section="workflow", notice="assigned")


@cases_router.post("/{case_id:int}/trin", response_class=HTMLResponse)
async def take_step(
    request: Request,
    case_id: CaseId,
    _user: Caseworker,
    to: Annotated[str, Form(max_length=32)] = "",
    reason: Short = "",
    follow_up_date: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    body = {"to": to, "reason": reason, "follow_up_date": follow_up_date or None}
    return await act(request, case_id, "POST", "/transitions", body, section="workflow", notice="step")


@cases_router.post("/{case_id:int}/journal", response_class=HTMLResponse)
async def add_note(
    request: Request,
    case_id: CaseId,
    _user: Caseworker,
    text: Text = "",
    corrects: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    """A new note, or a correction of an earlier one (which stays as it was)."""
    body = {"text": text, "corrects": int(corrects) if corrects.isdigit() else None}
    return await act(request, case_id, "POST", "/journal", body, section="journal", notice="journal")


@cases_router.post("/{case_id:int}/boern", response_class=HTMLResponse)
async def answer_children(
    request: Request,
    case_id: CaseId,
    _user: Caseworker,
    children_in_household: Annotated[str, Form(max_length=8)] = "",
    notification: Annotated[str, Form(max_length=16)] = "",
    note: Short = "",
) -> Response:
    body = {
        "children_in_household": children_in_household,
        "notification": notification if children_in_household == "yes" and notification else None,
        "note": note or None,
    }
    return await act(request, case_id, "PUT", "/children", body, section="children", notice="children")


@cases_router.post("/{case_id:int}/samtykke", response_class=HTMLResponse)
async def add_consent(
    request: Request,
    case_id: CaseId,
    _user: Caseworker,
    scope: Annotated[str, Form(max_length=1000)] = "",
    given_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    body = {"scope": scope, "given_on": given_on or date.today().isoformat()}
    return await act(request, case_id, "POST", "/consents", body, section="consents", notice="consent")


@cases_router.post("/{case_id:int}/samtykke/{consent_id:int}/tilbagekald", response_class=HTMLResponse)
async def withdraw_consent(
    request: Request,
    case_id: CaseId,
    consent_id: ItemId,
    _user: Caseworker,
    withdrawn_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    body = {"withdrawn_on": withdrawn_on or date.today().isoformat()}
    path = f"/consents/{consent_id}/withdrawal"
    return await act(request, case_id, "POST", path, body, section="consents", notice="withdrawn")


@cases_router.post("/{case_id:int}/henvisning", response_class=HTMLResponse)
async def propose(
    request: Request,
    case_id: CaseId,
    _user: Caseworker,
    offer_id: Annotated[str, Form(max_length=12)] = "",
    note: Short = "",
) -> Response:
    body = {"offer_id": int(offer_id) if offer_id.isdigit() else 0, "note": note or None}
    return await act(request, case_id, "POST", "/referrals", body, section="referrals", notice="referral")


@cases_router.post("/{case_id:int}/henvisning/{referral_id:int}", response_class=HTMLResponse)
async def referral_status(
    request: Request,
    case_id: CaseId,
    referral_id: ItemId,
    _user: Caseworker,
    status: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    path = f"/referrals/{referral_id}/status"
    return await act(
        request, case_id, "PUT", path, {"status": status}, section="referrals", notice="referral_status"
    )


@cases_router.post("/{case_id:int}/cpr", response_class=HTMLResponse)
async def reveal_cpr(
    request: Request,
    case_id: CaseId,
    _user: Caseworker,
    purpose: Annotated[str, Form(max_length=64)] = "identification",
) -> Response:
    """Show the full CPR number: only on request, with a purpose, and logged by the service."""
    body = {"purpose": purpose if purpose in PURPOSES else "identification"}
    revealed = (
        await upstream.call(request, SERVICE, "POST", f"/v1/cases/{case_id}/cpr-reveal", json=body)
    ).json()
    values = await case_context(request, case_id, revealed=revealed["cpr"])
    return render(request, "referrals/case.html", values, block="cpr_block")


# --- figures for managers -----------------------------------------------------------------------------


@cases_router.get("/statistik", response_class=HTMLResponse)
async def figures(
    request: Request, _user: FigureReader, year: Annotated[int | None, Query(ge=2000, le=2100)] = None
) -> Response:
    """Reports per month, time to first contact, outcomes and referrals per level; small numbers hidden."""
    params = {"year": year} if year else {}
    stats = await upstream.get_json(request, SERVICE, "/v1/statistics", params=params)
    months = bar_chart([(m["month"], m["count"] or 0) for m in stats["reports_per_month"]])
    levels = bar_chart([(str(r["level"]), r["count"] or 0) for r in stats["referrals_per_level"]])
    this_year = date.today().year
    return render(
        request,
        "referrals/statistics.html",
        context(
            request, stats=stats, months=months, levels=levels, years=range(this_year, this_year - 6, -1)
        ),
    )


# --- the ladder of offers (administrator) -------------------------------------------------------------


@admin_router.get("/tilbudstrappen", response_class=HTMLResponse)
async def catalogue(request: Request, _user: Administrator) -> Response:
    """Every offer by level, inactive ones too."""
    offers = await upstream.get_json(request, SERVICE, "/v1/catalogue/offers")
    levels = await upstream.get_json(request, SERVICE, "/v1/ladder")
    return render(request, "referrals/offers.html", context(request, offers=offers, levels=levels))


@admin_router.get("/tilbudstrappen/{offer_id:int}", response_class=HTMLResponse)
async def offer_page(request: Request, offer_id: ItemId, _user: Administrator) -> Response:
    return render(request, "referrals/offer.html", await _offer(request, offer_id))


async def _offer(request: Request, offer_id: int, **extra: Any) -> dict[str, Any]:
    offers = await upstream.get_json(request, SERVICE, "/v1/catalogue/offers")
    offer = next((o for o in offers if o["id"] == offer_id), None)
    levels = await upstream.get_json(request, SERVICE, "/v1/ladder")
    if offer is None:
        raise NotFound(f"No offer with id {offer_id}.")
    return context(request, **{"offer": offer, "levels": levels, "errors": {}, **extra})


async def offer_act(
    request: Request, offer_id: int, method: str, path: str, body: dict[str, Any], *, section: str
) -> Response:
    try:
        await upstream.call(request, SERVICE, method, f"/v1/offers/{offer_id}{path}", json=body)
    except UpstreamError as exc:
        if exc.status not in (409, 422):
            raise
        values = await _offer(request, offer_id, errors={section: problems(exc)})
        return render(request, "referrals/offer.html", values, status_code=422)
    return redirect(request, f"/tilbudstrappen/{offer_id}?notice=offer_saved#{section}")


OFFER_TEXT_FIELDS = (
    "name_da",
    "name_en",
    "description_da",
    "description_en",
    "target_group_da",
    "target_group_en",
    "provider",
    "contact_name",
    "contact_phone",
    "contact_email",
    "location_name",
    "address",
)


# The new-offer form: its fields in the order of the page, with the one legal basis an offer needs.
NEW_OFFER_FIELDS = (
    "code",
    "level",
    *OFFER_TEXT_FIELDS,
    "min_age",
    "max_age",
    "law",
    "paragraph",
    "valid_from",
)
NEW_OFFER_REQUIRED = ("code", "level", "name_da", "name_en", "provider", "contact_name", "law", "paragraph")


def _whole_number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def new_offer_json(form: dict[str, str]) -> dict[str, Any]:
    """The form as the service's OfferCreate; empty optional fields become null."""
    body: dict[str, Any] = {name: form[name] for name in OFFER_TEXT_FIELDS}
    body |= {
        "code": form["code"],
        "level": _whole_number(form["level"]),
        "min_age": _whole_number(form["min_age"]),
        "max_age": _whole_number(form["max_age"]),
        "needs_assessment": form["needs_assessment"] == "yes",
        "active": True,
        "legal_bases": [
            {"law": form["law"], "paragraph": form["paragraph"], "valid_from": form["valid_from"] or None}
        ],
    }
    return body


def _offer_field_error(loc: list[Any], message: str) -> tuple[str, str]:
    """The form field and our error code for one of the service's validation errors on a new offer."""
    names = [str(part) for part in loc if str(part) in NEW_OFFER_FIELDS]
    field = names[-1] if names else "form"
    lowered = message.lower()
    if field == "level":
        return field, "level"
    if field in ("min_age", "max_age"):
        return field, "age"
    if field == "valid_from":
        return field, "date"
    if field == "contact_phone":
        return field, "phone"
    if field == "contact_email":
        return field, "email"
    if "angle brackets" in lowered:
        return field, "no_markup"
    if "at most" in lowered:
        return field, "too_long"
    if field == "code" and "pattern" in lowered:
        return field, "code"
    if "at least" in lowered or "required" in lowered or "missing" in lowered:
        return field, "required"
    return field, "invalid"


def new_offer_errors(form: dict[str, str], problems_: list[dict[str, Any]]) -> dict[str, str]:
    """Field → error code, in the order of the form: the empty required fields, then the service's."""
    errors = {
        name: "level" if name == "level" else "required" for name in NEW_OFFER_REQUIRED if not form[name]
    }
    for problem in problems_:
        field, code = _offer_field_error(list(problem.get("loc", [])), str(problem.get("msg", "")))
        errors.setdefault(field, code)
    order = {name: index for index, name in enumerate(NEW_OFFER_FIELDS)}
    return dict(sorted(errors.items(), key=lambda item: order.get(item[0], len(order))))


def _new_offer_page(request: Request, form: dict[str, str], levels: Any, errors: dict[str, str]) -> Response:
    values = context(request, form=form, levels=levels, errors=errors)
    return render(request, "referrals/offer_new.html", values, status_code=422 if errors else 200)


@admin_router.get("/tilbudstrappen/ny", response_class=HTMLResponse)
async def new_offer_page(request: Request, _user: Administrator) -> Response:
    """An empty form for an offer the seeded ladder does not have."""
    levels = await upstream.get_json(request, SERVICE, "/v1/ladder")
    form = {**dict.fromkeys(NEW_OFFER_FIELDS, ""), "needs_assessment": ""}
    return _new_offer_page(request, form, levels, {})


@admin_router.post("/tilbudstrappen/ny", response_class=HTMLResponse)
async def create_offer(request: Request, _user: Administrator) -> Response:
    """Create the offer with its first legal basis; errors come back on the form, every field kept."""
    raw = await request.form(max_files=0, max_fields=40)
    form = {name: str(raw.get(name, ""))[:4001].strip() for name in (*NEW_OFFER_FIELDS, "needs_assessment")}
    levels = await upstream.get_json(request, SERVICE, "/v1/ladder")
    try:
        created = (
            await upstream.call(request, SERVICE, "POST", "/v1/offers", json=new_offer_json(form))
        ).json()
    except UpstreamError as exc:
        if exc.status == 409:
            return _new_offer_page(request, form, levels, {"code": "code_taken"})
        if exc.status != 422:
            raise
        return _new_offer_page(request, form, levels, new_offer_errors(form, exc.errors or []))
    return redirect(request, f"/tilbudstrappen/{created['id']}?notice=offer_created")


@admin_router.post("/tilbudstrappen/{offer_id:int}", response_class=HTMLResponse)
async def save_offer(request: Request, offer_id: ItemId, _user: Administrator) -> Response:
    raw = await request.form(max_files=0, max_fields=40)
    body: dict[str, Any] = {name: str(raw.get(name, ""))[:4001].strip() for name in OFFER_TEXT_FIELDS}
    level = str(raw.get("level", ""))
    body["level"] = int(level) if level.isdigit() else None
    body["needs_assessment"] = raw.get("needs_assessment") == "yes"
    body["active"] = raw.get("active") == "yes"
    for name in ("min_age", "max_age"):
        value = str(raw.get(name, "")).strip()
        body[name] = int(value) if value.isdigit() else None
    return await offer_act(request, offer_id, "PATCH", "", body, section="details")


@admin_router.post("/tilbudstrappen/{offer_id:int}/kapacitet", response_class=HTMLResponse)
async def save_capacity(
    request: Request,
    offer_id: ItemId,
    _user: Administrator,
    available: Annotated[str, Form(max_length=8)] = "",
    maximum: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    body = {
        "available": int(available) if available.isdigit() else -1,
        "maximum": int(maximum) if maximum.isdigit() else None,
    }
    return await offer_act(request, offer_id, "PUT", "/capacity", body, section="capacity")


@admin_router.post("/tilbudstrappen/{offer_id:int}/hjemmel", response_class=HTMLResponse)
async def add_basis(
    request: Request,
    offer_id: ItemId,
    _user: Administrator,
    law: Annotated[str, Form(max_length=100)] = "",
    paragraph: Annotated[str, Form(max_length=64)] = "",
    valid_from: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    body = {"law": law, "paragraph": paragraph, "valid_from": valid_from or None}
    return await offer_act(request, offer_id, "POST", "/legal-bases", body, section="bases")


# --- personal data (administrator) --------------------------------------------------------------------


async def privacy_context(request: Request, **extra: Any) -> dict[str, Any]:
    deletions = await upstream.get_json(request, SERVICE, "/v1/retention/deletions", params={"limit": 100})
    defaults: dict[str, Any] = {"deletions": deletions, "export": None, "retention": None, "error": None}
    return context(request, **{**defaults, **extra})


@admin_router.get("/persondata", response_class=HTMLResponse)
async def privacy(request: Request, _user: Administrator) -> Response:
    """A citizen's access request (the log of reads of their data), retention and the deletion log."""
    return render(request, "referrals/privacy.html", await privacy_context(request))


@admin_router.post("/persondata/adgangslog", response_class=HTMLResponse)
async def access_log(
    request: Request,
    _user: Administrator,
    cpr: Annotated[str, Form(max_length=16)] = "",
    download: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """The log of reads of one person's data; the CPR number only in the form body."""
    try:
        export = (
            await upstream.call(request, SERVICE, "POST", "/v1/access-log/search", json={"cpr": cpr})
        ).json()
    except UpstreamError as exc:
        if exc.status != 422:
            raise
        values = await privacy_context(request, error="cpr")
        return render(request, "referrals/privacy.html", values, status_code=422)
    if download == "json":
        return Response(
            json.dumps(export, ensure_ascii=False, indent=2),
            media_type="application/json",
            headers={
                "Content-Disposition": 'attachment; filename="adgangslog.json"',
                "Cache-Control": "no-store",
            },
        )
    return render(request, "referrals/privacy.html", await privacy_context(request, export=export))


@admin_router.post("/persondata/sletning", response_class=HTMLResponse)
async def run_retention(
    request: Request, _user: Administrator, dry_run: Annotated[str, Form(max_length=8)] = ""
) -> Response:
    """Anonymise reporters and delete closed cases whose deadlines have come (archive export first)."""
    body = {"dry_run": dry_run == "yes"}
    result = (await upstream.call(request, SERVICE, "POST", "/v1/retention/run", json=body)).json()
    return render(request, "referrals/privacy.html", await privacy_context(request, retention=result))
