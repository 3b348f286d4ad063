"""The housing analyst's pages: year overview, areas, one area's reasons, upload, what-if, approval."""

import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request, Response, UploadFile
from fastapi.responses import HTMLResponse

from gateway import upstream
from gateway.charts import bar_chart, line_chart
from gateway.pages.responses import redirect
from gateway.session import PageUser, page_roles
from gateway.templating import render
from gateway.upstream import UpstreamError
from services.kit.auth import Principal, Role

READERS = (Role.ANALYST, Role.ADMIN, Role.ALLOCATION_OFFICER, Role.MANAGER)
AREA_READERS = (Role.ANALYST, Role.ADMIN, Role.ALLOCATION_OFFICER)
router = APIRouter(
    prefix="/kategorisering", include_in_schema=False, dependencies=[Depends(page_roles(*READERS))]
)
Analyst = Annotated[Principal, Depends(page_roles(Role.ANALYST))]
AreaReader = Annotated[Principal, Depends(page_roles(*AREA_READERS))]
SERVICE = "categorisation"
CATEGORIES = ("red", "pink", "yellow", "green")
DESIGNATIONS = (
    "vulnerable_area",
    "parallel_society",
    "transformation_area",
    "prevention_area",
    "combined_letting_area",
)
# The published list each designation stands on (CONTRACT § 5's `decided_by` keys; DOMAIN § 3).
DESIGNATION_LISTS = {
    "vulnerable_area": "national",
    "parallel_society": "national",
    "transformation_area": "national",
    "prevention_area": "national",
    "combined_letting_area": "combined_letting",
}
THRESHOLD_FIELDS = (
    "outside_labour_market_pct_above",
    "convicted_multiple_at_least",
    "basic_education_pct_above",
    "income_pct_of_region_below",
    "criteria_needed",
)


def is_analyst(user: Principal) -> bool:
    return Role.ANALYST in user.roles


async def _years(request: Request) -> list[dict[str, Any]]:
    years: list[dict[str, Any]] = await upstream.get_json(request, SERVICE, "/v1/years")
    return years


@router.get("", response_class=HTMLResponse)
async def overview(request: Request, user: PageUser, year: int | None = None) -> Response:
    """The year at a glance: phase in the annual cycle, counts per category with a chart, approval."""
    years = await _years(request)
    if not years:
        return render(
            request,
            "categorisation/overview.html",
            {"years": [], "year": None, "is_analyst": is_analyst(user)},
        )
    chosen = year if year in {y["year"] for y in years} else years[0]["year"]
    if Role.MANAGER in user.roles and not user.has_any(AREA_READERS):
        summary = await upstream.get_json(request, SERVICE, f"/v1/years/{chosen}/summary")
        counts, info = summary["counts"], summary
    else:
        info = await upstream.get_json(request, SERVICE, f"/v1/years/{chosen}")
        counts = info["counts"]
    chart = bar_chart([(c, counts[c]) for c in CATEGORIES])
    return render(
        request,
        "categorisation/overview.html",
        {
            "years": years,
            "year": chosen,
            "info": info,
            "chart": chart,
            "phases": ("update", "dialogue", "agreement", "implementation"),
            "is_analyst": is_analyst(user),
            "sees_areas": user.has_any(AREA_READERS),
            "designation_lists": DESIGNATION_LISTS,
        },
    )


@router.get("/{year}/omraader", response_class=HTMLResponse)
async def areas(
    request: Request,
    year: int,
    _user: AreaReader,
    category: Annotated[str | None, Query()] = None,
    designation: Annotated[str | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100)] = None,
    sort: Annotated[str, Query()] = "area_code",
    descending: bool = False,
) -> Response:
    """Every area of the year, filtered and sorted; htmx swaps only the table."""
    params: dict[str, Any] = {
        "sort": sort if sort in ("area_code", "area_name", "residents", "category") else "area_code"
    }
    if category in CATEGORIES:
        params["category"] = category
    if designation in DESIGNATIONS:
        params["designation"] = designation
    if q:
        params["q"] = q
    if descending:
        params["descending"] = "true"
    response = await upstream.call(request, SERVICE, "GET", f"/v1/years/{year}/areas", params=params)
    return render(
        request,
        "categorisation/areas.html",
        {
            "year": year,
            "areas": response.json(),
            "status": response.headers.get("x-categorisation-status", "proposed"),
            "filters": {
                "category": category or "",
                "designation": designation or "",
                "q": q or "",
                "sort": params["sort"],
                "descending": descending,
            },
            "categories": CATEGORIES,
            "designations": DESIGNATIONS,
        },
        block="area_table",
    )


_INCOMPLETE_YEAR = re.compile(r"(\d{4}) judged without|missing for (\d{4})")


def designation_sources(area: dict[str, Any]) -> list[tuple[str, str | None]]:
    """Each designation of the area with what decided it: "official_list", "data", or None when the
    answer does not say (a snapshot approved before the published list decided)."""
    decided_by: dict[str, str] = area.get("decided_by") or {}
    return [(d, decided_by.get(DESIGNATION_LISTS.get(d, ""))) for d in area["designations"]]


def disagreement_rows(area: dict[str, Any]) -> list[dict[str, Any]]:
    """Where the loaded official list and the computation from the figures differ, per designation."""
    computed = set(area.get("computed_designations") or [])
    return [
        {"designation": d, "official": d in area["designations"], "computed": d in computed}
        for d in area.get("disagreements") or []
    ]


def _criteria_groups(criteria: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    order = [
        "size",
        "vulnerable",
        "parallel_society",
        "transformation",
        "prevention",
        "combined_letting",
        "local",
        "official",
    ]
    groups: dict[str, list[dict[str, Any]]] = {}
    for criterion in criteria:
        if criterion.get("note_code") == "window_incomplete":
            # The years of the transformation window judged on an incomplete period, named in the note.
            found = _INCOMPLETE_YEAR.findall(criterion.get("note") or "")
            criterion = {**criterion, "incomplete_years": [judged or missing for judged, missing in found]}
        groups.setdefault(criterion["list"], []).append(criterion)
    return [(name, groups[name]) for name in order if name in groups]


@router.get("/{year}/omraader/{area_code}", response_class=HTMLResponse)
async def area(
    request: Request, year: int, area_code: str, user: AreaReader, proposed: bool = False
) -> Response:
    """Why the area has its category: every criterion with value, threshold, period and source."""
    area_data = await upstream.get_json(
        request, SERVICE, f"/v1/years/{year}/areas/{area_code}", params={"proposed": str(proposed).lower()}
    )
    overrides = await upstream.get_json(request, SERVICE, f"/v1/years/{year}/areas/{area_code}/overrides")
    trends: list[dict[str, Any]] = []
    if is_analyst(user):
        history = await upstream.get_json(request, SERVICE, f"/v1/areas/{area_code}/history")
        for code, points in history["indicators"].items():
            trends.append({"code": code, "points": points, "chart": line_chart(points)})
    return render(
        request,
        "categorisation/area.html",
        {
            "year": year,
            "area": area_data,
            "groups": _criteria_groups(area_data["criteria"]),
            "designation_sources": designation_sources(area_data),
            "disagreements": disagreement_rows(area_data),
            "official_decides": "official_list" in (area_data.get("decided_by") or {}).values(),
            "overrides": overrides,
            "trends": trends,
            "is_analyst": is_analyst(user),
            "categories": CATEGORIES,
            "errors": {},
            "proposed": proposed,
        },
    )


@router.post("/{year}/omraader/{area_code}/override", response_class=HTMLResponse)
async def override(
    request: Request,
    year: int,
    area_code: str,
    _user: Analyst,
    category: Annotated[str, Form()] = "",
    justification: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Set or withdraw the category after the dialogue; the written justification is required."""
    body = {"category": category if category in CATEGORIES else None, "justification": justification}
    try:
        await upstream.call(
            request, SERVICE, "PUT", f"/v1/years/{year}/areas/{area_code}/override", json=body
        )
    except UpstreamError as exc:
        if exc.status != 422:
            raise
        area_data = await upstream.get_json(
            request, SERVICE, f"/v1/years/{year}/areas/{area_code}", params={"proposed": "true"}
        )
        return render(
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


# --- upload ---------------------------------------------------------------------------------------


@router.get("/upload", response_class=HTMLResponse)
async def upload_page(request: Request, _user: Analyst) -> Response:
    """Upload the year's housing data (CSV or XLSX) or the ministry's official list."""
    return render(request, "categorisation/upload.html", {"result": None, "errors": None, "kind": "housing"})


@router.post("/upload", response_class=HTMLResponse)
async def upload(
    request: Request,
    _user: Analyst,
    file: UploadFile,
    kind: Annotated[str, Form()] = "housing",
) -> Response:
    """Send the file to the service; show what was stored, or every problem by row and column."""
    path = "/v1/official-designations" if kind == "official" else "/v1/housing-data"
    content = await file.read()
    files = {"file": (file.filename or "upload", content, file.content_type or "application/octet-stream")}
    context: dict[str, Any] = {"kind": kind, "result": None, "errors": None, "filename": file.filename}
    try:
        response = await upstream.call(request, SERVICE, "POST", path, files=files, timeout=120.0)
        context["result"] = response.json()
        status = 200
    except UpstreamError as exc:
        if exc.status not in (413, 422):
            raise
        context["errors"] = exc.errors or [{"loc": ["file"], "msg": exc.detail}]
        context["problem"] = exc.detail
        status = 422
    return render(request, "categorisation/upload.html", context, block="upload_result", status_code=status)


# --- what-if --------------------------------------------------------------------------------------


@router.get("/{year}/simulering", response_class=HTMLResponse)
async def what_if_page(request: Request, year: int, _user: Analyst) -> Response:
    """Try other local thresholds on the year's data; nothing is stored."""
    thresholds = (await upstream.get_json(request, SERVICE, f"/v1/years/{year}/local-thresholds"))[-1]
    return render(
        request,
        "categorisation/what_if.html",
        {
            "year": year,
            "form": {f: thresholds[f] for f in THRESHOLD_FIELDS},
            "result": None,
            "fields": THRESHOLD_FIELDS,
        },
    )


@router.post("/{year}/simulering", response_class=HTMLResponse)
async def what_if(request: Request, year: int, _user: Analyst) -> Response:
    form = await request.form()
    body: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in THRESHOLD_FIELDS:
        raw = str(form.get(name, "")).strip().replace(",", ".")
        if not raw:
            continue
        try:
            body[name] = int(raw) if name == "criteria_needed" else float(raw)
        except ValueError:
            errors[name] = "number"
    result = None
    status = 200
    if not errors:
        try:
            result = (
                await upstream.call(request, SERVICE, "POST", f"/v1/years/{year}/what-if", json=body)
            ).json()
        except UpstreamError as exc:
            if exc.status != 422:
                raise
            for error in exc.errors or []:
                errors[str(error["loc"][-1])] = "range"
    if errors:
        status = 422
    chart = None
    if result:
        chart = bar_chart(
            [(c, result["counts_before"][c]) for c in CATEGORIES],
            [(c, result["counts_after"][c]) for c in CATEGORIES],
        )
    return render(
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
        status_code=status,
    )


# --- approval -------------------------------------------------------------------------------------


async def _approval_context(request: Request, year: int) -> dict[str, Any]:
    info = await upstream.get_json(request, SERVICE, f"/v1/years/{year}")
    thresholds = await upstream.get_json(request, SERVICE, f"/v1/years/{year}/local-thresholds")
    approvals = await upstream.get_json(request, SERVICE, f"/v1/years/{year}/approvals")
    return {
        "year": year,
        "info": info,
        "thresholds": thresholds,
        "approvals": approvals,
        "fields": THRESHOLD_FIELDS,
        "errors": {},
        "notice": request.query_params.get("notice"),
    }


@router.get("/{year}/godkendelse", response_class=HTMLResponse)
async def approval_page(request: Request, year: int, _user: Analyst) -> Response:
    """Parameters, local thresholds and approval of the year, with every earlier revision."""
    return render(request, "categorisation/approval.html", await _approval_context(request, year))


async def _form_error(
    request: Request, year: int, errors: dict[str, str], block: str, form: dict[str, str]
) -> Response:
    """The form again with its errors and with what was typed (not the stored values) in its fields."""
    context = await _approval_context(request, year)
    context["errors"] = errors
    context["form"] = form
    return render(request, "categorisation/approval.html", context, block=block, status_code=422)


@router.post("/{year}/parametre", response_class=HTMLResponse)
async def set_parameters(
    request: Request, year: int, _user: Analyst, national_convicted_pct: Annotated[str, Form()] = ""
) -> Response:
    try:
        value = float(national_convicted_pct.replace(",", "."))
        await upstream.call(
            request, SERVICE, "PUT", f"/v1/years/{year}/parameters", json={"national_convicted_pct": value}
        )
    except (ValueError, UpstreamError) as exc:
        if isinstance(exc, UpstreamError) and exc.status != 422:
            raise
        return await _form_error(
            request,
            year,
            {"national_convicted_pct": "number" if isinstance(exc, ValueError) else "range"},
            "parameters_form",
            {"national_convicted_pct": national_convicted_pct},
        )
    return redirect(request, f"/kategorisering/{year}/godkendelse?notice=parameters_saved")


@router.post("/{year}/taerskler", response_class=HTMLResponse)
async def set_thresholds(request: Request, year: int, _user: Analyst) -> Response:
    form = await request.form()
    body: dict[str, Any] = {"reason": str(form.get("reason", "")).strip()}
    errors: dict[str, str] = {}
    for name in THRESHOLD_FIELDS:
        raw = str(form.get(name, "")).strip().replace(",", ".")
        try:
            body[name] = int(raw) if name == "criteria_needed" else float(raw)
        except ValueError:
            errors[name] = "number"
    if len(body["reason"]) < 3:
        errors["reason"] = "reason_required"
    if not errors:
        try:
            await upstream.call(request, SERVICE, "PUT", f"/v1/years/{year}/local-thresholds", json=body)
        except UpstreamError as exc:
            if exc.status != 422:
                raise
            errors = {str(e["loc"][-1]): "range" for e in exc.errors or []}
    if errors:
        typed = {name: str(form.get(name, "")) for name in (*THRESHOLD_FIELDS, "reason")}
        return await _form_error(request, year, errors, "thresholds_form", typed)
    return redirect(request, f"/kategorisering/{year}/godkendelse?notice=thresholds_saved")


@router.post("/{year}/godkend", response_class=HTMLResponse)
async def approve(
    request: Request, year: int, _user: Analyst, note: Annotated[str, Form(max_length=4000)] = ""
) -> Response:
    try:
        await upstream.call(request, SERVICE, "POST", f"/v1/years/{year}/approve", json={"note": note})
    except UpstreamError as exc:
        if exc.status not in (409, 422):
            raise
        return await _form_error(
            request,
            year,
            {"note": "revision_reason" if exc.status == 422 else "not_ready"},
            "approve_form",
            {"note": note},
        )
    return redirect(request, f"/kategorisering/{year}/godkendelse?notice=approved")


@router.get("/{year}/godkendelse/{revision}/kontrol", response_class=HTMLResponse)
async def reproduction(request: Request, year: int, revision: int, _user: AreaReader) -> Response:
    """Re-run an approved snapshot and show whether it gives the same result."""
    result = await upstream.get_json(request, SERVICE, f"/v1/years/{year}/approvals/{revision}/reproduction")
    return render(request, "categorisation/reproduction.html", {"year": year, "result": result})


# --- official list, exports -----------------------------------------------------------------------


@router.get("/{year}/afvigelser", response_class=HTMLResponse)
async def disagreements(request: Request, year: int, _user: AreaReader) -> Response:
    """Where the ministry's published list and the computation from the figures differ."""
    rows = await upstream.get_json(request, SERVICE, f"/v1/years/{year}/disagreements")
    return render(request, "categorisation/disagreements.html", {"year": year, "rows": rows})


@router.get("/{year}/eksport.{fmt}")
async def export(request: Request, year: int, fmt: str, _user: AreaReader) -> Response:
    """Download the year's categorisation (the annex of the letting agreement)."""
    if fmt not in ("csv", "xlsx"):
        return render(request, "error.html", {"status": 404}, status_code=404)
    response = await upstream.call(request, SERVICE, "GET", f"/v1/years/{year}/export.{fmt}")
    return Response(
        response.content,
        media_type=response.headers.get("content-type"),
        headers={"Content-Disposition": response.headers.get("content-disposition", "attachment")},
    )
