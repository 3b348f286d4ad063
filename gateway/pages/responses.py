"""Redirects that work for htmx (HX-Redirect) and for plain browsers (303)."""

from fastapi import Request, Response
from fastapi.responses import RedirectResponse

from gateway.templating import is_htmx


def redirect(request: Request, url: str) -> Response:
    if is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)
