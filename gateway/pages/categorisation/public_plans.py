"""Published area plans (/omraadeplaner), without logging in: what a resident or a department board would
want to read about their own area. Public on purpose (DOMAIN § 7): the service answers published plans
only, with their targets and the evaluation of the latest approved year, small numbers suppressed."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from gateway.clients.area_plans import AreaPlansClient
from gateway.pages.categorisation.plans import plans_page, verdict

router = APIRouter(prefix="/omraadeplaner")


@router.get("", response_class=HTMLResponse)
async def public_plan_list(request: Request) -> Response:
    plans = await AreaPlansClient(request).public_plans()
    return plans_page(request, "categorisation/plans/public_list.html", {"plans": plans})


@router.get("/{plan_id:int}", response_class=HTMLResponse)
async def public_plan(request: Request, plan_id: int) -> Response:
    """One published plan; an unpublished one is not found, as one that does not exist."""
    plan = await AreaPlansClient(request).public_plan(plan_id)
    evaluation = plan["evaluation"]
    judged = {t["id"]: t for t in evaluation["targets"]} if evaluation else {}
    verdicts = {target_id: verdict(t["met"]) for target_id, t in judged.items()}
    context = {"plan": plan, "judged": judged, "verdicts": verdicts}
    return plans_page(request, "categorisation/plans/public_plan.html", context)
