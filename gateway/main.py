"""The gateway app: `uvicorn gateway.main:create_app --factory`."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware import Middleware
from fastapi.staticfiles import StaticFiles

from gateway import identity, proxy, tokens
from gateway.config import SERVICES, GatewayConfig, GatewaySettings
from gateway.errors import install_page_error_handlers
from gateway.i18n import load_catalogues
from gateway.pages import (
    admin,
    allocation,
    categorisation,
    home,
    login,
    municipality,
    operations,
    referrals,
)
from gateway.pages.referrals import concern_form
from gateway.security import CSRFMiddleware, SecurityHeadersMiddleware, TokenCORSMiddleware
from gateway.session import EndedSessionMiddleware, EndedSessions
from gateway.state import GatewayState, gateway_state
from gateway.throttle import LoginThrottle
from services.kit import app as kit_app
from services.kit.auth import TokenIssuer, TokenVerifier, generate_dev_keypair, read_pem, read_pems
from services.kit.observability import ReadinessCheck
from services.kit.state import extend, process_of

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
# Pages whose POST must carry the CSRF token even from a browser that has no cookie yet.
ALWAYS_CSRF = {"/login", "/logout", "/language"}
# The public concern form (no login, so often no cookie yet): referrals pages.
ALWAYS_CSRF |= {"/bekymring", "/bekymring/opfoelgning"}
# Page forms are small; the pass-through and the housing-data upload page carry files.
PAGE_BODY_BYTES = 1024 * 1024
UPLOAD_PAGE_BODY_BYTES = 30 * 1024 * 1024


def upstream_ready(name: str) -> ReadinessCheck:
    async def check(app: FastAPI) -> None:
        client = gateway_state(app).upstreams[name]
        response = await client.get("/readyz", timeout=2.0)
        response.raise_for_status()

    return check


async def refuse_demo_identities_in_production(app: FastAPI) -> None:
    settings = gateway_state(app).settings
    if settings.is_production:
        async with gateway_state(app).session_factory() as session:
            if await identity.demo_identities_present(session):
                raise RuntimeError("demo users or clients exist; production refuses to start with them")


def create_app(settings: GatewaySettings | None = None) -> FastAPI:
    """Build the gateway from the environment (or the given settings)."""
    settings = settings or GatewaySettings()
    identity.use_argon2_cost(settings)
    if settings.jwt_private_key_file is None and not settings.is_production:
        generate_dev_keypair(settings.keys_dir)
    issuer = TokenIssuer(
        read_pem(settings.private_key_path),
        issuer=settings.jwt_issuer,
        lifetime_seconds=settings.token_lifetime_seconds,
    )
    previous_keys = (
        read_pems(settings.jwt_previous_public_key_file) if settings.jwt_previous_public_key_file else []
    )
    verifier = TokenVerifier(
        [issuer.public_pem, *previous_keys], issuer=settings.jwt_issuer, audience=settings.audience
    )
    ended_sessions = EndedSessions(settings.token_lifetime_seconds)
    app = kit_app.create_app(
        settings,
        title="Gateway",
        description="Identity, tokens, staff pages and JSON pass-through to the services.",
        version="1.0.0",
        routers=[
            tokens.router,
            proxy.router,
            login.router,
            home.router,
            admin.router,
            operations.router,
            municipality.router,
            categorisation.router,
            allocation.router,
            referrals.router,
        ],
        verifier=verifier,
        readiness={name: upstream_ready(name) for name in SERVICES},
        startup=[refuse_demo_identities_in_production],
        docs_url=None,
        servers=None,  # the gateway is its own server; the services' documents name its /api prefix
        max_body_bytes=PAGE_BODY_BYTES,
        body_limits=[("/api", proxy.MAX_BODY_BYTES), ("/kategorisering/upload", UPLOAD_PAGE_BODY_BYTES)],
        # Inside the kit's request context (outermost first): a refusal here (a failed CSRF check)
        # still gets its request id, its access line and its count in /metrics.
        middleware=[
            # Other systems' bearer calls to /api skip what follows (pages only); see gateway/proxy.py.
            Middleware(
                proxy.BearerFastPath,
                ended=ended_sessions,
                refresh_seconds=settings.ended_sessions_refresh_seconds,
            ),
            Middleware(TokenCORSMiddleware, origins=settings.token_origins),
            Middleware(
                CSRFMiddleware,
                secret=settings.secret_key,
                secure=settings.is_production,
                always_protect=ALWAYS_CSRF,
            ),
            Middleware(
                EndedSessionMiddleware,
                ended=ended_sessions,
                refresh_seconds=settings.ended_sessions_refresh_seconds,
            ),
        ],
    )
    install_page_error_handlers(app)
    process = process_of(app)
    state = extend(
        app,
        GatewayState,
        config=process.municipality.section("gateway", GatewayConfig),
        token_issuer=issuer,
        previous_public_keys=previous_keys,
        login_throttle=LoginThrottle(
            settings.login_attempts,
            settings.login_window_seconds,
            settings.login_address_attempts,
            store=process.rate_limits,
        ),
        concern_form_throttle=concern_form.throttle(process.rate_limits),
        ended_sessions=ended_sessions,
        catalogues=load_catalogues(),
        upstreams=proxy.make_upstreams(settings, process.metrics),
        forwarder=proxy.make_forwarder(settings, process.metrics),
    )
    state.shutdown_hooks.extend(client.aclose for client in state.upstreams.values())
    state.shutdown_hooks.append(state.forwarder.aclose)

    app.mount("/static/vendor/dkfds", StaticFiles(directory=NODE_MODULES / "dkfds" / "dist"), name="dkfds")
    app.mount("/static/vendor/htmx", StaticFiles(directory=NODE_MODULES / "htmx.org" / "dist"), name="htmx")
    app.mount("/static", StaticFiles(directory=ROOT / "web" / "static"), name="static")
    # Outside everything, so that even an answer to an unexpected error carries the headers.
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.is_production)
    return app
