"""The administrator's personal-data duties (/persondata): a citizen's access request (the log of reads of
their data), retention, and the deletion log."""

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse

from gateway.labels import N_
from gateway.pages.forms import Confirmation, Irreversible, ask_to_confirm, is_confirmed
from gateway.pages.referrals.common import client, context
from gateway.session import page_roles
from gateway.templating import render
from services.kit.auth import Role

router = APIRouter(dependencies=[Depends(page_roles(Role.ADMIN))])


async def privacy_context(request: Request, **extra: Any) -> dict[str, Any]:
    deletions = await client(request).deletions(limit=100)
    defaults: dict[str, Any] = {"deletions": deletions, "export": None, "retention": None, "error": None}
    return context(request, **{**defaults, **extra})


@router.get("/persondata", response_class=HTMLResponse)
async def privacy(request: Request) -> Response:
    """A citizen's access request (the log of reads of their data), retention and the deletion log."""
    return render(request, "referrals/privacy.html", await privacy_context(request))


@router.post("/persondata/adgangslog", response_class=HTMLResponse)
async def access_log(
    request: Request,
    cpr: Annotated[str, Form(max_length=16)] = "",
    download: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """The log of reads of one person's data; the CPR number only in the form body."""
    outcome = await client(request).access_log(cpr)
    if outcome.refused:
        values = await privacy_context(request, error="cpr")
        return render(request, "referrals/privacy.html", values, status_code=422)
    export = outcome.json()
    if download == "json":
        return Response(
            json.dumps(export, ensure_ascii=False, indent=2),
            media_type="application/json",
            headers={
                "Content-Disposition": 'attachment; filename="adgangslog.json"',
                "Cache-Control": "no-store",
            },
        )
    return render(request, "referrals/privacy.html", await privacy_context(request, export=export))


# Deletion cannot be undone: the real run (not the trial) is asked about first.
RETENTION = Irreversible(
    title=N_("Run retention now?"),
    consequence=N_(
        "Reporters' contact details are removed and closed cases past their deadline are deleted, after an "
        "archive export. This cannot be undone; the trial run shows first what would go."
    ),
    button=N_("Yes, delete now"),
)


@router.post("/persondata/sletning", response_class=HTMLResponse)
async def run_retention(
    request: Request,
    dry_run: Annotated[str, Form(max_length=8)] = "",
    confirmed: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    """Anonymise reporters and delete closed cases whose deadlines have come (archive export first); the
    trial run at once, the real one once confirmed."""
    trial = dry_run == "yes"
    if not trial and not is_confirmed(confirmed):
        confirmation = Confirmation(
            RETENTION, action="/persondata/sletning", back="/persondata#retention", values=[("dry_run", "no")]
        )
        return ask_to_confirm(request, confirmation)
    result = await client(request).run_retention(dry_run=trial)
    return render(request, "referrals/privacy.html", await privacy_context(request, retention=result))
