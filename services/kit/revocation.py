"""Ended tokens at the services: a session that ended is refused within 60 s (CONTRACT § 2).

Tokens are self-contained, so a service would accept a copy of a logged-out or deactivated person's token
until it expires. The gateway keeps every token it issued (by `jti`) and publishes the ones that ended at
`GET /auth/revocations`; each service polls that list every `REVOCATION_REFRESH_SECONDS` and refuses
those tokens. If the list cannot be refreshed for `REVOCATION_MAX_AGE_SECONDS`, the service cannot know
what ended, so it refuses every token (503) until the list answers again: failing closed keeps the 60 s
promise (docs/security.md, "Ending a session at the services").
"""

import asyncio
import contextlib
import logging
import math
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from pydantic import BaseModel

from services.kit.errors import InvalidToken, ServiceUnavailable

log = logging.getLogger(__name__)
# A token stays on the list a little past its `exp`: the verifiers allow this much clock skew.
EXPIRY_LEEWAY_SECONDS = 60


class RevokedToken(BaseModel):
    jti: str
    exp: int


class RevocationDocument(BaseModel):
    """The body of `GET /auth/revocations`: ended tokens that have not expired yet, by `jti` only."""

    revoked: list[RevokedToken]


RevocationSource = Callable[[], Awaitable[RevocationDocument]]


class TokenRevoked(InvalidToken):
    title = "Token revoked"


class RevocationsUnknown(ServiceUnavailable):
    title = "Revocation list unavailable"


def http_source(url: str, client: httpx.AsyncClient) -> RevocationSource:
    """The gateway's list over HTTP (any gateway replica answers it from the shared database)."""

    async def fetch() -> RevocationDocument:
        response = await client.get(url)
        response.raise_for_status()
        return RevocationDocument.model_validate_json(response.content)

    return fetch


class RevocationList:
    """The ended tokens this process refuses, refreshed from `source` every `refresh_seconds`."""

    def __init__(
        self,
        source: RevocationSource,
        *,
        refresh_seconds: float,
        max_age_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        close: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.source = source
        self._close = close
        self.refresh_seconds = refresh_seconds
        self.max_age_seconds = max_age_seconds
        self._clock = clock
        self._ended: dict[str, int] = {}
        self._fresh_at: float | None = None
        self._polling_since: float | None = None

    async def close(self) -> None:
        if self._close is not None:
            await self._close()

    async def refresh(self) -> bool:
        """Fetch the list once; on failure the previous one stays (and ages)."""
        try:
            document = await self.source()
        except Exception as exc:  # any failure of the gateway or the network: the list only ages
            log.warning("revocation list not refreshed: %s", type(exc).__name__)
            return False
        now = time.time()
        self._ended = {t.jti: t.exp for t in document.revoked if t.exp + EXPIRY_LEEWAY_SECONDS > now}
        self._fresh_at = self._clock()
        return True

    async def poll(self) -> None:
        """Refresh for ever (started with the process, cancelled at shutdown)."""
        self._polling_since = self._clock()
        while True:
            await self.refresh()
            await asyncio.sleep(self.refresh_seconds)

    def check(self, claims: dict[str, Any]) -> None:
        """Raise when the token with these (verified) claims ended, or when nobody can tell."""
        if claims.get("jti") in self._ended:
            log.info("access token refused: revoked")
            raise TokenRevoked("The access token was ended (log-out or deactivation).")
        if self._polling_since is None:
            return  # not polling (a process without a gateway to ask, e.g. an in-process test)
        last = self._fresh_at if self._fresh_at is not None else self._polling_since
        if self._clock() - last > self.max_age_seconds:
            log.warning("access token refused: the revocation list is %.0f s old", self._clock() - last)
            refusal = RevocationsUnknown(
                "The service cannot check whether the access token was ended. Try again shortly."
            )
            # The next poll may bring the list back: come back then (RFC 9110 § 10.2.3).
            refusal.headers["Retry-After"] = str(max(1, math.ceil(self.refresh_seconds)))
            raise refusal


@contextlib.asynccontextmanager
async def polling(revocations: RevocationList | None) -> Any:
    """Poll for as long as the process runs."""
    if revocations is None:
        yield
        return
    task = asyncio.create_task(revocations.poll())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
