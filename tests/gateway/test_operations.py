"""Operations: the service overview page, readiness naming what is down, and the metrics."""

import httpx
import pytest
from fastapi import FastAPI

from gateway.config import SERVICES
from tests.gateway.helpers import PAGE, FakeService, log_in, plug_upstream


def refuse(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


async def test_the_operations_page_lists_each_service_with_its_endpoints(
    client: httpx.AsyncClient, real_services: dict[str, FastAPI]
) -> None:
    await log_in(client, "admin")

    response = await client.get("/operations", headers=PAGE)

    assert response.status_code == 200
    assert response.text.count('class="badge badge-success app-ready"') == 3
    for name in SERVICES:
        assert f'id="svc-{name}"' in response.text
        assert f'href="/api/{name}/openapi.json"' in response.text
    assert "<code>/v1/me</code>" in response.text
    assert "<code>/v1/years/{year}/areas</code>" in response.text


async def test_the_operations_page_shows_a_service_that_does_not_answer(
    client: httpx.AsyncClient, real_services: dict[str, FastAPI], gateway_app: FastAPI
) -> None:
    plug_upstream(gateway_app, "referrals", httpx.MockTransport(refuse))
    await log_in(client, "admin")

    response = await client.get("/operations", headers=PAGE)

    assert response.status_code == 200
    assert response.text.count("app-ready") == 2
    assert response.text.count('class="badge badge-error app-down"') == 1


async def test_the_operations_page_is_for_administrators(
    client: httpx.AsyncClient, real_services: dict[str, FastAPI]
) -> None:
    await log_in(client, "manager")

    response = await client.get("/operations", headers=PAGE)

    assert response.status_code == 403


async def test_ready_when_the_database_and_every_service_answer(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    response = await client.get("/readyz")

    assert response.status_code == 200
    assert response.json()["down"] == []
    assert set(response.json()["checks"]) == {"database", *SERVICES}
    for fake in fakes.values():
        assert fake.last.url.path == "/readyz"


@pytest.mark.parametrize("down", SERVICES)
async def test_not_ready_names_the_service_that_does_not_answer(
    client: httpx.AsyncClient, fakes: dict[str, FakeService], gateway_app: FastAPI, down: str
) -> None:
    plug_upstream(gateway_app, down, httpx.MockTransport(refuse))

    response = await client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["down"] == [down]
    assert response.json()["checks"][down] == "down"
    assert response.json()["checks"]["database"] == "ok"


async def test_a_service_that_answers_not_ready_makes_the_gateway_not_ready(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    fakes["allocation"].respond = lambda _request: httpx.Response(503, json={"down": ["database"]})

    response = await client.get("/readyz")

    assert response.status_code == 503
    assert response.json()["down"] == ["allocation"]


async def test_ready_against_the_real_services(
    client: httpx.AsyncClient, real_services: dict[str, FastAPI]
) -> None:
    response = await client.get("/readyz")

    assert response.status_code == 200, response.text


async def test_metrics_count_requests_by_route(client: httpx.AsyncClient) -> None:
    await client.get("/healthz")
    await client.get("/login")

    response = await client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert "# TYPE http_requests_total counter" in response.text
    assert (
        'http_requests_total{method="GET",route="/healthz",service="gateway",status="200"} 1.0'
        in response.text
    )
    assert 'route="/login"' in response.text
    assert "http_request_duration_seconds_bucket" in response.text
