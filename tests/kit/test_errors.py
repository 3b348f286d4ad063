"""Every failure becomes RFC 9457 problem details with the request id, and never leaks input or internals."""

from collections.abc import AsyncIterator
from typing import Annotated

import httpx
import pytest
from fastapi import FastAPI, Form, Query
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

from services.kit.app import document_problems
from services.kit.errors import (
    PROBLEM_JSON,
    Conflict,
    NotFound,
    Problem,
    ServiceUnavailable,
    Unauthorized,
    install_error_handlers,
    instance_path,
    problem_responses,
)
from services.kit.observability import Metrics, RequestContextMiddleware
from tests.support import asgi_client

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance", "request_id"}
SECRET = "0101701234"
# RFC 9110 § 15, spelled out here rather than taken from the code under test.
STANDARD_PHRASES = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    503: "Service Unavailable",
}  # what a citizen's CPR number looks like: must never come back in an error


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

    @app.post("/login")
    async def login(username: Annotated[str, Form()]) -> dict[str, str]:
        return {"ok": username}

    @app.get("/busy")
    async def busy() -> None:
        refusal = ServiceUnavailable("Busy with the yearly run.")
        refusal.headers["Retry-After"] = "120"
        raise refusal

    @app.get("/taken")
    async def taken() -> None:
        class CodeTaken(Conflict):
            title = "An offer with that code exists"

        raise CodeTaken("The code is taken.")

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
    # Every problem is about:blank, titled with the status's standard phrase (RFC 9457 § 4.2.1).
    assert body["type"] == "about:blank"
    assert body["title"] == STANDARD_PHRASES[status]
    # The id in the body is the one the caller sees in the header and operations find in the logs.
    assert body["request_id"] == response.headers["x-request-id"]
    Problem.model_validate(body)  # the schema the OpenAPI documents for every error
    return body


async def test_a_domain_error_has_the_problem_shape(client: httpx.AsyncClient) -> None:
    response = await client.get("/things/7", headers={"X-Request-ID": "trace-42"})
    body = problem_of(response, 404)
    assert body == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "No thing 7.",
        "instance": "/things/7",
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
    assert people["415"]["content"] == problem_body
    assert "400" not in things and "415" not in things  # no body, nothing to be unreadable
    schemas = document["components"]["schemas"]
    assert {"Problem", "FieldError"} <= set(schemas)
    assert not {"HTTPValidationError", "ValidationError"} & set(schemas)


async def test_a_domain_errors_own_title_gives_way_to_the_status_phrase(client: httpx.AsyncClient) -> None:
    body = problem_of(await client.get("/taken"), 409)
    assert (body["title"], body["detail"]) == ("Conflict", "The code is taken.")


async def test_malformed_json_is_a_400_not_a_422(client: httpx.AsyncClient) -> None:
    response = await client.post("/people", content=b'{"cpr": ', headers={"content-type": "application/json"})
    body = problem_of(response, 400)
    assert set(body) == PROBLEM_KEYS
    assert body["detail"] == "The request body is not valid JSON."
    assert body["instance"] == "/people"


@pytest.mark.parametrize(
    "headers",
    [{"content-type": "text/plain"}, {"content-type": "application/x-www-form-urlencoded"}, {}],
    ids=["text", "form", "none"],
)
async def test_a_json_body_in_another_media_type_is_a_415(
    client: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    response = await client.post("/people", content=b'{"cpr": "010170-1234", "age": 3}', headers=headers)
    body = problem_of(response, 415)
    assert set(body) == PROBLEM_KEYS
    assert "application/json" in str(body["detail"])


async def test_json_with_a_suffix_or_parameters_is_json(client: httpx.AsyncClient) -> None:
    good = b'{"cpr": "010170-1234", "age": 3}'
    for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
        response = await client.post("/people", content=good, headers={"content-type": content_type})
        assert response.status_code == 200, (content_type, response.text)


async def test_invalid_json_fields_stay_a_422_and_a_form_route_is_no_415(client: httpx.AsyncClient) -> None:
    problem_of(await client.post("/people", json={"cpr": "x", "age": 3}), 422)
    # A route that reads a form refuses a JSON body as a form without its fields, not as a media type.
    problem_of(await client.post("/login", json={"username": "x"}), 422)


@pytest.mark.parametrize(
    ("path", "instance"),
    [
        ("/things/7?cpr=0101701234", "/things/7"),
        ("/v1/cases/0101701234/journal", "/v1/cases"),
        ("/v1/cases/010170-1234", "/v1/cases"),
        ("/v1/people/Jens Hansen", "/v1/people"),
        ("/v1/people/s%C3%B8ren", "/v1/people"),
        ("/v1/areas/DEMO-01/history", "/v1/areas/DEMO-01/history"),
    ],
)
async def test_instance_is_the_path_without_query_or_what_may_be_personal_data(
    client: httpx.AsyncClient, path: str, instance: str
) -> None:
    response = await client.get(path)
    assert response.json()["instance"] == instance
    assert "0101701234" not in response.text and "Hansen" not in response.text


def test_instance_takes_the_gateways_prefix_only_for_the_service_itself() -> None:
    assert instance_path("/v1/me", "/api/referrals") == "/api/referrals/v1/me"
    assert instance_path("/") == "/"


@pytest.mark.parametrize(
    ("forwarded", "instance"),
    [("/api/errors-test", "/api/errors-test/things/7"), ("/api/other", "/things/7"), ("/evil", "/things/7")],
)
async def test_the_forwarded_prefix_is_believed_only_when_it_names_this_service(
    client: httpx.AsyncClient, forwarded: str, instance: str
) -> None:
    response = await client.get("/things/7", headers={"x-forwarded-prefix": forwarded})
    assert response.json()["instance"] == instance


async def test_a_405_names_the_allowed_methods(client: httpx.AsyncClient) -> None:
    response = await client.delete("/people")
    problem_of(response, 405)
    assert response.headers["allow"] == "POST"


async def test_every_503_says_when_to_come_back(client: httpx.AsyncClient) -> None:
    default = await client.get("/upstream")
    problem_of(default, 503)
    assert default.headers["retry-after"] == "5"
    # What refuses may know better; its own value stands, once.
    own = await client.get("/busy")
    problem_of(own, 503)
    assert own.headers.get_list("retry-after") == ["120"]


async def test_a_429_or_503_without_a_problem_body_gets_retry_after_too() -> None:
    app = build_app()

    @app.get("/plain-429")
    async def plain() -> PlainTextResponse:
        return PlainTextResponse("slow down", status_code=429)

    async with asgi_client(app) as http:
        response = await http.get("/plain-429")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "60"
