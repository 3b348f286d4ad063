"""What a member of staff does in a real browser: log in, move around, change language, manage users."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.support import Browsing

pytestmark = pytest.mark.browser


def main_navigation(page: Page, name: str = "Hovedmenu") -> Locator:
    """The main menu by its accessible name (Danish unless told)."""
    return page.get_by_role("navigation", name=name)


def mark_page(page: Page) -> None:
    """Leave a mark in the document; it survives an htmx swap but not a new page load."""
    page.evaluate("() => { window.stillTheSamePage = true; }")


def assert_same_page(page: Page) -> None:
    assert page.evaluate("() => window.stillTheSamePage === true"), "the page was reloaded, not swapped"


def test_log_in_move_around_switch_language_and_log_out(browsing: Browsing):
    page = browsing.page
    browsing.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")

    page.get_by_label("Brugernavn").fill("admin")
    page.get_by_label("Adgangskode").fill("demo")
    page.get_by_role("button", name="Log ind").click()

    expect(page).to_have_url(browsing.stack.url() + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Alma Administrator")
    expect(page.get_by_test_id("current-user")).to_have_text("Alma Administrator")
    nav = main_navigation(page)
    for label in ("Forside", "Kategorisering", "Brugere", "Tjenesternes API"):
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Forside")).to_have_attribute("aria-current", "page")

    nav.get_by_role("link", name="Brugere").click()
    expect(page).to_have_url(re.compile(r"/admin/users$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Brugere")
    expect(main_navigation(page).get_by_role("link", name="Brugere")).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_test_id("users-table")).to_contain_text("Anders Analytiker")

    main_navigation(page).get_by_role("link", name="Tjenesternes API").click()
    expect(page).to_have_url(re.compile(r"/operations$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjenesternes API")

    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/operations$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Service APIs")
    expect(main_navigation(page, "Main navigation").get_by_role("link", name="Users")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    page.get_by_role("button", name="Dansk").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjenesternes API")

    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile(r"/login\?logged_out=1$"))
    expect(page.get_by_role("status")).to_contain_text("Du er logget ud")
    browsing.goto("/admin/users")
    expect(page).to_have_url(re.compile(r"/login\?next=/admin/users$"))
    browsing.assert_clean("the journey")


def test_wrong_password_is_told_in_place_and_announced(browsing: Browsing):
    page = browsing.page
    browsing.goto("/login")
    mark_page(page)
    page.get_by_label("Brugernavn").fill("admin")
    page.get_by_label("Adgangskode").fill("not the password")
    page.get_by_role("button", name="Log ind").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Brugernavn eller adgangskode er forkert")
    expect(alert).to_be_focused()
    assert_same_page(page)
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_label("Brugernavn")).to_have_value("admin")
    expect(page.get_by_label("Brugernavn")).to_have_attribute("aria-describedby", "login-error")
    expect(page.get_by_label("Adgangskode")).to_have_value("")

    # The form that came back still works: the right password gets in.
    page.get_by_label("Adgangskode").fill("demo")
    page.get_by_role("button", name="Log ind").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen, Alma Administrator")
    browsing.assert_clean("the login form")


def test_an_analyst_sees_no_user_administration(new_browsing: Callable[..., Browsing]):
    browsing = new_browsing(user="analyst")
    page = browsing.page
    browsing.goto("/")
    nav = main_navigation(page)
    expect(nav.get_by_role("link", name="Kategorisering")).to_be_visible()
    expect(nav.get_by_role("link", name="Brugere")).to_have_count(0)
    expect(nav.get_by_role("link", name="Tjenesternes API")).to_have_count(0)

    response = browsing.goto("/admin/users")
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Ingen adgang")
    browsing.assert_clean("the analyst's pages")


def test_admin_creates_a_user_after_a_validation_error(new_browsing: Callable[..., Browsing]):
    browsing = new_browsing(user="admin")
    page = browsing.page
    browsing.goto("/admin/users")
    mark_page(page)
    page.get_by_label("Brugernavn", exact=True).fill("birgitte.b")
    page.get_by_label("Fulde navn").fill("Birgitte Boligsocial")
    page.get_by_label("Adgangskode (mindst 12 tegn)").fill("kort")
    page.get_by_role("checkbox", name="Boliganalytiker").check()
    page.get_by_role("button", name="Opret bruger").click()

    # The form comes back in place with the error summary focused and the field's own message linked to it.
    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Brugeren blev ikke oprettet")
    password = page.get_by_label("Adgangskode (mindst 12 tegn)")
    expect(password).to_have_attribute("aria-invalid", "true")
    message_id = password.get_attribute("aria-describedby")
    assert message_id
    expect(page.locator(f"#{message_id}")).to_contain_text("Adgangskoden skal være mindst 12 tegn.")
    assert_same_page(page)
    expect(page.get_by_label("Fulde navn")).to_have_value("Birgitte Boligsocial")
    expect(page.get_by_role("checkbox", name="Boliganalytiker")).to_be_checked()

    # The summary's link takes the keyboard to the field.
    summary.get_by_role("link", name=re.compile("Adgangskode")).click()
    expect(password).to_be_focused()

    password.fill("en lang og god adgangskode")
    page.get_by_role("button", name="Opret bruger").click()
    expect(page).to_have_url(re.compile(r"/admin/users\?notice=created$"))
    expect(page.get_by_role("status")).to_contain_text("Brugeren er oprettet.")
    row = page.get_by_test_id("users-table").get_by_role("row").filter(has_text="birgitte.b")
    expect(row).to_contain_text("Birgitte Boligsocial")
    expect(row).to_contain_text("Boliganalytiker")
    browsing.assert_clean("the user administration")

    # And the new user can log in.
    newcomer = new_browsing()
    newcomer.login("birgitte.b", "en lang og god adgangskode")
    expect(newcomer.page.get_by_role("heading", level=1)).to_have_text("Velkommen, Birgitte Boligsocial")
