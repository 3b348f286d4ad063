"""HTTP endpoints of the allocation service; authenticated by default at router level."""

from fastapi import APIRouter, Depends

from services.allocation.routes import (
    acute,
    agreements,
    allocation,
    areas,
    bookkeeping,
    dispensations,
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
for part in (areas, agreements, vacancies, allocation, acute, statistics, dispensations, bookkeeping):
    router.include_router(part.router)
