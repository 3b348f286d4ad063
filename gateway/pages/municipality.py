"""The municipality's configuration file as the administrator reads it: every value, and whether the
municipality's own material states it or it is an example the municipality must set (its [provenance])."""

from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from gateway.session import page_roles
from gateway.state import gateway_state
from gateway.templating import render
from services.kit.auth import Role

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_roles(Role.ADMIN))])


def _shown(value: Any) -> str:
    """A value as one line: a list of tables names each entry by its name, code or text."""
    if isinstance(value, list):
        return "; ".join(_shown(item) for item in value)
    if isinstance(value, dict):
        for key in ("name", "text_da", "code"):
            if key in value:
                return str(value[key]) + (f" ({value['phone']})" if "phone" in value else "")
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)


@router.get("/kommune", response_class=HTMLResponse)
async def municipality_page(request: Request) -> Response:
    """Each value of the municipality's file, the examples marked."""
    municipality = gateway_state(request).municipality
    rows = [
        {"path": path, "value": _shown(value), "example": municipality.is_example(path)}
        for path, value in municipality.values()
    ]
    return render(
        request,
        "municipality.html",
        {"rows": rows, "has_provenance": municipality.provenance is not None},
    )
