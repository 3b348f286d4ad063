"""Concern reports in a real browser: a citizen reports a worry about an adult on the public form, and a
caseworker takes a case from the inbox through an outreach visit to a referral to an offer on the ladder.

The public form turns away what is sent faster than a person writes (3 s) and allows few reports per address,
so the citizen's journey sends exactly one report. The caseworker's case is taken in by phone on its own,
so the demo cases other tests read stay as they were.
"""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.support import Browsing, assert_accessible

pytestmark = pytest.mark.browser

# Gladsaxe's and Region Hovedstaden's numbers for acute danger (DOMAIN § 6.3).
EMERGENCY_NUMBERS = ["38 64 50 03", "1813", "112", "114"]
# The public form's spam trap: faster than this is not a person (gateway/pages/referrals/concern_form.py).
MIN_FILL_SECONDS = 3


def arrive(page: Page, heading: str | re.Pattern[str]) -> None:
    """Wait for the page with this h1 and for its scripts."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    page.wait_for_load_state()


def wait_as_a_person_would(page: Page) -> None:
    """Wait until the form has been open as long as a person needs to fill it in (the spam trap's minimum).

    The form carries the signed time it was shown; waiting for that condition, not for a fixed time, keeps
    the test as short as the product allows.
    """
    started = page.locator("input[name=started]").get_attribute("value")
    assert started and "." in started
    page.wait_for_function(
        "([shown, minimum]) => Date.now() / 1000 - shown > minimum + 0.5",
        arg=[int(started.split(".")[0]), MIN_FILL_SECONDS],
    )


def numbers_in(locator: Locator) -> list[str]:
    return [link.inner_text() for link in locator.locator("a[href^='tel:']").all()]


def test_a_citizen_in_acute_danger_sees_the_emergency_numbers_at_once_and_gets_a_receipt(
    browsing: Browsing,
) -> None:
    page = browsing.page
    browsing.goto("/bekymring")
    arrive(page, "Send en bekymringshenvendelse om en voksen")
    expect(page).to_have_url(re.compile(r"/bekymring$"))  # public: no login asked for
    before = page.locator("#before-you-send")
    expect(before).to_contain_text("tavshedspligt")
    expect(before).to_contain_text("39 57 39 00")

    # The emergency numbers are not shown until acute danger is chosen, then at once, before sending.
    panel = page.locator("#acute-contacts")
    expect(panel).to_be_hidden()
    page.get_by_role("group", name="Er der akut fare lige nu?").get_by_label("Nej").check()
    expect(panel).to_be_hidden()
    page.get_by_role("group", name="Er der akut fare lige nu?").get_by_label("Ja").check()
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading")).to_have_text("Ved akut fare: ring nu")
    expect(panel).to_contain_text("ring altid til politiet")
    assert numbers_in(panel) == EMERGENCY_NUMBERS
    expect(panel.get_by_role("link", name="38 64 50 03")).to_have_attribute("href", "tel:38645003")
    expect(page.get_by_role("heading", name="Tak – din henvendelse er modtaget")).to_have_count(0)

    # The rest of the form, anonymously.
    page.get_by_label(re.compile("^Navn")).fill("Karl Eriksen (browsertest)")
    page.get_by_label(re.compile("^Adresse")).fill("Testvej 12, 2. th., 2860 Søborg")
    page.get_by_label(re.compile("^Hvad er du bekymret for")).fill(
        "Min nabo har ikke været ude i flere uger og råbte i nat, at han vil gøre en ende på det."
    )
    page.get_by_role("group", name=re.compile("^Bor der børn under 18 år")).get_by_label("Ved ikke").check()
    page.get_by_label("Jeg vil være anonym").check()
    wait_as_a_person_would(page)
    page.get_by_role("button", name="Send henvendelsen").click()

    # The receipt: the emergency numbers again first, then the reference and the follow-up code only.
    arrive(page, "Tak – din henvendelse er modtaget")
    urgent = page.get_by_role("alert")
    expect(urgent.get_by_role("heading")).to_have_text("Du har svaret, at der er akut fare: ring nu")
    assert numbers_in(urgent) == EMERGENCY_NUMBERS
    expect(page.get_by_test_id("reference")).to_have_text(re.compile(r"^B-[0-9A-Z]{4}-[0-9A-Z]{4}$"))
    expect(page.get_by_test_id("follow-up-code")).to_have_text(re.compile(r"^\S{6,}$"))
    receipt = page.locator("main").inner_text()
    assert "Karl Eriksen" not in receipt, "the receipt repeats the person's name"
    assert "tavshedspligt" in receipt, "the receipt does not say that the reporter will hear nothing back"
    expect(page.get_by_role("link", name="Tilføj oplysninger til din henvendelse")).to_have_attribute(
        "href", "/bekymring/opfoelgning"
    )
    browsing.assert_clean("the public concern form")


def case_state(page: Page) -> Locator:
    return page.get_by_test_id("case-state")


def take_step(page: Page, action: str, reason: str) -> None:
    """Choose the step (none is chosen beforehand), say why, and confirm it: there is no step back."""
    workflow = page.locator("#workflow")
    workflow.get_by_label("Trin", exact=True).select_option(label=action)
    workflow.get_by_label("Hvorfor").fill(reason)
    workflow.get_by_role("button", name="Registrér trinnet").click()
    expect(page.get_by_test_id("confirm-consequence")).to_contain_text("kan ikke")
    page.get_by_test_id("confirm-button").click()


def test_a_caseworker_takes_a_case_from_the_inbox_through_outreach_to_an_offer_on_the_ladder(
    new_browsing: Callable[..., Browsing],
) -> None:
    browsing = new_browsing(user="caseworker")
    page = browsing.page
    citizen = "Vera Mikkelsen (browsertest)"

    # A report comes by phone; the caseworker takes it in.
    browsing.goto("/")
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Bekymringssager").click()
    arrive(page, "Bekymringssager")
    page.get_by_role("navigation", name="Bekymringssager").get_by_role(
        "link", name="Modtag en henvendelse"
    ).click()
    arrive(page, "Modtag en henvendelse")
    page.get_by_label("Hvordan henvendelsen kom").select_option("phone")
    page.get_by_label("Personens navn").fill(citizen)
    page.get_by_label("Personens adresse").fill("Prøvevej 3, 1. tv., 2860 Søborg")
    page.get_by_label(re.compile("er bekymret for$")).fill(
        "Datteren ringer: hendes mor har trukket sig fra alle og har ikke betalt husleje i tre måneder."
    )
    page.get_by_role("group", name="Akut fare").get_by_label("Nej").check()
    page.get_by_role("group", name="Børn i husstanden").get_by_label("Nej").check()
    page.get_by_role("group", name=re.compile("være anonym")).get_by_label("Nej").check()
    page.get_by_label("Navn på den, der henvender sig").fill("Datteren (browsertest)")
    page.get_by_role("button", name="Opret sagen").click()
    arrive(page, "Sagen er oprettet")
    reference = page.locator(".concern-receipt dd").first.inner_text()
    assert re.fullmatch(r"B-[0-9A-Z]{4}-[0-9A-Z]{4}", reference), reference

    # It waits in the inbox among the cases nobody has taken yet.
    page.get_by_role("navigation", name="Bekymringssager").get_by_role("link", name="Indbakke").click()
    arrive(page, "Bekymringssager")
    page.get_by_role("navigation", name="Hvilke sager").get_by_role("link", name="Ikke fordelt").click()
    expect(page).to_have_url(re.compile(r"scope=unassigned"))
    row = page.get_by_role("row").filter(has_text=reference)
    expect(row).to_contain_text(citizen)
    expect(row).to_contain_text("Modtaget")
    expect(row).to_contain_text("Ikke fordelt")
    row.get_by_role("link", name=reference).click()
    arrive(page, re.compile(rf"^Sag {reference}"))
    expect(case_state(page)).to_have_text("Modtaget")
    expect(page.locator("#citizen")).to_contain_text(citizen)

    # Take the case, plan the outreach visit, make it: the first contact is made.
    page.get_by_role("button", name="Fordel sagen til mig").click()
    expect(page.get_by_role("status")).to_contain_text("Sagen er fordelt.")
    expect(case_state(page)).to_have_text("Fordelt")
    expect(page.locator("#summary")).to_contain_text("Karen Sagsbehandler")
    take_step(page, "Planlæg et opsøgende besøg", "Besøg aftalt med datteren til på torsdag.")
    expect(page.get_by_role("status")).to_contain_text("Trinnet er registreret.")
    expect(case_state(page)).to_have_text("Opsøgende besøg planlagt")
    take_step(page, "Besøget er gennemført", "Borgeren lukkede op og ville gerne tale om sin situation.")
    expect(case_state(page)).to_have_text("Opsøgende besøg gennemført")
    expect(page.locator("#summary")).to_contain_text("Opnået")
    # DOMAIN § 6.4: advice and support comes before the assessment; there is no shortcut past it.
    steps = page.locator("#workflow").get_by_label("Trin", exact=True).locator("option").all_inner_texts()
    assert "Start vurderingen" not in steps, steps
    take_step(page, "Rådgivning og støtte", "Rådgivning om fællesskaber i nærområdet.")
    expect(case_state(page)).to_have_text("Rådgivning og støtte")
    take_step(page, "Start vurderingen", "Borgeren ønsker hjælp til at komme ud blandt andre.")
    expect(case_state(page)).to_have_text("Vurdering")

    # Referring before any offer is proposed is refused with the reason, and nothing changes.
    take_step(page, "Henvist til tilbud", "Borgeren vil gerne i gang.")
    refusal = page.locator("#workflow").get_by_role("alert")
    expect(refusal).to_contain_text("Foreslå mindst ét tilbud, før sagen henvises.")
    expect(case_state(page)).to_have_text("Vurdering")

    # The ladder of offers, lightest level first; the caseworker proposes group-based support (level 4).
    referrals = page.locator("#referrals")
    offer_select = referrals.get_by_label("Foreslå et tilbud")
    placeholder, *options = offer_select.locator("option").all_inner_texts()
    assert placeholder == "Vælg et tilbud"  # no offer is chosen for the caseworker
    levels = [int(text.split(".")[0]) for text in options]
    assert levels == sorted(levels) and levels[0] == 1 and levels[-1] == 9, levels
    group_support = next(text for text in options if text.startswith("4. Gruppebaseret støtte"))
    offer_select.select_option(label=group_support)
    referrals.get_by_label("Notat").fill("Borgeren vil gerne prøve en samtalegruppe.")
    referrals.get_by_role("button", name="Foreslå tilbuddet").click()
    expect(page.get_by_role("status")).to_contain_text("Tilbuddet er foreslået.")
    referral = page.locator(".ref-referral").filter(has_text="Gruppebaseret støtte")
    expect(referral).to_contain_text("(trin 4) – Foreslået")

    take_step(page, "Henvist til tilbud", "Borgeren har sagt ja til at blive henvist til gruppestøtte.")
    expect(page.get_by_role("status")).to_contain_text("Trinnet er registreret.")
    expect(case_state(page)).to_have_text("Henvist til tilbud")
    expect(page.locator("#summary")).to_contain_text("Udfald")

    # The citizen accepts the offer and starts in it.
    # A referral moves only forward, so each mark is asked about first.
    referral.get_by_role("button", name="Markér som accepteret").click()
    expect(page.get_by_test_id("confirmation")).to_contain_text("Gruppebaseret støtte")
    page.get_by_test_id("confirm-button").click()
    expect(page.get_by_role("status")).to_contain_text("Henvisningen er opdateret.")
    expect(referral).to_contain_text("– Accepteret")
    referral.get_by_role("button", name="Markér som startet").click()
    page.get_by_test_id("confirm-button").click()
    expect(referral).to_contain_text("– Startet")
    expect(referral.get_by_role("button", name="Markér som afsluttet")).to_be_visible()

    # Every step is in the history with who and why.
    history = page.locator("#history").get_by_role("table")
    for reason in ("Besøg aftalt med datteren", "Borgeren har sagt ja til at blive henvist"):
        expect(history.get_by_role("row").filter(has_text=reason)).to_contain_text("Karen Sagsbehandler")
    expect(history).not_to_contain_text("Borgeren vil gerne i gang.")  # the refused step left no trace

    # The case is among the caseworker's own, referred.
    page.get_by_role("link", name="← Tilbage til indbakken").click()
    arrive(page, "Bekymringssager")
    page.get_by_role("navigation", name="Hvilke sager").get_by_role("link", name="Mine sager").click()
    expect(page.get_by_role("row").filter(has_text=reference)).to_contain_text("Henvist til tilbud")
    browsing.assert_clean("the caseworker's journey")


def test_an_administrator_adds_an_offer_to_the_ladder(new_browsing: Callable[..., Browsing]) -> None:
    browsing = new_browsing(user="admin")
    page = browsing.page
    browsing.goto("/tilbudstrappen")
    arrive(page, "Tilbudstrappen")
    page.get_by_role("link", name="Tilføj et tilbud").click()
    arrive(page, "Nyt tilbud")
    assert_accessible(page, "the new-offer form")

    # Sent half filled in: the summary takes the focus and links each field, which says what is wrong.
    page.get_by_label("Kode (skal udfyldes)").fill("Forkert kode")
    page.get_by_label("Navn (engelsk) (skal udfyldes)").fill("Walking group (browsertest)")
    page.get_by_role("button", name="Opret tilbuddet").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Tilbuddet blev ikke oprettet")
    expect(summary).to_be_focused()
    assert_accessible(page, "the new-offer form with errors")
    summary.get_by_role("link", name=re.compile("^Kode")).click()
    code = page.get_by_label("Kode (skal udfyldes)")
    expect(code).to_be_focused()
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Navn (engelsk) (skal udfyldes)")).to_have_value("Walking group (browsertest)")

    code.fill("gaagruppe-browsertest")
    page.get_by_label("Trin (skal udfyldes)").select_option("1")
    page.get_by_label("Navn (dansk) (skal udfyldes)").fill("Gågruppe (browsertest)")
    page.get_by_label("Udbyder (skal udfyldes)").fill("Frivilligcentret")
    page.get_by_label("Kontakt (skal udfyldes)").fill("Frivilligcentret")
    page.get_by_label("Lov (skal udfyldes)").fill("Serviceloven")
    page.get_by_label("Paragraf (skal udfyldes)").fill("§ 18")
    page.get_by_label(re.compile(r"^Gælder fra")).fill("1998-07-01")
    page.get_by_role("button", name="Opret tilbuddet").click()
    arrive(page, "Gågruppe (browsertest)")
    expect(page.get_by_role("status")).to_contain_text("Tilbuddet er oprettet.")
    browsing.goto("/tilbudstrappen")
    expect(page.get_by_role("link", name="Gågruppe (browsertest)")).to_be_visible()
    browsing.assert_clean("adding an offer")
