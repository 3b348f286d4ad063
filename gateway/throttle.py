"""Login throttling: failed attempts per name, per address and per name + address, in a moving window.

- Per name + address: guessing one account from one place. Always applies.
- Per name: guessing one account from many places (a lock-out by name).
- Per address: password spraying, one password tried on many names from one place.

A name that has logged in successfully from an address is *known* there: the name lock and the address
limit do not apply to that pair, so an attacker elsewhere cannot lock a person out of their usual place,
and colleagues behind one office address are not slowed by each other's typing errors. The pair limit
still does (docs/security.md, V6).
"""

import logging

from limits.aio.storage import Storage

from services.kit import ratelimit
from services.kit.errors import AppError
from services.kit.ratelimit import Throttle

log = logging.getLogger(__name__)
# How long a successful login makes a name known at an address.
KNOWN_FOR_SECONDS = 30 * 86400


class TooManyAttempts(AppError):
    status = 429
    title = "Too many attempts"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


class LoginThrottle:
    """Counts failures only, so a person who types correctly is never slowed down.

    Counted in the store every gateway replica shares (RATE_LIMIT_STORAGE_URL): a limit tripped through
    one replica holds at the others, and a name known at an address is known to all of them.
    """

    def __init__(
        self,
        attempts: int,
        window_seconds: int,
        address_attempts: int | None = None,
        store: Storage | None = None,
    ) -> None:
        self._store = store or ratelimit.storage()
        self._pair = Throttle(
            self._store, namespace="login-pair", per_window=attempts, window_seconds=window_seconds
        )
        self._name = Throttle(
            self._store, namespace="login-name", per_window=attempts, window_seconds=window_seconds
        )
        self._address = Throttle(
            self._store,
            namespace="login-address",
            per_window=address_attempts or 2 * attempts,
            window_seconds=window_seconds,
        )
        self.window_seconds = window_seconds

    @staticmethod
    def _normal(name: str) -> str:
        return name.strip().lower()

    @staticmethod
    def _known_key(name: str, address: str) -> str:
        return f"login-known/{name}/{address}"

    async def _is_known(self, name: str, address: str) -> bool:
        return await self._store.get(self._known_key(name, address)) > 0

    async def _limits(self, name: str, address: str) -> list[tuple[Throttle, tuple[str, ...]]]:
        name = self._normal(name)
        limits: list[tuple[Throttle, tuple[str, ...]]] = [(self._pair, (name, address))]
        if not await self._is_known(name, address):
            limits += [(self._name, (name,)), (self._address, (address,))]
        return limits

    async def check(self, name: str, address: str) -> None:
        """Raise TooManyAttempts (with the seconds to wait) while this name or address is held back."""
        tripped = [
            (limit, key) for limit, key in await self._limits(name, address) if not await limit.allows(*key)
        ]
        if tripped:
            retry_after = max([await limit.retry_after(*key) for limit, key in tripped])
            kinds = ", ".join(limit.namespace.removeprefix("login-") for limit, _key in tripped)
            log.warning("login refused while locked out: %r from %s (%s)", name[:64], address, kinds)
            raise TooManyAttempts(
                "Too many failed attempts. Wait a few minutes and try again.", retry_after=retry_after
            )

    async def failed(self, name: str, address: str) -> None:
        name = self._normal(name)
        await self._pair.hit(name, address)
        await self._name.hit(name)
        await self._address.hit(address)

    async def succeeded(self, name: str, address: str) -> None:
        """The name is known at this address for the next KNOWN_FOR_SECONDS (renewed at every login)."""
        key = self._known_key(self._normal(name), address)
        await self._store.clear(key)  # a fresh expiry: the store sets it when the key is made
        await self._store.incr(key, KNOWN_FOR_SECONDS)
