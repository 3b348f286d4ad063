"""Housing seekers registered for municipal allocation: the list, registering one, and one seeker with the
dated facts the bans of ABL § 59 stk. 6-7 need and the offers made to them."""

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from gateway.clients.allocation import AllocationClient, Area, BenefitPeriod, Offer, Seeker
from gateway.labels import N_
from gateway.pages.allocation.common import BENEFIT_CODES, danish_date, form_values, page
from gateway.pages.responses import redirect

router = APIRouter()

URGENCIES = {"acute": N_("Acute"), "high": N_("High"), "normal": N_("Ordinary")}

SEEKER_REASONS = {
    "social": N_("Social reasons"),
    "health": N_("Health"),
    "institution_release": N_("Release from an institution"),
    "homelessness": N_("Homelessness"),
    "acute": N_("Acute housing need"),
}

SEEKER_STATUSES = {"active": N_("Active"), "housed": N_("Housed"), "removed": N_("Removed")}

# --- the facts of ABL § 59 stk. 6-7, about any member of the household --------------------------
# Items 1-3 are periods: their END date is kept (never the offence), and the ban lapses 6 months after it.
DATED_FACTS = {
    "released_from_prison": N_("Released from prison after a conviction"),
    "released_from_youth_placement": N_("Under 18: released from a placement after a conviction"),
    "tenancy_terminated": N_("Tenancy terminated for gross misconduct"),
}
DATED_FACT_DATES = {
    "released_from_prison": N_("Date of release"),
    "released_from_youth_placement": N_("Date the placement ended"),
    "tenancy_terminated": N_("Date of the termination"),
}
# Item 4 stays a yes/no fact.
HOUSEHOLD_FACTS = {
    "non_eu_citizen": N_("A member is not a citizen of an EU/EEA country or Switzerland"),
    "non_eu_citizen_is_student": N_("…and that member is a student (the exception)"),
}
# Item 5 (stk. 6) and stk. 7 nr. 5 name these four benefits.
BAN_BENEFITS = ("kontanthjaelp", "uddannelseshjaelp", "selvforsoergelses_hjemrejseydelse", "overgangsydelse")
# What the officer completes before an offer, by ban item (the service's `item` parameter).
DATE_TO_COMPLETE = {
    "released_from_prison": N_("the release from prison"),
    "released_from_youth_placement": N_("the end of the placement"),
    "tenancy_terminated": N_("the termination of the tenancy"),
    "passive_benefits_6_months": N_("the period of benefits"),
    "integration_benefits_6_months": N_("the period of benefits"),
}

FACT_CODES = tuple(HOUSEHOLD_FACTS)
DATED_FACT_CODES = tuple(DATED_FACTS)


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
    for name in (*FACT_CODES, "needs_accessible"):
        body[name] = form.get(name) == "true"
    body.update(_ban_facts(form))
    # Ticked boxes, one area code each: none ticked is no wish (every area), also when changing a seeker.
    body["area_wishes"] = [str(w).strip() for w in form.getlist("area_wishes") if str(w).strip()]
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
    for fact in DATED_FACT_CODES:
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


def _typed_periods(form: FormData) -> dict[str, dict[str, Any]]:
    """The benefit periods as the person typed them, to fill the form in again."""
    return {
        b: {
            "first_month": form.get(f"period_{b}_first", ""),
            "last_month": form.get(f"period_{b}_last", ""),
            "date_unknown": form.get(f"period_{b}_unknown") == "true",
        }
        for b in BAN_BENEFITS
    }


def shown_periods(periods: list[BenefitPeriod]) -> dict[str, BenefitPeriod]:
    """Per benefit of item 5 the period the form shows: the ongoing one, else the latest to end."""
    shown: dict[str, BenefitPeriod] = {}
    for period in periods:
        benefit = period["benefit"]
        if benefit not in BAN_BENEFITS:
            continue
        current = shown.get(benefit)
        if current is None or _period_order(period) > _period_order(current):
            shown[benefit] = period
    return shown


def _period_order(period: BenefitPeriod) -> tuple[int, str]:
    if period.get("date_unknown"):
        return (0, "")
    return (2, "") if period.get("last_month") is None else (1, str(period["last_month"]))


def _kept_periods(current: list[BenefitPeriod]) -> list[BenefitPeriod]:
    """The periods the form does not show (other benefits, earlier periods): kept as they are."""
    shown = [id(p) for p in shown_periods(current).values()]
    return [p for p in current if id(p) not in shown]


def _seeker_page_context(
    person: Seeker, offers: list[Offer], areas: list[Area], errors: list[str] | None
) -> dict[str, Any]:
    return {
        "seeker": person,
        "areas": areas,
        "offers": offers,
        "benefits": BENEFIT_CODES,
        "facts": FACT_CODES,
        "dated_facts": DATED_FACT_CODES,
        "ban_benefits": BAN_BENEFITS,
        "periods": shown_periods(person.get("benefit_periods") or []),
        "ddate": danish_date,
        "errors": errors,
    }


async def _seekers_context(request: Request, status: str, q: str) -> dict[str, Any]:
    client = AllocationClient(request)
    return {
        "seekers": await client.seekers(status=status, q=q),
        "areas": await client.areas(),
        "filters": {"status": status, "q": q},
        "benefits": BENEFIT_CODES,
        "facts": FACT_CODES,
        "dated_facts": DATED_FACT_CODES,
        "ban_benefits": BAN_BENEFITS,
        "periods": {},
        "ddate": danish_date,
        "form": {},
        "errors": None,
    }


@router.get("/boligsoegende", response_class=HTMLResponse)
async def seekers(
    request: Request,
    status: Annotated[str, Query()] = "active",
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    """Housing seekers registered for municipal allocation, and registering a new one."""
    status = status if status in SEEKER_STATUSES else ""
    return page(
        request, "allocation/seekers.html", await _seekers_context(request, status, q), block="seeker_table"
    )


@router.post("/boligsoegende", response_class=HTMLResponse)
async def create_seeker(request: Request) -> Response:
    form = await request.form()
    errors = ["form"]
    try:
        body = _seeker_body(form, partial=False)
    except ValueError:
        pass  # a date or number that cannot be read: the form again, as typed, with the general error
    else:
        outcome = await AllocationClient(request).create_seeker(body)
        if not outcome.refused:
            created: Seeker = outcome.json()
            return redirect(request, f"/udlejning/boligsoegende/{created['id']}?notice=seeker_created")
        errors = list(outcome.errors) or errors
    context = await _seekers_context(request, "active", "")
    context["form"] = {**form_values(form), "area_wishes": form.getlist("area_wishes")}
    context["periods"] = _typed_periods(form)
    context["errors"] = errors
    return page(request, "allocation/seekers.html", context, block="seeker_form", status_code=422)


@router.get("/boligsoegende/{seeker_id}", response_class=HTMLResponse)
async def seeker(request: Request, seeker_id: int) -> Response:
    client = AllocationClient(request)
    person = await client.seeker(seeker_id)
    offers = await client.seeker_offers(seeker_id)
    context = _seeker_page_context(person, offers, await client.areas(), None)
    return page(request, "allocation/seeker.html", context)


@router.post("/boligsoegende/{seeker_id}", response_class=HTMLResponse)
async def save_seeker(request: Request, seeker_id: int) -> Response:
    form = await request.form()
    client = AllocationClient(request)
    try:
        body = _seeker_body(form, partial=True)
    except ValueError:
        refused = True
    else:
        current = await client.seeker(seeker_id)
        body["benefit_periods"] = [
            *_kept_periods(current.get("benefit_periods") or []),
            *body["benefit_periods"],
        ]
        refused = (await client.update_seeker(seeker_id, body)).refused
    if refused:
        person = await client.seeker(seeker_id)
        offers = await client.seeker_offers(seeker_id)
        context = _seeker_page_context(person, offers, await client.areas(), ["form"])
        return page(request, "allocation/seeker.html", context, status_code=422)
    return redirect(request, f"/udlejning/boligsoegende/{seeker_id}?notice=seeker_saved")
