"""The referrals app: `uvicorn services.referrals.main:create_app --factory`."""

from fastapi import FastAPI

import services.referrals as package
from services.kit.app import create_app as create_service_app
from services.kit.app import principal_router
from services.referrals.config import ReferralsConfig, ReferralsSettings
from services.referrals.router import router


def create_app(settings: ReferralsSettings | None = None) -> FastAPI:
    """Build the referrals app from the environment (or the given settings)."""
    settings = settings or ReferralsSettings()
    app = create_service_app(
        settings,
        title="Referrals service",
        description=" ".join((package.__doc__ or "").split()),
        version="1.0.0",
        routers=[principal_router(), router],
    )
    app.state.config = app.state.municipality.section("referrals", ReferralsConfig)
    return app
