"""Token issue and verification, the published key, development keys and the role guards."""

import base64
import stat
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Annotated, Any

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import Depends, FastAPI
from jose import jwt

from services.kit.auth import (
    ALGORITHM,
    CurrentPrincipal,
    Principal,
    Role,
    TokenIssuer,
    TokenVerifier,
    generate_dev_keypair,
    jwk,
    key_id,
    read_pem,
    require_roles,
)
from services.kit.errors import Unauthorized, install_error_handlers
from services.kit.settings import DEV_KEY_MARKER
from tests.support import ISSUER, KeyPair, asgi_client, bearer, issuer_for, token_for

AUDIENCE = "urn:kommune:allocation"

# RFC 7638 § 3.1: the example key and its published thumbprint.
RFC7638_N = (
    "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3"
    "oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdA"
    "ZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-k"
    "EgU8awapJzKnqDKgw"
)
RFC7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"


def b64url_int(value: str) -> int:
    return int.from_bytes(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)), "big")


def verifier_for(keys: KeyPair, audience: str = AUDIENCE) -> TokenVerifier:
    return TokenVerifier(keys.public_pem, issuer=ISSUER, audience=audience)


def test_an_issued_token_verifies_back_to_the_same_principal(keys: KeyPair) -> None:
    person = Principal(
        subject="client:bo-vest",
        kind="client",
        name="Bo-Vest",
        roles=frozenset({Role.HOUSING_ORG}),
        housing_org="bv",
    )
    token = issuer_for(keys).issue(person, audiences=["urn:kommune:gateway", AUDIENCE])
    assert verifier_for(keys).verify(token) == person


def test_a_token_names_its_key_and_algorithm(keys: KeyPair) -> None:
    issuer = issuer_for(keys)
    header = jwt.get_unverified_header(
        issuer.issue(Principal(subject="u", kind="user", name="u", roles=frozenset()), [])
    )
    assert header["alg"] == ALGORITHM == "RS256"
    assert header["kid"] == key_id(keys.public_pem) == issuer.kid


def test_an_issued_token_expires_after_its_lifetime(keys: KeyPair) -> None:
    issuer = TokenIssuer(keys.private_pem, issuer=ISSUER, lifetime_seconds=900)
    claims = jwt.get_unverified_claims(
        issuer.issue(Principal(subject="u", kind="user", name="u", roles=frozenset()), [])
    )
    assert claims["exp"] - claims["iat"] == 900
    assert claims["iss"] == ISSUER


def test_the_jwk_publishes_the_public_numbers(keys: KeyPair) -> None:
    entry = jwk(keys.public_pem)
    key = serialization.load_pem_public_key(keys.public_pem)
    assert isinstance(key, rsa.RSAPublicKey)
    numbers = key.public_numbers()
    assert (b64url_int(entry["n"]), b64url_int(entry["e"])) == (numbers.n, numbers.e)
    assert entry["e"] == "AQAB"
    assert {k: entry[k] for k in ("kty", "use", "alg")} == {"kty": "RSA", "use": "sig", "alg": "RS256"}
    assert entry["kid"] == key_id(keys.public_pem)
    # Only public members: nothing of the private key may be published.
    assert set(entry) == {"kty", "use", "alg", "kid", "n", "e"}


def test_the_key_id_is_the_rfc7638_thumbprint() -> None:
    public = rsa.RSAPublicNumbers(65537, b64url_int(RFC7638_N)).public_key()
    pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert key_id(pem) == RFC7638_THUMBPRINT


def test_a_verifier_accepts_only_its_own_audience(keys: KeyPair) -> None:
    token = token_for(keys, Role.ANALYST, audience=["urn:kommune:categorisation"])
    assert verifier_for(keys, "urn:kommune:categorisation").verify(token).roles == {Role.ANALYST}
    with pytest.raises(Unauthorized):
        verifier_for(keys, AUDIENCE).verify(token)


@pytest.mark.parametrize(
    "claims",
    [{"kind": "robot"}, {"roles": ["root"]}, {"roles": "admin"}, {"kind": None}],
    ids=["unknown-kind", "unknown-role", "roles-not-a-list", "no-kind"],
)
def test_a_signed_token_with_malformed_claims_is_refused(keys: KeyPair, claims: dict[str, Any]) -> None:
    # Correctly signed but not the gateway's shape: refuse rather than guess a principal.
    with pytest.raises(Unauthorized):
        verifier_for(keys).verify(token_for(keys, Role.ADMIN, **claims))


def test_development_keys_are_marked_private_and_kept(tmp_path: Path) -> None:
    private_path = generate_dev_keypair(tmp_path / "keys")
    public_path = tmp_path / "keys" / "jwt-public.pem"
    for path in (private_path, public_path):
        assert path.read_text().startswith(DEV_KEY_MARKER)
    assert stat.S_IMODE(private_path.stat().st_mode) == 0o600
    # The marker line is stripped for use: the pair signs and verifies.
    issuer = TokenIssuer(read_pem(private_path), issuer=ISSUER, lifetime_seconds=60)
    token = issuer.issue(
        Principal(subject="u", kind="user", name="u", roles=frozenset({Role.ADMIN})), [AUDIENCE]
    )
    assert TokenVerifier(read_pem(public_path), issuer=ISSUER, audience=AUDIENCE).verify(token).subject == "u"
    # A second start keeps the pair, so tokens issued before a restart stay valid.
    before = private_path.read_bytes()
    generate_dev_keypair(tmp_path / "keys")
    assert private_path.read_bytes() == before


def test_read_pem_refuses_a_file_without_a_key(tmp_path: Path) -> None:
    path = tmp_path / "empty.pem"
    path.write_text("nothing here\n")
    with pytest.raises(ValueError, match="no PEM key"):
        read_pem(path)


# --- the dependencies, in an app -------------------------------------------------------------------


def build_app(keys: KeyPair) -> FastAPI:
    app = FastAPI()
    # Only what the guard reads of the process state.
    app.state.process = SimpleNamespace(token_verifier=verifier_for(keys))
    install_error_handlers(app)

    @app.get("/whoami")
    async def whoami(principal: CurrentPrincipal) -> dict[str, str]:
        return {"subject": principal.subject}

    @app.get("/decisions")
    async def decisions(
        principal: Annotated[Principal, Depends(require_roles(Role.ANALYST, Role.ADMIN))],
    ) -> dict[str, str]:
        return {"subject": principal.subject}

    return app


@pytest.fixture
async def client(keys: KeyPair) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(build_app(keys)) as http:
        yield http


@pytest.mark.parametrize("path", ["/whoami", "/decisions"])
async def test_no_token_is_401_asking_for_a_bearer(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("role", [Role.ANALYST, Role.ADMIN])
async def test_the_guard_lets_listed_roles_through(
    client: httpx.AsyncClient, keys: KeyPair, role: Role
) -> None:
    response = await client.get("/decisions", headers=bearer(token_for(keys, role, audience=[AUDIENCE])))
    assert response.status_code == 200
    assert response.json() == {"subject": "user:tester"}


@pytest.mark.parametrize("roles", [(Role.CASEWORKER,), (Role.MANAGER, Role.HOUSING_ORG), ()])
async def test_the_guard_refuses_other_roles_with_403(
    client: httpx.AsyncClient, keys: KeyPair, roles: tuple[Role, ...]
) -> None:
    headers = bearer(token_for(keys, *roles, audience=[AUDIENCE]))
    # Authenticated but not allowed: 403, and the same caller still passes the plain login check.
    response = await client.get("/decisions", headers=headers)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert "www-authenticate" not in response.headers
    assert (await client.get("/whoami", headers=headers)).status_code == 200
