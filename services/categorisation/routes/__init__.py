"""The categorisation API, one module per subject, under /v1 and authenticated by default.

Every route needs a verified caller (the authenticated router's `current_principal`); each module adds the
roles its routes need. A year (or area, or revision) without figures, rules or approval is 404; a file
that cannot be loaded is 422 (413 when too large).

The public routes are the exceptions stated below, each on purpose.
"""

from fastapi import APIRouter, Depends

from services.categorisation.routes import (
    approvals,
    area_plans,
    areas,
    dialogues,
    exports,
    history,
    imports,
    initiatives,
    overrides,
    parameters,
    principles,
    public_area_plans,
    published_lists,
    years,
)
from services.kit.auth import current_principal
from services.kit.errors import AUTHENTICATED
from services.kit.routing import TransactionalRoute

authenticated = APIRouter(
    prefix="/v1",
    dependencies=[Depends(current_principal)],
    route_class=TransactionalRoute,
    responses=AUTHENTICATED,
)
for part in (years, parameters, imports, areas, history, overrides, approvals, published_lists, exports):
    authenticated.include_router(part.router)
for part in (principles, area_plans, initiatives, dialogues):
    authenticated.include_router(part.router)

# The groups of /docs, in the order of the annual cycle (årshjulet), then area plans and their work.
TAGS = [
    {
        "name": "Years",
        "description": "The list years: their phase in the annual cycle, counts, approval "
        "state, the categorisation the allocation service reads, and the managers' aggregates.",
    },
    {
        "name": "Housing data",
        "description": "The yearly figures per area (CONTRACT § 4) from a CSV, Danish "
        "Excel CSV or XLSX file: all rows or none, every bad cell reported by row and column.",
    },
    {
        "name": "Official list",
        "description": "The ministry's published list of designations, which decides "
        "a year's designations where it is loaded (DOMAIN § 3), and where it and the figures disagree.",
    },
    {
        "name": "Thresholds",
        "description": "The year's national figures and the municipality's local (yellow) "
        "thresholds, versioned with their reasons.",
    },
    {
        "name": "Areas",
        "description": "A year's areas with their designations and category, each explained "
        "criterion by criterion, and an area's indicators over the years.",
    },
    {"name": "What-if", "description": "The year's categories under other local thresholds; stores nothing."},
    {
        "name": "Overrides",
        "description": "The analyst's category after the dialogue with the housing "
        "organisation, with its justification; every change kept.",
    },
    {
        "name": "Approval",
        "description": "Approving a year freezes a snapshot; revisions never rewrite it, "
        "and each can be re-run to show it reproduces exactly.",
    },
    {
        "name": "Exports",
        "description": "A year's categorisation as CSV or XLSX: the letting agreement's annex.",
    },
    {
        "name": "Area plans",
        "description": "Plans per area or group of areas with measurable targets, each "
        "judged on the categorisation's own figures (DOMAIN § 7).",
    },
    {
        "name": "Initiatives",
        "description": "Boligsocial initiatives and the municipality's principles they "
        "serve: areas, partners, period, budget, status and milestones.",
    },
    {
        "name": "Dialogues",
        "description": "The yearly steering dialogue with each housing organisation and "
        "co-creation meetings: participants, minutes, decisions and follow-ups.",
    },
    {"name": "Published area plans", "description": "Published plans for everyone, without logging in."},
]

router = APIRouter()
# Public on purpose: published area plans are readable without logging in (DOMAIN § 7, CONTRACT § 8,
# GET /v1/public/area-plans[/{id}]). Only plans flagged published, with their targets and the evaluation
# of the latest approved year, small numbers suppressed; no staff names, nothing unpublished.
router.include_router(public_area_plans.router)
router.include_router(authenticated)
