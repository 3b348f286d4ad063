"""One case: citizen, report, workflow, children question, journal, consents, referrals and history, and
the caseworker's actions on it. Each read is logged by the service; the full CPR number only on request."""

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse

from gateway.i18n import gettext, request_language
from gateway.labels import N_
from gateway.pages.forms import Confirmation, Irreversible, Outcome, ask_to_confirm, is_confirmed, is_editing
from gateway.pages.referrals import labels
from gateway.pages.referrals.common import PURPOSES, CaseId, ItemId, Short, Text, client, context, problems
from gateway.pages.responses import redirect
from gateway.session import PageUser, page_roles
from gateway.templating import render
from services.kit import clock
from services.kit.auth import Role

router = APIRouter(prefix="/sager", dependencies=[Depends(page_roles(Role.CASEWORKER))])

# The workflow has no step back (DOMAIN § 6.4, services/referrals/rules/workflow.py): every step is asked
# about first, the outcome and the closing with their own consequence.
STEP = Irreversible(
    title=N_("Record the step “%(step)s”?"),
    consequence=N_(
        "The step is recorded with its reason in the case's history. The case moves only forward: the step "
        "cannot be taken back."
    ),
    button=N_("Yes, record the step"),
)
OUTCOME = Irreversible(
    title=N_("Record the outcome “%(step)s”?"),
    consequence=N_(
        "This is the case's outcome: it is recorded with its reason in the case's history and cannot be "
        "taken back."
    ),
    button=N_("Yes, record the outcome"),
)
CLOSE = Irreversible(
    title=N_("Close the case?"),
    consequence=N_(
        "A closed case cannot be reopened: no further step, consent or referral can be recorded on it, and "
        "the time until the case is deleted starts counting today."
    ),
    button=N_("Yes, close the case"),
)
OUTCOMES = ("referred", "citizen_declined", "no_further_action")
REFERRAL_STEP = Irreversible(
    title=N_("Mark the referral “%(status)s”?"),
    consequence=N_(
        "The referral to %(offer)s moves to “%(status)s” and is recorded in the case's history; a referral "
        "moves only forward, so this cannot be taken back."
    ),
    button=N_("Yes, mark the referral"),
)
WITHDRAW = Irreversible(
    title=N_("Record that the citizen withdraws the consent?"),
    consequence=N_(
        "From %(date)s nothing may be passed on or done on the strength of this consent. A withdrawn consent "
        "cannot be given again by undoing this; a new consent must be recorded."
    ),
    button=N_("Yes, record the withdrawal"),
)


async def case_context(request: Request, case_id: int, **extra: Any) -> dict[str, Any]:
    """The case as the service gives it to this caseworker (the read is logged there)."""
    referrals = client(request)
    case = await referrals.case(case_id, purpose="casework")
    offers = await referrals.offers() if case["may_refer"] else []
    values: dict[str, Any] = {
        "case": case,
        "offers": offers,
        "errors": {},
        "form": {},
        "revealed": None,
        "purposes": PURPOSES,
        "today": clock.today().isoformat(),
        "journal_by_id": {entry["id"]: entry for entry in case["journal"]},
    }
    return context(request, **{**values, **extra})


@router.get("/{case_id:int}", response_class=HTMLResponse)
async def case_page(request: Request, case_id: CaseId) -> Response:
    """The case: citizen, report, workflow, children question, journal, consents, referrals, history."""
    return render(request, "referrals/case.html", await case_context(request, case_id))


async def acted(
    request: Request, case_id: int, outcome: Outcome, body: Mapping[str, Any], *, section: str, notice: str
) -> Response:
    """After one action: on success back to the case page, on a refusal the page again with the reasons."""
    if outcome.refused:
        values = await case_context(
            request, case_id, errors={section: problems(outcome)}, form={section: body}
        )
        return render(
            request, "referrals/case.html", values, status_code=409 if outcome.status == 409 else 422
        )
    return redirect(request, f"/sager/{case_id}?notice={notice}#{section}")


@router.post("/{case_id:int}/tildeling", response_class=HTMLResponse)
async def assign(request: Request, case_id: CaseId, user: PageUser) -> Response:
    """Take the case: assign it to yourself."""
    body = {"assignee": user.subject, "assignee_name": user.name}
    outcome = await client(request).assign(case_id, body)
    return await acted(request, case_id, outcome, body, section="workflow", notice="assigned")


@router.post("/{case_id:int}/trin", response_class=HTMLResponse)
async def take_step(
    request: Request,
    case_id: CaseId,
    to: Annotated[str, Form(max_length=32)] = "",
    reason: Short = "",
    follow_up_date: Annotated[str, Form(max_length=10)] = "",
    duty_of_care_considered: Annotated[str, Form(max_length=8)] = "",
    coercion_rules_considered: Annotated[str, Form(max_length=8)] = "",
    care_conclusion: Short = "",
    confirmed: Annotated[str, Form(max_length=1)] = "",
    edit: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    """The next step, asked about first: there is no step back. A step the workflow does not name (or
    none chosen) goes to the service, which refuses it. Closing a declined case carries the answer on
    SEL § 82 and chapter 24; the service refuses the closure without it, and the page shows why."""
    body: dict[str, Any] = {"to": to, "reason": reason, "follow_up_date": follow_up_date or None}
    answered = any((duty_of_care_considered, coercion_rules_considered, care_conclusion))
    if to == "closed" and answered:
        body["care_consideration"] = {
            "duty_of_care_considered": duty_of_care_considered == "yes",
            "coercion_rules_considered": coercion_rules_considered == "yes",
            "conclusion": care_conclusion,
        }
    form = {**body, "care_conclusion": care_conclusion}
    if is_editing(edit):
        values = await case_context(request, case_id, form={"workflow": form})
        return render(request, "referrals/case.html", values)
    if to in labels.ACTIONS and not is_confirmed(confirmed):
        step = CLOSE if to == "closed" else OUTCOME if to in OUTCOMES else STEP
        confirmation = Confirmation(
            step,
            action=f"/sager/{case_id}/trin",
            back=f"/sager/{case_id}#workflow",
            params={"step": gettext(request, labels.ACTIONS[to])},
            values=[
                ("to", to),
                ("reason", reason),
                ("follow_up_date", follow_up_date),
                ("duty_of_care_considered", duty_of_care_considered),
                ("coercion_rules_considered", coercion_rules_considered),
                ("care_conclusion", care_conclusion),
            ],
            summary=[(N_("Why"), reason)] if reason else [],
            editable=True,
        )
        return ask_to_confirm(request, confirmation)
    outcome = await client(request).transition(case_id, body)
    return await acted(request, case_id, outcome, form, section="workflow", notice="step")


@router.post("/{case_id:int}/akut", response_class=HTMLResponse)
async def mark_acute(
    request: Request,
    case_id: CaseId,
    acute_danger: Annotated[str, Form(max_length=8)] = "",
    reason: Short = "",
) -> Response:
    """Mark the case acute (the short first-contact deadline), or no longer acute."""
    body = {"acute_danger": acute_danger == "yes", "reason": reason}
    outcome = await client(request).mark_acute(case_id, body)
    return await acted(request, case_id, outcome, body, section="acute", notice="acute")


@router.post("/{case_id:int}/videregivelse", response_class=HTMLResponse)
async def add_disclosure(
    request: Request,
    case_id: CaseId,
    recipient: Annotated[str, Form(max_length=300)] = "",
    information: Short = "",
    basis: Annotated[str, Form(max_length=32)] = "",
    consent_id: Annotated[str, Form(max_length=12)] = "",
    consent_scope: Annotated[str, Form(max_length=1000)] = "",
    legal_provision: Annotated[str, Form(max_length=200)] = "",
    justification: Short = "",
    decided_by_name: Annotated[str, Form(max_length=200)] = "",
    disclosed_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Record that information from the case was passed on: to whom, what, on which basis, who decided."""
    body = {
        "recipient": recipient,
        "information": information,
        "basis": basis,
        "consent_id": int(consent_id) if consent_id.isdigit() else None,
        "consent_scope": consent_scope or None,
        "legal_provision": legal_provision or None,
        "justification": justification or None,
        "decided_by_name": decided_by_name or None,
        "disclosed_on": disclosed_on or clock.today().isoformat(),
    }
    outcome = await client(request).add_disclosure(case_id, body)
    return await acted(request, case_id, outcome, body, section="disclosures", notice="disclosure")


@router.post("/{case_id:int}/henvisning/{referral_id:int}/afgoerelse", response_class=HTMLResponse)
async def decide(
    request: Request,
    case_id: CaseId,
    referral_id: ItemId,
    outcome_: Annotated[str, Form(alias="outcome", max_length=16)] = "",
    decision: Short = "",
    reason_rule: Annotated[str, Form(max_length=200)] = "",
    reason_text: Short = "",
    facts: Text = "",
    hearing: Short = "",
    language: Annotated[str, Form(max_length=2)] = "da",
    corrects: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    """The decision on an offer that needs an assessment; the service writes, stores and sends the letter.
    The facts relied on are written one to a line."""
    body = {
        "outcome": outcome_,
        "decision": decision,
        "reasons": [{"rule": reason_rule or None, "text": reason_text}],
        "facts": [line.strip() for line in facts.splitlines() if line.strip()],
        "hearing": hearing,
        "language": "en" if language == "en" else "da",
        "corrects": int(corrects) if corrects.isdigit() else None,
    }
    outcome = await client(request).decide(case_id, referral_id, body)
    form = {
        **body,
        "referral_id": referral_id,
        "facts": facts,
        "reason_rule": reason_rule,
        "reason_text": reason_text,
    }
    return await acted(request, case_id, outcome, form, section="referrals", notice="decision")


@router.get(
    "/{case_id:int}/henvisning/{referral_id:int}/afgoerelse/{decision_id:int}", response_class=Response
)
async def decision_letter(
    request: Request, case_id: CaseId, referral_id: ItemId, decision_id: ItemId
) -> Response:
    """The decision letter exactly as it was made and sent (HTML)."""
    return await _letter(request, case_id, referral_id, decision_id, pdf=False)


@router.get(
    "/{case_id:int}/henvisning/{referral_id:int}/afgoerelse/{decision_id:int}.pdf", response_class=Response
)
async def decision_letter_pdf(
    request: Request, case_id: CaseId, referral_id: ItemId, decision_id: ItemId
) -> Response:
    """The decision letter exactly as it was made and sent (PDF)."""
    return await _letter(request, case_id, referral_id, decision_id, pdf=True)


async def _letter(
    request: Request, case_id: int, referral_id: int, decision_id: int, *, pdf: bool
) -> Response:
    stored = await client(request).decision_letter(case_id, referral_id, decision_id, pdf=pdf)
    headers = {"Cache-Control": "no-store"}
    if disposition := stored.headers.get("content-disposition"):
        headers["Content-Disposition"] = disposition
    return Response(stored.content, media_type=stored.headers["content-type"], headers=headers)


@router.post("/{case_id:int}/journal", response_class=HTMLResponse)
async def add_note(
    request: Request, case_id: CaseId, text: Text = "", corrects: Annotated[str, Form(max_length=12)] = ""
) -> Response:
    """A new note, or a correction of an earlier one (which stays as it was)."""
    body = {"text": text, "corrects": int(corrects) if corrects.isdigit() else None}
    outcome = await client(request).add_journal_entry(case_id, body)
    return await acted(request, case_id, outcome, body, section="journal", notice="journal")


@router.post("/{case_id:int}/boern", response_class=HTMLResponse)
async def answer_children(
    request: Request,
    case_id: CaseId,
    children_in_household: Annotated[str, Form(max_length=8)] = "",
    notification: Annotated[str, Form(max_length=16)] = "",
    note: Short = "",
) -> Response:
    body = {
        "children_in_household": children_in_household,
        "notification": notification if children_in_household == "yes" and notification else None,
        "note": note or None,
    }
    outcome = await client(request).answer_children(case_id, body)
    return await acted(request, case_id, outcome, body, section="children", notice="children")


@router.post("/{case_id:int}/samtykke", response_class=HTMLResponse)
async def add_consent(
    request: Request,
    case_id: CaseId,
    scope: Annotated[str, Form(max_length=1000)] = "",
    given_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    body = {"scope": scope, "given_on": given_on or clock.today().isoformat()}
    outcome = await client(request).add_consent(case_id, body)
    return await acted(request, case_id, outcome, body, section="consents", notice="consent")


@router.post("/{case_id:int}/samtykke/{consent_id:int}/tilbagekald", response_class=HTMLResponse)
async def withdraw_consent(
    request: Request,
    case_id: CaseId,
    consent_id: ItemId,
    withdrawn_on: Annotated[str, Form(max_length=10)] = "",
    confirmed: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    """Asked about first: a withdrawal is not undone."""
    body = {"withdrawn_on": withdrawn_on or clock.today().isoformat()}
    if not is_confirmed(confirmed):
        confirmation = Confirmation(
            WITHDRAW,
            action=f"/sager/{case_id}/samtykke/{consent_id}/tilbagekald",
            back=f"/sager/{case_id}#consents",
            params={"date": body["withdrawn_on"]},
            values=[("withdrawn_on", withdrawn_on)],
        )
        return ask_to_confirm(request, confirmation)
    outcome = await client(request).withdraw_consent(case_id, consent_id, body)
    return await acted(request, case_id, outcome, body, section="consents", notice="withdrawn")


@router.post("/{case_id:int}/henvisning", response_class=HTMLResponse)
async def propose(
    request: Request,
    case_id: CaseId,
    offer_id: Annotated[str, Form(max_length=12)] = "",
    note: Short = "",
) -> Response:
    body = {"offer_id": int(offer_id) if offer_id.isdigit() else 0, "note": note or None}
    outcome = await client(request).propose_referral(case_id, body)
    return await acted(request, case_id, outcome, body, section="referrals", notice="referral")


@router.post("/{case_id:int}/henvisning/{referral_id:int}", response_class=HTMLResponse)
async def referral_status(
    request: Request,
    case_id: CaseId,
    referral_id: ItemId,
    status: Annotated[str, Form(max_length=16)] = "",
    confirmed: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    """Asked about first: a referral moves only forward. A status the ladder does not name goes to the
    service, which refuses it."""
    body = {"status": status}
    if status in labels.REFERRAL_STATUSES and not is_confirmed(confirmed):
        case = await client(request).case(case_id, purpose="casework")
        referral = next((r for r in case["referrals"] if r["id"] == referral_id), None)
        danish = request_language(request) == "da"
        offer = (referral["offer_name_da"] if danish else referral["offer_name_en"]) if referral else ""
        confirmation = Confirmation(
            REFERRAL_STEP,
            action=f"/sager/{case_id}/henvisning/{referral_id}",
            back=f"/sager/{case_id}#referrals",
            params={"status": gettext(request, labels.REFERRAL_STATUSES[status]), "offer": offer},
            values=[("status", status)],
        )
        return ask_to_confirm(request, confirmation)
    outcome = await client(request).set_referral_status(case_id, referral_id, body)
    return await acted(request, case_id, outcome, body, section="referrals", notice="referral_status")


@router.post("/{case_id:int}/cpr", response_class=HTMLResponse)
async def reveal_cpr(
    request: Request,
    case_id: CaseId,
    purpose: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Show the full CPR number: only on request, with a purpose the caseworker chose (none is chosen for
    them: the purpose is written to the citizen's access log), and logged by the service."""
    if purpose not in PURPOSES:
        values = await case_context(request, case_id, errors={"cpr": "purpose"})
        return render(request, "referrals/case.html", values, block="cpr_block", status_code=422)
    revealed = await client(request).reveal_cpr(case_id, purpose)
    values = await case_context(request, case_id, revealed=revealed["cpr"])
    return render(request, "referrals/case.html", values, block="cpr_block")
