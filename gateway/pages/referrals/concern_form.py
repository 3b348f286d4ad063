"""The public concern form at /bekymring: no login, Danish first, English too (DOMAIN § 6.2, § 6.3).

Public on purpose, every route here: a citizen reports a worry about an adult without an account. The form
posts to the referrals service's public POST /v1/concern-reports; the answer shown is the receipt and
nothing else. Protection without burdening people: CSRF (ALWAYS_CSRF in gateway/main.py), a size limit,
a rate limit per client address, and a spam trap made of a hidden field and a minimum fill time (no
CAPTCHA). The emergency numbers show at once when acute danger is chosen (web/static/concern.js; without
script they are always on the page) and on the receipt.
"""

import hashlib
import hmac
import logging
import math
import time
from typing import Any

import httpx
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from limits.aio.storage import Storage
from starlette.datastructures import FormData

from gateway.clients.referrals import ReferralsClient
from gateway.i18n import request_language
from gateway.pages.referrals import labels
from gateway.state import gateway_state
from gateway.templating import render
from gateway.tokens import client_address
from services.kit.ratelimit import Throttle

log = logging.getLogger(__name__)
# Public on purpose: see the module docstring.
router = APIRouter(prefix="/bekymring", include_in_schema=False)

MAX_FORM_BYTES = 64 * 1024
MIN_FILL_SECONDS = 3
SUBMISSIONS_PER_WINDOW, WINDOW_SECONDS = 5, 15 * 60
TRAP_FIELD = "website"  # the hidden field people never see; a bot that fills it is turned away
TEXT_LIMIT = 10_000
FIELDS = (
    "acute_danger",
    "citizen_name",
    "citizen_address",
    "citizen_cpr",
    "citizen_phone",
    "concern",
    "children_in_household",
    "reporter_anonymous",
    "reporter_name",
    "reporter_phone",
    "reporter_email",
    "reporter_relation",
)
# A reporter who is not anonymous can be reached through one of these.
REACH_FIELDS = ("reporter_name", "reporter_phone", "reporter_email")
FOLLOW_UP_FIELDS = ("reference", "follow_up_code", "information", "acute_danger")


def throttle(store: Storage) -> Throttle:
    """Reports per client address in a moving window, counted in the store the replicas share."""
    return Throttle(
        store,
        namespace="gateway-concern-form",
        per_window=SUBMISSIONS_PER_WINDOW,
        window_seconds=WINDOW_SECONDS,
    )


async def _throttled(
    request: Request, info: dict[str, Any], template: str, values: dict[str, str], started: str | None
) -> Response | None:
    """The 429 page, saying when to try again, once an address has sent its reports for the window.

    Only reports that were received count (`_count_sent`): a library's or a hospital's shared address must
    not be locked out by honest people correcting a mistake in the form.
    """
    throttle, address = gateway_state(request).concern_form_throttle, client_address(request)
    if await throttle.allows(address):
        return None
    return _refused_for_now(request, info, template, values, started, await throttle.retry_after(address))


def _refused_for_now(
    request: Request,
    info: dict[str, Any],
    template: str,
    values: dict[str, str],
    started: str | None,
    wait: int,
) -> Response:
    """429 with `Retry-After` and the minutes in words; what was typed stays in the form."""
    minutes = max(1, math.ceil(wait / 60))
    context = _context(
        request, info, form=values, problem="throttled", retry_minutes=minutes, started=started
    )
    response = render(request, template, context, status_code=429)
    response.headers["Retry-After"] = str(wait)
    return response


def _retry_after(response: httpx.Response) -> int:
    """The service's own `Retry-After` in seconds (its limit counts reports from every gateway replica);
    a missing or odd value is read as the gateway's window."""
    value = response.headers.get("retry-after", "")
    return int(value) if value.isdigit() and int(value) > 0 else WINDOW_SECONDS


async def _count_sent(request: Request) -> None:
    await gateway_state(request).concern_form_throttle.hit(client_address(request))


# --- the spam trap ---------------------------------------------------------------------------------


def _signature(request: Request, stamp: str) -> str:
    secret = str(gateway_state(request).settings.secret_key).encode()
    return hmac.new(secret, f"bekymring:{stamp}".encode(), hashlib.sha256).hexdigest()[:32]


def started_token(request: Request) -> str:
    """When the form was shown, signed, so the time a person took to fill it in can be checked."""
    stamp = str(int(time.time()))
    return f"{stamp}.{_signature(request, stamp)}"


def signed_start(request: Request, form: FormData) -> str | None:
    """The posted start time when it is ours (signed), else None."""
    token = str(form.get("started", ""))
    stamp, _, signature = token.partition(".")
    if not stamp.isdigit() or not hmac.compare_digest(signature, _signature(request, stamp)):
        return None
    return token


def trap_problem(request: Request, form: FormData) -> str | None:
    """Why the spam trap holds the form back, or None.

    "not_sent": the hidden field was filled in or the start time is not ours – software, or a form from
    before a restart. "too_fast": sent sooner after it was shown than a person can write it; a person who
    types fast or uses the browser's autofill is told so truthfully, and only has to send it again.
    """
    if str(form.get(TRAP_FIELD, "")).strip():
        return "not_sent"
    started = signed_start(request, form)
    if started is None:
        return "not_sent"
    return "too_fast" if time.time() - int(started.partition(".")[0]) < MIN_FILL_SECONDS else None


# --- the referrals service, without the visitor's token ----------------------------------------------


async def form_info(request: Request) -> dict[str, Any]:
    """The single entry and emergency numbers, from the service; from the configuration if it is down."""
    try:
        response = await ReferralsClient(request).concern_form()
        if response.status_code == 200:
            info: dict[str, Any] = response.json()
            return info
    except httpx.HTTPError as exc:
        log.warning("concern form info unavailable: %s", type(exc).__name__)
    section = gateway_state(request).municipality.sections.get("referrals", {})
    return {
        "single_entry_name": section.get("single_entry_name", ""),
        "single_entry_phone": section.get("single_entry_phone", ""),
        "emergency_contacts": section.get("emergency_contacts", []),
        "max_text_length": TEXT_LIMIT,
        "degraded": True,
    }


def _field_error(loc: list[Any], message: str) -> tuple[str, str]:
    """The form field and our error code for one of the service's validation errors."""
    parts = [str(p) for p in loc if p != "body"]
    field = "_".join(parts) if parts else "form"
    lowered = message.lower()
    if field == "reporter":
        return "reporter_anonymous", "reach_you"
    if field in ("acute_danger", "children_in_household", "reporter_anonymous"):
        return field, "choose"
    if field.endswith("cpr"):
        return field, "cpr"
    if field.endswith("phone"):
        return field, "phone"
    if field.endswith("email"):
        return field, "email"
    if "at most" in lowered:
        return field, "too_long"
    if "angle brackets" in lowered:
        return field, "no_markup"
    if "at least" in lowered or "required" in lowered or "missing" in lowered:
        return field, "required"
    return field, "invalid"


def field_errors(response: httpx.Response) -> dict[str, str]:
    try:
        problems = response.json().get("errors") or []
    except ValueError:
        problems = []
    return errors_for(problems)


def errors_for(problems: list[dict[str, Any]]) -> dict[str, str]:
    """Field → error code for the service's validation errors (loc and msg only; never the input)."""
    errors: dict[str, str] = {}
    for problem in problems:
        field, code = _field_error(list(problem.get("loc", [])), str(problem.get("msg", "")))
        errors.setdefault(field, code)
    return errors or {"form": "invalid"}


def _choice(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def report_json(form: dict[str, str]) -> dict[str, Any]:
    """The form as the service's ConcernReportCreate; empty optional fields become null."""

    def optional(name: str) -> str | None:
        return form[name] or None

    anonymous = _choice(form["reporter_anonymous"])
    return {
        "citizen": {
            "name": form["citizen_name"],
            "address": form["citizen_address"],
            "cpr": optional("citizen_cpr"),
            "phone": optional("citizen_phone"),
        },
        "concern": form["concern"],
        "acute_danger": _choice(form["acute_danger"]),
        "children_in_household": form["children_in_household"] or None,
        "reporter": {
            "anonymous": anonymous,
            "name": optional("reporter_name"),
            "phone": optional("reporter_phone"),
            "email": optional("reporter_email"),
            "relation": optional("reporter_relation"),
        },
    }


def _context(
    request: Request, info: dict[str, Any], *, started: str | None = None, **extra: Any
) -> dict[str, Any]:
    """What the form templates read. `started` keeps the first showing's start time when the form comes
    back for a correction, so the time a person has spent on it keeps counting."""
    return {
        "info": info,
        "rl": labels,
        "started": started or started_token(request),
        "trap_field": TRAP_FIELD,
        "text_limit": TEXT_LIMIT,
        "errors": {},
        "problem": None,
        "retry_minutes": None,
        **extra,
    }


async def _read_form(request: Request, names: tuple[str, ...]) -> tuple[FormData | None, dict[str, str]]:
    """The posted form, or None when it is larger than a concern form can be."""
    declared = request.headers.get("content-length", "")
    if declared and (not declared.isdigit() or int(declared) > MAX_FORM_BYTES):
        return None, dict.fromkeys(names, "")
    if not declared:
        # A chunked body declares no length: read it (the kit's page limit bounds that) and count it, so
        # the form's limit holds however the body is sent. The form is then parsed from what was read.
        body = await request.body()
        if len(body) > MAX_FORM_BYTES:
            return None, dict.fromkeys(names, "")
    form = await request.form(max_files=0, max_fields=40)
    values = {name: str(form.get(name, ""))[: TEXT_LIMIT + 1].strip() for name in names}
    return form, values


# --- the report -------------------------------------------------------------------------------------


@router.get("", response_class=HTMLResponse)
async def form_page(request: Request) -> Response:
    """The form, with the confidentiality and right-to-refuse text and the phone number before anything."""
    info = await form_info(request)
    return render(request, "concern/form.html", _context(request, info, form=dict.fromkeys(FIELDS, "")))


@router.post("", response_class=HTMLResponse)
async def submit(request: Request) -> Response:
    """Send the report; the answer is the receipt (reference and follow-up code), never the case."""
    info = await form_info(request)
    form, values = await _read_form(request, FIELDS)
    if form is None:
        context = _context(request, info, form=values, problem="too_large")
        return render(request, "concern/form.html", context, status_code=413)
    started = signed_start(request, form)
    if (trapped := trap_problem(request, form)) is not None:
        context = _context(request, info, form=values, problem=trapped, started=started)
        return render(request, "concern/form.html", context, status_code=422)
    if (refused := await _throttled(request, info, "concern/form.html", values, started)) is not None:
        return refused
    if values["reporter_anonymous"] == "no" and not any(values[name] for name in REACH_FIELDS):
        # The API takes a reporter who is not anonymous and gives no contact (CONTRACT § 7); the form asks
        # for a way to reach them, since that is why one says one is not anonymous.
        errors = {"reporter_anonymous": "reach_you"}
        context = _context(request, info, form=values, errors=errors, started=started)
        return render(request, "concern/form.html", context, status_code=422)
    try:
        response = await ReferralsClient(request).report_concern(report_json(values))
    except httpx.HTTPError as exc:
        log.warning("concern report not delivered: %s", type(exc).__name__)
        response = None
    if response is None or response.status_code >= 500:
        context = _context(request, info, form=values, problem="unavailable", started=started)
        return render(request, "concern/form.html", context, status_code=503)
    if response.status_code == 429:
        wait = _retry_after(response)
        return _refused_for_now(request, info, "concern/form.html", values, started, wait)
    if response.status_code != 201:
        errors = field_errors(response)
        context = _context(request, info, form=values, errors=errors, started=started)
        return render(request, "concern/form.html", context, status_code=422)
    await _count_sent(request)
    receipt = response.json()
    message = receipt["message_da"] if request_language(request) == "da" else receipt["message_en"]
    return render(
        request,
        "concern/receipt.html",
        {"info": info, "receipt": receipt, "message": message, "rl": labels},
    )


# --- adding information with the follow-up code ------------------------------------------------------


@router.get("/opfoelgning", response_class=HTMLResponse)
async def follow_up_page(request: Request) -> Response:
    """Add information to a report already sent; nothing about the case is shown."""
    info = await form_info(request)
    context = _context(request, info, form=dict.fromkeys(FOLLOW_UP_FIELDS, ""))
    return render(request, "concern/follow_up.html", context)


@router.post("/opfoelgning", response_class=HTMLResponse)
async def follow_up(request: Request) -> Response:
    info = await form_info(request)
    form, values = await _read_form(request, FOLLOW_UP_FIELDS)
    if form is None:
        context = _context(request, info, form=values, problem="too_large")
        return render(request, "concern/follow_up.html", context, status_code=413)
    started = signed_start(request, form)
    if (trapped := trap_problem(request, form)) is not None:
        context = _context(request, info, form=values, problem=trapped, started=started)
        return render(request, "concern/follow_up.html", context, status_code=422)
    if (refused := await _throttled(request, info, "concern/follow_up.html", values, started)) is not None:
        return refused
    body = {
        "reference": values["reference"],
        "follow_up_code": values["follow_up_code"],
        "information": values["information"],
        "acute_danger": values["acute_danger"] == "yes",
    }
    try:
        response = await ReferralsClient(request).add_information(body)
    except httpx.HTTPError:
        response = None
    if response is None or response.status_code >= 500:
        context = _context(request, info, form=values, problem="unavailable", started=started)
        return render(request, "concern/follow_up.html", context, status_code=503)
    if response.status_code == 429:
        wait = _retry_after(response)
        return _refused_for_now(request, info, "concern/follow_up.html", values, started, wait)
    if response.status_code != 202:
        errors = field_errors(response)
        no_match = response.status_code == 422 and errors == {"form": "invalid"}
        context = _context(
            request,
            info,
            form=values,
            errors={} if no_match else errors,
            problem="no_match" if no_match else None,
            started=started,
        )
        return render(request, "concern/follow_up.html", context, status_code=422)
    await _count_sent(request)
    receipt = response.json()
    message = receipt["message_da"] if request_language(request) == "da" else receipt["message_en"]
    return render(
        request,
        "concern/follow_up_done.html",
        {"info": info, "receipt": receipt, "message": message, "rl": labels},
    )
