"""Issue 12 on the officer's pages: nothing binding is recorded until everything it needs is given, and every
irreversible step asks first, naming its consequence. Each test reads back from the service what is STORED:
a refused or unconfirmed post stores nothing; the confirmed one stores what was typed."""

import re
from typing import Any

import httpx

from services.kit.auth import Role
from tests.allocation.factories import headers_for, ok
from tests.allocation.test_pages import pages, text  # noqa: F401 - the fixture of the officer's pages
from tests.gateway.helpers import PAGE, log_in, submit
from tests.support import KeyPair

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
    """The hidden fields of the confirmation panel: what its post sends."""
    panel = html[html.index('data-testid="confirmation"') :]
    panel = panel[: panel.index("</form>")]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', panel))


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
    assert "Ansøger Ida Iversen" in shown and "Ansøgeren har haft egen leje-, andels- eller ejerbolig. Nej" in shown
    assert await decisions(client, keys) == []
    again = hidden(asked.text)
    assert again == {**ACUTE_FORM, "csrftoken": again["csrftoken"], "confirmed": "1"}
    decided = await submit(pages, "/udlejning/akut", {k: v for k, v in again.items() if k != "csrftoken"})
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
