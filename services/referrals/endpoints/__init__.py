"""The referrals API, one module per part: public, cases, catalogue, privacy and statistics."""

from fastapi import APIRouter, Depends

from services.kit.auth import current_principal
from services.kit.errors import AUTHENTICATED
from services.kit.routing import TransactionalRoute


def authenticated_router(*tags: str) -> APIRouter:
    """A /v1 router that needs a valid token for every route (roles are checked per endpoint)."""
    return APIRouter(
        prefix="/v1",
        tags=list(tags),
        dependencies=[Depends(current_principal)],
        route_class=TransactionalRoute,
        responses=AUTHENTICATED,
    )
