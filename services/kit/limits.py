"""Request bodies are counted, never trusted: an oversized body is refused before or while it arrives.

A body is refused at once when its declared Content-Length is too large, and otherwise counted while the app
reads it, chunked or not, so that nothing – the gateway's pass-through included – has to hold a whole body in
memory to learn that it was too large. The middleware buffers nothing itself.
"""

import json
from collections.abc import Sequence

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from services.kit.errors import PROBLEM_JSON, problem_body

BODILESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BodyTooLarge(HTTPException):
    """Raised from `receive` when the body passes its limit; an HTTPException so that FastAPI's body
    parsing passes it on (it turns any other error there into a 400) and the kit renders a 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than {_size(limit)}.")
        self.limit = limit


def _size(limit: int) -> str:
    if limit >= 1024 * 1024 and limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MB"
    return f"{limit // 1024} KB" if limit % 1024 == 0 else f"{limit} bytes"


class BodySizeLimit:
    """Limit request bodies to `max_bytes`, or to the limit of the longest matching path prefix."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, limits: Sequence[tuple[str, int]] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        # Longest prefix first, so that /bekymring/opfoelgning can differ from /bekymring.
        self.limits = sorted(limits, key=lambda item: len(item[0]), reverse=True)

    def limit_for(self, path: str) -> int:
        for prefix, limit in self.limits:
            if path == prefix or path.startswith(prefix.rstrip("/") + "/"):
                return limit
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in BODILESS_METHODS:
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = _declared_length(scope)
        if declared is not None and (declared < 0 or declared > limit):
            await refuse(send, BodyTooLarge(limit))
            return
        received = 0

        async def counting() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, watch)
        except BodyTooLarge as exc:
            # Raised where no handler renders it (a raw ASGI app, or a streaming upload already under way).
            if started:
                raise
            await refuse(send, exc)


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers") or ():
        if name == b"content-length":
            return int(value) if value.isdigit() else -1
    return None


async def refuse(send: Send, exc: BodyTooLarge) -> None:
    """Answer 413 in the one problem shape, without reading the body."""
    body = json.dumps(problem_body(413, exc.detail)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
                # The rest of the body is not read: the connection cannot be reused for another request.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
