"""The caseworker's pages for the law of DOMAIN § 6.4 – acute marking and the inbox order, the answer on the
duty of care before a declined case closes, disclosures, assessed offers' decisions and letters – and the
public form's anti-spam and rate limit, through the gateway with the real referrals service behind it.
Each test reads back what the service stored."""

import re
import time
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from gateway.pages.referrals import concern_form
from services.kit import clock
from services.kit.auth import Role
from services.kit.state import state_of
from services.referrals.limits import ReportThrottle
from services.referrals.rules.workflow import acute_first_contact_due
from services.referrals.state import ReferralsState
from tests.referrals.conftest import (
    CPR,
    assign,
    csrf_of,
    execute,
    log_in,
    new_case,
    raw_rows,
    started_of,
    step,
    table,
    walk,
)
from tests.referrals.test_pages_concern import FILLED, open_form, send
from tests.support import KeyPair

# On one backend (tests/conftest.py): the pages draw and send what the services answer and store; the
# services' SQL has its own tests on both backends.
pytestmark = pytest.mark.one_backend

HTML = {"Accept": "text/html"}


async def post(pages: httpx.AsyncClient, page: str, action: str, **fields: Any) -> httpx.Response:
    """Submit a form of `page` the way a browser does: with the page's CSRF token."""
    html = (await pages.get(page, headers=HTML)).text
    return await pages.post(action, data={"csrftoken": csrf_of(html), **fields}, headers=HTML)


async def case_json(client: httpx.AsyncClient, caseworker: dict[str, str], case_id: int) -> dict[str, Any]:
    return dict((await client.get(f"/v1/cases/{case_id}", headers=caseworker)).json())


# --- the public form ----------------------------------------------------------------------------------


async def test_a_form_sent_too_fast_says_so_truthfully_and_keeps_everything(
    pages: httpx.AsyncClient, referrals_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(concern_form, "MIN_FILL_SECONDS", 3)
    _, hidden = await open_form(pages)
    fields = {**FILLED, "citizen_cpr": "010190-1234", "reporter_relation": "genbo"}
    too_fast = await pages.post("/bekymring", data={**fields, **hidden})
    assert too_fast.status_code == 422
    html = too_fast.text
    assert "Formularen blev sendt meget hurtigt. Kontrollér oplysningerne og send igen." in html
    # Nothing is missing, so nothing is said to be: no field error, no field marked invalid.
    assert "Udfyld" not in html and 'aria-invalid="true"' not in html and "form-error-message" not in html
    for typed in ("Gitte Gårdmand", "Havevej 3, 2860 Søborg", "post i to uger", "010190-1234", "genbo"):
        assert typed in html, typed
    assert await raw_rows(referrals_app, "cases") == []
    # The form keeps the time it was first shown: once a person's few seconds have passed, the same
    # page sends without being opened again.
    assert started_of(html) == hidden["started"]
    later = time.time() + concern_form.MIN_FILL_SECONDS + 1
    monkeypatch.setattr(concern_form, "time", SimpleNamespace(time=lambda: later))
    again = await pages.post(
        "/bekymring", data={**fields, "csrftoken": csrf_of(html), "started": started_of(html)}
    )
    assert again.status_code == 200, again.text
    (stored,) = await raw_rows(referrals_app, "cases")
    assert stored["channel"] == "public_form"


async def test_the_services_own_limit_says_when_to_send_again(
    pages: httpx.AsyncClient, referrals_app: FastAPI
) -> None:
    """Behind several gateway replicas the service's limit is the one that holds; its 429 is told in
    Danish with the minutes, and Retry-After."""
    state_of(referrals_app, ReferralsState).report_throttle = ReportThrottle(1, 3600)
    assert (await send(pages)).status_code == 200
    refused = await send(pages)
    assert refused.status_code == 429
    wait = int(refused.headers["retry-after"])
    assert 1 <= wait <= 3600
    minutes = -(-wait // 60)
    assert f"Du kan sende den igen om {minutes} minut" in refused.text
    assert "Gitte Gårdmand" in refused.text
    assert len(await raw_rows(referrals_app, "cases")) == 1


async def test_honest_mistakes_from_a_shared_address_use_up_no_limit(
    pages: httpx.AsyncClient, referrals_app: FastAPI
) -> None:
    """A library's address: reports the service sends back for a correction count at neither limit."""
    state_of(referrals_app, ReferralsState).report_throttle = ReportThrottle(2, 3600)
    for _ in range(concern_form.SUBMISSIONS_PER_WINDOW + 2):
        typo = await send(pages, citizen_cpr="3213901234")
        assert typo.status_code == 422
        assert 'href="#citizen_cpr"' in typo.text
    assert (await send(pages)).status_code == 200
    assert (await send(pages)).status_code == 200
    assert len(await raw_rows(referrals_app, "cases")) == 2


# --- acute cases and the inbox ---------------------------------------------------------------------------


async def test_the_inbox_page_has_the_order_of_the_json(
    pages: httpx.AsyncClient,
    client: httpx.AsyncClient,
    keys: KeyPair,
    caseworker: dict[str, str],
    referrals_app: FastAPI,
) -> None:
    overdue = (await new_case(client, caseworker))["id"]
    acute = (await new_case(client, caseworker, acute_danger=True))["id"]
    normal = (await new_case(client, caseworker))["id"]
    await execute(
        referrals_app,
        f"UPDATE {table(referrals_app, 'cases')} SET first_contact_due = :due WHERE id = :id",  # noqa: S608
        due=(clock.today() - timedelta(days=1)).isoformat(),
        id=overdue,
    )
    log_in(pages, keys, Role.CASEWORKER, "karen")
    html = (await pages.get("/sager", headers=HTML)).text
    shown = [int(n) for n in re.findall(r'<th scope="row"><a href="/sager/(\d+)">', html)]
    assert shown == [overdue, acute, normal]
    listed = (await client.get("/v1/cases", headers=caseworker)).json()["items"]
    assert [item["id"] for item in listed] == shown
    first_row = html[html.index(f'href="/sager/{overdue}"') : html.index(f'href="/sager/{acute}"')]
    assert "Frist for første kontakt overskredet" in first_row


async def test_the_caseworker_marks_a_case_acute_on_its_page(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    log_in(pages, keys, Role.CASEWORKER, "karen")
    page = f"/sager/{case_id}"
    assert "Sagen er ikke markeret som akut." in (await pages.get(page, headers=HTML)).text
    no_reason = await post(pages, page, f"{page}/akut", acute_danger="yes", reason="")
    assert no_reason.status_code == 422
    marked = await post(pages, page, f"{page}/akut", acute_danger="yes", reason="Truer med selvmord.")
    assert marked.status_code == 303 and "notice=acute" in marked.headers["location"]
    stored = await case_json(client, caseworker, case_id)
    assert stored["acute_danger"] is True
    assert stored["first_contact_due"] == acute_first_contact_due(clock.today(), 0).isoformat()
    html = (await pages.get(page, headers=HTML)).text
    assert "Sagen er markeret som akut." in html and "Truer med selvmord." in html  # the history says why


# --- a declined case closes with the answer on SEL § 82 and chapter 24 --------------------------------


async def test_closing_a_declined_case_on_the_page_needs_the_answer(
    pages: httpx.AsyncClient,
    client: httpx.AsyncClient,
    keys: KeyPair,
    caseworker: dict[str, str],
    referrals_app: FastAPI,
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    await assign(client, caseworker, case_id)
    await walk(client, caseworker, case_id, "assessment")
    declined = await step(
        client, caseworker, case_id, "citizen_declined", follow_up_date=clock.today().isoformat()
    )
    assert declined.status_code == 200
    await client.put(
        f"/v1/cases/{case_id}/children", json={"children_in_household": "no"}, headers=caseworker
    )
    log_in(pages, keys, Role.CASEWORKER, "karen")
    page = f"/sager/{case_id}"
    html = (await pages.get(page, headers=HTML)).text
    assert 'id="care-consideration"' in html and "Omsorgspligten (SEL § 82) er overvejet" in html
    assert '<option value="outreach_planned"' in html  # a new outreach is offered too

    # Closing asks first (it cannot be undone); asked, it names the step and changes nothing yet.
    asked = await post(pages, page, f"{page}/trin", to="closed", reason="Borgeren vil fortsat ikke.")
    assert asked.status_code == 200 and 'name="confirmed"' in asked.text
    assert (await case_json(client, caseworker, case_id))["state"] == "citizen_declined"
    refused = await post(
        pages, page, f"{page}/trin", to="closed", reason="Borgeren vil fortsat ikke.", confirmed="1"
    )
    assert refused.status_code == 422
    assert "omsorgspligten (SEL § 82) og reglerne om magtanvendelse (SEL kapitel 24)" in refused.text
    assert (await case_json(client, caseworker, case_id))["state"] == "citizen_declined"

    conclusion = "Ingen akut fare; borgeren er klar over tilbuddene. Intet grundlag for tvang."
    closed = await post(
        pages,
        page,
        f"{page}/trin",
        to="closed",
        reason="Borgeren vil fortsat ikke.",
        duty_of_care_considered="yes",
        coercion_rules_considered="yes",
        care_conclusion=conclusion,
        confirmed="1",
    )
    assert closed.status_code == 303, closed.text
    stored = await case_json(client, caseworker, case_id)
    assert stored["state"] == "closed"
    assert stored["care_considerations"][0]["conclusion"] == conclusion
    assert conclusion in (await pages.get(page, headers=HTML)).text  # in the journal on the page


# --- disclosures -----------------------------------------------------------------------------------------


async def test_a_disclosure_is_recorded_on_the_page_and_in_the_access_log_export(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    log_in(pages, keys, Role.CASEWORKER, "karen")
    page = f"/sager/{case_id}"
    fields = {
        "recipient": "Egen læge",
        "information": "Bekymringen om hukommelsen.",
        "basis": "substantial_importance",
        "disclosed_on": clock.today().isoformat(),
    }
    refused = await post(pages, page, f"{page}/videregivelse", **fields)
    assert refused.status_code == 422
    assert "væsentlig betydning for modtageren" in refused.text
    assert 'value="Egen læge"' in refused.text  # what was typed is kept
    why = "Lægen skal vurdere, om der er brug for udredning."
    made = await post(pages, page, f"{page}/videregivelse", **fields, justification=why)
    assert made.status_code == 303
    (stored,) = (await case_json(client, caseworker, case_id))["disclosures"]
    assert (stored["recipient"], stored["justification"]) == ("Egen læge", why)
    assert stored["legal_provision"] == "forvaltningsloven § 28, stk. 2"
    html = (await pages.get(page, headers=HTML)).text
    assert "Egen læge" in html and "Væsentlig betydning (forvaltningsloven § 28, stk. 2)" in html

    log_in(pages, keys, Role.ADMIN)
    export = await post(pages, "/persondata", "/persondata/adgangslog", cpr=CPR)
    assert export.status_code == 200
    table_html = export.text[export.text.index('data-testid="disclosures"') :]
    assert "Egen læge" in table_html and "forvaltningsloven § 28, stk. 2" in table_html
    download = await post(pages, "/persondata", "/persondata/adgangslog", cpr=CPR, download="json")
    assert download.json()["disclosures"][0]["recipient"] == "Egen læge"


# --- decisions on offers that need an assessment -----------------------------------------------------


async def test_a_decision_is_made_on_the_page_and_its_stored_letter_is_shown(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    await assign(client, caseworker, case_id)
    await walk(client, caseworker, case_id, "assessment")
    offer = next(o for o in (await client.get("/v1/offers")).json() if o["code"] == "hjemmevejledning")
    referral = await client.post(
        f"/v1/cases/{case_id}/referrals", json={"offer_id": offer["id"]}, headers=caseworker
    )
    referral_id = referral.json()["id"]
    log_in(pages, keys, Role.CASEWORKER, "karen")
    page = f"/sager/{case_id}"
    assert "Afgørelse (tilbuddet kræver visitation)" in (await pages.get(page, headers=HTML)).text
    action = f"{page}/henvisning/{referral_id}/afgoerelse"
    decision = {
        "outcome": "partly_granted",
        "decision": "Hjemmevejledning to timer om ugen; ikke de ønskede fire.",
        "reason_text": "Dit behov kan dækkes med to timer.",
        "facts": "Samtalen ved besøget.\nDin egen beskrivelse.",
        "hearing": "Vi har kun brugt dine egne oplysninger.",
    }
    missing = await post(pages, page, action, **{**decision, "hearing": ""})
    assert missing.status_code == 422
    made = await post(pages, page, action, **decision)
    assert made.status_code == 303, made.text
    (stored,) = (await case_json(client, caseworker, case_id))["decisions"]
    assert stored["outcome"] == "partly_granted"
    assert stored["facts"] == ["Samtalen ved besøget.", "Din egen beskrivelse."]
    assert stored["reasons"][0]["rule"] == "Serviceloven § 85"

    html = (await pages.get(page, headers=HTML)).text
    assert "Delvist bevilget" in html and stored["reference"] in html
    letter_path = f"{page}/henvisning/{referral_id}/afgoerelse/{stored['id']}"
    assert f'href="{letter_path}.pdf"' in html
    letter = await pages.get(letter_path)
    service_letter = await client.get(
        f"/v1/cases/{case_id}/referrals/{referral_id}/decision/letter", headers=caseworker
    )
    assert letter.status_code == 200 and letter.content == service_letter.content
    assert "Du får delvist bevilget tilbuddet" in letter.text and "Klagevejledning" in letter.text
    document = await pages.get(f"{letter_path}.pdf")
    assert document.headers["content-type"] == "application/pdf"
    assert document.content.startswith(b"%PDF-")
    # The next decision on the page names the one it replaces.
    html = (await pages.get(page, headers=HTML)).text
    assert f"En ny afgørelse, der erstatter {stored['reference']}" in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "every id on the page is unique (labels and landmarks rely on it)"
    assert f'name="corrects" value="{stored["id"]}"' in html
