"""The area list in a real browser shows 50 areas, and "Vis flere områder" adds the next ones to the same
table without a new page (issue 16). Its own year (2018, before the demo's) and its own areas (MORE-001..060),
so the demo years other tests read stay as they were."""

import csv
import io

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.support import Browsing

pytestmark = pytest.mark.browser

YEAR = 2018
AREAS = 60
HEADER = [
    "year",
    "area_code",
    "area_name",
    "municipality_code",
    "region_code",
    "residents",
    "outside_labour_market_pct",
    "convicted_pct",
    "basic_education_pct",
    "income_pct_of_region",
    "non_western_pct",
]


def _upload(browsing: Browsing) -> None:
    """The year's areas through the gateway's API, as an analyst's system would send them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for n in range(1, AREAS + 1):
        writer.writerow(
            [YEAR, f"MORE-{n:03d}", f"Flerevej {n} (browsertest)", 159, 1084, 600, 10, 0.5, 20, 95, 5]
        )
    url = browsing.stack.url()
    token = httpx.post(
        f"{url}/auth/token", data={"grant_type": "password", "username": "analyst", "password": "demo"}
    ).json()["access_token"]
    response = httpx.post(
        f"{url}/api/categorisation/v1/housing-data",
        content=buffer.getvalue().encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"},
        timeout=60,
    )
    assert response.status_code == 200, response.text


def test_show_more_adds_the_next_areas_to_the_table(new_browsing) -> None:
    browsing = new_browsing(user="analyst")
    _upload(browsing)
    page = browsing.page
    browsing.goto(f"/kategorisering/{YEAR}/omraader")
    rows = page.get_by_test_id("area-table").locator("tbody tr:not(#area-more)")
    expect(rows).to_have_count(50)
    page.evaluate("() => { window.stillTheSamePage = true; }")

    page.get_by_role("link", name="Vis flere områder").click()

    expect(rows).to_have_count(AREAS)
    codes = [text.split()[0] for text in rows.all_inner_texts()]
    assert codes == [f"MORE-{n:03d}" for n in range(1, AREAS + 1)]
    expect(page.get_by_test_id("area-more")).to_have_count(0)  # the last page has no "more"
    assert page.evaluate("() => window.stillTheSamePage === true"), "the page was reloaded, not added to"
    assert page.url.endswith(f"/kategorisering/{YEAR}/omraader")
    expect(page.get_by_test_id("area-table").locator("caption")).to_contain_text(f"{AREAS} områder")
    browsing.assert_clean("the area list's 'Vis flere områder'")
