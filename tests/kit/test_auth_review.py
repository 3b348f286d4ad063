"""Token checks and security events from the ASVS 5.0 review (docs/security.md, V9 and V16)."""

import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import Depends, FastAPI
from jose import jwt

from services.kit.auth import (
    ALGORITHM,
    Principal,
    Role,
    TokenIssuer,
    TokenVerifier,
    generate_dev_keypair,
    jwk,
    read_pem,
    require_roles,
)
from services.kit.errors import Unauthorized, install_error_handlers
from tests.support import ALL_AUDIENCES, ISSUER, KeyPair, asgi_client, bearer, token_for

AUDIENCE = "urn:kommune:allocation"


def verifier(keys: KeyPair) -> TokenVerifier:
    return TokenVerifier(keys.public_pem, issuer=ISSUER, audience=AUDIENCE)


def test_a_key_carried_in_the_token_header_is_not_trusted(keys: KeyPair, other_keys: KeyPair) -> None:
    """ASVS 9.1.3: only the configured key verifies; a `jwk` or `jku` header names no key we use."""
    token = token_for(other_keys, Role.ADMIN, audience=[AUDIENCE])
    forged = jwt.encode(
        jwt.get_unverified_claims(token),
        other_keys.private_pem.decode(),
        algorithm=ALGORITHM,
        headers={"jwk": jwk(other_keys.public_pem), "jku": "https://attacker.example/jwks.json"},
    )

    with pytest.raises(Unauthorized):
        verifier(keys).verify(forged)


def test_a_token_not_valid_yet_is_refused(keys: KeyPair) -> None:
    """ASVS 9.2.1: `nbf` is checked as well as `exp` (with the verifiers' ten seconds of leeway)."""
    token = token_for(keys, Role.ADMIN, audience=[AUDIENCE], nbf=int(time.time()) + 120)

    with pytest.raises(Unauthorized):
        verifier(keys).verify(token)


def test_a_refused_token_is_logged_by_reason_never_by_value(
    keys: KeyPair, other_keys: KeyPair, caplog: pytest.LogCaptureFixture
) -> None:
    """ASVS 16.3.1 and 16.2.5: the refusal is an event; the token is a credential and stays out."""
    caplog.set_level(logging.INFO, logger="services.kit.auth")
    token = token_for(other_keys, Role.ADMIN, audience=[AUDIENCE])

    with pytest.raises(Unauthorized):
        verifier(keys).verify(token)

    messages = [r.getMessage() for r in caplog.records if r.name == "services.kit.auth"]
    assert messages == ["access token refused: JWTError"]
    assert token not in " ".join(messages)


@pytest.fixture
async def client(keys: KeyPair) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    # Only what the guard reads of the process state.
    app.state.process = SimpleNamespace(token_verifier=verifier(keys))
    install_error_handlers(app)

    @app.get("/decisions")
    async def decisions(
        principal: Annotated[Principal, Depends(require_roles(Role.ANALYST))],
    ) -> dict[str, str]:
        return {"subject": principal.subject}

    async with asgi_client(app) as http:
        yield http


async def test_a_refused_role_is_logged(
    client: httpx.AsyncClient, keys: KeyPair, caplog: pytest.LogCaptureFixture
) -> None:
    """ASVS 16.3.2: failed authorization is logged with who asked and what it needed."""
    caplog.set_level(logging.WARNING, logger="services.kit.auth")
    token = token_for(keys, Role.CASEWORKER, subject="user:kim", audience=[AUDIENCE])

    response = await client.get("/decisions", headers=bearer(token))

    assert response.status_code == 403
    assert "access refused: user:kim lacks any of analyst" in [r.getMessage() for r in caplog.records]


def test_token_ids_have_128_random_bits(keys: KeyPair) -> None:
    """ASVS 11.5.1: the `jti` that logout ends is unique among all live tokens."""
    issuer = TokenIssuer(keys.private_pem, issuer=ISSUER, lifetime_seconds=600)
    principal = Principal(subject="user:kim", kind="user", name="Kim", roles=frozenset({Role.ANALYST}))

    ids = {jwt.get_unverified_claims(issuer.issue(principal, ALL_AUDIENCES))["jti"] for _ in range(50)}

    assert len(ids) == 50
    assert all(len(bytes.fromhex(jti)) == 16 for jti in ids)


def test_development_keys_give_128_bits_of_security(tmp_path: Path) -> None:
    """ASVS 11.2.3: RSA 3072 (2048 gives about 112 bits)."""
    key = serialization.load_pem_private_key(read_pem(generate_dev_keypair(tmp_path)), password=None)

    assert isinstance(key, rsa.RSAPrivateKey)
    assert key.key_size == 3072
