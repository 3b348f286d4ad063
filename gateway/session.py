"""The browser session: the access token in an HttpOnly cookie, and the page-level login guard."""

from collections.abc import Awaitable, Callable
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request, Response

from gateway.config import GatewaySettings
from services.kit.auth import Principal, Role, TokenVerifier
from services.kit.errors import AppError, Unauthorized

SESSION_COOKIE = "session"


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
    verifier: TokenVerifier = request.app.state.token_verifier
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
    return principal


PageUser = Annotated[Principal, Depends(page_user)]


def page_roles(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A page guard that lets through only people holding one of `roles`."""

    async def guard(principal: PageUser) -> Principal:
        if not principal.has_any(roles):
            raise PageForbidden("Your role does not give access to this page.")
        return principal

    return guard
