"""Browser protections: security headers on every answer and CSRF on every unsafe browser request."""

import json
import logging
from contextvars import ContextVar
from typing import Any

from asgi_csrf import asgi_csrf
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway import multipart_token
from services.kit.errors import PROBLEM_JSON, problem_body
from services.kit.letters import style_source_hash

log = logging.getLogger(__name__)
_outer_scope: ContextVar[Scope] = ContextVar("csrf_outer_scope")
# A multipart form's own headers, while asgi-csrf checks the token read from its body (see __call__).
_form_headers: ContextVar[list[tuple[bytes, bytes]] | None] = ContextVar("csrf_form_headers", default=None)
CSRF_COOKIE = "csrftoken"
STATIC_PREFIX = "/static/"
CSRF_HEADER = "x-csrftoken"

# No inline script or style anywhere: every script and stylesheet is a file served by us, except the one
# style block of a stored decision letter, named by its hash (services/kit/letters.py says why).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        f"style-src 'self' {style_source_hash()}",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
            (b"x-frame-options", b"DENY"),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
            (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if hsts:
            self.headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = {key.lower() for key, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in existing]
                if b"cache-control" not in existing and not scope["path"].startswith(STATIC_PREFIX):
                    # Pages, API answers and tokens may carry personal data or credentials: never keep
                    # them in shared or back-button caches. Only our own static files may be cached.
                    extra.append((b"cache-control", b"no-store"))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _csrf_failed(scope: Scope, send: Send, message_id: Any) -> None:
    # A security event (ASVS 16.3.3): a forged cross-site post looks exactly like this.
    log.warning("CSRF check failed: %s %s (%s)", scope["method"], scope["path"], message_id)
    # Problem details for every client, in the one shape (request id included, so the refusal can
    # be found in the access log); the pages' script shows the text for htmx requests.
    detail = "The form was out of date or came from another site. Reload the page and try again."
    body = json.dumps(problem_body(403, detail)).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _skip_csrf(scope: Scope) -> bool:
    # The token endpoints take credentials (or the token to end) in their body and use no cookie:
    # nothing ambient to abuse.
    return scope["path"] in ("/auth/token", "/auth/revoke")


class CSRFMiddleware:
    """Double-submit CSRF tokens (asgi-csrf): a signed cookie matched by a form field or header."""

    def __init__(self, app: ASGIApp, *, secret: str, secure: bool, always_protect: set[str]) -> None:
        self.inner = app
        self.always_protect = always_protect
        self.app = asgi_csrf(
            self._forward,
            signing_secret=secret,
            cookie_name=CSRF_COOKIE,
            http_header=CSRF_HEADER,
            cookie_secure=secure,
            always_protect=always_protect,
            skip_if_scope=_skip_csrf,
            send_csrf_failed=_csrf_failed,
        )

    async def _forward(self, scope: Scope, receive: Receive, send: Send) -> None:
        # asgi-csrf hands a copy of the scope on, so the route the router matches would be lost to the
        # request context outside (access line and metrics would say "unmatched"): copy it back.
        original = _form_headers.get()
        if original is not None:
            scope = {**scope, "headers": original}
        try:
            await self.inner(scope, receive, send)
        finally:
            if "route" in scope:
                _outer_scope.get()["route"] = scope["route"]

    def _multipart_to_check(self, scope: Scope) -> bytes | None:
        """The boundary of a multipart POST whose token asgi-csrf would look for in the body, else None."""
        if scope["type"] != "http" or scope["method"] != "POST" or _skip_csrf(scope):
            return None
        if _header(scope, CSRF_HEADER.encode()) is not None:
            return None
        if (_header(scope, b"authorization") or "").startswith("Bearer "):
            return None
        # Without cookies nothing ambient can be abused, and asgi-csrf lets the request through.
        if _header(scope, b"cookie") is None and scope["path"] not in self.always_protect:
            return None
        return multipart_token.boundary_of(scope)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        boundary = self._multipart_to_check(scope)
        if boundary is not None:
            # A multipart form without the header (no JavaScript): its token is read here, not by asgi-csrf
            # (gateway/multipart_token.py says why), and goes on in the header; none found is a refusal.
            found, receive = await multipart_token.token_in_body(boundary, receive)
            if found is None:
                await _csrf_failed(scope, send, "multipart form without a token before its files")
                return
            # asgi-csrf checks the header; without the multipart type it never parses the body itself (a
            # wrong token is then refused as an unknown form), and the app gets the headers as they came.
            checked = [(name, value) for name, value in scope["headers"] if name != b"content-type"]
            headers = _form_headers.set(scope["headers"])
            scope = {**scope, "headers": [*checked, (CSRF_HEADER.encode(), found.encode())]}
        else:
            headers = _form_headers.set(None)
        token = _outer_scope.set(scope)
        try:
            await self.app(scope, receive, send)
        finally:
            _outer_scope.reset(token)
            _form_headers.reset(headers)


# Swagger UI on a service's /docs is another origin; "Authorize" there fetches a token from these.
CORS_PATHS = frozenset({"/auth/token", "/auth/revoke"})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


class TokenCORSMiddleware:
    """CORS for the token endpoints only, and only for the services' own origins (their /docs pages).

    No cookies are allowed along (no Allow-Credentials): the caller types the credentials into the form,
    so nothing ambient of the browser's can be used by another page.
    """

    def __init__(self, app: ASGIApp, *, origins: frozenset[str]) -> None:
        self.app = app
        self.origins = origins

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = (
            _header(scope, b"origin") if scope["type"] == "http" and scope["path"] in CORS_PATHS else None
        )
        if origin is None or origin not in self.origins:
            await self.app(scope, receive, send)
            return
        allow = [(b"access-control-allow-origin", origin.encode("latin-1")), (b"vary", b"Origin")]
        if scope["method"] == "OPTIONS" and _header(scope, b"access-control-request-method"):
            preflight = [
                *allow,
                (b"access-control-allow-methods", b"POST"),
                # Swagger UI sends X-Requested-With with its token requests.
                (b"access-control-allow-headers", b"authorization, content-type, accept, x-requested-with"),
                (b"access-control-max-age", b"600"),
                (b"content-length", b"0"),
            ]
            await send({"type": "http.response.start", "status": 204, "headers": preflight})
            await send({"type": "http.response.body", "body": b""})
            return

        async def send_with_origin(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *allow]
            await send(message)

        await self.app(scope, receive, send_with_origin)
