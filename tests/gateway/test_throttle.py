"""Login throttling: `login_attempts` failures lock a name for the window, whatever the password."""

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from gateway.main import create_app
from tests.gateway.conftest import SettingsFactory, running
from tests.gateway.helpers import PAGE, log_in, password_grant

ATTEMPTS = 3
# Short enough to wait out, long enough that a slow password hash cannot outlast it before the check.
SHORT_WINDOW = 3


@pytest.fixture
async def throttled(
    gateway_settings: SettingsFactory, database_urls: dict[str, str]
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(gateway_settings(login_attempts=ATTEMPTS, login_window_seconds=900))
    async with running(app, database_urls) as http:
        yield http


@pytest.fixture
def quick_app(gateway_settings: SettingsFactory) -> FastAPI:
    return create_app(gateway_settings(login_attempts=1, login_window_seconds=SHORT_WINDOW))


async def test_the_token_endpoint_locks_a_name_after_the_allowed_failures(
    throttled: httpx.AsyncClient,
) -> None:
    for _ in range(ATTEMPTS):
        assert (await password_grant(throttled, "analyst", "wrong")).status_code == 400

    locked = await password_grant(throttled, "analyst", "wrong")
    right_password = await password_grant(throttled, "analyst", "demo")

    assert locked.status_code == 429
    assert locked.headers["content-type"] == "application/json"
    assert int(locked.headers["retry-after"]) > 0
    assert right_password.status_code == 429
    assert "access_token" not in right_password.json()
    # Someone guessing at "analyst" does not lock anybody else out.
    assert (await password_grant(throttled, "officer")).status_code == 200


async def test_failures_below_the_limit_do_not_lock(throttled: httpx.AsyncClient) -> None:
    for _ in range(ATTEMPTS - 1):
        assert (await password_grant(throttled, "analyst", "wrong")).status_code == 400

    assert (await password_grant(throttled, "analyst")).status_code == 200


async def test_successful_logins_do_not_count_against_the_limit(throttled: httpx.AsyncClient) -> None:
    for _ in range(ATTEMPTS + 1):
        assert (await password_grant(throttled, "analyst")).status_code == 200


async def test_the_login_page_shares_the_lock_and_says_so_in_danish(throttled: httpx.AsyncClient) -> None:
    for _ in range(ATTEMPTS):
        assert (await log_in(throttled, "officer", "wrong")).status_code == 401

    page = await log_in(throttled, "officer", "demo")
    token = await password_grant(throttled, "officer", "demo")

    assert page.status_code == 429
    assert "For mange mislykkede forsøg" in page.text
    assert "session" not in page.cookies
    assert token.status_code == 429
    assert (await throttled.get("/", headers=PAGE)).status_code == 303


async def test_the_lock_ends_when_the_window_has_passed(
    quick_app: FastAPI, database_urls: dict[str, str]
) -> None:
    async with running(quick_app, database_urls) as client:
        assert (await password_grant(client, "analyst", "wrong")).status_code == 400
        failed_at = time.monotonic()
        assert (await password_grant(client, "analyst", "demo")).status_code == 429

        await asyncio.sleep(max(0.0, failed_at + SHORT_WINDOW + 0.3 - time.monotonic()))

        assert (await password_grant(client, "analyst", "demo")).status_code == 200
