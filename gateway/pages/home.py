"""The home page: what each role can do here."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from gateway.session import PageUser
from gateway.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, user: PageUser) -> Response:
    """Greet the person and show the parts of the platform their roles open."""
    return render(request, "home.html", {"roles": sorted(user.roles)})
