"""The officer's pages speak Danish, not code (issue 12 item 4): people by name, dates as Danes write them,
a count with the right noun, organisations by name, and pickers instead of typed codes, whose choices are
read back from the service."""

import httpx
import pytest

from services.kit.auth import Role
from tests.allocation.factories import (
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


async def test_who_changed_an_agreement_is_named_not_given_as_a_subject(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    fake_categorisation: FakeCategorisation,
    keys: KeyPair,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    await setup_areas(client, officer, fake_categorisation)
    await log_in(pages, "officer")

    saved = await submit(
        pages,
        "/udlejning/aftaler/2026/GRN-1",
        {"note": "Drøftet i dialogen", "status": "agreed", "confirmed": "1"},  # marking it agreed asks first
    )
    assert saved.status_code == 303, text(saved)

    stored = await ok(await client.get("/v1/agreements/2026/GRN-1", headers=officer))
    assert stored["agreed_by"] == "user:officer"  # the service keeps the subject …
    shown = text(await pages.get("/udlejning/aftaler/2026/GRN-1", headers=PAGE))
    assert "Olivia Boligkonsulent" in shown  # … the page names the person
    assert "user:" not in shown
    # The organisation by its name (setup_areas names org-a "ORG-A"), not its code.
    assert "Boligorganisation ORG-A" in shown and "org-a" not in shown


async def test_dates_are_danish_and_a_count_takes_the_right_noun(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    fake_categorisation: FakeCategorisation,
    keys: KeyPair,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    await setup_areas(client, officer, fake_categorisation)
    await set_share(client, officer, "GRN-1", 100, 0)
    one = await ok(
        await report(client, officer, vacancy("one-room", rooms=1, available_from="2026-04-01")), 201
    )
    two = await ok(await report(client, officer, vacancy("two-rooms", rooms=2)), 201)
    await ok(
        await client.post(
            "/v1/seekers", json=seeker("Enkelt Værelse", rooms_min=1, adults=1, children=0), headers=officer
        ),
        201,
    )
    await log_in(pages, "officer")

    first = text(await pages.get(f"/udlejning/ledige/{one['id']}", headers=PAGE))
    second = text(await pages.get(f"/udlejning/ledige/{two['id']}", headers=PAGE))

    assert "Bolig 1 værelse, " in first and "1 værelser" not in first
    assert "Bolig 2 værelser, " in second
    # The candidate's reasons count rooms too, and her registration date is a Danish date.
    assert "Har brug for 1 værelse; boligen har 1." in first
    assert "Skrevet op siden 15. januar 2025." in first
    # The dates of the vacancy: free from 1 April, the municipality's deadline 14 days later.
    assert "Ledig fra 1. april 2026" in first and "Kommunens frist 15. april 2026" in first
    assert "2026-04-01" not in first and "2026-04-15" not in first
    # The quota rule in words, with the singular for the first vacancy.
    assert "100 % af 1 ledig bolig = 1 (rundet ned)" in first and "floor(" not in first
    assert "100 % af 2 ledige boliger = 2 (rundet ned)" in second


async def test_the_flexible_criteria_are_picked_and_stored_as_picked(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    fake_categorisation: FakeCategorisation,
    keys: KeyPair,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    await setup_areas(client, officer, fake_categorisation)
    await log_in(pages, "officer")
    form = await pages.get("/udlejning/aftaler/2026/YEL-1", headers=PAGE)
    assert 'name="group_0_conditions" value="single_hours_per_week_min"' in form.text
    assert "Mindst timer pr. uge" in text(form) and "single_hours_per_week_min=37" not in text(form)

    saved = await submit(
        pages,
        "/udlejning/aftaler/2026/YEL-1",
        {
            "group_count": "3",
            "group_0_label": "Tilknytning til arbejdsmarkedet",
            "group_0_share": "80",
            "group_0_conditions": ["single_hours_per_week_min", "employed_months_min"],
            "group_0_single_hours_per_week_min": "37",
            "group_0_employed_months_min": "6",
            "group_1_label": "Studerende på fuld tid",
            "group_1_share": "20",
            "group_1_conditions": ["full_time_student"],
            "group_2_label": "",
        },
    )
    assert saved.status_code == 303, text(saved)

    stored = (await ok(await client.get("/v1/agreements/2026/YEL-1", headers=officer)))["flexible_criteria"]
    assert [(g["code"], g["label_da"], g["share_pct"]) for g in stored] == [
        ("tilknytning_til_arbejdsmarkedet", "Tilknytning til arbejdsmarkedet", 80),
        ("studerende_paa_fuld_tid", "Studerende på fuld tid", 20),
    ]
    assert stored[0]["conditions"] == [
        {"code": "single_hours_per_week_min", "value": 37},
        {"code": "employed_months_min", "value": 6},
    ]
    assert stored[1]["conditions"] == [{"code": "full_time_student", "value": None}]

    # The form shows what is stored: the boxes ticked, the numbers beside them.
    again = await pages.get("/udlejning/aftaler/2026/YEL-1", headers=PAGE)
    ticked = 'name="group_0_conditions" value="single_hours_per_week_min" checked'
    assert ticked in again.text
    assert 'name="group_0_single_hours_per_week_min" inputmode="decimal" value="37"' in again.text
    assert 'id="g0-age_min" name="group_0_conditions" value="age_min">' in again.text

    # Removing a group and untick a condition; a ticked condition without its number is refused.
    refused = await submit(
        pages,
        "/udlejning/aftaler/2026/YEL-1",
        {
            "group_count": "2",
            "group_0_code": "tilknytning_til_arbejdsmarkedet",
            "group_0_label": "Tilknytning til arbejdsmarkedet",
            "group_0_share": "100",
            "group_0_conditions": ["single_hours_per_week_min"],
            "group_1_code": "studerende_paa_fuld_tid",
            "group_1_label": "Studerende på fuld tid",
            "group_1_remove": "true",
        },
    )
    assert refused.status_code == 422
    assert "Skriv et tal ved hver afkrydset betingelse, der skal have et." in text(refused)
    kept = (await ok(await client.get("/v1/agreements/2026/YEL-1", headers=officer)))["flexible_criteria"]
    assert len(kept) == 2

    saved = await submit(
        pages,
        "/udlejning/aftaler/2026/YEL-1",
        {
            "group_count": "2",
            "group_0_code": "tilknytning_til_arbejdsmarkedet",
            "group_0_label": "Tilknytning til arbejdsmarkedet",
            "group_0_share": "100",
            "group_0_conditions": ["single_hours_per_week_min"],
            "group_0_single_hours_per_week_min": "30",
            "group_1_code": "studerende_paa_fuld_tid",
            "group_1_label": "Studerende på fuld tid",
            "group_1_remove": "true",
        },
    )
    assert saved.status_code == 303, text(saved)
    stored = (await ok(await client.get("/v1/agreements/2026/YEL-1", headers=officer)))["flexible_criteria"]
    assert [(g["code"], g["share_pct"], g["conditions"]) for g in stored] == [
        ("tilknytning_til_arbejdsmarkedet", 100, [{"code": "single_hours_per_week_min", "value": 30}])
    ]


async def test_a_form_without_the_groups_leaves_the_criteria_as_they_are(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    fake_categorisation: FakeCategorisation,
    keys: KeyPair,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    await setup_areas(client, officer, fake_categorisation)
    group = {"code": "work", "share_pct": 100, "conditions": [{"code": "employed_months_min", "value": 6}]}
    await ok(
        await client.put("/v1/agreements/2026/YEL-1", json={"flexible_criteria": [group]}, headers=officer)
    )
    await log_in(pages, "officer")

    assert (await submit(pages, "/udlejning/aftaler/2026/YEL-1", {"note": "Kun et notat"})).status_code == 303

    stored = await ok(await client.get("/v1/agreements/2026/YEL-1", headers=officer))
    assert stored["note"] == "Kun et notat"
    assert [g["code"] for g in stored["flexible_criteria"]] == ["work"]


async def test_wished_areas_are_ticked_by_name_and_stored_as_ticked(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    fake_categorisation: FakeCategorisation,
    keys: KeyPair,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    await setup_areas(client, officer, fake_categorisation)
    await log_in(pages, "officer")
    form = await pages.get("/udlejning/boligsoegende", headers=PAGE)
    assert 'name="area_wishes" value="GRN-1"' in form.text
    assert "Area GRN-1" in text(form) and "områdekoder adskilt af komma" not in text(form)

    registered = await submit(
        pages,
        "/udlejning/boligsoegende",
        {
            "name": "Vibeke Vælger",
            "adults": "1",
            "children": "0",
            "rooms_min": "2",
            "urgency": "normal",
            "reason": "social",
            "area_wishes": ["GRN-1", "YEL-1"],
        },
    )
    assert registered.status_code == 303, text(registered)
    seeker_id = int(registered.headers["location"].split("/")[-1].split("?")[0])
    stored = await ok(await client.get(f"/v1/seekers/{seeker_id}", headers=officer))
    assert sorted(stored["area_wishes"]) == ["GRN-1", "YEL-1"]

    page = await pages.get(f"/udlejning/boligsoegende/{seeker_id}", headers=PAGE)
    assert 'id="s-wish-GRN-1" name="area_wishes" value="GRN-1" checked' in page.text
    assert 'id="s-wish-RED-1" name="area_wishes" value="RED-1">' in page.text

    # Unticking every box leaves no wish (every area is wished).
    changed = await submit(pages, f"/udlejning/boligsoegende/{seeker_id}", {"name": "Vibeke Vælger"})
    assert changed.status_code == 303, text(changed)
    assert (await ok(await client.get(f"/v1/seekers/{seeker_id}", headers=officer)))["area_wishes"] == []
