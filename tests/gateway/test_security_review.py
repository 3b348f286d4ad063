"""Fixes from the ASVS 5.0 review (docs/security.md): ended sessions, caching, CSP, input bounds, logging."""

import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from gateway.demo import DEMO_PASSWORD
from gateway.main import create_app
from gateway.session import SESSION_COOKIE, EndedSessions
from tests.gateway.conftest import SettingsFactory, running
from tests.gateway.helpers import PAGE, FakeService, log_in, password_grant, submit, user_id
from tests.support import asgi_client

NEW_PASSWORD = "correct-horse-battery"


async def test_logout_ends_the_token_not_only_the_cookie(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    """ASVS 7.4.1: a copy of the cookie taken before logout is no session afterwards."""
    await log_in(client, "admin")
    stolen = client.cookies[SESSION_COOKIE]
    assert (await client.get("/admin/users", headers=PAGE)).status_code == 200

    await submit(client, "/logout", {})
    client.cookies.set(SESSION_COOKIE, stolen)

    page = await client.get("/admin/users", headers=PAGE)
    assert page.status_code == 303
    assert page.headers["location"].startswith("/login")
    await client.get("/api/referrals/v1/me")
    assert "authorization" not in fakes["referrals"].last.headers


async def test_a_new_login_ends_the_session_it_replaces(client: httpx.AsyncClient) -> None:
    """ASVS 7.2.4: logging in anew issues a new token and ends the one the browser had."""
    await log_in(client, "admin")
    first = client.cookies[SESSION_COOKIE]

    await log_in(client, "admin")
    second = client.cookies[SESSION_COOKIE]
    assert second != first
    assert (await client.get("/admin/users", headers=PAGE)).status_code == 200

    client.cookies.delete(SESSION_COOKIE)
    client.cookies.set(SESSION_COOKIE, first)
    assert (await client.get("/admin/users", headers=PAGE)).status_code == 303


@pytest.fixture
async def admin(gateway_app: FastAPI, database_urls: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    async with running(gateway_app, database_urls) as http:
        assert (await log_in(http, "admin")).status_code == 303
        yield http


async def test_deactivating_a_person_ends_their_sessions_and_tokens(
    admin: httpx.AsyncClient, gateway_app: FastAPI, fakes: dict[str, FakeService]
) -> None:
    """ASVS 7.4.2: the browser session and the API token of a deactivated person stop at the gateway."""
    async with asgi_client(gateway_app) as browser:
        assert (await log_in(browser, "caseworker")).status_code == 303
        api_token = (await password_grant(browser, "caseworker")).json()["access_token"]
        assert (await browser.get("/", headers=PAGE)).status_code == 200

        caseworker = await user_id(gateway_app, "caseworker")
        assert (
            await submit(admin, f"/admin/users/{caseworker}/active", {"active": "false"})
        ).status_code == 303

        assert (await browser.get("/", headers=PAGE)).status_code == 303
        await browser.get("/api/referrals/v1/cases", headers={"Authorization": f"Bearer {api_token}"})
        assert "authorization" not in fakes["referrals"].last.headers
    # The administrator's own session is untouched.
    assert (await admin.get("/admin/users", headers=PAGE)).status_code == 200


async def test_a_new_password_ends_the_sessions_made_with_the_old_one(
    admin: httpx.AsyncClient, gateway_app: FastAPI
) -> None:
    """ASVS 7.4.3: after an administrator sets a new password, old sessions must log in again."""
    async with asgi_client(gateway_app) as browser:
        await log_in(browser, "manager")
        assert (await browser.get("/", headers=PAGE)).status_code == 200

        manager = await user_id(gateway_app, "manager")
        await submit(admin, f"/admin/users/{manager}/password", {"password": NEW_PASSWORD})

        assert (await browser.get("/", headers=PAGE)).status_code == 303


def test_ended_sessions_are_forgotten_once_their_tokens_would_have_expired() -> None:
    now = [1_000_000.0]
    ended = EndedSessions(lifetime_seconds=600, clock=lambda: now[0])
    assert not ended

    ended.end_token({"jti": "a", "exp": now[0] + 600})
    ended.end_subject("user:kim")
    assert ended.is_ended({"jti": "a", "sub": "user:other", "iat": now[0]})
    assert ended.is_ended({"jti": "b", "sub": "user:kim", "iat": now[0] - 5})
    # A token issued after the deactivation or reset (a new login) is good.
    assert not ended.is_ended({"jti": "c", "sub": "user:kim", "iat": now[0] + 5})

    now[0] += 3600
    ended.end_token({"jti": "z", "exp": now[0] + 600})
    assert not ended.is_ended({"jti": "a", "sub": "user:other", "iat": 0})
    assert not ended.is_ended({"jti": "b", "sub": "user:kim", "iat": 0})


@pytest.mark.parametrize(
    "form",
    [
        {"grant_type": "password", "username": "admin", "password": "x" * 257},
        {"grant_type": "password", "username": "a" * 65, "password": "demo"},
        {"grant_type": "client_credentials", "client_id": "c" * 65, "client_secret": "demo"},
        {"grant_type": "client_credentials", "client_id": "housing-org-demo", "client_secret": "s" * 257},
    ],
)
async def test_the_token_endpoint_refuses_overlong_credentials_before_hashing(
    client: httpx.AsyncClient, form: dict[str, str]
) -> None:
    """ASVS 2.2.1: the same bounds as the login form; 64-character passwords still pass (ASVS 6.2.9)."""
    response = await client.post("/auth/token", data=form)

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"] == "invalid_request"


async def test_a_64_character_password_is_accepted_as_typed(admin: httpx.AsyncClient) -> None:
    """ASVS 6.2.9 and 6.2.8: long passphrases work, unchanged (spaces and case included)."""
    passphrase = "Correct Horse Battery Staple and some more words to make 64 chr!"
    assert len(passphrase) == 64
    user = {"username": "lang", "display_name": "Lang Kode", "password": passphrase, "roles": ["analyst"]}
    assert (await submit(admin, "/admin/users", user)).status_code == 303

    assert (await password_grant(admin, "lang", passphrase)).status_code == 200
    assert (await password_grant(admin, "lang", passphrase.lower())).status_code == 400
    assert (await password_grant(admin, "lang", passphrase.strip("!"))).status_code == 400


async def test_token_and_api_answers_are_never_cached(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    """ASVS 14.3.2 and RFC 6749 § 5.1: tokens and JSON with personal data get Cache-Control: no-store."""
    token = await password_grant(client, "caseworker")
    assert token.status_code == 200
    assert token.headers["cache-control"] == "no-store"

    api = await client.get("/api/referrals/v1/cases", headers={"Authorization": "Bearer x"})
    assert api.headers["cache-control"] == "no-store"

    fakes["referrals"].respond = lambda _r: httpx.Response(
        200, json={}, headers={"cache-control": "max-age=60"}
    )
    assert (await client.get("/api/referrals/v1/offers")).headers["cache-control"] == "max-age=60"


async def test_static_files_may_still_be_cached(client: httpx.AsyncClient) -> None:
    response = await client.get("/static/vendor/htmx/htmx.min.js")

    assert response.status_code == 200
    assert response.headers.get("cache-control") != "no-store"


async def test_the_policy_forbids_base_tags_plugins_and_framing(client: httpx.AsyncClient) -> None:
    """ASVS 3.4.3 and 3.4.6: base-uri 'none', object-src 'none', frame-ancestors 'none'."""
    csp = (await client.get("/login", headers=PAGE)).headers["content-security-policy"]

    assert "base-uri 'none'" in csp
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp


async def test_authentication_outcomes_are_logged_without_the_secret(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    """ASVS 16.3.1: successes and failures of both grants and the login form, never the password."""
    caplog.set_level(logging.INFO, logger="gateway")
    await password_grant(client, "analyst", "not-the-password-123")
    await password_grant(client, "nobody", "not-the-password-456")
    await log_in(client, "analyst", DEMO_PASSWORD)
    await client.post(
        "/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "housing-org-demo",
            "client_secret": "wrong-789",
        },
    )

    messages = [r.getMessage() for r in caplog.records if r.name == "gateway.identity"]
    assert "authentication failed: user 'analyst' (wrong password)" in messages
    assert "authentication failed: user 'nobody' (unknown name)" in messages
    assert "authentication succeeded: user:analyst by password" in messages
    assert "authentication failed: client 'housing-org-demo' (wrong secret)" in messages
    logged = " ".join(messages)
    assert "not-the-password" not in logged
    assert "wrong-789" not in logged


@pytest.fixture
def strict_app(gateway_settings: SettingsFactory) -> FastAPI:
    """One failure allowed; built before the test, so caplog's handler outlives the app's logging setup."""
    return create_app(gateway_settings(login_attempts=1))


async def test_a_lockout_is_logged(
    strict_app: FastAPI, database_urls: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    """ASVS 16.3.3: attempts the throttle refuses are security events too."""
    caplog.set_level(logging.WARNING, logger="gateway.throttle")
    async with running(strict_app, database_urls) as http:
        await password_grant(http, "officer", "wrong-password-1")
        refused = await password_grant(http, "officer", "wrong-password-2")

    assert refused.status_code == 429
    assert any("locked out: 'officer'" in r.getMessage() for r in caplog.records)


async def test_a_failed_csrf_check_is_logged(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    """ASVS 16.3.3: a post without the CSRF token is refused and written down."""
    caplog.set_level(logging.WARNING, logger="gateway.security")

    response = await client.post(
        "/login", data={"username": "admin", "password": DEMO_PASSWORD}, headers=PAGE
    )

    assert response.status_code == 403
    assert any(r.getMessage().startswith("CSRF check failed: POST /login") for r in caplog.records)


async def test_logout_asks_the_browser_to_clear_what_it_kept(client: httpx.AsyncClient) -> None:
    """ASVS 14.3.1: cached pages and storage of the session go when it ends."""
    await log_in(client, "caseworker")

    response = await submit(client, "/logout", {})

    assert response.headers["clear-site-data"] == '"cache", "storage"'


def test_uploaded_workbooks_are_parsed_without_entity_expansion() -> None:
    """ASVS 1.5.1 and 5.2.2: openpyxl reads XLSX through defusedxml, a runtime dependency now."""
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


async def test_trace_is_not_served(client: httpx.AsyncClient) -> None:
    """ASVS 13.4.4."""
    for path in ("/", "/login", "/api/referrals/v1/offers"):
        assert (await client.request("TRACE", path)).status_code == 405


async def test_a_callers_forwarded_for_header_is_replaced_by_the_gateways_view(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    """ASVS 4.1.3: the services' per-client limits see the address the gateway saw, not one typed in."""
    await client.get("/api/referrals/v1/offers", headers={"X-Forwarded-For": "203.0.113.9"})

    assert fakes["referrals"].last.headers["x-forwarded-for"] != "203.0.113.9"
    assert "203.0.113.9" not in fakes["referrals"].last.headers["x-forwarded-for"]
