"""How letters leave the municipality: a channel per way of sending, behind one interface.

The outbox of a service records each letter to send; a channel sends it and says how it went. Digital Post
(the national NgDP service) is reached through an adapter that a municipality plugs in with its own
agreement and certificate; nothing here calls it, and the test double stands in for it. Print writes the
PDF to a spool directory that the print service collects.
"""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from services.kit.clock import now


@dataclass(frozen=True)
class OutgoingLetter:
    """One letter to send: who it is for (as the channel addresses them), and the stored PDF."""

    letter_id: int
    reference: str
    subject: str
    pdf: bytes
    recipient: str | None = None


@dataclass(frozen=True)
class Delivery:
    """What a channel reports: accepted for delivery or not, its own receipt id, and when."""

    channel: str
    accepted: bool
    receipt: str
    at: datetime
    detail: str = ""


class Channel(Protocol):
    name: str

    async def send(self, letter: OutgoingLetter) -> Delivery: ...


class DigitalPostAdapter(Protocol):
    """The municipality's connection to Digital Post: send a PDF to a recipient, get the message id."""

    async def deliver(self, *, recipient: str, subject: str, pdf: bytes, reference: str) -> str: ...


class DigitalPostChannel:
    """Digital Post through the municipality's adapter; a letter without a recipient cannot go this way."""

    name = "digital_post"

    def __init__(self, adapter: DigitalPostAdapter) -> None:
        self._adapter = adapter

    async def send(self, letter: OutgoingLetter) -> Delivery:
        if not letter.recipient:
            return Delivery(self.name, False, "", now(), "no recipient for Digital Post")
        message_id = await self._adapter.deliver(
            recipient=letter.recipient, subject=letter.subject, pdf=letter.pdf, reference=letter.reference
        )
        return Delivery(self.name, True, message_id, now())


@dataclass
class RecordingDigitalPost:
    """The test double of the Digital Post adapter (and the demo's): keeps what it was given."""

    delivered: list[dict[str, object]] = field(default_factory=list)

    async def deliver(self, *, recipient: str, subject: str, pdf: bytes, reference: str) -> str:
        message: dict[str, object] = {
            "recipient": recipient,
            "subject": subject,
            "pdf": pdf,
            "reference": reference,
        }
        self.delivered.append(message)
        return f"dp-{len(self.delivered)}"


class PrintChannel:
    """Writes each letter's PDF to the print spool directory, named by its reference (no personal data)."""

    name = "print"

    def __init__(self, spool: Path) -> None:
        self._spool = spool

    async def send(self, letter: OutgoingLetter) -> Delivery:
        self._spool.mkdir(parents=True, exist_ok=True)
        path = self._spool / f"{letter.reference}-{letter.letter_id}.pdf"
        path.write_bytes(letter.pdf)
        return Delivery(self.name, True, path.name, now())
