"""The allocation app: `uvicorn services.allocation.main:create_app --factory`."""

import asyncio

import httpx
from fastapi import FastAPI

import services.allocation as package
from services.allocation import scheduler
from services.allocation.clients import CategorisationClient
from services.allocation.config import AllocationConfig, AllocationSettings
from services.allocation.router import router
from services.kit import db
from services.kit.app import create_app as create_service_app
from services.kit.app import principal_router


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
        routers=[principal_router(), router],
        startup=[scheduler.start],
    )
    app.state.config = app.state.municipality.section("allocation", AllocationConfig)
    http = httpx.AsyncClient(
        base_url=str(settings.categorisation_url).rstrip("/"),
        timeout=httpx.Timeout(
            settings.upstream_timeout_seconds, connect=min(2.0, settings.upstream_timeout_seconds)
        ),
        transport=categorisation_transport,
    )
    app.state.categorisation = CategorisationClient(http)
    app.state.shutdown_hooks.append(http.aclose)
    # SQLite has no row locks: writers in this process take turns (see dependencies.serialised).
    app.state.write_lock = asyncio.Lock() if db.is_sqlite(settings.effective_database_url) else None
    return app
