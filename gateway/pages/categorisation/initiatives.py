"""Initiatives (/planer/tiltag): a list that filters by principle, area, status and partner, with a
timeline; one initiative; and the analyst's form for a new or changed one."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from gateway.clients.area_plans import AreaPlansClient, Initiative
from gateway.pages.categorisation import area_picker, plan_labels
from gateway.pages.categorisation.area_picker import AreaLookup, Search
from gateway.pages.categorisation.common import AREA_READERS, is_analyst
from gateway.pages.categorisation.plan_forms import FormReader, service_errors, spare_rows
from gateway.pages.categorisation.plans import chosen_areas, known_areas, plans_page
from gateway.pages.responses import redirect
from gateway.session import PageUser, page_roles
from services.kit.auth import Role
from services.kit.clock import today

PREFIX = "/planer/tiltag"
router = APIRouter(prefix=PREFIX, dependencies=[Depends(page_roles(*AREA_READERS))])
analyst_only = [Depends(page_roles(Role.ANALYST))]

FIELDS = (
    "title",
    "description",
    "principles",
    "area_codes",
    "area_plan_id",
    "partners",
    "responsible_unit",
    "period_from",
    "period_to",
    "budget_dkk",
    "status",
    "milestones",
    "evaluation_notes",
)
STATUSES = tuple(plan_labels.INITIATIVE_STATUSES)
PARTNER_KINDS = tuple(plan_labels.PARTNER_KINDS)
TIMELINE_WIDTH, TIMELINE_ROW, TIMELINE_LABEL = 640, 28, 220


def timeline(items: list[Initiative], *, now: date) -> dict[str, Any]:
    """A bar per initiative from its start to its end (today while open), over whole years."""
    if not items:
        return {"bars": [], "years": [], "height": 0, "width": TIMELINE_WIDTH}
    starts = [date.fromisoformat(i["period_from"]) for i in items]
    ends = [
        date.fromisoformat(item["period_to"]) if item["period_to"] else max(now, start)
        for item, start in zip(items, starts, strict=True)
    ]
    first, last = date(min(starts).year, 1, 1), date(max(ends).year + 1, 1, 1)
    span = (last - first).days

    def x(day: date) -> float:
        return round(TIMELINE_WIDTH * (day - first).days / span, 1)

    bars = [
        {
            "title": item["title"],
            "status": item["status"],
            "y": index * TIMELINE_ROW,
            "x": x(start),
            "width": max(x(end) - x(start), 3.0),
            "open": item["period_to"] is None,
        }
        for index, (item, start, end) in enumerate(zip(items, starts, ends, strict=True))
    ]
    years = [{"year": y, "x": x(date(y, 1, 1))} for y in range(first.year, last.year + 1)]
    return {"bars": bars, "years": years, "height": len(items) * TIMELINE_ROW, "width": TIMELINE_WIDTH}


@router.get("", response_class=HTMLResponse)
async def initiative_list(request: Request, user: PageUser) -> Response:
    """Every initiative matching the filters, as a list and as a timeline."""
    client = AreaPlansClient(request)
    principles = await client.principles()
    areas = await known_areas(request)
    query = request.query_params
    filters = {
        "area_code": query.get("area_code", "")
        if query.get("area_code") in {a["code"] for a in areas}
        else "",
        "principle": query.get("principle", "")
        if query.get("principle") in {p["code"] for p in principles}
        else "",
        "status": query.get("status", "") if query.get("status") in STATUSES else "",
        "partner_kind": query.get("partner_kind", "") if query.get("partner_kind") in PARTNER_KINDS else "",
        "partner": (query.get("partner") or "").strip()[:200],
    }
    chosen = {k: v for k, v in filters.items() if v}
    items = await client.initiatives(chosen)
    # The area filter offers the areas some initiative names (a handful), not every area of the year (a
    # thousand); the list names areas by name as the rest of the pages do.
    every = await client.initiatives({}) if chosen else items
    named = {code for item in every for code in item["area_codes"]} | {filters["area_code"]} - {""}
    context = {
        "items": items,
        "filters": filters,
        "principles": principles,
        "principle_names": {p["code"]: p for p in principles},
        "areas": [a for a in areas if a["code"] in named],
        "area_names": {a["code"]: a["name"] for a in areas},
        "timeline": timeline(items, now=today()),
        "is_analyst": is_analyst(user),
    }
    return plans_page(request, "categorisation/plans/initiatives.html", context, block="initiative_results")


def read_initiative_form(
    form: Any, *, principles: list[str], areas: list[str], plan_ids: list[str]
) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """The initiative form as the service's body, the typed values, and the page's own errors."""
    reader = FormReader(form)
    plan = reader.text("area_plan_id")
    if plan and plan not in plan_ids:
        reader.errors["area_plan_id"] = "invalid"
    partners = reader.rows("partners", ("kind", "name"))
    for row in partners:
        if row["kind"] not in PARTNER_KINDS or not row["name"]:
            reader.errors.setdefault("partners", "required")
    milestones = reader.rows("milestones", ("title", "due_on", "done"))
    milestone_body = []
    for row in milestones:
        due = _date_or_error(reader, row["due_on"], "milestones")
        if not row["title"]:
            reader.errors.setdefault("milestones", "required")
        milestone_body.append({"title": row["title"], "due_on": due, "done": row["done"] == "yes"})
    status = reader.text("status", required=True)
    if status and status not in STATUSES:
        reader.errors["status"] = "invalid"
    period_from = reader.date("period_from", required=True)
    period_to = reader.date("period_to")
    reader.period("period_from", "period_to", period_from, period_to)
    body = {
        "title": reader.text("title", required=True, limit=200),
        "description": reader.text("description"),
        "principles": reader.choices("principles", principles),
        "area_codes": reader.choices("area_codes", areas, required=True),
        "area_plan_id": int(plan) if plan in plan_ids else None,
        "partners": [{"kind": r["kind"], "name": r["name"]} for r in partners],
        "responsible_unit": reader.text("responsible_unit", required=True, limit=200),
        "period_from": period_from,
        "period_to": period_to,
        "budget_dkk": reader.whole_kroner("budget_dkk"),
        "status": status,
        "milestones": milestone_body,
        "evaluation_notes": reader.text("evaluation_notes"),
    }
    return body, reader.values, reader.errors


def _date_or_error(reader: FormReader, text: str, field: str) -> str | None:
    if not text:
        return None
    probe = FormReader({"d": text})
    parsed = probe.date("d")
    if parsed is None:
        reader.errors.setdefault(field, "date")
    return parsed


def initiative_values(item: Initiative) -> dict[str, Any]:
    """A stored initiative as the form shows it."""
    return {
        **{k: item[k] for k in ("title", "description", "principles", "area_codes", "responsible_unit")},
        **{k: item[k] for k in ("status", "evaluation_notes", "period_from")},
        "period_to": item["period_to"] or "",
        "area_plan_id": str(item["area_plan_id"] or ""),
        "budget_dkk": "" if item["budget_dkk"] is None else str(item["budget_dkk"]),
        "partners": [dict(p) for p in item["partners"]],
        "milestones": [
            {"title": m["title"], "due_on": m["due_on"] or "", "done": "yes" if m["done"] else ""}
            for m in item["milestones"]
        ],
    }


async def _form_page(
    request: Request,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    item: Initiative | None = None,
    search: Search | None = None,
    lookup: AreaLookup | None = None,
) -> Response:
    client = AreaPlansClient(request)
    picker = await (lookup or AreaLookup(request)).picker(
        "initiative-areas", values.get("area_codes") or [], search or Search()
    )
    context = {
        "form": values,
        "errors": errors,
        "item": item,
        "principles": await client.principles(),
        "picker": picker,
        "plans": await client.plans(),
        "statuses": STATUSES,
        "partner_kinds": PARTNER_KINDS,
        "partner_rows": spare_rows(values.get("partners") or []),
        "milestone_rows": spare_rows(values.get("milestones") or []),
    }
    template = "categorisation/plans/initiative_form.html"
    return plans_page(request, template, context, status_code=422 if errors else 200)


async def _choices(request: Request, lookup: AreaLookup, form: Any, keep: list[str]) -> dict[str, list[str]]:
    """What the form may choose among: the principles, the ticked areas the latest year knows (and those of
    `keep`), the plans."""
    client = AreaPlansClient(request)
    return {
        "principles": [p["code"] for p in await client.principles()],
        "areas": await chosen_areas(lookup, form, keep),
        "plan_ids": [str(p["id"]) for p in await client.plans()],
    }


@router.get("/ny", response_class=HTMLResponse, dependencies=analyst_only)
async def new_initiative(request: Request) -> Response:
    plan_id = request.query_params.get("area_plan_id", "")
    values: dict[str, Any] = {"status": "idea", "area_plan_id": plan_id if plan_id.isdigit() else ""}
    if plan_id.isdigit():
        plan = next((p for p in await AreaPlansClient(request).plans() if str(p["id"]) == plan_id), None)
        values["area_codes"] = plan["area_codes"] if plan else []
    return await _form_page(request, values, {})


@router.post("/ny", response_class=HTMLResponse, dependencies=analyst_only)
async def create_initiative(request: Request) -> Response:
    """Make the initiative; the picker's search button (without JavaScript) shows the form again instead."""
    form = await request.form()
    lookup = AreaLookup(request)
    body, values, errors = read_initiative_form(form, **await _choices(request, lookup, form, []))
    search = area_picker.read_search(form)
    if area_picker.searching(form):
        return await _form_page(request, values, {}, search=search, lookup=lookup)
    if not errors:
        outcome = await AreaPlansClient(request).create_initiative(body)
        if not outcome.refused:
            return redirect(request, f"{PREFIX}/{outcome.json()['id']}?notice=initiative_saved")
        errors = service_errors(outcome.problems, FIELDS)
    return await _form_page(request, values, errors, search=search, lookup=lookup)


@router.get("/{initiative_id:int}", response_class=HTMLResponse)
async def initiative_page(request: Request, initiative_id: int, user: PageUser) -> Response:
    client = AreaPlansClient(request)
    item = await client.initiative(initiative_id)
    principles = {p["code"]: p for p in await client.principles()}
    plan = await client.plan(item["area_plan_id"]) if item["area_plan_id"] else None
    context = {"item": item, "principle_names": principles, "plan": plan, "is_analyst": is_analyst(user)}
    return plans_page(request, "categorisation/plans/initiative.html", context)


@router.get("/{initiative_id:int}/rediger", response_class=HTMLResponse, dependencies=analyst_only)
async def edit_initiative(request: Request, initiative_id: int) -> Response:
    item = await AreaPlansClient(request).initiative(initiative_id)
    return await _form_page(request, initiative_values(item), {}, item=item)


@router.post("/{initiative_id:int}/rediger", response_class=HTMLResponse, dependencies=analyst_only)
async def update_initiative(request: Request, initiative_id: int) -> Response:
    client = AreaPlansClient(request)
    item = await client.initiative(initiative_id)
    form = await request.form()
    lookup = AreaLookup(request)
    choices = await _choices(request, lookup, form, item["area_codes"])
    body, values, errors = read_initiative_form(form, **choices)
    search = area_picker.read_search(form)
    if area_picker.searching(form):
        return await _form_page(request, values, {}, item=item, search=search, lookup=lookup)
    if not errors:
        outcome = await client.update_initiative(initiative_id, body)
        if not outcome.refused:
            return redirect(request, f"{PREFIX}/{initiative_id}?notice=initiative_saved")
        errors = service_errors(outcome.problems, FIELDS)
    return await _form_page(request, values, errors, item=item, search=search, lookup=lookup)
