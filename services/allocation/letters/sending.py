"""The outbox's send step: every queued letter goes to the configured channel, and what happened is recorded
(channel, receipt, when). It runs in the periodic pass (scheduler.py), in the pass's transaction, so that a
letter is sent by one replica only (its row is locked while it is sent, and skipped by the others).

A channel that refuses a letter (Digital Post without a recipient) fails it for good: the officer sees it
and sends it another way. A channel that raises (the adapter is down) leaves it queued for the next pass,
up to MAX_ATTEMPTS. A crash after the channel took a letter but before the commit sends it again on the
next pass: letters go out at least once, never silently not at all.
"""

import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.config import LetterConfig
from services.allocation.models import DecisionLetterRecord, LetterDelivery
from services.allocation.rules.statuses import DeliveryStatus
from services.kit.db import utcnow
from services.kit.municipality import MunicipalityConfigError
from services.kit.outbox import (
    Channel,
    DigitalPostAdapter,
    DigitalPostChannel,
    OutgoingLetter,
    PrintChannel,
    RecordingDigitalPost,
)

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
BATCH = 50


def spool_dir(var_dir: Path) -> Path:
    """Where the print channel leaves each letter's PDF for the print service to collect."""
    return var_dir / "print-spool" / "allocation"


def channel_for(
    config: LetterConfig, *, var_dir: Path, adapter: DigitalPostAdapter | None, production: bool
) -> Channel:
    """The configured channel. Digital Post needs the municipality's adapter; outside production the
    recording double stands in for it, in production its absence stops the process at start."""
    if config.channel == "print":
        return PrintChannel(spool_dir(var_dir))
    if adapter is None:
        if production:
            raise MunicipalityConfigError(
                '[allocation.letters] channel = "digital_post" needs the municipality\'s Digital Post '
                'adapter, and none is installed; use "print" until it is'
            )
        adapter = RecordingDigitalPost()
    return DigitalPostChannel(adapter)


async def send_queued(session: AsyncSession, *, channel: Channel) -> list[int]:
    """Send a batch of queued letters; returns the ids of the outbox rows sent."""
    rows = list(
        await session.scalars(
            select(LetterDelivery)
            .where(LetterDelivery.status == DeliveryStatus.QUEUED)
            .order_by(LetterDelivery.id)
            .limit(BATCH)
            .with_for_update(skip_locked=True)
        )
    )
    sent: list[int] = []
    for delivery in rows:
        letter = await session.get(DecisionLetterRecord, delivery.letter_id)
        assert letter is not None  # a foreign key
        outgoing = OutgoingLetter(
            letter_id=letter.id,
            reference=letter.reference,
            subject=letter.content["subject"],
            pdf=letter.pdf,
            recipient=letter.content.get("recipient"),
        )
        delivery.attempts += 1
        delivery.attempted_at = utcnow()
        delivery.channel = channel.name
        try:
            result = await channel.send(outgoing)
        except Exception as exc:  # the channel's trouble is the letter's, never the pass's
            # The class only: an adapter's message may quote the recipient.
            delivery.detail = f"attempt {delivery.attempts} failed: {type(exc).__name__}"
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
            log.warning("letter %s not sent by %s: %s", letter.id, channel.name, type(exc).__name__)
            continue
        delivery.receipt = result.receipt or None
        delivery.detail = result.detail
        if result.accepted:
            delivery.status = DeliveryStatus.SENT
            delivery.sent_at = result.at
            sent.append(delivery.id)
        else:
            delivery.status = DeliveryStatus.FAILED
    await session.flush()
    return sent
