"""What-if: try other local thresholds on the year's data and see what would change; nothing is stored."""

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from gateway.charts import bar_chart
from gateway.pages.categorisation.common import (
    CATEGORIES,
    PREFIX,
    THRESHOLD_FIELDS,
    client,
    page,
    parse_threshold,
)
from gateway.pages.forms import field_errors
from gateway.session import page_roles
from services.kit.auth import Role

router = APIRouter(prefix=PREFIX, dependencies=[Depends(page_roles(Role.ANALYST))])


@router.get("/{year}/simulering", response_class=HTMLResponse)
async def what_if_page(request: Request, year: int) -> Response:
    """Try other local thresholds on the year's data; nothing is stored."""
    in_force: Mapping[str, object] = (await client(request).thresholds(year))[-1]
    return page(
        request,
        "categorisation/what_if.html",
        {
            "year": year,
            "form": {f: in_force[f] for f in THRESHOLD_FIELDS},
            "result": None,
            "fields": THRESHOLD_FIELDS,
        },
    )


@router.post("/{year}/simulering", response_class=HTMLResponse)
async def what_if(request: Request, year: int) -> Response:
    form = await request.form()
    body: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in THRESHOLD_FIELDS:
        raw = str(form.get(name, "")).strip()
        if not raw:
            continue  # a field left empty keeps the year's value
        try:
            body[name] = parse_threshold(name, raw)
        except ValueError:
            errors[name] = "number"
    result = None
    if not errors:
        outcome = await client(request).what_if(year, body)
        if outcome.refused:
            errors = field_errors(outcome.problems, default="range")
        else:
            result = outcome.json()
    chart = None
    if result:
        chart = bar_chart(
            [(c, result["counts_before"][c]) for c in CATEGORIES],
            [(c, result["counts_after"][c]) for c in CATEGORIES],
        )
    return page(
        request,
        "categorisation/what_if.html",
        {
            "year": year,
            "form": {f: form.get(f, "") for f in THRESHOLD_FIELDS},
            "result": result,
            "errors": errors,
            "chart": chart,
            "fields": THRESHOLD_FIELDS,
        },
        block="what_if_body",
        status_code=422 if errors else 200,
    )
