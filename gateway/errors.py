"""Errors on pages are pages; errors on the JSON routes stay problem details."""

from collections.abc import Awaitable, Callable
from typing import cast

from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from gateway.session import LoginRequired
from gateway.templating import is_htmx, render
from services.kit.errors import AppError, install_error_handlers, problem

Handler = Callable[[Request, Exception], Awaitable[Response]]
JSON_PREFIXES = ("/api/", "/auth/", "/.well-known/", "/healthz", "/readyz", "/metrics", "/static/")


def wants_page(request: Request) -> bool:
    if request.url.path.startswith(JSON_PREFIXES):
        return False
    return "text/html" in request.headers.get("accept", "") or is_htmx(request)


async def _login_required(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": exc.detail})
    if wants_page(request):
        return RedirectResponse(exc.detail, status_code=303)
    return problem(401, exc.title, "Log in first.")


def install_page_error_handlers(app: FastAPI) -> None:
    """Kit's handlers for JSON, with an HTML page in front of them for browsers."""
    install_error_handlers(app)
    json_app_error = cast(Handler, app.exception_handlers[AppError])
    json_http_error = cast(Handler, app.exception_handlers[StarletteHTTPException])

    async def app_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, AppError)
        if wants_page(request):
            page = render(request, "error.html", {"status": exc.status}, status_code=exc.status)
            page.headers.update(exc.headers)  # e.g. Retry-After: a page refusal says when, like the API
            return page
        return await json_app_error(request, exc)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if wants_page(request):
            page = render(request, "error.html", {"status": exc.status_code}, status_code=exc.status_code)
            page.headers.update(exc.headers or {})  # e.g. Allow on a 405
            return page
        return await json_http_error(request, exc)

    app.add_exception_handler(AppError, app_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(LoginRequired, _login_required)
