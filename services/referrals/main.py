"""The referrals app: `uvicorn services.referrals.main:create_app --factory`."""

import logging

from fastapi import FastAPI

import services.referrals as package
from services.kit.app import create_app as create_service_app
from services.kit.app import principal_router
from services.kit.state import extend, process_of, state_of
from services.referrals import ladder, routes
from services.referrals.config import ReferralsConfig, ReferralsSettings
from services.referrals.crypto import Cipher, generate_dev_key_file, load_cipher
from services.referrals.limits import MAX_BODY_BYTES, ReportThrottle
from services.referrals.state import ReferralsState

log = logging.getLogger(__name__)
REPORTS_PER_WINDOW, REPORT_WINDOW_SECONDS = 30, 3600


def cipher_for(settings: ReferralsSettings) -> Cipher:
    """The keys for personal data; in development they are generated once under VAR_DIR/keys."""
    if settings.encryption_keys_file is None and not settings.is_production:
        generate_dev_key_file(settings.encryption_keys_path)
    return load_cipher(settings.encryption_keys_path)


async def seed_ladder(app: FastAPI) -> None:
    """Put the ladder of offers (DOMAIN § 6.5) into an empty catalogue; a missing database only warns."""
    state = state_of(app, ReferralsState)
    config = state.config
    try:
        async with state.session_factory() as session:
            await ladder.seed_once(
                session,
                provider=state.municipality.name,
                contact_name=config.single_entry_name,
                contact_phone=config.single_entry_phone,
                place=ladder.place(config),
            )
    except Exception as exc:
        log.warning("the ladder of offers was not seeded: %s", type(exc).__name__)


def create_app(settings: ReferralsSettings | None = None) -> FastAPI:
    """Build the referrals app from the environment (or the given settings)."""
    settings = settings or ReferralsSettings()
    cipher = cipher_for(settings)
    app = create_service_app(
        settings,
        title="Referrals service",
        description=" ".join((package.__doc__ or "").split()),
        version="1.0.0",
        openapi_tags=routes.TAGS,
        routers=[principal_router(), routes.router],
        startup=[seed_ladder],
        max_body_bytes=MAX_BODY_BYTES,
    )
    kit = process_of(app)
    extend(
        app,
        ReferralsState,
        settings=settings,
        config=kit.municipality.section("referrals", ReferralsConfig),
        cipher=cipher,
        report_throttle=ReportThrottle(REPORTS_PER_WINDOW, REPORT_WINDOW_SECONDS, kit.rate_limits),
    )
    return app
