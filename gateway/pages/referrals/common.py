"""What the referrals pages share: path and form types, the client, the labels and the service's reasons."""

from typing import Annotated, Any

from fastapi import Form, Path, Request

from gateway.clients.referrals import ReferralsClient
from gateway.pages.forms import Outcome
from gateway.pages.referrals import labels

CaseId = Annotated[int, Path(ge=1, le=2**31 - 1)]
ItemId = Annotated[int, Path(ge=1, le=2**31 - 1)]
Text = Annotated[str, Form(max_length=10_000)]
Short = Annotated[str, Form(max_length=2_000)]
# Why a caseworker reads a person's data; written to the service's access log with every read.
PURPOSES = ("identification", "casework", "citizen_contact", "cooperation_with_authority", "complaint")


def client(request: Request) -> ReferralsClient:
    return ReferralsClient(request)


def context(request: Request, **extra: Any) -> dict[str, Any]:
    """What every referrals template reads: the labels as `rl`, and the notice of the last action."""
    return {"rl": labels, "notice": request.query_params.get("notice"), **extra}


def problems(outcome: Outcome) -> list[tuple[str, str]]:
    """(code, field) for each reason the service gave; codes it names are translated on the page."""
    found = []
    for error in outcome.problems:
        message = str(error.get("msg", ""))
        loc = [str(part) for part in error.get("loc", [])]
        code = message if message in labels.PROBLEMS else "invalid"
        found.append((code, loc[-1] if loc else ""))
    return found or [("invalid", "")]
