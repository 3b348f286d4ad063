"""The letters' outbox (DOMAIN § 6.7): each Danish letter is queued with its decision and sent by the
periodic pass through the configured channel – print to the spool, or Digital Post through the
municipality's adapter (here its recording double) – and what was sent, when and how is recorded. A
configuration without complaint guidance for a decision type, or with Digital Post but no adapter in
production, does not start."""

from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from services.allocation import scheduler
from services.allocation.config import AllocationSettings, LetterConfig
from services.allocation.letters import sending
from services.allocation.main import create_app
from services.allocation.state import AllocationState
from services.kit.municipality import DEFAULT_DIR, MunicipalityConfigError
from services.kit.outbox import DigitalPostChannel, OutgoingLetter, RecordingDigitalPost
from services.kit.state import state_of
from tests.allocation.factories import FakeCategorisation, ok
from tests.allocation.letter_factories import APPLICANT, acute_decision, dispensation_decision, letters_of
from tests.support import KeyPair


async def test_print_spools_the_letter_and_the_delivery_is_recorded(
    client: httpx.AsyncClient, officer: dict[str, str], allocation_app: FastAPI
) -> None:
    decision = await acute_decision(client, officer)
    [danish, english] = await letters_of(client, officer, "acute_housing", decision["id"])
    # Queued with the decision, on the configured channel; the English letter is for whoever asks.
    assert [(d["channel"], d["status"], d["attempts"]) for d in danish["deliveries"]] == [
        ("print", "queued", 0)
    ]
    assert english["deliveries"] == []

    result = await scheduler.run_once(allocation_app)

    sent = await ok(await client.get(f"/v1/letters/{danish['id']}", headers=officer))
    [delivery] = sent["deliveries"]
    assert result.letters_sent and (delivery["status"], delivery["channel"]) == ("sent", "print")
    assert delivery["sent_at"] and delivery["attempts"] == 1
    spooled = (
        sending.spool_dir(state_of(allocation_app, AllocationState).settings.var_dir) / delivery["receipt"]
    )
    pdf = await client.get(f"/v1/acute-applications/{decision['id']}/letter.pdf", headers=officer)
    assert spooled.read_bytes() == pdf.content
    # The file is named by the reference, never by the person.
    assert decision["reference"] in spooled.name and "Åse" not in spooled.name
    # Sent once: the next pass has nothing to send.
    assert (await scheduler.run_once(allocation_app)).letters_sent == []


async def test_digital_post_gets_the_stored_pdf_for_the_named_recipient(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    allocation_app: FastAPI,
) -> None:
    double = RecordingDigitalPost()
    state = state_of(allocation_app, AllocationState)
    state.letter_channel = sending.channel_for(
        LetterConfig(channel="digital_post"), var_dir=state.settings.var_dir, adapter=double, production=True
    )
    decision = await acute_decision(client, officer)
    made = await dispensation_decision(client, officer, org_a, fake_categorisation)

    await scheduler.run_once(allocation_app)

    pdf = (await client.get(f"/v1/acute-applications/{decision['id']}/letter.pdf", headers=officer)).content
    assert double.delivered == [
        {
            "recipient": APPLICANT,
            "subject": "Afgørelse om akut boliganvisning",
            "pdf": pdf,
            "reference": decision["reference"],
        }
    ]
    [acute_letter, _] = await letters_of(client, officer, "acute_housing", decision["id"])
    assert [(d["channel"], d["status"], d["receipt"]) for d in acute_letter["deliveries"]] == [
        ("digital_post", "sent", "dp-1")
    ]
    # The dispensation names nobody, so Digital Post cannot take it: it fails, visibly, for good.
    [dispensation_letter, _] = await letters_of(client, officer, "dispensation", made["id"])
    [failed] = dispensation_letter["deliveries"]
    assert (failed["status"], failed["detail"]) == ("failed", "no recipient for Digital Post")
    await scheduler.run_once(allocation_app)
    assert len(double.delivered) == 1


@dataclass
class Broken:
    """A channel whose service is down: it raises, as an adapter would on a timeout."""

    name: str = "digital_post"
    calls: int = 0

    async def send(self, letter: OutgoingLetter) -> object:
        self.calls += 1
        raise TimeoutError(f"no answer for {letter.recipient}")


async def test_a_channel_that_fails_leaves_the_letter_queued_then_gives_up(
    client: httpx.AsyncClient, officer: dict[str, str], allocation_app: FastAPI
) -> None:
    broken = Broken()
    state = state_of(allocation_app, AllocationState)
    state.letter_channel = broken  # type: ignore[assignment]
    decision = await acute_decision(client, officer)

    await scheduler.run_once(allocation_app)

    [letter, _] = await letters_of(client, officer, "acute_housing", decision["id"])
    [delivery] = letter["deliveries"]
    assert (delivery["status"], delivery["attempts"]) == ("queued", 1)
    # What went wrong, without what the adapter's message said about the person.
    assert delivery["detail"] == "attempt 1 failed: TimeoutError" and APPLICANT not in delivery["detail"]
    for _ in range(sending.MAX_ATTEMPTS - 1):
        await scheduler.run_once(allocation_app)
    [letter, _] = await letters_of(client, officer, "acute_housing", decision["id"])
    assert (letter["deliveries"][0]["status"], broken.calls) == ("failed", sending.MAX_ATTEMPTS)
    # A working channel later does not resend a letter given up on: the officer sends it another way.
    state.letter_channel = DigitalPostChannel(RecordingDigitalPost())
    assert (await scheduler.run_once(allocation_app)).letters_sent == []


# --- start-up: the configuration ------------------------------------------------------------------


def _configured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str = "", new: str = "") -> None:
    """A copy of Gladsaxe's file with `old` replaced by `new`, as the process's configuration."""
    text = (DEFAULT_DIR / "gladsaxe.toml").read_text(encoding="utf-8")
    if old:
        assert text.count(old) == 1, old
    (tmp_path / "config").mkdir(exist_ok=True)
    (tmp_path / "config" / "gladsaxe.toml").write_text(text.replace(old, new), encoding="utf-8")
    monkeypatch.setenv("MUNICIPALITY", "gladsaxe")
    monkeypatch.setenv("MUNICIPALITY_DIR", str(tmp_path / "config"))


def _settings(keys: KeyPair, tmp_path: Path, **extra: object) -> AllocationSettings:
    return AllocationSettings(
        database_url=f"sqlite:///{tmp_path / 'allocation.db'}",
        VAR_DIR=str(tmp_path),
        JWT_PUBLIC_KEY_FILE=str(keys.public_path),
        **extra,
    )


@pytest.mark.parametrize(
    "decision_type", ["acute_housing", "municipal_offer", "offer_withdrawal", "dispensation"]
)
def test_a_configuration_without_guidance_for_a_decision_type_refuses_to_start(
    keys: KeyPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, decision_type: str
) -> None:
    _configured(tmp_path, monkeypatch)
    path = tmp_path / "config" / "gladsaxe.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"[allocation.complaint_guidance.{decision_type}]")
    end = text.index("\n[", start)  # the next table
    path.write_text(text[:start] + text[end + 1 :], encoding="utf-8")

    with pytest.raises(
        MunicipalityConfigError, match=rf"no guidance for the decision type\(s\) {decision_type}"
    ):
        create_app(_settings(keys, tmp_path))


def test_the_unchanged_configuration_starts_with_print(
    keys: KeyPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The control for the refusal above: the same copy, untouched, starts.
    _configured(tmp_path, monkeypatch)
    app = create_app(_settings(keys, tmp_path))
    assert state_of(app, AllocationState).letter_channel.name == "print"


def test_guidance_for_a_decision_the_service_does_not_make_is_refused(
    keys: KeyPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _configured(
        tmp_path,
        monkeypatch,
        "[allocation.complaint_guidance.dispensation]",
        '[allocation.complaint_guidance.eviction]\nlegal_basis = "x"\ntext_da = "x"\ntext_en = "x"\n'
        "[allocation.complaint_guidance.dispensation]",
    )
    with pytest.raises(MunicipalityConfigError, match="eviction"):
        create_app(_settings(keys, tmp_path))


def test_digital_post_uses_the_municipalitys_adapter_and_needs_one_in_production(
    keys: KeyPair, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _configured(tmp_path, monkeypatch, 'channel = "print"', 'channel = "digital_post"')
    adapter = RecordingDigitalPost()
    app = create_app(_settings(keys, tmp_path), digital_post=adapter)
    channel = state_of(app, AllocationState).letter_channel
    assert isinstance(channel, DigitalPostChannel) and channel._adapter is adapter
    # Without an adapter: the recording double in development, a refusal to start in production.
    assert (
        state_of(create_app(_settings(keys, tmp_path)), AllocationState).letter_channel.name == "digital_post"
    )
    with pytest.raises(MunicipalityConfigError, match="Digital Post adapter"):
        sending.channel_for(
            state_of(app, AllocationState).config.letters, var_dir=tmp_path, adapter=None, production=True
        )
