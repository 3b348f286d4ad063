"""The services' list of ended tokens (services/kit/revocation.py): refused by `jti`, and every token
refused once the list is older than CONTRACT § 2's 60 s (fail closed)."""

import asyncio
import time
from pathlib import Path

import pytest

from services.kit.errors import InvalidToken, ServiceUnavailable
from services.kit.revocation import RevocationDocument, RevocationList, RevokedToken, TokenRevoked
from services.kit.settings import CommonSettings, Environment, InsecureConfiguration


class Gateway:
    """A fake list source: answers with `revoked`, or fails while `down`."""

    def __init__(self) -> None:
        self.revoked: list[RevokedToken] = []
        self.down = False
        self.calls = 0

    async def __call__(self) -> RevocationDocument:
        self.calls += 1
        if self.down:
            raise ConnectionError("gateway down")
        return RevocationDocument(revoked=list(self.revoked))


def live(jti: str) -> RevokedToken:
    return RevokedToken(jti=jti, exp=int(time.time()) + 600)


def make(gateway: Gateway, now: list[float]) -> RevocationList:
    return RevocationList(gateway, refresh_seconds=15, max_age_seconds=60, clock=lambda: now[0])


async def test_a_listed_token_is_refused_and_others_pass() -> None:
    gateway, now = Gateway(), [0.0]
    revocations = make(gateway, now)
    gateway.revoked = [live("ended")]

    assert await revocations.refresh()

    with pytest.raises(TokenRevoked) as refused:
        revocations.check({"jti": "ended"})
    assert isinstance(refused.value, InvalidToken)
    revocations.check({"jti": "still-good"})
    revocations.check({})  # a token without an id cannot be listed


async def test_a_failed_refresh_keeps_the_list_and_it_fails_closed_after_the_maximum_age() -> None:
    gateway, now = Gateway(), [1000.0]
    revocations = make(gateway, now)
    gateway.revoked = [live("ended")]
    task = asyncio.create_task(revocations.poll())
    await asyncio.sleep(0)  # the first refresh
    try:
        gateway.down = True
        assert not await revocations.refresh()
        with pytest.raises(TokenRevoked):
            revocations.check({"jti": "ended"})

        now[0] += 60  # exactly the maximum age: still trusted
        revocations.check({"jti": "good"})
        now[0] += 1  # beyond it: nobody can tell what ended
        with pytest.raises(ServiceUnavailable):
            revocations.check({"jti": "good"})

        gateway.down = False
        assert await revocations.refresh()
        revocations.check({"jti": "good"})
    finally:
        task.cancel()


async def test_never_reaching_the_gateway_fails_closed_from_the_start_of_polling() -> None:
    gateway, now = Gateway(), [0.0]
    gateway.down = True
    revocations = make(gateway, now)
    task = asyncio.create_task(revocations.poll())
    await asyncio.sleep(0)
    try:
        revocations.check({"jti": "x"})
        now[0] += 61
        with pytest.raises(ServiceUnavailable) as refused:
            revocations.check({"jti": "x"})
        # A 503 says when to come back: at the next attempt to fetch the list.
        assert refused.value.headers == {"Retry-After": "15"}
    finally:
        task.cancel()


async def test_polling_refreshes_at_the_interval() -> None:
    gateway = Gateway()
    revocations = RevocationList(gateway, refresh_seconds=0.05, max_age_seconds=60)
    task = asyncio.create_task(revocations.poll())
    try:
        await asyncio.sleep(0.01)
        revocations.check({"jti": "later"})
        gateway.revoked = [live("later")]
        await asyncio.sleep(0.1)
        with pytest.raises(TokenRevoked):
            revocations.check({"jti": "later"})
    finally:
        task.cancel()
    assert gateway.calls >= 2


async def test_expired_tokens_leave_the_list() -> None:
    gateway, now = Gateway(), [0.0]
    gateway.revoked = [RevokedToken(jti="old", exp=int(time.time()) - 3600)]
    revocations = make(gateway, now)
    await revocations.refresh()
    revocations.check({"jti": "old"})  # its own expiry refuses it already


def test_the_list_is_on_by_default_and_production_refuses_it_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert CommonSettings().revocation_list_url == "http://127.0.0.1:8000/auth/revocations"
    monkeypatch.setenv("REVOCATION_LIST_URL", "")
    assert CommonSettings().revocation_list_url is None
    key = tmp_path / "public.pem"
    key.write_text("-----BEGIN PUBLIC KEY-----\n")
    monkeypatch.setenv("JWT_PUBLIC_KEY_FILE", str(key))
    monkeypatch.setenv("APP_ENV", Environment.PRODUCTION.value)
    with pytest.raises(InsecureConfiguration, match="REVOCATION_LIST_URL"):
        CommonSettings(database_url="postgresql://x@db/kommune")
    monkeypatch.setenv("REVOCATION_LIST_URL", "http://gateway:8000/auth/revocations")
    assert CommonSettings(database_url="postgresql://x@db/kommune").is_production
    monkeypatch.setenv("REVOCATION_MAX_AGE_SECONDS", "61")
    with pytest.raises(ValueError, match="less than or equal to 60"):
        CommonSettings(database_url="postgresql://x@db/kommune")
