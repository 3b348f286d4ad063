"""Request ids on every answer, metrics by route template (never the raw path), and the probes."""

import logging
import re
from collections.abc import AsyncIterator
from types import SimpleNamespace

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.exc import IntegrityError, OperationalError

from services.kit.errors import PROBLEM_JSON, install_error_handlers
from services.kit.observability import Metrics, ReadinessCheck, RequestContextMiddleware, operations_router
from tests.support import asgi_client

CPR = "0101701234"


async def database_down(_app: FastAPI) -> None:
    raise ConnectionRefusedError("postgresql://app:hunter2@db:5432 refused")


async def upstream_up(_app: FastAPI) -> None:
    return None


def build_app(*, database_up: bool = True) -> FastAPI:
    app = FastAPI()
    # Only what the middleware and /metrics read of the process state.
    app.state.process = SimpleNamespace(metrics=Metrics("obs-test"))
    install_error_handlers(app)
    app.add_middleware(RequestContextMiddleware, metrics=app.state.process.metrics)
    checks: dict[str, ReadinessCheck] = {"upstream": upstream_up}
    if not database_up:
        checks["database"] = database_down
    app.include_router(operations_router(checks))

    @app.get("/people/{cpr}")
    async def person(cpr: str) -> dict[str, str]:
        return {"found": "yes"}

    @app.get("/crash")
    async def crash() -> None:
        raise RuntimeError("boom")

    @app.get("/database-gone")
    async def database_gone() -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))

    @app.get("/same-key-twice")
    async def duplicate() -> None:
        raise IntegrityError("INSERT …", {}, ValueError("duplicate key"))

    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(build_app()) as http:
        yield http


def request_counts(metrics_text: str) -> dict[tuple[str, str, str], float]:
    """(method, route, status) -> count, from the Prometheus text."""
    counts = {}
    for family in text_string_to_metric_families(metrics_text):
        for sample in family.samples:
            if sample.name == "http_requests_total":
                labels = sample.labels
                counts[(labels["method"], labels["route"], labels["status"])] = sample.value
    return counts


async def test_a_plain_request_id_is_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz", headers={"X-Request-ID": "trace-abc.1"})
    assert response.headers["x-request-id"] == "trace-abc.1"


async def test_a_request_id_is_generated_when_missing_or_unsafe(client: httpx.AsyncClient) -> None:
    generated = (await client.get("/healthz")).headers["x-request-id"]
    unsafe = (await client.get("/healthz", headers={"X-Request-ID": "a b"})).headers["x-request-id"]
    assert re.fullmatch(r"[0-9a-f]{32}", generated)
    assert re.fullmatch(r"[0-9a-f]{32}", unsafe)
    assert generated != unsafe


async def test_every_answer_carries_the_id_even_a_crash(client: httpx.AsyncClient) -> None:
    for path in ("/healthz", "/nowhere", "/crash"):
        response = await client.get(path, headers={"X-Request-ID": "same-id"})
        assert response.headers["x-request-id"] == "same-id", path


async def test_metrics_count_by_route_template_not_raw_path(client: httpx.AsyncClient) -> None:
    await client.get(f"/people/{CPR}")
    await client.get("/people/0202802345")
    await client.get(f"/nowhere/{CPR}")
    await client.get("/crash")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    counts = request_counts(response.text)
    assert counts[("GET", "/people/{cpr}", "200")] == 2
    assert counts[("GET", "unmatched", "404")] == 1
    assert counts[("GET", "/crash", "500")] == 1
    # Paths may hold personal data; the labels must not.
    assert CPR not in response.text
    assert "0202802345" not in response.text


async def test_the_access_line_names_the_template(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="access"):
        await client.get(f"/people/{CPR}", headers={"X-Request-ID": "line-1"})
    [line] = [r for r in caplog.records if r.name == "access"]
    assert (line.__dict__["route"], line.__dict__["status"], line.__dict__["method"]) == (
        "/people/{cpr}",
        200,
        "GET",
    )
    assert CPR not in line.getMessage()


async def test_readyz_is_200_when_every_check_passes(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"upstream": "ok"}, "down": []}


async def test_readyz_is_503_naming_what_is_down() -> None:
    async with asgi_client(build_app(database_up=False)) as client:
        response = await client.get("/readyz")
        healthz = await client.get("/healthz")
    assert response.status_code == 503
    # Problem details like every other failure (RFC 9457), naming each check's state and what is down.
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert (body["type"], body["status"], body["detail"]) == (
        "about:blank",
        503,
        "Not ready: database is down.",
    )
    assert body["checks"] == {"upstream": "ok", "database": "down"}
    assert body["down"] == ["database"]
    assert int(response.headers["retry-after"]) > 0
    # The failure's text (here a URL with a password) stays out of the unauthenticated probe.
    assert "hunter2" not in response.text
    assert healthz.status_code == 200


async def test_a_lost_database_is_a_503_to_retry_not_a_crash(client: httpx.AsyncClient) -> None:
    response = await client.get("/database-gone")

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) > 0
    assert "SELECT" not in response.text and "refused" not in response.text


async def test_a_broken_constraint_stays_an_unexpected_error(client: httpx.AsyncClient) -> None:
    response = await client.get("/same-key-twice")

    assert response.status_code == 500
    assert "retry-after" not in response.headers
    assert "duplicate" not in response.text
