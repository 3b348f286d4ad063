"""The allocation app: `uvicorn services.allocation.main:create_app --factory`."""

import asyncio

import httpx
from fastapi import FastAPI

import services.allocation as package
from services.allocation import routes, scheduler
from services.allocation.clients import CategorisationClient
from services.allocation.config import AllocationConfig, AllocationSettings
from services.allocation.state import AllocationState
from services.kit import db
from services.kit.app import create_app as create_service_app
from services.kit.app import principal_router
from services.kit.state import extend, process_of


def create_app(
    settings: AllocationSettings | None = None,
    *,
    categorisation_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """Build the allocation app from the environment (or the given settings).

    `categorisation_transport` replaces the network under the categorisation client (tests fake it there).
    """
    settings = settings or AllocationSettings()
    app = create_service_app(
        settings,
        title="Allocation service",
        description=" ".join((package.__doc__ or "").split()),
        version="1.0.0",
        openapi_tags=routes.TAGS,
        routers=[principal_router(), routes.router],
        startup=[scheduler.start],
    )
    kit = process_of(app)
    http = httpx.AsyncClient(
        base_url=str(settings.categorisation_url).rstrip("/"),
        timeout=httpx.Timeout(
            settings.upstream_timeout_seconds, connect=min(2.0, settings.upstream_timeout_seconds)
        ),
        transport=categorisation_transport,
    )
    kit.shutdown_hooks.append(http.aclose)
    extend(
        app,
        AllocationState,
        settings=settings,
        config=kit.municipality.section("allocation", AllocationConfig),
        categorisation=CategorisationClient(http),
        write_lock=asyncio.Lock() if db.is_sqlite(settings.effective_database_url) else None,
    )
    return app
