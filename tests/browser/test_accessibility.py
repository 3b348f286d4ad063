"""Every page against WCAG 2.1 AA with axe-core, and without a single Content Security Policy violation."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import Browsing, assert_accessible, axe_violations, describe

pytestmark = pytest.mark.browser
# WCAG 1.4.10 (reflow): at 320 CSS px the page works without scrolling sideways (wide tables scroll alone).
NARROW = 320


def show_login_error(page: Page) -> None:
    page.locator("#username").fill("nobody")
    page.locator("#password").fill("wrong")
    page.locator("#login-form [type=submit]").click()
    expect(page.locator("#login-error")).to_be_visible()


def show_user_form_errors(page: Page) -> None:
    page.locator("#user-form [type=submit]").click()
    expect(page.locator("#user-form-errors")).to_be_visible()


@dataclass(frozen=True)
class Scan:
    """One page to scan: its address and h1, whose session, which language, what to do on it first."""

    path: str
    heading: str
    user: str | None = None
    language: str = "da"
    status: int = 200
    prepare: Callable[[Page], None] | None = None
    width: int | None = None


SCANS = {
    "login": Scan("/login", "Log ind"),
    "login-english": Scan("/login", "Log in", language="en"),
    "login-error": Scan("/login", "Log ind", prepare=show_login_error),
    "home-admin": Scan("/", "Velkommen, Alma Administrator", user="admin"),
    "home-admin-english": Scan("/", "Welcome, Alma Administrator", user="admin", language="en"),
    "home-analyst": Scan("/", "Velkommen, Anders Analytiker", user="analyst"),
    "users": Scan("/admin/users", "Brugere", user="admin"),
    "users-form-errors": Scan("/admin/users", "Brugere", user="admin", prepare=show_user_form_errors),
    "operations": Scan("/operations", "Tjenesternes API", user="admin"),
    "municipality": Scan("/kommune", "Kommunens indstillinger", user="admin"),
    "login-narrow": Scan("/login", "Log ind", width=NARROW),
    "home-admin-narrow": Scan("/", "Velkommen, Alma Administrator", user="admin", width=NARROW),
    "users-narrow": Scan("/admin/users", "Brugere", user="admin", width=NARROW),
    "operations-narrow": Scan("/operations", "Tjenesternes API", user="admin", width=NARROW),
    "not-found": Scan("/findes-ikke", "Siden findes ikke", user="admin", status=404),
    "forbidden": Scan("/admin/users", "Ingen adgang", user="analyst", status=403),
}


@pytest.mark.parametrize("name", SCANS)
def test_page_meets_wcag_21_aa_without_csp_violations(name: str, new_browsing: Callable[..., Browsing]):
    scan = SCANS[name]
    browsing = new_browsing(
        user=scan.user, language=None if scan.language == "da" else scan.language, width=scan.width
    )
    page = browsing.page
    response = browsing.goto(scan.path)
    assert response.status == scan.status, f"{scan.path} answered {response.status}"
    # The first Tab reaches the skip link, and it leads to the main content.
    page.keyboard.press("Tab")
    expect(page.locator("a.skipnav")).to_be_focused()
    expect(page.locator("a.skipnav")).to_have_attribute("href", "#main-content")
    if scan.prepare:
        scan.prepare(page)

    # The page is the one we meant, in the language asked for, with one h1 and one main landmark.
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).to_have_text(scan.heading)
    expect(page.locator("html")).to_have_attribute("lang", scan.language)
    expect(page.locator("main#main-content")).to_have_count(1)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow} px"

    browsing.assert_clean(name)  # before axe runs, so its own script cannot be blamed
    minor = assert_accessible(page, name)
    if minor:
        print(f"\n{name}: minor or moderate axe findings:\n{describe(minor)}")


def test_the_checks_catch_what_they_look_for(browsing: Browsing):
    """A planted image without text and an inline style: axe and the CSP watch must both report them."""
    browsing.goto("/login")
    browsing.page.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML(
            'beforeend', '<img src="/static/app.css"><p style="color: red">planted</p>')"""
    )
    expect(browsing.page.get_by_text("planted")).to_be_visible()
    assert "image-alt" in {v["id"] for v in axe_violations(browsing.page)}
    assert browsing.watch.csp, "the inline style was not reported as a Content Security Policy violation"
