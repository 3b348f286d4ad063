"""JSON pass-through to a service faked at the transport (CONTRACT § 3)."""

import httpx
import pytest
from fastapi import FastAPI

from gateway.config import SERVICES
from gateway.main import create_app
from gateway.session import SESSION_COOKIE
from gateway.state import gateway_state
from tests.gateway.conftest import SettingsFactory
from tests.gateway.helpers import FakeService, csrf_token, log_in, plug_upstream

REQUEST_ID = "req-abc.123_x"


async def test_path_query_body_and_identity_are_forwarded(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    body = b'{"external_id": "v-1", "rooms": 4}'

    await client.post(
        "/api/allocation/v1/vacancies/v-1/report?year=2025&tag=a&tag=b%20c",
        content=body,
        headers={
            "Authorization": "Bearer some.jwt.value",
            "Content-Type": "application/json",
            "X-Request-ID": REQUEST_ID,
        },
    )

    sent = fakes["allocation"].last
    assert sent.method == "POST"
    assert sent.url.path == "/v1/vacancies/v-1/report"
    assert sent.url.params.multi_items() == [("year", "2025"), ("tag", "a"), ("tag", "b c")]
    assert sent.content == body
    assert sent.headers["authorization"] == "Bearer some.jwt.value"
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["x-request-id"] == REQUEST_ID
    assert not fakes["categorisation"].requests
    assert not fakes["referrals"].requests


async def test_encoded_characters_in_the_path_and_query_are_forwarded_as_encoded(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    # Decoding first would turn %2F into a new segment, %3F into a query and %23 into a fragment.
    await client.get("/api/categorisation/v1/areas/A%2F1%3Fx%23y/n%C3%A6st%20e?q=a+b&r=%2B&s=%26")

    sent = fakes["categorisation"].last
    assert sent.url.raw_path == b"/v1/areas/A%2F1%3Fx%23y/n%C3%A6st%20e?q=a+b&r=%2B&s=%26"
    assert sent.url.params.multi_items() == [("q", "a b"), ("r", "+"), ("s", "&")]


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
async def test_every_method_reaches_the_service_as_sent(
    client: httpx.AsyncClient, fakes: dict[str, FakeService], method: str
) -> None:
    await client.request(method, "/api/referrals/v1/cases/7")

    assert fakes["referrals"].last.method == method
    assert fakes["referrals"].last.url.path == "/v1/cases/7"


async def test_the_answer_comes_back_unchanged(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    problem = b'{"type":"about:blank","title":"Unprocessable","status":422,"detail":"bad area","x":[1,2]}'
    fakes["categorisation"].respond = lambda _request: httpx.Response(
        422,
        content=problem,
        headers={"Content-Type": "application/problem+json", "Location": "/v1/somewhere", "X-Internal": "1"},
    )

    response = await client.get("/api/categorisation/v1/years/2025/areas")

    assert response.status_code == 422
    assert response.content == problem
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["location"] == "/v1/somewhere"
    # Only the headers a caller needs travel back; internal ones stay behind the gateway.
    assert "x-internal" not in response.headers


async def test_a_binary_download_and_an_empty_answer_pass_unchanged(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    xlsx = bytes(range(256)) * 4
    fakes["categorisation"].respond = lambda request: (
        httpx.Response(204)
        if request.method == "DELETE"
        else httpx.Response(
            200,
            content=xlsx,
            headers={"Content-Type": "application/octet-stream", "Content-Disposition": "attachment; x.xlsx"},
        )
    )

    download = await client.get("/api/categorisation/v1/years/2025/export.xlsx")
    empty = await client.delete("/api/categorisation/v1/thing")

    assert download.content == xlsx
    assert download.headers["content-disposition"] == "attachment; x.xlsx"
    assert empty.status_code == 204
    assert empty.content == b""


async def test_a_link_header_passes_unchanged(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    link = '<https://example.org/schema/service.json>; rel="describedby"'
    fakes["referrals"].respond = lambda request: httpx.Response(200, json={}, headers={"Link": link})

    response = await client.get("/api/referrals/v1/offers/open-referral")

    assert response.headers["link"] == link


async def test_the_request_id_is_made_when_the_caller_sends_none(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    response = await client.get("/api/referrals/v1/offers")

    forwarded = fakes["referrals"].last.headers["x-request-id"]
    assert forwarded
    assert response.headers["x-request-id"] == forwarded


async def test_a_browser_session_cookie_travels_as_a_bearer_token(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    assert (await log_in(client, "analyst")).status_code == 303
    session_token = client.cookies[SESSION_COOKIE]

    await client.get("/api/categorisation/v1/me")

    sent = fakes["categorisation"].last
    assert sent.headers["authorization"] == f"Bearer {session_token}"
    # The service needs the token, not the browser's cookies (CSRF token, language).
    assert "cookie" not in sent.headers


async def test_an_explicit_bearer_token_wins_over_the_session_cookie(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    await log_in(client, "analyst")

    await client.get("/api/categorisation/v1/me", headers={"Authorization": "Bearer explicit"})

    assert fakes["categorisation"].last.headers["authorization"] == "Bearer explicit"


async def test_an_unknown_service_is_404_problem(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    response = await client.get("/api/payroll/v1/me")

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "payroll" in response.json()["detail"]
    assert not any(fake.requests for fake in fakes.values())


async def test_a_service_that_does_not_answer_is_503_naming_it(
    client: httpx.AsyncClient, gateway_app: FastAPI
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    plug_upstream(gateway_app, "allocation", httpx.MockTransport(refuse))

    response = await client.get("/api/allocation/v1/me", headers={"X-Request-ID": REQUEST_ID})

    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["service"] == "allocation"
    assert "allocation" in body["detail"]
    assert body["request_id"] == REQUEST_ID
    assert "refused" not in response.text


async def test_a_service_that_answers_too_slowly_is_504_naming_it(
    client: httpx.AsyncClient, gateway_app: FastAPI
) -> None:
    def stall(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    plug_upstream(gateway_app, "referrals", httpx.MockTransport(stall))

    response = await client.post("/api/referrals/v1/concern-reports", json={"concern": "x"})

    assert response.status_code == 504
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["service"] == "referrals"
    assert "referrals" in response.json()["detail"]


async def test_a_page_user_with_a_csrf_token_can_post_through(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    await log_in(client, "officer")

    response = await client.post(
        "/api/allocation/v1/vacancies",
        json={"external_id": "v-2"},
        headers={"x-csrftoken": await csrf_token(client)},
    )

    assert response.status_code == 200
    assert fakes["allocation"].last.headers["authorization"] == f"Bearer {client.cookies[SESSION_COOKIE]}"


@pytest.mark.parametrize(("status", "told"), [(502, 503), (503, 503), (504, 504)])
async def test_the_balancers_own_error_page_is_told_in_the_one_error_shape(
    client: httpx.AsyncClient, fakes: dict[str, FakeService], status: int, told: int
) -> None:
    # HAProxy in front of a service's replicas answers for a replica that died: its HTML never passes on.
    page = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    fakes["allocation"].respond = lambda _request: httpx.Response(
        status, text=page, headers={"content-type": "text/html"}
    )
    response = await client.get("/api/allocation/v1/me", headers={"Authorization": "Bearer t"})
    assert response.status_code == told
    assert response.headers["content-type"] == "application/problem+json"
    assert "allocation" in response.json()["detail"] and "Bad Gateway" not in response.text


async def test_a_services_own_problem_passes_unchanged_whatever_its_status(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    problem = {"type": "about:blank", "title": "Service Unavailable", "status": 503, "detail": "readyz: db"}
    fakes["allocation"].respond = lambda _request: httpx.Response(
        503, json=problem, headers={"content-type": "application/problem+json", "retry-after": "7"}
    )
    response = await client.get("/api/allocation/v1/me", headers={"Authorization": "Bearer t"})
    assert (response.status_code, response.json(), response.headers["retry-after"]) == (503, problem, "7")


async def test_every_upstream_has_a_deadline_from_the_settings(gateway_settings: SettingsFactory) -> None:
    app = create_app(gateway_settings(upstream_timeout_seconds=3.5, upstream_connect_timeout_seconds=0.5))

    for name in SERVICES:
        upstream: httpx.AsyncClient = gateway_state(app).upstreams[name]
        assert (upstream.timeout.connect, upstream.timeout.read) == (0.5, 3.5)
        assert upstream.base_url == f"http://127.0.0.1:{8001 + SERVICES.index(name)}"
        await upstream.aclose()


async def test_service_metrics_stay_internal(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    for service in SERVICES:
        for path in ("metrics", "metrics/", "/metrics"):
            response = await client.get(f"/api/{service}/{path}")
            assert response.status_code == 404, (service, path)
            assert response.headers["content-type"] == "application/problem+json"
    assert not any(fake.requests for fake in fakes.values())


@pytest.mark.parametrize("service", SERVICES)
async def test_a_services_docs_work_through_the_gateway(
    client: httpx.AsyncClient, real_services: dict[str, FastAPI], service: str
) -> None:
    page = await client.get(f"/api/{service}/docs")
    assert page.status_code == 200
    # The page's relative addresses resolve under the prefix, to the service's own document and assets.
    assert "url: 'openapi.json'" in page.text
    script = await client.get(f"/api/{service}/docs-assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.text
    document = (await client.get(f"/api/{service}/openapi.json")).json()
    assert document["info"]["title"] == real_services[service].title
    assert document["servers"][0]["url"] == f"/api/{service}"


@pytest.mark.parametrize("path", ["/api/nope", "/api/allocation"])
async def test_a_bare_service_name_is_404_not_a_redirect(
    client: httpx.AsyncClient, fakes: dict[str, FakeService], path: str
) -> None:
    response = await client.get(path)

    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "location" not in response.headers
    assert not any(fake.requests for fake in fakes.values())
