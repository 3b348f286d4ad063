"""The area picker of the plan form in a real browser (issue 16): type, tick, search again, tick, save; the
stored plan has exactly the two areas ticked. The search is typed without æ, ø, å (aa, o, ae), the second
area is ticked from the keyboard, and the page is never reloaded until the form is saved.

The picker offers the latest year's areas: the demo's 2026, or a later year another browser test loaded
first. The two areas are therefore read from the API, not assumed; the plan has its own title and is not
published, so no other test sees it."""

import uuid

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import Browsing

pytestmark = pytest.mark.browser
PREFERRED = ("DEMO-10", "DEMO-08")  # Åbakken, Møllegården


def _api(browsing: Browsing) -> tuple[str, dict[str, str]]:
    url = browsing.stack.url()
    token = httpx.post(
        f"{url}/auth/token", data={"grant_type": "password", "username": "analyst", "password": "demo"}
    ).json()["access_token"]
    return f"{url}/api/categorisation", {"Authorization": f"Bearer {token}"}


def _two_areas(browsing: Browsing) -> list[dict[str, str]]:
    """Two areas of the latest year, Åbakken and Møllegården when it has them."""
    base, headers = _api(browsing)
    latest = httpx.get(f"{base}/v1/years", headers=headers).json()[0]["year"]
    names = httpx.get(f"{base}/v1/years/{latest}/area-names", headers=headers).json()
    by_code = {a["area_code"]: a for a in names}
    if all(code in by_code for code in PREFERRED):
        return [by_code[code] for code in PREFERRED]
    return names[:2]


def _typed(name: str) -> str:
    """The name as typed on a keyboard without æ, ø, å, in lower case."""
    return name.lower().replace("å", "aa").replace("ø", "o").replace("æ", "ae")


def _search(page: Page, text: str) -> None:
    page.get_by_label("Søg efter et område").fill(text)
    # The status region says what the search found once htmx has swapped in the answer.
    expect(page.locator("#plan-areas-status")).to_contain_text(f"»{text}«")


def test_areas_picked_across_two_searches_are_stored(new_browsing) -> None:
    browsing = new_browsing(user="analyst")
    first, second = _two_areas(browsing)
    page = browsing.page
    browsing.goto("/planer/ny")
    page.evaluate("() => { window.stillTheSamePage = true; }")
    title = f"Plan med områdevælger {uuid.uuid4().hex[:8]}"
    page.get_by_label("Titel").fill(title)
    chosen = page.get_by_test_id("plan-areas-chosen")
    results = page.get_by_test_id("plan-areas-results")

    _search(page, _typed(first["area_name"]))
    label = f"{first['area_name']} ({first['area_code']})"
    # click(), not check(): htmx moves the ticked box to the chosen areas at once, and check() then looks for
    # it where it was (on a loaded machine it timed out, or re-resolved to another box and ticked that too).
    results.get_by_role("checkbox", name=label).click()

    expect(chosen.get_by_role("checkbox", name=label)).to_be_checked()
    expect(page.locator("#plan-areas-status")).to_contain_text(f"{label} er valgt. 1 område valgt.")

    _search(page, _typed(second["area_name"]))
    expect(chosen.get_by_role("checkbox", name=label)).to_be_checked()  # the first pick stays
    second_label = f"{second['area_name']} ({second['area_code']})"
    box = results.get_by_role("checkbox", name=second_label)
    box.focus()
    page.keyboard.press("Space")

    second_box = chosen.get_by_role("checkbox", name=second_label)
    expect(second_box).to_be_checked()
    expect(second_box).to_be_focused()  # the focus moved with the box to the chosen areas
    expect(page.locator("#plan-areas-status")).to_contain_text("2 områder valgt.")
    assert page.evaluate("() => window.stillTheSamePage === true"), "the search reloaded the page"

    page.get_by_label("Første år").fill("2026")
    page.get_by_label("Sidste år").fill("2029")
    page.get_by_role("button", name="Gem områdeplanen").click()

    expect(page.locator("h1")).to_have_text(title)
    plan_id = page.url.split("/planer/")[1].split("?")[0]
    base, headers = _api(browsing)
    stored = httpx.get(f"{base}/v1/area-plans/{plan_id}", headers=headers).json()
    assert sorted(stored["area_codes"]) == sorted([first["area_code"], second["area_code"]])
    assert stored["published"] is False
    browsing.assert_clean("the plan form's area picker")
