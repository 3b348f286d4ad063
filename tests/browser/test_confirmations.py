"""Issue 12 in a real browser: "Godkend 2026" asks first, naming the consequence, and the year stays
unapproved until the analyst confirms. With htmx the panel takes the form's place; without JavaScript the
same post answers a page with the panel. The year's state is read from the categorisation service's JSON.

Nothing is approved here: 2026 is the demo's year in dialogue, which other browser tests read as it is (the
categorisation journey confirms an approval of its own year, 2027).
"""

import re
from collections.abc import Callable, Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, StorageState, expect

from tests.browser.conftest import TIMEOUT_MS, VIEWPORT
from tests.browser.support import DEMO_PASSWORD, Browsing, assert_accessible
from tests.processes import Stack

pytestmark = pytest.mark.browser

YEAR = 2026  # in dialogue in the demo data: proposed, not approved
CONSEQUENCE = (
    f"Når året er godkendt, kan kategoriseringen ikke ændres, og aftaler for {YEAR + 1} bygger på den."
)


@pytest.fixture
def categorisation(stack: Stack) -> Iterator[httpx.Client]:
    """The categorisation service's JSON through the gateway, as the analyst."""
    form = {"grant_type": "password", "username": "analyst", "password": DEMO_PASSWORD}
    token = httpx.post(f"{stack.url()}/auth/token", data=form, timeout=10)
    assert token.status_code == 200, token.text
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    with httpx.Client(base_url=f"{stack.url()}/api/categorisation", headers=headers, timeout=10) as client:
        yield client


def approvals(categorisation: httpx.Client) -> list[object]:
    response = categorisation.get(f"/v1/years/{YEAR}/approvals")
    assert response.status_code == 200, response.text
    return list(response.json())


def statuses(categorisation: httpx.Client) -> set[str]:
    response = categorisation.get(f"/v1/years/{YEAR}/categorisation")
    assert response.status_code == 200, response.text
    return {area["status"] for area in response.json()}


def open_approval(page: Page) -> None:
    page.goto(f"/kategorisering/{YEAR}/godkendelse")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Godkendelse {YEAR}")
    page.wait_for_load_state()  # htmx has started: the form posts through it


def test_godkend_asks_first_and_the_year_stays_unapproved_until_confirmed(
    new_browsing: Callable[..., Browsing], categorisation: httpx.Client
) -> None:
    assert approvals(categorisation) == [] and statuses(categorisation) == {"proposed"}
    browsing = new_browsing(user="analyst")
    page = browsing.page
    open_approval(page)
    page.evaluate("() => { window.stillTheSamePage = true; }")
    page.get_by_label("Bemærkning (valgfri)").fill("Efter dialogmødet (browsertest)")
    button = page.get_by_test_id("approve-button")
    expect(button).to_have_text(f"Godkend {YEAR}")
    button.click()

    # The panel takes the form's place (htmx), names the consequence and takes the focus; nothing changed.
    panel = page.get_by_test_id("confirmation")
    expect(panel.get_by_role("heading", name=f"Godkend {YEAR}?")).to_be_visible()
    expect(panel.get_by_test_id("confirm-consequence")).to_have_text(
        CONSEQUENCE + " Et godkendt år ændres kun ved en ny, registreret revision."
    )
    expect(panel.get_by_test_id("confirm-summary")).to_contain_text("Efter dialogmødet (browsertest)")
    expect(panel.get_by_role("alert")).to_be_focused()
    assert page.evaluate("() => window.stillTheSamePage === true"), "the page was reloaded, not swapped"
    expect(page.get_by_test_id("approve-button")).to_have_count(0)
    assert approvals(categorisation) == [] and statuses(categorisation) == {"proposed"}
    assert_accessible(page, "the confirmation of the year's approval")

    # "Change the answers" brings the form back with the note as typed; still nothing is approved.
    panel.get_by_test_id("confirm-edit").click()
    expect(page.get_by_label("Bemærkning (valgfri)")).to_have_value("Efter dialogmødet (browsertest)")
    assert approvals(categorisation) == [] and statuses(categorisation) == {"proposed"}

    # Asked again, the way back leaves the year as it was.
    page.get_by_test_id("approve-button").click()
    expect(page.get_by_test_id("confirm-button")).to_have_text(f"Ja, godkend {YEAR}")
    page.get_by_test_id("confirm-cancel").click()
    expect(page).to_have_url(re.compile(rf"/kategorisering/{YEAR}/godkendelse$"))
    expect(page.get_by_test_id("approve-button")).to_have_text(f"Godkend {YEAR}")
    assert approvals(categorisation) == [] and statuses(categorisation) == {"proposed"}
    browsing.assert_clean("the confirmation of the year's approval")


def test_without_javascript_the_same_post_answers_a_page_that_asks(
    browser: Browser,
    stack: Stack,
    sessions: Callable[[str], StorageState],
    categorisation: httpx.Client,
) -> None:
    context = browser.new_context(
        base_url=stack.url(), viewport=VIEWPORT, storage_state=sessions("analyst"), java_script_enabled=False
    )
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(f"/kategorisering/{YEAR}/godkendelse")
        page.get_by_test_id("approve-button").click()
        expect(page).to_have_url(re.compile(rf"/kategorisering/{YEAR}/godkend$"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Bekræft")
        expect(page.get_by_test_id("confirm-consequence")).to_contain_text(CONSEQUENCE)
        assert approvals(categorisation) == [] and statuses(categorisation) == {"proposed"}
        page.get_by_test_id("confirm-cancel").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Godkendelse {YEAR}")
        assert approvals(categorisation) == [] and statuses(categorisation) == {"proposed"}
    finally:
        context.close()
