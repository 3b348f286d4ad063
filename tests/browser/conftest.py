"""Real Chromium (Debian's, never a downloaded one) against the four real processes on loopback."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, StorageState, ViewportSize, expect, sync_playwright

from tests.browser.support import Browsing, PageWatch
from tests.processes import Stack

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# Long enough for a loaded machine, short enough that a page that never comes fails the test quickly.
TIMEOUT_MS = 15_000
expect.set_options(timeout=TIMEOUT_MS)
VIEWPORT = ViewportSize(width=1280, height=900)


# Package scope, not session: while Playwright's sync API is open, its event loop counts as running on this
# thread, and pytest-asyncio could not run the async tests collected after this package. (The processes
# it drives are another matter: they live for the session, shared with the end-to-end tests.)
@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; missing Chromium skips, or fails with REQUIRE_BROWSER=1."""
    if not CHROMIUM.is_file():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package to run the browser tests"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} (REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="package")
def stack(browser: Browser, shared_stack: Stack) -> Stack:
    """The gateway and the three services with demo data: the worker's shared stack (tests/conftest.py),
    once Chromium is known to be there."""
    return shared_stack


@pytest.fixture(scope="package")
def sessions(browser: Browser, stack: Stack) -> Callable[[str], StorageState]:
    """The cookies of a logged-in demo user, logged in through the form once per session and user."""
    states: dict[str, StorageState] = {}

    def state_for(username: str) -> StorageState:
        if username not in states:
            context = browser.new_context(base_url=stack.url(), viewport=VIEWPORT)
            context.set_default_timeout(TIMEOUT_MS)
            browsing = Browsing(stack=stack, context=context, page=context.new_page(), watch=PageWatch())
            browsing.login(username)
            states[username] = context.storage_state()
            context.close()
        return states[username]

    return state_for


@pytest.fixture
def new_browsing(
    browser: Browser, stack: Stack, sessions: Callable[[str], StorageState]
) -> Iterator[Callable[..., Browsing]]:
    """Open fresh browser contexts, optionally logged in and in English; all closed when the test ends."""
    opened: list[Browsing] = []

    def make(*, user: str | None = None, language: str | None = None, width: int | None = None) -> Browsing:
        context = browser.new_context(
            base_url=stack.url(),
            viewport=ViewportSize(width=width, height=VIEWPORT["height"]) if width else VIEWPORT,
            storage_state=sessions(user) if user else None,
        )
        context.set_default_timeout(TIMEOUT_MS)
        if language:
            context.add_cookies([{"name": "lang", "value": language, "url": stack.url()}])
        page = context.new_page()
        watch = PageWatch()
        watch.attach(page)
        opened.append(Browsing(stack=stack, context=context, page=page, watch=watch))
        return opened[-1]

    yield make
    for browsing in opened:
        browsing.context.close()


@pytest.fixture
def browsing(new_browsing: Callable[..., Browsing]) -> Browsing:
    """A fresh browser context with its page, not logged in, in Danish."""
    return new_browsing()
