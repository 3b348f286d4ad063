"""The gateway against the real service apps: its tokens are what each service accepts (CONTRACT §§ 1-3)."""

import httpx
import pytest
from fastapi import FastAPI

from gateway.config import SERVICES
from tests.gateway.helpers import log_in, password_grant
from tests.support import KeyPair, bearer, token_for


@pytest.mark.parametrize("service", SERVICES)
async def test_a_gateway_token_gives_the_principal_at_every_service(
    client: httpx.AsyncClient, real_services: dict[str, FastAPI], service: str
) -> None:
    token = (await password_grant(client, "caseworker")).json()["access_token"]

    response = await client.get(f"/api/{service}/v1/me", headers=bearer(token))

    assert response.status_code == 200, response.text
    assert response.json() == {
        "subject": "user:caseworker",
        "kind": "user",
        "name": "Karen Sagsbehandler",
        "roles": ["caseworker"],
        "housing_org": None,
    }


async def test_a_client_token_carries_its_housing_organisation_to_the_service(
    client: httpx.AsyncClient, real_services: dict[str, FastAPI]
) -> None:
    token = (
        await client.post(
            "/auth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": "housing-org-demo",
                "client_secret": "demo",
            },
        )
    ).json()["access_token"]

    response = await client.get("/api/allocation/v1/me", headers=bearer(token))

    assert response.status_code == 200
    assert response.json()["housing_org"] == "demo-boligorganisation"
    assert response.json()["roles"] == ["housing_org"]


@pytest.mark.parametrize("service", SERVICES)
async def test_without_a_token_the_service_401_passes_through(
    client: httpx.AsyncClient, real_services: dict[str, FastAPI], service: str
) -> None:
    response = await client.get(f"/api/{service}/v1/me", headers={"X-Request-ID": "contract-1"})

    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"
    body = response.json()
    assert body["status"] == 401
    # The body is the service's own: it carries the request id the gateway forwarded.
    assert body["request_id"] == "contract-1"


async def test_a_forged_token_is_refused_by_the_service(
    client: httpx.AsyncClient, real_services: dict[str, FastAPI], other_keys: KeyPair
) -> None:
    response = await client.get("/api/referrals/v1/me", headers=bearer(token_for(other_keys)))

    assert response.status_code == 401


async def test_the_browser_session_reaches_the_service_as_the_person(
    client: httpx.AsyncClient, real_services: dict[str, FastAPI]
) -> None:
    await log_in(client, "analyst")

    response = await client.get("/api/categorisation/v1/me")

    assert response.status_code == 200
    assert response.json()["subject"] == "user:analyst"


async def test_a_service_openapi_document_is_public_through_the_gateway(
    client: httpx.AsyncClient, real_services: dict[str, FastAPI]
) -> None:
    response = await client.get("/api/allocation/openapi.json")

    assert response.status_code == 200
    assert "/v1/me" in response.json()["paths"]
