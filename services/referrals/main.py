"""The referrals app: `uvicorn services.referrals.main:create_app --factory`."""

import logging

from fastapi import FastAPI

import services.referrals as package
from services.kit.app import create_app as create_service_app
from services.kit.app import principal_router
from services.kit.letters import require_guidance
from services.kit.outbox import PrintChannel
from services.kit.state import extend, process_of, state_of
from services.referrals import ladder, metrics, outbox, routes
from services.referrals.config import ReferralsConfig, ReferralsSettings
from services.referrals.crypto import Cipher, generate_dev_key_file, load_cipher
from services.referrals.limits import MAX_BODY_BYTES, ReportThrottle
from services.referrals.rules.decisions import DECISION_TYPES
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


async def send_pending_letters(app: FastAPI) -> None:
    """Letters left pending by a stop between a decision's commit and its delivery go out at start."""
    state = state_of(app, ReferralsState)
    try:
        await outbox.deliver_pending(state.session_factory, cipher=state.cipher, channel=state.letter_channel)
    except Exception as exc:
        log.warning("pending letters were not sent at start: %s", type(exc).__name__)


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
        startup=[seed_ladder, send_pending_letters],
        max_body_bytes=MAX_BODY_BYTES,
    )
    kit = process_of(app)
    config = kit.municipality.section("referrals", ReferralsConfig)
    # No decision letter without complaint guidance (forvaltningsloven § 25): refuse to start instead.
    require_guidance("referrals", config.complaint_guidance, DECISION_TYPES)
    kit.metrics.register(*metrics.COLLECTORS)
    extend(
        app,
        ReferralsState,
        settings=settings,
        config=config,
        cipher=cipher,
        report_throttle=ReportThrottle(REPORTS_PER_WINDOW, REPORT_WINDOW_SECONDS, kit.rate_limits),
        letter_channel=PrintChannel(settings.letter_spool_path),
    )
    return app
