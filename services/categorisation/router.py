"""HTTP endpoints of the categorisation service; authenticated by default at router level."""

from fastapi import APIRouter, Depends

from services.kit.auth import current_principal
from services.kit.routing import TransactionalRoute

router = APIRouter(prefix="/v1", dependencies=[Depends(current_principal)], route_class=TransactionalRoute)
