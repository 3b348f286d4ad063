"""The officer's pages for the statutory bookkeeping, in Danish: the share applied on a draft, the rehousing
share, § 51 b decisions and their report, and the days held. What a form stores is read back from the API."""

import httpx
import pytest

from services.kit.auth import Role
from tests.allocation.factories import (
    AREAS,
    FakeCategorisation,
    headers_for,
    ok,
    report,
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


async def test_a_draft_shows_the_share_applied_and_the_rehousing_share_is_stored(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    fake_categorisation: FakeCategorisation,
    keys: KeyPair,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    await log_in(pages, "officer")
    fake_categorisation.approve(2025, AREAS)
    assert (await submit(pages, "/udlejning/aftaler/2026/udkast", {})).status_code == 303
    green = await pages.get("/udlejning/aftaler/2026/GRN-1", headers=PAGE)
    shown = text(green)
    assert "Kommunal andel, som anvendes på ledige boliger nu 25,0 %" in shown
    assert "aftalens 30,0 % gælder, når aftalen er indgået" in shown
    assert "Indtil aftalen er indgået, fordeles ledige boliger med 25 %, ikke 30 %" in shown
    # The rehousing share as people type it, stored exactly; a third and a bit is refused beside the field.
    saved = await submit(pages, "/udlejning/aftaler/2026/GRN-1", {"rehousing_share_pct": "33,33"})
    assert saved.status_code == 303, text(saved)
    stored = await ok(await client.get("/v1/agreements/2026/GRN-1", headers=officer))
    assert stored["rehousing_share_pct"] == 33.33
    refused = await submit(pages, "/udlejning/aftaler/2026/GRN-1", {"rehousing_share_pct": "33,34"})
    assert refused.status_code == 422
    assert "Højst hver 3. ledige bolig kan kræves stillet til rådighed til genhusning" in text(refused)
    assert 'id="ag-rehousing_share_pct-error"' in refused.text
    assert (await ok(await client.get("/v1/agreements/2026/GRN-1", headers=officer)))[
        "rehousing_share_pct"
    ] == 33.33
    # A listed area without employment or education criteria cannot be agreed from the page either.
    red = await submit(pages, "/udlejning/aftaler/2026/RED-1", {"status": "agreed", "confirmed": "1"})
    assert (
        red.status_code == 422
        and "mindst én kriteriegruppe med en andel har et beskæftigelseskriterium" in text(red)
    )
    assert (await ok(await client.get("/v1/agreements/2026/RED-1", headers=officer)))["status"] == "draft"
    # Agreed, the whole share applies.
    await submit(pages, "/udlejning/aftaler/2026/GRN-1", {"status": "agreed", "confirmed": "1"})
    agreed = text(await pages.get("/udlejning/aftaler/2026/GRN-1", headers=PAGE))
    assert "Kommunal andel, som anvendes på ledige boliger nu 30,0 %" in agreed


async def test_a_section_51_b_decision_is_recorded_from_the_page_and_reported(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    fake_categorisation: FakeCategorisation,
    keys: KeyPair,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    await setup_areas(client, officer, fake_categorisation)
    await log_in(pages, "officer")
    decided_on = "2026-02-01"  # before the service's clock (2 March 2026): list 2025, letting year 2026
    form = {
        "kind": "order",
        "decided_on": decided_on,
        "decided_by": "Økonomiudvalget",
        "justification": "Over 40 %.",
        "confirmed": "1",  # asked first: tests/allocation/test_pages_binding.py
    }
    # An area not on the list of combined-letting areas is refused, in Danish, and nothing is stored.
    refused = await submit(pages, "/udlejning/aftaler/2026/GRN-1/51b", form)
    assert refused.status_code == 422
    assert "Kun et område på listen over områder med kombineret udlejning" in text(refused)
    assert await ok(await client.get("/v1/areas/GRN-1/combined-letting-decisions", headers=officer)) == []
    missing = await submit(pages, "/udlejning/aftaler/2026/YEL-1/51b", {**form, "justification": ""})
    assert missing.status_code == 422 and "Udfyld feltet." in text(missing)

    recorded = await submit(pages, "/udlejning/aftaler/2026/YEL-1/51b", form)
    assert recorded.status_code == 303, text(recorded)
    stored = await ok(await client.get("/v1/areas/YEL-1/combined-letting-decisions", headers=officer))
    assert [(d["kind"], d["decided_on"], d["decided_by"], d["justification"]) for d in stored] == [
        ("order", decided_on, "Økonomiudvalget", "Over 40 %.")
    ]
    agreement = await ok(await client.get("/v1/agreements/2026/YEL-1", headers=officer))
    assert agreement["combined_letting_ordered"] is True
    page = text(await pages.get("/udlejning/aftaler/2026/YEL-1", headers=PAGE))
    assert "Beslut kombineret udlejning (§ 51 b, stk. 1)" in page and "Økonomiudvalget" in page
    # Saving the agreement form no longer touches the flags the decisions set.
    await submit(pages, "/udlejning/aftaler/2026/YEL-1", {"note": "Drøftet"})
    after = await ok(await client.get("/v1/agreements/2026/YEL-1", headers=officer))
    assert (after["note"], after["combined_letting_ordered"]) == ("Drøftet", True)

    # The manager reads the report to the minister, and downloads it in Danish.
    await log_in(pages, "manager")
    period = "date_from=2026-01-01&date_to=2026-12-31"
    report_page = await pages.get(f"/udlejning/51b-rapport?{period}", headers=PAGE)
    assert report_page.status_code == 200
    assert "§ 51 b-beslutninger: indberetning til ministeren" in text(report_page)
    assert "Area YEL-1" in report_page.text
    csv = await pages.get(f"/udlejning/51b-rapport.csv?{period}", headers=PAGE)
    assert csv.status_code == 200 and csv.content.decode("utf-8").startswith(
        "\ufeffBeslutningsdato;Områdekode;"
    )
    xlsx = await pages.get(f"/udlejning/51b-rapport.xlsx?{period}", headers=PAGE)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # The manager records nothing.
    assert (await submit(pages, "/udlejning/aftaler/2026/YEL-1/51b", form)).status_code == 403


async def test_the_dashboard_and_the_vacancy_show_the_days_held(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    fake_categorisation: FakeCategorisation,
    keys: KeyPair,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    await setup_areas(client, officer, fake_categorisation)
    await set_share(client, officer, "GRN-1", 100, 0)
    receipt = await ok(await report(client, officer, vacancy("held-1", available_from="2026-03-01")), 201)
    await log_in(pages, "officer")
    overview = await pages.get("/udlejning?year=2026", headers=PAGE)
    shown = text(overview)
    assert "Dage kommunen har haft de ledige boliger" in shown and 'data-testid="days-held"' in overview.text
    assert "Hent som CSV (Excel)" in shown
    detail = text(await pages.get(f"/udlejning/ledige/{receipt['id']}", headers=PAGE))
    assert "Dage kommunen har haft boligen" in detail
    assert "Aftalens kommunale andel på 100 % blev anvendt" in detail
    download = await pages.get("/udlejning/dage-holdt/2026.csv", headers=PAGE)
    lines = download.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Områdekode;Boligområde;Kommunale ledige boliger;")
    assert lines[1].startswith("GRN-1;Area GRN-1;1;1;")
