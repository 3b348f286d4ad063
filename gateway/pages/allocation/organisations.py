"""The housing organisations, the areas each owns, and binding an area to its owner."""

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse

from gateway.clients.allocation import AllocationClient
from gateway.pages.allocation.common import page
from gateway.pages.responses import redirect

router = APIRouter()

# What the service refuses in a field filled in, in the words the page has for it; the rules stay there.
ORG_FIELD_ERRORS = {"code": "org_code", "name": "too_long"}


async def _organisations_context(request: Request) -> dict[str, Any]:
    client = AllocationClient(request)
    return {
        "organisations": await client.housing_organisations(),
        "areas": await client.areas(),
        "org_form": {},
        "org_errors": {},
        "bind_form": {},
        "bind_errors": {},
    }


@router.get("/boligorganisationer", response_class=HTMLResponse)
async def organisations(request: Request) -> Response:
    """The housing organisations, the areas each owns, and binding an area to its owner."""
    return page(request, "allocation/organisations.html", await _organisations_context(request))


@router.post("/boligorganisationer", response_class=HTMLResponse)
async def create_organisation(
    request: Request,
    code: Annotated[str, Form(max_length=200)] = "",
    name: Annotated[str, Form(max_length=400)] = "",
) -> Response:
    """Register an organisation; its code is what its machine client carries as housing_org."""
    code, name = code.strip(), name.strip()
    values = {"code": code, "name": name}
    outcome = await AllocationClient(request).create_organisation(code, name)
    if not outcome.refused:
        return redirect(request, "/udlejning/boligorganisationer?notice=org_created")
    errors: dict[str, str] = {}
    if outcome.status == 409:
        errors["code"] = "org_exists"
    else:
        for field in outcome.errors:
            if field in ORG_FIELD_ERRORS:
                errors[field] = ORG_FIELD_ERRORS[field] if values[field] else "required"
        errors = errors or {"code": "org_code"}
    context = await _organisations_context(request)
    context["org_form"] = values
    context["org_errors"] = errors
    return page(request, "allocation/organisations.html", context, status_code=422)


@router.post("/boligorganisationer/omraader", response_class=HTMLResponse)
async def bind_area(
    request: Request,
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
        outcome = await AllocationClient(request).bind_area(area_code, housing_org)
        if not outcome.refused:
            return redirect(request, "/udlejning/boligorganisationer?notice=area_bound")
        errors["housing_org"] = "required"
    context["bind_form"] = {"area_code": area_code, "housing_org": housing_org}
    context["bind_errors"] = errors
    return page(request, "allocation/organisations.html", context, status_code=422)
