"""The allocation officer's letting year in a real browser: draft the agreements, take a vacancy reported over
the API, offer it to a housing seeker and record the letting.

The journey works in its own letting year (2027), drafted explicitly from the approved list year 2025, so the
demo year 2026 that other tests read stays as it was. Its vacancies sit in Skovbrynet (DEMO-09), an area of
the demo housing organisation whose machine client reports them.
"""

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.support import DEMO_PASSWORD, Browsing

pytestmark = pytest.mark.browser

YEAR = 2027
SOURCE_YEAR = 2025
AREA = "DEMO-09"
AREA_NAME = "Skovbrynet (demo)"
AVAILABLE_FROM = f"{YEAR}-02-01"


def arrive(page: Page, heading: str | re.Pattern[str]) -> None:
    """Wait for the page with this h1 and for its scripts: before htmx has started, a form posts plainly."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    page.wait_for_load_state()


def housing_org_token(base_url: str) -> str:
    """A client-credentials token for the demo housing organisation's system (CONTRACT § 2)."""
    response = httpx.post(
        f"{base_url}/auth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "housing-org-demo",
            "client_secret": DEMO_PASSWORD,
        },
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def report_vacancy(base_url: str, token: str, number: int) -> httpx.Response:
    """The housing organisation's system reports vacancy `number` of the journey (CONTRACT § 6)."""
    return httpx.post(
        f"{base_url}/api/allocation/v1/vacancies",
        headers={"Authorization": f"Bearer {token}"},
        json={
            "external_id": f"browserjourney-{YEAR}-{number}",
            "area_code": AREA,
            "dwelling_ref": f"Skovbrynet {number}, st. tv. (browsertest)",
            "rooms": 3,
            "floor_area_m2": 82.5,
            "monthly_rent_dkk": 7450,
            "available_from": AVAILABLE_FROM,
        },
    )


def agreements_table(page: Page) -> Locator:
    return page.get_by_test_id("agreements-table")


def test_the_officer_drafts_agreements_offers_a_reported_vacancy_and_records_the_letting(
    new_browsing: Callable[..., Browsing],
) -> None:
    browsing = new_browsing(user="officer")
    page = browsing.page
    base_url = browsing.stack.url()

    # The officer's overview, and the agreements of a letting year that has none yet.
    browsing.goto("/")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Udlejning").click()
    arrive(page, re.compile(r"^Udlejning og anvisning \d{4}$"))
    page.get_by_label("Udlejningsår").fill(str(YEAR))
    page.get_by_role("button", name="Vis", exact=True).click()
    arrive(page, f"Udlejning og anvisning {YEAR}")
    expect(page.get_by_role("status")).to_contain_text(f"Der er endnu ingen aftaler for {YEAR}")
    page.get_by_role("status").get_by_role("link", name="Gå til aftalerne").click()
    arrive(page, f"Udlejningsaftaler {YEAR}")
    expect(page.get_by_text("Ingen aftaler for dette udlejningsår endnu.")).to_be_visible()

    # By default the agreements of 2027 come from list year 2026, which is still only proposed: refused.
    page.get_by_role("button", name=f"Lav udkast til aftaler for {YEAR}").click()
    arrive(page, f"Udlejningsaftaler {YEAR}")
    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text("ikke godkendt")
    expect(page.get_by_test_id("agreements-table")).to_have_count(0)

    # The officer names the approved list year 2025 explicitly: a draft for every area, with the category.
    page.get_by_label("Kategoriseringens listeår").fill(str(SOURCE_YEAR))
    page.get_by_role("button", name=f"Lav udkast til aftaler for {YEAR}").click()
    expect(page).to_have_url(re.compile(r"notice=drafted"))
    expect(page.get_by_test_id("draft-result")).to_have_text(
        f"Udarbejdet fra kategoriseringen af {SOURCE_YEAR}: 11 nye, 0 opdateret, 0 bevaret uændret."
    )
    table = agreements_table(page)
    expect(table.get_by_role("caption")).to_have_text(f"11 aftaler for udlejningsår {YEAR}")
    row = table.get_by_role("row").filter(has_text=AREA)
    expect(row).to_contain_text(AREA_NAME)
    expect(row).to_contain_text("Gul")
    expect(row).to_contain_text("20,0 %")
    expect(row).to_contain_text("Udkast")
    expect(table.get_by_role("row").filter(has_text="DEMO-01")).to_contain_text("Rød")

    # The agreement for Skovbrynet: more than every 4th vacancy cannot be imposed, 25 % can.
    row.get_by_role("link", name=AREA_NAME).click()
    arrive(page, f"Udlejningsaftale {YEAR}: {AREA_NAME}")
    expect(page.locator("dl.alloc-facts")).to_contain_text(
        f"Gul fra den godkendte kategorisering for {SOURCE_YEAR}"
    )
    share = page.get_by_label("Andel til kommunal anvisning (%)")
    expect(share).to_have_value("20,00")
    share.fill("30")
    page.get_by_test_id("save-agreement").click()
    expect(page.get_by_role("alert")).to_contain_text("Aftalen blev ikke gemt.")
    expect(share).to_have_attribute("aria-invalid", "true")
    message_id = share.get_attribute("aria-describedby")
    assert message_id
    expect(page.locator(f"#{message_id}")).to_contain_text("25 %")
    expect(share).to_have_value("30")
    share.fill("25")
    page.get_by_test_id("save-agreement").click()
    expect(page).to_have_url(re.compile(r"notice=saved"))
    expect(page.get_by_role("status").first).to_contain_text("Aftalen er gemt.")
    expect(page.get_by_label("Andel til kommunal anvisning (%)")).to_have_value("25,00")
    changes = page.get_by_role("table", name="Ændringer").get_by_role("row").nth(1)
    expect(changes).to_contain_text("Andel til kommunal anvisning (%): 20,0 % → 25,0 %")
    expect(changes).to_contain_text("Olivia Boligkonsulent")  # the person, never the token subject
    expect(changes).not_to_contain_text("user:")

    # The housing organisation's system reports four vacancies: floor(n × 25 %) makes the 4th municipal.
    token = housing_org_token(base_url)
    receipts: list[dict[str, Any]] = []
    for number in range(1, 5):
        response = report_vacancy(base_url, token, number)
        assert response.status_code == 201, response.text
        receipts.append(response.json())
    assert [r["sequence"] for r in receipts] == [1, 2, 3, 4]
    assert [r["year"] for r in receipts] == [YEAR] * 4
    assert [r["channel"] == "municipal" for r in receipts] == [False, False, False, True]
    again = report_vacancy(base_url, token, 4)
    assert again.status_code == 200, "the same external_id reported twice must not make a second vacancy"
    assert again.json() == receipts[3]
    municipal = receipts[3]

    # The officer sees the municipal vacancy waiting on the overview, and why it is municipal.
    page.get_by_role("navigation", name="Udlejning og anvisning").get_by_role("link", name="Overblik").click()
    arrive(page, re.compile(r"^Udlejning og anvisning \d{4}$"))
    waiting = page.get_by_test_id("waiting-vacancies")
    dwelling = "Skovbrynet 4, st. tv. (browsertest)"
    expect(waiting.get_by_role("row").filter(has_text=dwelling)).to_contain_text(AREA_NAME)
    expect(waiting).not_to_contain_text("Skovbrynet 3, st. tv. (browsertest)")
    waiting.get_by_role("link", name=dwelling).click()
    arrive(page, f"Ledig bolig {dwelling}")
    facts = page.get_by_test_id("vacancy-facts")
    expect(facts).to_contain_text("Kommunal anvisning")
    expect(facts).to_contain_text(f"nr. 4 i {YEAR}")
    expect(page.get_by_test_id("vacancy-reason")).to_contain_text("25 % af 4 ledige boliger = 1 (rundet ned)")
    expect(page.get_by_test_id("vacancy-status")).to_have_text("Ledig")

    # Ranked candidates with their reasons; the officer offers the dwelling to the first.
    candidates = page.get_by_test_id("candidates")
    first = candidates.get_by_role("row").nth(1)
    expect(first.get_by_role("cell").first).to_have_text("1")
    seeker = first.get_by_role("link").first.inner_text()
    assert seeker.endswith("(demo)")
    expect(first.locator("ul.alloc-reasons li")).not_to_have_count(0)
    expect(page.get_by_test_id("excluded")).to_have_count(1)
    first.get_by_role("button", name=f"Tilbyd {seeker}").click()
    # An offer is a decision about the seeker: asked first, naming what follows.
    expect(page.get_by_test_id("confirm-consequence")).to_contain_text("prioritetslisten")
    page.get_by_test_id("confirm-button").click()
    expect(page).to_have_url(re.compile(r"notice=offered"))
    expect(page.get_by_role("status").first).to_contain_text("Tilbuddet er givet.")
    expect(page.get_by_test_id("vacancy-status")).to_have_text("Tilbudt")
    offers = page.get_by_test_id("offers")
    expect(offers.get_by_role("row").filter(has_text=seeker)).to_contain_text("Afventer svar")
    expect(page.get_by_role("button", name=re.compile("^Tilbyd "))).to_have_count(0)
    page.get_by_text("Prioritetslisten gemt med hvert tilbud og hver afgørelse").click()
    kept = page.get_by_role("heading", name=f"Tilbuddet til {seeker}")
    expect(kept).to_be_visible()
    expect(page.get_by_text(re.compile(r"^Ved tilbuddet: 1\. BS-\d+"))).to_be_visible()

    # The seeker says yes; the officer records it, then the letting with the lease's start.
    page.get_by_test_id("accept-offer").click()
    expect(page.get_by_test_id("confirm-consequence")).to_contain_text("kan ikke gøres om")
    page.get_by_test_id("confirm-button").click()
    expect(page).to_have_url(re.compile(r"notice=accepted"))
    expect(page.get_by_role("status").first).to_contain_text("har accepteret tilbuddet")
    letting = page.get_by_test_id("letting-form")
    expect(letting).to_contain_text(f"Lejer: {seeker}")
    channel = letting.get_by_label("Den kanal, der faktisk blev brugt")
    expect(channel).to_have_value("")  # nothing is chosen for the officer
    channel.select_option("municipal")
    letting.get_by_label("Lejemålet begynder").fill(f"{YEAR}-02-15")
    page.get_by_test_id("record-letting").click()
    expect(page.get_by_test_id("confirm-consequence")).to_contain_text("Kommunal anvisning")
    page.get_by_test_id("confirm-button").click()
    expect(page).to_have_url(re.compile(r"notice=let"))
    expect(page.get_by_role("status").first).to_contain_text("Udlejningen er registreret.")
    expect(page.get_by_test_id("vacancy-status")).to_have_text("Udlejet")
    expect(facts).to_contain_text(f"15. februar {YEAR}")  # a Danish date, never an ISO one
    expect(facts).to_contain_text("14 dage efter")
    expect(page.get_by_test_id("letting-form")).to_have_count(0)
    expect(page.locator("ol.alloc-history")).to_contain_text("Udlejet")

    # The vacancy list shows it let, and the agreement counts the four vacancies of the year.
    page.get_by_role("link", name="← Alle ledige boliger").click()
    arrive(page, "Ledige boliger")
    page.get_by_label("Område", exact=True).first.select_option(AREA)
    page.get_by_label("Kanal", exact=True).select_option("municipal")
    page.get_by_role("button", name="Filtrér").click()
    expect(page).to_have_url(re.compile(rf"area_code={AREA}&channel=municipal"))
    vacancy_row = page.get_by_test_id("vacancy-table").get_by_role("row").filter(has_text=dwelling)
    expect(vacancy_row).to_contain_text("Udlejet")
    expect(vacancy_row).to_contain_text(f"{YEAR}/4")

    browsing.goto(f"/udlejning/aftaler/{YEAR}/{AREA}")
    arrive(page, f"Udlejningsaftale {YEAR}: {AREA_NAME}")
    expect(page.locator("dl.alloc-facts")).to_contain_text(
        "4 anmeldt: kommunal anvisning 1, fleksibel udlejning 1"
    )
    assert municipal["area_code"] == AREA
    browsing.assert_clean("the allocation officer's journey")
