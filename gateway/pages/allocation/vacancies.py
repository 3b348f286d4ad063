"""Vacancies with their channel and state, one vacancy with its ranked candidates, the offers and the
letting; and reporting a vacancy as a housing organisation would."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse

from gateway.clients.allocation import AllocationClient, VacancyReceipt
from gateway.labels import N_
from gateway.pages.allocation.common import CHANNEL_CODES, decimal_of, number, organisation_names, page
from gateway.pages.forms import Outcome
from gateway.pages.responses import redirect

router = APIRouter()

VACANCY_STATUSES = {
    "open": N_("Vacant"),
    "offered": N_("Offered"),
    "let": N_("Let"),
    "returned": N_("Returned to the housing organisation"),
}
VACANCY_STATUS_CODES = tuple(VACANCY_STATUSES)

OFFER_STATUSES = {
    "pending": N_("Awaiting reply"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "expired": N_("Not answered in time"),
    "withdrawn": N_("Withdrawn"),
}

CONSEQUENCES = {
    "none": N_("No consequence"),
    "parked": N_("Parked"),
    "removed": N_("Removed from the list"),
}

EVENTS = {
    "reported": N_("Reported"),
    "offered": N_("Offered to a seeker"),
    "accepted": N_("Offer accepted"),
    "declined": N_("Offer declined"),
    "offer_expired": N_("Offer not answered in time"),
    "returned": N_("Returned to the housing organisation"),
    "let": N_("Let"),
}

# Why the vacancy went to its channel (DOMAIN § 5.3's floor(n × share), said in words), from the service's
# parameters.
VACANCY_REASONS = {
    "quota_municipal": N_(
        "Vacancy no. %(sequence)s of the area's letting year: %(share)s of %(vacancies)s = %(due)s (rounded "
        "down) are due to municipal allocation and %(before)s were given, so this one goes to municipal "
        "allocation."
    ),
    "quota_flexible": N_(
        "Vacancy no. %(sequence)s of the area's letting year: %(share)s of %(vacancies)s = %(due)s (rounded "
        "down) are due to municipal allocation and %(before)s were given, so this one is not municipal. Of "
        "the others, %(flexible_share)s of %(other_vacancies)s = %(flexible_due)s (rounded down) are due to "
        "flexible letting and %(flexible_before)s were given, so this one goes to flexible letting."
    ),
    "quota_waiting_list": N_(
        "Vacancy no. %(sequence)s of the area's letting year: %(share)s of %(vacancies)s = %(due)s (rounded "
        "down) are due to municipal allocation and %(before)s were given, so this one is not municipal. Of "
        "the others, %(flexible_share)s of %(other_vacancies)s = %(flexible_due)s (rounded down) are due to "
        "flexible letting and %(flexible_before)s were given, so this one goes to the waiting list."
    ),
}

# Which municipal share a vacancy was assigned at, and why (ABL § 59 stk. 1-2, DOMAIN § 5.2).
SHARE_REASONS = {
    "share_imposed": N_(
        "The agreement's municipal share of %(agreement_share)s was applied: the municipality may impose up "
        "to 25 %% (ABL § 59, stk. 1)."
    ),
    "share_agreed": N_(
        "The agreement's municipal share of %(agreement_share)s was applied: it rests on a voluntary "
        "agreement the housing organisation has agreed to (ABL § 59, stk. 2)."
    ),
    "share_capped": N_(
        "The agreement's %(agreement_share)s rests on a voluntary agreement not yet agreed, so "
        "%(applied_share)s (ABL § 59, stk. 1) was applied."
    ),
}

# Reasons for a rank or an exclusion, keyed by the service's codes; %(...)s are its parameters. The reasons
# that count rooms are worded in the `reason_text` macro, where the count picks the singular or plural.
RANKING_REASONS = {
    "urgency": N_("Urgency: %(urgency)s."),
    "area_wish": N_("Wished for this area, or named no area."),
    "no_area_wish": N_("Wished for other areas than this one."),
    "seniority": N_("Registered since %(since)s."),
    "bans_clear": N_("None of the bans of %(paragraphs)s applies to the household."),
    "removed": N_("Not active on the list."),
    "parked": N_("Parked after declining an offer, until %(until)s."),
    "open_offer": N_("Has an offer awaiting reply."),
    "rent_above_limit": N_("The rent of %(rent)s kr. is above the household's limit of %(limit)s kr."),
    "not_accessible": N_("Needs an accessible dwelling; this one is not known to be."),
    "ban_released_from_prison": N_(
        "No municipal allocation here: a member was convicted and released from prison in the last 6 months."
    ),
    "ban_released_from_youth_placement": N_(
        "No municipal allocation here: a member under 18 was convicted and released from a placement in the "
        "last 6 months."
    ),
    "ban_tenancy_terminated": N_(
        "No municipal allocation here: a member had a tenancy terminated for gross misconduct in the last 6 "
        "months."
    ),
    "ban_not_eu_citizen": N_(
        "No municipal allocation here: a member is not a citizen of an EU/EEA country or Switzerland."
    ),
    "ban_passive_benefits_6_months": N_(
        "No municipal allocation here: 6 consecutive months of kontanthjælp, uddannelseshjælp, "
        "selvforsørgelses- og hjemrejseydelse or overgangsydelse."
    ),
    "ban_integration_benefits_6_months": N_(
        "No municipal allocation here: 6 consecutive months of selvforsørgelses- og hjemrejseydelse or "
        "overgangsydelse."
    ),
    "ban_date_unknown": N_("Complete the date of %(what)s before an offer."),
}

TIE_BREAKERS = {
    "urgency": N_("Urgency: acute before high before ordinary."),
    "area_wish": N_("Seekers who wished for the area (or named no area) before those who wished others."),
    "rooms_fit": N_("The closest fit: the fewest rooms beyond what the household needs."),
    "seniority": N_("Seniority: the earliest registration as a housing seeker first."),
    "reference": N_("Last, the seeker's reference, so that the order is always the same."),
}

PAGE_SIZE = 50
REPORT_FIELDS = (
    "external_id",
    "area_code",
    "dwelling_ref",
    "rooms",
    "floor_area_m2",
    "monthly_rent_dkk",
    "available_from",
)


async def _vacancies_context(request: Request, filters: dict[str, Any]) -> dict[str, Any]:
    client = AllocationClient(request)
    result = await client.vacancies(**filters, limit=PAGE_SIZE)
    areas = await client.areas()
    return {
        "result": result,
        "filters": filters,
        "areas": areas,
        "channels": CHANNEL_CODES,
        "statuses": VACANCY_STATUS_CODES,
        "page_size": PAGE_SIZE,
        "report_errors": None,
        "report_form": {},
    }


@router.get("/ledige", response_class=HTMLResponse)
async def vacancies(
    request: Request,
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
        "status": status if status in VACANCY_STATUS_CODES else "",
        "channel": channel if channel in CHANNEL_CODES else "",
        "area_code": area_code,
        "offset": offset,
    }
    context = await _vacancies_context(request, filters)
    query = request.query_params
    context["returned_count"] = query.get("returned")
    context["expired_count"] = query.get("expired")
    return page(request, "allocation/vacancies.html", context, block="vacancy_table")


@router.post("/ledige/returner", response_class=HTMLResponse)
async def return_overdue(request: Request) -> Response:
    """Give back the municipal vacancies past their deadline and expire unanswered offers (recorded)."""
    result = await AllocationClient(request).return_overdue()
    return redirect(
        request,
        f"/udlejning/ledige?notice=returned&returned={len(result['returned'])}&expired={len(result['offers_expired'])}",
    )


@router.post("/ledige/ny", response_class=HTMLResponse)
async def report_vacancy(request: Request) -> Response:
    """The officer reports a vacancy as a housing organisation would (e.g. one phoned in)."""
    form = await request.form()
    values = {name: str(form.get(name, "")).strip() for name in REPORT_FIELDS}
    body: dict[str, Any] = dict(values)
    errors: list[str] = []
    try:
        body["rooms"] = int(values["rooms"])
        for name in ("floor_area_m2", "monthly_rent_dkk"):
            parsed = decimal_of(values[name])
            body[name] = number(parsed) if parsed is not None else None
        body["accessible"] = form.get("accessible") == "true"
    except ValueError:
        errors.append("invalid")
    if not errors:
        outcome = await AllocationClient(request).report_vacancy(body)
        if not outcome.refused:
            receipt: VacancyReceipt = outcome.json()
            return redirect(request, f"/udlejning/ledige/{receipt['id']}?notice=reported")
        # An area the service does not know (or no agreement for the date's year) is the likely fault.
        errors.append("unknown_area" if outcome.status in (403, 422) and not outcome.problems else "invalid")
        if {"area_code", "available_from"} & outcome.errors.keys():
            errors = ["unknown_area"]
    context = await _vacancies_context(
        request, {"year": None, "status": "", "channel": "", "area_code": "", "offset": 0}
    )
    context["report_errors"] = errors
    context["report_form"] = values
    return page(request, "allocation/vacancies.html", context, block="report_form", status_code=422)


async def _vacancy_context(request: Request, vacancy_id: int) -> dict[str, Any]:
    client = AllocationClient(request)
    vacancy = await client.vacancy(vacancy_id)
    offers = await client.vacancy_offers(vacancy_id)
    candidates = None
    if vacancy["channel"] == "municipal" and vacancy["status"] in ("open", "offered"):
        candidates = await client.candidates(vacancy_id)
    reasons = await client.decline_reasons()
    accepted = next((o for o in offers if o["status"] == "accepted"), None)
    return {
        "vacancy": vacancy,
        "organisations": await organisation_names(client),
        "offers": offers,
        "candidates": candidates,
        "decline_reasons": reasons,
        "accepted": accepted,
        "pending": next((o for o in offers if o["status"] == "pending"), None),
        "channels": CHANNEL_CODES,
        "error": request.query_params.get("error"),
        "error_detail": None,
    }


@router.get("/ledige/{vacancy_id}", response_class=HTMLResponse)
async def vacancy(request: Request, vacancy_id: int) -> Response:
    """One vacancy: why its channel, its deadline, ranked candidates with reasons, offers and letting."""
    return page(request, "allocation/vacancy.html", await _vacancy_context(request, vacancy_id))


async def _after_step(request: Request, vacancy_id: int, outcome: Outcome, notice: str) -> Response:
    """Back to the vacancy with its notice; a step the service refused shows the vacancy with why."""
    if not outcome.refused:
        return redirect(request, f"/udlejning/ledige/{vacancy_id}?notice={notice}")
    context = await _vacancy_context(request, vacancy_id)
    context["error"] = "state" if outcome.status == 409 else "offer_refused"
    context["error_reasons"] = outcome.problems
    return page(request, "allocation/vacancy.html", context, status_code=outcome.status)


@router.post("/ledige/{vacancy_id}/tilbud", response_class=HTMLResponse)
async def make_offer(
    request: Request,
    vacancy_id: int,
    seeker_id: Annotated[int, Form()],
    reply_days: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    body: dict[str, Any] = {"seeker_id": seeker_id, "note": note}
    if reply_days.strip().isdigit():
        body["reply_days"] = int(reply_days)
    outcome = await AllocationClient(request).make_offer(vacancy_id, body)
    return await _after_step(request, vacancy_id, outcome, "offered")


@router.post("/tilbud/{offer_id}/accepter", response_class=HTMLResponse)
async def accept_offer(
    request: Request,
    offer_id: int,
    vacancy_id: Annotated[int, Form()],
    note: Annotated[str, Form()] = "",
) -> Response:
    outcome = await AllocationClient(request).accept_offer(offer_id, note)
    return await _after_step(request, vacancy_id, outcome, "accepted")


@router.post("/tilbud/{offer_id}/afslag", response_class=HTMLResponse)
async def decline_offer(
    request: Request,
    offer_id: int,
    vacancy_id: Annotated[int, Form()],
    reason: Annotated[str, Form()],
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    outcome = await AllocationClient(request).decline_offer(offer_id, reason, note)
    return await _after_step(request, vacancy_id, outcome, "declined")


@router.post("/ledige/{vacancy_id}/udlejning", response_class=HTMLResponse)
async def record_letting(
    request: Request,
    vacancy_id: int,
    channel: Annotated[str, Form()],
    let_on: Annotated[date, Form()],
) -> Response:
    """Record the letting with the channel actually used."""
    outcome = await AllocationClient(request).record_letting(vacancy_id, channel, let_on.isoformat())
    return await _after_step(request, vacancy_id, outcome, "let")
