"""Pydantic I/O of the referrals API (CONTRACT § 7 plus what the caseworker's pages need).

Inputs are strict: unknown fields are refused, text is trimmed, control characters are refused, short
identity fields may not hold markup, and every text has a maximum length. Free text is stored as given
(encrypted) and shown escaped by the pages, so a script in a note stays inert.
"""

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, model_validator

from services.kit.inputs import NulFreeInput
from services.kit.schemas import Schema
from services.referrals import examples
from services.referrals.rules import cpr as cpr_rules
from services.referrals.rules.decisions import DecisionOutcome
from services.referrals.rules.disclosures import DisclosureBasis
from services.referrals.rules.workflow import CaseState, ReferralStatus

MAX_TEXT = 10_000
MAX_REASON = 2_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f]")


def _empty_to_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def _free_text(value: str) -> str:
    value = value.strip()
    if _CONTROL.search(value):
        raise ValueError("control characters are not allowed")
    return value


def _line(value: str) -> str:
    value = value.strip()
    if _CONTROL_OR_NEWLINE.search(value):
        raise ValueError("line breaks and control characters are not allowed")
    if "<" in value or ">" in value:
        raise ValueError("angle brackets are not allowed")
    return value


def _cpr(value: str) -> str:
    try:
        return cpr_rules.normalise(value)
    except cpr_rules.InvalidCPR as exc:
        raise ValueError(str(exc)) from None


FreeText = Annotated[str, AfterValidator(_free_text)]
Line = Annotated[str, AfterValidator(_line)]
CPR = Annotated[str, Field(max_length=16, description="DDMMYYSSSS or DDMMYY-SSSS"), AfterValidator(_cpr)]
Phone = Annotated[str, Field(max_length=32, pattern=r"^\+?[0-9][0-9 ()\-]{1,30}$")]
Email = Annotated[str, Field(max_length=254, pattern=r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")]
EmptyIsNone = BeforeValidator(_empty_to_none)


class Input(NulFreeInput):
    """Every request body: unknown fields refused, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", str_max_length=MAX_TEXT)


class Purpose(StrEnum):
    """Why a caseworker reads a person's data; written to the access log with every read."""

    CASEWORK = "casework"
    CITIZEN_CONTACT = "citizen_contact"
    IDENTIFICATION = "identification"
    COOPERATION = "cooperation_with_authority"
    COMPLAINT = "complaint"
    ACCESS_REQUEST = "access_request"


class Channel(StrEnum):
    """How a report arrived: the public form, or taken in by a caseworker or delivered by another system."""

    PUBLIC_FORM = "public_form"
    PHONE = "phone"
    IN_PERSON = "in_person"
    LETTER = "letter"
    EMAIL = "email"
    SYSTEM = "system"


Children = Literal["yes", "no", "unknown"]


# --- the concern report (public) ---------------------------------------------------------------------


class CitizenCreate(Input):
    """The adult the concern is about: name and address, and the CPR number and phone if known."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CITIZEN_CREATE]})

    name: Annotated[Line, Field(min_length=1, max_length=200)]
    address: Annotated[Line, Field(min_length=1, max_length=300)]
    cpr: Annotated[CPR | None, EmptyIsNone] = None
    phone: Annotated[Phone | None, EmptyIsNone] = None


class ReporterCreate(Input):
    """Who reports; everything but the relation is dropped, unstored, when `anonymous` is true.

    CONTRACT § 7: `anonymous` is required, and name, phone, e-mail and relation are each optional, also
    when the reporter is not anonymous (the public form asks for a way to reach them; the API does not).
    """

    model_config = ConfigDict(
        json_schema_extra={"examples": [examples.REPORTER_CREATE, examples.REPORTER_ANONYMOUS]}
    )

    anonymous: bool
    name: Annotated[Annotated[Line, Field(max_length=200)] | None, EmptyIsNone] = None
    phone: Annotated[Phone | None, EmptyIsNone] = None
    email: Annotated[Email | None, EmptyIsNone] = None
    relation: Annotated[Annotated[Line, Field(max_length=100)] | None, EmptyIsNone] = None


class ConcernReportCreate(Input):
    """A concern about an adult, as a citizen reports it through the public form (CONTRACT § 7)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [examples.CONCERN_REPORT_CREATE, examples.CONCERN_REPORT_ACUTE]}
    )

    citizen: CitizenCreate
    concern: Annotated[FreeText, Field(min_length=1, max_length=MAX_TEXT)]
    acute_danger: bool
    children_in_household: Children
    reporter: ReporterCreate


class EmergencyContactRead(Schema):
    """A number to call in acute danger, with a note in Danish and English."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.EMERGENCY_CONTACT]})

    name: str
    phone: str
    note_da: str
    note_en: str


class ConcernReceiptRead(Schema):
    """All the reporter ever gets back (CONTRACT § 7)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [examples.CONCERN_RECEIPT, examples.CONCERN_RECEIPT_ACUTE]}
    )

    reference: str
    follow_up_code: str
    message_da: str
    message_en: str
    emergency_contacts: list[EmergencyContactRead]


class FollowUpCreate(Input):
    """More information for a report, identified by its reference and follow-up code."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.FOLLOW_UP_CREATE]})

    reference: Annotated[str, Field(min_length=1, max_length=32)]
    follow_up_code: Annotated[str, Field(min_length=1, max_length=32)]
    information: Annotated[FreeText, Field(min_length=1, max_length=MAX_TEXT)]
    acute_danger: bool = False


class FollowUpReceiptRead(Schema):
    """Receipt for added information: a message, and the emergency numbers when danger is acute."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.FOLLOW_UP_RECEIPT]})

    message_da: str
    message_en: str
    emergency_contacts: list[EmergencyContactRead]


class ConcernFormRead(Schema):
    """What the public form shows before submission: the single entry and the emergency numbers."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CONCERN_FORM]})

    single_entry_name: str
    single_entry_phone: str
    emergency_contacts: list[EmergencyContactRead]
    max_text_length: int


class IntakeCreate(ConcernReportCreate):
    """A report taken in by a caseworker (phone, meeting, letter) or delivered by another system."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.INTAKE_CREATE]})

    # Every channel but the public form, which has its own public endpoint.
    channel: Literal[Channel.PHONE, Channel.IN_PERSON, Channel.LETTER, Channel.EMAIL, Channel.SYSTEM] = (
        Channel.PHONE
    )


class IntakeReceiptRead(Schema):
    """The receipt of a report taken in: the new case's id and reference, and no case data."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.INTAKE_RECEIPT]})

    id: int
    reference: str
    follow_up_code: str
    emergency_contacts: list[EmergencyContactRead]


# --- cases (caseworker) ------------------------------------------------------------------------------


class CaseSummaryRead(Schema):
    """A case as the inbox lists it: state, deadline for first contact, assignee."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CASE_SUMMARY]})

    id: int
    reference: str
    case_type: str
    channel: str
    state: CaseState
    received_at: datetime
    acute_danger: bool
    citizen_name: str
    assigned_to: str | None
    assigned_to_name: str | None
    first_contact_due: date
    first_contact_at: datetime | None
    overdue: bool
    outcome: str | None
    follow_up_date: date | None
    closed_at: datetime | None
    new_information: bool


class CasePage(Schema):
    """One page of the inbox, and how many cases there are in all."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CASE_PAGE]})

    items: list[CaseSummaryRead]
    total: int


class CitizenRead(Schema):
    """The citizen as the caseworker sees them: the CPR number masked."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CITIZEN]})

    name: str
    address: str
    phone: str | None
    cpr_masked: str | None = Field(description="DDMMYY-XXXX; the full number only through a logged reveal")


class ReporterRead(Schema):
    """Who reported, unless anonymous or anonymised after the configured time."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.REPORTER]})

    anonymous: bool
    name: str | None
    phone: str | None
    email: str | None
    relation: str | None
    anonymised_at: datetime | None


class AdditionRead(Schema):
    """Information the reporter added later with the follow-up code."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ADDITION]})

    received_at: datetime
    information: str
    acute_danger: bool


class ReportRead(Schema):
    """One report on the case, with its reporter and later additions."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.REPORT]})

    id: int
    channel: str
    received_at: datetime
    received_by: str | None
    concern: str
    acute_danger: bool
    children_in_household: Children
    reporter: ReporterRead
    additions: list[AdditionRead]


class EventRead(Schema):
    """One event of the case's workflow: a step, an assignment, new information."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.EVENT]})

    kind: str
    from_state: str | None
    to_state: str | None
    reason: str | None
    follow_up_date: date | None
    actor: str
    actor_name: str
    at: datetime


class JournalEntryRead(Schema):
    """A journal entry; a correction is a new entry that names the one it corrects."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.JOURNAL_ENTRY]})

    id: int
    text: str
    corrects_id: int | None
    corrected_by: list[int]
    author: str
    author_name: str
    created_at: datetime


class ConsentRead(Schema):
    """A consent with its scope and date, and its withdrawal if withdrawn."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CONSENT, examples.CONSENT_WITHDRAWN]})

    id: int
    scope: str
    given_on: date
    recorded_by: str
    recorded_at: datetime
    withdrawn_on: date | None
    withdrawn_by: str | None
    active: bool


class ReferralHistoryRead(Schema):
    """One change of a referral's status."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.REFERRAL_HISTORY]})

    from_status: str | None
    to_status: str
    actor: str
    at: datetime


class ReferralRead(Schema):
    """A referral of the case to an offer on the ladder, with its status and history."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.REFERRAL]})

    id: int
    offer_id: int
    offer_code: str
    offer_name_da: str
    offer_name_en: str
    level: int
    needs_assessment: bool = Field(description="the offer needs an assessment: it ends in a decision")
    status: ReferralStatus
    note: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    next_statuses: list[ReferralStatus]
    history: list[ReferralHistoryRead]


class ChildrenRead(Schema):
    """The children-in-household question: what was reported, the caseworker's answer, the notification."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CHILDREN]})

    reported: Children
    answer: Literal["yes", "no"] | None
    notification: Literal["made", "not_needed"] | None
    note: str | None
    answered_by: str | None
    answered_at: datetime | None


class CareConsiderationRead(Schema):
    """The recorded answer on the duty of care (SEL § 82) and the coercion rules (SEL chapter 24)."""

    id: int
    conclusion: str
    journal_entry_id: int
    considered_by: str
    considered_by_name: str
    considered_at: datetime


class DisclosureRead(Schema):
    """A recorded disclosure: to whom, what, on which basis (with its consent, provision or justification),
    who decided, and who recorded it when."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [examples.DISCLOSURE, examples.DISCLOSURE_CONSENT]}
    )

    id: int
    recipient: str
    information: str
    basis: DisclosureBasis
    consent_id: int | None
    consent_scope: str | None = Field(description="the recorded consent's scope, or the scope as told")
    legal_provision: str | None
    justification: str | None
    decided_by_name: str
    disclosed_on: date
    recorded_by: str
    recorded_by_name: str
    recorded_at: datetime


class LetterDeliveryRead(Schema):
    """One sending of a decision letter: the channel, its state (pending, sent or refused), when it was
    queued and sent, the attempts and the channel's receipt."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.LETTER_DELIVERY]})

    channel: str
    status: str
    queued_at: datetime
    attempts: int
    sent_at: datetime | None
    receipt: str | None


class DecisionReasonRead(Schema):
    """One reason of a decision: the rule applied and why it leads to the decision (forvaltningsloven
    § 24)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DECISION_REASON]})

    rule: str
    text: str


class DecisionRead(Schema):
    """A decision on an offer that needs an assessment; its letter is read at …/decision/letter(.pdf)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DECISION]})

    id: int
    referral_id: int
    reference: str
    outcome: DecisionOutcome
    language: Literal["da", "en"]
    issued_on: date
    decision: str
    reasons: list[DecisionReasonRead]
    facts: list[str]
    hearing: str
    corrects_id: int | None
    corrected_by: int | None
    decided_by: str
    decided_by_name: str
    decided_at: datetime
    letter_sha256: str
    deliveries: list[LetterDeliveryRead]


class CaseRead(CaseSummaryRead):
    """One case with everything the caseworker works with; reading it is written to the access log."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CASE]})

    citizen: CitizenRead
    reports: list[ReportRead]
    events: list[EventRead]
    journal: list[JournalEntryRead]
    consents: list[ConsentRead]
    referrals: list[ReferralRead]
    children: ChildrenRead
    care_considerations: list[CareConsiderationRead]
    disclosures: list[DisclosureRead]
    decisions: list[DecisionRead]
    allowed_transitions: list[CaseState]
    closing_problems: list[str]
    may_refer: bool
    needs_care_consideration: bool = Field(
        description="closing needs the answer on SEL § 82 and SEL chapter 24 (a declined case)"
    )


class CaseStatusRead(Schema):
    """What a workflow action answers: where the case stands now, without its personal data."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [examples.CASE_STATUS, examples.CASE_STATUS_ACUTE]}
    )

    id: int
    reference: str
    state: CaseState
    outcome: str | None
    follow_up_date: date | None
    assigned_to: str | None
    acute_danger: bool
    first_contact_due: date
    first_contact_at: datetime | None
    closed_at: datetime | None
    allowed_transitions: list[CaseState]


class CareConsiderationCreate(Input):
    """Before a declined case closes: the duty of care (SEL § 82) and the coercion rules (SEL chapter 24)
    were considered, and what the caseworker concluded (DOMAIN § 6.4)."""

    duty_of_care_considered: Literal[True] = Field(description="SEL § 82 was considered")
    coercion_rules_considered: Literal[True] = Field(description="SEL chapter 24 was considered")
    conclusion: Annotated[FreeText, Field(min_length=1, max_length=MAX_REASON)]


class TransitionCreate(Input):
    """A workflow step: the state to go to, why, and a follow-up date where the step needs one."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [examples.TRANSITION, examples.TRANSITION_DECLINED]}
    )

    to: CaseState
    reason: Annotated[FreeText, Field(max_length=MAX_REASON)] = ""
    follow_up_date: date | None = None
    care_consideration: CareConsiderationCreate | None = Field(
        None, description="required when a declined case closes; only then"
    )


class AcuteUpdate(Input):
    """The caseworker marks a case as acute (or no longer acute); the first-contact deadline follows."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ACUTE_UPDATE]})

    acute_danger: bool
    reason: Annotated[FreeText, Field(min_length=1, max_length=MAX_REASON)]


class AssignmentUpdate(Input):
    """Who the case is assigned to, and why."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ASSIGNMENT]})

    assignee: Annotated[
        str, Field(pattern=r"^user:[A-Za-z0-9._\-]{1,64}$", description="e.g. user:caseworker")
    ]
    assignee_name: Annotated[Annotated[Line, Field(max_length=200)] | None, EmptyIsNone] = None
    reason: Annotated[FreeText, Field(max_length=MAX_REASON)] = ""


class JournalEntryCreate(Input):
    """A journal entry to add; `corrects` names an earlier entry it corrects."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.JOURNAL_ENTRY_CREATE]})

    text: Annotated[FreeText, Field(min_length=1, max_length=MAX_TEXT)]
    corrects: int | None = Field(
        None, ge=1, le=2**31 - 1, description="the entry this one corrects; the old one stays"
    )


class ChildrenUpdate(Input):
    """The caseworker's answer to the children question, and whether a notification was made."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [examples.CHILDREN_UPDATE, examples.CHILDREN_UPDATE_YES]}
    )

    children_in_household: Literal["yes", "no"]
    notification: Literal["made", "not_needed"] | None = None
    note: Annotated[Annotated[FreeText, Field(max_length=MAX_REASON)] | None, EmptyIsNone] = None

    @model_validator(mode="after")
    def _notification_when_children(self) -> "ChildrenUpdate":
        if self.children_in_household == "yes" and self.notification is None:
            raise ValueError("with children in the household, record whether a notification was made")
        if self.children_in_household == "no" and self.notification is not None:
            raise ValueError("a notification concerns children in the household")
        return self


class CitizenUpdate(Input):
    """Correct or complete the citizen's details; fields left out stay as they are."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CITIZEN_UPDATE]})

    name: Annotated[Line, Field(min_length=1, max_length=200)] | None = None
    address: Annotated[Line, Field(min_length=1, max_length=300)] | None = None
    phone: Annotated[Phone | None, EmptyIsNone] = None
    cpr: Annotated[CPR | None, EmptyIsNone] = None
    reason: Annotated[FreeText, Field(min_length=1, max_length=MAX_REASON)]


class ConsentCreate(Input):
    """A consent the citizen gave: to whom, about what, and when."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CONSENT_CREATE]})

    scope: Annotated[FreeText, Field(min_length=3, max_length=1000, description="to whom, about what")]
    given_on: date


class ConsentWithdrawalCreate(Input):
    """The date from which a consent is withdrawn."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CONSENT_WITHDRAWAL]})

    withdrawn_on: date


class ReferralCreate(Input):
    """An offer on the ladder to propose for the case."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.REFERRAL_CREATE]})

    offer_id: int = Field(ge=1, le=2**31 - 1)
    note: Annotated[Annotated[FreeText, Field(max_length=MAX_REASON)] | None, EmptyIsNone] = None


class ReferralStatusUpdate(Input):
    """A referral's next status (proposed → accepted or declined → started → ended)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.REFERRAL_STATUS]})

    status: ReferralStatus


class DisclosureCreate(Input):
    """One passing of case information: to whom, what, on which basis, who decided and when."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                examples.DISCLOSURE_CREATE,
                examples.DISCLOSURE_CREATE_CONSENT,
                examples.DISCLOSURE_CREATE_IMPORTANCE,
            ]
        }
    )

    recipient: Annotated[Line, Field(min_length=2, max_length=300, description="authority or person")]
    information: Annotated[
        FreeText, Field(min_length=2, max_length=MAX_REASON, description="what was passed")
    ]
    basis: DisclosureBasis
    consent_id: int | None = Field(None, ge=1, le=2**31 - 1, description="a consent recorded on the case")
    consent_scope: Annotated[
        Annotated[FreeText, Field(max_length=1000)] | None, EmptyIsNone, Field(description="only without one")
    ] = None
    legal_provision: Annotated[Annotated[Line, Field(max_length=200)] | None, EmptyIsNone] = None
    justification: Annotated[Annotated[FreeText, Field(max_length=MAX_REASON)] | None, EmptyIsNone] = None
    decided_by_name: Annotated[
        Annotated[Line, Field(max_length=200)] | None,
        EmptyIsNone,
        Field(description="who decided; the caseworker recording it when left out"),
    ] = None
    disclosed_on: date


class DecisionReasonCreate(Input):
    """One reason of the decision, in words; the rule applied is the offer's legal basis unless named."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DECISION_REASON_CREATE]})

    rule: Annotated[
        Annotated[Line, Field(max_length=200)] | None,
        EmptyIsNone,
        Field(description="the rule applied; the offer's legal basis in force when left out"),
    ] = None
    text: Annotated[FreeText, Field(min_length=2, max_length=MAX_REASON)]


class DecisionCreate(Input):
    """The decision on an offer that needs an assessment (forvaltningsloven §§ 22–25, 19)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [examples.DECISION_CREATE, examples.DECISION_CORRECTION_CREATE]}
    )

    outcome: DecisionOutcome
    decision: Annotated[
        FreeText, Field(min_length=2, max_length=MAX_REASON, description="what is granted or refused")
    ]
    reasons: list[DecisionReasonCreate] = Field(min_length=1, max_length=10)
    facts: list[Annotated[FreeText, Field(min_length=2, max_length=MAX_REASON)]] = Field(
        min_length=1, max_length=20, description="the main facts relied on (§ 24)"
    )
    hearing: Annotated[
        FreeText,
        Field(
            min_length=2,
            max_length=MAX_REASON,
            description="facts from others heard first, or why not (§ 19)",
        ),
    ]
    language: Literal["da", "en"] = "da"
    corrects: int | None = Field(
        None, ge=1, le=2**31 - 1, description="the current decision this one replaces"
    )


class CprRevealCreate(Input):
    """Why the full CPR number is needed: written to the access log."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CPR_REVEAL_CREATE]})

    purpose: Purpose


class CprRevealRead(Schema):
    """The full CPR number."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CPR_REVEAL]})

    cpr: str


class CprLookupCreate(Input):
    """A CPR number to find a person's cases by, and why; in the body, never the URL."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CPR_LOOKUP]})

    cpr: CPR
    purpose: Purpose = Purpose.IDENTIFICATION


class LookupHitRead(Schema):
    """A case of the person looked up."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.LOOKUP_HIT]})

    id: int
    reference: str
    state: CaseState
    received_at: datetime


# --- access log, retention (administrator) ---------------------------------------------------------


class AccessLogSearchCreate(Input):
    """The CPR number of the person whose access log is asked for."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ACCESS_LOG_SEARCH]})

    cpr: CPR


class AccessLogEntryRead(Schema):
    """One read of the person's data: who, when, which fields, why."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ACCESS_LOG_ENTRY]})

    at: datetime
    actor: str
    actor_name: str
    action: str
    case_reference: str | None
    fields: list[str]
    purpose: str


class DisclosureLogRead(Schema):
    """A disclosure of the person's data, in their access-log export (GDPR art. 15(1)(c))."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DISCLOSURE_LOG]})

    disclosed_on: date
    case_reference: str
    recipient: str
    information: str
    basis: DisclosureBasis
    consent_scope: str | None
    legal_provision: str | None
    decided_by_name: str
    recorded_at: datetime


class AccessLogExportRead(Schema):
    """Every read of one person's data, for the citizen's access request."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ACCESS_LOG]})

    cpr_masked: str
    generated_at: datetime
    entries: list[AccessLogEntryRead]
    disclosures: list[DisclosureLogRead]


class RetentionRunCreate(Input):
    """A retention run; `dry_run` reports what would happen and changes nothing."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.RETENTION_RUN_CREATE]})

    dry_run: bool = False


class RetentionRunRead(Schema):
    """What a retention run did (or would do): reporters anonymised, cases deleted, archives."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.RETENTION_RUN]})

    today: date
    dry_run: bool
    anonymised_reports: int
    deleted_cases: int
    archive_files: list[str]


class DeletionLogEntryRead(Schema):
    """One entry of the deletion log: what retention did to which case, and its archive."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DELETION]})

    at: datetime
    actor: str
    kind: str
    case_reference: str
    case_type: str
    closed_at: datetime | None
    deadline: date
    archive_file: str | None
    archive_sha256: str | None


# --- statistics (manager) ----------------------------------------------------------------------------


class MonthCountRead(Schema):
    """Reports received in one month (null where suppressed)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.MONTH_COUNT]})

    month: str
    count: int | None


class LevelCountRead(Schema):
    """Referrals to one level of the ladder (null where suppressed)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.LEVEL_COUNT]})

    level: int
    name_da: str
    name_en: str
    count: int | None


class FirstContactRead(Schema):
    """Time from report to first contact (null where suppressed)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.FIRST_CONTACT]})

    cases: int | None
    median_days: float | None
    within_deadline_pct: float | None


class StatisticsRead(Schema):
    """Aggregates only; a count resting on fewer cases than the threshold is null (suppressed)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.STATISTICS]})

    year: int
    suppression_threshold: int
    reports_per_month: list[MonthCountRead]
    first_contact: FirstContactRead
    outcomes: dict[str, int | None]
    referrals_per_level: list[LevelCountRead]


# --- the ladder of offers ----------------------------------------------------------------------------

Code = Annotated[str, Field(min_length=2, max_length=64, pattern=r"^[a-z0-9][a-z0-9\-]*$")]


class LegalBasisCreate(Input):
    """A legal basis of an offer, valid from a date (and to one, if it ends)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.LEGAL_BASIS_CREATE]})

    law: Annotated[Line, Field(min_length=2, max_length=100)]
    paragraph: Annotated[Line, Field(min_length=1, max_length=64)]
    valid_from: date
    valid_to: date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "LegalBasisCreate":
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValueError("valid_to is before valid_from")
        return self


class LegalBasisRead(Schema):
    """A legal basis of an offer and its period of validity."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.LEGAL_BASIS]})

    id: int
    law: str
    paragraph: str
    valid_from: date
    valid_to: date | None


class CapacityUpdate(Input):
    """An offer's free places now, and its maximum."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CAPACITY_UPDATE]})

    available: int = Field(ge=0, le=100_000)
    maximum: int | None = Field(None, ge=0, le=100_000)

    @model_validator(mode="after")
    def _within_maximum(self) -> "CapacityUpdate":
        if self.maximum is not None and self.available > self.maximum:
            raise ValueError("available is above maximum")
        return self


class CapacityRead(Schema):
    """An offer's free and maximum places, and when they were last entered."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CAPACITY]})

    available: int
    maximum: int | None
    updated_at: datetime | None


class OfferFields(Input):
    """The fields of an offer on the ladder that an administrator writes."""

    level: int = Field(ge=1, le=9)
    name_da: Annotated[Line, Field(min_length=2, max_length=200)]
    name_en: Annotated[Line, Field(min_length=2, max_length=200)]
    description_da: Annotated[FreeText, Field(max_length=4000)] = ""
    description_en: Annotated[FreeText, Field(max_length=4000)] = ""
    target_group_da: Annotated[FreeText, Field(max_length=2000)] = ""
    target_group_en: Annotated[FreeText, Field(max_length=2000)] = ""
    min_age: int | None = Field(None, ge=0, le=120)
    max_age: int | None = Field(None, ge=0, le=120)
    needs_assessment: bool
    provider: Annotated[Line, Field(min_length=2, max_length=200)]
    contact_name: Annotated[Line, Field(min_length=2, max_length=200)]
    contact_phone: Annotated[Phone | None, EmptyIsNone] = None
    contact_email: Annotated[Email | None, EmptyIsNone] = None
    location_name: Annotated[Annotated[Line, Field(max_length=200)] | None, EmptyIsNone] = None
    address: Annotated[Annotated[Line, Field(max_length=300)] | None, EmptyIsNone] = None
    active: bool = True


class OfferCreate(OfferFields):
    """A new offer on the ladder, with its legal bases and, if known, its capacity."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.OFFER_CREATE]})

    code: Code
    legal_bases: list[LegalBasisCreate] = Field(min_length=1, max_length=10)
    capacity: CapacityUpdate | None = None


class OfferUpdate(Input):
    """Change some fields of an offer; what is left out stays."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.OFFER_UPDATE]})

    level: int | None = Field(None, ge=1, le=9)
    name_da: Annotated[Line, Field(min_length=2, max_length=200)] | None = None
    name_en: Annotated[Line, Field(min_length=2, max_length=200)] | None = None
    description_da: Annotated[FreeText, Field(max_length=4000)] | None = None
    description_en: Annotated[FreeText, Field(max_length=4000)] | None = None
    target_group_da: Annotated[FreeText, Field(max_length=2000)] | None = None
    target_group_en: Annotated[FreeText, Field(max_length=2000)] | None = None
    min_age: int | None = Field(None, ge=0, le=120)
    max_age: int | None = Field(None, ge=0, le=120)
    needs_assessment: bool | None = None
    provider: Annotated[Line, Field(min_length=2, max_length=200)] | None = None
    contact_name: Annotated[Line, Field(min_length=2, max_length=200)] | None = None
    contact_phone: Annotated[Phone | None, EmptyIsNone] = None
    contact_email: Annotated[Email | None, EmptyIsNone] = None
    location_name: Annotated[Annotated[Line, Field(max_length=200)] | None, EmptyIsNone] = None
    address: Annotated[Annotated[Line, Field(max_length=300)] | None, EmptyIsNone] = None
    active: bool | None = None


class OfferRead(Schema):
    """An offer on the ladder, with the legal bases in force today and its capacity."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.OFFER]})

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
    legal_basis: LegalBasisRead | None = Field(description="the basis valid today")
    legal_bases: list[LegalBasisRead]
    legal_bases_in_force: list[LegalBasisRead] = Field(
        description="every basis in force today: an offer may rest on two laws at once"
    )
    capacity: CapacityRead | None = Field(
        description="free and maximum places, only once an administrator or a system has entered them"
    )
    updated_at: datetime


class LadderLevelRead(Schema):
    """A level of the ladder of offers, 1 the lightest."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.LADDER_LEVEL]})

    level: int
    name_da: str
    name_en: str
