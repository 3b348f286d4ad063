"""The allocation officer's pages: agreements, vacancies with candidates and offers, seekers, acute housing,
and the statistics dashboard (managers see that one only, aggregated by the service)."""

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from babel.dates import format_date
from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from gateway import allocation_labels, upstream
from gateway.charts import bar_chart
from gateway.i18n import request_language
from gateway.labels import N_
from gateway.pages.responses import redirect
from gateway.session import PageUser, page_roles
from gateway.templating import render
from gateway.upstream import UpstreamError
from services.kit.auth import Principal, Role

SERVICE = "allocation"
READERS = (Role.ALLOCATION_OFFICER, Role.MANAGER)
router = APIRouter(prefix="/udlejning", include_in_schema=False, dependencies=[Depends(page_roles(*READERS))])
Officer = Annotated[Principal, Depends(page_roles(Role.ALLOCATION_OFFICER))]

CHANNELS = ("waiting_list", "flexible", "municipal", "other")
VACANCY_STATUSES = ("open", "offered", "let", "returned")
CATEGORIES = ("red", "pink", "yellow", "green")
BENEFITS = tuple(allocation_labels.BENEFITS)
FACTS = tuple(allocation_labels.HOUSEHOLD_FACTS)
DATED_FACTS = tuple(allocation_labels.DATED_FACTS)
BAN_BENEFITS = allocation_labels.BAN_BENEFITS
GROUP_ROWS = 5
PAGE_SIZE = 50


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


def is_officer(user: Principal) -> bool:
    return Role.ALLOCATION_OFFICER in user.roles


def page(request: Request, template: str, context: dict[str, Any], **kwargs: Any) -> HTMLResponse:
    """Render with what every allocation page needs: its labels, sections and notices."""
    user: Principal | None = getattr(request.state, "principal", None)
    full = {
        "alloc": allocation_labels,
        "sections": allocation_labels.SECTIONS
        if user is None or is_officer(user)
        else allocation_labels.SECTIONS[-1:],
        "notice": request.query_params.get("notice"),
        "today": date.today(),
        "rule_errors": RULE_ERRORS,
        "day": day_formatter(request_language(request)),
        **context,
    }
    return render(request, template, full, **kwargs)


def day_formatter(language: str) -> Any:
    """Dates as the reader writes them: 7. december 2026 in Danish; a dash for none."""

    def day(value: str | date | None) -> str:
        if not value:
            return "–"
        parsed = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
        return format_date(parsed, format="long", locale=language)

    return day


def decimal_of(raw: object) -> Decimal | None:
    """A number as people type it: 12,5 or 12.5; None when empty; ValueError when not a number."""
    text = str(raw or "").strip().replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc


def number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() else float(value)


def letting_year(year: int | None) -> int:
    return year if year is not None and 2000 <= year <= 2100 else date.today().year


# --- overview -------------------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
async def overview(request: Request, user: PageUser, year: int | None = None) -> Response:
    """Where the letting year stands: agreements, vacancies waiting for the municipality, alerts."""
    if not is_officer(user):
        return redirect(request, "/udlejning/statistik")
    chosen = letting_year(year)
    agreements = await upstream.get_json(request, SERVICE, f"/v1/agreements/{chosen}")
    waiting = await upstream.get_json(
        request, SERVICE, "/v1/vacancies", params={"channel": "municipal", "status": "open", "limit": 100}
    )
    offered = await upstream.get_json(
        request, SERVICE, "/v1/vacancies", params={"channel": "municipal", "status": "offered", "limit": 100}
    )
    quota = await upstream.get_json(request, SERVICE, "/v1/statistics/quota", params={"year": chosen})
    held = await upstream.get_json(request, SERVICE, "/v1/statistics/days-held", params={"year": chosen})
    return page(
        request,
        "allocation/overview.html",
        {
            "year": chosen,
            "held": held,
            "agreements": agreements,
            "drafts": [a for a in agreements if a["status"] == "draft"],
            "waiting": waiting["items"],
            "offered": offered["items"],
            "quota": quota,
        },
    )


# --- agreements -----------------------------------------------------------------------------------


async def _agreements_context(request: Request, year: int) -> dict[str, Any]:
    years = await upstream.get_json(request, SERVICE, "/v1/agreement-years")
    choices = sorted({*years, date.today().year, date.today().year + 1}, reverse=True)
    agreements = await upstream.get_json(request, SERVICE, f"/v1/agreements/{year}")
    return {"year": year, "years": choices, "agreements": agreements, "error": None, "result": None}


@router.get("/aftaler", response_class=HTMLResponse)
async def agreements(request: Request, _user: Officer, year: int | None = None) -> Response:
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
    _user: Officer,
    source_year: Annotated[str, Form()] = "",
    replace_drafts: Annotated[str, Form()] = "",
) -> Response:
    """Draft the year's agreements from the categorisation; a service that is down changes nothing."""
    params: dict[str, str] = {}
    if source_year.strip().isdigit():
        params["source_year"] = source_year.strip()
    if replace_drafts:
        params["replace_drafts"] = "true"
    try:
        response = await upstream.call(
            request, SERVICE, "POST", f"/v1/agreements/{year}/from-categorisation", params=params
        )
    except UpstreamError as exc:
        if exc.status not in (409, 502, 503, 504):
            raise
        context = await _agreements_context(request, year)
        context["error"] = "not_approved" if exc.status == 409 else "categorisation_down"
        return page(request, "allocation/agreements.html", context, status_code=exc.status)
    result = response.json()
    counts = "&".join(f"{k}={len(result[k])}" for k in ("created", "replaced", "kept"))
    return redirect(
        request, f"/udlejning/aftaler?year={year}&notice=drafted&{counts}&source_year={result['source_year']}"
    )


def _groups_form(groups: list[dict[str, Any]]) -> list[dict[str, str]]:
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
    agreement = await upstream.get_json(request, SERVICE, f"/v1/agreements/{year}/{area_code}")
    changes = await upstream.get_json(request, SERVICE, f"/v1/agreements/{year}/{area_code}/changes")
    decisions = await upstream.get_json(request, SERVICE, f"/v1/areas/{area_code}/combined-letting-decisions")
    return {
        "year": year,
        "agreement": agreement,
        "changes": changes,
        "groups": _groups_form(agreement["flexible_criteria"]),
        "errors": {},
        "form": None,
        "decisions": decisions,
        "decision_errors": {},
        "decision_form": {},
    }


@router.get("/aftaler/{year}/{area_code}", response_class=HTMLResponse)
async def agreement(request: Request, year: int, area_code: str, _user: Officer) -> Response:
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


def _agreement_changes(form: FormData, current: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
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
async def save_agreement(request: Request, year: int, area_code: str, _user: Officer) -> Response:
    """Send only the changed fields; refusals (e.g. more than 25 % imposed) come back beside the field."""
    form = await request.form()
    context = await _agreement_context(request, year, area_code)
    body, errors = _agreement_changes(form, context["agreement"])
    if not errors and body:
        try:
            await upstream.call(request, SERVICE, "PUT", f"/v1/agreements/{year}/{area_code}", json=body)
        except UpstreamError as exc:
            if exc.status != 422:
                raise
            for error in exc.errors or []:
                field = str(error.get("loc", ["", "invalid"])[-1])
                code = str(error.get("code", "invalid"))
                known = code in allocation_labels.AGREEMENT_ERRORS or code in RULE_ERRORS
                errors[field] = code if known else "invalid"
            if "flexible_period_from" in errors and errors["flexible_period_from"] not in RULE_ERRORS:
                errors["flexible_period_from"] = "period"
            errors = errors or {"municipal_share_pct": "invalid"}
    if errors:
        context["errors"] = errors
        context["form"] = {k: form.get(k, "") for k in form}
        context["periods"] = {
            b: {
                "first_month": form.get(f"period_{b}_first", ""),
                "last_month": form.get(f"period_{b}_last", ""),
                "date_unknown": form.get(f"period_{b}_unknown") == "true",
            }
            for b in BAN_BENEFITS
        }
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
        return page(request, "allocation/agreement.html", context, block="agreement_form", status_code=422)
    return redirect(request, f"/udlejning/aftaler/{year}/{area_code}?notice=saved")


# --- vacancies ------------------------------------------------------------------------------------


async def _vacancies_context(request: Request, filters: dict[str, Any]) -> dict[str, Any]:
    params = {k: v for k, v in filters.items() if v not in ("", None)}
    result = await upstream.get_json(request, SERVICE, "/v1/vacancies", params={**params, "limit": PAGE_SIZE})
    areas = await upstream.get_json(request, SERVICE, "/v1/areas")
    return {
        "result": result,
        "filters": filters,
        "areas": areas,
        "channels": CHANNELS,
        "statuses": VACANCY_STATUSES,
        "page_size": PAGE_SIZE,
        "report_errors": None,
        "report_form": {},
    }


@router.get("/ledige", response_class=HTMLResponse)
async def vacancies(
    request: Request,
    _user: Officer,
    # A string, not an int: the filter form sends an empty year ("all years"), which an int would refuse.
    year: Annotated[str, Query(max_length=8)] = "",
    status: Annotated[str, Query()] = "",
    channel: Annotated[str, Query()] = "",
    area_code: Annotated[str, Query(max_length=32)] = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Vacancies with their channel and state; htmx swaps only the table when a filter changes."""
    chosen_year = int(year) if year.strip().isdigit() and 2000 <= int(year) <= 2100 else None
    filters = {
        "year": chosen_year,
        "status": status if status in VACANCY_STATUSES else "",
        "channel": channel if channel in CHANNELS else "",
        "area_code": area_code,
        "offset": offset,
    }
    context = await _vacancies_context(request, filters)
    query = request.query_params
    context["returned_count"] = query.get("returned")
    context["expired_count"] = query.get("expired")
    return page(request, "allocation/vacancies.html", context, block="vacancy_table")


@router.post("/ledige/returner", response_class=HTMLResponse)
async def return_overdue(request: Request, _user: Officer) -> Response:
    """Give back the municipal vacancies past their deadline and expire unanswered offers (recorded)."""
    result = (await upstream.call(request, SERVICE, "POST", "/v1/vacancies/return-overdue")).json()
    return redirect(
        request,
        f"/udlejning/ledige?notice=returned&returned={len(result['returned'])}&expired={len(result['offers_expired'])}",
    )


@router.post("/ledige/ny", response_class=HTMLResponse)
async def report_vacancy(request: Request, _user: Officer) -> Response:
    """The officer reports a vacancy as a housing organisation would (e.g. one phoned in)."""
    form = await request.form()
    fields = (
        "external_id",
        "area_code",
        "dwelling_ref",
        "rooms",
        "floor_area_m2",
        "monthly_rent_dkk",
        "available_from",
    )
    values = {name: str(form.get(name, "")).strip() for name in fields}
    body: dict[str, Any] = dict(values)
    errors: list[str] = []
    try:
        for name in ("rooms",):
            body[name] = int(values[name])
        for name in ("floor_area_m2", "monthly_rent_dkk"):
            parsed = decimal_of(values[name])
            body[name] = number(parsed) if parsed is not None else None
        body["accessible"] = form.get("accessible") == "true"
    except ValueError:
        errors.append("invalid")
    if not errors:
        try:
            response = await upstream.call(request, SERVICE, "POST", "/v1/vacancies", json=body)
            return redirect(request, f"/udlejning/ledige/{response.json()['id']}?notice=reported")
        except UpstreamError as exc:
            if exc.status not in (403, 409, 422):
                raise
            errors.append("unknown_area" if exc.status in (403, 422) and not exc.errors else "invalid")
            if exc.errors and any(
                e.get("loc", [""])[-1] in ("area_code", "available_from") for e in exc.errors
            ):
                errors = ["unknown_area"]
    context = await _vacancies_context(
        request, {"year": None, "status": "", "channel": "", "area_code": "", "offset": 0}
    )
    context["report_errors"] = errors
    context["report_form"] = values
    return page(request, "allocation/vacancies.html", context, block="report_form", status_code=422)


async def _vacancy_context(request: Request, vacancy_id: int) -> dict[str, Any]:
    vacancy = await upstream.get_json(request, SERVICE, f"/v1/vacancies/{vacancy_id}")
    offers = await upstream.get_json(request, SERVICE, f"/v1/vacancies/{vacancy_id}/offers")
    candidates = None
    if vacancy["channel"] == "municipal" and vacancy["status"] in ("open", "offered"):
        candidates = await upstream.get_json(request, SERVICE, f"/v1/vacancies/{vacancy_id}/candidates")
    reasons = await upstream.get_json(request, SERVICE, "/v1/decline-reasons")
    accepted = next((o for o in offers if o["status"] == "accepted"), None)
    return {
        "vacancy": vacancy,
        "offers": offers,
        "candidates": candidates,
        "decline_reasons": reasons,
        "accepted": accepted,
        "pending": next((o for o in offers if o["status"] == "pending"), None),
        "channels": CHANNELS,
        "error": request.query_params.get("error"),
        "error_detail": None,
    }


@router.get("/ledige/{vacancy_id}", response_class=HTMLResponse)
async def vacancy(request: Request, vacancy_id: int, _user: Officer) -> Response:
    """One vacancy: why its channel, its deadline, ranked candidates with reasons, offers and letting."""
    return page(request, "allocation/vacancy.html", await _vacancy_context(request, vacancy_id))


async def _vacancy_step(
    request: Request, vacancy_id: int, method: str, path: str, body: dict[str, Any], notice: str
) -> Response:
    try:
        await upstream.call(request, SERVICE, method, path, json=body)
    except UpstreamError as exc:
        if exc.status not in (409, 422):
            raise
        context = await _vacancy_context(request, vacancy_id)
        context["error"] = "state" if exc.status == 409 else "offer_refused"
        context["error_reasons"] = exc.errors or []
        return page(request, "allocation/vacancy.html", context, status_code=exc.status)
    return redirect(request, f"/udlejning/ledige/{vacancy_id}?notice={notice}")


@router.post("/ledige/{vacancy_id}/tilbud", response_class=HTMLResponse)
async def make_offer(
    request: Request,
    vacancy_id: int,
    _user: Officer,
    seeker_id: Annotated[int, Form()],
    reply_days: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    body: dict[str, Any] = {"seeker_id": seeker_id, "note": note}
    if reply_days.strip().isdigit():
        body["reply_days"] = int(reply_days)
    return await _vacancy_step(
        request, vacancy_id, "POST", f"/v1/vacancies/{vacancy_id}/offers", body, "offered"
    )


@router.post("/tilbud/{offer_id}/accepter", response_class=HTMLResponse)
async def accept_offer(
    request: Request,
    offer_id: int,
    _user: Officer,
    vacancy_id: Annotated[int, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    return await _vacancy_step(
        request, vacancy_id, "POST", f"/v1/offers/{offer_id}/accept", {"note": note}, "accepted"
    )


@router.post("/tilbud/{offer_id}/afslag", response_class=HTMLResponse)
async def decline_offer(
    request: Request,
    offer_id: int,
    _user: Officer,
    vacancy_id: Annotated[int, Form()],
    reason: Annotated[str, Form()],
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    body = {"reason": reason, "note": note}
    return await _vacancy_step(
        request, vacancy_id, "POST", f"/v1/offers/{offer_id}/decline", body, "declined"
    )


@router.post("/ledige/{vacancy_id}/udlejning", response_class=HTMLResponse)
async def record_letting(
    request: Request,
    vacancy_id: int,
    _user: Officer,
    channel: Annotated[str, Form()],
    let_on: Annotated[date, Form()],
) -> Response:
    """Record the letting with the channel actually used."""
    body = {"channel": channel, "let_on": let_on.isoformat()}
    return await _vacancy_step(
        request, vacancy_id, "POST", f"/v1/vacancies/{vacancy_id}/letting", body, "let"
    )


# --- seekers --------------------------------------------------------------------------------------


def _seeker_body(form: FormData, *, partial: bool) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name in ("name", "urgency", "reason", "note", "registered_on", "status", "parked_until"):
        value = str(form.get(name, "")).strip()
        if value or (partial and name in ("note", "parked_until") and name in form):
            body[name] = (value or None) if name == "parked_until" else value
    for name in ("adults", "children", "rooms_min", "max_rent_dkk"):
        value = str(form.get(name, "")).strip()
        if value:
            body[name] = int(value)
        elif partial and name == "max_rent_dkk" and name in form:
            body[name] = None
    for name in (*FACTS, "needs_accessible"):
        body[name] = form.get(name) == "true"
    body.update(_ban_facts(form))
    wishes = str(form.get("area_wishes", "")).replace(";", ",")
    body["area_wishes"] = [w.strip() for w in wishes.split(",") if w.strip()]
    if not body.get("registered_on"):
        body.pop("registered_on", None)
    return body


# --- the dated facts of ABL § 59 stk. 6 nr. 1-3 and 5 on the seeker form ------------------------


def _month(value: str) -> str | None:
    """A month from <input type="month"> ("2026-01") or a date ("2026-01-15"), as its first day."""
    value = value.strip()
    if not value:
        return None
    return date.fromisoformat(f"{value[:7]}-01").isoformat()  # ValueError when it is no month


def _ban_facts(form: FormData) -> dict[str, Any]:
    """The end dates and benefit periods as the form holds them: one period per benefit of item 5."""
    body: dict[str, Any] = {}
    for fact in DATED_FACTS:
        value = str(form.get(f"{fact}_on", "")).strip()
        body[f"{fact}_on"] = date.fromisoformat(value).isoformat() if value else None
        body[f"{fact}_date_unknown"] = form.get(f"{fact}_date_unknown") == "true" and not value
    periods: list[dict[str, Any]] = []
    for benefit in BAN_BENEFITS:
        first = _month(str(form.get(f"period_{benefit}_first", "")))
        last = _month(str(form.get(f"period_{benefit}_last", "")))
        unknown = form.get(f"period_{benefit}_unknown") == "true"
        if first is not None:
            periods.append({"benefit": benefit, "first_month": first, "last_month": last})
        elif last is not None:
            raise ValueError(f"period_{benefit}_first")
        elif unknown:
            periods.append({"benefit": benefit, "date_unknown": True})
    body["benefit_periods"] = periods
    return body


def shown_periods(periods: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Per benefit of item 5 the period the form shows: the ongoing one, else the latest to end."""
    shown: dict[str, dict[str, Any]] = {}
    for period in periods:
        benefit = period["benefit"]
        if benefit not in BAN_BENEFITS:
            continue
        current = shown.get(benefit)
        if current is None or _period_order(period) > _period_order(current):
            shown[benefit] = period
    return shown


def _period_order(period: dict[str, Any]) -> tuple[int, str]:
    if period.get("date_unknown"):
        return (0, "")
    return (2, "") if period.get("last_month") is None else (1, str(period["last_month"]))


def _kept_periods(current: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The periods the form does not show (other benefits, earlier periods): kept as they are."""
    shown = [id(p) for p in shown_periods(current).values()]
    return [p for p in current if id(p) not in shown]


def danish_date(value: str | date | None, lang: str = "da", *, month: bool = False) -> str:
    """7. december 2026 in Danish, 7 December 2026 in English (a month: december 2026); a dash for none."""
    if not value:
        return "–"
    day = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    return format_date(day, format="MMMM y" if month else "long", locale=lang)


def _seeker_page_context(
    person: dict[str, Any], offers: list[Any], errors: list[str] | None
) -> dict[str, Any]:
    return {
        "seeker": person,
        "offers": offers,
        "benefits": BENEFITS,
        "facts": FACTS,
        "dated_facts": DATED_FACTS,
        "ban_benefits": BAN_BENEFITS,
        "periods": shown_periods(person.get("benefit_periods") or []),
        "ddate": danish_date,
        "errors": errors,
    }


async def _seekers_context(request: Request, status: str, q: str) -> dict[str, Any]:
    params = {k: v for k, v in {"status": status, "q": q}.items() if v}
    return {
        "seekers": await upstream.get_json(request, SERVICE, "/v1/seekers", params=params),
        "filters": {"status": status, "q": q},
        "benefits": BENEFITS,
        "facts": FACTS,
        "dated_facts": DATED_FACTS,
        "ban_benefits": BAN_BENEFITS,
        "periods": {},
        "ddate": danish_date,
        "form": {},
        "errors": None,
    }


@router.get("/boligsoegende", response_class=HTMLResponse)
async def seekers(
    request: Request,
    _user: Officer,
    status: Annotated[str, Query()] = "active",
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """Housing seekers registered for municipal allocation, and registering a new one."""
    status = status if status in allocation_labels.SEEKER_STATUSES else ""
    return page(
        request, "allocation/seekers.html", await _seekers_context(request, status, q), block="seeker_table"
    )


@router.post("/boligsoegende", response_class=HTMLResponse)
async def create_seeker(request: Request, _user: Officer) -> Response:
    form = await request.form()
    try:
        body = _seeker_body(form, partial=False)
        created = (await upstream.call(request, SERVICE, "POST", "/v1/seekers", json=body)).json()
        return redirect(request, f"/udlejning/boligsoegende/{created['id']}?notice=seeker_created")
    except (ValueError, UpstreamError) as exc:
        if isinstance(exc, UpstreamError) and exc.status != 422:
            raise
        context = await _seekers_context(request, "active", "")
        context["form"] = {k: form.get(k, "") for k in form}
        context["periods"] = {
            b: {
                "first_month": form.get(f"period_{b}_first", ""),
                "last_month": form.get(f"period_{b}_last", ""),
                "date_unknown": form.get(f"period_{b}_unknown") == "true",
            }
            for b in BAN_BENEFITS
        }
        context["errors"] = [str(e.get("loc", ["", ""])[-1]) for e in getattr(exc, "errors", None) or []] or [
            "form"
        ]
        return page(request, "allocation/seekers.html", context, block="seeker_form", status_code=422)


@router.get("/boligsoegende/{seeker_id}", response_class=HTMLResponse)
async def seeker(request: Request, seeker_id: int, _user: Officer) -> Response:
    person = await upstream.get_json(request, SERVICE, f"/v1/seekers/{seeker_id}")
    offers = await upstream.get_json(request, SERVICE, f"/v1/seekers/{seeker_id}/offers")
    return page(request, "allocation/seeker.html", _seeker_page_context(person, offers, None))


@router.post("/boligsoegende/{seeker_id}", response_class=HTMLResponse)
async def save_seeker(request: Request, seeker_id: int, _user: Officer) -> Response:
    form = await request.form()
    try:
        body = _seeker_body(form, partial=True)
        current = await upstream.get_json(request, SERVICE, f"/v1/seekers/{seeker_id}")
        body["benefit_periods"] = [
            *_kept_periods(current.get("benefit_periods") or []),
            *body["benefit_periods"],
        ]
        await upstream.call(request, SERVICE, "PATCH", f"/v1/seekers/{seeker_id}", json=body)
    except (ValueError, UpstreamError) as exc:
        if isinstance(exc, UpstreamError) and exc.status != 422:
            raise
        person = await upstream.get_json(request, SERVICE, f"/v1/seekers/{seeker_id}")
        offers = await upstream.get_json(request, SERVICE, f"/v1/seekers/{seeker_id}/offers")
        context = _seeker_page_context(person, offers, ["form"])
        return page(request, "allocation/seeker.html", context, status_code=422)
    return redirect(request, f"/udlejning/boligsoegende/{seeker_id}?notice=seeker_saved")


# --- acute housing --------------------------------------------------------------------------------


@router.get("/akut", response_class=HTMLResponse)
async def acute(request: Request, _user: Officer) -> Response:
    """The application form against the municipality's criteria, and the decisions made."""
    criteria = await upstream.get_json(request, SERVICE, "/v1/acute-criteria")
    decisions = await upstream.get_json(request, SERVICE, "/v1/acute-applications")
    return page(
        request, "allocation/acute.html", {"criteria": criteria, "decisions": decisions, "errors": None}
    )


@router.post("/akut", response_class=HTMLResponse)
async def decide_acute(request: Request, _user: Officer) -> Response:
    """Each configured criterion answered yes, no or with a number; the service decides and explains."""
    form = await request.form()
    criteria = await upstream.get_json(request, SERVICE, "/v1/acute-criteria")
    named = {
        "resident_of_municipality",
        "acute_unforeseen_situation",
        "had_own_dwelling",
        "divorce_with_children_under_18",
        "registered_housing_organisations",
    }
    body: dict[str, Any] = {
        "applicant_name": str(form.get("applicant_name", "")).strip(),
        "officer_note": str(form.get("officer_note", "")).strip(),
        "facts": {},
    }
    errors: list[str] = []
    for criterion in criteria:
        raw = str(form.get(criterion["code"], "")).strip()
        value: bool | int | None
        if criterion["minimum"] is not None:
            value = int(raw) if raw.isdigit() else None
            if raw and value is None:
                errors.append(criterion["code"])
        else:
            value = {"yes": True, "no": False}.get(raw)
        if value is None:
            continue
        if criterion["code"] in named:
            body[criterion["code"]] = value
        else:
            body["facts"][criterion["code"]] = value
    if errors:
        decisions = await upstream.get_json(request, SERVICE, "/v1/acute-applications")
        context = {"criteria": criteria, "decisions": decisions, "errors": errors, "form": form}
        return page(request, "allocation/acute.html", context, block="acute_form", status_code=422)
    created = (await upstream.call(request, SERVICE, "POST", "/v1/acute-applications", json=body)).json()
    return redirect(request, f"/udlejning/akut/{created['id']}")


@router.get("/akut/{application_id}", response_class=HTMLResponse)
async def acute_decision(request: Request, application_id: int, _user: Officer) -> Response:
    """The decision with each criterion met or not and why, the citizen's text and the officer's note."""
    decision = await upstream.get_json(request, SERVICE, f"/v1/acute-applications/{application_id}")
    return page(request, "allocation/acute_decision.html", {"decision": decision})


@router.post("/akut/{application_id}/note", response_class=HTMLResponse)
async def acute_note(
    request: Request,
    application_id: int,
    _user: Officer,
    officer_note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    await upstream.call(
        request,
        SERVICE,
        "PUT",
        f"/v1/acute-applications/{application_id}/note",
        json={"officer_note": officer_note},
    )
    return redirect(request, f"/udlejning/akut/{application_id}?notice=note_saved")


# --- statistics -----------------------------------------------------------------------------------


@router.get("/statistik", response_class=HTMLResponse)
async def statistics(request: Request, user: PageUser, year: int | None = None) -> Response:
    """Channel shares, municipal allocations per year, quota fulfilment and forecast, returns, time to
    letting; every chart has its figures in a table beside it. Managers get the service's aggregates."""
    years = (await upstream.get_json(request, SERVICE, "/v1/statistics/years"))["years"]
    known = [y["year"] for y in years]
    chosen = year if year in known else (known[-1] if known else date.today().year)
    channels = await upstream.get_json(request, SERVICE, "/v1/statistics/channels", params={"year": chosen})
    quota = await upstream.get_json(request, SERVICE, "/v1/statistics/quota", params={"year": chosen})
    # Only figures the service showed this reader are drawn: a hidden (small) count gets no bar at all.
    channel_chart = bar_chart(
        [(c, channels["counts"][c]) for c in CHANNELS if channels["counts"][c] is not None]
    )
    municipal_chart = bar_chart(
        [
            (str(y["year"]), y["municipal_allocations"])
            for y in years
            if y["municipal_allocations"] is not None
        ]
    )
    return page(
        request,
        "allocation/statistics.html",
        {
            "year": chosen,
            "years": years,
            "channels": channels,
            "quota": quota,
            "channel_chart": channel_chart,
            "municipal_chart": municipal_chart,
            "channel_names": CHANNELS,
            "categories": CATEGORIES,
            "detailed": is_officer(user),
        },
    )


# --- applicant check (§ 51 c, § 51 b) -------------------------------------------------------------


async def _check_context(request: Request) -> dict[str, Any]:
    return {
        "areas": await upstream.get_json(request, SERVICE, "/v1/areas"),
        "benefits": BENEFITS,
        "relations": PARTNER_RELATIONS,
        "form": {},
        "errors": {},
        "result": None,
    }


PARTNER_RELATIONS = tuple(allocation_labels.PARTNER_RELATIONS)


def _receipts(form: FormData, who: str, errors: dict[str, str]) -> list[dict[str, Any]]:
    """One person's benefits from the form: received now (a checkbox) and consecutive months (a number)."""
    receipts = []
    for benefit in BENEFITS:
        now = form.get(f"{who}_{benefit}_now") == "true"
        raw = str(form.get(f"{who}_{benefit}_months", "")).strip()
        if not raw and not now:
            continue
        if not raw.isdigit() or not 1 <= int(raw) <= 1200:
            errors[f"{who}_{benefit}_months"] = "months"
            continue
        receipts.append({"benefit": benefit, "received_now": now, "consecutive_months": int(raw)})
    return receipts


@router.get("/ansoegertjek", response_class=HTMLResponse)
async def applicant_check(request: Request, _user: Officer) -> Response:
    """May a waiting-list applicant be let to in the area? The same check the housing organisations call."""
    return page(request, "allocation/applicant_check.html", await _check_context(request))


@router.post("/ansoegertjek", response_class=HTMLResponse)
async def run_applicant_check(request: Request, _user: Officer) -> Response:
    form = await request.form()
    context = await _check_context(request)
    errors: dict[str, str] = {}
    relation = str(form.get("partner_relation", "")).strip()
    values: dict[str, Any] = {
        "area_code": str(form.get("area_code", "")).strip(),
        "applicant_ref": str(form.get("applicant_ref", "")).strip(),
        "lives_in_department": form.get("lives_in_department") == "true",
        "applicant": {"benefits": _receipts(form, "applicant", errors)},
    }
    if relation in PARTNER_RELATIONS:
        values["partner"] = {"relation": relation, "benefits": _receipts(form, "partner", errors)}
    elif _receipts(form, "partner", {}):
        errors["partner_relation"] = "relation"  # benefits for a partner of no stated kind would be lost
    if values["area_code"] not in {a["code"] for a in context["areas"]}:
        errors["area_code"] = "required"
    if len(str(values["applicant_ref"])) > 64:
        errors["applicant_ref"] = "too_long"
    if not errors:
        body = {**values, "applicant_ref": values["applicant_ref"] or None}
        try:
            response = await upstream.call(request, SERVICE, "POST", "/v1/applicant-checks", json=body)
            context["result"] = response.json()
        except UpstreamError as exc:
            if exc.status not in (403, 404, 422):
                raise
            errors["area_code"] = "no_agreement" if exc.status == 404 else "invalid"
    values = {**{k: form.get(k, "") for k in form}, "lives_in_department": values["lives_in_department"]}
    context["form"] = values
    context["errors"] = errors
    return page(request, "allocation/applicant_check.html", context, status_code=422 if errors else 200)


# --- housing organisations and their areas ----------------------------------------------------------


async def _organisations_context(request: Request) -> dict[str, Any]:
    return {
        "organisations": await upstream.get_json(request, SERVICE, "/v1/housing-organisations"),
        "areas": await upstream.get_json(request, SERVICE, "/v1/areas"),
        "org_form": {},
        "org_errors": {},
        "bind_form": {},
        "bind_errors": {},
    }


@router.get("/boligorganisationer", response_class=HTMLResponse)
async def organisations(request: Request, _user: Officer) -> Response:
    """The housing organisations, the areas each owns, and binding an area to its owner."""
    return page(request, "allocation/organisations.html", await _organisations_context(request))


# What the service refuses in a field filled in, in the words the page has for it; the rules stay there.
ORG_FIELD_ERRORS = {"code": "org_code", "name": "too_long"}


@router.post("/boligorganisationer", response_class=HTMLResponse)
async def create_organisation(
    request: Request,
    _user: Officer,
    code: Annotated[str, Form(max_length=200)] = "",
    name: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    """Register an organisation; its code is what its machine client carries as housing_org."""
    code, name = code.strip(), name.strip()
    values = {"code": code, "name": name}
    errors: dict[str, str] = {}
    try:
        await upstream.call(request, SERVICE, "POST", "/v1/housing-organisations", json=values)
        return redirect(request, "/udlejning/boligorganisationer?notice=org_created")
    except UpstreamError as exc:
        if exc.status == 409:
            errors["code"] = "org_exists"
        elif exc.status == 422:
            for error in exc.errors or []:
                field = str(error.get("loc", [""])[-1])
                if field in ORG_FIELD_ERRORS:
                    errors[field] = ORG_FIELD_ERRORS[field] if values[field] else "required"
            errors = errors or {"code": "org_code"}
        else:
            raise
    context = await _organisations_context(request)
    context["org_form"] = {"code": code, "name": name}
    context["org_errors"] = errors
    return page(request, "allocation/organisations.html", context, status_code=422)


@router.post("/boligorganisationer/omraader", response_class=HTMLResponse)
async def bind_area(
    request: Request,
    _user: Officer,
    area_code: Annotated[str, Form(max_length=200)] = "",
    housing_org: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Bind an area to the housing organisation that owns it (PUT /v1/areas/{code})."""
    context = await _organisations_context(request)
    errors: dict[str, str] = {}
    if area_code not in {a["code"] for a in context["areas"]}:
        errors["area_code"] = "required"
    if housing_org not in {o["code"] for o in context["organisations"]}:
        errors["housing_org"] = "required"
    if not errors:
        try:
            await upstream.call(
                request, SERVICE, "PUT", f"/v1/areas/{area_code}", json={"housing_org": housing_org}
            )
            return redirect(request, "/udlejning/boligorganisationer?notice=area_bound")
        except UpstreamError as exc:
            if exc.status not in (404, 422):
                raise
            errors["housing_org"] = "required"
    context["bind_form"] = {"area_code": area_code, "housing_org": housing_org}
    context["bind_errors"] = errors
    return page(request, "allocation/organisations.html", context, status_code=422)


# --- statutory bookkeeping: § 51 b decisions, the report to the minister, days held -------------------

DECISION_KINDS = tuple(allocation_labels.DECISION_KINDS)
DOWNLOAD_FORMATS = {"csv": "csv", "xlsx": "xlsx"}
Reader = Annotated[Principal, Depends(page_roles(Role.ALLOCATION_OFFICER, Role.MANAGER))]


@router.post("/aftaler/{year}/{area_code}/51b", response_class=HTMLResponse)
async def record_decision(request: Request, year: int, area_code: str, _user: Officer) -> Response:
    """Record a § 51 b decision for the area; refusals come back beside the field at fault."""
    form = await request.form()
    body = {
        name: str(form.get(name, "")).strip()
        for name in ("kind", "decided_on", "decided_by", "justification")
    }
    errors: dict[str, str] = {name: "required" for name, value in body.items() if not value}
    if not errors:
        try:
            await upstream.call(
                request, SERVICE, "POST", f"/v1/areas/{area_code}/combined-letting-decisions", json=body
            )
        except UpstreamError as exc:
            if exc.status != 422:
                raise
            for error in exc.errors or []:
                field = str(error.get("loc", ["", "kind"])[-1])
                code = str(error.get("code", "invalid"))
                errors[field if field in body else "kind"] = (
                    code if code in allocation_labels.DECISION_ERRORS else "invalid"
                )
            errors = errors or {"kind": "invalid"}
    if errors:
        context = await _agreement_context(request, year, area_code)
        context["decision_errors"] = errors
        context["decision_form"] = body
        return page(request, "allocation/agreement.html", context, block="decision_form", status_code=422)
    return redirect(request, f"/udlejning/aftaler/{year}/{area_code}?notice=decision_recorded#decisions")


def _report_period(date_from: str, date_to: str) -> tuple[date, date]:
    today = date.today()
    try:
        start = date.fromisoformat(date_from) if date_from else date(today.year, 1, 1)
        end = date.fromisoformat(date_to) if date_to else date(today.year, 12, 31)
    except ValueError:
        start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    return (start, end) if start <= end else (end, start)


@router.get("/51b-rapport", response_class=HTMLResponse)
async def decisions_report(
    request: Request, _user: Reader, date_from: str = "", date_to: str = ""
) -> Response:
    """The § 51 b decisions of a period: the report to the minister, with downloads in Danish."""
    start, end = _report_period(date_from, date_to)
    report = await upstream.get_json(
        request,
        SERVICE,
        "/v1/combined-letting-decisions",
        params={"date_from": start.isoformat(), "date_to": end.isoformat()},
    )
    return page(request, "allocation/decisions_report.html", {"report": report})


async def _download(request: Request, path: str, params: dict[str, str], fmt: str) -> Response:
    upstream_response = await upstream.call(
        request, SERVICE, "GET", path, params={**params, "format": fmt, "lang": request_language(request)}
    )
    return Response(
        upstream_response.content,
        media_type=upstream_response.headers.get("content-type"),
        headers={"Content-Disposition": upstream_response.headers.get("content-disposition", "attachment")},
    )


@router.get("/51b-rapport.{fmt}")
async def decisions_download(
    request: Request, fmt: str, _user: Reader, date_from: str = "", date_to: str = ""
) -> Response:
    if fmt not in DOWNLOAD_FORMATS:
        return Response(status_code=404)
    start, end = _report_period(date_from, date_to)
    params = {"date_from": start.isoformat(), "date_to": end.isoformat()}
    return await _download(request, "/v1/combined-letting-decisions/export", params, DOWNLOAD_FORMATS[fmt])


@router.get("/dage-holdt/{year}.{fmt}")
async def days_held_download(request: Request, year: int, fmt: str, _user: Officer) -> Response:
    if fmt not in DOWNLOAD_FORMATS:
        return Response(status_code=404)
    return await _download(
        request, "/v1/statistics/days-held/export", {"year": str(letting_year(year))}, DOWNLOAD_FORMATS[fmt]
    )


# --- § 51 c dispensations and the 1 July report -----------------------------------------------------

CONSIDERATIONS = tuple(allocation_labels.CONSIDERATIONS)
EXPORT_FORMATS = ("csv", "xlsx")


def _decision_form(form: FormData) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    considerations = []
    for code in CONSIDERATIONS:
        applies = str(form.get(f"{code}_applies", ""))
        note = str(form.get(f"{code}_note", "")).strip()
        if applies not in ("yes", "no"):
            errors[f"{code}_applies"] = "required"
        if not note:
            errors[f"{code}_note"] = "required"
        elif len(note) > 2000:
            errors[f"{code}_note"] = "too_long"
        considerations.append({"code": code, "applies": applies == "yes", "note": note})
    granted = str(form.get("granted", ""))
    if granted not in ("yes", "no"):
        errors["granted"] = "required"
    justification = str(form.get("justification", "")).strip()
    if not justification:
        errors["justification"] = "required"
    elif len(justification) > 4000:
        errors["justification"] = "too_long"
    body = {"considerations": considerations, "granted": granted == "yes", "justification": justification}
    return body, errors


async def _decision_context(request: Request, check_id: int) -> dict[str, Any]:
    return {
        "check": await upstream.get_json(request, SERVICE, f"/v1/applicant-checks/{check_id}"),
        "considerations": CONSIDERATIONS,
        "form": {},
        "errors": {},
        "ddate": danish_date,
    }


@router.get("/dispensationer/ny/{check_id}", response_class=HTMLResponse)
async def new_dispensation(request: Request, check_id: int, _user: Officer) -> Response:
    """The § 51 c dispensation decision on a refused applicant check: four considerations, then the result."""
    context = await _decision_context(request, check_id)
    if context["check"]["dispensation_id"] is not None:
        return redirect(request, f"/udlejning/dispensationer/{context['check']['dispensation_id']}")
    return page(request, "allocation/dispensation_new.html", context)


@router.post("/dispensationer/ny/{check_id}", response_class=HTMLResponse)
async def record_dispensation(request: Request, check_id: int, _user: Officer) -> Response:
    form = await request.form()
    body, errors = _decision_form(form)
    if not errors:
        try:
            response = await upstream.call(
                request, SERVICE, "POST", f"/v1/applicant-checks/{check_id}/dispensation", json=body
            )
            made = response.json()
            return redirect(request, f"/udlejning/dispensationer/{made['id']}?notice=dispensation_saved")
        except UpstreamError as exc:
            if exc.status not in (409, 422):
                raise
            errors["form"] = "state" if exc.status == 409 else "invalid"
    context = await _decision_context(request, check_id)
    context["form"] = {k: form.get(k, "") for k in form}
    context["errors"] = errors
    return page(request, "allocation/dispensation_new.html", context, status_code=422)


@router.get("/dispensationer", response_class=HTMLResponse)
async def dispensation_list(request: Request, _user: Officer, year: int | None = None) -> Response:
    """The decisions of one report year and the counts of the 1 July report, with the downloads."""
    # Without a (sensible) year the service answers with the report decisions made today go into.
    asked = {"year": year} if year is not None and 2019 <= year <= 2100 else {}
    report = await upstream.get_json(request, SERVICE, "/v1/dispensations/report", params=asked)
    chosen = report["report_year"]
    decisions = await upstream.get_json(request, SERVICE, "/v1/dispensations", params={"report_year": chosen})
    context = {"year": chosen, "report": report, "decisions": decisions, "ddate": danish_date}
    return page(request, "allocation/dispensations.html", context)


@router.get("/dispensationer/{dispensation_id}", response_class=HTMLResponse)
async def dispensation(request: Request, dispensation_id: int, _user: Officer) -> Response:
    item = await upstream.get_json(request, SERVICE, f"/v1/dispensations/{dispensation_id}")
    check = await upstream.get_json(request, SERVICE, f"/v1/applicant-checks/{item['check_id']}")
    return page(request, "allocation/dispensation.html", {"item": item, "check": check, "ddate": danish_date})


@router.get("/dispensationer/{kind}/{year}.{fmt}")
async def dispensation_export(request: Request, kind: str, year: int, fmt: str, _user: Officer) -> Response:
    """The 1 July report (indberetning) or the year's decisions (afgoerelser), as Danish CSV or XLSX."""
    paths = {"indberetning": "/v1/dispensations/report", "afgoerelser": "/v1/dispensations"}
    if kind not in paths or fmt not in EXPORT_FORMATS:
        return render(request, "error.html", {"status": 404}, status_code=404)
    params = {"year": year} if kind == "indberetning" else {"report_year": year}
    response = await upstream.call(request, SERVICE, "GET", paths[kind], params={**params, "format": fmt})
    return Response(
        response.content,
        media_type=response.headers.get("content-type"),
        headers={"Content-Disposition": response.headers.get("content-disposition", "attachment")},
    )
