"""The categorisation app: `uvicorn services.categorisation.main:create_app --factory`."""

from fastapi import FastAPI

import services.categorisation as package
from services.categorisation import routes
from services.categorisation.config import CategorisationConfig, CategorisationSettings
from services.categorisation.dependencies import MAX_UPLOAD_BYTES
from services.categorisation.state import CategorisationState
from services.kit.app import create_app as create_service_app
from services.kit.app import principal_router
from services.kit.state import extend, process_of

UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024


def create_app(settings: CategorisationSettings | None = None) -> FastAPI:
    """Build the categorisation app from the environment (or the given settings)."""
    settings = settings or CategorisationSettings()
    app = create_service_app(
        settings,
        title="Categorisation service",
        description=" ".join((package.__doc__ or "").split()),
        version="1.0.0",
        openapi_tags=routes.TAGS,
        routers=[principal_router(), routes.router],
        # Files come as multipart: room for the form's own framing above the file limit the route checks.
        body_limits=[(path, UPLOAD_BODY_BYTES) for path in ("/v1/housing-data", "/v1/official-designations")],
    )
    config = process_of(app).municipality.section("categorisation", CategorisationConfig)
    extend(app, CategorisationState, config=config)
    return app
