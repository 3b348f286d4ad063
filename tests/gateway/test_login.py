"""The login page, the session cookie, logout and the language choice."""

from http.cookies import SimpleCookie

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import select, update

from gateway import identity
from gateway.i18n import LANGUAGE_COOKIE
from gateway.models import User
from gateway.session import SESSION_COOKIE
from services.kit.state import process_of
from tests.gateway.helpers import HTMX, PAGE, log_in, submit

DANISH_LOGIN_ERROR = "Brugernavn eller adgangskode er forkert, eller brugeren er deaktiveret."


def set_cookie(response: httpx.Response, name: str) -> SimpleCookie:
    """The Set-Cookie header for `name`, parsed, so its attributes can be checked."""
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(f"{name}="):
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            return cookie
    raise AssertionError(f"no Set-Cookie for {name!r}: {response.headers.get_list('set-cookie')}")


async def test_the_login_page_is_danish_by_default(client: httpx.AsyncClient) -> None:
    response = await client.get("/login", headers=PAGE)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="da">' in response.text
    assert "Log ind" in response.text
    assert 'name="csrftoken"' in response.text


async def test_good_credentials_set_the_session_and_go_on_to_next(client: httpx.AsyncClient) -> None:
    response = await log_in(client, "admin", next="/admin/users")

    assert response.status_code == 303
    assert response.headers["location"] == "/admin/users"
    assert client.cookies[SESSION_COOKIE]
    assert (await client.get("/admin/users", headers=PAGE)).status_code == 200


async def test_a_password_hashed_at_another_cost_is_hashed_again_at_the_settings_cost_on_log_in(
    client: httpx.AsyncClient, gateway_app: FastAPI
) -> None:
    # So a changed GATEWAY_ARGON2_* cost reaches each person's hash at their next log-in.
    stronger = PasswordHasher().hash("demo")
    async with process_of(gateway_app).session_factory() as session:
        await session.execute(update(User).where(User.username == "analyst").values(password_hash=stronger))
        await session.commit()

    assert (await log_in(client, "analyst")).status_code == 303

    async with process_of(gateway_app).session_factory() as session:
        stored = await session.scalar(select(User.password_hash).where(User.username == "analyst"))
    assert stored is not None and stored != stronger
    assert not identity.password_hasher(process_of(gateway_app).settings).check_needs_rehash(stored)


async def test_the_session_cookie_is_httponly_lax_and_not_secure_in_development(
    client: httpx.AsyncClient,
) -> None:
    response = await log_in(client, "analyst")

    morsel = set_cookie(response, SESSION_COOKIE)[SESSION_COOKIE]
    assert morsel["httponly"] is True
    assert morsel["samesite"].lower() == "lax"
    assert not morsel["secure"]
    assert morsel["path"] == "/"
    assert int(morsel["max-age"]) == 3600


async def test_bad_credentials_re_render_the_form_with_the_danish_error(client: httpx.AsyncClient) -> None:
    response = await log_in(client, "analyst", "wrong-password-123", next="/kategorisering")

    assert response.status_code == 401
    assert DANISH_LOGIN_ERROR in response.text
    assert 'value="analyst"' in response.text
    assert 'value="/kategorisering"' in response.text
    assert "wrong-password-123" not in response.text
    assert SESSION_COOKIE not in response.cookies


async def test_an_unknown_user_gets_the_same_error_as_a_wrong_password(client: httpx.AsyncClient) -> None:
    response = await log_in(client, "nobody", "demo")

    assert response.status_code == 401
    assert DANISH_LOGIN_ERROR in response.text


async def test_htmx_gets_hx_redirect_and_only_the_form_on_error(client: httpx.AsyncClient) -> None:
    failed = await submit(client, "/login", {"username": "analyst", "password": "nope"}, **HTMX)
    assert failed.status_code == 401
    assert DANISH_LOGIN_ERROR in failed.text
    assert "<html" not in failed.text
    assert 'id="login-form"' in failed.text

    ok = await submit(client, "/login", {"username": "analyst", "password": "demo", "next": "/x"}, **HTMX)
    assert ok.status_code == 200
    assert ok.headers["hx-redirect"] == "/x"
    assert client.cookies[SESSION_COOKIE]


OFF_SITE = [
    "https://evil.example/",
    "//evil.example/path",
    "/\\evil.example",
    "javascript:alert(1)",
    # Browsers remove tabs and newlines from a URL, which turns these into "//evil.example".
    "/\t/evil.example",
    "/\n/evil.example",
]


@pytest.mark.parametrize("target", OFF_SITE)
async def test_a_next_that_points_off_site_is_ignored(client: httpx.AsyncClient, target: str) -> None:
    response = await log_in(client, "analyst", next=target)

    assert response.status_code == 303
    assert response.headers["location"] == "/"


@pytest.mark.parametrize("target", OFF_SITE)
async def test_htmx_is_not_sent_off_site_either(client: httpx.AsyncClient, target: str) -> None:
    # HX-Redirect is followed by script, as written: nothing on the way percent-encodes it.
    response = await submit(
        client, "/login", {"username": "analyst", "password": "demo", "next": target}, **HTMX
    )

    assert response.headers["hx-redirect"] == "/"


async def test_a_local_next_with_a_query_is_followed(client: httpx.AsyncClient) -> None:
    response = await log_in(client, "analyst", next="/kategorisering?year=2025")

    assert response.headers["location"] == "/kategorisering?year=2025"


async def test_an_off_site_next_is_not_put_into_the_form(client: httpx.AsyncClient) -> None:
    response = await client.get("/login", params={"next": "https://evil.example/"}, headers=PAGE)

    assert "evil.example" not in response.text


async def test_home_without_a_session_redirects_to_login(client: httpx.AsyncClient) -> None:
    response = await client.get("/", headers=PAGE)

    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/"


async def test_a_deep_page_without_a_session_comes_back_after_login(client: httpx.AsyncClient) -> None:
    redirect = await client.get("/admin/users", headers=PAGE)
    assert redirect.headers["location"] == "/login?next=/admin/users"

    response = await log_in(client, "admin", next="/admin/users")

    assert response.headers["location"] == "/admin/users"


async def test_a_logged_in_person_on_the_login_page_goes_straight_on(client: httpx.AsyncClient) -> None:
    await log_in(client, "analyst")

    response = await client.get("/login", params={"next": "/kategorisering"}, headers=PAGE)

    assert response.status_code == 303
    assert response.headers["location"] == "/kategorisering"


async def test_logout_clears_the_cookie(client: httpx.AsyncClient) -> None:
    await log_in(client, "analyst")
    assert (await client.get("/", headers=PAGE)).status_code == 200

    response = await submit(client, "/logout", {})

    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")
    cleared = set_cookie(response, SESSION_COOKIE)[SESSION_COOKIE]
    assert cleared.value in ("", '""')
    assert int(cleared["max-age"]) == 0
    assert SESSION_COOKIE not in client.cookies
    assert (await client.get("/", headers=PAGE)).status_code == 303


async def test_a_tampered_session_cookie_is_no_session(client: httpx.AsyncClient) -> None:
    await log_in(client, "analyst")
    client.cookies.set(SESSION_COOKIE, client.cookies[SESSION_COOKIE][:-4] + "AAAA")

    response = await client.get("/", headers=PAGE)

    assert response.status_code == 303


async def test_the_language_switch_makes_the_next_page_english(client: httpx.AsyncClient) -> None:
    response = await submit(client, "/language", {"lang": "en", "next": "/login"})

    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert set_cookie(response, LANGUAGE_COOKIE)[LANGUAGE_COOKIE].value == "en"
    page = await client.get("/login", headers=PAGE)
    assert '<html lang="en">' in page.text
    assert "<h1>Log in</h1>" in page.text
    assert "Brugernavn" not in page.text


async def test_an_unknown_language_is_not_stored(client: httpx.AsyncClient) -> None:
    response = await submit(client, "/language", {"lang": "xx", "next": "https://evil.example/"})

    assert response.headers["location"] == "/"
    assert LANGUAGE_COOKIE not in response.cookies
    assert '<html lang="da">' in (await client.get("/login", headers=PAGE)).text
