"""Login throttling: failed attempts per name and address, in a moving window."""

import logging

from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from services.kit.errors import AppError

log = logging.getLogger(__name__)


class TooManyAttempts(AppError):
    status = 429
    title = "Too many attempts"


class LoginThrottle:
    """Counts failures only, so a person who types correctly is never slowed down."""

    def __init__(self, attempts: int, window_seconds: int) -> None:
        self._limit = RateLimitItemPerSecond(attempts, window_seconds)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self.window_seconds = window_seconds

    def _keys(self, name: str, address: str) -> list[str]:
        # Per name (guessing one account from many places) and per name+address.
        return [f"name:{name.strip().lower()}", f"pair:{name.strip().lower()}:{address}"]

    def check(self, name: str, address: str) -> None:
        """Raise TooManyAttempts while the name is locked out."""
        if not all(self._limiter.test(self._limit, key) for key in self._keys(name, address)):
            log.warning("login refused while locked out: %r from %s", name[:64], address)
            raise TooManyAttempts("Too many failed attempts. Wait a few minutes and try again.")

    def failed(self, name: str, address: str) -> None:
        for key in self._keys(name, address):
            self._limiter.hit(self._limit, key)
