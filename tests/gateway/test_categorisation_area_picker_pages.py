"""The area picker of the plan and initiative forms (issue 16), through the gateway to the real services.

The forms are used as a browser without JavaScript uses them: the page's own form is read (every field, the
ticked boxes, the buttons), a box is ticked, a button pressed, and the form sent as the browser would send it.
What the picker chose is read back from the categorisation API. The htmx route is asked as htmx asks it.
"""

from collections.abc import AsyncIterator
from html import unescape
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.categorisation.factories import csv_bytes, row
from tests.gateway.helpers import HTMX, PAGE, csrf_token, log_in, password_grant
from tests.support import rolled_back

# On one backend (tests/conftest.py): the pages draw and send what the services answer and store; the
# services' SQL has its own tests on both backends.
pytestmark = pytest.mark.one_backend

YEAR = 2024
NAMED = {"P-01": "Åbakken", "P-02": "Møllegården", "P-03": "Mølleparken", "P-04": "Vestervang"}
# Enough look-alike areas that one search matches more than a page of the picker (50).
STREETS = {f"B-{n:02d}": f"Blokvej {n}" for n in range(1, 56)}
DATA = [row(YEAR, code, area_name=name) for code, name in {**NAMED, **STREETS}.items()]
PICKER = "/planer/omraadevalg"


@pytest.fixture
async def services(real_services: dict[str, FastAPI], database_urls: dict[str, str]) -> AsyncIterator[None]:
    app, url = real_services["categorisation"], database_urls["categorisation"]
    async with rolled_back(app, url, "categorisation"):
        yield


async def _api(client: httpx.AsyncClient) -> dict[str, str]:
    token = (await password_grant(client, "analyst")).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


async def _seed(client: httpx.AsyncClient) -> dict[str, str]:
    api = await _api(client)
    response = await client.put(
        f"/api/categorisation/v1/years/{YEAR}/parameters", json={"national_convicted_pct": 1.0}, headers=api
    )
    assert response.status_code == 200, response.text
    response = await client.post(
        "/api/categorisation/v1/housing-data",
        content=csv_bytes(DATA),
        headers={**api, "Content-Type": "text/csv"},
    )
    assert response.status_code == 200, response.text
    return api


class Form(HTMLParser):
    """One form of a page as a browser holds it: its fields with their values, the ticked boxes, the
    submit buttons; `send` gives what the browser posts when a button is pressed."""

    def __init__(self, html: str, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[dict[str, Any]] = []
        self.buttons: list[dict[str, str]] = []
        self._textarea: dict[str, Any] | None = None
        self._select: dict[str, Any] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "option" and self._select is not None and "selected" in a:
            self._select["value"] = a.get("value", "")
            return
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        if (tag == "input" and a.get("type") == "submit") or tag == "button":
            self.buttons.append(a)
        elif tag == "input":
            checkable = a.get("type") in ("checkbox", "radio")
            self.fields.append({**a, "checked": "checked" in a if checkable else True})
        elif tag == "textarea":
            self._textarea = {**a, "value": "", "checked": True}
            self.fields.append(self._textarea)
        elif tag == "select":
            self._select = {**a, "value": None, "checked": True}
            self.fields.append(self._select)
        elif tag == "option" and self._select is not None and self._select["value"] is None:
            # The first option, unless a later one is selected (as a browser sends a select).
            self._select["value"] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        if tag == "select":
            self._select = None
        if tag == "form":
            self.inside = False

    def boxes(self, name: str) -> dict[str, bool]:
        """Each box of `name` by its value: ticked or not."""
        return {f["value"]: f["checked"] for f in self.fields if f.get("name") == name}

    def fill(self, name: str, value: str) -> None:
        [field] = [f for f in self.fields if f.get("name") == name and f.get("type") != "checkbox"]
        field["value"] = value

    def tick(self, name: str, value: str, ticked: bool = True) -> None:
        [field] = [f for f in self.fields if f.get("name") == name and f.get("value") == value]
        field["checked"] = ticked

    def send(self, button_name: str | None) -> list[tuple[str, str]]:
        """The body the browser posts when the button `button_name` is pressed (None: the last button)."""
        [button] = (
            [b for b in self.buttons if b.get("name") == button_name] if button_name else self.buttons[-1:]
        )
        body = [(f["name"], f.get("value", "")) for f in self.fields if f.get("name") and f["checked"]]
        return [*body, (button["name"], button.get("value", ""))] if button.get("name") else body


async def _form(client: httpx.AsyncClient, path: str, form_id: str) -> Form:
    response = await client.get(path, headers=PAGE)
    assert response.status_code == 200, response.text[:500]
    return Form(response.text, form_id)


async def _press(
    client: httpx.AsyncClient, path: str, form: Form, button: str | None, status: int = 200
) -> httpx.Response:
    """Press a button of the form: the browser posts the form, with the button's name and value."""
    await csrf_token(client)
    body = httpx.QueryParams(form.send(button))
    response = await client.post(
        path, content=str(body), headers={**PAGE, "Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == status, response.text[:800]
    return response


async def test_a_plan_stores_exactly_the_areas_picked_across_two_searches(client, services):
    await log_in(client, "analyst")
    api = await _seed(client)
    form = await _form(client, "/planer/ny", "plan-form")
    # The form starts with nothing chosen and the first page of every area, in the order of the names.
    assert not any(form.boxes("area_codes").values())
    assert len(form.boxes("area_codes")) == 50

    form.fill("title", "Plan for møllerne og Åbakken")
    form.fill("period_from", "2025")
    form.fill("period_to", "2028")
    form.fill("area_q", "molle")  # without ø: it finds both Mølle… areas
    found = await _press(client, "/planer/ny", form, "area_search")
    form = Form(found.text, "plan-form")
    assert form.boxes("area_codes") == {"P-02": False, "P-03": False}
    assert "2 områder matcher »molle«." in unescape(found.text)
    # The page comes back at the search field, its matches under it.
    assert 'formaction="/planer/ny#plan-areas-q"' in found.text
    form.tick("area_codes", "P-02")

    form.fill("area_q", "AABAKKEN")  # å written as aa, in capitals
    found = await _press(client, "/planer/ny", form, "area_search")
    form = Form(found.text, "plan-form")
    # The area ticked in the first search is chosen and stays ticked; the new search's match is offered.
    assert form.boxes("area_codes") == {"P-02": True, "P-01": False}
    assert "Plan for møllerne og Åbakken" in unescape(found.text)  # what was typed is kept
    form.tick("area_codes", "P-01")

    saved = await _press(client, "/planer/ny", form, None, status=303)

    plan_id = saved.headers["location"].split("/")[2].split("?")[0]
    stored = (await client.get(f"/api/categorisation/v1/area-plans/{plan_id}", headers=api)).json()
    assert sorted(stored["area_codes"]) == ["P-01", "P-02"]
    assert stored["title"] == "Plan for møllerne og Åbakken"


async def test_a_refused_plan_shows_every_pick_again_and_stores_nothing(client, services):
    await log_in(client, "analyst")
    api = await _seed(client)
    form = await _form(client, "/planer/ny", "plan-form")
    form.fill("area_q", "mølle")
    form = Form((await _press(client, "/planer/ny", form, "area_search")).text, "plan-form")
    form.tick("area_codes", "P-02")
    form.tick("area_codes", "P-03")
    form.fill("period_from", "2025")
    form.fill("period_to", "2028")  # but no title

    refused = await _press(client, "/planer/ny", form, None, status=422)

    again = Form(refused.text, "plan-form")
    assert {code for code, ticked in again.boxes("area_codes").items() if ticked} == {"P-02", "P-03"}
    text = unescape(refused.text)
    assert "Formularen indeholder fejl" in text and "Udfyld feltet." in text
    assert "Valgte områder (2)" in text and "Møllegården (P-02)" in text and "Mølleparken (P-03)" in text
    assert (await client.get("/api/categorisation/v1/area-plans", headers=api)).json() == []
    # Sent again with a title, the same picks are stored.
    again.fill("title", "Møllerne")
    saved = await _press(client, "/planer/ny", again, None, status=303)
    plan_id = saved.headers["location"].split("/")[2].split("?")[0]
    stored = (await client.get(f"/api/categorisation/v1/area-plans/{plan_id}", headers=api)).json()
    assert sorted(stored["area_codes"]) == ["P-02", "P-03"]


async def test_a_plan_without_a_known_area_is_refused(client, services):
    await log_in(client, "analyst")
    api = await _seed(client)
    form = await _form(client, "/planer/ny", "plan-form")
    form.fill("title", "Ingen områder")
    form.fill("period_from", "2025")
    form.fill("period_to", "2028")
    form.fields.append({"name": "area_codes", "value": "NOPE-1", "checked": True})  # a code no year has

    refused = await _press(client, "/planer/ny", form, None, status=422)

    assert "Områder: Vælg mindst én." in unescape(refused.text)
    assert 'value="NOPE-1"' not in refused.text
    assert (await client.get("/api/categorisation/v1/area-plans", headers=api)).json() == []


async def test_editing_a_plan_shows_its_areas_chosen_and_stores_a_change(client, services):
    await log_in(client, "analyst")
    api = await _seed(client)
    form = await _form(client, "/planer/ny", "plan-form")
    form.fill("title", "Vestervang")
    form.fill("period_from", "2025")
    form.fill("period_to", "2028")
    form.fill("area_q", "vester")
    form = Form((await _press(client, "/planer/ny", form, "area_search")).text, "plan-form")
    form.tick("area_codes", "P-04")
    saved = await _press(client, "/planer/ny", form, None, 303)
    plan_id = saved.headers["location"].split("/")[2].split("?")[0]
    edit = f"/planer/{plan_id}/rediger"

    form = await _form(client, edit, "plan-form")
    assert form.boxes("area_codes")["P-04"] is True
    form.tick("area_codes", "P-04", ticked=False)  # taken off
    form.fill("area_q", "åbakken")
    form = Form((await _press(client, edit, form, "area_search")).text, "plan-form")
    assert form.boxes("area_codes") == {"P-01": False}  # the untick removed Vestervang
    form.tick("area_codes", "P-01")
    await _press(client, edit, form, None, status=303)

    stored = (await client.get(f"/api/categorisation/v1/area-plans/{plan_id}", headers=api)).json()
    assert stored["area_codes"] == ["P-01"]


async def test_an_initiative_stores_the_areas_picked(client, services):
    await log_in(client, "analyst")
    api = await _seed(client)
    form = await _form(client, "/planer/tiltag/ny", "initiative-form")
    form.fill("title", "Lektiecafé")
    form.fill("responsible_unit", "Børn og Familie")
    form.fill("period_from", "2024-02-01")
    form.fill("area_q", "moelle")
    form = Form((await _press(client, "/planer/tiltag/ny", form, "area_search")).text, "initiative-form")
    form.tick("area_codes", "P-03")

    await _press(client, "/planer/tiltag/ny", form, None, status=303)

    [stored] = (await client.get("/api/categorisation/v1/initiatives", headers=api)).json()
    assert stored["area_codes"] == ["P-03"]


async def test_show_more_without_javascript_shows_the_next_matches(client, services):
    await log_in(client, "analyst")
    await _seed(client)
    form = await _form(client, "/planer/ny", "plan-form")
    form.fill("area_q", "blokvej")
    found = await _press(client, "/planer/ny", form, "area_search")
    form = Form(found.text, "plan-form")
    assert len(form.boxes("area_codes")) == 50
    assert "55 områder matcher »blokvej«. Viser de første 50." in unescape(found.text)
    form.tick("area_codes", "B-01")

    more = await _press(client, "/planer/ny", form, "area_limit")

    form = Form(more.text, "plan-form")
    assert len(form.boxes("area_codes")) == 55  # B-01 chosen at the top, the other 54 below
    assert [code for code, ticked in form.boxes("area_codes").items() if ticked] == ["B-01"]
    assert "55 områder matcher »blokvej«." in unescape(more.text) and "Vis flere områder" not in more.text


async def test_htmx_gets_only_the_matches_with_the_chosen_areas_and_the_count_out_of_band(client, services):
    await log_in(client, "analyst")
    await _seed(client)

    typed = await client.get(PICKER, params={"picker": "plan-areas", "area_q": "MØLLE"}, headers=HTMX)
    picked = await client.get(
        PICKER,
        params=[
            ("picker", "plan-areas"),
            ("area_q", "mølle"),
            ("area_pick", "P-03"),
            ("area_codes", "P-01"),
            ("area_codes", "P-03"),
        ],
        headers=HTMX,
    )

    assert typed.status_code == picked.status_code == 200
    text = unescape(typed.text)
    assert "<h1>" not in text and 'name="csrftoken"' not in text
    assert text.count('name="area_codes"') == 2
    assert "Møllegården (P-02)" in text and "Mølleparken (P-03)" in text
    assert 'id="plan-areas-chosen" hx-swap-oob="innerHTML"' in text and "Valgte områder (0)" in text
    assert 'id="plan-areas-status" hx-swap-oob="innerHTML"' in text and "2 områder matcher »MØLLE«." in text
    matches, after = unescape(picked.text).split('<div id="plan-areas-chosen"')
    chosen, status = after.split('<p id="plan-areas-status"')
    # The picked area is ticked among the chosen and marked chosen among the matches, which offer the other.
    assert 'id="plan-areas-area-P-02"' in matches and "Mølleparken (P-03): <em>valgt</em>" in matches
    assert "checked" not in matches
    assert "Valgte områder (2)" in chosen and chosen.count("checked") == 2
    assert "Åbakken (P-01)" in chosen and "Mølleparken (P-03)" in chosen
    assert "Mølleparken (P-03) er valgt. 2 områder valgt." in status


async def test_htmx_show_more_asks_for_the_next_fifty(client, services):
    await log_in(client, "analyst")
    await _seed(client)

    first = await client.get(PICKER, params={"picker": "plan-areas", "area_q": "blok"}, headers=HTMX)
    more = await client.get(
        PICKER, params={"picker": "plan-areas", "area_q": "blok", "area_limit": "100"}, headers=HTMX
    )

    assert first.text.count('name="area_codes"') == 50 and 'id="plan-areas-more"' in first.text
    assert "/planer/omraadevalg?picker=plan-areas&amp;area_limit=100" in first.text
    assert more.text.count('name="area_codes"') == 55 and "Alle fundne områder vises." in unescape(more.text)


@pytest.mark.parametrize(
    ("user", "status"), [("analyst", 200), ("officer", 403), ("manager", 403), ("caseworker", 403)]
)
async def test_only_the_analyst_asks_the_picker(client, services, user, status):
    await log_in(client, user)

    response = await client.get(PICKER, params={"picker": "plan-areas", "area_q": "x"}, headers=HTMX)

    assert response.status_code == status


async def test_the_picker_needs_a_login_and_a_known_picker(client, services):
    anonymous = await client.get(PICKER, params={"picker": "plan-areas"}, headers=PAGE)
    await log_in(client, "analyst")
    unknown = await client.get(PICKER, params={"picker": "everything"}, headers=HTMX)

    assert anonymous.status_code in (302, 303) and "/login" in anonymous.headers["location"]
    assert unknown.status_code == 404
