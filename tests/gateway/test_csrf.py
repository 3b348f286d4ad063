"""CSRF: unsafe requests riding on browser cookies need the double-submitted token; bearer calls do not."""

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select

from gateway.models import User
from gateway.security import CSRF_COOKIE
from gateway.session import SESSION_COOKIE
from services.kit.state import process_of
from tests.gateway.helpers import PAGE, FakeService, csrf_token, log_in, password_grant, submit

CREDENTIALS = {"username": "analyst", "password": "demo", "next": "/"}


def assert_csrf_refusal(response: httpx.Response) -> None:
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert (problem["type"], problem["title"]) == ("about:blank", "Forbidden")
    assert "came from another site" in problem["detail"]
    assert SESSION_COOKIE not in response.cookies


@pytest.mark.parametrize("path", ["/login", "/logout", "/language"])
async def test_the_session_pages_refuse_a_post_without_the_token_even_without_cookies(
    client: httpx.AsyncClient, path: str
) -> None:
    # A login CSRF plants the attacker's session in a browser that has no cookie of ours yet.
    response = await client.post(path, data={**CREDENTIALS, "lang": "en"}, headers=PAGE)

    assert_csrf_refusal(response)


async def test_a_csrf_refusal_carries_the_request_id_and_is_counted(client: httpx.AsyncClient) -> None:
    # Found again in the access log and the metrics like any other answer (CONTRACT § 3's error shape).
    response = await client.post("/logout", headers={**PAGE, "X-Request-ID": "csrf-probe-1"})

    assert_csrf_refusal(response)
    assert response.json()["request_id"] == "csrf-probe-1"
    assert response.headers["x-request-id"] == "csrf-probe-1"
    assert response.headers["x-frame-options"] == "DENY"
    metrics = await client.get("/metrics")
    # Refused before routing, so under the route label for unrouted requests.
    assert 'http_requests_total{method="POST",route="unmatched",service="gateway",status="403"} 1.0' in (
        metrics.text
    )


async def test_login_with_a_token_that_does_not_match_the_cookie_is_refused(
    client: httpx.AsyncClient,
) -> None:
    await csrf_token(client)

    response = await client.post("/login", data={**CREDENTIALS, "csrftoken": "not-the-token"}, headers=PAGE)

    assert_csrf_refusal(response)


async def test_login_with_the_token_works(client: httpx.AsyncClient) -> None:
    response = await submit(client, "/login", CREDENTIALS)

    assert response.status_code == 303
    assert SESSION_COOKIE in response.cookies


async def test_a_forged_unsigned_csrf_cookie_is_not_accepted(client: httpx.AsyncClient) -> None:
    client.cookies.set(CSRF_COOKIE, "attacker-chosen")

    response = await client.post(
        "/login", data={**CREDENTIALS, "csrftoken": "attacker-chosen"}, headers={**PAGE, "x-csrftoken": "x"}
    )

    assert_csrf_refusal(response)


async def test_a_cookie_authenticated_api_post_needs_the_header(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    await log_in(client, "officer")

    refused = await client.post("/api/allocation/v1/vacancies", json={"external_id": "v-1"})
    assert refused.status_code == 403
    assert not fakes["allocation"].requests

    accepted = await client.post(
        "/api/allocation/v1/vacancies",
        json={"external_id": "v-1"},
        headers={"x-csrftoken": await csrf_token(client)},
    )
    assert accepted.status_code == 200
    assert fakes["allocation"].last.url.path == "/v1/vacancies"


async def test_a_cookie_authenticated_form_post_to_an_admin_page_needs_the_token(
    client: httpx.AsyncClient, gateway_app: FastAPI
) -> None:
    await log_in(client, "admin")
    form = {"username": "mallory", "display_name": "M", "password": "x" * 20, "roles": "admin"}

    response = await client.post("/admin/users", data=form, headers=PAGE)

    assert response.status_code == 403
    async with process_of(gateway_app).session_factory() as session:
        assert await session.scalar(select(User).where(User.username == "mallory")) is None


async def test_bearer_calls_need_no_csrf_token(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    token = (await password_grant(client, "officer")).json()["access_token"]

    without_cookies = await client.post(
        "/api/allocation/v1/vacancies", json={}, headers={"Authorization": f"Bearer {token}"}
    )
    await log_in(client, "officer")
    with_cookies = await client.post(
        "/api/allocation/v1/vacancies", json={}, headers={"Authorization": f"Bearer {token}"}
    )

    assert without_cookies.status_code == 200
    assert with_cookies.status_code == 200
    assert len(fakes["allocation"].requests) == 2


async def test_the_token_endpoint_needs_no_csrf_token_from_a_browser_with_cookies(
    client: httpx.AsyncClient,
) -> None:
    await log_in(client, "analyst")

    response = await password_grant(client, "analyst")

    assert response.status_code == 200


async def test_safe_methods_pass_without_a_token(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    await log_in(client, "analyst")

    response = await client.get("/api/categorisation/v1/years")

    assert response.status_code == 200
    assert fakes["categorisation"].last.method == "GET"
