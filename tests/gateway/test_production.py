"""The gateway built with production settings: no start with demo identities, Secure cookies, HSTS."""

from collections.abc import AsyncIterator
from http.cookies import SimpleCookie
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from gateway import demo, identity
from gateway.main import create_app, refuse_demo_identities_in_production
from gateway.security import CSRF_COOKIE
from gateway.session import SESSION_COOKIE
from services.kit.auth import Role
from services.kit.state import process_of
from tests.conftest import serving
from tests.gateway.helpers import PAGE, production_settings
from tests.support import KeyPair

PASSWORD = "a-long-production-password"


@pytest.fixture
def production_app(monkeypatch: pytest.MonkeyPatch, var_dir: Path, keys: KeyPair) -> FastAPI:
    """The production gateway; its database URL names a server the tests swap for the test database."""
    monkeypatch.setenv("APP_ENV", "production")
    return create_app(production_settings(keys))


@pytest.fixture
async def production(
    production_app: FastAPI, database_urls: dict[str, str]
) -> AsyncIterator[httpx.AsyncClient]:
    async with serving(production_app, database_urls) as client:
        yield client


async def test_startup_refuses_while_demo_identities_exist(
    production_app: FastAPI, production: httpx.AsyncClient
) -> None:
    async with process_of(production_app).session_factory() as session:
        await demo.load(session)
        await session.commit()

    with pytest.raises(RuntimeError, match="demo users or clients exist"):
        async with production_app.router.lifespan_context(production_app):
            pytest.fail("the gateway started with demo identities in production")


async def test_startup_proceeds_without_demo_identities(
    production_app: FastAPI, production: httpx.AsyncClient
) -> None:
    async with process_of(production_app).session_factory() as session:
        await identity.create_user(
            session, username="operator", display_name="Operator", roles=[Role.ADMIN], password=PASSWORD
        )
        await session.commit()

    await refuse_demo_identities_in_production(production_app)


async def test_development_starts_with_demo_identities(
    gateway_app: FastAPI, database_urls: dict[str, str]
) -> None:
    async with serving(gateway_app, database_urls):
        async with process_of(gateway_app).session_factory() as session:
            await demo.load(session)
            await session.commit()

        await refuse_demo_identities_in_production(gateway_app)


async def test_production_cookies_are_secure_and_hsts_is_sent(
    production_app: FastAPI, production: httpx.AsyncClient
) -> None:
    async with process_of(production_app).session_factory() as session:
        await identity.create_user(
            session, username="operator", display_name="Operator", roles=[Role.ADMIN], password=PASSWORD
        )
        await session.commit()

    page = await production.get("/login", headers=PAGE)
    csrf = SimpleCookie(page.headers["set-cookie"])[CSRF_COOKIE]
    # httpx keeps Secure cookies away from http://, as a browser would; send it back by hand.
    login = await production.post(
        "/login",
        data={"username": "operator", "password": PASSWORD, "csrftoken": csrf.value},
        headers={**PAGE, "Cookie": f"{CSRF_COOKIE}={csrf.value}"},
    )

    assert page.headers["strict-transport-security"].startswith("max-age=")
    assert csrf["secure"]
    assert login.status_code == 303
    session_cookie = SimpleCookie(login.headers["set-cookie"])[SESSION_COOKIE]
    assert session_cookie["secure"]
    assert session_cookie["httponly"]
