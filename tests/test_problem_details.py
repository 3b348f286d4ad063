"""RFC 9457 and RFC 9110 across the three services and the gateway, each asserted to the exact body.

Problems are `about:blank` with the status phrase as title and carry `instance`, the path asked for (never
the query); a body that is not JSON at all is 400, JSON in another media type 415, invalid fields 422; every
429 and 503 has Retry-After. Through the gateway a service's problem names the path the caller used.
"""

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.kit.auth import Role
from services.kit.state import process_of
from tests.conftest import serving
from tests.four_apps import PROCESSES, SERVICES, build
from tests.gateway.helpers import plug_upstream
from tests.support import KeyPair, bearer, token_for

SECRET = "0101701234"  # what a CPR number looks like


@pytest.fixture(scope="module")
def apps(
    database_urls: dict[str, str], keys: KeyPair, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, FastAPI]:
    """The four processes, once per module; the gateway's upstreams are the three service apps in-process."""
    built = {
        name: build(name, database_urls[name], keys, tmp_path_factory.mktemp(name)) for name in PROCESSES
    }
    for name in SERVICES:
        plug_upstream(built["gateway"], name, httpx.ASGITransport(app=built[name]))
    return built


@pytest.fixture(params=PROCESSES)
async def process(
    request: pytest.FixtureRequest, apps: dict[str, FastAPI], database_urls: dict[str, str]
) -> AsyncIterator[tuple[str, httpx.AsyncClient]]:
    name: str = request.param
    async with serving(apps[name], database_urls) as client:
        yield name, client


def problem(response: httpx.Response, status: int, detail: str, instance: str, **extra: Any) -> None:
    """The whole body, member by member: nothing missing and nothing more."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": TITLES[status],
        "status": status,
        "detail": detail,
        "instance": instance,
        **extra,
        "request_id": response.headers["x-request-id"],
    }


# RFC 9110 § 15's phrases, written out rather than taken from the code under test.
TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    503: "Service Unavailable",
}

# A route of each service that reads a JSON body, the role that may call it and one valid body; the gateway
# has no JSON body of its own (its token endpoint takes forms), so it is asked through its pass-through.
JSON_ROUTES: dict[str, tuple[str, str, Role, dict[str, Any], str]] = {
    "categorisation": ("PUT", "/v1/years/2024/parameters", Role.ANALYST, {"national_convicted_pct": "x"}, ""),
    "allocation": (
        "POST",
        "/v1/acute-applications",
        Role.ALLOCATION_OFFICER,
        {"resident_of_municipality": 3},
        "",
    ),
    "referrals": ("POST", "/v1/concern-reports", Role.CASEWORKER, {"concern": 7}, ""),
}
JSON_ROUTES["gateway"] = (*JSON_ROUTES["referrals"][:4], "/api/referrals")


def json_route(name: str, keys: KeyPair) -> tuple[str, str, dict[str, str], dict[str, Any]]:
    method, path, role, invalid, prefix = JSON_ROUTES[name]
    return method, prefix + path, bearer(token_for(keys, role)), invalid


async def test_an_unknown_path_is_a_404_whose_instance_has_no_query(
    process: tuple[str, httpx.AsyncClient],
) -> None:
    _, client = process
    response = await client.get(f"/v1/nowhere?cpr={SECRET}")
    problem(response, 404, "Not Found", "/v1/nowhere")
    assert SECRET not in response.text


async def test_an_instance_stops_before_what_may_be_a_cpr_number(
    process: tuple[str, httpx.AsyncClient],
) -> None:
    _, client = process
    response = await client.get(f"/v1/nowhere/{SECRET}/journal")
    problem(response, 404, "Not Found", "/v1/nowhere")
    assert SECRET not in response.text


async def test_a_wrong_method_is_a_405_with_allow(process: tuple[str, httpx.AsyncClient]) -> None:
    _, client = process
    response = await client.delete("/healthz")
    problem(response, 405, "Method Not Allowed", "/healthz")
    assert response.headers["allow"] == "GET"


async def test_malformed_json_is_a_400(process: tuple[str, httpx.AsyncClient], keys: KeyPair) -> None:
    name, client = process
    method, path, headers, _ = json_route(name, keys)
    response = await client.request(
        method,
        path,
        content=b'{"national_convicted_pct": ',
        headers={**headers, "content-type": "application/json"},
    )
    problem(response, 400, "The request body is not valid JSON.", path)


async def test_json_in_another_media_type_is_a_415(
    process: tuple[str, httpx.AsyncClient], keys: KeyPair
) -> None:
    name, client = process
    method, path, headers, invalid = json_route(name, keys)
    for content_type in ("text/plain", "application/x-www-form-urlencoded"):
        response = await client.request(
            method, path, content=str(invalid).encode(), headers={**headers, "content-type": content_type}
        )
        problem(
            response,
            415,
            "Send the body as JSON, with the header Content-Type: application/json.",
            path,
        )


async def test_invalid_fields_are_a_422_with_their_errors(
    process: tuple[str, httpx.AsyncClient], keys: KeyPair
) -> None:
    name, client = process
    method, path, headers, invalid = json_route(name, keys)
    response = await client.request(method, path, json=invalid, headers=headers)
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert errors and all(set(error) == {"loc", "msg"} for error in errors)
    problem(response, 422, "The request has invalid fields.", path, errors=errors)


async def test_a_refused_token_is_a_401_problem(
    process: tuple[str, httpx.AsyncClient], keys: KeyPair
) -> None:
    name, client = process
    path = "/api/allocation/v1/me" if name == "gateway" else "/v1/me"
    response = await client.get(path, headers=bearer("not-a-token"))
    assert response.status_code == 401
    assert response.json()["instance"] == path
    assert (response.json()["type"], response.json()["title"]) == ("about:blank", "Unauthorized")


@pytest.mark.parametrize("name", PROCESSES)
async def test_not_ready_is_a_503_with_retry_after(
    name: str, keys: KeyPair, tmp_path: Path, make_unreachable_database: Callable[[Path], str]
) -> None:
    app = build(name, make_unreachable_database(tmp_path), keys, tmp_path)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://test"
        ) as client:
            response = await client.get("/readyz")
    finally:
        await process_of(app).engine.dispose()
    assert response.status_code == 503
    assert "database" in response.json()["down"]
    assert int(response.headers["retry-after"]) > 0


@pytest.fixture
def make_unreachable_database() -> Callable[[Path], str]:
    """A database URL nobody can open: a SQLite file in a directory that does not exist."""
    return lambda tmp: f"sqlite:///{(tmp / 'missing' / 'nothing.db').as_posix()}"


async def test_an_unreachable_service_is_a_503_with_retry_after_through_the_gateway(
    apps: dict[str, FastAPI], database_urls: dict[str, str]
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    gateway = apps["gateway"]
    plug_upstream(gateway, "allocation", httpx.MockTransport(refuse))
    try:
        async with serving(gateway, database_urls) as client:
            response = await client.get("/api/allocation/v1/me")
    finally:
        plug_upstream(gateway, "allocation", httpx.ASGITransport(app=apps["allocation"]))
    problem(
        response,
        503,
        "The allocation service is not reachable.",
        "/api/allocation/v1/me",
        service="allocation",
    )
    assert int(response.headers["retry-after"]) > 0
