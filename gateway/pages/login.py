"""Login, logout and the language choice."""

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse

from gateway import identity
from gateway.config import GatewaySettings
from gateway.i18n import LANGUAGE_COOKIE, LANGUAGES
from gateway.pages.responses import redirect
from gateway.session import (
    clear_session_cookie,
    end_session,
    safe_next,
    session_principal,
    set_session_cookie,
)
from gateway.state import gateway_state
from gateway.templating import render
from gateway.throttle import LoginThrottle, TooManyAttempts
from gateway.tokens import client_address, issue_token
from services.kit.routing import SessionDep, TransactionalRoute

# Public on purpose: these pages are how a person gets a session in the first place.
router = APIRouter(include_in_schema=False, route_class=TransactionalRoute)


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, next: str = "/") -> Response:
    """The login form; a logged-in person goes straight on."""
    if session_principal(request) is not None:
        return redirect(request, safe_next(next))
    return render(request, "login.html", {"next": safe_next(next), "username": "", "error": None})


@router.post("/login", response_class=HTMLResponse)
async def login(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    next: Annotated[str, Form(max_length=512)] = "/",
) -> Response:
    """Check the credentials, set the session cookie and go on to `next`."""
    settings: GatewaySettings = gateway_state(request).settings
    throttle: LoginThrottle = gateway_state(request).login_throttle
    form = {"next": safe_next(next), "username": username}
    try:
        await throttle.check(username, client_address(request))
    except TooManyAttempts as exc:
        page = render(
            request, "login.html", {**form, "error": "throttled"}, block="login_form", status_code=429
        )
        page.headers.update(exc.headers)
        return page
    principal = await identity.authenticate_user(session, username=username, password=password)
    if principal is None:
        await throttle.failed(username, client_address(request))
        return render(
            request, "login.html", {**form, "error": "invalid"}, block="login_form", status_code=401
        )
    await throttle.succeeded(username, client_address(request))
    await end_session(request, session)  # a new login replaces any session the browser still had
    token = await issue_token(request, session, principal)
    response = redirect(request, safe_next(next))
    set_session_cookie(response, token.access_token, settings, token.expires_in)
    return response


@router.post("/logout")
async def logout(request: Request, session: SessionDep) -> Response:
    """End the session: the token stops working at once, not only the cookie."""
    await end_session(request, session)
    response = redirect(request, "/login?logged_out=1")
    clear_session_cookie(response, gateway_state(request).settings)
    # Pages seen in this session leave the browser too (the language cookie stays).
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@router.post("/language")
async def choose_language(
    request: Request,
    lang: Annotated[str, Form()],
    next: Annotated[str, Form(max_length=512)] = "/",
) -> Response:
    """Remember the chosen language for a year."""
    response = redirect(request, safe_next(next))
    if lang in LANGUAGES:
        settings: GatewaySettings = gateway_state(request).settings
        response.set_cookie(
            LANGUAGE_COOKIE,
            lang,
            max_age=365 * 86400,
            samesite="lax",
            secure=settings.is_production,
            httponly=True,
        )
    return response
