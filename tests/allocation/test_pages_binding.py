"""Issue 12 on the officer's pages: nothing binding is recorded until everything it needs is given, and every
irreversible step asks first, naming its consequence. Each test reads back from the service what is STORED:
a refused or unconfirmed post stores nothing; the confirmed one stores what was typed."""

import re
from datetime import date
from typing import Any

import httpx
import pytest

from services.kit.auth import Role
from tests.allocation.factories import (
    Clock,
    FakeCategorisation,
    headers_for,
    ok,
    report,
    seeker,
    set_share,
    setup_areas,
    vacancy,
)
from tests.allocation.test_pages import pages, text  # noqa: F401 - the fixture of the officer's pages
from tests.gateway.helpers import PAGE, log_in, submit
from tests.support import KeyPair

# On one backend (tests/conftest.py): the pages draw and send what the services answer and store; the
# services' SQL has its own tests on both backends.
pytestmark = pytest.mark.one_backend

ACUTE_FORM = {
    "applicant_name": "Ida Iversen",
    "resident_of_municipality": "yes",
    "acute_unforeseen_situation": "yes",
    "had_own_dwelling": "no",
    "divorce_with_children_under_18": "yes",
    "registered_housing_organisations": "2",
    "officer_note": "Samtale i Borgerservice",
}


def hidden(html: str) -> dict[str, str]:
    """What the confirmation panel's "yes" sends: its hidden fields (without the CSRF token, which `submit`
    adds) and its button's `confirmed=1`."""
    panel = html[html.index('data-testid="confirmation"') :]
    panel = panel[: panel.index("</form>")]
    assert '<button type="submit" class="button button-primary" name="confirmed" value="1"' in panel
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', panel))
    assert fields.pop("csrftoken")
    return {**fields, "confirmed": "1"}


async def decisions(client: httpx.AsyncClient, keys: KeyPair) -> list[dict[str, Any]]:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    return list(await ok(await client.get("/v1/acute-applications", headers=officer)))


async def test_an_empty_acute_application_decides_nothing_and_says_what_is_missing(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    keys: KeyPair,
) -> None:
    await log_in(pages, "officer")
    empty = await submit(pages, "/udlejning/akut", {})
    assert empty.status_code == 422
    shown = text(empty)
    assert "Der er ikke truffet nogen afgørelse: formularen indeholder fejl" in shown
    assert "Ansøger: Skriv ansøgerens navn." in shown
    assert shown.count("Svar ja eller nej.") == 2 * 4  # in the summary and beside each yes/no criterion
    assert "Skriv antallet med tal, f.eks. 2." in shown
    assert "oplysningen mangler" not in shown
    assert await decisions(client, keys) == []
    # Even a post claiming confirmation decides nothing from nothing.
    assert (await submit(pages, "/udlejning/akut", {"confirmed": "1"})).status_code == 422
    assert await decisions(client, keys) == []


async def test_a_half_filled_acute_application_keeps_everything_typed(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    keys: KeyPair,
) -> None:
    await log_in(pages, "officer")
    typed = {**ACUTE_FORM, "had_own_dwelling": "", "registered_housing_organisations": "to"}
    refused = await submit(pages, "/udlejning/akut", typed)
    assert refused.status_code == 422
    html = refused.text
    assert 'value="Ida Iversen"' in html and "Samtale i Borgerservice</textarea>" in html
    assert re.search(r'id="a-resident_of_municipality-yes"[^>]*checked', html)
    assert not re.search(r'id="a-had_own_dwelling-(yes|no)"[^>]*checked', html)
    assert re.search(r'id="a-divorce_with_children_under_18-yes"[^>]*checked', html)
    assert 'value="to"' in html and "Skriv antallet med tal." in text(refused)
    assert 'id="a-had_own_dwelling-error"' in html and 'aria-invalid="true"' in html
    assert await decisions(client, keys) == []


async def test_an_acute_decision_is_asked_about_first_and_made_only_when_confirmed(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    keys: KeyPair,
) -> None:
    await log_in(pages, "officer")
    asked = await submit(pages, "/udlejning/akut", ACUTE_FORM)
    assert asked.status_code == 200
    shown = text(asked)
    assert "Træf afgørelse om ansøgningen fra Ida Iversen?" in shown
    assert "kan ikke ændres bagefter" in shown
    assert (
        "Ansøger Ida Iversen" in shown
        and "Ansøgeren har haft egen leje-, andels- eller ejerbolig. Nej" in shown
    )
    assert await decisions(client, keys) == []
    again = hidden(asked.text)
    assert again == {**ACUTE_FORM, "confirmed": "1"}
    decided = await submit(pages, "/udlejning/akut", again)
    assert decided.status_code == 303
    [stored] = await decisions(client, keys)
    assert decided.headers["location"] == f"/udlejning/akut/{stored['id']}"
    assert stored["applicant_name"] == "Ida Iversen" and stored["officer_note"] == "Samtale i Borgerservice"
    assert {c["code"]: c["answer"] for c in stored["criteria"]} == {
        "resident_of_municipality": True,
        "acute_unforeseen_situation": True,
        "had_own_dwelling": False,
        "divorce_with_children_under_18": True,
        "registered_housing_organisations": 2,
    }
    assert stored["eligible"] is False
    listing = await pages.get("/udlejning/akut", headers=PAGE)
    assert "Ida Iversen" in text(listing)


# --- the vacancy's steps: the letting, and the offer with its answer ----------------------------------------


async def open_vacancy(
    client: httpx.AsyncClient, keys: KeyPair, fake: FakeCategorisation, area: str = "YEL-1"
) -> dict[str, Any]:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    await setup_areas(client, officer, fake)
    if area == "GRN-1":
        await set_share(client, officer, "GRN-1", 100, 0)
    return dict(await ok(await report(client, officer, vacancy(f"p-{area}", area)), 201))


async def read_vacancy(client: httpx.AsyncClient, keys: KeyPair, vacancy_id: int) -> dict[str, Any]:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    return dict(await ok(await client.get(f"/v1/vacancies/{vacancy_id}", headers=officer)))


async def test_the_letting_form_chooses_nothing_for_the_officer(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    keys: KeyPair,
    fake_categorisation: FakeCategorisation,
) -> None:
    receipt = await open_vacancy(client, keys, fake_categorisation)
    await log_in(pages, "officer")
    shown = await pages.get(f"/udlejning/ledige/{receipt['id']}", headers=PAGE)
    form = shown.text[shown.text.index('data-testid="letting-form"') :]
    form = form[: form.index("</form>")]
    assert re.findall(r"<option[^>]*selected", form) == ['<option value="" selected']
    assert 'name="let_on" value=""' in form and "Tidligst 1. april 2026, når boligen er ledig." in text(shown)

    empty = await submit(pages, f"/udlejning/ledige/{receipt['id']}/udlejning", {"confirmed": "1"})
    assert empty.status_code == 422
    assert "Vælg den kanal, der faktisk blev brugt." in text(empty)
    assert "Skriv datoen, hvor lejemålet begynder, f.eks. 2026-04-01." in text(empty)
    assert (await read_vacancy(client, keys, receipt["id"]))["letting"] is None


async def test_a_lease_before_the_dwelling_is_free_is_refused_beside_the_date_and_nothing_is_let(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    keys: KeyPair,
    fake_categorisation: FakeCategorisation,
) -> None:
    receipt = await open_vacancy(client, keys, fake_categorisation)
    await log_in(pages, "officer")
    path = f"/udlejning/ledige/{receipt['id']}/udlejning"
    early = await submit(pages, path, {"channel": "flexible", "let_on": "2026-03-31", "confirmed": "1"})
    assert early.status_code == 422
    assert "Lejemålet kan ikke begynde, før boligen er ledig (1. april 2026)." in text(early)
    assert 'id="l-date-error"' in early.text and 'value="2026-03-31"' in early.text
    assert re.search(r'<option value="flexible" selected', early.text)  # what was chosen is kept
    stored = await read_vacancy(client, keys, receipt["id"])
    assert (stored["status"], stored["letting"]) == ("open", None)

    # The day it is free: asked first, naming the consequence; nothing is let until confirmed.
    asked = await submit(pages, path, {"channel": "flexible", "let_on": "2026-04-01"})
    assert asked.status_code == 200
    assert "Lejemålet registreres med kanalen Fleksibel udlejning" in text(asked)
    assert "kan ikke gøres om" in text(asked)
    assert (await read_vacancy(client, keys, receipt["id"]))["letting"] is None
    let = await submit(pages, path, hidden(asked.text))
    assert let.status_code == 303
    letting = (await read_vacancy(client, keys, receipt["id"]))["letting"]
    assert (letting["channel"], letting["let_on"], letting["days_to_letting"]) == (
        "flexible",
        "2026-04-01",
        0,
    )


async def test_an_offer_its_acceptance_and_its_decline_each_ask_first(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    keys: KeyPair,
    fake_categorisation: FakeCategorisation,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    receipt = await open_vacancy(client, keys, fake_categorisation, "GRN-1")
    first = await ok(await client.post("/v1/seekers", json=seeker("Første Fisker"), headers=officer), 201)
    second = await ok(await client.post("/v1/seekers", json=seeker("Anden Andersen"), headers=officer), 201)
    await log_in(pages, "officer")
    offers_path = f"/v1/vacancies/{receipt['id']}/offers"

    offer_form = {"seeker_id": str(first["id"])}
    asked = await submit(pages, f"/udlejning/ledige/{receipt['id']}/tilbud", offer_form)
    assert asked.status_code == 200 and "Tilbyd boligen til Første Fisker?" in text(asked)
    assert await ok(await client.get(offers_path, headers=officer)) == []
    made = await submit(pages, f"/udlejning/ledige/{receipt['id']}/tilbud", {**offer_form, "confirmed": "1"})
    assert made.status_code == 303
    [offer] = await ok(await client.get(offers_path, headers=officer))

    # The decline's reason is never chosen for the officer; without one nothing is recorded.
    page = await pages.get(f"/udlejning/ledige/{receipt['id']}", headers=PAGE)
    select = re.search(rf'<select[^>]*id="decline-{offer["id"]}".*?</select>', page.text, re.S)
    assert select is not None
    assert re.findall(r"<option[^>]*selected", select.group(0)) == ['<option value="" selected']
    decline = f"/udlejning/tilbud/{offer['id']}/afslag"
    vacancy_field = {"vacancy_id": str(receipt["id"])}
    unchosen = await submit(pages, decline, {**vacancy_field, "confirmed": "1"})
    assert unchosen.status_code == 422 and "Vælg, hvorfor den boligsøgende afslog." in text(unchosen)
    asked = await submit(pages, decline, {**vacancy_field, "reason": "location"})
    assert asked.status_code == 200
    assert "Registrér, at Første Fisker afslår?" in text(asked) and "kan ikke gøres om" in text(asked)
    stored = await ok(await client.get(f"/v1/offers/{offer['id']}", headers=officer))
    assert (stored["status"], stored["decline_reason"]) == ("pending", None)
    declined = await submit(pages, decline, {**vacancy_field, "reason": "location", "confirmed": "1"})
    assert declined.status_code == 303
    stored = await ok(await client.get(f"/v1/offers/{offer['id']}", headers=officer))
    assert (stored["status"], stored["decline_reason"]) == ("declined", "location")

    # The next seeker accepts: asked first, recorded only when confirmed.
    made = await submit(
        pages, f"/udlejning/ledige/{receipt['id']}/tilbud", {"seeker_id": str(second["id"]), "confirmed": "1"}
    )
    assert made.status_code == 303
    latest = (await ok(await client.get(offers_path, headers=officer)))[-1]
    accept = f"/udlejning/tilbud/{latest['id']}/accepter"
    asked = await submit(pages, accept, vacancy_field)
    assert asked.status_code == 200 and "Registrér, at Anden Andersen siger ja?" in text(asked)
    assert (await ok(await client.get(f"/v1/offers/{latest['id']}", headers=officer)))["status"] == "pending"
    accepted = await submit(pages, accept, {**vacancy_field, "confirmed": "1"})
    assert accepted.status_code == 303
    assert (await ok(await client.get(f"/v1/offers/{latest['id']}", headers=officer)))["status"] == "accepted"


async def test_withdrawing_an_offer_needs_its_reason_and_hearing_asks_first_and_makes_the_letter(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    keys: KeyPair,
    fake_categorisation: FakeCategorisation,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    receipt = await open_vacancy(client, keys, fake_categorisation, "GRN-1")
    person = await ok(await client.post("/v1/seekers", json=seeker("Tove Tilbage"), headers=officer), 201)
    await log_in(pages, "officer")
    made = await submit(
        pages, f"/udlejning/ledige/{receipt['id']}/tilbud", {"seeker_id": str(person["id"]), "confirmed": "1"}
    )
    assert made.status_code == 303
    [offer] = await ok(await client.get(f"/v1/vacancies/{receipt['id']}/offers", headers=officer))
    page = await pages.get(f"/udlejning/ledige/{receipt['id']}", headers=PAGE)
    assert f'data-testid="withdraw-offer-{offer["id"]}"' in page.text

    withdraw = f"/udlejning/tilbud/{offer['id']}/tilbagetraek"
    vacancy_field = {"vacancy_id": str(receipt["id"])}
    reason = "Boligen viste sig at være for lille til husstanden."
    # Without the hearing nothing is recorded; the reason stays typed and the missing field is named.
    missing = await submit(pages, withdraw, {**vacancy_field, "reason": reason, "confirmed": "1"})
    assert missing.status_code == 422
    assert "Skriv, om den boligsøgende er hørt om grundlaget, eller hvorfor ikke." in text(missing)
    assert reason in text(missing)
    stored = await ok(await client.get(f"/v1/offers/{offer['id']}", headers=officer))
    assert stored["status"] == "pending"

    hearing = "Tove Tilbage er hørt den 1. april og havde ingen bemærkninger."
    typed = {**vacancy_field, "reason": reason, "hearing": hearing}
    asked = await submit(pages, withdraw, typed)
    assert asked.status_code == 200 and "Trække tilbuddet til Tove Tilbage tilbage?" in text(asked)
    assert (await ok(await client.get(f"/v1/offers/{offer['id']}", headers=officer)))["status"] == "pending"
    done = await submit(pages, withdraw, hidden(asked.text))
    assert done.status_code == 303
    stored = await ok(await client.get(f"/v1/offers/{offer['id']}", headers=officer))
    assert stored["status"] == "withdrawn"
    letter = await client.get(f"/v1/offers/{offer['id']}/withdrawal-letter", headers=officer)
    assert letter.status_code == 200 and reason in letter.text and hearing in letter.text


async def test_returning_overdue_vacancies_asks_first(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    keys: KeyPair,
    fake_categorisation: FakeCategorisation,
    clock: Clock,
) -> None:
    receipt = await open_vacancy(client, keys, fake_categorisation, "GRN-1")
    clock.today = date(2026, 5, 1)  # past the deadline of 15 April
    await log_in(pages, "officer")
    asked = await submit(pages, "/udlejning/ledige/returner", {})
    assert asked.status_code == 200 and "Giv de ledige boliger med overskredet frist tilbage?" in text(asked)
    assert (await read_vacancy(client, keys, receipt["id"]))["status"] == "open"
    done = await submit(pages, "/udlejning/ledige/returner", {"confirmed": "1"})
    assert done.status_code == 303
    assert (await read_vacancy(client, keys, receipt["id"]))["status"] == "returned"


# --- the agreement: marked agreed, and the § 51 b decisions ------------------------------------------------


async def test_marking_an_agreement_agreed_asks_first_and_keeps_what_was_typed(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    keys: KeyPair,
    fake_categorisation: FakeCategorisation,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    await setup_areas(client, officer, fake_categorisation)
    await log_in(pages, "officer")
    path = "/udlejning/aftaler/2026/GRN-1"
    typed = {
        "municipal_share_pct": "30",
        "legal_basis": "agreement",
        "status": "agreed",
        "note": "Aftalt 3/3",
    }
    asked = await submit(pages, path, typed)
    assert asked.status_code == 200
    shown = text(asked)
    assert "Markér aftalen for" in shown and "som indgået?" in shown
    assert "den kommunale andel på 30 % fuldt ud og binder boligorganisationen" in shown
    stored = await ok(await client.get("/v1/agreements/2026/GRN-1", headers=officer))
    assert (stored["status"], stored["municipal_share_pct"], stored["note"]) == ("draft", 30, "")
    # "Change the answers" brings the form back as it was typed; still nothing is stored.
    changing = await submit(pages, path, {**hidden(asked.text), "confirmed": "", "edit": "1"})
    assert changing.status_code == 200 and "Aftalt 3/3</textarea>" in changing.text
    assert re.search(r'id="status-agreed"[^>]*checked', changing.text)
    assert (await ok(await client.get("/v1/agreements/2026/GRN-1", headers=officer)))["status"] == "draft"
    agreed = await submit(pages, path, hidden(asked.text))
    assert agreed.status_code == 303
    stored = await ok(await client.get("/v1/agreements/2026/GRN-1", headers=officer))
    assert (stored["status"], stored["legal_basis"], stored["note"]) == ("agreed", "agreement", "Aftalt 3/3")
    # Other changes to the agreement are saved at once, as before.
    assert (await submit(pages, path, {"note": "Drøftet"})).status_code == 303


async def test_a_section_51_b_decision_asks_first_and_nothing_is_recorded_before(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    keys: KeyPair,
    fake_categorisation: FakeCategorisation,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    await setup_areas(client, officer, fake_categorisation)
    await log_in(pages, "officer")
    form = {
        "kind": "order",
        "decided_on": "2026-02-01",
        "decided_by": "Økonomiudvalget",
        "justification": "40 %",
    }
    asked = await submit(pages, "/udlejning/aftaler/2026/YEL-1/51b", form)
    assert asked.status_code == 200
    assert "indberettes til ministeren og ændres aldrig" in text(asked) and "1. februar 2026" in text(asked)
    decisions_path = "/v1/areas/YEL-1/combined-letting-decisions"
    assert await ok(await client.get(decisions_path, headers=officer)) == []
    assert (await submit(pages, "/udlejning/aftaler/2026/YEL-1/51b", hidden(asked.text))).status_code == 303
    assert [d["kind"] for d in await ok(await client.get(decisions_path, headers=officer))] == ["order"]
