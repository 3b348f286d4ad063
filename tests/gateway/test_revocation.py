"""A session that ended is refused by every service, for a token presented directly, within the poll
interval (CONTRACT § 2: within 60 s); and by every gateway replica within its refresh interval.

The services poll the gateway's `GET /auth/revocations` (services/kit/revocation.py); the interval is a
setting, short here so the test need not wait a minute.
"""

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from gateway.main import create_app
from gateway.session import SESSION_COOKIE
from services.allocation.config import AllocationSettings
from services.allocation.main import create_app as create_allocation
from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app as create_categorisation
from services.kit.revocation import RevocationList, http_source, polling
from services.kit.state import process_of
from services.referrals.config import ReferralsSettings
from services.referrals.main import create_app as create_referrals
from tests.gateway.conftest import SettingsFactory, running
from tests.gateway.helpers import PAGE, FakeService, log_in, password_grant, submit, user_id
from tests.support import asgi_client, bearer

POLL_SECONDS = 0.3
# Fetching the list runs the gateway in-process on a machine other tests share: allow for that.
FETCH_ALLOWANCE = 2.0
SERVICE_APPS: dict[str, tuple[Callable[..., FastAPI], type[Any]]] = {
    "categorisation": (create_categorisation, CategorisationSettings),
    "allocation": (create_allocation, AllocationSettings),
    "referrals": (create_referrals, ReferralsSettings),
}


class OneAtATime(httpx.AsyncBaseTransport):
    """The test's gateway runs on one rolled-back connection: its requests must not overlap."""

    def __init__(self, app: FastAPI, lock: asyncio.Lock) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.lock = lock

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        async with self.lock:
            return await self.inner.handle_async_request(request)


@pytest.fixture(params=sorted(SERVICE_APPS))
def service_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def service(
    service_name: str, service_settings: Callable[[type[Any]], Any], monkeypatch: pytest.MonkeyPatch
) -> FastAPI:
    monkeypatch.setenv("REVOCATION_REFRESH_SECONDS", str(POLL_SECONDS))
    create, settings = SERVICE_APPS[service_name]
    return create(service_settings(settings))


@asynccontextmanager
async def gateway_and_service(
    gateway_app: FastAPI, service: FastAPI, database_urls: dict[str, str]
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, asyncio.Lock]]:
    """A browser at the gateway and a direct caller at the service, which polls the gateway's list."""
    lock = asyncio.Lock()
    async with (
        running(gateway_app, database_urls),
        httpx.AsyncClient(transport=OneAtATime(gateway_app, lock), base_url="http://gw") as browser,
        httpx.AsyncClient(transport=OneAtATime(gateway_app, lock), base_url="http://gw") as poller,
        asgi_client(service) as direct,
    ):
        revocations: RevocationList = process_of(service).revocations
        assert revocations.refresh_seconds == POLL_SECONDS
        # The same list client the kit builds, pointed at the in-process gateway.
        revocations.source = http_source("http://gw/auth/revocations", poller)
        async with polling(revocations):
            yield browser, direct, lock
    await process_of(service).engine.dispose()


async def refused_within(direct: httpx.AsyncClient, token: str, seconds: float) -> float:
    """How long until the service refuses `token` at GET /v1/me; fails if it takes longer than `seconds`."""
    started = time.monotonic()
    while True:
        response = await direct.get("/v1/me", headers=bearer(token))
        elapsed = time.monotonic() - started
        if response.status_code == 401:
            assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
            assert response.json()["detail"] == "The access token was ended (log-out or deactivation)."
            return elapsed
        assert response.status_code == 200, response.text
        assert elapsed < seconds, f"the service still accepted the ended token after {elapsed:.1f} s"
        await asyncio.sleep(0.05)


async def test_a_logged_out_session_token_is_refused_by_the_service_within_the_interval(
    gateway_app: FastAPI, service: FastAPI, database_urls: dict[str, str]
) -> None:
    async with gateway_and_service(gateway_app, service, database_urls) as (browser, direct, _lock):
        assert (await log_in(browser, "admin")).status_code == 303
        copied = browser.cookies[SESSION_COOKIE]
        # The control: a copy of the session token works at the service directly.
        assert (await direct.get("/v1/me", headers=bearer(copied))).status_code == 200

        assert (await submit(browser, "/logout", {})).status_code == 303

        await refused_within(direct, copied, POLL_SECONDS + FETCH_ALLOWANCE)


async def test_a_deactivated_persons_api_token_is_refused_by_the_service_within_the_interval(
    gateway_app: FastAPI, service: FastAPI, database_urls: dict[str, str]
) -> None:
    async with gateway_and_service(gateway_app, service, database_urls) as (admin, direct, lock):
        token = (await password_grant(admin, "caseworker")).json()["access_token"]
        other = (await password_grant(admin, "analyst")).json()["access_token"]
        assert (await direct.get("/v1/me", headers=bearer(token))).status_code == 200
        assert (await log_in(admin, "admin")).status_code == 303

        async with lock:  # the database, read directly: not while the poller reads it
            caseworker = await user_id(gateway_app, "caseworker")
        response = await submit(admin, f"/admin/users/{caseworker}/active", {"active": "false"})
        assert response.status_code == 303

        await refused_within(direct, token, POLL_SECONDS + FETCH_ALLOWANCE)
        # Someone else's token is untouched.
        assert (await direct.get("/v1/me", headers=bearer(other))).status_code == 200


async def test_the_list_holds_token_ids_and_expiry_only(client: httpx.AsyncClient) -> None:
    """It is public like the JWKS: nothing in it names a person."""
    await log_in(client, "manager")
    await submit(client, "/logout", {})

    response = await client.get("/auth/revocations")

    assert response.status_code == 200
    (entry,) = response.json()["revoked"]
    assert set(entry) == {"jti", "exp"}
    assert "manager" not in response.text


async def test_a_session_ended_at_one_gateway_replica_is_refused_by_another(
    gateway_settings: SettingsFactory, database_urls: dict[str, str]
) -> None:
    one = create_app(gateway_settings(ended_sessions_refresh_seconds=POLL_SECONDS))
    other = create_app(gateway_settings(ended_sessions_refresh_seconds=POLL_SECONDS))
    async with running(one, database_urls) as browser:
        # The replicas share one database (here: the test's rolled-back connection).
        process_of(other).session_factory = process_of(one).session_factory
        async with asgi_client(other) as at_other:
            await log_in(browser, "admin")
            cookie = {"Cookie": f"{SESSION_COOKIE}={browser.cookies[SESSION_COOKIE]}"}
            assert (await at_other.get("/admin/users", headers={**PAGE, **cookie})).status_code == 200

            await submit(browser, "/logout", {})
            await asyncio.sleep(POLL_SECONDS)

            page = await at_other.get("/admin/users", headers={**PAGE, **cookie})
            assert page.status_code == 303
            assert page.headers["location"].startswith("/login")
        await process_of(other).engine.dispose()


async def test_an_api_client_revokes_its_own_token_everywhere(
    gateway_app: FastAPI, service: FastAPI, database_urls: dict[str, str], fakes: dict[str, FakeService]
) -> None:
    """RFC 7009: the API client's log-out. At the gateway at once, at the service within the interval."""
    async with gateway_and_service(gateway_app, service, database_urls) as (api_client, direct, _lock):
        token = (await password_grant(api_client, "analyst")).json()["access_token"]
        assert (await direct.get("/v1/me", headers=bearer(token))).status_code == 200

        revoked = await api_client.post(
            "/auth/revoke", data={"token": token, "token_type_hint": "access_token"}
        )

        assert revoked.status_code == 200
        assert revoked.headers["cache-control"] == "no-store"
        await api_client.get("/api/referrals/v1/me", headers=bearer(token))
        assert "authorization" not in fakes["referrals"].last.headers
        await refused_within(direct, token, POLL_SECONDS + FETCH_ALLOWANCE)


async def test_revoking_tells_nothing_about_the_token(client: httpx.AsyncClient) -> None:
    """RFC 7009 § 2.2: an invalid token is answered like a valid one; a missing one is invalid_request."""
    assert (await client.post("/auth/revoke", data={"token": "not-a-token"})).status_code == 200
    missing = await client.post("/auth/revoke", data={})
    assert missing.status_code == 400
    assert missing.json()["error"] == "invalid_request"
    assert "revocation_endpoint" in (await client.get("/.well-known/oauth-authorization-server")).json()
