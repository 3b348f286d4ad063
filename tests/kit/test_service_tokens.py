"""Every service verifies tokens itself (CONTRACT § 2): forged, expired, unsigned, algorithm-confused and
misaddressed tokens are all refused with 401 problem details.

The verification lives in kit, but each service wires it into its own app, so each app is asked.
"""

import base64
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.kit.auth import Role
from services.kit.state import process_of
from tests.kit.service_contract import SERVICES, Service, app_without_database
from tests.support import ISSUER, KeyPair, asgi_client, bearer, token_for

AUDIENCES = {name: f"urn:kommune:{name}" for name in ("gateway", "categorisation", "allocation", "referrals")}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims_for(service: Service) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": ISSUER,
        "sub": "user:mallory",
        "aud": [service.audience],
        "iat": now,
        "nbf": now,
        "exp": now + 600,
        "kind": "user",
        "name": "Mallory",
        "roles": ["admin"],
    }


def unsigned_token(service: Service) -> str:
    """alg "none": header and claims with an empty signature, as an attacker would craft it by hand."""
    header = b64url(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{b64url(json.dumps(claims_for(service)).encode())}."


def public_key_as_hmac_secret(service: Service, keys: KeyPair) -> str:
    """HS256 keyed with the RSA public key: accepted by verifiers that let the token pick the algorithm."""
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64url(json.dumps(claims_for(service)).encode())
    signature = hmac.new(keys.public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64url(signature)}"


def tampered_token(service: Service, keys: KeyPair) -> str:
    """A genuine caseworker token whose claims were edited to admin, keeping the original signature."""
    header, _payload, signature = token_for(keys, Role.CASEWORKER, audience=[service.audience]).split(".")
    return f"{header}.{b64url(json.dumps(claims_for(service)).encode())}.{signature}"


TokenMaker = Callable[[Service, KeyPair, KeyPair], str]
REJECTED: dict[str, TokenMaker] = {
    "forged": lambda s, keys, other: token_for(other, Role.ADMIN, audience=[s.audience]),
    "expired": lambda s, keys, other: token_for(keys, Role.ADMIN, audience=[s.audience], lifetime=-60),
    "unsigned-alg-none": lambda s, keys, other: unsigned_token(s),
    "hs256-with-public-key": lambda s, keys, other: public_key_as_hmac_secret(s, keys),
    "tampered-claims": lambda s, keys, other: tampered_token(s, keys),
    "other-audience": lambda s, keys, other: token_for(keys, Role.ADMIN, audience=["urn:kommune:other"]),
    "other-issuer": lambda s, keys, other: token_for(
        keys, Role.ADMIN, audience=[s.audience], issuer="urn:kommune:someone-else"
    ),
    "unknown-role": lambda s, keys, other: token_for(keys, audience=[s.audience], roles=["superuser"]),
    "not-a-jwt": lambda s, keys, other: "not-a-jwt",
}


@pytest.fixture(params=SERVICES, ids=str)
def service(request: pytest.FixtureRequest) -> Service:
    svc: Service = request.param
    return svc


@pytest.fixture
async def client(
    service: Service, keys: KeyPair, var_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[httpx.AsyncClient]:
    # /v1/me never touches the database, so the app needs no migrated one.
    app: FastAPI = app_without_database(service, keys, monkeypatch)
    try:
        async with asgi_client(app) as http:
            yield http
    finally:
        await process_of(app).engine.dispose()


def assert_refused(response: httpx.Response, token: str | None = None) -> None:
    """401 problem details; the challenge is `invalid_token` exactly when a token came (RFC 6750 § 3)."""
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    expected = 'Bearer error="invalid_token"' if token else "Bearer"
    assert response.headers["www-authenticate"] == expected
    body = response.json()
    assert body["status"] == 401
    assert set(body) >= {"type", "title", "status", "detail", "request_id"}
    if token:
        assert token not in response.text


async def test_a_valid_token_for_the_service_is_accepted(
    client: httpx.AsyncClient, service: Service, keys: KeyPair
) -> None:
    # The control for every refusal below: the same app does accept a genuine token.
    response = await client.get(
        "/v1/me", headers=bearer(token_for(keys, Role.ADMIN, audience=[service.audience]))
    )
    assert response.status_code == 200, response.text
    assert response.json()["roles"] == ["admin"]


@pytest.mark.parametrize("case", sorted(REJECTED))
async def test_bad_tokens_are_refused(
    client: httpx.AsyncClient, service: Service, keys: KeyPair, other_keys: KeyPair, case: str
) -> None:
    token = REJECTED[case](service, keys, other_keys)
    assert_refused(await client.get("/v1/me", headers=bearer(token)), token)


OTHER_HOLDERS = [(s, holder) for s in SERVICES for holder in sorted(AUDIENCES) if holder != s.name]


@pytest.mark.parametrize(("service", "holder"), OTHER_HOLDERS, ids=lambda v: str(v))
async def test_a_token_only_for_another_process_is_refused(
    client: httpx.AsyncClient, service: Service, keys: KeyPair, holder: str
) -> None:
    token = token_for(keys, Role.ADMIN, audience=[AUDIENCES[holder]])
    assert_refused(await client.get("/v1/me", headers=bearer(token)), token)


async def test_missing_token_and_other_schemes_are_refused(client: httpx.AsyncClient) -> None:
    assert_refused(await client.get("/v1/me"))
    assert_refused(await client.get("/v1/me", headers={"Authorization": "Basic YWRtaW46ZGVtbw=="}))
