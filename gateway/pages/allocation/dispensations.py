"""§ 51 c dispensations: the officer's decision on a refused applicant check, the decisions of a report
year, and the 1 July report to the ministry, with its downloads."""

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from gateway.clients.allocation import AllocationClient, Dispensation
from gateway.labels import N_
from gateway.pages.allocation.common import danish_date, download, form_values, letter, page
from gateway.pages.forms import Confirmation, Irreversible, ask_to_confirm, is_confirmed, is_editing, resent
from gateway.pages.responses import redirect
from gateway.templating import render

router = APIRouter()

# The four considerations of bekendtgørelse om udlejning af almene boliger § 37.
CONSIDERATIONS = {
    "work_or_education": N_("Prospect of work or education within a short period"),
    "pension_transfer": N_("Imminent transfer to førtidspension or folkepension"),
    "dwelling_outside": N_("The applicant's prospect of a dwelling outside the area"),
    "other_hardship": N_("Other special circumstances that would make refusal disproportionately hard"),
}
CONSIDERATION_CODES = tuple(CONSIDERATIONS)
EXPORT_FORMATS = ("csv", "xlsx")

# A § 51 c decision is a decision about a person (DOMAIN § 6.7), counted in the 1 July report: asked first.
GRANT = Irreversible(
    title=N_("Grant the dispensation?"),
    consequence=N_(
        "The applicant may then be let to despite the check's refusal. The decision is recorded with its "
        "considerations and justification, counted in the 1 July report to the ministry, and cannot be "
        "changed afterwards."
    ),
    button=N_("Yes, grant the dispensation"),
)
REFUSE = Irreversible(
    title=N_("Refuse the dispensation?"),
    consequence=N_(
        "The applicant is then rejected for the area. The decision is recorded with its considerations and "
        "justification, counted in the 1 July report to the ministry, and cannot be changed afterwards."
    ),
    button=N_("Yes, refuse the dispensation"),
)


def _decision_form(form: FormData) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    considerations = []
    for code in CONSIDERATION_CODES:
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
        "check": await AllocationClient(request).applicant_check(check_id),
        "considerations": CONSIDERATION_CODES,
        "form": {},
        "errors": {},
        "ddate": danish_date,
    }


@router.get("/dispensationer/ny/{check_id}", response_class=HTMLResponse)
async def new_dispensation(request: Request, check_id: int) -> Response:
    """The § 51 c dispensation decision on a refused applicant check: four considerations, then the result."""
    context = await _decision_context(request, check_id)
    if context["check"]["dispensation_id"] is not None:
        return redirect(request, f"/udlejning/dispensationer/{context['check']['dispensation_id']}")
    return page(request, "allocation/dispensation_new.html", context)


@router.post("/dispensationer/ny/{check_id}", response_class=HTMLResponse)
async def record_dispensation(request: Request, check_id: int) -> Response:
    form = await request.form()
    body, errors = _decision_form(form)
    if not errors and not is_editing(form) and not is_confirmed(form):
        confirmation = Confirmation(
            GRANT if body["granted"] else REFUSE,
            action=f"/udlejning/dispensationer/ny/{check_id}",
            back=f"/udlejning/dispensationer/ny/{check_id}",
            values=resent(form),
            editable=True,
        )
        return ask_to_confirm(request, confirmation)
    if not errors and not is_editing(form):
        outcome = await AllocationClient(request).decide_dispensation(check_id, body)
        if not outcome.refused:
            made: Dispensation = outcome.json()
            return redirect(request, f"/udlejning/dispensationer/{made['id']}?notice=dispensation_saved")
        errors["form"] = "state" if outcome.status == 409 else "invalid"
    context = await _decision_context(request, check_id)
    context["form"] = form_values(form)
    context["errors"] = errors
    return page(request, "allocation/dispensation_new.html", context, status_code=422 if errors else 200)


@router.get("/dispensationer", response_class=HTMLResponse)
async def dispensation_list(request: Request, year: int | None = None) -> Response:
    """The decisions of one report year and the counts of the 1 July report, with the downloads."""
    client = AllocationClient(request)
    # Without a (sensible) year the service answers with the report decisions made today go into.
    report = await client.dispensation_report(year if year is not None and 2019 <= year <= 2100 else None)
    chosen = report["report_year"]
    decisions = await client.dispensations(chosen)
    context = {"year": chosen, "report": report, "decisions": decisions, "ddate": danish_date}
    return page(request, "allocation/dispensations.html", context)


@router.get("/dispensationer/{dispensation_id}", response_class=HTMLResponse)
async def dispensation(request: Request, dispensation_id: int) -> Response:
    client = AllocationClient(request)
    item = await client.dispensation(dispensation_id)
    check = await client.applicant_check(item["check_id"])
    return page(request, "allocation/dispensation.html", {"item": item, "check": check, "ddate": danish_date})


@router.get("/dispensationer/{dispensation_id}/brev", response_class=HTMLResponse)
async def dispensation_letter(request: Request, dispensation_id: int, lang: str = "da") -> Response:
    """The decision letter as it was issued (HTML); `?lang=en` in English."""
    client = AllocationClient(request)
    return letter(await client.dispensation_letter(dispensation_id, pdf=False, lang=lang))


@router.get("/dispensationer/{dispensation_id}/brev.pdf")
async def dispensation_letter_pdf(request: Request, dispensation_id: int, lang: str = "da") -> Response:
    client = AllocationClient(request)
    return letter(await client.dispensation_letter(dispensation_id, pdf=True, lang=lang))


@router.get("/dispensationer/{kind}/{year}.{fmt}")
async def dispensation_export(request: Request, kind: str, year: int, fmt: str) -> Response:
    """The 1 July report (indberetning) or the year's decisions (afgoerelser), as Danish CSV or XLSX."""
    if kind not in ("indberetning", "afgoerelser") or fmt not in EXPORT_FORMATS:
        return render(request, "error.html", {"status": 404}, status_code=404)
    client = AllocationClient(request)
    if kind == "indberetning":
        return download(await client.dispensation_report_file(year, fmt=fmt))
    return download(await client.dispensations_file(year, fmt=fmt))
