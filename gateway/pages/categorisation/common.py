"""What every categorisation page shares: the roles, the codes it offers, the client and the render."""

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from gateway.clients.categorisation import CategorisationClient
from gateway.pages.categorisation import labels
from gateway.templating import render
from services.kit.auth import Principal, Role

PREFIX = "/kategorisering"
# Every page needs one of READERS (checked at the package's router); the area routers narrow it.
READERS = (Role.ANALYST, Role.ADMIN, Role.ALLOCATION_OFFICER, Role.MANAGER)
AREA_READERS = (Role.ANALYST, Role.ADMIN, Role.ALLOCATION_OFFICER)

CATEGORIES = tuple(labels.CATEGORIES)
DESIGNATIONS = tuple(labels.DESIGNATIONS)
THRESHOLD_FIELDS = tuple(labels.THRESHOLD_FIELDS)
# The published list each designation stands on (CONTRACT § 5's `decided_by` keys; DOMAIN § 3).
DESIGNATION_LISTS = {
    "vulnerable_area": "national",
    "parallel_society": "national",
    "transformation_area": "national",
    "prevention_area": "national",
    "combined_letting_area": "combined_letting",
}


def is_analyst(user: Principal) -> bool:
    return Role.ANALYST in user.roles


def client(request: Request) -> CategorisationClient:
    return CategorisationClient(request)


def page(
    request: Request,
    template: str,
    context: dict[str, Any],
    *,
    block: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a categorisation template with this service's labels as `labels` (see labels.py)."""
    return render(request, template, {"labels": labels, **context}, block=block, status_code=status_code)


def parse_threshold(name: str, raw: str) -> int | float:
    """A typed threshold: the number of criteria is whole, the rest may have a decimal comma."""
    text = raw.strip().replace(",", ".")
    return int(text) if name == "criteria_needed" else float(text)
