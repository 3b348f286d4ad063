"""Area plans (/planer): the list, a plan with its targets judged year by year, and the analyst's forms.

A plan's page shows each target's trend as a chart with its data table, and says for each year whether
the target was met, not met, or had no data: the annual cycle's "evaluation" (DOMAIN § 1, § 7). The
figures are the categorisation's own, judged by the service; the page only shows them.
"""

from collections.abc import Collection
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import HTMLResponse

from gateway.charts import line_chart
from gateway.clients.area_plans import AreaPlan, AreaPlansClient, PlanTrend
from gateway.clients.categorisation import CategorisationClient
from gateway.pages.categorisation import area_picker, plan_labels
from gateway.pages.categorisation.area_picker import AreaLookup, Search
from gateway.pages.categorisation.common import AREA_READERS, is_analyst, page
from gateway.pages.categorisation.plan_forms import FormReader, service_errors
from gateway.pages.responses import redirect
from gateway.session import PageUser, page_roles
from services.kit.auth import Role

PREFIX = "/planer"
router = APIRouter(prefix=PREFIX, dependencies=[Depends(page_roles(*AREA_READERS))])
analyst_only = [Depends(page_roles(Role.ANALYST))]

PLAN_FIELDS = (
    "title",
    "area_codes",
    "organisation_codes",
    "period_from",
    "period_to",
    "visions",
    "requirements",
    "community",
    "published",
)
TARGET_FIELDS = ("area_code", "indicator", "comparator", "value", "by_year")
INDICATORS = tuple(plan_labels.INDICATORS)
COMPARATORS = tuple(plan_labels.COMPARATORS)


def plans_page(request: Request, template: str, context: dict[str, Any], **kwargs: Any) -> Response:
    return page(request, template, {"plan_labels": plan_labels, **context}, **kwargs)


def verdict(met: bool | None) -> str:
    return "no_data" if met is None else "met" if met else "not_met"


def target_trends(trend: PlanTrend, area_code: str | None = None) -> list[dict[str, Any]]:
    """Each target's points with its verdict per year and a chart of the figure against the target."""
    out = []
    for target in trend["targets"]:
        if area_code is not None and target["area_code"] != area_code:
            continue
        points = [{**p, "verdict": verdict(p["met"])} for p in target["points"]]
        chart = line_chart(
            [{"year": p["year"], "value": p["actual"], "target": target["value"]} for p in points],
            keys=("value", "target"),
        )
        out.append({"target": target, "points": points, "chart": chart})
    return out


async def area_plan_trends(request: Request, area_code: str) -> list[dict[str, Any]]:
    """The plans covering the area, each with the trend of its targets on this area."""
    client = AreaPlansClient(request)
    found = []
    for plan in await client.plans({"area_code": area_code}):
        trends = target_trends(await client.trend(plan["id"]), area_code)
        found.append({"plan": plan, "trends": trends})
    return found


async def known_areas(request: Request) -> list[dict[str, str]]:
    """The areas of the latest year with figures (code and name), to choose a plan's areas among."""
    categorisation = CategorisationClient(request)
    years = await categorisation.years()
    if not years:
        return []
    rows = await categorisation.area_names(years[0]["year"])
    return [{"code": a["area_code"], "name": a["area_name"]} for a in rows]


def read_plan_form(form: Any, area_codes: list[str]) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """The plan form as the service's body, the typed values, and the page's own errors."""
    reader = FormReader(form)
    title = reader.text("title", required=True, limit=200)
    chosen = reader.choices("area_codes", area_codes, required=True)
    organisations = reader.codes("organisation_codes")
    period_from = reader.year("period_from")
    period_to = reader.year("period_to")
    reader.period("period_from", "period_to", period_from, period_to)
    body = {
        "title": title,
        "area_codes": chosen,
        "organisation_codes": organisations,
        "period_from": period_from,
        "period_to": period_to,
        "visions": reader.text("visions"),
        "requirements": reader.text("requirements"),
        "community": reader.text("community"),
        "published": form.get("published") == "yes",
    }
    reader.values["published"] = body["published"]
    return body, reader.values, reader.errors


def plan_values(plan: AreaPlan) -> dict[str, Any]:
    """A stored plan as the form shows it."""
    return {
        **{name: plan[name] for name in ("title", "area_codes", "visions", "requirements", "community")},
        "organisation_codes": ", ".join(plan["organisation_codes"]),
        "period_from": str(plan["period_from"]),
        "period_to": str(plan["period_to"]),
        "published": plan["published"],
    }


@router.get("", response_class=HTMLResponse)
async def plan_list(request: Request, user: PageUser) -> Response:
    """Every area plan, newest period first."""
    plans = await AreaPlansClient(request).plans()
    return plans_page(
        request, "categorisation/plans/list.html", {"plans": plans, "is_analyst": is_analyst(user)}
    )


async def _plan_form(
    request: Request,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    plan: AreaPlan | None = None,
    search: Search | None = None,
    lookup: AreaLookup | None = None,
) -> Response:
    """The plan form with its area picker: the chosen areas at the top, the search's matches below."""
    lookup = lookup or AreaLookup(request)
    picker = await lookup.picker(
        "plan-areas",
        values.get("area_codes") or [],
        search or Search(),
        names=plan["area_names"] if plan else None,
    )
    context = {"form": values, "errors": errors, "picker": picker, "plan": plan}
    return plans_page(
        request, "categorisation/plans/plan_form.html", context, status_code=422 if errors else 200
    )


async def chosen_areas(lookup: AreaLookup, form: Any, keep: Collection[str] = ()) -> list[str]:
    """The areas ticked in the form's picker that the latest year knows, and those of `keep` (a stored
    plan's or initiative's areas stay choosable when the latest year has no figures for one of them)."""
    ticked = area_picker.submitted_codes(form)
    known = await lookup.known(ticked)
    return [code for code in ticked if code in known or code in keep]


@router.get("/ny", response_class=HTMLResponse, dependencies=analyst_only)
async def new_plan(request: Request) -> Response:
    return await _plan_form(request, {"published": False, "area_codes": []}, {})


@router.post("/ny", response_class=HTMLResponse, dependencies=analyst_only)
async def create_plan(request: Request) -> Response:
    """Make the plan; a refusal shows the form again with everything typed and the reasons by field.

    The picker's search button (without JavaScript) sends the form too: it comes again with the matches."""
    form = await request.form()
    lookup = AreaLookup(request)
    body, values, errors = read_plan_form(form, await chosen_areas(lookup, form))
    search = area_picker.read_search(form)
    if area_picker.searching(form):
        return await _plan_form(request, values, {}, search=search, lookup=lookup)
    if not errors:
        outcome = await AreaPlansClient(request).create_plan(body)
        if not outcome.refused:
            return redirect(request, f"{PREFIX}/{outcome.json()['id']}?notice=plan_saved")
        errors = service_errors(outcome.problems, PLAN_FIELDS)
    return await _plan_form(request, values, errors, search=search, lookup=lookup)


@router.get("/{plan_id:int}/rediger", response_class=HTMLResponse, dependencies=analyst_only)
async def edit_plan(request: Request, plan_id: int) -> Response:
    plan = await AreaPlansClient(request).plan(plan_id)
    return await _plan_form(request, plan_values(plan), {}, plan=plan)


@router.post("/{plan_id:int}/rediger", response_class=HTMLResponse, dependencies=analyst_only)
async def update_plan(request: Request, plan_id: int) -> Response:
    client = AreaPlansClient(request)
    plan = await client.plan(plan_id)
    form = await request.form()
    lookup = AreaLookup(request)
    body, values, errors = read_plan_form(form, await chosen_areas(lookup, form, plan["area_codes"]))
    search = area_picker.read_search(form)
    if area_picker.searching(form):
        return await _plan_form(request, values, {}, plan=plan, search=search, lookup=lookup)
    if not errors:
        outcome = await client.update_plan(plan_id, body)
        if not outcome.refused:
            return redirect(request, f"{PREFIX}/{plan_id}?notice=plan_saved")
        errors = service_errors(outcome.problems, PLAN_FIELDS)
    return await _plan_form(request, values, errors, plan=plan, search=search, lookup=lookup)


@router.get("/omraadevalg", response_class=HTMLResponse, dependencies=analyst_only)
async def area_picker_matches(request: Request) -> Response:
    """The area picker's matches for htmx, with the chosen areas (every box ticked) and the count out of
    band: what the plan and initiative forms' search field, boxes and "show more" ask for."""
    query = request.query_params
    picker_id = query.get("picker", "")
    if picker_id not in area_picker.PICKERS:
        raise HTTPException(status_code=404)
    picker = await AreaLookup(request).picker(
        picker_id, area_picker.submitted_codes(query), area_picker.read_search(query)
    )
    return plans_page(request, "categorisation/plans/area_picker.html", {"picker": picker})


async def _plan_page(
    request: Request,
    user: Any,
    plan_id: int,
    *,
    target_form: dict[str, Any] | None = None,
    target_errors: dict[str, str] | None = None,
) -> Response:
    client = AreaPlansClient(request)
    plan = await client.plan(plan_id)
    trend = await client.trend(plan_id)
    latest = trend["years"][-1] if trend["years"] else None
    evaluation = await client.evaluation(plan_id, latest) if latest is not None else None
    initiatives = await client.initiatives({"area_plan_id": plan_id})
    context = {
        "plan": plan,
        "trends": target_trends(trend),
        "evaluation": evaluation,
        "verdicts": {t["id"]: verdict(t["met"]) for t in (evaluation or {"targets": []})["targets"]},
        "initiatives": initiatives,
        "is_analyst": is_analyst(user),
        "indicators": INDICATORS,
        "comparators": COMPARATORS,
        "target_form": target_form or {"by_year": str(plan["period_to"])},
        "target_errors": target_errors or {},
    }
    status = 422 if target_errors else 200
    return plans_page(request, "categorisation/plans/plan.html", context, status_code=status)


@router.get("/{plan_id:int}", response_class=HTMLResponse)
async def plan_page(request: Request, plan_id: int, user: PageUser) -> Response:
    """The plan's headings, its targets judged in each year so far, and its initiatives."""
    return await _plan_page(request, user, plan_id)


@router.post("/{plan_id:int}/maal", response_class=HTMLResponse, dependencies=analyst_only)
async def add_target(request: Request, plan_id: int, user: PageUser) -> Response:
    form = await request.form()
    reader = FormReader(form)
    body = {
        "area_code": reader.text("area_code", required=True),
        "indicator": reader.text("indicator", required=True),
        "comparator": reader.text("comparator", required=True),
        "value": reader.number("value"),
        "by_year": reader.year("by_year"),
    }
    errors = reader.errors
    if not errors:
        outcome = await AreaPlansClient(request).add_target(plan_id, body)
        if not outcome.refused:
            return redirect(request, f"{PREFIX}/{plan_id}?notice=target_saved#targets")
        errors = service_errors(outcome.problems, TARGET_FIELDS)
    return await _plan_page(request, user, plan_id, target_form=reader.values, target_errors=errors)


@router.post(
    "/{plan_id:int}/maal/{target_id:int}/slet", response_class=HTMLResponse, dependencies=analyst_only
)
async def delete_target(request: Request, plan_id: int, target_id: int) -> Response:
    await AreaPlansClient(request).delete_target(plan_id, target_id)
    return redirect(request, f"{PREFIX}/{plan_id}?notice=target_removed#targets")
