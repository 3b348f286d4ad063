"""Every allocation, concern-form and concern-case page against WCAG 2.1 AA with axe-core, with one h1, one
main landmark, no sideways scrolling and no CSP violation.

Pages are scanned as the people who use them (officer, manager, caseworker, administrator, a citizen without
login), in Danish and some in English, at full width and at 320 px, and in the states that only appear after
an action: a refused agreement, a refused case step, a form with errors, a receipt, the panel that asks before
a step, a common agreement the service refuses to send. Scans change nothing in the demo data except for one
public report (the receipt) and one addition to a report made for the purpose.
The public form allows few reports per address and turns away what is sent faster than a person writes, so
only three scans send it.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from playwright.sync_api import Page, Response, expect

from tests.browser.support import Browsing, assert_accessible, describe

pytestmark = pytest.mark.browser
NARROW = 320  # WCAG 1.4.10 (reflow)
MIN_FILL_SECONDS = 3  # the public form's spam trap (gateway/pages/referrals/concern_form.py)


def wait_as_a_person_would(page: Page) -> None:
    """Wait until the form has been open as long as the spam trap asks of a person (a condition, no sleep)."""
    started = page.locator("input[name=started]").get_attribute("value")
    assert started and "." in started
    page.wait_for_function(
        "([shown, minimum]) => Date.now() / 1000 - shown > minimum + 0.5",
        arg=[int(started.split(".")[0]), MIN_FILL_SECONDS],
    )


# --- allocation -------------------------------------------------------------------------------------


def refuse_an_imposed_share_above_25(page: Page) -> None:
    page.wait_for_load_state()
    share = page.get_by_label("Andel til kommunal anvisning (%)")
    share.fill("30")
    page.get_by_test_id("save-agreement").click()
    expect(share).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("Aftalen blev ikke gemt.")


def refuse_an_empty_decision(page: Page) -> None:
    """A § 51 b decision sent without its fields: the errors stand beside them."""
    page.wait_for_load_state()
    page.get_by_test_id("record-decision").click()
    expect(page.locator("#decision-form").get_by_role("alert")).to_contain_text(
        "Beslutningen blev ikke registreret."
    )


def open_a_municipal_vacancy(page: Page) -> None:
    """From the overview's list of municipal vacancies waiting for an offer: one with ranked candidates."""
    page.get_by_test_id("waiting-vacancies").get_by_role("link").first.click()
    expect(page.get_by_test_id("candidates")).to_be_visible()


def open_a_let_vacancy(page: Page) -> None:
    page.get_by_test_id("vacancy-table").get_by_role("link").first.click()
    expect(page.get_by_test_id("vacancy-status")).to_have_text("Udlejet")


def refuse_a_vacancy_report(page: Page) -> None:
    page.wait_for_load_state()
    page.get_by_label("Ekstern reference").fill("scan-uden-tal")
    page.get_by_label("Værelser").fill("mange")
    page.get_by_role("button", name="Anmeld boligen").click()
    expect(page.locator("#report-form").get_by_role("alert")).to_be_visible()


def open_a_seeker(page: Page) -> None:
    page.get_by_role("main").locator("a[href^='/udlejning/boligsoegende/']").first.click()
    expect(page.locator("h1")).to_contain_text("(BS-")


def open_an_acute_decision(page: Page) -> None:
    page.get_by_role("main").locator("a[href^='/udlejning/akut/']").first.click()
    expect(page).to_have_url(re.compile(r"/udlejning/akut/\d+$"))


def check_an_applicant(page: Page) -> None:
    page.wait_for_load_state()
    page.get_by_label("Område").select_option("DEMO-01")
    page.locator("#check-applicant-kontanthjaelp-now").check()
    page.locator("#check-applicant-kontanthjaelp-months").fill("7")
    page.locator("#check-partner-spouse").check()
    # Both receive now: § 51 c rejects only then ("den boligsøgende og dennes ægtefælle").
    page.locator("#check-partner-overgangsydelse-now").check()
    page.locator("#check-partner-overgangsydelse-months").fill("2")
    page.get_by_test_id("run-check").click()
    expect(page.get_by_test_id("check-result")).to_be_visible()


def open_a_seeker_with_a_date_to_complete(page: Page) -> None:
    page.get_by_role("main").get_by_role("link", name="Jonas Holm (demo)").click()
    expect(page.get_by_test_id("dates-to-complete")).to_be_visible()
    expect(page.locator("#s-tenancy_terminated-on")).to_have_attribute("aria-invalid", "true")


def fill_a_dispensation_decision_badly(page: Page) -> None:
    """From a refused § 51 c check to the decision form, sent with a consideration missing."""
    check_an_applicant(page)
    page.get_by_test_id("record-dispensation").click()
    page.locator("#d-work_or_education-yes").check()
    page.get_by_test_id("record-decision").click()
    expect(page.locator("#dispensation-form-errors")).to_be_visible()
    expect(page.locator("#d-justification")).to_have_attribute("aria-invalid", "true")


def open_a_dispensation(page: Page) -> None:
    page.get_by_test_id("decisions").get_by_role("link").first.click()
    expect(page.get_by_test_id("considerations")).to_be_visible()


def check_without_an_area(page: Page) -> None:
    page.wait_for_load_state()
    page.get_by_test_id("run-check").click()
    expect(page.locator("#check-form-errors")).to_be_visible()
    expect(page.locator("#check-area")).to_have_attribute("aria-invalid", "true")


def register_an_organisation_badly(page: Page) -> None:
    page.wait_for_load_state()
    page.get_by_test_id("register-org").click()
    expect(page.locator("#org-form-errors")).to_be_visible()
    expect(page.locator("#org-code")).to_have_attribute("aria-invalid", "true")


# --- the public concern form ------------------------------------------------------------------------


# --- the common letting agreements ----------------------------------------------------------------------

# The demo's: the second organisation's of 2026 is sent and awaits its answer, its 2025 one is agreed; the
# demo organisation's of 2026 is a draft that cannot be sent (Nordlys has no letting agreement).
NORTH_2026 = "/udlejning/faellesaftaler/2026/demo-boligselskabet-nord"
NORTH_2025 = "/udlejning/faellesaftaler/2025/demo-boligselskabet-nord"
DEMO_ORG_2026 = "/udlejning/faellesaftaler/2026/demo-boligorganisation"


def ask_before_agreeing(page: Page) -> None:
    """The panel that asks before the sent version is marked agreed; nothing is agreed."""
    page.wait_for_load_state()
    page.get_by_test_id("step-agreed").click()
    expect(page.get_by_test_id("confirm-consequence")).to_contain_text("låst")


def refuse_to_send_a_draft(page: Page) -> None:
    """Confirmed, the draft is refused by the service (an area without its letting agreement): in words."""
    page.wait_for_load_state()
    page.get_by_test_id("step-sent").click()
    page.get_by_test_id("confirm-button").click()
    expect(page.get_by_test_id("common-agreement-error")).to_contain_text("Fællesaftalen blev ikke sendt.")


def choose_acute_danger(page: Page) -> None:
    page.wait_for_load_state()
    page.locator("#acute-yes").check()
    expect(page.locator("#acute-contacts")).to_be_visible()


def send_an_empty_form(page: Page) -> None:
    page.wait_for_load_state()
    wait_as_a_person_would(page)
    page.locator("#concern-form [type=submit]").click()
    expect(page.locator("#form-problems")).to_be_visible()
    expect(page.locator("#citizen_name")).to_have_attribute("aria-invalid", "true")


def take_in_an_empty_report(page: Page) -> None:
    page.get_by_role("button", name="Opret sagen").click()
    problems = page.locator("#intake-problems")
    expect(problems).to_be_focused()
    # Each refused field names its problem, and a screen reader hears it with the field.
    concern = page.locator("#concern")
    expect(concern).to_have_attribute("aria-invalid", "true")
    expect(concern).to_have_attribute("aria-describedby", "concern-error")
    expect(page.locator("#concern-error")).to_be_visible()


def send_an_acute_report(page: Page) -> None:
    page.wait_for_load_state()
    page.locator("#acute-yes").check()
    page.locator("#citizen_name").fill("Scanning Scansen (browsertest)")
    page.locator("#citizen_address").fill("Scanvej 1, 2860 Søborg")
    page.locator("#concern").fill("Et eksempel på en bekymring, sendt af tilgængelighedstesten.")
    page.locator("#children-unknown").check()
    page.locator("#anonymous-yes").check()
    wait_as_a_person_would(page)
    page.locator("#concern-form [type=submit]").click()
    expect(page.get_by_test_id("reference")).to_be_visible()


def add_information_to_a_report(page: Page) -> None:
    """A report sent over the public JSON API, then information added to it on the follow-up page."""
    base_url = page.url.split("/bekymring")[0]
    report = httpx.post(
        f"{base_url}/api/referrals/v1/concern-reports",
        json={
            "citizen": {"name": "Opfølgning Olsen (browsertest)", "address": "Scanvej 2, 2860 Søborg"},
            "concern": "En bekymring, som tilgængelighedstesten føjer oplysninger til.",
            "acute_danger": False,
            "children_in_household": "no",
            "reporter": {"anonymous": True},
        },
    )
    assert report.status_code == 201, report.text
    receipt = report.json()
    page.wait_for_load_state()
    page.locator("#reference").fill(receipt["reference"])
    page.locator("#follow_up_code").fill(receipt["follow_up_code"])
    page.locator("#information").fill("Personen er set igen i dag og virkede meget forvirret.")
    wait_as_a_person_would(page)
    page.locator("#follow-up-form [type=submit]").click()
    expect(page.locator("h1")).not_to_have_text(re.compile("^(Add information|Tilføj oplysninger)"))


# --- concern cases ----------------------------------------------------------------------------------


def open_a_case_from_the_inbox(page: Page) -> None:
    page.get_by_role("link", name="B-DEM0-0009").click()
    expect(page.get_by_test_id("case-state")).to_be_visible()


def refuse_a_referral_without_an_offer(page: Page) -> None:
    """B-DEM0-0008 is in assessment with no offer proposed: referring it is refused and changes nothing."""
    page.get_by_role("link", name="B-DEM0-0008").click()
    page.wait_for_load_state()
    workflow = page.locator("#workflow")
    workflow.locator("#step-to").select_option("referred")
    workflow.locator("#step-reason").fill("Tilgængelighedstesten prøver et trin, der ikke er tilladt.")
    workflow.locator("form[action$='/trin'] [type=submit]").click()
    page.get_by_test_id("confirm-button").click()  # asked first: there is no step back
    expect(page.locator("#workflow").get_by_role("alert")).to_be_visible()


def search_the_access_log_with_a_bad_number(page: Page) -> None:
    page.wait_for_load_state()
    form = page.locator("form[action='/persondata/adgangslog']")
    form.locator("input[name=cpr]").fill("12345")
    form.locator("[type=submit]").first.click()
    expect(page.get_by_role("alert")).to_be_visible()


def open_an_offer(page: Page) -> None:
    page.get_by_role("main").locator("a[href^='/tilbudstrappen/']").first.click()
    expect(page).to_have_url(re.compile(r"/tilbudstrappen/\d+$"))


@dataclass(frozen=True)
class Scan:
    """One page to scan: its address and h1, whose session, which language, what to do on it first."""

    path: str
    heading: str | re.Pattern[str]
    user: str | None = None
    language: str = "da"
    prepare: Callable[[Page], None] | None = None
    width: int | None = None
    status: int = 200


VACANCY = re.compile(r"^Ledig bolig ")
CASE = re.compile(r"^Sag B-DEM0-000\d")
SCANS = {
    # The allocation officer's pages, and the manager's statistics.
    "overview": Scan("/udlejning?year=2026", "Udlejning og anvisning 2026", "officer"),
    "agreements": Scan("/udlejning/aftaler?year=2026", "Udlejningsaftaler 2026", "officer"),
    "agreement": Scan(
        "/udlejning/aftaler/2026/DEMO-09", "Udlejningsaftale 2026: Skovbrynet (demo)", "officer"
    ),
    "agreement-refused": Scan(
        "/udlejning/aftaler/2026/DEMO-09",
        "Udlejningsaftale 2026: Skovbrynet (demo)",
        "officer",
        prepare=refuse_an_imposed_share_above_25,
    ),
    # Statutory bookkeeping: an agreement with its § 51 b decisions, a refused decision, the report.
    "agreement-decisions": Scan(
        "/udlejning/aftaler/2026/DEMO-01", "Udlejningsaftale 2026: Solbakken (demo)", "officer"
    ),
    "agreement-decision-refused": Scan(
        "/udlejning/aftaler/2026/DEMO-07",
        "Udlejningsaftale 2026: Hyldegården (demo)",
        "officer",
        prepare=refuse_an_empty_decision,
    ),
    "decisions-report-manager": Scan(
        "/udlejning/51b-rapport?date_from=2021-01-01&date_to=2021-12-31",
        "§ 51 b-beslutninger: indberetning til ministeren",
        "manager",
    ),
    "decisions-report-narrow": Scan(
        "/udlejning/51b-rapport?date_from=2021-01-01&date_to=2021-12-31",
        "§ 51 b-beslutninger: indberetning til ministeren",
        "officer",
        width=NARROW,
    ),
    "vacancies": Scan("/udlejning/ledige", "Ledige boliger", "officer"),
    "vacancy-report-refused": Scan(
        "/udlejning/ledige", "Ledige boliger", "officer", prepare=refuse_a_vacancy_report
    ),
    "vacancy-candidates": Scan("/udlejning?year=2026", VACANCY, "officer", prepare=open_a_municipal_vacancy),
    "vacancy-let": Scan(
        "/udlejning/ledige?channel=municipal&status=let", VACANCY, "officer", prepare=open_a_let_vacancy
    ),
    "seekers": Scan("/udlejning/boligsoegende", "Boligsøgende", "officer"),
    "seeker": Scan("/udlejning/boligsoegende", re.compile(r"\(BS-\d+\)$"), "officer", prepare=open_a_seeker),
    "acute": Scan("/udlejning/akut", "Akutboliger", "officer"),
    "acute-decision": Scan(
        "/udlejning/akut", re.compile(r"^Afgørelse "), "officer", prepare=open_an_acute_decision
    ),
    "statistics-officer": Scan("/udlejning/statistik?year=2026", "Udlejningsstatistik 2026", "officer"),
    "statistics-manager": Scan("/udlejning/statistik?year=2026", "Udlejningsstatistik 2026", "manager"),
    "statistics-manager-english": Scan(
        "/udlejning/statistik?year=2026", "Letting statistics 2026", "manager", language="en"
    ),
    "vacancy-candidates-english": Scan(
        "/udlejning?year=2026", re.compile(r"^Vacancy "), "officer", "en", prepare=open_a_municipal_vacancy
    ),
    "vacancy-candidates-narrow": Scan(
        "/udlejning?year=2026", VACANCY, "officer", prepare=open_a_municipal_vacancy, width=NARROW
    ),
    "agreement-narrow": Scan(
        "/udlejning/aftaler/2026/DEMO-09", "Udlejningsaftale 2026: Skovbrynet (demo)", "officer", width=NARROW
    ),
    "common-agreements": Scan("/udlejning/faellesaftaler?year=2026", "Fællesaftaler 2026", "officer"),
    "common-agreement-asking": Scan(
        NORTH_2026, "Fællesaftale 2026: Boligselskabet Nord (demo)", "officer", prepare=ask_before_agreeing
    ),
    "common-agreement-agreed": Scan(NORTH_2025, "Fællesaftale 2025: Boligselskabet Nord (demo)", "officer"),
    "common-agreement-refused": Scan(
        DEMO_ORG_2026,
        "Fællesaftale 2026: Demo Boligorganisation",
        "officer",
        prepare=refuse_to_send_a_draft,
        status=409,
    ),
    "common-agreement-analyst": Scan(NORTH_2026, "Fællesaftale 2026: Boligselskabet Nord (demo)", "analyst"),
    "common-agreement-narrow": Scan(
        DEMO_ORG_2026, "Fællesaftale 2026: Demo Boligorganisation", "officer", width=NARROW
    ),
    "common-agreement-english": Scan(
        NORTH_2026, "Common agreement 2026: Boligselskabet Nord (demo)", "officer", "en"
    ),
    "applicant-check": Scan("/udlejning/ansoegertjek", "Tjek af ansøger", "officer"),
    "applicant-check-result": Scan(
        "/udlejning/ansoegertjek", "Tjek af ansøger", "officer", prepare=check_an_applicant
    ),
    "applicant-check-errors": Scan(
        "/udlejning/ansoegertjek", "Tjek af ansøger", "officer", prepare=check_without_an_area, status=422
    ),
    "seeker-dates-to-complete": Scan(
        "/udlejning/boligsoegende",
        re.compile(r"^Jonas Holm"),
        "officer",
        prepare=open_a_seeker_with_a_date_to_complete,
    ),
    "seeker-narrow": Scan(
        "/udlejning/boligsoegende",
        re.compile(r"^Jonas Holm"),
        "officer",
        prepare=open_a_seeker_with_a_date_to_complete,
        width=NARROW,
    ),
    "dispensations": Scan("/udlejning/dispensationer", "Dispensationer (ABL § 51 c)", "officer"),
    "dispensation": Scan(
        "/udlejning/dispensationer",
        re.compile(r"^Afgørelse om dispensation nr\. \d+"),
        "officer",
        prepare=open_a_dispensation,
    ),
    "dispensation-form-errors": Scan(
        "/udlejning/ansoegertjek",
        "Afgørelse om dispensation (ABL § 51 c)",
        "officer",
        prepare=fill_a_dispensation_decision_badly,
        status=422,
    ),
    "organisations": Scan("/udlejning/boligorganisationer", "Boligorganisationer", "officer"),
    "organisations-errors": Scan(
        "/udlejning/boligorganisationer",
        "Boligorganisationer",
        "officer",
        prepare=register_an_organisation_badly,
        status=422,
    ),
    # The public concern form, without login.
    "concern-form": Scan("/bekymring", "Send en bekymringshenvendelse om en voksen"),
    "concern-form-acute": Scan(
        "/bekymring", "Send en bekymringshenvendelse om en voksen", prepare=choose_acute_danger
    ),
    "concern-form-errors": Scan(
        "/bekymring", "Send en bekymringshenvendelse om en voksen", prepare=send_an_empty_form, status=422
    ),
    "concern-receipt": Scan(
        "/bekymring", "Tak – din henvendelse er modtaget", prepare=send_an_acute_report, width=NARROW
    ),
    "concern-form-english": Scan(
        "/bekymring", "Report a concern about an adult", language="en", prepare=choose_acute_danger
    ),
    "concern-form-narrow": Scan(
        "/bekymring", "Send en bekymringshenvendelse om en voksen", prepare=choose_acute_danger, width=NARROW
    ),
    "follow-up": Scan("/bekymring/opfoelgning", "Tilføj oplysninger til din henvendelse"),
    "follow-up-done-english": Scan(
        "/bekymring/opfoelgning",
        "Thank you – the information has been added",
        language="en",
        prepare=add_information_to_a_report,
    ),
    # The caseworker's pages, the managers' figures and the administrator's.
    "inbox": Scan("/sager", "Bekymringssager", "caseworker"),
    "inbox-unassigned": Scan("/sager?scope=unassigned", "Bekymringssager", "caseworker"),
    "case": Scan("/sager", CASE, "caseworker", prepare=open_a_case_from_the_inbox),
    "case-refused": Scan(
        "/sager", CASE, "caseworker", prepare=refuse_a_referral_without_an_offer, status=409
    ),
    "case-english": Scan(
        "/sager", re.compile(r"^Case B-DEM0-"), "caseworker", "en", open_a_case_from_the_inbox
    ),
    "case-narrow": Scan("/sager", CASE, "caseworker", prepare=open_a_case_from_the_inbox, width=NARROW),
    "overdue": Scan("/sager/forfaldne", "Overskredet frist for første kontakt", "caseworker"),
    "intake": Scan("/sager/ny", "Modtag en henvendelse", "caseworker"),
    "intake-errors": Scan(
        "/sager/ny", "Modtag en henvendelse", "caseworker", prepare=take_in_an_empty_report, status=422
    ),
    "case-statistics-manager": Scan("/sager/statistik", "Bekymringshenvendelser i tal", "manager"),
    "case-statistics-admin-english": Scan("/sager/statistik", "Concern reports in figures", "admin", "en"),
    "ladder": Scan("/tilbudstrappen", "Tilbudstrappen", "admin"),
    "ladder-offer": Scan("/tilbudstrappen", re.compile(r"\S"), "admin", prepare=open_an_offer),
    "ladder-new-offer": Scan("/tilbudstrappen/ny", "Nyt tilbud", "admin"),
    "ladder-narrow": Scan("/tilbudstrappen", "Tilbudstrappen", "admin", width=NARROW),
    "personal-data": Scan("/persondata", "Persondata i bekymringssager", "admin"),
    "personal-data-refused": Scan(
        "/persondata",
        "Persondata i bekymringssager",
        "admin",
        prepare=search_the_access_log_with_a_bad_number,
        status=422,
    ),
}


@pytest.mark.parametrize("name", SCANS)
def test_allocation_and_concern_page_meets_wcag_21_aa_without_csp_violations(
    name: str, new_browsing: Callable[..., Browsing]
) -> None:
    scan = SCANS[name]
    browsing = new_browsing(
        user=scan.user, language=None if scan.language == "da" else scan.language, width=scan.width
    )
    page = browsing.page
    statuses: list[int] = []  # of every page load, so a scan ends where it meant to (e.g. a 422 form)

    def record(loaded: Response) -> None:
        if loaded.request.is_navigation_request() and loaded.request.frame == page.main_frame:
            statuses.append(loaded.status)

    page.on("response", record)
    response = browsing.goto(scan.path)
    assert response.status == 200, f"{scan.path} answered {response.status}"
    if scan.prepare:
        scan.prepare(page)
    assert statuses[-1] == scan.status, f"{name} ended on a page that answered {statuses[-1]}"

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
