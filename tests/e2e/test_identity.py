"""Login, token and pass-through across the four real processes (CONTRACT §§ 1-3)."""

import time
import uuid

import httpx
import pytest
from jose import jwt

from tests.e2e.conftest import DEMO_IDENTITIES, DEMO_USERS, SERVICES, get_token
from tests.processes import Stack

pytestmark = pytest.mark.e2e

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def browser_client(gateway: str) -> httpx.Client:
    """An httpx client that behaves like a browser: keeps cookies, asks for HTML, follows nothing itself."""
    return httpx.Client(
        base_url=gateway, follow_redirects=False, timeout=10, headers={"Accept": BROWSER_ACCEPT}
    )


@pytest.mark.parametrize("name", DEMO_IDENTITIES)
def test_every_demo_identity_gets_a_signed_token(gateway: str, name: str) -> None:
    token = get_token(gateway, DEMO_IDENTITIES[name])
    header = jwt.get_unverified_header(token)
    assert header["alg"] in ("RS256", "ES256")
    keys = httpx.get(f"{gateway}/.well-known/jwks.json").json()["keys"]
    assert header.get("kid") in {key.get("kid") for key in keys}


@pytest.mark.parametrize("service", SERVICES)
@pytest.mark.parametrize("name", DEMO_IDENTITIES)
def test_each_service_reads_the_principal_through_the_gateway(
    gateway: str, tokens: dict[str, str], name: str, service: str
) -> None:
    identity = DEMO_IDENTITIES[name]
    response = httpx.get(
        f"{gateway}/api/{service}/v1/me", headers={"Authorization": f"Bearer {tokens[name]}"}
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "subject": identity.subject,
        "kind": identity.kind,
        "name": identity.name,
        "roles": identity.roles,
        "housing_org": identity.housing_org,
    }


@pytest.mark.parametrize("service", SERVICES)
def test_without_a_token_each_service_answers_401_problem(gateway: str, service: str) -> None:
    response = httpx.get(f"{gateway}/api/{service}/v1/me")
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 401


def test_wrong_credentials_give_an_rfc6749_error(gateway: str) -> None:
    response = httpx.post(
        f"{gateway}/auth/token",
        data={"grant_type": "password", "username": "nobody-e2e", "password": "wrong"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": response.json()["error_description"],
    }


def test_request_id_travels_to_the_service(stack: Stack, tokens: dict[str, str]) -> None:
    request_id = f"e2e-{uuid.uuid4().hex}"
    response = httpx.get(
        f"{stack.url()}/api/referrals/v1/me",
        headers={"Authorization": f"Bearer {tokens['caseworker']}", "X-Request-ID": request_id},
    )
    assert response.status_code == 200
    assert response.headers["x-request-id"] == request_id
    # The service writes its access line after it has answered, so give it a moment.
    deadline = time.monotonic() + 5
    while request_id not in stack.log("referrals") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert request_id in stack.log("referrals")


@pytest.mark.parametrize("username", DEMO_USERS)
def test_browser_login_gives_a_session_that_shows_the_name(gateway: str, username: str) -> None:
    identity = DEMO_IDENTITIES[username]
    with browser_client(gateway) as browser:
        anonymous = browser.get("/")
        assert anonymous.status_code == 303
        assert anonymous.headers["location"].startswith("/login")

        page = browser.get("/login")
        assert page.status_code == 200
        csrf = browser.cookies.get("csrftoken")
        assert csrf, "GET /login sets no csrftoken cookie"

        login = browser.post(
            "/login", data={"username": username, "password": "demo", "csrftoken": csrf, "next": "/"}
        )
        assert login.status_code == 303, login.text
        assert login.headers["location"] == "/"
        assert browser.cookies.get("session")
        session_cookie = next(h for h in login.headers.get_list("set-cookie") if h.startswith("session="))
        assert "httponly" in session_cookie.lower()

        home = browser.get("/")
        assert home.status_code == 200
        assert identity.name in home.text

        # The session cookie also carries the person through the JSON pass-through.
        me = browser.get("/api/allocation/v1/me")
        assert me.status_code == 200
        assert me.json()["subject"] == identity.subject


def test_login_without_the_csrf_token_is_refused(gateway: str) -> None:
    with browser_client(gateway) as browser:
        browser.get("/login")
        response = browser.post("/login", data={"username": "admin", "password": "demo", "next": "/"})
        assert response.status_code == 403
        assert "session" not in browser.cookies
