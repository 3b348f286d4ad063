"""The allocation app: `uvicorn services.allocation.main:create_app --factory`."""

import asyncio

import httpx
from fastapi import FastAPI

import services.allocation as package
from services.allocation import metrics, routes, scheduler
from services.allocation.clients import CategorisationClient
from services.allocation.config import AllocationConfig, AllocationSettings
from services.allocation.letters import sending
from services.allocation.state import AllocationState
from services.kit import db
from services.kit.app import create_app as create_service_app
from services.kit.app import principal_router
from services.kit.outbox import DigitalPostAdapter
from services.kit.state import extend, process_of
from services.kit.upstream_metrics import MeasuredTransport


def create_app(
    settings: AllocationSettings | None = None,
    *,
    categorisation_transport: httpx.AsyncBaseTransport | None = None,
    digital_post: DigitalPostAdapter | None = None,
) -> FastAPI:
    """Build the allocation app from the environment (or the given settings).

    `categorisation_transport` replaces the network under the categorisation client (tests fake it there);
    `digital_post` is the municipality's Digital Post adapter, for `[allocation.letters] channel =
    "digital_post"`.
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
    kit.metrics.register(*metrics.COLLECTORS)
    http = httpx.AsyncClient(
        base_url=str(settings.categorisation_url).rstrip("/"),
        timeout=httpx.Timeout(
            settings.upstream_timeout_seconds, connect=min(2.0, settings.upstream_timeout_seconds)
        ),
        transport=MeasuredTransport(
            categorisation_transport or httpx.AsyncHTTPTransport(), kit.metrics, "categorisation"
        ),
    )
    kit.shutdown_hooks.append(http.aclose)
    config = kit.municipality.section("allocation", AllocationConfig)
    extend(
        app,
        AllocationState,
        settings=settings,
        config=config,
        categorisation=CategorisationClient(http),
        write_lock=asyncio.Lock() if db.is_sqlite(settings.effective_database_url) else None,
        letter_channel=sending.channel_for(
            config.letters,
            var_dir=settings.var_dir,
            adapter=digital_post,
            production=settings.is_production,
        ),
    )
    return app
