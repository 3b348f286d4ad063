"""Helpers shared by the test packages: keys, tokens, databases, in-process app clients."""

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
from fastapi import FastAPI
from jose import jwt
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.kit import db
from services.kit.auth import ALGORITHM, Principal, Role, TokenIssuer
from services.kit.state import process_of

ISSUER = "urn:kommune:gateway"
ALL_AUDIENCES = [f"urn:kommune:{n}" for n in ("gateway", "categorisation", "allocation", "referrals")]


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
    return jwt.encode(body, keys.private_pem.decode(), algorithm=ALGORITHM)


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
        process.session_factory = app.state.session_factory = factory
        try:
            yield factory
        finally:
            process.session_factory = app.state.session_factory = original
            await outer.rollback()
    await engine.dispose()


def asgi_client(app: FastAPI, base_url: str = "http://testserver") -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)
