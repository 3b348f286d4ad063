"""Every categorisation page against WCAG 2.1 AA with axe-core, with one h1 and no CSP violation.

The pages are scanned as the analyst (the manager sees the overview only), in Danish and once in English, in
the states that only appear after an action: the error table of an upload, the result of a what-if, the
override form with its error, and the area table after a filter. Nothing here stores anything: the bad
upload, the what-if and the refused override leave the demo data as it was.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser.support import Browsing, assert_accessible, describe

pytestmark = pytest.mark.browser
NARROW = 320  # WCAG 1.4.10 (reflow): no sideways scrolling of the page; wide tables scroll in their own box.
BAD_HOUSING_CSV = (
    "year,area_code,area_name,municipality_code,region_code,residents,outside_labour_market_pct,"
    "convicted_pct,basic_education_pct,income_pct_of_region,non_western_pct\n"
    "2026,SCAN-01,Scanvej (test),159,1084,many,20.0,1.0,40.0,80.0,10.0\n"
)


def upload_a_bad_file(page: Page) -> None:
    page.get_by_label("Fil", exact=True).set_input_files(
        files=[{"name": "forkert.csv", "mimeType": "text/csv", "buffer": BAD_HOUSING_CSV.encode()}]
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_test_id("upload-errors")).to_contain_text("residents")
    expect(page.get_by_role("alert")).to_be_focused()


def simulate(page: Page) -> None:
    # Åbakken (DEMO-10) sits just below each local threshold: one criterion met is enough for yellow now.
    page.get_by_label("Uden for arbejdsmarkedet, over (%)").fill("20")
    page.get_by_label("Antal kriterier for gul").fill("1")
    page.get_by_role("button", name="Simulér").click()
    summary = page.get_by_test_id("what-if-summary")
    expect(summary).to_contain_text(re.compile(r"\d+ områder? skifter kategori"))
    expect(summary).to_be_focused()  # the outcome is read first after the swap
    expect(page.get_by_test_id("what-if-changes")).to_contain_text("Åbakken (demo)")


def simulate_in_english(page: Page) -> None:
    page.get_by_label("Outside the labour market, above (%)").fill("20")
    page.get_by_label("Criteria needed for yellow").fill("1")
    page.get_by_role("button", name="Simulate").click()
    summary = page.get_by_test_id("what-if-summary")
    expect(summary).to_contain_text(re.compile(r"\d+ areas? changes? category"))
    expect(page.get_by_test_id("what-if-changes")).to_contain_text("Åbakken (demo)")


def refuse_a_short_justification(page: Page) -> None:
    page.get_by_label("Kategori", exact=True).select_option("green")
    page.get_by_label("Begrundelse").fill("kort")
    page.get_by_role("button", name="Gem kategori").click()
    expect(page.get_by_role("alert")).to_contain_text("mindst 10 tegn")
    expect(page.get_by_label("Begrundelse")).to_have_attribute("aria-invalid", "true")


def filter_yellow(page: Page) -> None:
    page.get_by_label("Kategori", exact=True).select_option("yellow")
    expect(page).to_have_url(re.compile(r"category=yellow"))
    table = page.get_by_test_id("area-table")
    expect(table).to_contain_text("Skovbrynet (demo)")
    expect(table).not_to_contain_text("Solbakken (demo)")


@dataclass(frozen=True)
class Scan:
    """One page to scan: its address and h1, whose session, which language, what to do on it first."""

    path: str
    heading: str
    user: str = "analyst"
    language: str = "da"
    prepare: Callable[[Page], None] | None = None
    width: int | None = None


AREA = "/kategorisering/2026/omraader/DEMO-09"
SCANS = {
    "overview-analyst": Scan("/kategorisering?year=2026", "Kategorisering af boligområder 2026"),
    "overview-manager": Scan("/kategorisering?year=2026", "Kategorisering af boligområder 2026", "manager"),
    "areas-filtered": Scan("/kategorisering/2026/omraader", "Områder 2026", prepare=filter_yellow),
    "area": Scan(AREA, "Skovbrynet (demo) (DEMO-09)"),
    "area-override-error": Scan(AREA, "Skovbrynet (demo) (DEMO-09)", prepare=refuse_a_short_justification),
    "area-approved": Scan("/kategorisering/2025/omraader/DEMO-01", "Solbakken (demo) (DEMO-01)"),
    # The official list of 2025 decides and differs from the computation: the warning and its list.
    "area-disagreement": Scan("/kategorisering/2025/omraader/DEMO-06", "Rosenhaven (demo) (DEMO-06)"),
    "overview-official-list": Scan("/kategorisering?year=2025", "Kategorisering af boligområder 2025"),
    "upload": Scan("/kategorisering/upload", "Upload boligdata"),
    "upload-errors": Scan("/kategorisering/upload", "Upload boligdata", prepare=upload_a_bad_file),
    "what-if-result": Scan("/kategorisering/2026/simulering", "Simulering 2026", prepare=simulate),
    "approval": Scan("/kategorisering/2025/godkendelse", "Godkendelse 2025"),
    "approval-proposed": Scan("/kategorisering/2026/godkendelse", "Godkendelse 2026"),
    "reproduction": Scan("/kategorisering/2025/godkendelse/1/kontrol", "Genberegning af 2025, revision 1"),
    "disagreements": Scan("/kategorisering/2025/afvigelser", "Den officielle liste og beregningen, 2025"),
    "area-english": Scan(AREA, "Skovbrynet (demo) (DEMO-09)", language="en"),
    "what-if-result-english": Scan(
        "/kategorisering/2026/simulering", "What-if 2026", language="en", prepare=simulate_in_english
    ),
    "area-narrow": Scan(AREA, "Skovbrynet (demo) (DEMO-09)", width=NARROW),
    "upload-errors-narrow": Scan(
        "/kategorisering/upload", "Upload boligdata", prepare=upload_a_bad_file, width=NARROW
    ),
    "what-if-result-narrow": Scan(
        "/kategorisering/2026/simulering", "Simulering 2026", prepare=simulate, width=NARROW
    ),
    "approval-narrow": Scan("/kategorisering/2025/godkendelse", "Godkendelse 2025", width=NARROW),
    "disagreements-narrow": Scan(
        "/kategorisering/2025/afvigelser", "Den officielle liste og beregningen, 2025", width=NARROW
    ),
}


@pytest.mark.parametrize("name", SCANS)
def test_categorisation_page_meets_wcag_21_aa_without_csp_violations(
    name: str, new_browsing: Callable[..., Browsing]
):
    scan = SCANS[name]
    browsing = new_browsing(
        user=scan.user, language=None if scan.language == "da" else scan.language, width=scan.width
    )
    page = browsing.page
    response = browsing.goto(scan.path)
    assert response.status == 200, f"{scan.path} answered {response.status}"
    if scan.prepare:
        scan.prepare(page)

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


def test_the_trend_charts_have_their_figures_as_tables(new_browsing: Callable[..., Browsing]):
    """Each chart is an image named by its caption; its figures sit in a table that axe scans open too."""
    browsing = new_browsing(user="analyst")
    page = browsing.page
    browsing.goto(AREA)
    # The four criteria's charts (the area plans' target charts below them have tables of their own).
    charts = page.locator("figure.app-chart svg[role=img][aria-labelledby^='trend-']")
    expect(charts).to_have_count(4)
    for index in range(4):
        label_id = charts.nth(index).get_attribute("aria-labelledby")
        assert label_id
        expect(page.locator(f"#{label_id}")).to_contain_text("set mod grænserne")
    for summary in page.locator("details > summary", has_text="Tal").all():
        summary.click()
    expect(page.locator("details[open] table")).to_have_count(4)
    expect(page.locator("details[open] table").first).to_contain_text("2019")
    browsing.assert_clean("the trend charts")
    assert_accessible(page, "the area page with every figure table open")
