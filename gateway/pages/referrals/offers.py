"""The administrator's ladder of offers (/tilbudstrappen): every offer by level, one offer's details,
capacity and legal bases, and a new offer."""

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse

from gateway.clients.referrals import LadderLevel, Offer
from gateway.pages.forms import Outcome
from gateway.pages.referrals.common import ItemId, client, context, problems
from gateway.pages.responses import redirect
from gateway.session import page_roles
from gateway.templating import render
from services.kit.auth import Role
from services.kit.errors import NotFound

router = APIRouter(dependencies=[Depends(page_roles(Role.ADMIN))])

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


@router.get("/tilbudstrappen", response_class=HTMLResponse)
async def catalogue(request: Request) -> Response:
    """Every offer by level, inactive ones too."""
    referrals = client(request)
    offers = await referrals.catalogue()
    levels = await referrals.ladder()
    return render(request, "referrals/offers.html", context(request, offers=offers, levels=levels))


@router.get("/tilbudstrappen/{offer_id:int}", response_class=HTMLResponse)
async def offer_page(request: Request, offer_id: ItemId) -> Response:
    return render(request, "referrals/offer.html", await _offer(request, offer_id))


async def _offer(request: Request, offer_id: int, **extra: Any) -> dict[str, Any]:
    referrals = client(request)
    offers = await referrals.catalogue()
    offer = next((o for o in offers if o["id"] == offer_id), None)
    levels = await referrals.ladder()
    if offer is None:
        raise NotFound(f"No offer with id {offer_id}.")
    return context(request, **{"offer": offer, "levels": levels, "errors": {}, **extra})


async def saved(request: Request, offer_id: int, outcome: Outcome, *, section: str) -> Response:
    """After a change of the offer: back to its page, or the page again with the service's reasons."""
    if outcome.refused:
        values = await _offer(request, offer_id, errors={section: problems(outcome)})
        return render(request, "referrals/offer.html", values, status_code=422)
    return redirect(request, f"/tilbudstrappen/{offer_id}?notice=offer_saved#{section}")


def _whole_number(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def new_offer_json(form: Mapping[str, str]) -> dict[str, Any]:
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


def new_offer_errors(form: Mapping[str, str], problems_: list[dict[str, Any]]) -> dict[str, str]:
    """Field → error code, in the order of the form: the empty required fields, then the service's."""
    errors = {
        name: "level" if name == "level" else "required" for name in NEW_OFFER_REQUIRED if not form[name]
    }
    for problem in problems_:
        field, code = _offer_field_error(list(problem.get("loc", [])), str(problem.get("msg", "")))
        errors.setdefault(field, code)
    order = {name: index for index, name in enumerate(NEW_OFFER_FIELDS)}
    return dict(sorted(errors.items(), key=lambda item: order.get(item[0], len(order))))


def _new_offer_page(
    request: Request, form: Mapping[str, str], levels: list[LadderLevel], errors: dict[str, str]
) -> Response:
    values = context(request, form=form, levels=levels, errors=errors)
    return render(request, "referrals/offer_new.html", values, status_code=422 if errors else 200)


@router.get("/tilbudstrappen/ny", response_class=HTMLResponse)
async def new_offer_page(request: Request) -> Response:
    """An empty form for an offer the seeded ladder does not have."""
    levels = await client(request).ladder()
    form = {**dict.fromkeys(NEW_OFFER_FIELDS, ""), "needs_assessment": ""}
    return _new_offer_page(request, form, levels, {})


@router.post("/tilbudstrappen/ny", response_class=HTMLResponse)
async def create_offer(request: Request) -> Response:
    """Create the offer with its first legal basis; errors come back on the form, every field kept."""
    raw = await request.form(max_files=0, max_fields=40)
    form = {name: str(raw.get(name, ""))[:4001].strip() for name in (*NEW_OFFER_FIELDS, "needs_assessment")}
    referrals = client(request)
    levels = await referrals.ladder()
    outcome = await referrals.create_offer(new_offer_json(form))
    if outcome.status == 409:
        return _new_offer_page(request, form, levels, {"code": "code_taken"})
    if outcome.refused:
        return _new_offer_page(request, form, levels, new_offer_errors(form, outcome.problems))
    created: Offer = outcome.json()
    return redirect(request, f"/tilbudstrappen/{created['id']}?notice=offer_created")


@router.post("/tilbudstrappen/{offer_id:int}", response_class=HTMLResponse)
async def save_offer(request: Request, offer_id: ItemId) -> Response:
    raw = await request.form(max_files=0, max_fields=40)
    body: dict[str, Any] = {name: str(raw.get(name, ""))[:4001].strip() for name in OFFER_TEXT_FIELDS}
    level = str(raw.get("level", ""))
    body["level"] = int(level) if level.isdigit() else None
    body["needs_assessment"] = raw.get("needs_assessment") == "yes"
    body["active"] = raw.get("active") == "yes"
    for name in ("min_age", "max_age"):
        value = str(raw.get(name, "")).strip()
        body[name] = int(value) if value.isdigit() else None
    outcome = await client(request).update_offer(offer_id, body)
    return await saved(request, offer_id, outcome, section="details")


@router.post("/tilbudstrappen/{offer_id:int}/kapacitet", response_class=HTMLResponse)
async def save_capacity(
    request: Request,
    offer_id: ItemId,
    available: Annotated[str, Form(max_length=8)] = "",
    maximum: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    body = {
        "available": int(available) if available.isdigit() else -1,
        "maximum": int(maximum) if maximum.isdigit() else None,
    }
    outcome = await client(request).set_capacity(offer_id, body)
    return await saved(request, offer_id, outcome, section="capacity")


@router.post("/tilbudstrappen/{offer_id:int}/hjemmel", response_class=HTMLResponse)
async def add_basis(
    request: Request,
    offer_id: ItemId,
    law: Annotated[str, Form(max_length=100)] = "",
    paragraph: Annotated[str, Form(max_length=64)] = "",
    valid_from: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    body = {"law": law, "paragraph": paragraph, "valid_from": valid_from or None}
    outcome = await client(request).add_legal_basis(offer_id, body)
    return await saved(request, offer_id, outcome, section="bases")
