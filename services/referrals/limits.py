"""Limits on what the public may send: request body size (the kit counts it), and reports per client."""

from fastapi import Request
from limits.aio.storage import Storage

from services.kit import ratelimit
from services.kit.addresses import client_address, networks
from services.kit.errors import AppError
from services.kit.ratelimit import Throttle
from services.kit.state import process_of

# Every request to this service is a form or a case note: nothing near this size is legitimate.
MAX_BODY_BYTES = 128 * 1024


class TooManyReports(AppError):
    status = 429
    title = "Too many reports"


class ReportThrottle:
    """Public reports and follow-ups per client address, in a moving window shared by the replicas."""

    def __init__(self, per_window: int, window_seconds: int, store: Storage | None = None) -> None:
        self._throttle = Throttle(
            store or ratelimit.storage(),
            namespace="referrals-reports",
            per_window=per_window,
            window_seconds=window_seconds,
        )

    async def hit(self, request: Request) -> None:
        key = client_key(request)
        if not await self._throttle.hit(key):
            wait = await self._throttle.retry_after(key)
            minutes = max(1, -(-wait // 60))
            refusal = TooManyReports(
                f"Too many reports from here in a short time. Try again in {minutes} minute(s), or call us."
            )
            refusal.headers["Retry-After"] = str(wait)
            raise refusal


def client_key(request: Request) -> str:
    # Behind the gateway the peer is the gateway, which names the browser's address in X-Forwarded-For;
    # a direct caller's own header is not believed.
    return client_address(request, networks(process_of(request).settings.trusted_proxies))
