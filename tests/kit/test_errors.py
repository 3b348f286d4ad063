"""Every failure becomes RFC 9457 problem details with the request id, and never leaks input or internals."""

from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
from fastapi import FastAPI, Query
from pydantic import BaseModel, Field

from services.kit.app import document_problems
from services.kit.errors import (
    PROBLEM_JSON,
    NotFound,
    Problem,
    ServiceUnavailable,
    Unauthorized,
    install_error_handlers,
    problem_responses,
)
from services.kit.observability import Metrics, RequestContextMiddleware
from tests.support import asgi_client

PROBLEM_KEYS = {"type", "title", "status", "detail", "request_id"}
SECRET = "0101701234"  # what a citizen's CPR number looks like: must never come back in an error


class Person(BaseModel):
    cpr: str = Field(pattern=r"^\d{6}-\d{4}$")
    age: int = Field(ge=0)


def build_app() -> FastAPI:
    app = FastAPI()
    metrics = Metrics("errors-test")
    install_error_handlers(app)
    document_problems(app)
    app.add_middleware(RequestContextMiddleware, metrics=metrics)

    @app.get("/things/{thing_id}", responses=problem_responses(404))
    async def thing(thing_id: int) -> dict[str, int]:
        raise NotFound(f"No thing {thing_id}.")

    @app.post("/people")
    async def people(person: Person, page: Annotated[int, Query(ge=1)] = 1) -> dict[str, str]:
        return {"ok": "yes"}

    @app.get("/upstream")
    async def upstream() -> None:
        raise ServiceUnavailable("The allocation service does not answer.", service="allocation")

    @app.get("/private")
    async def private() -> None:
        raise Unauthorized()

    @app.get("/crash")
    async def crash() -> None:
        raise RuntimeError(f"connection to postgresql://app:hunter2@db failed while reading {SECRET}")

    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(build_app()) as http:
        yield http


def problem_of(response: httpx.Response, status: int) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, object] = response.json()
    assert body["status"] == status
    # The id in the body is the one the caller sees in the header and operations find in the logs.
    assert body["request_id"] == response.headers["x-request-id"]
    Problem.model_validate(body)  # the schema the OpenAPI documents for every error
    return body


async def test_a_domain_error_has_the_problem_shape(client: httpx.AsyncClient) -> None:
    response = await client.get("/things/7", headers={"X-Request-ID": "trace-42"})
    body = problem_of(response, 404)
    assert body == {
        "type": "about:blank",
        "title": "Not found",
        "status": 404,
        "detail": "No thing 7.",
        "request_id": "trace-42",
    }


async def test_extra_members_name_what_failed(client: httpx.AsyncClient) -> None:
    body = problem_of(await client.get("/upstream"), 503)
    assert set(body) == PROBLEM_KEYS | {"service"}
    assert body["service"] == "allocation"


async def test_unauthorized_asks_for_a_bearer_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/private")
    problem_of(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("method", "path", "status"), [("GET", "/nowhere", 404), ("DELETE", "/people", 405)])
async def test_routing_errors_have_the_problem_shape(
    client: httpx.AsyncClient, method: str, path: str, status: int
) -> None:
    body = problem_of(await client.request(method, path), status)
    assert set(body) == PROBLEM_KEYS


async def test_validation_errors_list_location_and_message_only(client: httpx.AsyncClient) -> None:
    response = await client.post("/people?page=0", json={"cpr": SECRET, "age": "forty-two"})
    body = problem_of(response, 422)
    assert set(body) == PROBLEM_KEYS | {"errors"}
    errors = body["errors"]
    assert isinstance(errors, list)
    assert all(set(error) == {"loc", "msg"} for error in errors)
    assert sorted(tuple(error["loc"]) for error in errors) == [
        ("body", "age"),
        ("body", "cpr"),
        ("query", "page"),
    ]
    # The rejected values may be personal data: the answer names the fields, never repeats them.
    assert SECRET not in response.text
    assert "forty-two" not in response.text


async def test_an_unexpected_error_is_a_bare_500(client: httpx.AsyncClient) -> None:
    response = await client.get("/crash", headers={"X-Request-ID": "crash-1"})
    body = problem_of(response, 500)
    assert set(body) == PROBLEM_KEYS
    assert body["request_id"] == "crash-1"
    for leak in ("Traceback", "RuntimeError", "hunter2", "postgresql://", SECRET, ".py"):
        assert leak not in response.text


async def test_an_unreadable_body_is_a_400_problem(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/people", content=b"\x80 not utf-8", headers={"content-type": "application/json"}
    )
    problem_of(response, 400)


def test_the_openapi_documents_every_error_as_problem_json() -> None:
    document = build_app().openapi()
    problem_body = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    things = document["paths"]["/things/{thing_id}"]["get"]["responses"]
    people = document["paths"]["/people"]["post"]["responses"]
    assert things["404"]["content"] == problem_body
    # FastAPI's own validation-error schema is replaced by what the handler really sends.
    assert things["422"]["content"] == problem_body
    assert people["422"]["content"] == problem_body
    assert people["400"]["content"] == problem_body
    assert "400" not in things  # no body, nothing to be unreadable
    schemas = document["components"]["schemas"]
    assert {"Problem", "FieldError"} <= set(schemas)
    assert not {"HTTPValidationError", "ValidationError"} & set(schemas)
