"""One way for a page to send a form to a service and show the service's refusal beside the fields, and one
way to ask before an irreversible step.

Every form page does the same three things: call the service, and if it refuses with one of a few statuses
(422 for invalid input, 409 for a conflict with the record's state, 413 for too large), keep what the person
typed and show the reasons next to the fields; anything else is an error page. Written once here so that a
refusal can never lose the person's input on one page but not on another.

An irreversible step (approving a year, a decision about a person, a letting) is asked about first: the
form's post without `confirmed=1` answers a confirmation panel naming the consequence, with the typed fields
kept; only its own post (with `confirmed=1`) takes the step. It works without JavaScript; htmx swaps the
panel in place of the form.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from gateway import upstream
from gateway.templating import render
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


# --- confirmation of irreversible steps ---------------------------------------------------------------------

# The panel's buttons: `confirmed=1` takes the step; `edit=1` brings the form back as it was typed. The first
# post (with neither) only asks.
CONFIRMED = "confirmed"
EDIT = "edit"
# Not sent again from the first post: the token is the page's own, and the buttons are the panel's.
NOT_RESENT = frozenset({"csrftoken", CONFIRMED, EDIT})


@dataclass(frozen=True)
class Irreversible:
    """The words of an irreversible step's confirmation: catalogue msgids (marked N_ where they are defined),
    filled in with the confirmation's `params` by the template. The consequence says what follows in plain
    words (what is recorded, who is bound, that it cannot be undone)."""

    title: str
    consequence: str
    button: str


@dataclass(frozen=True)
class Confirmation:
    """One irreversible step, asked about before it is taken: `values` are the form's fields, sent again
    with the confirmed post to `action`; `back` leads away without changing anything; `summary` is what will
    be recorded, as a label (msgid) and its value as the person reads it. `editable`: the panel offers to
    change the answers, posting `edit=1` with them, and the page shows its form again as it was typed."""

    step: Irreversible
    action: str
    back: str
    params: Mapping[str, Any] = field(default_factory=dict)
    values: Sequence[tuple[str, str]] = ()
    summary: Sequence[tuple[str, str]] = ()
    editable: bool = False


def is_confirmed(source: Mapping[str, Any] | str) -> bool:
    """The person confirmed the step on its confirmation panel (the second post): the posted form, or the
    value of its `confirmed` field."""
    value = source if isinstance(source, str) else source.get(CONFIRMED, "")
    return str(value) == "1"


def is_editing(source: Mapping[str, Any] | str) -> bool:
    """The person chose to change the answers on the confirmation panel: show the form as it was typed."""
    value = source if isinstance(source, str) else source.get(EDIT, "")
    return str(value) == "1"


def resent(form: FormData) -> list[tuple[str, str]]:
    """The typed fields of the first post (repeated names kept in order), to send again once confirmed."""
    return [
        (name, value)
        for name, value in form.multi_items()
        if name not in NOT_RESENT and isinstance(value, str)
    ]


def ask_to_confirm(request: Request, confirmation: Confirmation) -> HTMLResponse:
    """The confirmation panel instead of the step: nothing is sent to the service until it is confirmed.

    A plain browser gets a page with the panel; htmx gets the panel alone, in place of the form it sent.
    """
    context = {"confirmation": confirmation, "current_path": confirmation.back.split("?")[0]}
    return render(request, "confirm.html", context, block="confirmation")
