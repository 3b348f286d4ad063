"""Fixtures of the referrals tests: the app on each backend, the ladder seeded, role headers, factories."""

import re
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from gateway import main as gateway_main
from gateway.config import GatewaySettings
from gateway.pages.referrals import concern_form
from gateway.state import gateway_state
from services.kit.auth import Role
from services.kit.db import is_sqlite
from services.kit.state import process_of, state_of
from services.referrals import ladder
from services.referrals.config import ReferralsSettings
from services.referrals.limits import ReportThrottle
from services.referrals.main import REPORT_WINDOW_SECONDS, REPORTS_PER_WINDOW, create_app
from services.referrals.state import ReferralsState
from tests import support
from tests.conftest import serving
from tests.gateway.helpers import gateway_as_new
from tests.support import KeyPair, asgi_client

CPR = "0101901234"


def headers_for(keys: KeyPair, role: Role, name: str | None = None) -> dict[str, str]:
    """Bearer headers of a caller holding exactly `role` (machine roles as a client), signed once a run."""
    return support.headers_for(keys, role, name=name)


def report_body(**overrides: Any) -> dict[str, Any]:
    """A valid concern report (CONTRACT § 7) about a fictitious person."""
    body: dict[str, Any] = {
        "citizen": {
            "name": "Testa Testesen",
            "address": "Prøvevej 1, 2860 Søborg",
            "cpr": CPR,
            "phone": "12345678",
        },
        "concern": "Naboen har ikke været ude i tre uger og virker forvirret.",
        "acute_danger": False,
        "children_in_household": "unknown",
        "reporter": {"anonymous": False, "name": "Rita Reporter", "phone": "87654321", "relation": "nabo"},
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(body.get(key), dict):
            body[key] = {**body[key], **value}
        else:
            body[key] = value
    return body


@pytest.fixture(scope="session")
def referrals_app(
    database_urls: dict[str, str], keys: KeyPair, tmp_path_factory: pytest.TempPathFactory
) -> FastAPI:
    """One app per backend for the whole run: FastAPI prepares each route on its first request, and
    doing that once instead of in every test makes the suite many times faster. Each test still gets
    its own rolled-back transaction (`client`)."""
    var_dir = tmp_path_factory.mktemp("referrals-var")
    settings = ReferralsSettings(
        database_url=database_urls["referrals"],
        VAR_DIR=str(var_dir),
        JWT_PUBLIC_KEY_FILE=str(keys.public_path),
    )
    return create_app(settings)


@pytest.fixture
async def client(referrals_app: FastAPI, database_urls: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    """The referrals app in-process with the ladder seeded; every write rolled back after the test."""
    state_of(referrals_app, ReferralsState).report_throttle = ReportThrottle(
        REPORTS_PER_WINDOW, REPORT_WINDOW_SECONDS
    )
    async with serving(referrals_app, database_urls) as http:
        async with process_of(referrals_app).session_factory() as session:
            await ladder.seed(
                session, provider="Testkommune", contact_name="Råd & Indsats", contact_phone="39573900"
            )
            await session.commit()
        yield http


@pytest.fixture
def as_role(keys: KeyPair) -> Callable[[Role], dict[str, str]]:
    return lambda role: headers_for(keys, role)


@pytest.fixture
def caseworker(keys: KeyPair) -> dict[str, str]:
    return headers_for(keys, Role.CASEWORKER, "karen")


@pytest.fixture
def admin(keys: KeyPair) -> dict[str, str]:
    return headers_for(keys, Role.ADMIN)


@pytest.fixture
def manager(keys: KeyPair) -> dict[str, str]:
    return headers_for(keys, Role.MANAGER)


def table(app: FastAPI, name: str) -> str:
    """The table's name as raw SQL must spell it on this backend (schema-qualified on PostgreSQL)."""
    url = process_of(app).settings.effective_database_url
    return name if is_sqlite(url) else f"referrals.{name}"


async def raw_rows(app: FastAPI, name: str) -> list[dict[str, Any]]:
    """Every row of a table exactly as stored, read with plain SQL (no model, no decryption), in the order of
    its first column (the key): unordered, PostgreSQL returns updated rows where the update left them."""
    async with process_of(app).session_factory() as session:
        query = f"SELECT * FROM {table(app, name)} ORDER BY 1"  # noqa: S608 - our own names
        result = await session.execute(text(query))
        return [dict(row._mapping) for row in result]


async def execute(app: FastAPI, sql: str, **params: Any) -> None:
    """Run one statement in the test's transaction and keep its effect (a savepoint released)."""
    async with process_of(app).session_factory() as session:
        await session.execute(text(sql), params)
        await session.commit()


async def new_case(client: httpx.AsyncClient, caseworker: dict[str, str], **overrides: Any) -> dict[str, Any]:
    """A case taken in by a caseworker; returns the intake receipt (id, reference, follow_up_code)."""
    response = await client.post("/v1/cases", json=report_body(**overrides), headers=caseworker)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def step(
    client: httpx.AsyncClient, caseworker: dict[str, str], case_id: int, to: str, **extra: Any
) -> httpx.Response:
    return await client.post(
        f"/v1/cases/{case_id}/transitions",
        json={"to": to, "reason": f"til {to}", **extra},
        headers=caseworker,
    )


# The way of DOMAIN § 6.4 from an assigned case to the assessment.
TO_ASSESSMENT = ("outreach_planned", "outreach_done", "advice_support", "assessment")


async def walk(client: httpx.AsyncClient, caseworker: dict[str, str], case_id: int, to: str) -> None:
    """Take an assigned case along DOMAIN § 6.4 up to `to` (a state on the way to the assessment)."""
    for target in TO_ASSESSMENT[: TO_ASSESSMENT.index(to) + 1]:
        response = await step(client, caseworker, case_id, target)
        assert response.status_code == 200, response.text


async def assign(client: httpx.AsyncClient, caseworker: dict[str, str], case_id: int) -> None:
    response = await client.put(
        f"/v1/cases/{case_id}/assignment", json={"assignee": "user:karen"}, headers=caseworker
    )
    assert response.status_code == 200, response.text


# --- the gateway's pages, with the real referrals app as their upstream ---------------------------------


@pytest.fixture(scope="session")
def gateway_app(
    database_urls: dict[str, str],
    keys: KeyPair,
    referrals_app: FastAPI,
    tmp_path_factory: pytest.TempPathFactory,
) -> FastAPI:
    """The gateway in-process; its referrals upstream is the referrals app over ASGITransport."""
    settings = GatewaySettings(
        database_url=database_urls["gateway"],
        jwt_private_key_file=keys.private_path,
        VAR_DIR=str(tmp_path_factory.mktemp("gateway-var")),
    )
    app = gateway_main.create_app(settings)
    gateway_state(app).upstreams["referrals"] = httpx.AsyncClient(
        transport=httpx.ASGITransport(app=referrals_app), base_url="http://referrals"
    )
    return app


@pytest.fixture
async def pages(
    gateway_app: FastAPI, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    """A browser-like client of the gateway (cookies kept); the referrals writes are rolled back."""
    # A person needs seconds to fill in the form; the tests are faster. One test checks the real limit.
    monkeypatch.setattr(concern_form, "MIN_FILL_SECONDS", 0)
    # The app lives for the run; each test has it as new (its reports counted from nothing).
    async with gateway_as_new(gateway_app), asgi_client(gateway_app) as http:
        yield http


def log_in(pages: httpx.AsyncClient, keys: KeyPair, role: Role, name: str | None = None) -> None:
    """A browser session of a person with `role`, as the login form would leave it."""
    pages.cookies.set("session", headers_for(keys, role, name)["Authorization"].removeprefix("Bearer "))


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrftoken" value="([^"]+)"', html)
    assert match, "the page has no CSRF field"
    return match.group(1)


def started_of(html: str) -> str:
    match = re.search(r'name="started" value="([^"]+)"', html)
    assert match
    return match.group(1)
