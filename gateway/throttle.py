"""Login throttling: failed attempts per name, per address and per name + address, in a moving window.

- Per name + address: guessing one account from one place. Always applies.
- Per name: guessing one account from many places (a lock-out by name).
- Per address: password spraying, one password tried on many names from one place.

A name that has logged in successfully from an address is *known* there: the name lock and the address
limit do not apply to that pair, so an attacker elsewhere cannot lock a person out of their usual place,
and colleagues behind one office address are not slowed by each other's typing errors. The pair limit
still does. Counted in this process's memory (docs/security.md, V6).
"""

import logging
import math
import time
from collections import OrderedDict

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from services.kit.errors import AppError

log = logging.getLogger(__name__)
# How long, and for how many pairs, a successful login makes a name known at an address.
KNOWN_FOR_SECONDS = 30 * 86400
KNOWN_PAIRS = 50_000


class TooManyAttempts(AppError):
    status = 429
    title = "Too many attempts"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


class LoginThrottle:
    """Counts failures only, so a person who types correctly is never slowed down."""

    def __init__(self, attempts: int, window_seconds: int, address_attempts: int | None = None) -> None:
        self._pair = RateLimitItemPerSecond(attempts, window_seconds)
        self._name = self._pair
        self._address = RateLimitItemPerSecond(address_attempts or 2 * attempts, window_seconds)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._known: OrderedDict[tuple[str, str], float] = OrderedDict()
        self.window_seconds = window_seconds

    @staticmethod
    def _normal(name: str) -> str:
        return name.strip().lower()

    def _limits(self, name: str, address: str) -> list[tuple[RateLimitItem, str]]:
        name = self._normal(name)
        keys: list[tuple[RateLimitItem, str]] = [(self._pair, f"pair:{name}:{address}")]
        if not self._is_known(name, address):
            keys += [(self._name, f"name:{name}"), (self._address, f"address:{address}")]
        return keys

    def _is_known(self, name: str, address: str) -> bool:
        since = self._known.get((name, address))
        return since is not None and since + KNOWN_FOR_SECONDS > time.time()

    def _retry_after(self, limit: RateLimitItem, key: str) -> int:
        reset_at, _remaining = self._limiter.get_window_stats(limit, key)
        return max(1, math.ceil(reset_at - time.time()))

    def check(self, name: str, address: str) -> None:
        """Raise TooManyAttempts (with the seconds to wait) while this name or address is held back."""
        tripped = [
            (limit, key) for limit, key in self._limits(name, address) if not self._limiter.test(limit, key)
        ]
        if tripped:
            retry_after = max(self._retry_after(limit, key) for limit, key in tripped)
            kinds = ", ".join(key.split(":", 1)[0] for _limit, key in tripped)
            log.warning("login refused while locked out: %r from %s (%s)", name[:64], address, kinds)
            raise TooManyAttempts(
                "Too many failed attempts. Wait a few minutes and try again.", retry_after=retry_after
            )

    def failed(self, name: str, address: str) -> None:
        name = self._normal(name)
        for limit, key in (
            (self._pair, f"pair:{name}:{address}"),
            (self._name, f"name:{name}"),
            (self._address, f"address:{address}"),
        ):
            self._limiter.hit(limit, key)

    def succeeded(self, name: str, address: str) -> None:
        """The name is known at this address from now on (the oldest pairs are forgotten first)."""
        pair = (self._normal(name), address)
        self._known[pair] = time.time()
        self._known.move_to_end(pair)
        while len(self._known) > KNOWN_PAIRS:
            self._known.popitem(last=False)
