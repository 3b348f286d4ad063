"""A decision letter is stored with its decision and never changed (DOMAIN § 6.7): later configuration does
not reach it, a correction is a new letter naming the one it replaces, and the stored snapshot renders to
exactly the stored HTML."""

from datetime import date

import httpx
import pytest
from fastapi import FastAPI

from services.allocation.exceptions import StateConflict
from services.allocation.letters.issuing import from_snapshot
from services.allocation.models import DecisionLetterRecord
from services.allocation.state import AllocationState
from services.kit.letters import ComplaintGuidance, render_html
from services.kit.state import state_of
from tests.allocation.factories import Clock, FakeCategorisation, ok
from tests.allocation.letter_factories import (
    acute_decision,
    html_text,
    letters_of,
    offer_decision,
    pdf_text,
)

NEW_GUIDANCE = ComplaintGuidance(
    legal_basis="almenboligloven § 59; bekræftet af kommunens juridiske kontor",
    deadline_weeks=6,
    text_da="Ny klagevejledning: skriv til Borgerservice inden seks uger.",
    text_en="New guidance: write to the citizens' service within six weeks.",
)


def change_guidance(app: FastAPI, decision_type: str) -> None:
    """The municipality's legal office rewords the guidance (the process state, as a restart would)."""
    state = state_of(app, AllocationState)
    guidance = {**state.config.complaint_guidance, decision_type: NEW_GUIDANCE}
    state.config = state.config.model_copy(update={"complaint_guidance": guidance})


async def test_a_stored_letter_does_not_change_when_the_configuration_does(
    client: httpx.AsyncClient, officer: dict[str, str], allocation_app: FastAPI, clock: Clock
) -> None:
    decision = await acute_decision(client, officer)
    url = f"/v1/acute-applications/{decision['id']}/letter"
    before = {
        lang: (await client.get(f"{url}.pdf?lang={lang}", headers=officer)).content for lang in ("da", "en")
    }
    page = (await client.get(url, headers=officer)).text

    change_guidance(allocation_app, "acute_housing")
    clock.today = date(2026, 5, 1)

    for lang in ("da", "en"):
        assert (await client.get(f"{url}.pdf?lang={lang}", headers=officer)).content == before[lang]
    assert (await client.get(url, headers=officer)).text == page
    assert NEW_GUIDANCE.text_da not in pdf_text(before["da"])


async def test_a_correction_is_a_new_letter_and_the_old_one_stays(
    client: httpx.AsyncClient, officer: dict[str, str], allocation_app: FastAPI, clock: Clock
) -> None:
    decision = await acute_decision(client, officer)
    [first_da, first_en] = await letters_of(client, officer, "acute_housing", decision["id"])
    assert (first_da["language"], first_en["language"]) == ("da", "en")
    original = (await client.get(f"/v1/letters/{first_da['id']}/letter.pdf", headers=officer)).content
    change_guidance(allocation_app, "acute_housing")
    clock.today = date(2026, 3, 9)
    reason = "Klagevejledningen var ikke godkendt af kommunens juridiske kontor."

    corrected = await ok(
        await client.post(
            f"/v1/letters/{first_da['id']}/corrections", json={"reason": reason}, headers=officer
        ),
        201,
    )

    assert corrected["reference"] == f"{decision['reference']}-2"
    assert (corrected["correction_of"], corrected["language"], corrected["issued_on"]) == (
        first_da["id"],
        "da",
        "2026-03-09",
    )
    letters = await letters_of(client, officer, "acute_housing", decision["id"])
    assert [(x["language"], x["correction_of"], x["corrected_by"]) for x in letters] == [
        ("da", None, corrected["id"]),
        ("en", None, letters[3]["id"]),
        ("da", first_da["id"], None),
        ("en", first_en["id"], None),
    ]
    # The decision's letter is now the correction, naming what it replaces, with today's guidance.
    newest = pdf_text(
        (await client.get(f"/v1/acute-applications/{decision['id']}/letter.pdf", headers=officer)).content
    )
    for part in (
        f"Denne afgørelse erstatter afgørelse {decision['reference']}, som indeholdt en fejl.",
        f"Rettelse {reason}",
        NEW_GUIDANCE.text_da,
        "Klagefrist: 6 uger fra du har modtaget afgørelsen",
        "Dato: 9. marts 2026",
    ):
        assert part in newest, part
    english = html_text(
        (await client.get(f"/v1/acute-applications/{decision['id']}/letter?lang=en", headers=officer)).text
    )
    assert f"This decision replaces decision {decision['reference']}" in english
    assert NEW_GUIDANCE.text_en in english
    # The first letter is still exactly what was issued.
    assert (await client.get(f"/v1/letters/{first_da['id']}/letter.pdf", headers=officer)).content == original
    assert NEW_GUIDANCE.text_da not in pdf_text(original)
    # Only the newest letter of a decision can be corrected; the correction is queued like any letter.
    again = await client.post(
        f"/v1/letters/{first_da['id']}/corrections", json={"reason": "x"}, headers=officer
    )
    assert again.status_code == 409
    assert [d["status"] for d in corrected["deliveries"]] == ["queued"]
    blank = await client.post(
        f"/v1/letters/{corrected['id']}/corrections", json={"reason": " "}, headers=officer
    )
    assert blank.status_code == 422


async def test_an_offer_letters_correction_keeps_the_day_of_the_offer(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
) -> None:
    offer = await offer_decision(client, officer, org_a, fake_categorisation)
    [letter, _] = await letters_of(client, officer, "municipal_offer", offer["id"])
    clock.today = date(2026, 3, 4)
    await ok(
        await client.post(
            f"/v1/letters/{letter['id']}/corrections", json={"reason": "Forkert husleje."}, headers=officer
        ),
        201,
    )
    text = pdf_text((await client.get(f"/v1/offers/{offer['id']}/letter.pdf", headers=officer)).content)
    assert "Dato: 4. marts 2026" in text and f"TB-2026-{offer['id']:05d}-2" in text
    assert "Prioriteringslisten for boligen den 2. marts 2026." in text


async def test_the_stored_snapshot_renders_to_the_stored_letter(
    client: httpx.AsyncClient, officer: dict[str, str], allocation_app: FastAPI
) -> None:
    decision = await acute_decision(client, officer)
    state = state_of(allocation_app, AllocationState)
    letters = await letters_of(client, officer, "acute_housing", decision["id"])
    assert len(letters) == 2
    async with state.session_factory() as session:
        for item in letters:
            stored = await session.get(DecisionLetterRecord, item["id"])
            assert stored is not None
            assert render_html(from_snapshot(stored.content)) == stored.html
            assert stored.content["language"] == item["language"]


async def test_an_issued_letter_cannot_be_updated(
    client: httpx.AsyncClient, officer: dict[str, str], allocation_app: FastAPI
) -> None:
    decision = await acute_decision(client, officer)
    [letter, _] = await letters_of(client, officer, "acute_housing", decision["id"])
    state = state_of(allocation_app, AllocationState)
    async with state.session_factory() as session:
        stored = await session.get(DecisionLetterRecord, letter["id"])
        assert stored is not None
        stored.html = "<p>Ændret bagefter</p>"
        with pytest.raises(StateConflict, match="never changed"):
            await session.flush()
        await session.rollback()
    page = await client.get(f"/v1/letters/{letter['id']}/letter", headers=officer)
    assert "Ændret bagefter" not in page.text
