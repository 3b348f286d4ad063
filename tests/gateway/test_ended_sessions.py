"""An ended session stays ended however the browser (or an attacker) spells the cookie (issue 13).

The gateway must read the Cookie header exactly as the framework does: otherwise `session ="<token>"`
slips past the check and the framework still finds the session behind it.
"""

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI

from gateway.session import SESSION_COOKIE, session_cookie
from tests.gateway.conftest import running
from tests.gateway.helpers import PAGE, FakeService, log_in, submit, user_id
from tests.support import asgi_client

# Each spelling of one Cookie header that Starlette's parser reads as the session cookie.
SPELLINGS: dict[str, Callable[[str], str]] = {
    "plain": lambda t: f"{SESSION_COOKIE}={t}",
    "quoted": lambda t: f'{SESSION_COOKIE}="{t}"',
    "space-before-equals": lambda t: f"{SESSION_COOKIE} ={t}",
    "space-after-equals": lambda t: f"{SESSION_COOKIE}= {t}",
    "spaces-and-quotes": lambda t: f'  {SESSION_COOKIE} = "{t}" ',
    "among-others": lambda t: f"lang=da; {SESSION_COOKIE}={t}; theme=dark",
    "duplicate": lambda t: f"{SESSION_COOKIE}={t}; {SESSION_COOKIE} = {t}",
    "after-an-empty-one": lambda t: f"{SESSION_COOKIE}=; {SESSION_COOKIE}={t}",
    "no-separator-space": lambda t: f"a=1;{SESSION_COOKIE}={t};b=2",
}


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_every_spelling_is_read_as_the_framework_reads_it(spelling: str) -> None:
    assert session_cookie(SPELLINGS[spelling]("tok.en.x")) == "tok.en.x"


async def assert_no_session(
    app: FastAPI, fakes: dict[str, FakeService], headers: list[tuple[str, str]], page: str
) -> None:
    """Neither a page nor the pass-through sees a session behind these raw headers."""
    # A fresh client: no cookie jar of its own, so the raw headers are all the gateway gets.
    async with asgi_client(app) as fresh:
        answer = await fresh.get(page, headers=[*PAGE.items(), *headers])
        assert answer.status_code == 303, (headers, answer.status_code)
        assert answer.headers["location"].startswith("/login")

        await fresh.get("/api/referrals/v1/me", headers=headers)
        assert "authorization" not in fakes["referrals"].last.headers, headers


@pytest.fixture
async def admin(gateway_app: FastAPI, database_urls: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    async with running(gateway_app, database_urls) as http:
        assert (await log_in(http, "admin")).status_code == 303
        yield http


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
async def test_a_logged_out_session_is_refused_in_every_spelling(
    client: httpx.AsyncClient, gateway_app: FastAPI, fakes: dict[str, FakeService], spelling: str
) -> None:
    await log_in(client, "admin")
    token = client.cookies[SESSION_COOKIE]
    header = SPELLINGS[spelling](token)
    # The control: before logout, this very spelling is a session, for pages and for /api.
    async with asgi_client(gateway_app) as fresh:
        assert (await fresh.get("/admin/users", headers={**PAGE, "Cookie": header})).status_code == 200
        await fresh.get("/api/referrals/v1/me", headers={"Cookie": header})
        assert fakes["referrals"].last.headers["authorization"] == f"Bearer {token}"

    assert (await submit(client, "/logout", {})).status_code == 303

    await assert_no_session(gateway_app, fakes, [("cookie", header)], "/admin/users")


async def test_an_ended_session_in_a_second_cookie_header_is_refused(
    client: httpx.AsyncClient, gateway_app: FastAPI, fakes: dict[str, FakeService]
) -> None:
    await log_in(client, "admin")
    token = client.cookies[SESSION_COOKIE]
    await submit(client, "/logout", {})

    for headers in (
        [("cookie", "lang=da"), ("cookie", f"{SESSION_COOKIE} = {token}")],
        [("cookie", f'{SESSION_COOKIE}="{token}"'), ("cookie", f"{SESSION_COOKIE}={token}")],
    ):
        await assert_no_session(gateway_app, fakes, headers, "/admin/users")


async def test_a_good_session_after_an_ended_duplicate_still_works(
    client: httpx.AsyncClient, gateway_app: FastAPI, fakes: dict[str, FakeService]
) -> None:
    """Only the ended token is taken away: a fresh login in the same header keeps working."""
    await log_in(client, "admin")
    ended = client.cookies[SESSION_COOKIE]
    await submit(client, "/logout", {})
    await log_in(client, "admin")
    good = client.cookies[SESSION_COOKIE]

    async with asgi_client(gateway_app) as fresh:
        header = f'{SESSION_COOKIE} = "{ended}"; {SESSION_COOKIE}={good}'
        assert (await fresh.get("/admin/users", headers={**PAGE, "Cookie": header})).status_code == 200


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
async def test_a_deactivated_persons_session_is_refused_in_every_spelling(
    admin: httpx.AsyncClient, gateway_app: FastAPI, fakes: dict[str, FakeService], spelling: str
) -> None:
    async with asgi_client(gateway_app) as browser:
        assert (await log_in(browser, "caseworker")).status_code == 303
        token = browser.cookies[SESSION_COOKIE]
    header = SPELLINGS[spelling](token)
    async with asgi_client(gateway_app) as fresh:
        assert (await fresh.get("/", headers={**PAGE, "Cookie": header})).status_code == 200

    caseworker = await user_id(gateway_app, "caseworker")
    assert (await submit(admin, f"/admin/users/{caseworker}/active", {"active": "false"})).status_code == 303

    await assert_no_session(gateway_app, fakes, [("cookie", header)], "/")
