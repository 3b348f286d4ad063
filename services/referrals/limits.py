"""Limits on what the public may send: request body size, and reports per client in a moving window."""

from fastapi import Request
from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.kit.errors import AppError

MAX_BODY_BYTES = 128 * 1024


class TooManyReports(AppError):
    status = 429
    title = "Too many reports"


class BodySizeLimit:
    """Refuse bodies above `max_bytes` with 413 before the app parses them, declared length or not."""

    def __init__(self, app: ASGIApp, *, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(send)
            return
        messages: list[Message] = []
        size = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                await self._refuse(send)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        body = (
            b'{"type":"about:blank","title":"Payload too large","status":413,'
            b'"detail":"The request body is larger than this service accepts."}'
        )
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/problem+json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class ReportThrottle:
    """Public reports and follow-ups per client address, in a moving window (the gateway has its own)."""

    def __init__(self, per_window: int, window_seconds: int) -> None:
        self._limit = RateLimitItemPerSecond(per_window, window_seconds)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def hit(self, request: Request) -> None:
        if not self._limiter.hit(self._limit, "client", client_key(request)):
            raise TooManyReports("Too many reports from here in a short time. Try again later, or call us.")


def client_key(request: Request) -> str:
    # Behind the gateway the caller is the gateway; it names the browser's address in X-Forwarded-For.
    forwarded = request.headers.get("x-forwarded-for", "").split(",")[0].strip()
    return forwarded or (request.client.host if request.client else "unknown")
