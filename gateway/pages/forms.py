"""One way for a page to send a form to a service and show the service's refusal beside the fields.

Every form page does the same three things: call the service, and if it refuses with one of a few statuses
(422 for invalid input, 409 for a conflict with the record's state, 413 for too large), keep what the person
typed and show the reasons next to the fields; anything else is an error page. Written once here so that a
refusal can never lose the person's input on one page but not on another.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import Request

from gateway import upstream
from gateway.upstream import UpstreamError

# The statuses a form shows beside its fields; others (403, 404, 5xx) are the error page's.
FORM_REFUSALS = (422,)


@dataclass
class Outcome:
    """What became of a form's call: the service's answer, or its refusal as field → error code."""

    response: httpx.Response | None = None
    status: int = 200
    errors: dict[str, str] = field(default_factory=dict)
    detail: str = ""
    problems: list[dict[str, Any]] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.response is None

    def json(self) -> Any:
        assert self.response is not None, "a refused call has no answer"
        return self.response.json()


def field_errors(
    problems: list[dict[str, Any]] | None, *, known: Collection[str] = (), default: str = "invalid"
) -> dict[str, str]:
    """The problem details' `errors` as {field: code}: the field is the last part of `loc`, and a code the
    page has no text for becomes `default`, so the person always reads a sentence, never a code."""
    errors: dict[str, str] = {}
    for problem in problems or []:
        location = problem.get("loc") or ["", default]
        code = str(problem.get("code", default))
        errors[str(location[-1])] = code if code in known else default
    return errors


async def submit(
    request: Request,
    service: str,
    method: str,
    path: str,
    *,
    refusals: Collection[int] = FORM_REFUSALS,
    known: Collection[str] = (),
    default: str = "invalid",
    **kwargs: Any,
) -> Outcome:
    """Call `service` with the person's token. A refusal in `refusals` comes back as an `Outcome` with its
    field errors (for the page to re-render its form block); any other failure raises as before."""
    try:
        response = await upstream.call(request, service, method, path, **kwargs)
    except UpstreamError as exc:
        if exc.status not in refusals:
            raise
        return Outcome(
            status=exc.status,
            errors=field_errors(exc.errors, known=known, default=default),
            detail=str(exc.detail),
            problems=list(exc.errors or []),
        )
    return Outcome(response=response, status=response.status_code)
