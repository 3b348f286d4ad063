"""Every decision about a person has its letter (DOMAIN § 6.7, CONTRACT § 9): the decision, each reason with
the rule applied, the facts, the hearing and the configured complaint guidance with its deadline – checked
in the stored PDF (its text extracted) and in the stored HTML, in Danish and in English on request."""

from datetime import date
from typing import Any

import httpx
import pytest
from babel.dates import format_date
from fastapi import FastAPI

from services.allocation.config import AllocationConfig
from services.allocation.state import AllocationState
from services.kit.auth import Role
from services.kit.state import state_of
from tests.allocation.factories import FakeCategorisation, ok
from tests.allocation.letter_factories import (
    APPLICANT,
    DISPENSATION,
    acute_decision,
    dispensation_decision,
    html_text,
    letters_of,
    offer_decision,
    pdf_text,
    squeeze,
)

DANISH_DEADLINE = "Klagefrist: 4 uger fra du har modtaget afgørelsen"
ENGLISH_DEADLINE = "Deadline: 4 weeks from when you received the decision"


def config_of(app: FastAPI) -> AllocationConfig:
    return state_of(app, AllocationState).config


async def read_both(
    client: httpx.AsyncClient, headers: dict[str, str], url: str, lang: str = "da"
) -> tuple[str, str]:
    """The letter at `url` as text, from its PDF and from its HTML, checking each one's type."""
    pdf = await client.get(f"{url}.pdf", params={"lang": lang}, headers=headers)
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert pdf.headers["content-language"] == lang
    assert pdf.headers["cache-control"] == "private, no-store"
    page = await client.get(url, params={"lang": lang}, headers=headers)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert f'<html lang="{lang}">' in page.text
    return pdf_text(pdf.content), html_text(page.text)


def assert_says(texts: tuple[str, str], expected: list[str], absent: tuple[str, ...] = ()) -> None:
    for kind, text in zip(("PDF", "HTML"), texts, strict=True):
        for part in expected:
            assert squeeze(part) in text, f"{kind} lacks: {part}\nin: {text}"
        for part in absent:
            assert squeeze(part) not in text, f"{kind} has: {part}"


# --- acute housing ---------------------------------------------------------------------------------


async def test_an_acute_decision_has_its_letter_criterion_by_criterion(
    client: httpx.AsyncClient, officer: dict[str, str], allocation_app: FastAPI
) -> None:
    decision = await acute_decision(client, officer)
    guidance = config_of(allocation_app).complaint_guidance["acute_housing"]
    criteria = decision["criteria"]
    assert [c["met"] for c in criteria] == [True, True, False, True, False]

    texts = await read_both(client, officer, f"/v1/acute-applications/{decision['id']}/letter")

    assert_says(
        texts,
        [
            "Gladsaxe Kommune, Boliganvisningen",
            "Dato: 2. marts 2026",
            f"Sagsnummer: {decision['reference']}",
            f"Til: {APPLICANT}",
            "Afgørelse om akut boliganvisning",
            "Du får afslag på akut boliganvisning, fordi 2 af kommunens 5 kriterier ikke er opfyldt.",
            # The rule, then each criterion as the decision recorded it: met or not, and why.
            "Almenboligloven § 59, stk. 1: Kommunen kan anvise ledige almene familieboliger",
            *(
                f"Kriterium {n}: {c['text_da'].rstrip('.')}: {c['why_da']}"
                for n, c in enumerate(criteria, start=1)
            ),
            # The facts: the applicant's own answers.
            "Ansøgeren har haft egen leje-, andels- eller ejerbolig: nej",
            "Ansøgeren er skrevet op i mindst to boligorganisationer: 1 oplyst",
            "Partshøring",
            "Afgørelsen bygger alene på de oplysninger, du selv har givet i din ansøgning.",
            "Klagevejledning",
            guidance.text_da,
            DANISH_DEADLINE,
            f"Klageadgang efter {guidance.legal_basis}",
        ],
        absent=(guidance.text_en,),
    )


async def test_an_eligible_acute_decision_says_so(client: httpx.AsyncClient, officer: dict[str, str]) -> None:
    decision = await acute_decision(
        client, officer, had_own_dwelling=True, registered_housing_organisations=2
    )
    assert decision["eligible"] is True
    texts = await read_both(client, officer, f"/v1/acute-applications/{decision['id']}/letter")
    assert_says(
        texts,
        ["Du opfylder kommunens kriterier for akut boliganvisning."],
        absent=("afslag",),
    )


async def test_the_acute_letter_in_english_states_the_same_decision(
    client: httpx.AsyncClient, officer: dict[str, str], allocation_app: FastAPI
) -> None:
    decision = await acute_decision(client, officer)
    guidance = config_of(allocation_app).complaint_guidance["acute_housing"]

    texts = await read_both(client, officer, f"/v1/acute-applications/{decision['id']}/letter", "en")

    assert_says(
        texts,
        [
            "Date: 2 March 2026",
            f"Reference: {decision['reference']}",
            "Decision on acute housing",
            "Your application for acute housing is refused, because 2 of the municipality's 5 criteria are "
            "not met.",
            *(
                f"Criterion {n}: {c['text_en'].rstrip('.')}: {c['why_en']}"
                for n, c in enumerate(decision["criteria"], 1)
            ),
            "Hearing",
            "How to complain",
            guidance.text_en,
            ENGLISH_DEADLINE,
        ],
        absent=(guidance.text_da, "Klagevejledning"),
    )


# --- a municipal offer and its withdrawal -------------------------------------------------------------


def _day(value: str, lang: str = "da") -> str:
    return format_date(date.fromisoformat(value), format="long", locale="da" if lang == "da" else "en_GB")


async def test_a_municipal_offer_has_its_letter(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    allocation_app: FastAPI,
) -> None:
    offer = await offer_decision(client, officer, org_a, fake_categorisation)
    guidance = config_of(allocation_app).complaint_guidance["municipal_offer"]
    park_days = config_of(allocation_app).decline_reasons["no_reply"].park_days

    texts = await read_both(client, officer, f"/v1/offers/{offer['id']}/letter")

    dwelling = (
        "boligen GRN-1/m-1 i Area GRN-1 (GRN-1): 3 værelser, 78,5 m², husleje 7.450 kr. om måneden, "
        "ledig fra 1. april 2026"
    )
    assert_says(
        texts,
        [
            f"Til: {APPLICANT}",
            f"Sagsnummer: TB-2026-{offer['id']:05d}",
            "Tilbud om bolig ved kommunal anvisning",
            f"Kommunen tilbyder dig at leje {dwelling}.",
            f"Svarfrist Du skal svare senest {_day(offer['reply_by'])}.",
            f"du får ikke nye tilbud i {park_days} dage",
            "Almenboligloven § 59, stk. 1: Kommunen kan anvise ledige almene familieboliger",
            "Almenboligloven § 59, stk. 6 og 7: Kommunen har kontrolleret, at ingen af lovens forbud",
            "Kommunens offentliggjorte rækkefølge: Du var nr. 1 af 1 boligsøgende",
            f"Boligen: {dwelling}.",
            f"Din opskrivning til kommunal boliganvisning ({offer['seeker_reference']}) den 15. januar 2025.",
            "Tilbuddet går dig ikke imod.",
            guidance.text_da,
            DANISH_DEADLINE,
        ],
    )
    english = await read_both(client, officer, f"/v1/offers/{offer['id']}/letter", "en")
    assert_says(
        english,
        [
            "Offer of a dwelling by municipal allocation",
            "The municipality offers you to rent the dwelling GRN-1/m-1 in Area GRN-1 (GRN-1): 3 rooms, "
            "78.5 m², rent DKK 7,450 a month, available from 1 April 2026.",
            f"Please reply by {_day(offer['reply_by'], 'en')}.",
            "You were no. 1 of 1 housing seekers",
            guidance.text_en,
            ENGLISH_DEADLINE,
        ],
    )
    # No withdrawal letter while the offer stands.
    assert (
        await client.get(f"/v1/offers/{offer['id']}/withdrawal-letter", headers=officer)
    ).status_code == 404


async def test_the_officer_withdraws_an_offer_with_a_reason_and_a_letter(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    allocation_app: FastAPI,
) -> None:
    offer = await offer_decision(client, officer, org_a, fake_categorisation)
    url = f"/v1/offers/{offer['id']}/withdraw"
    body = {
        "reason": "Boligen skal bruges til genhusning efter en brand i opgangen.",
        "hearing": "Du blev hørt i telefonen den 27. februar 2026 og havde ingen bemærkninger.",
    }
    # Both in words, and the officer's alone.
    for missing in ("reason", "hearing"):
        refused = await client.post(url, json={**body, missing: "  "}, headers=officer)
        assert refused.status_code == 422, missing
    assert (await client.post(url, json=body, headers=org_a)).status_code == 403

    withdrawn = await ok(await client.post(url, json=body, headers=officer))

    assert (withdrawn["status"], withdrawn["withdrawal_reason"]) == ("withdrawn", body["reason"])
    vacancy = await ok(await client.get(f"/v1/vacancies/{offer['vacancy_id']}", headers=officer))
    assert vacancy["status"] == "open"  # it can be offered again
    assert vacancy["events"][-1]["kind"] == "offer_withdrawn"
    assert (await client.post(url, json=body, headers=officer)).status_code == 409  # once
    guidance = config_of(allocation_app).complaint_guidance["offer_withdrawal"]
    texts = await read_both(client, officer, f"/v1/offers/{offer['id']}/withdrawal-letter")
    assert_says(
        texts,
        [
            "Tilbud om bolig trækkes tilbage",
            "Kommunen trækker tilbuddet af 2. marts 2026 om at leje boligen GRN-1/m-1",
            "Det har ingen betydning for din opskrivning til kommunal boliganvisning.",
            f"Almenboligloven § 59, stk. 1: {body['reason']}",
            "Tilbuddet af 2. marts 2026 med svarfrist",
            f"Partshøring {body['hearing']}",
            guidance.text_da,
            DANISH_DEADLINE,
        ],
    )
    # The offer's own letter stays as it was issued.
    offer_letter, _ = await read_both(client, officer, f"/v1/offers/{offer['id']}/letter")
    assert "Tilbud om bolig ved kommunal anvisning" in offer_letter and body["reason"] not in offer_letter


async def test_an_offer_withdrawn_because_its_vacancy_went_back_has_its_letter(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Any,
) -> None:
    offer = await offer_decision(client, officer, org_a, fake_categorisation)
    clock.today = date(2026, 4, 16)  # past the deadline of 15 April; the periodic return has not run
    letting = {"channel": "waiting_list", "let_on": "2026-04-20"}
    await ok(
        await client.post(f"/v1/vacancies/{offer['vacancy_id']}/letting", json=letting, headers=org_a), 201
    )

    withdrawn = await ok(await client.get(f"/v1/offers/{offer['id']}", headers=officer))
    assert withdrawn["status"] == "withdrawn" and withdrawn["withdrawal_reason"] is None
    texts = await read_both(client, officer, f"/v1/offers/{offer['id']}/withdrawal-letter")
    assert_says(
        texts,
        [
            f"Sagsnummer: TT-2026-{offer['id']:05d}",
            "Dato: 16. april 2026",
            "Fristen udløb den 15. april 2026, uden at tilbuddet var taget imod",
            "Boligen blev givet tilbage til boligorganisationen den 16. april 2026.",
            "Afgørelsen bygger alene på boligens frist og dens status hos kommunen",
        ],
    )
    letters = await letters_of(client, officer, "offer_withdrawal", offer["id"])
    assert {(letter["language"], letter["created_by"]) for letter in letters} == {
        ("da", "client:housing_org:org-a"),
        ("en", "client:housing_org:org-a"),
    }


# --- § 51 c dispensations --------------------------------------------------------------------------


async def test_a_dispensation_decision_has_its_letter_with_each_consideration(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    allocation_app: FastAPI,
) -> None:
    made = await dispensation_decision(client, officer, org_a, fake_categorisation)
    guidance = config_of(allocation_app).complaint_guidance["dispensation"]

    texts = await read_both(client, officer, f"/v1/dispensations/{made['id']}/letter")

    notes = [c["note"] for c in DISPENSATION["considerations"]]
    assert_says(
        texts,
        [
            f"Sagsnummer: DI-2026-{made['id']:05d}",
            "Afgørelse om dispensation efter almenboligloven § 51 c",
            "Kommunen giver ikke dispensation. Boligorganisationen skal derfor afvise dig som lejer af en "
            "bolig i Area RED-1 (RED-1).",
            "Almenboligloven § 51 c: I et omdannelsesområde skal boligorganisationen afvise en boligsøgende, "
            "der modtager kontanthjælp.",
            "nr. 1: Udsigt til arbejde eller uddannelse inden for kort tid: Taler for dispensation: "
            + notes[0],
            "nr. 2: Nært forestående overgang til førtidspension eller folkepension: Taler ikke for "
            "dispensation: " + notes[1],
            "nr. 3: Udsigt til en bolig uden for området: Taler ikke for dispensation: " + notes[2],
            "nr. 4: Andre særlige forhold, der ville gøre en afvisning uforholdsmæssigt hård: Taler ikke for "
            "dispensation: " + notes[3],
            f"Kommunens samlede vurdering: {DISPENSATION['justification']}",
            "Boligorganisationens reference: ans-17",
            "Afgørelsen bygger på de oplysninger om ydelser, som boligorganisationen gav kommunen",
            guidance.text_da,
            DANISH_DEADLINE,
        ],
        absent=("Til:",),  # no person is named in the dispensation's record, so none in its letter
    )
    english = await read_both(client, officer, f"/v1/dispensations/{made['id']}/letter", "en")
    assert_says(
        english,
        [
            "The municipality does not grant a dispensation.",
            "who receives cash benefit (kontanthjælp)",
            f"Speaks for a dispensation: {notes[0]}",
            guidance.text_en,
            ENGLISH_DEADLINE,
        ],
    )


async def test_a_granted_dispensation_says_the_applicant_was_not_heard_because_nothing_went_against_them(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    made = await dispensation_decision(client, officer, org_a, fake_categorisation, granted=True)
    texts = await read_both(client, officer, f"/v1/dispensations/{made['id']}/letter")
    assert_says(
        texts,
        [
            "Kommunen giver dispensation.",
            "Afgørelsen går dig ikke imod. Der har derfor ikke været partshøring",
        ],
    )


# --- who reads a letter: whoever reads the decision ------------------------------------------------


async def test_letters_are_read_as_their_decisions_are(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    org_b: dict[str, str],
    fake_categorisation: FakeCategorisation,
    as_role: Any,
) -> None:
    acute = await acute_decision(client, officer)
    made = await dispensation_decision(client, officer, org_a, fake_categorisation)
    manager = as_role(Role.MANAGER)
    acute_url = f"/v1/acute-applications/{acute['id']}/letter"
    dispensation_url = f"/v1/dispensations/{made['id']}/letter"
    letters_url = f"/v1/letters?decision_type=acute_housing&decision_id={acute['id']}"

    # The acute decision and the letters' records are the officer's alone.
    for url in (acute_url, acute_url + ".pdf", letters_url):
        assert (await client.get(url)).status_code == 401, url
        for other in (org_a, manager):
            assert (await client.get(url, headers=other)).status_code == 403, url
        assert (await client.get(url, headers=officer)).status_code == 200, url
    # The dispensation's letter: the owning organisation reads it, another does not learn it exists.
    for url in (dispensation_url, dispensation_url + ".pdf"):
        assert (await client.get(url, headers=org_a)).status_code == 200, url
        assert (await client.get(url, headers=org_b)).status_code == 404, url
    # A decision that does not exist has no letter.
    assert (await client.get("/v1/acute-applications/999999/letter", headers=officer)).status_code == 404
    assert (await client.get("/v1/dispensations/999999/letter.pdf", headers=org_a)).status_code == 404
    assert (await client.get(acute_url, params={"lang": "de"}, headers=officer)).status_code == 422


async def test_an_offers_letters_are_the_officers(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    offer = await offer_decision(client, officer, org_a, fake_categorisation)
    for url in (f"/v1/offers/{offer['id']}/letter", f"/v1/offers/{offer['id']}/letter.pdf"):
        assert (await client.get(url, headers=org_a)).status_code == 403
        assert (await client.get(url, headers=officer)).status_code == 200


async def test_the_api_description_types_each_download(client: httpx.AsyncClient) -> None:
    paths = (await ok(await client.get("/openapi.json")))["paths"]
    for prefix in (
        "/v1/acute-applications/{application_id}/letter",
        "/v1/offers/{offer_id}/letter",
        "/v1/offers/{offer_id}/withdrawal-letter",
        "/v1/dispensations/{dispensation_id}/letter",
        "/v1/letters/{letter_id}/letter",
    ):
        page = paths[prefix]["get"]["responses"]["200"]["content"]
        pdf = paths[prefix + ".pdf"]["get"]["responses"]["200"]["content"]
        assert set(page) == {"text/html"}, prefix
        # OpenAPI 3.1 names a file's media type in its schema; an HTML letter carries an example of itself.
        assert page["text/html"]["schema"] == {"type": "string", "contentMediaType": "text/html"}, prefix
        assert page["text/html"]["example"].startswith("<!DOCTYPE html>"), prefix
        pdf_schema = {"type": "string", "contentMediaType": "application/pdf", "format": "binary"}
        assert pdf == {"application/pdf": {"schema": pdf_schema}}, prefix
        if "{letter_id}" not in prefix:
            lang = next(p for p in paths[prefix]["get"]["parameters"] if p["name"] == "lang")
            assert lang["schema"]["enum"] == ["da", "en"] and lang["schema"]["default"] == "da"


@pytest.mark.parametrize("kind", ["acute_housing", "municipal_offer", "offer_withdrawal", "dispensation"])
def test_every_decision_type_has_guidance_in_the_shipped_configuration(
    allocation_app: FastAPI, kind: str
) -> None:
    guidance = config_of(allocation_app).complaint_guidance[kind]
    assert guidance.deadline_weeks == 4 and guidance.text_da and guidance.text_en


@pytest.mark.parametrize(
    ("no_reply", "says"),
    [
        (None, "Svarer du ikke, bortfalder tilbuddet."),
        ("removed", "Svarer du ikke, regnes tilbuddet som afslået, og du tages af listen over boligsøgende."),
        ("none", "Svarer du ikke, regnes tilbuddet som afslået."),
    ],
)
async def test_the_offer_letter_says_what_not_replying_means_as_configured(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    allocation_app: FastAPI,
    no_reply: str | None,
    says: str,
) -> None:
    state = state_of(allocation_app, AllocationState)
    reasons = dict(state.config.decline_reasons)
    if no_reply is None:
        del reasons["no_reply"]
    else:
        reasons["no_reply"] = reasons["no_reply"].model_copy(
            update={"consequence": no_reply, "park_days": None}
        )
    state.config = state.config.model_copy(update={"decline_reasons": reasons})

    offer = await offer_decision(client, officer, org_a, fake_categorisation)

    text = pdf_text((await client.get(f"/v1/offers/{offer['id']}/letter.pdf", headers=officer)).content)
    assert says in text and "dage" not in text.split("Svarfrist", 1)[1].split("Begrundelse", 1)[0]
