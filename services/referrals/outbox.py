"""The outbox of decision letters: each letter is queued with its decision, in the same transaction, and
sent by the configured channel (kit outbox: print by default, Digital Post through an adapter) once that
transaction has committed. The outbox records what was sent, when, by which channel and with which receipt
(DOMAIN § 6.7). A letter still pending after a crash is sent by the next delivery (at start, or after the
next decision), so none is lost and none is sent for a decision that was rolled back.
"""

import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services.kit.outbox import Channel, OutgoingLetter
from services.referrals.crypto import Cipher
from services.referrals.models import AssessmentDecision, OutboxLetter

log = logging.getLogger(__name__)
PENDING, SENT, REFUSED = "pending", "sent", "refused"
# A channel that refuses a letter (e.g. Digital Post without a recipient) is not asked again and again.
MAX_ATTEMPTS = 5


async def deliver_pending(
    factory: async_sessionmaker[AsyncSession], *, cipher: Cipher, channel: Channel, limit: int = 50
) -> int:
    """Send the letters waiting for `channel`, oldest first; returns how many were accepted.

    Each row is locked while it is sent (FOR UPDATE SKIP LOCKED on PostgreSQL), so two replicas never
    send the same letter; SQLite has one writer and needs no lock.
    """
    sent = 0
    async with factory() as session:
        rows = (
            await session.scalars(
                select(OutboxLetter)
                .where(OutboxLetter.status == PENDING, OutboxLetter.channel == channel.name)
                .order_by(OutboxLetter.id)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
        ).all()
        for row in rows:
            decision = await session.get_one(AssessmentDecision, row.decision_id)
            # The subject names the letter, never what it is about: a channel may show it outside.
            word = "Afgørelse" if decision.language == "da" else "Decision"
            outgoing = OutgoingLetter(
                letter_id=row.id,
                reference=decision.reference,
                subject=f"{word} {decision.reference}",
                pdf=cipher.decrypt_bytes(decision.letter_pdf.encode()),
            )
            row.attempts += 1
            try:
                delivery = await channel.send(outgoing)
            except Exception as exc:  # a channel failing must not lose the letter: it stays pending
                log.warning("letter %s not sent by %s: %s", row.id, channel.name, type(exc).__name__)
                row.detail = type(exc).__name__
                continue
            row.detail = delivery.detail[:500] or None
            if delivery.accepted:
                row.status, row.sent_at, row.receipt = SENT, delivery.at, delivery.receipt[:255]
                sent += 1
            elif row.attempts >= MAX_ATTEMPTS:
                row.status = REFUSED
        await session.commit()
    return sent
