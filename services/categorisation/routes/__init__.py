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

router = APIRouter()
# Public on purpose: published area plans are readable without logging in (DOMAIN § 7, CONTRACT § 8,
# GET /v1/public/area-plans[/{id}]). Only plans flagged published, with their targets and the evaluation
# of the latest approved year, small numbers suppressed; no staff names, nothing unpublished.
router.include_router(public_area_plans.router)
router.include_router(authenticated)
