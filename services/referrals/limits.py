"""Limits on what the public may send: request body size (the kit counts it), and reports per client."""

from fastapi import Request
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from services.kit.addresses import client_address, networks
from services.kit.errors import AppError

# Every request to this service is a form or a case note: nothing near this size is legitimate.
MAX_BODY_BYTES = 128 * 1024


class TooManyReports(AppError):
    status = 429
    title = "Too many reports"


class ReportThrottle:
    """Public reports and follow-ups per client address, in a moving window (the gateway has its own)."""

    def __init__(self, per_window: int, window_seconds: int) -> None:
        self._limit = RateLimitItemPerSecond(per_window, window_seconds)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, request: Request) -> None:
        if not self._limiter.hit(self._limit, "client", client_key(request)):
            raise TooManyReports("Too many reports from here in a short time. Try again later, or call us.")


def client_key(request: Request) -> str:
    # Behind the gateway the peer is the gateway, which names the browser's address in X-Forwarded-For;
    # a direct caller's own header is not believed.
    return client_address(request, networks(request.app.state.settings.trusted_proxies))
