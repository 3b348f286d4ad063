"""Pages: security headers, the home page per role and the error pages."""

import httpx
import pytest

from tests.gateway.helpers import HTMX, PAGE, log_in

# On one backend (tests/conftest.py): the pages draw and send what the services answer and store; the
# services' SQL has its own tests on both backends.
pytestmark = pytest.mark.one_backend

STAFF_LINKS = ('href="/admin/users"', 'href="/operations"')


@pytest.mark.parametrize("path", ["/login", "/", "/admin/users", "/no-such-page"])
async def test_pages_carry_the_security_headers(client: httpx.AsyncClient, path: str) -> None:
    if path != "/login":
        await log_in(client, "analyst")

    response = await client.get(path, headers=PAGE)

    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] in (
        "same-origin",
        "strict-origin-when-cross-origin",
        "no-referrer",
    )
    assert response.headers["cache-control"] == "no-store"
    # Only production is served over TLS; HSTS on plain http would be ignored at best.
    assert "strict-transport-security" not in response.headers


async def test_pages_have_no_inline_script_the_policy_would_block(client: httpx.AsyncClient) -> None:
    await log_in(client, "admin")

    for path in ("/login", "/", "/admin/users"):
        text = (await client.get(path, headers=PAGE)).text
        assert "<script>" not in text
        assert " onclick=" not in text
        assert "<style" not in text


async def test_the_json_routes_carry_the_headers_too(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")

    assert response.json() == {"status": "ok"}
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


async def test_admin_home_links_to_users_and_service_apis(client: httpx.AsyncClient) -> None:
    await log_in(client, "admin")

    response = await client.get("/", headers=PAGE)

    assert response.status_code == 200
    assert "Velkommen, Alma Administrator" in response.text
    for link in STAFF_LINKS:
        assert link in response.text
    assert "Brugere" in response.text


@pytest.mark.parametrize("username", ["analyst", "officer", "caseworker", "manager"])
async def test_other_roles_see_no_admin_links(client: httpx.AsyncClient, username: str) -> None:
    await log_in(client, username)

    response = await client.get("/", headers=PAGE)

    assert response.status_code == 200
    for link in STAFF_LINKS:
        assert link not in response.text


async def test_the_analyst_is_offered_the_categorisation(client: httpx.AsyncClient) -> None:
    await log_in(client, "analyst")

    response = await client.get("/", headers=PAGE)

    assert 'href="/kategorisering"' in response.text
    assert 'aria-current="page"' in response.text


async def test_the_caseworker_is_not_offered_the_categorisation(client: httpx.AsyncClient) -> None:
    await log_in(client, "caseworker")

    response = await client.get("/", headers=PAGE)

    assert 'href="/kategorisering"' not in response.text


async def test_a_page_for_another_role_is_a_403_page(client: httpx.AsyncClient) -> None:
    await log_in(client, "analyst")

    response = await client.get("/admin/users", headers=PAGE)

    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert "Ingen adgang" in response.text
    assert "Alma Administrator" not in response.text


async def test_an_unknown_page_is_a_404_page_and_unknown_json_is_a_problem(client: httpx.AsyncClient) -> None:
    page = await client.get("/no-such-page", headers=PAGE)
    json = await client.get("/no-such-page")

    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert json.status_code == 404
    assert json.headers["content-type"] == "application/problem+json"


async def test_htmx_without_a_session_is_told_to_go_to_login(client: httpx.AsyncClient) -> None:
    response = await client.get("/admin/users", headers=HTMX)

    assert response.headers["hx-redirect"] == "/login?next=/admin/users"


async def test_a_machine_token_is_no_page_session(client: httpx.AsyncClient) -> None:
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
    client.cookies.set("session", token)

    response = await client.get("/", headers=PAGE)

    assert response.status_code == 303


async def test_pages_vary_on_htmx(client: httpx.AsyncClient) -> None:
    response = await client.get("/login", headers=PAGE)

    assert "HX-Request" in response.headers["vary"]
