"""The allocation API under /v1, one module per subject.

Authenticated by default: every route needs a valid token (roles are checked per endpoint), and the
allocation service has no public routes. `GET /v1/ranking-rules` is open to every role, but still only with
a token.
"""

from fastapi import APIRouter, Depends

from services.allocation.routes import (
    acute,
    agreements,
    applicant_checks,
    areas,
    bookkeeping,
    candidates,
    dispensations,
    letters,
    offers,
    seekers,
    statistics,
    vacancies,
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
for part in (
    areas,
    agreements,
    vacancies,
    seekers,
    candidates,
    offers,
    applicant_checks,
    acute,
    statistics,
    dispensations,
    letters,
    bookkeeping,
):
    router.include_router(part.router)
