"""The applicant check (ABL § 51 b, § 51 c): may a waiting-list applicant be let to in the area? The same
check the housing organisations call, asked by the officer with the household's benefits."""

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from gateway.clients.allocation import AllocationClient
from gateway.labels import N_
from gateway.pages.allocation.common import BENEFIT_CODES, form_values, page

router = APIRouter()

# Who besides the applicant counts.
PARTNER_RELATIONS = {
    "spouse": N_("Spouse"),
    "cohabitant_2_years": N_("Cohabitant for at least 2 years (counts as a spouse)"),
    "cohabitant_under_2_years": N_("Cohabitant for less than 2 years (not counted)"),
}
PERSONS = {"applicant": N_("The applicant"), "partner": N_("The spouse or cohabitant")}

RELATION_CODES = tuple(PARTNER_RELATIONS)


async def _check_context(request: Request) -> dict[str, Any]:
    return {
        "areas": await AllocationClient(request).areas(),
        "benefits": BENEFIT_CODES,
        "relations": RELATION_CODES,
        "form": {},
        "errors": {},
        "result": None,
    }


def _receipts(form: FormData, who: str, errors: dict[str, str]) -> list[dict[str, Any]]:
    """One person's benefits from the form: received now (a checkbox) and consecutive months (a number)."""
    receipts = []
    for benefit in BENEFIT_CODES:
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
async def applicant_check(request: Request) -> Response:
    """May a waiting-list applicant be let to in the area? The same check the housing organisations call."""
    return page(request, "allocation/applicant_check.html", await _check_context(request))


@router.post("/ansoegertjek", response_class=HTMLResponse)
async def run_applicant_check(request: Request) -> Response:
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
    if relation in RELATION_CODES:
        values["partner"] = {"relation": relation, "benefits": _receipts(form, "partner", errors)}
    elif relation != "none":
        # Not chosen for the officer (issue 12): "no partner" decides § 51 c as much as a partner does.
        errors["partner_relation"] = "required"
    elif _receipts(form, "partner", {}):
        errors["partner_relation"] = "relation"  # benefits for a partner of no stated kind would be lost
    if values["area_code"] not in {a["code"] for a in context["areas"]}:
        errors["area_code"] = "required"
    if len(str(values["applicant_ref"])) > 64:
        errors["applicant_ref"] = "too_long"
    if not errors:
        outcome = await AllocationClient(request).check_applicant(
            {**values, "applicant_ref": values["applicant_ref"] or None}
        )
        if outcome.refused:
            errors["area_code"] = "no_agreement" if outcome.status == 404 else "invalid"
        else:
            context["result"] = outcome.json()
    context["form"] = {**form_values(form), "lives_in_department": values["lives_in_department"]}
    context["errors"] = errors
    return page(request, "allocation/applicant_check.html", context, status_code=422 if errors else 200)
