"""Issue 12 on the caseworker's and the administrator's pages: no choice that is recorded is made for them,
and every step that cannot be undone asks first, naming its consequence. What is STORED is read back from
the referrals service (its API and its tables)."""

import re

import httpx
import pytest
from fastapi import FastAPI

from services.kit.auth import Role
from tests.referrals.conftest import CPR, assign, csrf_of, log_in, new_case, raw_rows, step, walk
from tests.referrals.test_privacy_retention import closed_case
from tests.support import KeyPair

# On one backend (tests/conftest.py): the pages draw and send what the services answer and store; the
# services' SQL has its own tests on both backends.
pytestmark = pytest.mark.one_backend

HTML = {"Accept": "text/html"}


async def post(pages: httpx.AsyncClient, page: str, action: str, **fields: str) -> httpx.Response:
    html = (await pages.get(page, headers=HTML)).text
    return await pages.post(action, data={"csrftoken": csrf_of(html), **fields}, headers=HTML)


def text(response: httpx.Response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.text).split())


def selected_in(html: str, select_id: str) -> list[str]:
    found = re.search(rf'<select[^>]*id="{select_id}".*?</select>', html, re.S)
    assert found is not None, f"no select {select_id}"
    return re.findall(r'<option value="([^"]*)"[^>]*selected', found.group(0))


async def state(client: httpx.AsyncClient, caseworker: dict[str, str], case_id: int) -> str:
    response = await client.get(f"/v1/cases/{case_id}", headers=caseworker)
    assert response.status_code == 200, response.text
    return str(response.json()["state"])


async def test_every_step_asks_first_and_closing_names_that_it_cannot_be_reopened(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    await assign(client, caseworker, case_id)
    log_in(pages, keys, Role.CASEWORKER, "karen")
    page = f"/sager/{case_id}"
    html = (await pages.get(page, headers=HTML)).text
    assert selected_in(html, "step-to") == [""]  # no step is chosen for the caseworker

    asked = await post(pages, page, f"{page}/trin", to="outreach_planned", reason="Besøg aftalt")
    assert asked.status_code == 200 and "Registrér trinnet »Planlæg et opsøgende besøg«?" in text(asked)
    assert "trinnet kan ikke tages tilbage" in text(asked)
    assert await state(client, caseworker, case_id) == "assigned"
    changing = await post(pages, page, f"{page}/trin", to="outreach_planned", reason="Besøg aftalt", edit="1")
    assert changing.status_code == 200 and "Besøg aftalt</textarea>" in changing.text
    assert selected_in(changing.text, "step-to") == ["outreach_planned"]
    assert await state(client, caseworker, case_id) == "assigned"

    await walk(client, caseworker, case_id, "assessment")
    await step(client, caseworker, case_id, "no_further_action")
    await client.put(
        f"/v1/cases/{case_id}/children", json={"children_in_household": "no"}, headers=caseworker
    )
    asked = await post(pages, page, f"{page}/trin", to="closed", reason="Afsluttet efter samtale")
    assert asked.status_code == 200 and "Luk sagen?" in text(asked)
    assert "En lukket sag kan ikke genåbnes" in text(asked)
    assert await state(client, caseworker, case_id) == "no_further_action"
    closed = await post(
        pages, page, f"{page}/trin", to="closed", reason="Afsluttet efter samtale", confirmed="1"
    )
    assert closed.status_code == 303
    assert await state(client, caseworker, case_id) == "closed"


async def test_an_empty_step_or_offer_is_refused_and_nothing_recorded(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    await assign(client, caseworker, case_id)
    await walk(client, caseworker, case_id, "assessment")
    log_in(pages, keys, Role.CASEWORKER, "karen")
    page = f"/sager/{case_id}"
    html = (await pages.get(page, headers=HTML)).text
    assert selected_in(html, "offer") == [""]  # no offer is chosen for the caseworker
    no_step = await post(pages, page, f"{page}/trin", to="", reason="Hvad nu?", confirmed="1")
    assert no_step.status_code == 422 and await state(client, caseworker, case_id) == "assessment"
    no_offer = await post(pages, page, f"{page}/henvisning", offer_id="", note="Et tilbud")
    assert no_offer.status_code == 422
    assert (await client.get(f"/v1/cases/{case_id}", headers=caseworker)).json()["referrals"] == []


async def test_a_cpr_number_is_shown_or_looked_up_only_for_a_purpose_the_caseworker_chose(
    pages: httpx.AsyncClient,
    client: httpx.AsyncClient,
    keys: KeyPair,
    caseworker: dict[str, str],
    referrals_app: FastAPI,
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    log_in(pages, keys, Role.CASEWORKER, "karen")
    html = (await pages.get(f"/sager/{case_id}", headers=HTML)).text
    assert selected_in(html, "reveal-purpose") == [""]
    refused = await pages.post(
        f"/sager/{case_id}/cpr", data={"csrftoken": csrf_of(html)}, headers={**HTML, "HX-Request": "true"}
    )
    assert refused.status_code == 422 and CPR not in refused.text
    assert "Vælg formålet: det skrives i borgerens adgangslog." in text(refused)
    inbox = (await pages.get("/sager", headers=HTML)).text
    assert selected_in(inbox, "lookup-purpose") == [""]
    no_purpose = await pages.post(
        "/sager/opslag", data={"csrftoken": csrf_of(inbox), "cpr": CPR}, headers=HTML
    )
    assert no_purpose.status_code == 422 and "Vælg formålet" in text(no_purpose)
    actions = [row["action"] for row in await raw_rows(referrals_app, "access_log")]
    assert "reveal_cpr" not in actions and "lookup" not in actions


async def test_taking_in_a_report_needs_the_channel_it_came_by(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair, referrals_app: FastAPI
) -> None:
    log_in(pages, keys, Role.CASEWORKER, "karen")
    form_page = (await pages.get("/sager/ny", headers=HTML)).text
    assert selected_in(form_page, "channel") == [""]
    typed = {
        "citizen_name": "Kanal Kanalsen",
        "citizen_address": "Vejen 2",
        "concern": "Ringede om sin bror.",
        "acute_danger": "no",
        "children_in_household": "no",
        "reporter_anonymous": "yes",
    }
    refused = await pages.post("/sager/ny", data={"csrftoken": csrf_of(form_page), **typed}, headers=HTML)
    assert refused.status_code == 422 and "Hvordan henvendelsen kom" in text(refused)
    assert 'value="Kanal Kanalsen"' in refused.text
    assert await raw_rows(referrals_app, "cases") == []


async def test_withdrawing_a_consent_asks_first(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    log_in(pages, keys, Role.CASEWORKER, "karen")
    page = f"/sager/{case_id}"
    assert (await post(pages, page, f"{page}/samtykke", scope="Kontakt til egen læge")).status_code == 303
    html = (await pages.get(page, headers=HTML)).text
    withdraw = re.search(r'action="(/sager/\d+/samtykke/\d+/tilbagekald)"', html)
    assert withdraw
    asked = await post(pages, page, withdraw.group(1))
    assert asked.status_code == 200 and "tilbagekalder samtykket?" in text(asked)
    consents = (await client.get(f"/v1/cases/{case_id}", headers=caseworker)).json()["consents"]
    assert [c["active"] for c in consents] == [True]
    assert (await post(pages, page, withdraw.group(1), confirmed="1")).status_code == 303
    consents = (await client.get(f"/v1/cases/{case_id}", headers=caseworker)).json()["consents"]
    assert [c["active"] for c in consents] == [False]


async def test_running_retention_for_real_asks_first(
    pages: httpx.AsyncClient,
    client: httpx.AsyncClient,
    keys: KeyPair,
    caseworker: dict[str, str],
    referrals_app: FastAPI,
) -> None:
    await closed_case(client, caseworker, referrals_app, 1826)  # past its deadline: would be deleted
    log_in(pages, keys, Role.ADMIN, "admin")
    asked = await post(pages, "/persondata", "/persondata/sletning", dry_run="no")
    assert asked.status_code == 200 and "Kør sletning nu?" in text(asked)
    assert "Det kan ikke gøres om" in text(asked)
    assert len(await raw_rows(referrals_app, "cases")) == 1
    assert await raw_rows(referrals_app, "deletion_log") == []
    done = await post(pages, "/persondata", "/persondata/sletning", dry_run="no", confirmed="1")
    assert done.status_code == 200
    assert await raw_rows(referrals_app, "cases") == []


async def test_marking_a_referral_asks_first_and_records_only_when_confirmed(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    await assign(client, caseworker, case_id)
    await walk(client, caseworker, case_id, "advice_support")
    offer = next(o for o in (await client.get("/v1/offers")).json() if not o["needs_assessment"])
    proposed = await client.post(
        f"/v1/cases/{case_id}/referrals", json={"offer_id": offer["id"]}, headers=caseworker
    )
    assert proposed.status_code == 201, proposed.text
    referral_id = proposed.json()["id"]
    log_in(pages, keys, Role.CASEWORKER, "karen")
    page = f"/sager/{case_id}"

    def stored() -> str:
        return next(r["status"] for r in case["referrals"] if r["id"] == referral_id)

    asked = await post(pages, page, f"{page}/henvisning/{referral_id}", status="accepted")
    assert asked.status_code == 200 and "Markér henvisningen som “Accepteret”?" in text(asked)
    assert offer["name_da"] in text(asked) and "kan ikke gøres om" in text(asked)
    case = (await client.get(f"/v1/cases/{case_id}", headers=caseworker)).json()
    assert stored() == "proposed"
    done = await post(pages, page, f"{page}/henvisning/{referral_id}", status="accepted", confirmed="1")
    assert done.status_code == 303
    case = (await client.get(f"/v1/cases/{case_id}", headers=caseworker)).json()
    assert stored() == "accepted"
