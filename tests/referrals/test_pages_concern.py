"""The public concern form at /bekymring through the gateway, with the real referrals service behind it."""

import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from gateway.pages.referrals import concern_form
from gateway.state import gateway_state
from services.kit.auth import Role
from tests.referrals.conftest import csrf_of, headers_for, raw_rows, started_of
from tests.support import KeyPair

# On one backend (tests/conftest.py): the pages draw and send what the services answer and store; the
# services' SQL has its own tests on both backends.
pytestmark = pytest.mark.one_backend

FILLED = {
    "acute_danger": "no",
    "citizen_name": "Gitte Gårdmand",
    "citizen_address": "Havevej 3, 2860 Søborg",
    "citizen_cpr": "",
    "citizen_phone": "",
    "concern": "Gitte har ikke hentet sin post i to uger.",
    "children_in_household": "no",
    "reporter_anonymous": "yes",
    "reporter_name": "",
    "reporter_phone": "",
    "reporter_email": "",
    "reporter_relation": "nabo",
    "website": "",
}


async def open_form(pages: httpx.AsyncClient, path: str = "/bekymring") -> tuple[str, dict[str, str]]:
    page = await pages.get(path)
    assert page.status_code == 200
    return page.text, {"csrftoken": csrf_of(page.text), "started": started_of(page.text)}


async def send(pages: httpx.AsyncClient, path: str = "/bekymring", **fields: Any) -> httpx.Response:
    _, hidden = await open_form(pages, path)
    return await pages.post(path, data={**FILLED, **hidden, **fields})


async def test_the_form_is_public_and_says_what_matters_before_sending(pages: httpx.AsyncClient) -> None:
    response = await pages.get("/bekymring")
    assert response.status_code == 200
    html = response.text
    assert 'lang="da"' in html
    assert "tavshedspligt" in html  # the reporter hears nothing back
    assert "sige nej til hjælp" in html  # the right to refuse help
    assert "39 57 39 00" in html  # the single entry's phone number
    before = html.index("39 57 39 00")
    assert before < html.index('id="concern-form"')
    # The emergency numbers are in the page for everyone; the script only hides them until "yes" is chosen.
    assert 'id="acute-contacts"' in html and "38 64 50 03" in html and "1813" in html
    assert '<script src="/static/concern.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), "no inline script: the CSP forbids it"
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"
    # The spam trap: a hidden field nobody sees, and a signed start time. No CAPTCHA.
    assert 'class="concern-trap" aria-hidden="true"' in html
    assert "captcha" not in html.lower()


async def test_the_form_in_english(pages: httpx.AsyncClient) -> None:
    pages.cookies.set("lang", "en")
    html = (await pages.get("/bekymring")).text
    assert 'lang="en"' in html
    assert "Report a concern about an adult" in html
    assert "duty of confidentiality" in html


async def test_the_script_file_is_served(pages: httpx.AsyncClient) -> None:
    script = await pages.get("/static/concern.js")
    assert script.status_code == 200
    assert "data-acute-panel" in script.text


async def test_a_report_with_acute_danger_gives_the_receipt_with_the_emergency_numbers(
    pages: httpx.AsyncClient, referrals_app: FastAPI
) -> None:
    response = await send(pages, acute_danger="yes")
    assert response.status_code == 200, response.text
    html = response.text
    reference = re.search(r'data-testid="reference">([^<]+)<', html)
    code = re.search(r'data-testid="follow-up-code">([^<]+)<', html)
    assert reference and code
    assert re.fullmatch(r"B-[0-9A-Z]{4}-[0-9A-Z]{4}", reference.group(1))
    assert html.index('id="acute-contacts"') < html.index('data-testid="receipt"')
    assert "112" in html and "1813" in html and "38 64 50 03" in html
    # The receipt names nothing of the report: no person, no text, no state.
    assert "Gitte" not in html and "post i to uger" not in html
    (case,) = await raw_rows(referrals_app, "cases")
    assert case["acute_danger"] in (True, 1) and case["channel"] == "public_form"


async def test_a_calm_report_gives_a_receipt_without_emergency_numbers(pages: httpx.AsyncClient) -> None:
    response = await send(pages)
    assert response.status_code == 200
    assert 'id="acute-contacts"' not in response.text
    assert "Tak" in response.text


async def test_the_form_needs_its_csrf_token(pages: httpx.AsyncClient) -> None:
    _, hidden = await open_form(pages)
    response = await pages.post("/bekymring", data={**FILLED, "started": hidden["started"]})
    assert response.status_code == 403
    fresh = httpx.AsyncClient(transport=pages._transport, base_url=str(pages.base_url))  # no cookie at all
    async with fresh:
        response = await fresh.post("/bekymring", data={**FILLED, **hidden})
    assert response.status_code == 403


async def test_the_spam_trap_turns_away_software_and_stores_nothing(
    pages: httpx.AsyncClient, referrals_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled_trap = await send(pages, website="http://spam.example")
    assert filled_trap.status_code == 422
    assert "kunne ikke skelnes fra automatisk spam" in filled_trap.text
    assert "udfyldt" not in filled_trap.text  # nothing is missing, so the page must not say so
    forged = await send(pages, started="1.deadbeef")
    assert forged.status_code == 422
    monkeypatch.setattr(concern_form, "MIN_FILL_SECONDS", 3)
    too_fast = await send(pages)
    assert too_fast.status_code == 422
    assert await raw_rows(referrals_app, "cases") == []
    # What the person typed is kept in the form, so they only have to press send again.
    assert "Gitte Gårdmand" in too_fast.text


async def test_errors_are_shown_by_field_and_input_stays_inert(
    pages: httpx.AsyncClient, referrals_app: FastAPI
) -> None:
    response = await send(
        pages,
        citizen_name="<script>alert(1)</script>",
        citizen_cpr="3213901234",
        concern="",
        children_in_household="",
    )
    assert response.status_code == 422
    html = response.text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    summary = html[html.index('id="form-problems"') : html.index('id="concern-form"')]
    for field in ("citizen_name", "citizen_cpr", "concern", "children_in_household"):
        assert f'href="#{field}"' in summary, field
    assert 'aria-invalid="true"' in html
    assert "DDMM" in summary  # the CPR hint
    assert await raw_rows(referrals_app, "cases") == []


async def test_a_script_in_the_concern_is_stored_and_shown_escaped_to_the_caseworker(
    pages: httpx.AsyncClient, keys: KeyPair, client: httpx.AsyncClient
) -> None:
    assert (await send(pages, concern="<img src=x onerror=alert(1)> hjælp")).status_code == 200
    caseworker = headers_for(keys, Role.CASEWORKER, "karen")
    (item,) = (await client.get("/v1/cases", headers=caseworker)).json()["items"]
    pages.cookies.set("session", caseworker["Authorization"].removeprefix("Bearer "))
    html = (await pages.get(f"/sager/{item['id']}")).text
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt; hjælp" in html


async def test_an_identified_reporter_must_give_a_way_to_be_reached(pages: httpx.AsyncClient) -> None:
    response = await send(pages, reporter_anonymous="no")
    assert response.status_code == 422
    assert 'href="#reporter_anonymous"' in response.text


async def test_submissions_are_rate_limited_per_client(pages: httpx.AsyncClient) -> None:
    statuses = [(await send(pages)).status_code for _ in range(concern_form.SUBMISSIONS_PER_WINDOW + 1)]
    assert statuses[:-1] == [200] * concern_form.SUBMISSIONS_PER_WINDOW
    assert statuses[-1] == 429


async def test_only_reports_received_count_towards_the_limit(pages: httpx.AsyncClient) -> None:
    # A shared address (a library, a hospital): people correcting mistakes must not use up the limit.
    for _ in range(concern_form.SUBMISSIONS_PER_WINDOW + 2):
        assert (await send(pages, reporter_anonymous="no")).status_code == 422
    assert (await send(pages)).status_code == 200


async def test_a_refused_report_says_when_to_send_it_again(pages: httpx.AsyncClient) -> None:
    for _ in range(concern_form.SUBMISSIONS_PER_WINDOW):
        assert (await send(pages)).status_code == 200

    refused = await send(pages)

    assert refused.status_code == 429
    wait = int(refused.headers["retry-after"])
    assert 1 <= wait <= concern_form.WINDOW_SECONDS
    minutes = -(-wait // 60)
    unit = "minut" if minutes == 1 else "minutter"
    assert f"Du kan sende den igen om {minutes} {unit}." in refused.text
    assert "Gitte Gårdmand" in refused.text  # what was typed is kept


async def test_an_oversized_form_is_refused(pages: httpx.AsyncClient) -> None:
    response = await send(pages, concern="x" * (concern_form.MAX_FORM_BYTES + 10))
    assert response.status_code == 413


async def test_the_follow_up_code_adds_information_and_shows_nothing_of_the_case(
    pages: httpx.AsyncClient, referrals_app: FastAPI
) -> None:
    receipt = (await send(pages)).text
    reference = re.search(r'data-testid="reference">([^<]+)<', receipt).group(1)  # type: ignore[union-attr]
    code = re.search(r'data-testid="follow-up-code">([^<]+)<', receipt).group(1)  # type: ignore[union-attr]
    fields = {
        "reference": reference,
        "follow_up_code": code,
        "information": "Hun har fået besøg af en læge.",
        "website": "",
    }
    done = await send(pages, "/bekymring/opfoelgning", **fields, acute_danger="yes")
    assert done.status_code == 200, done.text
    assert "112" in done.text  # acute danger again: the numbers at once
    assert "Gitte" not in done.text and "læge" not in done.text
    assert len(await raw_rows(referrals_app, "report_additions")) == 1
    wrong = await send(pages, "/bekymring/opfoelgning", **{**fields, "follow_up_code": "AAAA-BBBB-CCCC"})
    assert wrong.status_code == 422
    assert "passer ikke sammen" in wrong.text


async def test_the_form_shows_the_phone_number_when_the_service_is_down(
    pages: httpx.AsyncClient, gateway_app: FastAPI
) -> None:
    working = gateway_state(gateway_app).upstreams["referrals"]

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("down", request=request)

    gateway_state(gateway_app).upstreams["referrals"] = httpx.AsyncClient(
        transport=httpx.MockTransport(refuse), base_url="http://referrals"
    )
    try:
        page = await pages.get("/bekymring")
        assert page.status_code == 200
        assert "39 57 39 00" in page.text and "1813" in page.text
        sent = await pages.post(
            "/bekymring", data={**FILLED, "csrftoken": csrf_of(page.text), "started": started_of(page.text)}
        )
        assert sent.status_code == 503
        assert "39 57 39 00" in sent.text
    finally:
        gateway_state(gateway_app).upstreams["referrals"] = working
