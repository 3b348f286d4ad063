"""Password spraying and lock-outs (issue 13 item 5; docs/security.md V6).

One password tried against many names from one address is slowed per address; a name's lock-out does
not stop its owner at an address the name has logged in from before.
"""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import httpx
import pytest
from fastapi import FastAPI

from gateway.main import create_app
from gateway.state import gateway_state
from tests.conftest import serving
from tests.gateway.conftest import SettingsFactory, load_demo
from tests.gateway.helpers import log_in, password_grant

NAME_ATTEMPTS, ADDRESS_ATTEMPTS = 5, 10
SPRAYED_NAMES = [f"person{i:02}" for i in range(12)]
Browser = Callable[[str], AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def app(gateway_settings: SettingsFactory) -> FastAPI:
    return create_app(
        gateway_settings(
            login_attempts=NAME_ATTEMPTS, login_address_attempts=ADDRESS_ATTEMPTS, login_window_seconds=900
        )
    )


@pytest.fixture
async def from_address(app: FastAPI, database_urls: dict[str, str]) -> AsyncIterator[Browser]:
    """Clients of the one gateway, each calling from its own address."""
    async with serving(app, database_urls):
        await load_demo(app)

        @asynccontextmanager
        async def at(address: str) -> AsyncIterator[httpx.AsyncClient]:
            transport = httpx.ASGITransport(app=app, client=(address, 40000))
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
                yield client

        yield at
        for upstream in gateway_state(app).upstreams.values():
            await upstream.aclose()


async def test_one_password_across_twelve_names_from_one_address_is_slowed(from_address: Browser) -> None:
    async with from_address("203.0.113.7") as sprayer, from_address("198.51.100.2") as elsewhere:
        answers = [await password_grant(sprayer, name, "Sommer2026!") for name in SPRAYED_NAMES]

        statuses = [a.status_code for a in answers]
        assert statuses == [400] * ADDRESS_ATTEMPTS + [429] * (len(SPRAYED_NAMES) - ADDRESS_ATTEMPTS)
        assert all(int(a.headers["retry-after"]) > 0 for a in answers if a.status_code == 429)
        # No name was tried more than once: the old per-name limit alone never fired.
        assert len(set(SPRAYED_NAMES)) == len(SPRAYED_NAMES)
        # The address is slowed for other names too, even with the right password ...
        assert (await password_grant(sprayer, "analyst")).status_code == 429
        # ... and nobody else is.
        assert (await password_grant(elsewhere, "analyst")).status_code == 200


async def test_a_name_known_at_the_address_is_not_slowed_by_the_spray(from_address: Browser) -> None:
    """Colleagues behind one office address: a name that logged in there before keeps working."""
    async with from_address("192.0.2.10") as office:
        assert (await password_grant(office, "officer")).status_code == 200
        for name in SPRAYED_NAMES:
            await password_grant(office, name, "Sommer2026!")

        assert (await password_grant(office, "manager")).status_code == 429
        assert (await password_grant(office, "officer")).status_code == 200


async def test_a_locked_name_still_logs_in_from_its_known_address(from_address: Browser) -> None:
    async with (
        from_address("192.0.2.10") as own_desk,
        from_address("203.0.113.7") as attacker,
        from_address("198.51.100.2") as new_place,
    ):
        assert (await password_grant(own_desk, "analyst")).status_code == 200
        for _ in range(NAME_ATTEMPTS):
            assert (await password_grant(attacker, "analyst", "guess")).status_code == 400

        # The name is locked for the attacker and for any place it was never used from ...
        assert (await password_grant(attacker, "analyst")).status_code == 429
        assert (await password_grant(new_place, "analyst")).status_code == 429
        # ... but not for its owner at their own desk, on the form or the API.
        assert (await password_grant(own_desk, "analyst")).status_code == 200
        assert (await log_in(own_desk, "analyst")).status_code == 303


async def test_the_known_address_still_has_its_own_limit(from_address: Browser) -> None:
    """Guessing at a known name from its own address is still limited (per name and address)."""
    async with from_address("192.0.2.10") as desk:
        assert (await password_grant(desk, "analyst")).status_code == 200
        for _ in range(NAME_ATTEMPTS):
            assert (await password_grant(desk, "analyst", "guess")).status_code == 400

        assert (await password_grant(desk, "analyst")).status_code == 429


async def test_the_login_page_says_when_to_try_again(from_address: Browser) -> None:
    async with from_address("203.0.113.7") as browser:
        for name in SPRAYED_NAMES[:ADDRESS_ATTEMPTS]:
            await log_in(browser, name, "Sommer2026!")

        page = await log_in(browser, "caseworker")

        assert page.status_code == 429
        assert 0 < int(page.headers["retry-after"]) <= 900
        assert "For mange mislykkede forsøg" in page.text
