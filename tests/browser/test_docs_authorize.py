"""CONTRACT § 2: "Authorize" in a service's /docs fetches a token from the gateway's token endpoint (the
OAuth2 scheme's tokenUrl, another origin: CORS), and "Try it out" then calls the service with it."""

import pytest
from playwright.sync_api import Browser, expect

from tests.processes import Stack

pytestmark = pytest.mark.browser


def test_authorize_in_a_services_docs_gets_a_token_from_the_gateway(browser: Browser, stack: Stack) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        token_requests: list[str] = []
        page.on("request", lambda r: token_requests.append(r.url) if r.url.endswith("/auth/token") else None)
        page.goto(stack.url("categorisation") + "/docs")

        page.locator("button.authorize").first.click()
        password_flow = page.locator(".auth-container").filter(has_text="password")
        password_flow.locator("#oauth_username").fill("analyst")
        password_flow.locator("#oauth_password").fill("demo")
        password_flow.locator("button.authorize").click()
        expect(password_flow.locator("button", has_text="Logout")).to_be_visible()
        page.locator("button.btn-done").first.click()

        me = page.locator(".opblock").filter(has_text="/v1/me")
        me.locator(".opblock-summary").click()
        me.locator("button.try-out__btn").click()
        me.locator("button.execute").click()

        expect(me.locator(".live-responses-table tr.response .response-col_status")).to_have_text("200")
        expect(me.locator(".live-responses-table")).to_contain_text("user:analyst")
        assert token_requests == [stack.url() + "/auth/token"]
    finally:
        context.close()
