"""The allocation app: `uvicorn services.allocation.main:create_app --factory`."""

from fastapi import FastAPI

import services.allocation as package
from services.allocation.config import AllocationConfig, AllocationSettings
from services.allocation.router import router
from services.kit.app import create_app as create_service_app
from services.kit.app import principal_router


def create_app(settings: AllocationSettings | None = None) -> FastAPI:
    """Build the allocation app from the environment (or the given settings)."""
    settings = settings or AllocationSettings()
    app = create_service_app(
        settings,
        title="Allocation service",
        description=" ".join((package.__doc__ or "").split()),
        version="1.0.0",
        routers=[principal_router(), router],
    )
    app.state.config = app.state.municipality.section("allocation", AllocationConfig)
    return app
