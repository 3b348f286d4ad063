"""Issued and ended tokens in the gateway's database: the shared store behind `GET /auth/revocations`.

Every gateway replica writes here and reads from here, so a log-out at one replica is known to the others
and to every service (CONTRACT § 2). Only token ids, subjects and times are kept, never a token.
"""

import time
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.models import IssuedToken
from services.kit.revocation import EXPIRY_LEEWAY_SECONDS, RevokedToken


def _now() -> int:
    return int(time.time())


async def remember(session: AsyncSession, claims: dict[str, Any]) -> None:
    """Record a token just issued, and forget the ones that have expired (nobody can use them)."""
    await session.execute(delete(IssuedToken).where(IssuedToken.expires_at < _now() - EXPIRY_LEEWAY_SECONDS))
    session.add(IssuedToken(jti=claims["jti"], subject=claims["sub"], expires_at=int(claims["exp"])))
    await session.flush()


async def end_token(session: AsyncSession, jti: str) -> None:
    """Log-out: this one token ends."""
    await session.execute(
        update(IssuedToken)
        .where(IssuedToken.jti == jti, IssuedToken.ended_at.is_(None))
        .values(ended_at=_now())
    )


async def end_subject(session: AsyncSession, subject: str) -> None:
    """Deactivation or a new password: every live token of `subject` ends."""
    await session.execute(
        update(IssuedToken)
        .where(
            IssuedToken.subject == subject,
            IssuedToken.ended_at.is_(None),
            IssuedToken.expires_at >= _now() - EXPIRY_LEEWAY_SECONDS,
        )
        .values(ended_at=_now())
    )


async def ended_tokens(session: AsyncSession) -> list[RevokedToken]:
    """The ended tokens that could still pass a verifier's expiry check."""
    rows = await session.execute(
        select(IssuedToken.jti, IssuedToken.expires_at)
        .where(IssuedToken.ended_at.is_not(None), IssuedToken.expires_at >= _now() - EXPIRY_LEEWAY_SECONDS)
        .order_by(IssuedToken.expires_at)
    )
    return [RevokedToken(jti=jti, exp=exp) for jti, exp in rows]
