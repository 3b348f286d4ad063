"""The common letting agreement's pages (/udlejning/faellesaftaler) in Danish, through the gateway to the real
allocation service, which reads the real categorisation service in-process: what each role sees, the
confirmation before each step, that a step stores exactly the status clicked (read back from the service's
JSON), the service's refusals in words with nothing changed, the versions, the PDF and CSRF."""

import io
import re
from collections.abc import AsyncIterator
from html import unescape
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pypdf import PdfReader

from services.allocation.config import AllocationSettings
from services.allocation.main import create_app as create_allocation
from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app as create_categorisation
from services.kit.state import process_of
from tests.categorisation.factories import csv_bytes, row
from tests.gateway.conftest import ServiceSettings
from tests.gateway.helpers import PAGE, csrf_token, log_in, password_grant, plug_upstream, submit
from tests.support import rolled_back

# On one backend (tests/conftest.py): the pages draw and send what the services answer and store; the
# services' SQL has its own tests on both backends.
pytestmark = pytest.mark.one_backend

LIST_YEAR = 2024
YEAR = LIST_YEAR + 1  # the letting year, drafted from the list year before it
ORG = "boligselskabet-vest"
ORG_NAME = "Boligselskabet Vest"
PAGE_URL = f"/udlejning/faellesaftaler/{YEAR}/{ORG}"
# Vestervang meets two local criteria (outside the labour market and basic schooling): yellow.
DATA = [
    row(year, "A1", area_name="Vestervang", outside_labour_market_pct=42.0, basic_education_pct=60.0)
    for year in (LIST_YEAR - 1, LIST_YEAR)
] + [row(year, "A2", area_name="Østervang") for year in (LIST_YEAR - 1, LIST_YEAR)]
PLAN = {
    "title": "Områdeplan Vestervang",
    "area_codes": ["A1"],
    "period_from": LIST_YEAR,
    "period_to": 2028,
    "visions": "Et trygt og grønt boligområde.",
    "requirements": "Flere i job og uddannelse.",
    "community": "Fællesspisning hver måned.",
    "published": False,
}
TARGET = {
    "area_code": "A1",
    "indicator": "outside_labour_market_pct",
    "comparator": "<=",
    "value": 40,
    "by_year": 2028,
}


@pytest.fixture
async def services(
    gateway_app: FastAPI, service_settings: ServiceSettings, database_urls: dict[str, str]
) -> AsyncIterator[None]:
    """The real categorisation and allocation services behind the gateway, the allocation service reading
    the categorisation service in-process as it does over the network; their writes rolled back."""
    categorisation = create_categorisation(service_settings(CategorisationSettings))
    allocation = create_allocation(
        service_settings(AllocationSettings), categorisation_transport=httpx.ASGITransport(app=categorisation)
    )
    plug_upstream(gateway_app, "categorisation", httpx.ASGITransport(app=categorisation))
    plug_upstream(gateway_app, "allocation", httpx.ASGITransport(app=allocation))
    try:
        async with (
            rolled_back(categorisation, database_urls["categorisation"], "categorisation"),
            rolled_back(allocation, database_urls["allocation"], "allocation"),
        ):
            yield
    finally:
        for app in (categorisation, allocation):
            await process_of(app).engine.dispose()


async def _api(client: httpx.AsyncClient, username: str) -> dict[str, str]:
    token = (await password_grant(client, username)).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


async def _ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text[:500]
    return response.json()


async def _seed(
    client: httpx.AsyncClient, *, approve: bool = True, plan: bool = True, extra_area: bool = False
) -> dict[str, dict[str, str]]:
    """Two years of figures, the list year approved (or not), the organisation owning Vestervang and
    Østervang (and Nyvang, with no figures and no agreement) with their letting agreements drafted, and a
    plan for Vestervang with a target."""
    analyst, officer = await _api(client, "analyst"), await _api(client, "officer")
    for year in (LIST_YEAR - 1, LIST_YEAR):
        body = {"national_convicted_pct": 1.0}
        await _ok(
            await client.put(f"/api/categorisation/v1/years/{year}/parameters", json=body, headers=analyst)
        )
    csv = {**analyst, "Content-Type": "text/csv"}
    await _ok(await client.post("/api/categorisation/v1/housing-data", content=csv_bytes(DATA), headers=csv))
    if approve:
        await _ok(await client.post(f"/api/categorisation/v1/years/{LIST_YEAR}/approve", headers=analyst))
    organisation = {"code": ORG, "name": ORG_NAME}
    await _ok(
        await client.post("/api/allocation/v1/housing-organisations", json=organisation, headers=officer), 201
    )
    areas = {"A1": "Vestervang", "A2": "Østervang", **({"X9": "Nyvang"} if extra_area else {})}
    for code, name in areas.items():
        bound = {"name": name, "housing_org": ORG}
        await _ok(await client.put(f"/api/allocation/v1/areas/{code}", json=bound, headers=officer))
    if approve:
        drafted = f"/api/allocation/v1/agreements/{YEAR}/from-categorisation"
        await _ok(await client.post(drafted, params={"source_year": LIST_YEAR}, headers=officer))
    else:  # agreements are drafted from an approved year only: made by hand while the year is proposed
        for code, category in (("A1", "yellow"), ("A2", "green")):
            made = {"area_code": code, "category": category}
            await _ok(
                await client.post(f"/api/allocation/v1/agreements/{YEAR}", json=made, headers=officer), 201
            )
    if plan:
        made = await _ok(
            await client.post("/api/categorisation/v1/area-plans", json=PLAN, headers=analyst), 201
        )
        path = f"/api/categorisation/v1/area-plans/{made['id']}/targets"
        await _ok(await client.post(path, json=TARGET, headers=analyst), 201)
    return {"analyst": analyst, "officer": officer}


async def _stored(client: httpx.AsyncClient, api: dict[str, str], **params: Any) -> Any:
    """The agreement as the allocation service answers it (what the pages stored, not what they show)."""
    return await _ok(
        await client.get(f"/api/allocation/v1/common-agreements/{YEAR}/{ORG}", params=params, headers=api)
    )


def _text(response: httpx.Response) -> str:
    page = re.sub(r"(?is)<(script|style)\b[^>]*>.*?</\1>", " ", response.text)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


async def _page(client: httpx.AsyncClient, path: str = PAGE_URL, status: int = 200) -> httpx.Response:
    response = await client.get(path, headers=PAGE)
    assert response.status_code == status, response.text[:500]
    return response


async def _step(client: httpx.AsyncClient, status: str, *, confirmed: bool = True) -> httpx.Response:
    return await submit(
        client, f"{PAGE_URL}/status", {"status": status, **({"confirmed": "1"} if confirmed else {})}
    )


def _no_codes_or_iso_dates(text: str) -> None:
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text), "an ISO date is shown"
    assert not re.search(
        r"\b(outside_labour_market_pct|imposed|yellow|employed_months_min|resident_of_municipality|user:"
        r"|boligselskabet-vest)\b",
        text,
    )


async def test_the_officer_reads_the_years_list_and_the_agreement_with_its_annexes_in_danish(
    client, services
):
    await log_in(client, "officer")
    api = await _seed(client)
    groups = {
        "flexible_criteria": [
            {
                "code": "work",
                "label_da": "I arbejde",
                "share_pct": 100,
                "conditions": [
                    {"code": "employed_months_min", "value": 6},
                    {"code": "resident_of_municipality", "value": None},
                ],
            }
        ]
    }
    agreement = f"/api/allocation/v1/agreements/{YEAR}/A1"
    await _ok(await client.put(agreement, json=groups, headers=api["officer"]))

    listing = await _page(client, f"/udlejning/faellesaftaler?year={YEAR}")
    page = await _page(client)

    listed = _text(listing)
    assert f"Fællesaftaler {YEAR}" in listed
    row_text = re.search(rf"{ORG_NAME}.*?</tr>", unescape(listing.text), re.S)
    assert row_text and "Udkast" in _text(httpx.Response(200, text=row_text.group(0)))
    assert f'href="{PAGE_URL}"' in listing.text
    assert 'href="/udlejning/faellesaftaler"' in (await _page(client, "/udlejning")).text  # the section nav
    text = _text(page)
    assert f"Fællesaftale {YEAR}: {ORG_NAME}" in text
    assert "Udkast til version 1, dannet ud fra dagens data" in text
    # Annex 1: the categorisation in words; annex 2: the letting agreements; annex 3: the plan and its target.
    assert "Vestervang Gul" in text and "Østervang Grøn" in text
    assert "Pålagt (ABL § 59, stk. 1)" in text
    assert "I arbejde: 100,0 % (Ansat i mindst så mange måneder: 6; Bor i kommunen)" in text
    assert "Områdeplan Vestervang" in text and "Fællesspisning hver måned." in text
    assert "Vestervang: Uden for arbejdsmarkedet højst 40,00 senest 2028" in text
    assert "Send til boligorganisationen" in text and "Markér som aftalt" not in text
    assert f'href="{PAGE_URL}/faellesaftale.pdf"' in page.text
    _no_codes_or_iso_dates(text)
    _no_codes_or_iso_dates(listed)


async def test_sending_asks_first_and_then_stores_exactly_a_sent_version(client, services):
    await log_in(client, "officer")
    api = await _seed(client)

    asked = await _step(client, "sent", confirmed=False)

    assert asked.status_code == 200
    panel = _text(asked)
    assert f"Send fællesaftalen {YEAR} til {ORG_NAME}?" in panel
    assert "gemmes som version 1" in panel and "Ja, send den" in panel
    assert 'name="status" value="sent"' in asked.text and 'name="confirmed" value="1"' in asked.text
    stored = await _stored(client, api["officer"])
    assert (stored["status"], stored["versions"]) == ("draft", [])  # asking stored nothing

    sent = await _step(client, "sent")

    assert sent.status_code == 303 and sent.headers["location"] == f"{PAGE_URL}?notice=sent"
    stored = await _stored(client, api["officer"])
    assert (stored["status"], stored["version"], stored["sent_by"]) == ("sent", 1, "user:officer")
    assert [v["status"] for v in stored["versions"]] == ["sent"]
    text = _text(await _page(client, sent.headers["location"]))
    assert "sendt til boligorganisationen som en ny version" in text
    assert "Markér som aftalt" in text and "Send til boligorganisationen" not in text
    assert "Olivia Boligkonsulent" in text


async def test_agreeing_asks_first_then_freezes_the_version_sent_and_the_steps_are_gone(client, services):
    await log_in(client, "officer")
    api = await _seed(client)
    assert (await _step(client, "sent")).status_code == 303

    asked = await _step(client, "agreed", confirmed=False)
    assert "Markér fællesaftalen" in _text(asked) and "låst" in _text(asked)
    assert (await _stored(client, api["officer"]))["status"] == "sent"
    agreed = await _step(client, "agreed")

    assert agreed.status_code == 303 and agreed.headers["location"] == f"{PAGE_URL}?notice=agreed"
    stored = await _stored(client, api["officer"])
    assert (stored["status"], stored["version"], stored["agreed_by"]) == ("agreed", 1, "user:officer")
    page = await _page(client, agreed.headers["location"])
    text = _text(page)
    assert "er låst" in text and "Aftalt" in text
    assert 'data-testid="step-' not in page.text


async def test_agreeing_what_was_never_sent_is_refused_in_words_and_stores_nothing(client, services):
    await log_in(client, "officer")
    api = await _seed(client)

    refused = await _step(client, "agreed")

    assert refused.status_code == 409
    assert "Der er ikke sendt noget endnu" in _text(refused)
    assert f"Fællesaftale {YEAR}: {ORG_NAME}" in _text(refused)  # the agreement's page, nothing lost
    stored = await _stored(client, api["officer"])
    assert (stored["status"], stored["versions"]) == ("draft", [])


async def test_agreeing_again_is_refused_as_already_agreed(client, services):
    await log_in(client, "officer")
    api = await _seed(client)
    for status in ("sent", "agreed"):
        assert (await _step(client, status)).status_code == 303

    refused = await _step(client, "agreed")

    assert refused.status_code == 409
    assert "allerede aftalt" in _text(refused)
    assert [v["status"] for v in (await _stored(client, api["officer"]))["versions"]] == ["agreed"]


async def test_a_status_the_page_does_not_offer_is_refused_and_nothing_is_sent(client, services):
    await log_in(client, "officer")
    api = await _seed(client)

    refused = await _step(client, "draft")

    assert refused.status_code == 422
    assert "Intet blev ændret" in _text(refused)
    assert (await _stored(client, api["officer"]))["versions"] == []


async def test_an_unapproved_categorisation_is_named_and_sending_is_refused_with_nothing_stored(
    client, services
):
    await log_in(client, "officer")
    api = await _seed(client, approve=False)

    page = _text(await _page(client))
    refused = await _step(client, "sent")

    assert f"Kategoriseringen af listeår {LIST_YEAR} er ikke godkendt endnu" in page
    assert refused.status_code == 409
    text = _text(refused)
    assert "Fællesaftalen blev ikke sendt. Intet blev ændret." in text
    assert f"Kategoriseringen af listeår {LIST_YEAR} er ikke godkendt endnu" in text
    assert (await _stored(client, api["officer"]))["versions"] == []


async def test_an_area_without_a_letting_agreement_is_named_by_its_name(client, services):
    await log_in(client, "officer")
    api = await _seed(client, extra_area=True)

    refused = await _step(client, "sent")

    assert refused.status_code == 409
    text = _text(refused)
    assert f"Nyvang har ingen udlejningsaftale for {YEAR}" in text
    assert "Nyvang Ikke i listeårets kategorisering" in text and "Ingen udlejningsaftale for året" in text
    assert "X9" not in text
    assert (await _stored(client, api["officer"]))["versions"] == []


async def test_a_change_after_sending_is_noticed_and_a_new_version_keeps_the_old_one(client, services):
    await log_in(client, "officer")
    api = await _seed(client)
    assert (await _step(client, "sent")).status_code == 303
    change = {"municipal_share_pct": 25}
    await _ok(
        await client.put(f"/api/allocation/v1/agreements/{YEAR}/A1", json=change, headers=api["officer"])
    )

    changed = _text(await _page(client))
    assert "Ændret siden version 1 blev sendt" in changed
    assert "Send en ny version til boligorganisationen" in changed and "Markér som aftalt" in changed
    asked = _text(await _step(client, "sent", confirmed=False))
    assert "gemmes som version 2" in asked
    assert (await _step(client, "sent")).status_code == 303

    stored = await _stored(client, api["officer"])
    assert (stored["version"], stored["changed_since"]) == (2, False)
    assert [v["version"] for v in stored["versions"]] == [2, 1]
    older = await _page(client, f"{PAGE_URL}?version=1")
    text = _text(older)
    assert "Du læser version 1, præcis som den blev sendt. Den nyeste er version 2." in text
    assert 'data-testid="step-' not in older.text
    assert f'href="{PAGE_URL}/faellesaftale.pdf?version=1"' in older.text
    assert "25,0 %" in _text(await _page(client)) and "25,0 %" not in text


async def test_the_pdf_is_passed_through_with_the_organisations_name(client, services):
    await log_in(client, "officer")
    await _seed(client)

    response = await client.get(f"{PAGE_URL}/faellesaftale.pdf", headers=PAGE)
    english = await client.get(f"{PAGE_URL}/faellesaftale.pdf?lang=en", headers=PAGE)

    assert response.status_code == 200 and english.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert ORG_NAME in "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert english.content != response.content


@pytest.mark.parametrize("username", ["analyst", "admin"])
async def test_the_analyst_and_the_administrator_read_without_the_steps(client, services, username):
    await log_in(client, "officer")
    api = await _seed(client)
    await log_in(client, username)

    listing = await _page(client, f"/udlejning/faellesaftaler?year={YEAR}")
    page = await _page(client)
    refused = await _step(client, "sent")

    assert ORG_NAME in _text(listing)
    text = _text(page)
    assert "Områdeplan Vestervang" in text and "Vestervang Gul" in text
    assert 'data-testid="step-' not in page.text
    assert 'href="/udlejning/aftaler' not in page.text  # the letting agreements' pages are the officer's
    assert refused.status_code == 403
    assert (await _stored(client, api["officer"]))["versions"] == []


@pytest.mark.parametrize("username", ["manager", "caseworker"])
async def test_other_roles_may_not_open_the_pages(client, services, username):
    await log_in(client, username)

    for path in (f"/udlejning/faellesaftaler?year={YEAR}", PAGE_URL, f"{PAGE_URL}/faellesaftale.pdf"):
        assert (await client.get(path, headers=PAGE)).status_code == 403


async def test_a_step_without_the_csrf_token_is_refused_and_nothing_is_sent(client, services):
    await log_in(client, "officer")
    api = await _seed(client)
    await csrf_token(client)

    response = await client.post(
        f"{PAGE_URL}/status", data={"status": "sent", "confirmed": "1"}, headers=PAGE
    )

    assert response.status_code == 403
    assert (await _stored(client, api["officer"]))["versions"] == []


async def test_the_dialogues_show_each_organisations_common_agreement_of_the_next_year(client, services):
    await log_in(client, "officer")
    await _seed(client)
    assert (await _step(client, "sent")).status_code == 303

    page = await _page(client, f"/planer/dialoger?year={LIST_YEAR}")

    assert f"Fællesaftale {YEAR}" in _text(page)
    assert f'href="{PAGE_URL}"' in page.text
    assert "Sendt – version 1" in _text(page)
