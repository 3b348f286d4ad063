"""Intake: a caseworker takes in a report by phone, in person, by letter or e-mail (/sager/ny)."""

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse

from gateway.pages.referrals.common import client, context
from gateway.pages.referrals.concern_form import FIELDS, errors_for, report_json
from gateway.session import page_roles
from gateway.templating import render
from services.kit.auth import Role

router = APIRouter(prefix="/sager", dependencies=[Depends(page_roles(Role.CASEWORKER))])

CHANNELS = ("phone", "in_person", "letter", "email")


@router.get("/ny", response_class=HTMLResponse)
async def intake_page(request: Request) -> Response:
    """Take in a report by phone, in person, by letter or e-mail."""
    # No channel is chosen for the caseworker: how the report came is recorded on the case (issue 12).
    form = {**dict.fromkeys(FIELDS, ""), "channel": ""}
    return render(request, "referrals/intake.html", context(request, form=form, errors={}, channels=CHANNELS))


@router.post("/ny", response_class=HTMLResponse)
async def intake(request: Request) -> Response:
    raw = await request.form(max_files=0, max_fields=40)
    form = {name: str(raw.get(name, ""))[:10_001].strip() for name in (*FIELDS, "channel")}
    # No channel chosen goes to the service as none: it refuses it with every other missing field, and
    # nothing is stored (the service's default channel is for machine clients, not for the page).
    chosen = form["channel"] if form["channel"] in CHANNELS else ""
    outcome = await client(request).take_in({**report_json(form), "channel": chosen})
    if outcome.refused:
        errors = errors_for(outcome.problems)
        if not chosen:
            errors = {"channel": "choose", **{k: v for k, v in errors.items() if k != "channel"}}
        values = context(request, form=form, errors=errors, channels=CHANNELS)
        return render(request, "referrals/intake.html", values, status_code=422)
    return render(request, "referrals/intake_done.html", context(request, receipt=outcome.json()))
