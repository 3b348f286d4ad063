"""The browser session: the access token in an HttpOnly cookie, ended sessions, and the page guards."""

import logging
import time
from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request, Response
from jose import jwt
from jose.exceptions import JOSEError
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway import revocations
from gateway.config import GatewaySettings
from gateway.state import gateway_state
from services.kit.auth import Principal, Role, TokenVerifier
from services.kit.errors import AppError, Unauthorized

SESSION_COOKIE = "session"
log = logging.getLogger(__name__)


class EndedSessions:
    """Tokens that stopped being good before they expire: at logout, or for every token of a person.

    Tokens are self-contained, so ending one means remembering it until it would have expired anyway.
    The memory is this gateway process's: the gateway runs as one process (docs/security.md, V7.4).
    """

    def __init__(self, lifetime_seconds: int, clock: Callable[[], float] = time.time) -> None:
        # Longer than any token lives, with the verifiers' clock leeway.
        self.horizon = lifetime_seconds + 60
        self._clock = clock
        self._tokens: dict[str, float] = {}  # jti -> when it would have expired
        self._subjects: dict[str, float] = {}  # subject -> tokens issued up to this time are ended

    def _forget_expired(self) -> None:
        now = self._clock()
        self._tokens = {jti: until for jti, until in self._tokens.items() if until > now}
        self._subjects = {s: at for s, at in self._subjects.items() if at + self.horizon > now}

    def end_token(self, claims: dict[str, Any]) -> None:
        """Logout: this one token is no longer a session."""
        self._forget_expired()
        if isinstance(claims.get("jti"), str):
            self._tokens[claims["jti"]] = float(claims.get("exp", self._clock() + self.horizon))

    def end_tokens(self, ended: dict[str, float]) -> None:
        """What the shared store says ended (by `jti`, with its expiry), e.g. at another gateway replica."""
        self._forget_expired()
        self._tokens.update(ended)

    def end_subject(self, subject: str) -> None:
        """Deactivation or a new password: every token of `subject` issued until now is ended."""
        self._forget_expired()
        self._subjects[subject] = self._clock()

    def __bool__(self) -> bool:
        return bool(self._tokens or self._subjects)

    def is_ended(self, claims: dict[str, Any]) -> bool:
        """Whether the token with these claims was ended (by its `jti`, or by its subject and `iat`)."""
        if claims.get("jti") in self._tokens:
            return True
        ended_at = self._subjects.get(str(claims.get("sub")))
        issued_at = claims.get("iat")
        # `iat` has whole seconds: a login in the same second as the deactivation errs on the safe side.
        return ended_at is not None and isinstance(issued_at, int | float) and issued_at <= ended_at


def session_cookie(cookie_header: str) -> str | None:
    """The session token in a Cookie header, read exactly as the framework reads `request.cookies`."""
    return cookie_parser(cookie_header).get(SESSION_COOKIE)


def _claims(token: str) -> dict[str, Any] | None:
    # Unverified on purpose: this only ever takes a token away, and verification still follows.
    try:
        claims: dict[str, Any] = jwt.get_unverified_claims(token)
    except JOSEError:
        return None
    return claims


class EndedSessionMiddleware:
    """Drop an ended token from the request, so every route (pages, pass-through) sees no session at all.

    The session cookie and a bearer token are both checked: a deactivated person's API tokens end too.
    """

    def __init__(self, app: ASGIApp, *, ended: EndedSessions, refresh_seconds: float) -> None:
        self.app = app
        self.ended = ended
        # Sessions ended at another replica reach this one from the database within this time.
        self.refresh_seconds = refresh_seconds
        self._synced_at: float | None = None

    async def _sync(self, scope: Scope) -> None:
        now = time.monotonic()
        if self._synced_at is not None and now - self._synced_at < self.refresh_seconds:
            return
        self._synced_at = now
        try:
            async with gateway_state(scope["app"]).session_factory() as session:
                ended = await revocations.ended_tokens(session)
        except Exception as exc:  # the database is down: what this process knows still holds
            log.warning("ended sessions not refreshed from the database: %s", type(exc).__name__)
            return
        self.ended.end_tokens({token.jti: float(token.exp) for token in ended})

    def _keep(self, name: bytes, value: bytes) -> tuple[bytes, bytes] | None:
        if name == b"authorization" and value[:7].lower() == b"bearer ":
            claims = _claims(value[7:].decode("latin-1").strip())
            return None if claims is not None and self.ended.is_ended(claims) else (name, value)
        if name != b"cookie":
            return name, value
        # Every chunk is read by the framework's own parser, so whatever spelling it would take for the
        # session cookie (quoted, spaces around "=", a duplicate) is exactly what is looked at here.
        chunks = value.decode("latin-1").split(";")
        kept = [chunk for chunk in chunks if not self._ended_cookie(chunk)]
        if len(kept) == len(chunks):
            return name, value
        return (name, ";".join(kept).encode("latin-1")) if any(c.strip() for c in kept) else None

    def _ended_cookie(self, chunk: str) -> bool:
        token = session_cookie(chunk)
        claims = _claims(token) if token else None
        return claims is not None and self.ended.is_ended(claims)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._sync(scope)
        # Nothing ended (the usual case): nothing to look at.
        if scope["type"] == "http" and self.ended:
            original = [(name, value) for name, value in scope["headers"]]
            headers = [kept for name, value in original if (kept := self._keep(name, value)) is not None]
            if headers != original:
                log.info("an ended session or token was presented and ignored")
                scope = {**scope, "headers": headers}
        await self.app(scope, receive, send)


async def end_session(request: Request, session: AsyncSession) -> None:
    """Logout (or a new login over an old session): the cookie's token stops working at once.

    At this gateway at once (memory); at the services and other gateway replicas through the database.
    """
    token = request.cookies.get(SESSION_COOKIE)
    if token and session_principal(request) is not None:
        claims = _claims(token)
        if claims is not None:
            ended: EndedSessions = gateway_state(request).ended_sessions
            ended.end_token(claims)
            if isinstance(claims.get("jti"), str):
                await revocations.end_token(session, claims["jti"])


async def end_sessions_of(request: Request, session: AsyncSession, subject: str) -> None:
    """Every session and token of `subject` stops working (deactivation, new password)."""
    ended: EndedSessions = gateway_state(request).ended_sessions
    ended.end_subject(subject)
    await revocations.end_subject(session, subject)


class LoginRequired(AppError):
    """Raised by page guards; the gateway answers with a redirect to /login, not an error body."""

    status = 401
    title = "Login required"


class PageForbidden(AppError):
    status = 403
    title = "Forbidden"


def set_session_cookie(response: Response, token: str, settings: GatewaySettings, max_age: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        secure=settings.is_production,
        samesite="lax",
        path="/",
    )


def clear_session_cookie(response: Response, settings: GatewaySettings) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, secure=settings.is_production, samesite="lax"
    )


def session_principal(request: Request) -> Principal | None:
    """The logged-in person, or None when there is no valid session cookie."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    verifier: TokenVerifier = gateway_state(request).token_verifier
    try:
        principal = verifier.verify(token)
    except Unauthorized:
        return None
    return principal if principal.kind == "user" else None


def safe_next(target: str | None) -> str:
    """Only local paths are followed after login, so the form cannot be used to redirect elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    # Browsers drop tabs and newlines from URLs, so "/\t/evil.example" would become "//evil.example".
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in target):
        return "/"
    return target


def login_url(request: Request) -> str:
    return "/login?next=" + quote(safe_next(request.url.path), safe="/")


async def page_user(request: Request) -> Principal:
    principal = session_principal(request)
    if principal is None:
        raise LoginRequired(login_url(request))
    request.state.principal = principal
    # Staff pages say who did what by name (templating's `actor`); keep the names at most seconds old.
    state = gateway_state(request)
    await state.actor_names.refresh(state.session_factory)
    return principal


PageUser = Annotated[Principal, Depends(page_user)]


def page_roles(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A page guard that lets through only people holding one of `roles`."""

    async def guard(principal: PageUser) -> Principal:
        if not principal.has_any(roles):
            log.warning("page refused: %s lacks any of %s", principal.subject, ", ".join(roles))
            raise PageForbidden("Your role does not give access to this page.")
        return principal

    return guard
