"""Vacancies with their channel and state, one vacancy with its ranked candidates, the offers and the
letting; and reporting a vacancy as a housing organisation would."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse

from gateway.clients.allocation import (
    AllocationClient,
    DeclineReason,
    Offer,
    VacancyPage,
    VacancyReceipt,
    VacancyUrgencyPage,
)
from gateway.i18n import gettext, request_language, translations
from gateway.labels import N_
from gateway.pages.allocation.common import (
    CHANNEL_CODES,
    CHANNELS,
    danish_date,
    decimal_of,
    letter,
    number,
    organisation_names,
    page,
)
from gateway.pages.forms import Confirmation, Irreversible, Outcome, ask_to_confirm, is_confirmed, is_editing
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
    "offer_withdrawn": N_("Offer withdrawn"),
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

# Beside a step's field on the vacancy page, by code (the service's codes where it refuses a field).
STEP_ERRORS = {
    "choose_channel": N_("Choose the channel actually used."),
    "date_required": N_("Write the date the lease begins, e.g. 2026-04-01."),
    "before_available_from": N_("The lease cannot begin before the dwelling is free (%(date)s)."),
    "choose_reason": N_("Choose why the seeker declined."),
    "withdrawal_reason": N_("Write why the offer is withdrawn; the letter states it."),
    "withdrawal_hearing": N_("Write whether the seeker was heard on the grounds, or why not."),
    "invalid": N_("Check this field."),
}

# The irreversible steps, each asked about first (gateway/pages/forms.py), with its consequence.
OFFER = Irreversible(
    title=N_("Offer the dwelling to %(name)s?"),
    consequence=N_(
        "The offer is a decision about %(name)s: the priority list as it stands now is kept with it, and the "
        "dwelling is held for %(name)s until the reply deadline. The offer cannot be taken back here."
    ),
    button=N_("Yes, make the offer"),
)
ACCEPT = Irreversible(
    title=N_("Record that %(name)s accepts?"),
    consequence=N_(
        "The dwelling is then promised to %(name)s and can be offered to no one else; the priority list at "
        "this moment is kept with the decision. The acceptance cannot be undone."
    ),
    button=N_("Yes, record the acceptance"),
)
DECLINE = Irreversible(
    title=N_("Record that %(name)s declines?"),
    consequence=N_(
        "The decline is recorded with the reason “%(reason)s”, and its consequence applies to %(name)s at "
        "once: %(consequence)s. It cannot be undone; the dwelling can then be offered to the next seeker."
    ),
    button=N_("Yes, record the decline"),
)
LET = Irreversible(
    title=N_("Record the letting of %(dwelling)s?"),
    consequence=N_(
        "The letting is recorded with the channel %(channel)s and the lease beginning %(date)s. It counts in "
        "the year's figures and quotas, and the vacancy is closed; it cannot be undone."
    ),
    button=N_("Yes, record the letting"),
)
WITHDRAW = Irreversible(
    title=N_("Withdraw the offer to %(name)s?"),
    consequence=N_(
        "The withdrawal is a decision about %(name)s: a letter stating the reason and the hearing is made "
        "and sent, and the dwelling can be offered to someone else. It cannot be undone."
    ),
    button=N_("Yes, withdraw the offer"),
)
RETURN = Irreversible(
    title=N_("Return the overdue vacancies?"),
    consequence=N_(
        "Every municipal vacancy past its deadline goes back to its housing organisation, with any offer on "
        "it withdrawn, and offers not answered by their reply date count as declined, with the consequence "
        "of no reply. This cannot be undone."
    ),
    button=N_("Yes, return them"),
)

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


# The list's orders: newest first (the service's default), or most urgent first – the soonest deadline or
# reply deadline, overdue at the top – each row then saying how urgent it is.
ORDERS = {"": N_("Newest first"), "urgency": N_("Most urgent first")}


async def _vacancies_context(request: Request, filters: dict[str, Any]) -> dict[str, Any]:
    client = AllocationClient(request)
    wanted = {name: value for name, value in filters.items() if name != "order"}
    if filters.get("order") == "urgency":
        result: VacancyPage | VacancyUrgencyPage = await client.urgent_vacancies(**wanted, limit=PAGE_SIZE)
    else:
        result = await client.vacancies(**wanted, limit=PAGE_SIZE)
    areas = await client.areas()
    return {
        "result": result,
        "filters": filters,
        "areas": areas,
        "channels": CHANNEL_CODES,
        "statuses": VACANCY_STATUS_CODES,
        "orders": ORDERS,
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
    order: Annotated[str, Query(max_length=16)] = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    """Vacancies with their channel and state, newest or most urgent first; htmx swaps only the table
    when a filter changes."""
    chosen_year = int(year) if year.strip().isdigit() and 2000 <= int(year) <= 2100 else None
    filters = {
        "year": chosen_year,
        "status": status if status in VACANCY_STATUS_CODES else "",
        "channel": channel if channel in CHANNEL_CODES else "",
        "area_code": area_code,
        "order": order if order in ORDERS else "",
        "offset": offset,
    }
    context = await _vacancies_context(request, filters)
    query = request.query_params
    context["returned_count"] = query.get("returned")
    context["expired_count"] = query.get("expired")
    return page(request, "allocation/vacancies.html", context, block="vacancy_table")


@router.post("/ledige/returner", response_class=HTMLResponse)
async def return_overdue(request: Request, confirmed: Annotated[str, Form(max_length=1)] = "") -> Response:
    """Give back the municipal vacancies past their deadline and expire unanswered offers (recorded);
    asks first, as neither can be undone."""
    if not is_confirmed(confirmed):
        return ask_to_confirm(
            request, Confirmation(RETURN, action="/udlejning/ledige/returner", back="/udlejning/ledige")
        )
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
        request, {"year": None, "status": "", "channel": "", "area_code": "", "order": "", "offset": 0}
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
        # A step's form again: what was typed and the reason beside each field, by form ("letting", …).
        "step_errors": {},
        "step_form": {},
        "step_error_texts": STEP_ERRORS,
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


async def _step_again(
    request: Request, vacancy_id: int, form: str, errors: dict[str, str], typed: dict[str, str]
) -> Response:
    """The vacancy with one step's form again: what was typed, and the reason beside each field (none when
    the officer chose to change the answers on the confirmation)."""
    context = await _vacancy_context(request, vacancy_id)
    context["step_errors"] = {form: errors}
    context["step_form"] = {form: typed}
    return page(request, "allocation/vacancy.html", context, status_code=422 if errors else 200)


def _confirm(
    request: Request,
    vacancy_id: int,
    action: str,
    step: Irreversible,
    values: list[tuple[str, str]],
    editable: bool = False,
    **params: Any,
) -> Response:
    """The step's confirmation; its way back is the vacancy, unchanged."""
    back = f"/udlejning/ledige/{vacancy_id}"
    confirmation = Confirmation(
        step, action=action, back=back, params=params, values=values, editable=editable
    )
    return ask_to_confirm(request, confirmation)


@router.post("/ledige/{vacancy_id}/tilbud", response_class=HTMLResponse)
async def make_offer(
    request: Request,
    vacancy_id: int,
    seeker_id: Annotated[int, Form()],
    reply_days: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
    confirmed: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    """Asks first (an offer is a decision about the seeker), then offers with the priority list kept."""
    client = AllocationClient(request)
    if not is_confirmed(confirmed):
        candidates = await client.candidates(vacancy_id)
        name = next(
            (c["name"] for c in candidates["candidates"] if c["seeker_id"] == seeker_id), str(seeker_id)
        )
        values = [("seeker_id", str(seeker_id)), ("reply_days", reply_days), ("note", note)]
        return _confirm(
            request, vacancy_id, f"/udlejning/ledige/{vacancy_id}/tilbud", OFFER, values, name=name
        )
    body: dict[str, Any] = {"seeker_id": seeker_id, "note": note}
    if reply_days.strip().isdigit():
        body["reply_days"] = int(reply_days)
    outcome = await client.make_offer(vacancy_id, body)
    return await _after_step(request, vacancy_id, outcome, "offered")


async def _offer(client: AllocationClient, vacancy_id: int, offer_id: int) -> Offer | None:
    return next((o for o in await client.vacancy_offers(vacancy_id) if o["id"] == offer_id), None)


@router.post("/tilbud/{offer_id}/accepter", response_class=HTMLResponse)
async def accept_offer(
    request: Request,
    offer_id: int,
    vacancy_id: Annotated[int, Form()],
    note: Annotated[str, Form()] = "",
    confirmed: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    """Asks first: an accepted offer promises the dwelling to the seeker."""
    client = AllocationClient(request)
    if not is_confirmed(confirmed):
        offer = await _offer(client, vacancy_id, offer_id)
        name = offer["seeker_name"] if offer else str(offer_id)
        values = [("vacancy_id", str(vacancy_id)), ("note", note)]
        return _confirm(
            request, vacancy_id, f"/udlejning/tilbud/{offer_id}/accepter", ACCEPT, values, name=name
        )
    outcome = await client.accept_offer(offer_id, note)
    return await _after_step(request, vacancy_id, outcome, "accepted")


def _consequence(request: Request, reason: DeclineReason) -> str:
    """The decline reason's configured consequence as the reader says it: "Parkeret 30 dage"."""
    text = gettext(request, CONSEQUENCES[reason["consequence"]])
    days = reason["park_days"]
    if days:
        text += " " + translations(request).ngettext("%(num)s day", "%(num)s days", days) % {"num": days}
    return text


@router.post("/tilbud/{offer_id}/afslag", response_class=HTMLResponse)
async def decline_offer(
    request: Request,
    offer_id: int,
    vacancy_id: Annotated[int, Form()],
    reason: Annotated[str, Form(max_length=32)] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
    confirmed: Annotated[str, Form(max_length=1)] = "",
    edit: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    """A decline needs a reason someone chose (none is preselected); asks first, naming its consequence."""
    client = AllocationClient(request)
    typed = {"reason": reason, "note": note}
    chosen = next((r for r in await client.decline_reasons() if r["code"] == reason), None)
    if chosen is None or is_editing(edit):
        errors = {} if chosen else {"reason": "choose_reason"}
        return await _step_again(request, vacancy_id, f"decline-{offer_id}", errors, typed)
    if not is_confirmed(confirmed):
        offer = await _offer(client, vacancy_id, offer_id)
        values = [("vacancy_id", str(vacancy_id)), ("reason", reason), ("note", note)]
        return _confirm(
            request,
            vacancy_id,
            f"/udlejning/tilbud/{offer_id}/afslag",
            DECLINE,
            values,
            editable=True,
            name=offer["seeker_name"] if offer else str(offer_id),
            reason=chosen["text_da"] if request_language(request) == "da" else chosen["text_en"],
            consequence=_consequence(request, chosen),
        )
    outcome = await client.decline_offer(offer_id, reason, note)
    if outcome.refused and "reason" in outcome.errors:
        return await _step_again(
            request, vacancy_id, f"decline-{offer_id}", {"reason": "choose_reason"}, typed
        )
    return await _after_step(request, vacancy_id, outcome, "declined")


@router.post("/tilbud/{offer_id}/tilbagetraek", response_class=HTMLResponse)
async def withdraw_offer(
    request: Request,
    offer_id: int,
    vacancy_id: Annotated[int, Form()],
    reason: Annotated[str, Form(max_length=2000)] = "",
    hearing: Annotated[str, Form(max_length=2000)] = "",
    confirmed: Annotated[str, Form(max_length=1)] = "",
    edit: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    """The municipality takes an offer back: the reason and the hearing are required (the letter states
    both); asks first, naming the consequence for the seeker."""
    client = AllocationClient(request)
    form = f"withdraw-{offer_id}"
    typed = {"reason": reason, "hearing": hearing}
    errors = {name: f"withdrawal_{name}" for name, value in typed.items() if not value.strip()}
    if errors or is_editing(edit):
        return await _step_again(request, vacancy_id, form, errors, typed)
    if not is_confirmed(confirmed):
        offer = await _offer(client, vacancy_id, offer_id)
        values = [("vacancy_id", str(vacancy_id)), ("reason", reason), ("hearing", hearing)]
        name = offer["seeker_name"] if offer else str(offer_id)
        action = f"/udlejning/tilbud/{offer_id}/tilbagetraek"
        return _confirm(request, vacancy_id, action, WITHDRAW, values, editable=True, name=name)
    outcome = await client.withdraw_offer(offer_id, reason, hearing)
    if outcome.refused and outcome.status == 422:
        refused = {name: "invalid" for name in outcome.errors if name in typed} or {"reason": "invalid"}
        return await _step_again(request, vacancy_id, form, refused, typed)
    return await _after_step(request, vacancy_id, outcome, "withdrawn")


@router.post("/ledige/{vacancy_id}/udlejning", response_class=HTMLResponse)
async def record_letting(
    request: Request,
    vacancy_id: int,
    channel: Annotated[str, Form(max_length=32)] = "",
    let_on: Annotated[str, Form(max_length=10)] = "",
    confirmed: Annotated[str, Form(max_length=1)] = "",
    edit: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    """Record the letting with the channel actually used and the day the lease begins; asks first."""
    typed = {"channel": channel, "let_on": let_on}
    errors: dict[str, str] = {}
    if channel not in CHANNEL_CODES:
        errors["channel"] = "choose_channel"
    try:
        begins = date.fromisoformat(let_on.strip())
    except ValueError:
        errors["let_on"] = "date_required"
    if errors or is_editing(edit):
        return await _step_again(request, vacancy_id, "letting", errors, typed)
    if not is_confirmed(confirmed):
        vacancy = await AllocationClient(request).vacancy(vacancy_id)
        return _confirm(
            request,
            vacancy_id,
            f"/udlejning/ledige/{vacancy_id}/udlejning",
            LET,
            [("channel", channel), ("let_on", begins.isoformat())],
            editable=True,
            dwelling=vacancy["dwelling_ref"],
            channel=gettext(request, CHANNELS[channel]),
            date=danish_date(begins, request_language(request)),
        )
    outcome = await AllocationClient(request).record_letting(vacancy_id, channel, begins.isoformat())
    if outcome.refused and "let_on" in outcome.errors:
        return await _step_again(request, vacancy_id, "letting", {"let_on": outcome.errors["let_on"]}, typed)
    return await _after_step(request, vacancy_id, outcome, "let")


# The offer's letter, and the letter withdrawing it (`tilbagetraekning`), as the service issued them.
OFFER_LETTERS = {"brev": False, "tilbagetraekning": True}


@router.get("/tilbud/{offer_id}/{kind}.pdf")
async def offer_letter_pdf(request: Request, offer_id: int, kind: str, lang: str = "da") -> Response:
    if kind not in OFFER_LETTERS:
        return Response(status_code=404)
    client = AllocationClient(request)
    return letter(await client.offer_letter(offer_id, withdrawal=OFFER_LETTERS[kind], pdf=True, lang=lang))


@router.get("/tilbud/{offer_id}/{kind}", response_class=HTMLResponse)
async def offer_letter(request: Request, offer_id: int, kind: str, lang: str = "da") -> Response:
    if kind not in OFFER_LETTERS:
        return Response(status_code=404)
    client = AllocationClient(request)
    return letter(await client.offer_letter(offer_id, withdrawal=OFFER_LETTERS[kind], pdf=False, lang=lang))
