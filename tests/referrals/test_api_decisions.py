"""An offer that needs an assessment ends in a decision with its letter (DOMAIN § 6.4, § 6.7): the letter
says what forvaltningsloven §§ 22–25 require, is stored unchanged (HTML and PDF, encrypted), is sent
through the outbox, and a later decision is a new letter that names the one it replaces."""

import base64
import hashlib
import io
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pypdf import PdfReader

from services.kit.letters import ComplaintGuidance
from services.kit.municipality import MunicipalityConfigError
from services.kit.outbox import Delivery, OutgoingLetter
from services.kit.state import process_of, state_of
from services.referrals import crypto, rekey
from services.referrals.config import ReferralsSettings
from services.referrals.main import create_app
from services.referrals.models import encrypted_columns
from services.referrals.state import ReferralsState
from tests.referrals.conftest import assign, execute, new_case, raw_rows, step, table, walk
from tests.support import KeyPair

DECISION = {
    "outcome": "granted",
    "decision": "Du får hjemmevejledning to timer om ugen i seks måneder.",
    "reasons": [{"text": "Du har brug for støtte til at strukturere din hverdag."}],
    "facts": ["Samtalen med dig ved besøget den 1. december.", "Din egen beskrivelse af dagene."],
    "hearing": "Vi har kun brugt oplysninger, som du selv har givet os.",
}


@dataclass
class RecordingChannel:
    """A channel double: keeps what it was asked to send."""

    name: str = "print"
    sent: list[OutgoingLetter] = field(default_factory=list)

    async def send(self, letter: OutgoingLetter) -> Delivery:
        self.sent.append(letter)
        return Delivery(self.name, True, f"spool-{letter.letter_id}", datetime.now().astimezone())


@pytest.fixture
async def channel(referrals_app: FastAPI) -> AsyncIterator[RecordingChannel]:
    state = state_of(referrals_app, ReferralsState)
    real, state.letter_channel = state.letter_channel, RecordingChannel()
    try:
        yield state.letter_channel  # type: ignore[misc]
    finally:
        state.letter_channel = real


async def referred(
    client: httpx.AsyncClient, caseworker: dict[str, str], *, assessed: bool = True
) -> tuple[int, int, dict[str, Any]]:
    """A case in assessment with one proposed offer (one that needs an assessment, unless said)."""
    case_id = (await new_case(client, caseworker))["id"]
    await assign(client, caseworker, case_id)
    await walk(client, caseworker, case_id, "assessment")
    offer = next(o for o in (await client.get("/v1/offers")).json() if o["needs_assessment"] is assessed)
    proposed = await client.post(
        f"/v1/cases/{case_id}/referrals", json={"offer_id": offer["id"]}, headers=caseworker
    )
    assert proposed.status_code == 201
    return case_id, proposed.json()["id"], offer


def spooled(directory: Path) -> list[tuple[str, bytes]]:
    """What the print channel left in its spool: file names and contents."""
    return [(path.name, path.read_bytes()) for path in sorted(directory.iterdir())]


def pdf_text(document: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages).split())


async def test_a_decision_makes_a_letter_stored_unchanged_and_sent(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI, channel: RecordingChannel
) -> None:
    case_id, referral_id, offer = await referred(client, caseworker)
    base = f"/v1/cases/{case_id}/referrals/{referral_id}"
    made = await client.post(f"{base}/decision", json=DECISION, headers=caseworker)
    assert made.status_code == 201, made.text
    decision = made.json()
    assert decision["outcome"] == "granted" and decision["corrects_id"] is None
    # Without a rule named, the reason names the offer's legal bases in force.
    rules = ", ".join(f"{b['law']} {b['paragraph']}" for b in offer["legal_bases_in_force"])
    assert decision["reasons"] == [{"rule": rules, "text": DECISION["reasons"][0]["text"]}]
    assert decision["facts"] == DECISION["facts"] and decision["hearing"] == DECISION["hearing"]

    html = await client.get(f"{base}/decision/letter", headers=caseworker)
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert html.headers["cache-control"] == "no-store"
    for part in (
        f"Afgørelse om {offer['name_da']}",
        f"Du får bevilget tilbuddet: {offer['name_da']}.",
        DECISION["decision"],
        rules,
        DECISION["facts"][0],
        DECISION["hearing"],
        "Klagevejledning",
        "4 uger fra du har modtaget afgørelsen",
        "retssikkerhedsloven §§ 66–67",
        "Ankestyrelsen",
        "Testa Testesen",  # the letter is to the citizen
        decision["reference"],
    ):
        assert part in html.text, part
    document = await client.get(f"{base}/decision/letter.pdf", headers=caseworker)
    assert document.headers["content-type"] == "application/pdf"
    assert document.content.startswith(b"%PDF-")
    assert hashlib.sha256(document.content).hexdigest() == decision["letter_sha256"]
    text = pdf_text(document.content)
    assert DECISION["decision"] in text and "Klagefrist: 4 uger fra du har modtaget afgørelsen" in text

    # Stored: encrypted at rest, the PDF exactly as served.
    (row,) = await raw_rows(referrals_app, "assessment_decisions")
    assert row["reference"] == decision["reference"] and row["outcome"] == "granted"
    for column in ("letter_html", "letter_pdf", "decision_text", "reasons", "facts", "hearing"):
        assert "Testa" not in row[column] and "hjemmevejledning" not in row[column].lower(), column
    assert not row["letter_pdf"].startswith("%PDF")

    # Sent through the outbox after the commit, with channel, time and receipt recorded.
    (sent,) = channel.sent
    assert sent.pdf == document.content and sent.reference == decision["reference"]
    assert "Testa" not in sent.subject
    (queued,) = await raw_rows(referrals_app, "outbox_letters")
    assert (queued["status"], queued["channel"], queued["receipt"]) == (
        "sent",
        "print",
        f"spool-{queued['id']}",
    )
    assert queued["sent_at"] is not None
    shown = (await client.get(f"{base}/decision", headers=caseworker)).json()
    assert shown["deliveries"][0]["status"] == "sent"


async def test_a_later_decision_is_a_new_letter_naming_the_one_it_replaces(
    client: httpx.AsyncClient, caseworker: dict[str, str], channel: RecordingChannel
) -> None:
    case_id, referral_id, _ = await referred(client, caseworker)
    base = f"/v1/cases/{case_id}/referrals/{referral_id}"
    first = (
        await client.post(f"{base}/decision", json={**DECISION, "outcome": "refused"}, headers=caseworker)
    ).json()
    first_letter = (await client.get(f"{base}/decision/letter.pdf", headers=caseworker)).content
    again = await client.post(f"{base}/decision", json=DECISION, headers=caseworker)
    assert again.status_code == 409
    assert again.json()["errors"][0]["msg"] == "referral_already_decided"
    wrong = await client.post(
        f"{base}/decision", json={**DECISION, "corrects": first["id"] + 99}, headers=caseworker
    )
    assert wrong.json()["errors"][0]["msg"] == "correction_of_unknown_decision"

    second = await client.post(
        f"{base}/decision", json={**DECISION, "corrects": first["id"]}, headers=caseworker
    )
    assert second.status_code == 201
    assert second.json()["corrects_id"] == first["id"]
    current = await client.get(f"{base}/decision/letter", headers=caseworker)
    assert f"erstatter afgørelse {first['reference']}" in current.text
    # The first letter is kept exactly as it was made and sent.
    earlier = await client.get(f"{base}/decisions/{first['id']}/letter.pdf", headers=caseworker)
    assert earlier.content == first_letter
    history = (await client.get(f"{base}/decisions", headers=caseworker)).json()
    assert [d["outcome"] for d in history] == ["refused", "granted"]
    assert history[0]["corrected_by"] == second.json()["id"]
    assert len(channel.sent) == 2


async def test_an_assessed_offer_starts_only_once_granted(
    client: httpx.AsyncClient, caseworker: dict[str, str], channel: RecordingChannel
) -> None:
    case_id, referral_id, _ = await referred(client, caseworker)
    status = f"/v1/cases/{case_id}/referrals/{referral_id}/status"
    assert (await client.put(status, json={"status": "accepted"}, headers=caseworker)).status_code == 200
    early = await client.put(status, json={"status": "started"}, headers=caseworker)
    assert early.status_code == 409 and early.json()["errors"][0]["msg"] == "assessment_decision_required"
    base = f"/v1/cases/{case_id}/referrals/{referral_id}"
    refused = (
        await client.post(f"{base}/decision", json={**DECISION, "outcome": "refused"}, headers=caseworker)
    ).json()
    assert (await client.put(status, json={"status": "started"}, headers=caseworker)).status_code == 409
    partly = {**DECISION, "outcome": "partly_granted", "corrects": refused["id"]}
    assert (await client.post(f"{base}/decision", json=partly, headers=caseworker)).status_code == 201
    assert "delvist bevilget" in (await client.get(f"{base}/decision/letter", headers=caseworker)).text
    assert (await client.put(status, json={"status": "started"}, headers=caseworker)).status_code == 200


async def test_an_offer_without_assessment_has_no_decision(
    client: httpx.AsyncClient, caseworker: dict[str, str], channel: RecordingChannel
) -> None:
    case_id, referral_id, _ = await referred(client, caseworker, assessed=False)
    base = f"/v1/cases/{case_id}/referrals/{referral_id}"
    refused = await client.post(f"{base}/decision", json=DECISION, headers=caseworker)
    assert refused.status_code == 409 and refused.json()["errors"][0]["msg"] == "offer_needs_no_assessment"
    assert (await client.get(f"{base}/decision/letter", headers=caseworker)).status_code == 404
    status = f"/v1/cases/{case_id}/referrals/{referral_id}/status"
    for target in ("accepted", "started"):
        assert (await client.put(status, json={"status": target}, headers=caseworker)).status_code == 200
    assert channel.sent == []


@pytest.mark.parametrize("missing", ["reasons", "facts", "hearing", "decision", "outcome"])
async def test_a_decision_without_reasons_facts_or_hearing_is_refused(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI, missing: str
) -> None:
    case_id, referral_id, _ = await referred(client, caseworker)
    body = {k: v for k, v in DECISION.items() if k != missing}
    response = await client.post(
        f"/v1/cases/{case_id}/referrals/{referral_id}/decision", json=body, headers=caseworker
    )
    assert response.status_code == 422
    assert await raw_rows(referrals_app, "assessment_decisions") == []


async def test_an_english_letter_on_request(
    client: httpx.AsyncClient, caseworker: dict[str, str], channel: RecordingChannel
) -> None:
    case_id, referral_id, offer = await referred(client, caseworker)
    base = f"/v1/cases/{case_id}/referrals/{referral_id}"
    made = await client.post(f"{base}/decision", json={**DECISION, "language": "en"}, headers=caseworker)
    assert made.status_code == 201
    letter = (await client.get(f"{base}/decision/letter", headers=caseworker)).text
    assert f"You are granted the offer: {offer['name_en']}." in letter
    assert "How to complain" in letter and "Ankestyrelsen" in letter
    assert '<html lang="en">' in letter
    assert channel.sent[0].subject.startswith("Decision ")


async def test_a_letter_left_pending_is_sent_later_and_the_spool_names_no_one(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI, tmp_path: Path
) -> None:
    """With the real print channel: a failed send leaves the letter pending; the next delivery sends it."""
    from services.kit.outbox import PrintChannel
    from services.referrals import outbox

    state = state_of(referrals_app, ReferralsState)

    class Failing:
        name = "print"

        async def send(self, letter: OutgoingLetter) -> Delivery:
            raise OSError("printer spool unavailable")

    real, state.letter_channel = state.letter_channel, Failing()  # type: ignore[assignment]
    try:
        case_id, referral_id, _ = await referred(client, caseworker)
        made = await client.post(
            f"/v1/cases/{case_id}/referrals/{referral_id}/decision", json=DECISION, headers=caseworker
        )
        assert made.status_code == 201
        (queued,) = await raw_rows(referrals_app, "outbox_letters")
        assert (queued["status"], queued["attempts"], queued["detail"]) == ("pending", 1, "OSError")
        sent = await outbox.deliver_pending(
            state.session_factory, cipher=state.cipher, channel=PrintChannel(tmp_path)
        )
    finally:
        state.letter_channel = real
    assert sent == 1
    (queued,) = await raw_rows(referrals_app, "outbox_letters")
    assert queued["status"] == "sent" and queued["attempts"] == 2
    ((name, content),) = spooled(tmp_path)
    assert name == queued["receipt"] and made.json()["reference"] in name
    assert content.startswith(b"%PDF-")


def test_the_service_does_not_start_without_complaint_guidance(
    tmp_path: Path, keys: KeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = Path(__file__).resolve().parents[2] / "config" / "municipalities" / "gladsaxe.toml"
    text = source.read_text()
    cut = text.index("[referrals.complaint_guidance.assessed_offer]")
    (tmp_path / "gladsaxe.toml").write_text(text[:cut])
    monkeypatch.setenv("MUNICIPALITY_DIR", str(tmp_path))
    settings = ReferralsSettings(VAR_DIR=str(tmp_path / "var"), JWT_PUBLIC_KEY_FILE=str(keys.public_path))
    with pytest.raises(MunicipalityConfigError, match="assessed_offer"):
        create_app(settings)


def test_the_configured_guidance_is_the_sel_route() -> None:
    import tomllib

    for name in ("gladsaxe", "gentofte"):
        path = Path(__file__).resolve().parents[2] / "config" / "municipalities" / f"{name}.toml"
        section = tomllib.loads(path.read_text())["referrals"]["complaint_guidance"]["assessed_offer"]
        guidance = ComplaintGuidance.model_validate(section)
        assert guidance.deadline_weeks == 4
        assert guidance.legal_basis == "retssikkerhedsloven §§ 66–67"
        assert "Ankestyrelsen" in guidance.text_da and "4 uger" in guidance.text_da


def test_the_new_personal_columns_are_encrypted() -> None:
    columns = encrypted_columns()
    assert set(columns["assessment_decisions"]) == {
        "decision_text",
        "reasons",
        "facts",
        "hearing",
        "letter_html",
        "letter_pdf",
    }
    assert set(columns["disclosures"]) == {"recipient", "information", "consent_scope", "justification"}
    assert columns["care_considerations"] == ["conclusion"]
    assert "outbox_letters" not in columns  # channel, status and receipt only: no personal data


async def test_a_new_key_reads_the_same_letter_and_the_archive_keeps_it(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    admin: dict[str, str],
    referrals_app: FastAPI,
    channel: RecordingChannel,
    tmp_path: Path,
) -> None:
    case_id, referral_id, _ = await referred(client, caseworker)
    base = f"/v1/cases/{case_id}/referrals/{referral_id}"
    decision = (await client.post(f"{base}/decision", json=DECISION, headers=caseworker)).json()
    letter = (await client.get(f"{base}/decision/letter.pdf", headers=caseworker)).content
    state = state_of(referrals_app, ReferralsState)
    old_cipher = state.cipher
    old_keys, lookup = crypto.read_key_file(state.settings.encryption_keys_path)
    key_file = tmp_path / "keys.toml"
    key_file.write_text(crypto.render_key_file(old_keys, lookup, development=True))
    crypto.add_primary_key(key_file)
    try:
        async with process_of(referrals_app).session_factory() as session:
            counts = await rekey.reencrypt(session, cipher=crypto.load_cipher(key_file))
            await session.commit()
        assert counts["assessment_decisions"] == 6
        crypto.retire_old_keys(key_file)
        state.cipher = crypto.load_cipher(key_file)
        # Under the new key alone: the very same letter, byte for byte.
        again = (await client.get(f"{base}/decision/letter.pdf", headers=caseworker)).content
        assert again == letter and hashlib.sha256(again).hexdigest() == decision["letter_sha256"]

        # Retention's archive export carries the letters as they were sent.
        await step(client, caseworker, case_id, "referred")
        await client.put(
            f"/v1/cases/{case_id}/children", json={"children_in_household": "no"}, headers=caseworker
        )
        assert (await step(client, caseworker, case_id, "closed")).status_code == 200
        await execute(
            referrals_app,
            f"UPDATE {table(referrals_app, 'cases')} SET closed_at = :closed WHERE id = :id",  # noqa: S608
            closed=datetime.now(UTC) - timedelta(days=2000),
            id=case_id,
        )
        run = (await client.post("/v1/retention/run", json={}, headers=admin)).json()
        (name,) = run["archive_files"]
        document = json.loads(state.cipher.decrypt_bytes(archived(state.settings.archive_path / name)))
        (kept,) = document["decision_letters"]
        assert kept["reference"] == decision["reference"]
        assert base64.b64decode(kept["pdf_base64"]) == letter
        assert "Klagevejledning" in kept["html"]
        assert await raw_rows(referrals_app, "assessment_decisions") == []
        assert await raw_rows(referrals_app, "outbox_letters") == []
    finally:
        state.cipher = old_cipher


def archived(path: Path) -> bytes:
    return path.read_bytes()
