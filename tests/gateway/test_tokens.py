"""POST /auth/token and the JWKS (CONTRACT § 2)."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from jose import jwt

from gateway import identity
from services.kit.state import process_of
from tests.gateway.helpers import password_grant, user_id
from tests.support import ISSUER, KeyPair, token_for


async def verified_claims(client: httpx.AsyncClient, token: str, audience: str) -> dict[str, Any]:
    """The token's claims, checked the way a service checks them but with the published JWKS key."""
    keys = (await client.get("/.well-known/jwks.json")).json()["keys"]
    kid = jwt.get_unverified_header(token)["kid"]
    (key,) = [k for k in keys if k["kid"] == kid]
    return jwt.decode(token, key, algorithms=["RS256"], audience=audience, issuer=ISSUER)


@pytest.mark.parametrize(
    ("username", "role"), [("admin", "admin"), ("analyst", "analyst"), ("officer", "allocation_officer")]
)
async def test_password_grant_gives_a_token_the_jwks_key_verifies(
    client: httpx.AsyncClient, username: str, role: str
) -> None:
    response = await password_grant(client, username)

    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in"}
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 3600
    claims = await verified_claims(client, body["access_token"], "urn:kommune:allocation")
    assert claims["sub"] == f"user:{username}"
    assert claims["kind"] == "user"
    assert claims["roles"] == [role]
    assert claims["exp"] - claims["iat"] == body["expires_in"]
    assert "housing_org" not in claims


async def test_client_credentials_grant_carries_the_housing_organisation(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/auth/token",
        data={"grant_type": "client_credentials", "client_id": "housing-org-demo", "client_secret": "demo"},
    )

    assert response.status_code == 200, response.text
    claims = await verified_claims(client, response.json()["access_token"], "urn:kommune:categorisation")
    assert claims["sub"] == "client:housing-org-demo"
    assert claims["kind"] == "client"
    assert claims["roles"] == ["housing_org"]
    assert claims["housing_org"] == "demo-boligorganisation"


async def test_a_token_signed_by_another_key_does_not_verify_with_the_jwks(
    client: httpx.AsyncClient, other_keys: KeyPair
) -> None:
    forged = token_for(other_keys)
    keys = (await client.get("/.well-known/jwks.json")).json()["keys"]

    with pytest.raises(jwt.JWTError):
        jwt.decode(forged, keys[0], algorithms=["RS256"], audience="urn:kommune:gateway", issuer=ISSUER)


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        (
            {"grant_type": "password", "username": "analyst", "password": "wrong-secret-xyz"},
            400,
            "invalid_grant",
        ),
        (
            {"grant_type": "password", "username": "nobody", "password": "wrong-secret-xyz"},
            400,
            "invalid_grant",
        ),
        (
            {
                "grant_type": "client_credentials",
                "client_id": "housing-org-demo",
                "client_secret": "wrong-secret-xyz",
            },
            401,
            "invalid_client",
        ),
        (
            {
                "grant_type": "client_credentials",
                "client_id": "no-such-client",
                "client_secret": "wrong-secret-xyz",
            },
            401,
            "invalid_client",
        ),
    ],
    ids=["wrong-password", "unknown-user", "wrong-secret", "unknown-client"],
)
async def test_wrong_credentials_are_rfc6749_errors_without_the_secret(
    client: httpx.AsyncClient, form: dict[str, str], status: int, error: str
) -> None:
    """RFC 6749 § 5.2 (CONTRACT § 2): a wrong password is invalid_grant, a wrong client invalid_client."""
    response = await client.post("/auth/token", data=form)

    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error", "error_description"}
    assert body["error"] == error
    assert "wrong-secret-xyz" not in response.text
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Basic ")


async def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(client: httpx.AsyncClient) -> None:
    # Otherwise the answer would tell an attacker which user names exist.
    unknown = await password_grant(client, "nobody", "x")
    wrong = await password_grant(client, "analyst", "x")

    assert (unknown.status_code, unknown.json()) == (wrong.status_code, wrong.json())


@pytest.mark.parametrize("grant_type", ["authorization_code", "implicit", "PASSWORD", "refresh_token"])
async def test_an_unsupported_grant_type_is_400(client: httpx.AsyncClient, grant_type: str) -> None:
    response = await client.post(
        "/auth/token", data={"grant_type": grant_type, "username": "analyst", "password": "demo"}
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"] == "unsupported_grant_type"


async def test_a_missing_grant_type_is_invalid_request(client: httpx.AsyncClient) -> None:
    response = await client.post("/auth/token", data={"username": "analyst", "password": "demo"})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


async def test_a_deactivated_user_gets_no_token(client: httpx.AsyncClient, gateway_app: FastAPI) -> None:
    async with process_of(gateway_app).session_factory() as session:
        await identity.set_active(session, user_id=await user_id(gateway_app, "manager"), active=False)
        await session.commit()

    response = await password_grant(client, "manager")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert (await password_grant(client, "analyst")).status_code == 200


async def test_user_names_are_not_case_sensitive(client: httpx.AsyncClient) -> None:
    response = await password_grant(client, " Analyst ")

    assert response.status_code == 200
