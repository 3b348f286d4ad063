"""The caseworker's pages under /sager, the managers' figures and the administrator's pages, through the
gateway with the real referrals service behind it."""

import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from gateway.pages.referrals import labels as LABELS
from services.kit.auth import Role
from services.referrals.rules.workflow import Problem
from tests.referrals.conftest import CPR, csrf_of, headers_for, log_in, new_case, raw_rows, report_body
from tests.support import KeyPair

# On one backend (tests/conftest.py): the pages draw and send what the services answer and store; the
# services' SQL has its own tests on both backends.
pytestmark = pytest.mark.one_backend

HTML = {"Accept": "text/html"}


async def post(pages: httpx.AsyncClient, page: str, action: str, **fields: Any) -> httpx.Response:
    """Submit a form of `page` the way a browser does: with the page's CSRF token."""
    html = (await pages.get(page, headers=HTML)).text
    return await pages.post(action, data={"csrftoken": csrf_of(html), **fields}, headers=HTML)


def state_of(html: str) -> str:
    match = re.search(r'data-testid="case-state">([^<]+)<', html)
    assert match
    return match.group(1)


async def test_a_caseworker_takes_a_report_through_outreach_to_a_referral(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    log_in(pages, keys, Role.CASEWORKER, "karen")
    inbox = await pages.get("/sager", headers=HTML)
    assert inbox.status_code == 200
    assert f'href="/sager/{case_id}"' in inbox.text and "Testa Testesen" in inbox.text
    assert 'href="/sager"' in inbox.text and "Bekymringssager" in inbox.text  # the navigation item
    page = f"/sager/{case_id}"
    html = (await pages.get(page, headers=HTML)).text
    assert state_of(html) == "Modtaget"
    assert "010190-XXXX" in html and CPR not in html

    assigned = await post(pages, page, f"{page}/tildeling")
    assert assigned.status_code == 303 and assigned.headers["location"].startswith(f"{page}?notice=assigned")
    for target in ("outreach_planned", "outreach_done", "advice_support", "assessment"):
        response = await post(pages, page, f"{page}/trin", to=target, reason=f"Trin: {target}", confirmed="1")
        assert response.status_code == 303, response.text
    html = (await pages.get(page, headers=HTML)).text
    assert state_of(html) == "Vurdering"
    offer = re.search(r'<option value="(\d+)">3\. ', html)
    assert offer, "the offers are listed, lightest level first"
    proposed = await post(pages, page, f"{page}/henvisning", offer_id=offer.group(1), note="Passer godt.")
    assert proposed.status_code == 303
    referred = await post(
        pages, page, f"{page}/trin", to="referred", reason="Borgeren vil prøve tilbuddet.", confirmed="1"
    )
    assert referred.status_code == 303
    html = (await pages.get(page, headers=HTML)).text
    assert state_of(html) == "Henvist til tilbud"
    assert "Foreslået" in html

    refused = await post(pages, page, f"{page}/trin", to="closed", reason="Færdig.", confirmed="1")
    assert refused.status_code == 409
    assert "Svar først på, om der bor børn under 18 år i husstanden." in refused.text
    answered = await post(pages, page, f"{page}/boern", children_in_household="no")
    assert answered.status_code == 303
    closed = await post(pages, page, f"{page}/trin", to="closed", reason="Færdig.", confirmed="1")
    assert closed.status_code == 303
    assert state_of((await pages.get(page, headers=HTML)).text) == "Afsluttet"


async def test_htmx_actions_redirect_with_hx_redirect(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    log_in(pages, keys, Role.CASEWORKER, "karen")
    html = (await pages.get(f"/sager/{case_id}", headers=HTML)).text
    response = await pages.post(
        f"/sager/{case_id}/tildeling", headers={"HX-Request": "true", "x-csrftoken": csrf_of(html)}
    )
    assert response.status_code == 200 and response.headers["HX-Redirect"].startswith(f"/sager/{case_id}")


async def test_the_cpr_number_is_revealed_on_request_and_the_reveal_is_logged(
    pages: httpx.AsyncClient,
    client: httpx.AsyncClient,
    keys: KeyPair,
    caseworker: dict[str, str],
    referrals_app: FastAPI,
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    log_in(pages, keys, Role.CASEWORKER, "karen")
    html = (await pages.get(f"/sager/{case_id}", headers=HTML)).text
    block = await pages.post(
        f"/sager/{case_id}/cpr",
        data={"purpose": "identification"},
        headers={"HX-Request": "true", "x-csrftoken": csrf_of(html)},
    )
    assert block.status_code == 200
    assert block.text.strip().startswith('<div id="cpr-block">')
    assert CPR in block.text and "<html" not in block.text
    actions = [row["action"] for row in await raw_rows(referrals_app, "access_log")]
    assert actions.count("reveal_cpr") == 1 and "read" in actions


async def test_journal_notes_are_added_and_corrected_by_new_notes(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    log_in(pages, keys, Role.CASEWORKER, "karen")
    page = f"/sager/{case_id}"
    await post(pages, page, f"{page}/journal", text="Besøg aftalt <tirsdag>.")
    html = (await pages.get(page, headers=HTML)).text
    note = re.search(r'<option value="(\d+)">Notat', html)
    assert note
    await post(pages, page, f"{page}/journal", text="Rettelse: onsdag.", corrects=note.group(1))
    html = (await pages.get(page, headers=HTML)).text
    assert "Besøg aftalt &lt;tirsdag&gt;." in html and "Rettelse: onsdag." in html
    assert "ref-corrected" in html
    empty = await post(pages, page, f"{page}/journal", text="")
    assert empty.status_code == 422


async def test_consents_through_the_page(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    log_in(pages, keys, Role.CASEWORKER, "karen")
    page = f"/sager/{case_id}"
    assert (await post(pages, page, f"{page}/samtykke", scope="Kontakt til egen læge")).status_code == 303
    html = (await pages.get(page, headers=HTML)).text
    withdraw = re.search(r'action="(/sager/\d+/samtykke/\d+/tilbagekald)"', html)
    assert withdraw
    assert (await post(pages, page, withdraw.group(1), confirmed="1")).status_code == 303
    assert "tilbagekaldt" in (await pages.get(page, headers=HTML)).text


async def test_the_overdue_list_lookup_and_phone_intake(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair, caseworker: dict[str, str]
) -> None:
    log_in(pages, keys, Role.CASEWORKER, "karen")
    overdue = await pages.get("/sager/forfaldne", headers=HTML)
    assert overdue.status_code == 200 and "Ingen sager har overskredet fristen." in overdue.text
    form = {
        "channel": "phone",
        "citizen_name": "Telefon Testesen",
        "citizen_address": "Ringvej 1",
        "citizen_cpr": CPR,
        "concern": "Ringede om sin nabo.",
        "acute_danger": "yes",
        "children_in_household": "unknown",
        "reporter_anonymous": "yes",
    }
    created = await post(pages, "/sager/ny", "/sager/ny", **form)
    assert created.status_code == 200, created.text
    assert "B-" in created.text and "112" in created.text  # the code to give, and the emergency numbers
    case_link = re.search(r'href="/sager/(\d+)"', created.text)
    assert case_link
    found = await post(pages, "/sager", "/sager/opslag", cpr=CPR, purpose="identification")
    assert found.status_code == 200 and f'href="/sager/{case_link.group(1)}"' in found.text
    assert CPR not in str(found.url)
    bad = await post(pages, "/sager", "/sager/opslag", cpr="99", purpose="identification")
    assert bad.status_code == 422
    invalid = await post(pages, "/sager/ny", "/sager/ny", **{**form, "citizen_cpr": "3213901234"})
    assert invalid.status_code == 422 and 'href="#citizen_cpr"' in invalid.text


async def test_who_sees_which_page(
    pages: httpx.AsyncClient, keys: KeyPair, client: httpx.AsyncClient
) -> None:
    case_id = (await client.post("/v1/concern-reports", json=report_body())).status_code
    assert case_id == 201
    anonymous = await pages.get("/sager", headers=HTML)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/login")
    expectations = {
        Role.CASEWORKER: {"/sager": 200, "/sager/statistik": 403, "/tilbudstrappen": 403, "/persondata": 403},
        Role.MANAGER: {"/sager": 403, "/sager/statistik": 200, "/tilbudstrappen": 403, "/persondata": 403},
        Role.ADMIN: {"/sager": 403, "/sager/statistik": 200, "/tilbudstrappen": 200, "/persondata": 200},
        Role.ANALYST: {"/sager": 403, "/sager/statistik": 403, "/tilbudstrappen": 403, "/persondata": 403},
    }
    for role, pages_for_role in expectations.items():
        log_in(pages, keys, role)
        got = {path: (await pages.get(path, headers=HTML)).status_code for path in pages_for_role}
        assert got == pages_for_role, role


async def test_the_managers_figures_are_aggregates_only(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair, caseworker: dict[str, str]
) -> None:
    for _ in range(6):
        await new_case(client, caseworker)
    log_in(pages, keys, Role.MANAGER)
    html = (await pages.get("/sager/statistik", headers=HTML)).text
    assert "Henvendelser pr. måned" in html and "<svg" in html
    assert "Testa" not in html and CPR not in html and "B-" not in html
    assert 'href="/sager/statistik"' in html  # the managers' navigation item


async def test_the_administrator_keeps_the_ladder_and_answers_access_requests(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    await client.get(f"/v1/cases/{case_id}", headers=caseworker)
    log_in(pages, keys, Role.ADMIN)
    ladder = await pages.get("/tilbudstrappen", headers=HTML)
    assert ladder.status_code == 200
    offer = re.search(r'href="/tilbudstrappen/(\d+)"', ladder.text)
    assert offer
    page = f"/tilbudstrappen/{offer.group(1)}"
    saved = await post(pages, page, f"{page}/kapacitet", available="2", maximum="5")
    assert saved.status_code == 303
    assert "2 af 5 pladser ledige" in (await pages.get(page, headers=HTML)).text
    bad = await post(pages, page, f"{page}/kapacitet", available="9", maximum="5")
    assert bad.status_code == 422
    basis = await post(
        pages, page, f"{page}/hjemmel", law="Serviceloven", paragraph="§ 85", valid_from="2030-01-01"
    )
    assert basis.status_code == 303

    export = await post(pages, "/persondata", "/persondata/adgangslog", cpr=CPR)
    assert export.status_code == 200
    assert "Læste sagen" in export.text and "010190-XXXX" in export.text
    download = await post(pages, "/persondata", "/persondata/adgangslog", cpr=CPR, download="json")
    assert download.headers["content-type"].startswith("application/json")
    assert download.json()["entries"]
    trial = await post(pages, "/persondata", "/persondata/sletning", dry_run="yes")
    assert trial.status_code == 200 and "Prøvekørsel" in trial.text
    # The administrator does not read cases.
    assert (await pages.get(f"/sager/{case_id}", headers=HTML)).status_code == 403


def test_every_reason_the_workflow_gives_has_a_text_on_the_pages() -> None:
    assert {str(problem) for problem in Problem} <= set(LABELS.PROBLEMS)


NEW_OFFER = {
    "code": "samtalegruppe-sorg",
    "level": "4",
    "name_da": "Samtalegruppe om sorg",
    "name_en": "Talking group about grief",
    "description_da": "Et forløb på otte gange.",
    "description_en": "A course of eight meetings.",
    "target_group_da": "Voksne i sorg.",
    "target_group_en": "Adults in grief.",
    "provider": "Testkommune",
    "contact_name": "Gruppeteamet",
    "contact_phone": "12 34 56 78",
    "contact_email": "",
    "location_name": "Medborgerhuset",
    "address": "Mødevej 1",
    "min_age": "18",
    "max_age": "",
    "needs_assessment": "",
    "law": "Serviceloven",
    "paragraph": "§ 82 a",
    "valid_from": "2018-01-01",
}


async def test_the_administrator_adds_an_offer_from_the_pages(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair
) -> None:
    log_in(pages, keys, Role.ADMIN)
    ladder = (await pages.get("/tilbudstrappen", headers=HTML)).text
    assert 'href="/tilbudstrappen/ny"' in ladder and "Tilføj et tilbud" in ladder
    form = (await pages.get("/tilbudstrappen/ny", headers=HTML)).text
    assert "<h1>Nyt tilbud</h1>" in form
    for field in ("code", "level", "name_da", "law", "paragraph", "valid_from"):
        assert f'<label class="form-label" for="{field}">' in form, field

    created = await post(pages, "/tilbudstrappen/ny", "/tilbudstrappen/ny", **NEW_OFFER)
    assert created.status_code == 303, created.text
    location = created.headers["location"]
    assert re.fullmatch(r"/tilbudstrappen/\d+\?notice=offer_created", location)
    page = (await pages.get(location, headers=HTML)).text
    assert "Tilbuddet er oprettet." in page and "Samtalegruppe om sorg" in page
    offer = next(o for o in (await client.get("/v1/offers")).json() if o["code"] == "samtalegruppe-sorg")
    assert (offer["level"], offer["needs_assessment"], offer["min_age"], offer["max_age"]) == (
        4,
        False,
        18,
        None,
    )
    assert (offer["legal_basis"]["paragraph"], offer["legal_basis"]["valid_from"]) == ("§ 82 a", "2018-01-01")
    assert (offer["location_name"], offer["address"]) == ("Medborgerhuset", "Mødevej 1")

    # The same code again: refused on the code field, everything typed kept.
    again = await post(pages, "/tilbudstrappen/ny", "/tilbudstrappen/ny", **NEW_OFFER)
    assert again.status_code == 422
    assert 'href="#code"' in again.text and "Der findes allerede et tilbud med denne kode" in again.text
    assert 'value="Samtalegruppe om sorg"' in again.text


async def test_a_new_offer_with_errors_comes_back_with_a_summary_linking_each_field(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair
) -> None:
    log_in(pages, keys, Role.ADMIN)
    before = len((await client.get("/v1/catalogue/offers", headers=headers_for(keys, Role.ADMIN))).json())
    bad = {
        **NEW_OFFER,
        "code": "Ugyldig Kode",
        "level": "",
        "name_da": "",
        "contact_phone": "ring til os",
        "law": "",
        "valid_from": "",
    }
    response = await post(pages, "/tilbudstrappen/ny", "/tilbudstrappen/ny", **bad)
    assert response.status_code == 422
    html = response.text
    summary = html[html.index('id="offer-problems"') : html.index("</ul>", html.index('id="offer-problems"'))]
    linked = re.findall(r'href="#([a-z_]+)"', summary)
    assert linked == ["code", "level", "name_da", "contact_phone", "law", "valid_from"]
    for field in linked:
        assert f'id="{field}-error"' in html, field
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', html), field
    assert "Brug kun små bogstaver, tal og bindestreger" in summary
    assert "Vælg tilbuddets trin på tilbudstrappen." in summary
    assert 'value="Talking group about grief"' in html  # what was typed is kept
    after = len((await client.get("/v1/catalogue/offers", headers=headers_for(keys, Role.ADMIN))).json())
    assert after == before


async def test_only_administrators_add_offers(pages: httpx.AsyncClient, keys: KeyPair) -> None:
    for role in (Role.CASEWORKER, Role.MANAGER):
        log_in(pages, keys, role)
        assert (await pages.get("/tilbudstrappen/ny", headers=HTML)).status_code == 403
