"""Acute housing: the application answered against the municipality's criteria, and the decisions made."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse

from gateway.clients.allocation import AllocationClient
from gateway.pages.allocation.common import letter, page
from gateway.pages.responses import redirect

router = APIRouter()

# The criteria the service's application names as fields; the municipality's others go in `facts`.
NAMED_CRITERIA = {
    "resident_of_municipality",
    "acute_unforeseen_situation",
    "had_own_dwelling",
    "divorce_with_children_under_18",
    "registered_housing_organisations",
}


@router.get("/akut", response_class=HTMLResponse)
async def acute(request: Request) -> Response:
    """The application form against the municipality's criteria, and the decisions made."""
    client = AllocationClient(request)
    criteria = await client.acute_criteria()
    decisions = await client.acute_applications()
    return page(
        request, "allocation/acute.html", {"criteria": criteria, "decisions": decisions, "errors": None}
    )


@router.post("/akut", response_class=HTMLResponse)
async def decide_acute(request: Request) -> Response:
    """Each configured criterion answered yes, no or with a number; the service decides and explains."""
    form = await request.form()
    client = AllocationClient(request)
    criteria = await client.acute_criteria()
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
        if criterion["code"] in NAMED_CRITERIA:
            body[criterion["code"]] = value
        else:
            body["facts"][criterion["code"]] = value
    if errors:
        decisions = await client.acute_applications()
        context = {"criteria": criteria, "decisions": decisions, "errors": errors, "form": form}
        return page(request, "allocation/acute.html", context, block="acute_form", status_code=422)
    created = await client.decide_acute(body)
    return redirect(request, f"/udlejning/akut/{created['id']}")


@router.get("/akut/{application_id}", response_class=HTMLResponse)
async def acute_decision(request: Request, application_id: int) -> Response:
    """The decision with each criterion met or not and why, the citizen's text and the officer's note."""
    decision = await AllocationClient(request).acute_application(application_id)
    return page(request, "allocation/acute_decision.html", {"decision": decision})


@router.post("/akut/{application_id}/note", response_class=HTMLResponse)
async def acute_note(
    request: Request,
    application_id: int,
    officer_note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    await AllocationClient(request).save_acute_note(application_id, officer_note)
    return redirect(request, f"/udlejning/akut/{application_id}?notice=note_saved")


@router.get("/akut/{application_id}/brev", response_class=HTMLResponse)
async def acute_letter(request: Request, application_id: int, lang: str = "da") -> Response:
    """The decision letter as it was issued (HTML); `?lang=en` in English."""
    return letter(await AllocationClient(request).acute_letter(application_id, pdf=False, lang=lang))


@router.get("/akut/{application_id}/brev.pdf")
async def acute_letter_pdf(request: Request, application_id: int, lang: str = "da") -> Response:
    """The decision letter as it was issued (PDF), passed through from the service."""
    return letter(await AllocationClient(request).acute_letter(application_id, pdf=True, lang=lang))
