"""The officer's pages link each decision to its letter, and the gateway passes the stored letter through
unchanged: the acute decision, the offers (and a withdrawal) on the vacancy page, the dispensation."""

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from gateway import demo as gateway_demo
from services.kit.auth import Role
from services.kit.state import process_of
from tests.allocation.factories import FakeCategorisation, headers_for, ok
from tests.allocation.letter_factories import (
    acute_decision,
    dispensation_decision,
    offer_decision,
    pdf_text,
)
from tests.conftest import serving
from tests.gateway.helpers import PAGE, gateway_as_new, log_in, plug_upstream
from tests.support import KeyPair


@pytest.fixture
async def pages(
    allocation_app: FastAPI,
    client: httpx.AsyncClient,
    pages_gateway: FastAPI,
    database_urls: dict[str, str],
) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway in-process (rolled back, demo identities) with the allocation app as its upstream."""
    async with gateway_as_new(pages_gateway) as gateway:
        plug_upstream(gateway, "allocation", httpx.ASGITransport(app=allocation_app))
        async with serving(gateway, database_urls) as browser:
            async with process_of(gateway).session_factory() as session:
                await gateway_demo.load(session)
                await session.commit()
            yield browser


def links(page: httpx.Response, testid: str) -> dict[str, str]:
    """The letter links of one block: link text -> address."""
    block = re.search(rf'data-testid="{re.escape(testid)}">(.*?)</p>', page.text, re.S)
    assert block, f"no {testid} on the page"
    return {
        text: href.replace("&amp;", "&")
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', block[1])
    }


async def assert_passed_through(
    pages: httpx.AsyncClient,
    client: httpx.AsyncClient,
    officer: dict[str, str],
    found: dict[str, str],
    service: str,
) -> None:
    """Each link gives the service's stored letter byte for byte: PDF, HTML and the English PDF."""
    for label, service_url in (
        ("Se afgørelsesbrev (PDF)", f"{service}.pdf"),
        ("Brevet som webside", service),
        ("På engelsk (PDF)", f"{service}.pdf?lang=en"),
    ):
        link = found[label]
        through = await pages.get(link, headers=PAGE)
        stored = await client.get(service_url, headers=officer)
        assert through.status_code == 200, (link, through.text[:300])
        assert through.content == stored.content, link
        assert through.headers["content-type"] == stored.headers["content-type"], link
        assert through.headers["cache-control"] == "private, no-store", link


async def test_the_acute_decision_page_links_its_letter(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    decision = await acute_decision(client, officer)
    await log_in(pages, "officer")

    page = await pages.get(f"/udlejning/akut/{decision['id']}", headers=PAGE)

    found = links(page, "decision-letter")
    assert set(found) == {"Se afgørelsesbrev (PDF)", "Brevet som webside", "På engelsk (PDF)"}
    await assert_passed_through(
        pages, client, officer, found, f"/v1/acute-applications/{decision['id']}/letter"
    )
    pdf = await pages.get(found["Se afgørelsesbrev (PDF)"], headers=PAGE)
    assert pdf.headers["content-disposition"].startswith("inline;")
    assert "Du får afslag på akut boliganvisning" in pdf_text(pdf.content)


async def test_the_vacancy_page_links_each_offers_letter_and_the_withdrawal(
    pages: httpx.AsyncClient,
    client: httpx.AsyncClient,
    keys: KeyPair,
    fake_categorisation: FakeCategorisation,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    org_a = headers_for(keys, Role.HOUSING_ORG, "org-a")
    offer = await offer_decision(client, officer, org_a, fake_categorisation)
    await log_in(pages, "officer")

    page = await pages.get(f"/udlejning/ledige/{offer['vacancy_id']}", headers=PAGE)
    found = links(page, f"offer-letter-{offer['id']}")
    assert f'data-testid="withdrawal-letter-{offer["id"]}"' not in page.text
    for text, href in found.items():
        through = await pages.get(href, headers=PAGE)
        assert through.status_code == 200, text
    pdf = await pages.get(next(iter(found.values())), headers=PAGE)
    assert pdf.content == (await client.get(f"/v1/offers/{offer['id']}/letter.pdf", headers=officer)).content

    withdrawal = {
        "reason": "Fejl i boligens husleje.",
        "hearing": "Ikke relevant: afgørelsen bygger ikke på oplysninger om dig.",
    }
    await ok(await client.post(f"/v1/offers/{offer['id']}/withdraw", json=withdrawal, headers=officer))
    page = await pages.get(f"/udlejning/ledige/{offer['vacancy_id']}", headers=PAGE)
    found = links(page, f"withdrawal-letter-{offer['id']}")
    pdf = await pages.get(next(iter(found.values())), headers=PAGE)
    assert pdf.headers["content-type"] == "application/pdf"
    assert "Fejl i boligens husleje." in pdf_text(pdf.content)
    assert "Tilbud trukket tilbage" in page.text  # the vacancy's history names the step
    assert (await pages.get(f"/udlejning/tilbud/{offer['id']}/andet", headers=PAGE)).status_code == 404


async def test_the_dispensation_page_links_its_letter(
    pages: httpx.AsyncClient,
    client: httpx.AsyncClient,
    keys: KeyPair,
    fake_categorisation: FakeCategorisation,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    org_a = headers_for(keys, Role.HOUSING_ORG, "org-a")
    made = await dispensation_decision(client, officer, org_a, fake_categorisation)
    await log_in(pages, "officer")

    page = await pages.get(f"/udlejning/dispensationer/{made['id']}", headers=PAGE)

    found = links(page, "decision-letter")
    await assert_passed_through(pages, client, officer, found, f"/v1/dispensations/{made['id']}/letter")


async def test_a_manager_gets_no_letter(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    decision = await acute_decision(client, officer)
    await log_in(pages, "manager")
    for url in (f"/udlejning/akut/{decision['id']}/brev.pdf", f"/udlejning/akut/{decision['id']}/brev"):
        response = await pages.get(url, headers=PAGE)
        assert response.status_code == 403 and not response.content.startswith(b"%PDF")
