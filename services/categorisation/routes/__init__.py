"""The categorisation API, one module per subject, under /v1 and authenticated by default.

Every route needs a verified caller (the router's `current_principal`); each module adds the roles its
routes need. The service has no public routes. A year (or area, or revision) without figures, rules or
approval is 404; a file that cannot be loaded is 422 (413 when too large).
"""

from fastapi import APIRouter, Depends

from services.categorisation.routes import (
    approvals,
    areas,
    exports,
    history,
    imports,
    overrides,
    parameters,
    published_lists,
    years,
)
from services.kit.auth import current_principal
from services.kit.errors import AUTHENTICATED
from services.kit.routing import TransactionalRoute

router = APIRouter(
    prefix="/v1",
    dependencies=[Depends(current_principal)],
    route_class=TransactionalRoute,
    responses=AUTHENTICATED,
)
for part in (years, parameters, imports, areas, history, overrides, approvals, published_lists, exports):
    router.include_router(part.router)
