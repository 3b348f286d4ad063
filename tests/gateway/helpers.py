"""Helpers of the gateway tests: browser-style form posts with the CSRF token, tokens, fake services."""

import weakref
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from gateway.actors import ActorNames
from gateway.config import GatewaySettings
from gateway.demo import DEMO_PASSWORD
from gateway.models import User
from gateway.security import CSRF_COOKIE
from gateway.session import EndedSessions
from gateway.state import gateway_state
from services.kit.state import process_of
from tests.support import KeyPair, as_new, renew

# What a browser sends: the gateway answers pages (redirects, error pages) only when HTML is accepted.
PAGE = {"Accept": "text/html,application/xhtml+xml"}
HTMX = {**PAGE, "HX-Request": "true"}
DEMO_USERNAMES = ("admin", "analyst", "officer", "caseworker", "manager")
# Production settings are only inspected, never connected to: the tests swap in the test database.
POSTGRES = "postgresql://gateway@db.internal:5432/kommune"
STRONG_SECRET = "k3Jf9-" * 8


async def csrf_token(client: httpx.AsyncClient) -> str:
    """The CSRF cookie a browser gets with its first page; fetched once, then reused."""
    if CSRF_COOKIE not in client.cookies:
        response = await client.get("/login", headers=PAGE)
        assert CSRF_COOKIE in response.cookies, response.headers
    return str(client.cookies[CSRF_COOKIE])


async def submit(client: httpx.AsyncClient, url: str, data: dict[str, Any], **headers: str) -> httpx.Response:
    """A form post as the page's own form sends it: with the CSRF token in the hidden field."""
    token = await csrf_token(client)
    return await client.post(url, data={**data, "csrftoken": token}, headers={**PAGE, **headers})


async def log_in(
    client: httpx.AsyncClient, username: str, password: str = DEMO_PASSWORD, next: str = "/"
) -> httpx.Response:
    return await submit(client, "/login", {"username": username, "password": password, "next": next})


async def password_grant(
    client: httpx.AsyncClient, username: str, password: str = DEMO_PASSWORD
) -> httpx.Response:
    return await client.post(
        "/auth/token", data={"grant_type": "password", "username": username, "password": password}
    )


async def user_id(app: FastAPI, username: str) -> int:
    async with process_of(app).session_factory() as session:
        found = await session.scalar(select(User.id).where(User.username == username))
    assert found is not None, f"no user {username!r}"
    return int(found)


def production_settings(keys: KeyPair, **overrides: Any) -> GatewaySettings:
    """Settings that pass every production check (APP_ENV=production must be set by the caller)."""
    fields: dict[str, Any] = {
        "database_url": POSTGRES,
        "jwt_private_key_file": keys.private_path,
        "secret_key": STRONG_SECRET,
        **overrides,
    }
    return GatewaySettings(**fields)


Responder = Callable[[httpx.Request], httpx.Response]


class FakeService:
    """An upstream faked at the transport: records what the gateway sent and answers with `respond`."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.respond: Responder = lambda _request: httpx.Response(200, json={"status": "ok"})

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.respond(request)

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "the service was never called"
        return self.requests[-1]


def plug_upstream(app: FastAPI, name: str, transport: httpx.AsyncBaseTransport) -> None:
    """Point the gateway's client for service `name` at `transport`."""
    gateway_state(app).upstreams[name] = httpx.AsyncClient(transport=transport, base_url="http://svc")


# The upstream clients of gateways made once for the run: they serve test after test, so nothing closes them.
KEPT_UPSTREAMS: "weakref.WeakSet[httpx.AsyncClient]" = weakref.WeakSet()


@asynccontextmanager
async def gateway_as_new(app: FastAPI) -> AsyncIterator[FastAPI]:
    """A gateway made once for the run, for one test as if it had just been made (`as_new`): no ended
    sessions, and its own upstream clients, which the test may replace (the replacements are closed after).
    """
    async with as_new(app):
        state = gateway_state(app)
        renew(state.ended_sessions, EndedSessions(state.settings.token_lifetime_seconds))
        renew(state.actor_names, ActorNames())  # names are read from this test's identities
        own = state.upstreams
        KEPT_UPSTREAMS.update(own.values())
        state.upstreams = dict(own)  # `as_new` puts the run's dictionary back afterwards
        try:
            yield app
        finally:
            await close_upstreams(app)


async def close_upstreams(app: FastAPI) -> None:
    """Close the upstream clients made for one test (the lifespan, which would, does not run in-process)."""
    for upstream in gateway_state(app).upstreams.values():
        if upstream not in KEPT_UPSTREAMS:
            await upstream.aclose()
