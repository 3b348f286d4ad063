"""The category after the dialogue: the analyst sets or withdraws it, with a written justification."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse

from gateway.pages.categorisation.common import CATEGORIES, PREFIX, client, page
from gateway.pages.responses import redirect
from gateway.session import page_roles
from services.kit.auth import Role

router = APIRouter(prefix=PREFIX, dependencies=[Depends(page_roles(Role.ANALYST))])


@router.post("/{year}/omraader/{area_code}/override", response_class=HTMLResponse)
async def override(
    request: Request,
    year: int,
    area_code: str,
    category: Annotated[str, Form()] = "",
    justification: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Set or withdraw the category after the dialogue; the written justification is required."""
    categorisation = client(request)
    body = {"category": category if category in CATEGORIES else None, "justification": justification}
    outcome = await categorisation.set_override(year, area_code, body)
    if outcome.refused:
        area_data = await categorisation.area(year, area_code, proposed=True)
        return page(
            request,
            "categorisation/area.html",
            {
                "year": year,
                "area": area_data,
                "groups": [],
                "overrides": [],
                "trends": [],
                "is_analyst": True,
                "categories": CATEGORIES,
                "errors": {"justification": "justification_short"},
                "form": {"category": category, "justification": justification},
            },
            block="override_form",
            status_code=422,
        )
    return redirect(
        request, f"/kategorisering/{year}/omraader/{area_code}?proposed=true&notice=override_saved"
    )
