"""The referrals service as the pages call it: one method per operation, paths built here.

The answers are typed as the service's JSON (`services/referrals/schemas.py`, CONTRACT § 7), mirrored
rather than imported: the gateway talks to the services only over HTTP. A form's call answers with an
`Outcome`, so that the page shows the service's refusal beside the fields (`gateway.pages.forms`); the
request bodies are the service's input schemas, named in each method's docstring. No personal data in
a path: cases by id, a CPR number only ever in a body.
"""

from collections.abc import Collection, Mapping
from typing import Any, Literal, TypedDict, cast

import httpx
from fastapi import Request

from gateway import upstream
from gateway.pages.forms import FORM_REFUSALS, Outcome, submit
from gateway.state import gateway_state
from gateway.tokens import client_address
from services.kit.logs import REQUEST_ID_HEADER, current_request_id

SERVICE = "referrals"
# The refusals a case action shows beside its section: the case is gone (404), the case cannot take the
# step (409, with the workflow's reasons), or the input is invalid (422).
CASE_ACTION_REFUSALS = (404, 409, 422)
# An offer's code taken or its state refusing a change (409), or invalid input (422).
OFFER_REFUSALS = (409, 422)

# --- the public concern form ------------------------------------------------------------------------


class EmergencyContact(TypedDict):
    name: str
    phone: str
    note_da: str
    note_en: str


class IntakeReceipt(TypedDict):
    """What taking in a report answers: the new case's id and the reporter's receipt, no case data."""

    id: int
    reference: str
    follow_up_code: str
    emergency_contacts: list[EmergencyContact]


# --- cases ------------------------------------------------------------------------------------------


class CaseSummary(TypedDict):
    id: int
    reference: str
    case_type: str
    channel: str
    state: str
    received_at: str
    acute_danger: bool
    citizen_name: str
    assigned_to: str | None
    assigned_to_name: str | None
    first_contact_due: str
    first_contact_at: str | None
    overdue: bool
    outcome: str | None
    follow_up_date: str | None
    closed_at: str | None
    new_information: bool


class CasePage(TypedDict):
    items: list[CaseSummary]
    total: int


class Citizen(TypedDict):
    name: str
    address: str
    phone: str | None
    cpr_masked: str | None


class Reporter(TypedDict):
    anonymous: bool
    name: str | None
    phone: str | None
    email: str | None
    relation: str | None
    anonymised_at: str | None


class Addition(TypedDict):
    received_at: str
    information: str
    acute_danger: bool


class Report(TypedDict):
    id: int
    channel: str
    received_at: str
    received_by: str | None
    concern: str
    acute_danger: bool
    children_in_household: str
    reporter: Reporter
    additions: list[Addition]


class Event(TypedDict):
    kind: str
    from_state: str | None
    to_state: str | None
    reason: str | None
    follow_up_date: str | None
    actor: str
    actor_name: str
    at: str


class JournalEntry(TypedDict):
    id: int
    text: str
    corrects_id: int | None
    corrected_by: list[int]
    author: str
    author_name: str
    created_at: str


class Consent(TypedDict):
    id: int
    scope: str
    given_on: str
    recorded_by: str
    recorded_at: str
    withdrawn_on: str | None
    withdrawn_by: str | None
    active: bool


class ReferralHistory(TypedDict):
    from_status: str | None
    to_status: str
    actor: str
    at: str


class Referral(TypedDict):
    id: int
    offer_id: int
    offer_code: str
    offer_name_da: str
    offer_name_en: str
    level: int
    needs_assessment: bool
    status: str
    note: str | None
    created_by: str
    created_at: str
    updated_at: str
    next_statuses: list[str]
    history: list[ReferralHistory]


class Children(TypedDict):
    reported: str
    answer: Literal["yes", "no"] | None
    notification: Literal["made", "not_needed"] | None
    note: str | None
    answered_by: str | None
    answered_at: str | None


class CareConsideration(TypedDict):
    """The answer on the duty of care (SEL § 82) and the coercion rules (SEL chapter 24)."""

    id: int
    conclusion: str
    journal_entry_id: int
    considered_by: str
    considered_by_name: str
    considered_at: str


class Disclosure(TypedDict):
    id: int
    recipient: str
    information: str
    basis: Literal["consent", "legal_provision", "substantial_importance"]
    consent_id: int | None
    consent_scope: str | None
    legal_provision: str | None
    justification: str | None
    decided_by_name: str
    disclosed_on: str
    recorded_by: str
    recorded_by_name: str
    recorded_at: str


class LetterDelivery(TypedDict):
    channel: str
    status: str
    queued_at: str
    attempts: int
    sent_at: str | None
    receipt: str | None


class DecisionReason(TypedDict):
    rule: str
    text: str


class Decision(TypedDict):
    """A decision on an offer that needs an assessment; its letter is read apart."""

    id: int
    referral_id: int
    reference: str
    outcome: Literal["granted", "partly_granted", "refused"]
    language: Literal["da", "en"]
    issued_on: str
    decision: str
    reasons: list[DecisionReason]
    facts: list[str]
    hearing: str
    corrects_id: int | None
    corrected_by: int | None
    decided_by: str
    decided_by_name: str
    decided_at: str
    letter_sha256: str
    deliveries: list[LetterDelivery]


class Case(CaseSummary):
    """One case as the service shows it to this caseworker (the read is in its access log)."""

    citizen: Citizen
    reports: list[Report]
    events: list[Event]
    journal: list[JournalEntry]
    consents: list[Consent]
    referrals: list[Referral]
    children: Children
    care_considerations: list[CareConsideration]
    disclosures: list[Disclosure]
    decisions: list[Decision]
    allowed_transitions: list[str]
    closing_problems: list[str]
    may_refer: bool
    needs_care_consideration: bool


class LookupHit(TypedDict):
    id: int
    reference: str
    state: str
    received_at: str


class CprRevealed(TypedDict):
    cpr: str


# --- the ladder of offers ---------------------------------------------------------------------------


class LegalBasis(TypedDict):
    id: int
    law: str
    paragraph: str
    valid_from: str
    valid_to: str | None


class Capacity(TypedDict):
    available: int
    maximum: int | None
    updated_at: str | None


class Offer(TypedDict):
    id: int
    code: str
    level: int
    level_name_da: str
    level_name_en: str
    name_da: str
    name_en: str
    description_da: str
    description_en: str
    target_group_da: str
    target_group_en: str
    min_age: int | None
    max_age: int | None
    needs_assessment: bool
    provider: str
    contact_name: str
    contact_phone: str | None
    contact_email: str | None
    location_name: str | None
    address: str | None
    active: bool
    legal_basis: LegalBasis | None
    legal_bases: list[LegalBasis]
    legal_bases_in_force: list[LegalBasis]
    capacity: Capacity | None
    updated_at: str


class LadderLevel(TypedDict):
    level: int
    name_da: str
    name_en: str


# --- statistics, personal data ----------------------------------------------------------------------


class MonthCount(TypedDict):
    month: str
    count: int | None


class LevelCount(TypedDict):
    level: int
    name_da: str
    name_en: str
    count: int | None


class FirstContactFigures(TypedDict):
    cases: int | None
    median_days: float | None
    within_deadline_pct: float | None


class Statistics(TypedDict):
    """Aggregates only; a count resting on fewer cases than the threshold is None (suppressed)."""

    year: int
    suppression_threshold: int
    reports_per_month: list[MonthCount]
    first_contact: FirstContactFigures
    outcomes: dict[str, int | None]
    referrals_per_level: list[LevelCount]


class AccessLogEntry(TypedDict):
    at: str
    actor: str
    actor_name: str
    action: str
    case_reference: str | None
    fields: list[str]
    purpose: str


class DisclosureLogEntry(TypedDict):
    disclosed_on: str
    case_reference: str
    recipient: str
    information: str
    basis: str
    consent_scope: str | None
    legal_provision: str | None
    decided_by_name: str
    recorded_at: str


class AccessLogExport(TypedDict):
    cpr_masked: str
    generated_at: str
    entries: list[AccessLogEntry]
    disclosures: list[DisclosureLogEntry]


class RetentionResult(TypedDict):
    today: str
    dry_run: bool
    anonymised_reports: int
    deleted_cases: int
    archive_files: list[str]


class DeletionLogEntry(TypedDict):
    at: str
    actor: str
    kind: str
    case_reference: str
    case_type: str
    closed_at: str | None
    deadline: str
    archive_file: str | None
    archive_sha256: str | None


class ReferralsClient:
    """The referrals service, called with the logged-in person's token (the public form's calls without)."""

    def __init__(self, request: Request) -> None:
        self.request = request

    # The paths, in one place.
    @staticmethod
    def _case(case_id: int) -> str:
        return f"/v1/cases/{case_id}"

    @staticmethod
    def _offer(offer_id: int) -> str:
        return f"/v1/offers/{offer_id}"

    async def _get(self, path: str, **kwargs: Any) -> Any:
        return await upstream.get_json(self.request, SERVICE, path, **kwargs)

    async def _post(self, path: str, body: Mapping[str, Any]) -> Any:
        return (await upstream.call(self.request, SERVICE, "POST", path, json=body)).json()

    async def _submit(
        self, method: str, path: str, body: Mapping[str, Any], refusals: Collection[int] = FORM_REFUSALS
    ) -> Outcome:
        """A form's call: refused on `refusals` (invalid input, 422, unless said otherwise)."""
        return await submit(self.request, SERVICE, method, path, refusals=refusals, json=body)

    # --- the public concern form: no Authorization, even for a logged-in visitor ----------------------

    async def _public(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """A call to the service's public routes; the answer whatever its status, for the form to judge
        (a failure there is a sentence with the phone number, not an error page)."""
        client: httpx.AsyncClient = gateway_state(self.request).upstreams[SERVICE]
        headers = {
            REQUEST_ID_HEADER: current_request_id() or "",
            "x-forwarded-for": client_address(self.request),
        }
        return await client.request(method, path, headers=headers, **kwargs)

    async def concern_form(self) -> httpx.Response:
        """The single entry and the emergency numbers the form shows (a FormInfo)."""
        return await self._public("GET", "/v1/concern-form")

    async def report_concern(self, body: Mapping[str, Any]) -> httpx.Response:
        """Send a report (ConcernReportCreate); a 201 answers the receipt (ConcernReceipt)."""
        return await self._public("POST", "/v1/concern-reports", json=body)

    async def add_information(self, body: Mapping[str, Any]) -> httpx.Response:
        """Add to a report with its follow-up code (FollowUpCreate); a 202 answers a FollowUpReceipt."""
        return await self._public("POST", "/v1/concern-reports/follow-ups", json=body)

    # --- cases ----------------------------------------------------------------------------------------

    async def cases(self, *, scope: str, limit: int, offset: int) -> CasePage:
        params = {"scope": scope, "limit": limit, "offset": offset}
        return cast(CasePage, await self._get("/v1/cases", params=params))

    async def overdue(self) -> list[CaseSummary]:
        return cast(list[CaseSummary], await self._get("/v1/cases/overdue"))

    async def lookup(self, cpr: str, purpose: str) -> Outcome:
        """A person's cases by CPR number (in the body); answers a list of `LookupHit`."""
        return await self._submit("POST", "/v1/cases/lookup", {"cpr": cpr, "purpose": purpose})

    async def take_in(self, body: Mapping[str, Any]) -> Outcome:
        """Take in a report by phone, in person, by letter or e-mail (IntakeCreate); answers an
        `IntakeReceipt`."""
        return await self._submit("POST", "/v1/cases", body)

    async def case(self, case_id: int, *, purpose: str) -> Case:
        return cast(Case, await self._get(self._case(case_id), params={"purpose": purpose}))

    async def reveal_cpr(self, case_id: int, purpose: str) -> CprRevealed:
        body = {"purpose": purpose}
        return cast(CprRevealed, await self._post(f"{self._case(case_id)}/cpr-reveal", body))

    async def _act(self, method: str, case_id: int, action: str, body: Mapping[str, Any]) -> Outcome:
        """One action on a case, refused on CASE_ACTION_REFUSALS; answers where the case stands."""
        return await self._submit(method, f"{self._case(case_id)}/{action}", body, CASE_ACTION_REFUSALS)

    async def assign(self, case_id: int, body: Mapping[str, Any]) -> Outcome:
        """AssignmentUpdate."""
        return await self._act("PUT", case_id, "assignment", body)

    async def transition(self, case_id: int, body: Mapping[str, Any]) -> Outcome:
        """A workflow step (TransitionCreate)."""
        return await self._act("POST", case_id, "transitions", body)

    async def add_journal_entry(self, case_id: int, body: Mapping[str, Any]) -> Outcome:
        """A note, or a correction of an earlier one (JournalCreate)."""
        return await self._act("POST", case_id, "journal", body)

    async def answer_children(self, case_id: int, body: Mapping[str, Any]) -> Outcome:
        """ChildrenUpdate."""
        return await self._act("PUT", case_id, "children", body)

    async def add_consent(self, case_id: int, body: Mapping[str, Any]) -> Outcome:
        """ConsentCreate."""
        return await self._act("POST", case_id, "consents", body)

    async def withdraw_consent(self, case_id: int, consent_id: int, body: Mapping[str, Any]) -> Outcome:
        """ConsentWithdrawal."""
        return await self._act("POST", case_id, f"consents/{consent_id}/withdrawal", body)

    async def propose_referral(self, case_id: int, body: Mapping[str, Any]) -> Outcome:
        """Propose an offer on the ladder (ReferralCreate)."""
        return await self._act("POST", case_id, "referrals", body)

    async def set_referral_status(self, case_id: int, referral_id: int, body: Mapping[str, Any]) -> Outcome:
        """ReferralStatusUpdate."""
        return await self._act("PUT", case_id, f"referrals/{referral_id}/status", body)

    async def mark_acute(self, case_id: int, body: Mapping[str, Any]) -> Outcome:
        """AcuteUpdate: the case acute or no longer acute, with why."""
        return await self._act("PUT", case_id, "acute", body)

    async def add_disclosure(self, case_id: int, body: Mapping[str, Any]) -> Outcome:
        """DisclosureCreate: case information passed on, with its basis."""
        return await self._act("POST", case_id, "disclosures", body)

    async def decide(self, case_id: int, referral_id: int, body: Mapping[str, Any]) -> Outcome:
        """DecisionCreate on an offer that needs an assessment; answers the `Decision`."""
        return await self._act("POST", case_id, f"referrals/{referral_id}/decision", body)

    async def decision_letter(
        self, case_id: int, referral_id: int, decision_id: int, *, pdf: bool
    ) -> httpx.Response:
        """The stored letter of one decision (HTML or PDF), as the service keeps it."""
        suffix = ".pdf" if pdf else ""
        path = f"{self._case(case_id)}/referrals/{referral_id}/decisions/{decision_id}/letter{suffix}"
        return await upstream.call(self.request, SERVICE, "GET", path, expected=(200,))

    async def statistics(self, year: int | None) -> Statistics:
        params = {"year": year} if year else {}
        return cast(Statistics, await self._get("/v1/statistics", params=params))

    # --- the ladder of offers -------------------------------------------------------------------------

    async def offers(self) -> list[Offer]:
        """Every active offer, lightest level first."""
        return cast(list[Offer], await self._get("/v1/offers"))

    async def catalogue(self) -> list[Offer]:
        """Every offer, inactive ones too (for the administrator)."""
        return cast(list[Offer], await self._get("/v1/catalogue/offers"))

    async def ladder(self) -> list[LadderLevel]:
        return cast(list[LadderLevel], await self._get("/v1/ladder"))

    async def create_offer(self, body: Mapping[str, Any]) -> Outcome:
        """An offer with its first legal basis (OfferCreate); answers the `Offer`."""
        return await self._submit("POST", "/v1/offers", body, OFFER_REFUSALS)

    async def update_offer(self, offer_id: int, body: Mapping[str, Any]) -> Outcome:
        """OfferUpdate."""
        return await self._submit("PATCH", self._offer(offer_id), body, OFFER_REFUSALS)

    async def set_capacity(self, offer_id: int, body: Mapping[str, Any]) -> Outcome:
        """Free and maximum places (CapacityIn)."""
        return await self._submit("PUT", f"{self._offer(offer_id)}/capacity", body, OFFER_REFUSALS)

    async def add_legal_basis(self, offer_id: int, body: Mapping[str, Any]) -> Outcome:
        """LegalBasisIn."""
        return await self._submit("POST", f"{self._offer(offer_id)}/legal-bases", body, OFFER_REFUSALS)

    # --- personal data --------------------------------------------------------------------------------

    async def deletions(self, *, limit: int) -> list[DeletionLogEntry]:
        """The deletion log, newest first."""
        return cast(
            list[DeletionLogEntry], await self._get("/v1/retention/deletions", params={"limit": limit})
        )

    async def access_log(self, cpr: str) -> Outcome:
        """The reads of one person's data (the CPR number in the body); answers an `AccessLogExport`."""
        return await self._submit("POST", "/v1/access-log/search", {"cpr": cpr})

    async def run_retention(self, *, dry_run: bool) -> RetentionResult:
        """Anonymise reporters and delete closed cases whose deadlines have come (archive export first)."""
        return cast(RetentionResult, await self._post("/v1/retention/run", {"dry_run": dry_run}))
