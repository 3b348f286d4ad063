"""Helpers shared by the test packages: keys, tokens, databases, in-process app clients."""

import functools
import os
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from fastapi import FastAPI
from jose import jwt
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.kit import db
from services.kit.auth import ALGORITHM, MACHINE_ROLES, Principal, Role, TokenIssuer
from services.kit.state import process_of

ISSUER = "urn:kommune:gateway"
ALL_AUDIENCES = [f"urn:kommune:{n}" for n in ("gateway", "categorisation", "allocation", "referrals")]


# Argon2 at its lowest cost for every gateway of the run, in-process or a process of a test stack: tests hash
# and verify the demo passwords thousands of times. The gateway's own defaults are the strong cost (a test in
# tests/gateway/test_settings.py holds them there).
FAST_ARGON2 = {
    "GATEWAY_ARGON2_TIME_COST": "1",
    "GATEWAY_ARGON2_MEMORY_KIB": "8",
    "GATEWAY_ARGON2_PARALLELISM": "1",
}


def env_flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0", "false", "no")


@dataclass
class KeyPair:
    private_pem: bytes
    public_pem: bytes
    private_path: Path
    public_path: Path


def make_keypair(directory: Path) -> KeyPair:
    directory.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (directory / "private.pem").write_bytes(private_pem)
    (directory / "public.pem").write_bytes(public_pem)
    return KeyPair(private_pem, public_pem, directory / "private.pem", directory / "public.pem")


def token_for(
    keys: KeyPair,
    *roles: Role,
    subject: str = "user:tester",
    kind: str = "user",
    housing_org: str | None = None,
    audience: list[str] | str | None = None,
    issuer: str = ISSUER,
    lifetime: int = 600,
    **claims: Any,
) -> str:
    """A token signed like the gateway's; every claim can be bent to test rejection."""
    now = int(time.time())
    body: dict[str, Any] = {
        "iss": issuer,
        "sub": subject,
        "aud": ALL_AUDIENCES if audience is None else audience,
        "iat": now,
        "nbf": now,
        "exp": now + lifetime,
        "kind": kind,
        "name": subject,
        "roles": [r.value for r in roles],
        **claims,
    }
    if housing_org:
        body["housing_org"] = housing_org
    return jwt.encode(body, signing_key(keys.private_pem), algorithm=ALGORITHM)


@functools.cache
def signing_key(private_pem: bytes) -> PrivateKeyTypes:
    """The loaded private key: loading (and checking) an RSA key takes about a fifth of a second, signing
    with a loaded one a few milliseconds, and tests sign thousands of tokens."""
    return serialization.load_pem_private_key(private_pem, password=None)


# Callers' tokens, signed once per run (and per test worker): most tests only need to be somebody.
_TOKENS: dict[tuple[bytes, Role, str, str, str | None], str] = {}
CACHED_TOKEN_LIFETIME = 6 * 3600  # longer than any run, so a cached token never expires mid-run


def cached_token(
    keys: KeyPair, role: Role, *, subject: str, kind: str, housing_org: str | None = None
) -> str:
    """A token of `subject` holding exactly `role`, made once and reused by every later caller."""
    key = (keys.private_pem, role, subject, kind, housing_org)
    if key not in _TOKENS:
        _TOKENS[key] = token_for(
            keys, role, subject=subject, kind=kind, housing_org=housing_org, lifetime=CACHED_TOKEN_LIFETIME
        )
    return _TOKENS[key]


def headers_for(
    keys: KeyPair, role: Role, *, name: str | None = None, housing_org: str | None = None
) -> dict[str, str]:
    """Bearer headers of a caller holding exactly `role` (machine roles as a client), from the token cache.

    The subject is `<kind>:<name or role>`, with `:<housing organisation>` when the caller speaks for one.
    """
    kind = "client" if role in MACHINE_ROLES else "user"
    subject = f"{kind}:{name or role.value}" + (f":{housing_org}" if housing_org else "")
    return bearer(cached_token(keys, role, subject=subject, kind=kind, housing_org=housing_org))


def issuer_for(keys: KeyPair) -> TokenIssuer:
    return TokenIssuer(keys.private_pem, issuer=ISSUER, lifetime_seconds=600)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def principal(*roles: Role, subject: str = "user:tester") -> Principal:
    return Principal(subject=subject, kind="user", name=subject, roles=frozenset(roles))


# --- databases -------------------------------------------------------------------------------------


def postgres_url_or_skip() -> str:
    """TEST_DATABASE_URL, or a skip; with REQUIRE_POSTGRES=1 a missing or silent server fails."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        if env_flag("REQUIRE_POSTGRES"):
            pytest.fail("REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
        pytest.skip("TEST_DATABASE_URL is not set, so the PostgreSQL variant does not run")
    try:
        engine = create_engine(db.sync_url(url), connect_args={"connect_timeout": 5})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:
        if env_flag("REQUIRE_POSTGRES"):
            pytest.fail(f"REQUIRE_POSTGRES=1 but PostgreSQL does not answer: {exc}")
        pytest.skip(f"PostgreSQL at TEST_DATABASE_URL does not answer: {type(exc).__name__}")
    return url


def create_scratch_database(server_url: str) -> str:
    """A fresh database on the test server, so runs never see each other's tables."""
    name = f"kb_test_{uuid.uuid4().hex[:10]}"
    engine = create_engine(db.sync_url(server_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_scratch_database(server_url: str, url: str) -> None:
    name = make_url(url).database
    engine = create_engine(db.sync_url(server_url), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@asynccontextmanager
async def rolled_back(app: FastAPI, url: str, schema: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Point `app` at one connection inside an outer transaction that is rolled back afterwards.

    The app's own commits become savepoint releases, so each test sees its writes and leaves none.
    """
    engine = db.create_engine(url, schema=schema)
    async with engine.connect() as conn:
        outer = await conn.begin()
        factory = async_sessionmaker(
            bind=conn, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
        process = process_of(app)
        original = process.session_factory
        # TRANSITION (issue 11): the loose app.state copy too, while tests still read it.
        process.session_factory = factory
        try:
            yield factory
        finally:
            process.session_factory = original
            await outer.rollback()
    await engine.dispose()


def renew(held: object, fresh: object) -> None:
    """Turn `held` into `fresh` in place, for whoever holds it (a middleware, a throttle, an endpoint)."""
    vars(held).clear()
    vars(held).update(vars(fresh))


@asynccontextmanager
async def as_new(app: FastAPI) -> AsyncIterator[FastAPI]:
    """An app made once for the run, for one test as if it had just been made.

    Made per test, an app costs a quarter of a second to build and as much again for FastAPI to prepare
    each route on its first request; reused, a few milliseconds. What a new app would not have is taken
    away here: metrics and throttle counts start from zero, the middleware is built anew, and whatever
    the test sets on the app's state, its process state or its dependency overrides is undone after it.
    """
    process = process_of(app)
    state = dict(app.state._state)
    fields = dict(vars(process))
    lists = {name: list(value) for name, value in fields.items() if isinstance(value, list)}
    overrides = dict(app.dependency_overrides)
    renew(process.metrics, process.metrics.renewed())
    await process.rate_limits.reset()
    app.middleware_stack = None
    try:
        yield app
    finally:
        app.state._state.clear()
        app.state._state.update(state)
        vars(process).clear()
        vars(process).update(fields)
        for name, items in lists.items():
            fields[name][:] = items
        app.dependency_overrides.clear()
        app.dependency_overrides.update(overrides)


def asgi_client(app: FastAPI, base_url: str = "http://testserver") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)
