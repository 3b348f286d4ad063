"""What every allocation page shares: the render helper, dates and numbers as people write them, and the
labels of the page frame (the sections, the notices and errors the banners show, the channels, the benefits).

Labels are English msgids marked for the message catalogue (Danish in web/translations/da/…/allocation.po);
the templates translate them with `_()`. Each area keeps its own labels beside its pages; the templates read
them all as `alloc` (see labels.py).
"""

from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import httpx
from fastapi import Request, Response
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from gateway.clients.allocation import AllocationClient
from gateway.i18n import request_language
from gateway.labels import N_
from gateway.templating import format_day, render
from services.kit import clock
from services.kit.auth import Principal, Role

SECTIONS = (
    ("/udlejning", N_("Overview")),
    ("/udlejning/aftaler", N_("Agreements")),
    ("/udlejning/faellesaftaler", N_("Common agreements")),
    ("/udlejning/ledige", N_("Vacancies")),
    ("/udlejning/boligsoegende", N_("Housing seekers")),
    ("/udlejning/akut", N_("Acute housing")),
    ("/udlejning/dispensationer", N_("Dispensations")),
    ("/udlejning/statistik", N_("Statistics")),
)

CHANNELS = {
    "waiting_list": N_("Waiting list"),
    "flexible": N_("Flexible letting"),
    "municipal": N_("Municipal allocation"),
    "other": N_("Other (rehousing, transfer)"),
}
CHANNEL_CODES = tuple(CHANNELS)

BENEFITS = {
    "kontanthjaelp": N_("Cash benefit (kontanthjælp)"),
    "uddannelseshjaelp": N_("Education benefit (uddannelseshjælp)"),
    "selvforsoergelses_hjemrejseydelse": N_(
        "Self-support and return benefit (selvforsørgelses- og hjemrejseydelse)"
    ),
    "overgangsydelse": N_("Transition benefit (overgangsydelse)"),
    "foertidspension": N_("Early retirement pension (førtidspension)"),
    "dagpenge": N_("Unemployment benefit (dagpenge)"),
    "sygedagpenge": N_("Sickness benefit (sygedagpenge)"),
    "ressourceforloebsydelse": N_("Resource programme benefit (ressourceforløbsydelse)"),
}
BENEFIT_CODES = tuple(BENEFITS)

# The published list in force stood in for by the agreement (DOMAIN § 3): candidates and applicant checks.
LIST_WARNINGS = {
    "list_not_loaded": N_(
        "The list of %(list_year)s is in force but not loaded; the designations of the letting agreement for "
        "%(agreement_year)s were used instead."
    ),
    "area_not_on_list": N_(
        "The area is not on the list of %(list_year)s, which is in force; the designations of the letting "
        "agreement for %(agreement_year)s were used instead."
    ),
}

# The banner after a step (?notice=…), by code.
NOTICES = {
    "saved": N_("The agreement is saved."),
    "reported": N_("The vacancy is reported."),
    "offered": N_("The offer is made. The priority list is kept with it."),
    "accepted": N_("The seeker accepted the offer. Record the letting when the lease is signed."),
    "declined": N_("The decline is recorded with its consequence. The vacancy can be offered again."),
    "withdrawn": N_("The offer is withdrawn, and its letter is sent. The vacancy can be offered again."),
    "let": N_("The letting is recorded."),
    "seeker_created": N_("The housing seeker is registered."),
    "seeker_saved": N_("The housing seeker is saved."),
    "note_saved": N_("The note is saved."),
    "decision_recorded": N_("The § 51 b decision is recorded, and the area's agreements follow it."),
    "dispensation_saved": N_("The dispensation decision is recorded."),
}

# The error banner of a refused step, by code.
ERRORS = {
    "categorisation_down": N_(
        "The categorisation service is not answering, so no agreements could be drafted. Nothing was "
        "changed; try again later."
    ),
    "not_approved": N_(
        "The categorisation of that list year is not approved yet, or does not exist. Agreements are drafted "
        "from an approved categorisation only."
    ),
    "state": N_("That is not possible in the vacancy's or offer's current state."),
    "offer_refused": N_("The seeker cannot be offered this vacancy."),
    "invalid": N_("Some fields are missing or invalid."),
    "unknown_area": N_("The area is unknown, or it has no agreement for the letting year of the date."),
}


def is_officer(user: Principal) -> bool:
    return Role.ALLOCATION_OFFICER in user.roles


def page(request: Request, template: str, context: dict[str, Any], **kwargs: Any) -> HTMLResponse:
    """Render with what every allocation page needs: its labels, sections and notices."""
    # Imported here, not above: labels.py gathers every area's labels, and every area imports this module.
    from gateway.pages.allocation.labels import ALLOC

    user: Principal | None = getattr(request.state, "principal", None)
    full = {
        "alloc": ALLOC,
        "sections": SECTIONS if user is None or is_officer(user) else SECTIONS[-1:],
        "notice": request.query_params.get("notice"),
        "today": clock.today(),
        "day": day_formatter(request_language(request)),
        **context,
    }
    return render(request, template, full, **kwargs)


def day_formatter(language: str) -> Callable[[str | date | None], str]:
    """Dates as the reader writes them: 7. december 2026 in Danish; a dash for none."""

    def day(value: str | date | None) -> str:
        return danish_date(value, language)

    return day


def danish_date(value: str | date | None, lang: str = "da", *, month: bool = False) -> str:
    """7. december 2026 in Danish (a month: december 2026); a dash for none: the templates' `date` filter."""
    return format_day(value, lang, month=month)


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
    """A decimal as JSON carries it: a whole number as an int."""
    return int(value) if value == value.to_integral_value() else float(value)


async def organisation_names(client: AllocationClient) -> dict[str, str]:
    """The housing organisations' names by code: a page names an organisation, never shows its code."""
    return {o["code"]: o["name"] for o in await client.housing_organisations()}


def letting_year(year: int | None) -> int:
    """The year asked for when it is a sensible one, else this year."""
    return year if year is not None and 2000 <= year <= 2100 else clock.today().year


def form_values(form: FormData) -> dict[str, Any]:
    """What the person typed, to fill the form in again beside the errors."""
    return {name: form.get(name, "") for name in form}


def letter(upstream_response: httpx.Response) -> Response:
    """A decision letter as the service stored it, shown in the browser (HTML) or its PDF viewer, and kept
    by no cache: it is about a person."""
    headers = {"Cache-Control": "private, no-store"}
    for name in ("Content-Disposition", "Content-Language"):
        if name in upstream_response.headers:
            headers[name] = upstream_response.headers[name]
    return Response(
        upstream_response.content, media_type=upstream_response.headers.get("content-type"), headers=headers
    )


def download(upstream_response: httpx.Response) -> Response:
    """The service's file as it sent it: its type and its file name."""
    return Response(
        upstream_response.content,
        media_type=upstream_response.headers.get("content-type"),
        headers={"Content-Disposition": upstream_response.headers.get("content-disposition", "attachment")},
    )
