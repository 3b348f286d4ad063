"""The token endpoint as RFC 6749 says (§ 2.3.1, § 3.2, § 5.1, § 5.2), its RFC 8414 metadata, and the
JWKS during a key rotation (CONTRACT § 2).

Authlib is not installed in this environment, so an OAuth client is played with httpx: HTTP Basic as
RFC 6749 § 2.3.1 encodes it (each part form-encoded, then base64).
"""

import base64
from pathlib import Path
from urllib.parse import quote_plus

import httpx
import pytest
from fastapi import FastAPI
from jose import jwt

from gateway import identity
from gateway.main import create_app
from services.kit.auth import ALGORITHM, Role, key_id
from services.kit.state import process_of
from tests.gateway.conftest import SettingsFactory, running
from tests.gateway.helpers import password_grant
from tests.kit.service_contract import SERVICES, Service
from tests.support import ALL_AUDIENCES, ISSUER, KeyPair, asgi_client, bearer, make_keypair, token_for

DEMO_CLIENT = {"grant_type": "client_credentials", "client_id": "housing-org-demo", "client_secret": "demo"}


def basic(client_id: str, secret: str) -> dict[str, str]:
    """RFC 6749 § 2.3.1: application/x-www-form-urlencoded each part, then HTTP Basic."""
    raw = f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


def assert_oauth_error(response: httpx.Response, status: int, error: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert set(response.json()) == {"error", "error_description"}
    assert response.json()["error"] == error
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"


async def test_a_token_answer_is_never_cached(client: httpx.AsyncClient) -> None:
    response = await password_grant(client, "analyst")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"


async def test_client_credentials_by_http_basic(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/auth/token",
        data={"grant_type": "client_credentials"},
        auth=httpx.BasicAuth("housing-org-demo", "demo"),
    )

    assert response.status_code == 200, response.text
    claims = jwt.get_unverified_claims(response.json()["access_token"])
    assert claims["sub"] == "client:housing-org-demo"


async def test_basic_credentials_are_form_decoded(client: httpx.AsyncClient, gateway_app: FastAPI) -> None:
    """A secret with ':', '+', spaces and non-ASCII letters survives § 2.3.1's encoding."""
    secret = "s3cr:t+ æøå/=%"
    async with process_of(gateway_app).session_factory() as session:
        await identity.create_client(
            session,
            client_id="bo:lig+1",
            name="Boligselskab",
            secret=secret,
            roles=[Role.SYSTEM],
            housing_org=None,
        )
        await session.commit()

    by_basic = await client.post(
        "/auth/token", data={"grant_type": "client_credentials"}, headers=basic("bo:lig+1", secret)
    )
    in_body = await client.post(
        "/auth/token",
        data={"grant_type": "client_credentials", "client_id": "bo:lig+1", "client_secret": secret},
    )

    assert by_basic.status_code == 200, by_basic.text
    assert in_body.status_code == 200, in_body.text


@pytest.mark.parametrize(
    ("headers", "form"),
    [
        (basic("housing-org-demo", "wrong"), {"grant_type": "client_credentials"}),
        (basic("no-such-client", "demo"), {"grant_type": "client_credentials"}),
        ({}, {"grant_type": "client_credentials"}),
        ({}, {"grant_type": "client_credentials", "client_id": "housing-org-demo"}),
        ({}, {**DEMO_CLIENT, "client_secret": "wrong"}),
    ],
    ids=[
        "basic-wrong-secret",
        "basic-unknown-client",
        "no-client-authentication",
        "no-secret",
        "body-wrong-secret",
    ],
)
async def test_a_wrong_or_missing_client_is_401_invalid_client_with_a_challenge(
    client: httpx.AsyncClient, headers: dict[str, str], form: dict[str, str]
) -> None:
    response = await client.post("/auth/token", data=form, headers=headers)

    assert_oauth_error(response, 401, "invalid_client")
    assert response.headers["www-authenticate"].startswith("Basic realm=")


async def test_a_wrong_password_is_400_invalid_grant(client: httpx.AsyncClient) -> None:
    assert_oauth_error(await password_grant(client, "analyst", "wrong"), 400, "invalid_grant")


@pytest.mark.parametrize(
    ("content", "headers"),
    [
        ("grant_type=password&username=analyst", {}),
        ("grant_type=password&password=demo", {}),
        ("grant_type=password&username=analyst&password=demo&password=demo", {}),
        ("grant_type=password&grant_type=client_credentials&username=analyst&password=demo", {}),
        ("", {}),
        (
            "grant_type=client_credentials&client_id=housing-org-demo&client_secret=demo",
            basic("housing-org-demo", "demo"),
        ),
        ("grant_type=client_credentials", {"Authorization": "Basic not-base64!"}),
        (
            "grant_type=client_credentials",
            {"Authorization": "Basic " + base64.b64encode(b"no-colon").decode()},
        ),
    ],
    ids=[
        "no-password",
        "no-username",
        "repeated-password",
        "repeated-grant-type",
        "empty",
        "basic-and-body",
        "basic-not-base64",
        "basic-without-colon",
    ],
)
async def test_missing_repeated_or_malformed_parameters_are_400_invalid_request(
    client: httpx.AsyncClient, content: str, headers: dict[str, str]
) -> None:
    response = await client.post(
        "/auth/token",
        content=content,
        headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
    )

    assert_oauth_error(response, 400, "invalid_request")


async def test_a_json_body_is_400_invalid_request(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/auth/token", json={"grant_type": "password", "username": "analyst", "password": "demo"}
    )

    assert_oauth_error(response, 400, "invalid_request")


async def test_a_throttled_client_is_429_with_retry_after(
    gateway_settings: SettingsFactory, database_urls: dict[str, str]
) -> None:
    app = create_app(gateway_settings(login_attempts=1, login_window_seconds=600))
    async with running(app, database_urls) as client:
        await client.post("/auth/token", data={**DEMO_CLIENT, "client_secret": "wrong"})

        response = await client.post("/auth/token", data=DEMO_CLIENT)

        assert_oauth_error(response, 429, "temporarily_unavailable")
        assert 0 < int(response.headers["retry-after"]) <= 600


# --- RFC 8414 metadata and the JWKS -----------------------------------------------------------------


async def test_the_metadata_names_the_endpoints_that_work(client: httpx.AsyncClient) -> None:
    response = await client.get("/.well-known/oauth-authorization-server")

    assert response.status_code == 200
    assert "max-age=" in response.headers["cache-control"]
    metadata = response.json()
    assert metadata["issuer"] == ISSUER
    assert metadata["token_endpoint"] == "http://testserver/auth/token"
    assert metadata["jwks_uri"] == "http://testserver/.well-known/jwks.json"
    assert metadata["grant_types_supported"] == ["password", "client_credentials"]
    assert {"client_secret_basic", "client_secret_post"} <= set(
        metadata["token_endpoint_auth_methods_supported"]
    )
    # What it names is what answers: a token from the token endpoint verifies with a key from the JWKS.
    token = (await password_grant(client, "analyst")).json()["access_token"]
    keys = (await client.get(metadata["jwks_uri"])).json()["keys"]
    (key,) = [k for k in keys if k["kid"] == jwt.get_unverified_header(token)["kid"]]
    assert jwt.decode(
        token, key, algorithms=[ALGORITHM], audience="urn:kommune:referrals", issuer=metadata["issuer"]
    )


async def test_the_metadata_uses_the_configured_public_address(
    gateway_settings: SettingsFactory, database_urls: dict[str, str]
) -> None:
    app = create_app(gateway_settings(public_url="https://boligportal.kommune.dk/"))
    async with running(app, database_urls) as client:
        metadata = (await client.get("/.well-known/oauth-authorization-server")).json()
    assert metadata["token_endpoint"] == "https://boligportal.kommune.dk/auth/token"


def signed_with(keys: KeyPair, **claims: object) -> str:
    """A token like the gateway's, naming its key by `kid`."""
    plain = token_for(keys, Role.ADMIN, audience=ALL_AUDIENCES, **claims)  # type: ignore[arg-type]
    return jwt.encode(
        jwt.get_unverified_claims(plain),
        keys.private_pem.decode(),
        algorithm=ALGORITHM,
        headers={"kid": key_id(keys.public_pem)},
    )


@pytest.fixture(scope="module")
def previous_keys(tmp_path_factory: pytest.TempPathFactory) -> KeyPair:
    return make_keypair(tmp_path_factory.mktemp("previous-keys"))


async def test_during_a_rotation_the_jwks_publishes_both_keys_and_the_gateway_takes_either(
    gateway_settings: SettingsFactory, database_urls: dict[str, str], keys: KeyPair, previous_keys: KeyPair
) -> None:
    app = create_app(gateway_settings(jwt_previous_public_key_file=previous_keys.public_path))
    async with running(app, database_urls) as client:
        response = await client.get("/.well-known/jwks.json")
        assert "max-age=" in response.headers["cache-control"]
        kids = [key["kid"] for key in response.json()["keys"]]
        assert kids == [key_id(keys.public_pem), key_id(previous_keys.public_pem)]

        for signer in (keys, previous_keys):
            page = await client.get(
                "/", headers={"Accept": "text/html", "Cookie": f"session={signed_with(signer)}"}
            )
            assert page.status_code == 200, signer


@pytest.mark.parametrize("service", SERVICES, ids=str)
async def test_a_service_holding_both_public_keys_accepts_either(
    service: Service,
    keys: KeyPair,
    previous_keys: KeyPair,
    other_keys: KeyPair,
    tmp_path: Path,
    var_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    both = tmp_path / "jwt-public.pem"
    both.write_bytes(keys.public_pem + previous_keys.public_pem)
    monkeypatch.setenv("JWT_PUBLIC_KEY_FILE", str(both))
    app = service.create_app(service.settings())
    try:
        async with asgi_client(app) as client:
            for signer in (keys, previous_keys):
                assert (await client.get("/v1/me", headers=bearer(signed_with(signer)))).status_code == 200
            forged = await client.get("/v1/me", headers=bearer(signed_with(other_keys)))
            assert forged.status_code == 401
            assert forged.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    finally:
        await process_of(app).engine.dispose()


# --- "Authorize" in a service's /docs: the token endpoint answers that page's origin (CORS) ----------

DOCS_ORIGIN = "http://127.0.0.1:8001"  # the categorisation service's default address, where its /docs is


async def test_a_services_docs_page_may_fetch_a_token(client: httpx.AsyncClient) -> None:
    preflight = await client.options(
        "/auth/token",
        headers={
            "Origin": DOCS_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type,x-requested-with",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == DOCS_ORIGIN
    allowed = {h.strip() for h in preflight.headers["access-control-allow-headers"].split(",")}
    assert {"authorization", "content-type", "x-requested-with"} <= allowed
    assert "access-control-allow-credentials" not in preflight.headers

    answer = await client.post(
        "/auth/token",
        data={"grant_type": "password", "username": "analyst", "password": "demo"},
        headers={"Origin": DOCS_ORIGIN},
    )
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == DOCS_ORIGIN


async def test_other_origins_get_no_cors_answer(client: httpx.AsyncClient) -> None:
    evil = "https://evil.example"
    preflight = await client.options(
        "/auth/token", headers={"Origin": evil, "Access-Control-Request-Method": "POST"}
    )
    answer = await password_grant(client, "analyst")
    page = await client.get("/login", headers={"Origin": DOCS_ORIGIN})

    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-origin" not in answer.headers
    # Only the token endpoints: pages never answer another origin.
    assert "access-control-allow-origin" not in page.headers
