"""The housing analyst's year in a real browser: load figures, explain a category, decide, approve, reproduce.

The journey works on its own year (2027) and its own areas (JOUR-01..03), so the demo years other tests read
stay as they were: the only trace in the demo years is three extra, unapproved areas in 2026 (the year before,
so that the 2027 averages are complete).
"""

import csv
import io
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.support import Browsing

pytestmark = pytest.mark.browser

YEAR = 2027
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
# Fewer than 1,000 residents each, so no national list applies; only the local criteria can make them yellow.
# Testhaven meets two local criteria (outside the labour market > 25 %, basic schooling only > 50 %): yellow.
AREAS = [
    ("JOUR-01", "Testhaven (browsertest)", 800, 30.0, 1.0, 55.0, 80.0, 20.0),
    ("JOUR-02", "Testløkken (browsertest)", 650, 12.0, 0.5, 30.0, 95.0, 10.0),
    ("JOUR-03", "Testmarken (browsertest)", 900, 20.0, 0.8, 40.0, 85.0, 15.0),
]


def housing_csv(rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def good_file() -> bytes:
    """Both 2026 and 2027 for each new area, so that the 2-year averages of 2027 are complete."""
    return housing_csv(
        [
            [year, code, name, 159, 1084, residents, *figures]
            for year in (YEAR - 1, YEAR)
            for code, name, residents, *figures in AREAS
        ]
    )


def bad_file() -> bytes:
    """A valid row for a year and an area that must not appear, then two rows with a bad cell each."""
    return housing_csv(
        [
            [YEAR + 1, "JOUR-09", "Fejlvej (browsertest)", 159, 1084, 700, 20.0, 1.0, 40.0, 80.0, 10.0],
            [YEAR, "JOUR-01", "Testhaven (browsertest)", 159, 1084, 800, 30.0, "ikke-et-tal", 55.0, 80, 20],
            [YEAR, "JOUR-02", "Testløkken (browsertest)", 159, 9999, 650, 12.0, 0.5, 30.0, 95.0, 10.0],
        ]
    )


def mark_page(page: Page) -> None:
    """Leave a mark in the document; it survives an htmx swap but not a new page load."""
    page.evaluate("() => { window.stillTheSamePage = true; }")


def assert_same_page(page: Page) -> None:
    assert page.evaluate("() => window.stillTheSamePage === true"), "the page was reloaded, not swapped"


def arrive(page: Page, heading: str) -> None:
    """Wait for the page with this h1 and for its scripts: before htmx has started, a form posts plainly."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    page.wait_for_load_state()


def year_navigation(page: Page, year: int) -> Locator:
    return page.get_by_role("navigation", name=f"Kategorisering {year}")


def current_phase(page: Page) -> Locator:
    return page.get_by_role("list", name="Årshjulet").locator("[aria-current=step]")


def upload(page: Page, name: str, content: bytes) -> None:
    page.get_by_label("Fil", exact=True).set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Upload", exact=True).click()


def test_the_analyst_loads_explains_decides_approves_and_reproduces_a_year(
    new_browsing: Callable[..., Browsing],
):
    browsing = new_browsing()
    page = browsing.page

    # Log in as the analyst and open the categorisation; 2026 is this year's list, in dialogue.
    browsing.goto("/login")
    page.get_by_label("Brugernavn").fill("analyst")
    page.get_by_label("Adgangskode").fill("demo")
    page.get_by_role("button", name="Log ind").click()
    arrive(page, "Velkommen, Anders Analytiker")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Kategorisering").click()
    expect(page).to_have_url(re.compile(r"/kategorisering$"))
    page.get_by_label("Listeår").select_option("2026")
    page.get_by_role("button", name="Vis", exact=True).click()
    arrive(page, "Kategorisering af boligområder 2026")
    expect(current_phase(page)).to_have_text(re.compile(r"2\s+Dialog: kategorisering"))
    expect(page.get_by_text("Forslag: endnu ikke godkendt.")).to_be_visible()
    counts = page.get_by_role("table", name="Områder pr. kategori, 2026")
    for category in ("Rød", "Lyserød", "Gul", "Grøn"):
        heading = page.get_by_role("rowheader", name=re.compile(f"^{category} "))
        row = counts.get_by_role("row").filter(has=heading)
        expect(row.get_by_role("link")).to_have_text(re.compile(r"^\d+$"))
    chart = page.locator("figure.app-chart")
    chart_name = "Antal områder pr. kategori i 2026. Tabellen har de samme tal."
    expect(chart.get_by_role("img", name=chart_name)).to_be_visible()
    chart_box, table_box = chart.bounding_box(), counts.bounding_box()
    assert chart_box and table_box
    assert table_box["x"] >= chart_box["x"] + chart_box["width"], "the counts table is not beside the chart"
    assert table_box["y"] < chart_box["y"] + chart_box["height"], "the counts table is not beside the chart"

    # Upload housing data for a new year; the result is swapped in and read first.
    year_navigation(page, 2026).get_by_role("link", name="Upload").click()
    arrive(page, "Upload boligdata")
    mark_page(page)
    upload(page, f"boligdata-{YEAR}.csv", good_file())
    stored = page.get_by_test_id("upload-stored")
    expect(stored).to_contain_text(
        f"Filen boligdata-{YEAR}.csv er gemt: 6 rækker, 3 områder, årene {YEAR - 1}, {YEAR}."
    )
    expect(stored).to_be_focused()
    expect(stored.get_by_role("link", name=f"Se {YEAR}")).to_be_visible()

    # A file with bad cells: nothing stored, every problem by row and column, told in place.
    upload(page, "boligdata-fejl.csv", bad_file())
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Intet blev gemt. Ret problemerne nedenfor, og upload filen igen.")
    expect(alert).to_be_focused()
    errors = page.get_by_test_id("upload-errors")
    expect(errors.get_by_role("heading")).to_have_text("2 problemer i filen")
    expect(errors.get_by_role("listitem")).to_have_text(
        [
            "Række 3, kolonne 'convicted_pct' (dømte, %): skal være et tal, ikke 'ikke-et-tal'",
            "Række 4, kolonne 'region_code' (regionskode): skal være mellem 1081 og 1085",
        ]
    )
    expect(page.get_by_test_id("upload-stored")).to_have_count(0)
    assert_same_page(page)

    # Nothing of the bad file is stored: no 2028, no JOUR-09; the new year waits for its national figures.
    page.get_by_role("main").get_by_role("link", name="← Kategorisering").click()
    arrive(page, f"Kategorisering af boligområder {YEAR}")
    expect(page.get_by_label("Listeår").locator("option")).to_contain_text([str(YEAR), "2026"])
    expect(page.get_by_label("Listeår").locator(f"option[value='{YEAR + 1}']")).to_have_count(0)
    expect(current_phase(page)).to_contain_text("Opdatering: boligdata")
    year_navigation(page, YEAR).get_by_role("link", name="Områder").click()
    arrive(page, f"Områder {YEAR}")
    area_table = page.get_by_test_id("area-table")
    expect(area_table.get_by_role("caption")).to_have_text("3 områder · forslag")
    expect(area_table).not_to_contain_text("JOUR-09")
    expect(area_table.get_by_role("row").filter(has_text="JOUR-01")).to_contain_text("800")

    # The national average convicted for the new year, on the approval page.
    year_navigation(page, YEAR).get_by_role("link", name="Godkendelse").click()
    arrive(page, f"Godkendelse {YEAR}")
    page.get_by_label("Landsgennemsnit for andelen af dømte, 18 år+ (%)").fill("1,05")
    page.get_by_role("button", name="Gem landstal").click()
    expect(page).to_have_url(re.compile(r"notice=parameters_saved"))
    expect(page.get_by_role("status")).to_contain_text("Landstallene er gemt.")
    expect(page.get_by_label("Landsgennemsnit for andelen af dømte, 18 år+ (%)")).to_have_value("1,05")

    # Find the yellow area and read why it is yellow.
    year_navigation(page, YEAR).get_by_role("link", name="Områder").click()
    arrive(page, f"Områder {YEAR}")
    mark_page(page)
    page.get_by_label("Kategori", exact=True).select_option("yellow")
    expect(page).to_have_url(re.compile(r"category=yellow"))
    expect(area_table.get_by_role("caption")).to_have_text("1 område · forslag")
    assert_same_page(page)
    area_table.get_by_role("link", name="Testhaven (browsertest)").click()
    arrive(page, "Testhaven (browsertest) (JOUR-01)")
    verdict = page.locator(".app-verdict")
    expect(verdict).to_contain_text(f"Kategori {YEAR}: Gul")
    expect(page.get_by_role("heading", name="Derfor er området gul")).to_be_visible()
    expect(page.locator("ul.app-reasons")).to_contain_text("2 af 4 lokale kriterier er opfyldt.")
    local = page.get_by_role("table", name="Lokale kriterier (gul)")
    met = local.get_by_role("row").filter(has=page.get_by_role("cell", name="Ja", exact=True))
    expect(met).to_have_count(2)
    expect(met.nth(0)).to_contain_text("Uden for arbejdsmarked eller uddannelse")
    expect(met.nth(0)).to_contain_text(f"{YEAR - 1}–{YEAR}")  # averaged over two complete years
    expect(met.nth(1)).to_contain_text("Kun grundskoleuddannelse")
    expect(local.get_by_role("row").filter(has_text="Dømt")).to_contain_text("Nej")
    expect(page.get_by_role("img", name=re.compile("^Udviklingen i"))).to_have_count(4)

    # After the dialogue: a category with too short a justification is refused in place, then a good one.
    mark_page(page)
    page.get_by_label("Kategori", exact=True).select_option("green")
    page.get_by_label("Begrundelse").fill("kort")
    page.get_by_role("button", name="Gem kategori").click()
    refusal = page.get_by_role("alert")
    expect(refusal).to_contain_text("Skriv en begrundelse på mindst 10 tegn.")
    expect(refusal).to_be_focused()
    assert_same_page(page)
    justification = page.get_by_label("Begrundelse")
    expect(justification).to_have_value("kort")
    expect(justification).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Kategori", exact=True)).to_have_value("green")
    reason = "Aftalt i dialogen: helhedsplanen er vedtaget."
    justification.fill(reason)
    page.get_by_role("button", name="Gem kategori").click()
    expect(page).to_have_url(re.compile(r"notice=override_saved"))
    expect(page.get_by_role("status")).to_contain_text("Kategorien efter dialogen er gemt.")
    expect(verdict).to_contain_text(f"Kategori {YEAR}: Grøn")
    expect(verdict).to_contain_text("Beregnet kategori: Gul")
    expect(verdict).to_contain_text(reason)
    expect(page.locator("ul.app-reasons")).to_contain_text("den beregnede kategori er gul")
    expect(page.get_by_role("table", name="Kategoriens historik")).to_contain_text(reason)

    # Approve the year: revision 1, and the overview says so.
    page.get_by_role("link", name=f"Alle områder {YEAR}").click()
    arrive(page, f"Områder {YEAR}")
    year_navigation(page, YEAR).get_by_role("link", name="Godkendelse").click()
    arrive(page, f"Godkendelse {YEAR}")
    page.get_by_test_id("approve-button").click()
    consequence = page.get_by_test_id("confirm-consequence")
    expect(consequence).to_contain_text(f"aftaler for {YEAR + 1} bygger på den")
    page.get_by_test_id("confirm-button").click()
    expect(page).to_have_url(re.compile(r"notice=approved"))
    expect(page.get_by_role("status")).to_contain_text("Året er godkendt.")
    approvals = page.get_by_test_id("approvals")
    expect(approvals.get_by_role("row")).to_have_count(2)  # the header and revision 1
    first = approvals.get_by_role("row").nth(1)
    expect(first.get_by_role("rowheader")).to_have_text("1")
    expect(first).to_contain_text("Gul 0, Grøn 3")
    expect(page.get_by_test_id("approve-button")).to_have_text("Godkend en revision")

    year_navigation(page, YEAR).get_by_role("link", name="Overblik").click()
    arrive(page, f"Kategorisering af boligområder {YEAR}")
    expect(page.get_by_text("Godkendt (revision 1).")).to_be_visible()
    expect(current_phase(page)).not_to_contain_text("Dialog")
    expect(page.get_by_label("Listeår").locator(f"option[value='{YEAR}']")).to_have_text(f"{YEAR} – godkendt")

    # The approval reproduces exactly from its frozen snapshot.
    year_navigation(page, YEAR).get_by_role("link", name="Godkendelse").click()
    page.get_by_role("link", name="Genberegn revision 1").click()
    arrive(page, f"Genberegning af {YEAR}, revision 1")
    expect(page.get_by_role("status")).to_contain_text("Identisk")
    browsing.assert_clean("the analyst's journey")
