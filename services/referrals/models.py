"""Database models of the referrals service; its tables live in the `referrals` schema.

Columns marked `info={"encrypted": True}` hold Fernet tokens, never plaintext: CPR numbers, names,
addresses, phone numbers, the reporter's identity and every free text (crypto.py). A CPR number is found
again through its keyed hash (`citizen_cpr_hash`). `access_log` and `deletion_log` are append-only: the
migration adds triggers that refuse UPDATE and DELETE in the database itself.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from services.kit.db import TYPE_ANNOTATION_MAP, make_metadata, utcnow

ENCRYPTED = {"encrypted": True}


class Base(DeclarativeBase):
    metadata = make_metadata(schema="referrals")
    type_annotation_map = TYPE_ANNOTATION_MAP


def encrypted(*, nullable: bool = False) -> Any:
    """A column holding a Fernet token of personal data."""
    return mapped_column(Text, nullable=nullable, info=ENCRYPTED)


class Case(Base):
    """A concern about an adult, from its first report to its closure (DOMAIN § 6.4)."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_citizen_cpr_hash", "citizen_cpr_hash"),
        Index("ix_cases_state", "state"),
        Index("ix_cases_assigned_to", "assigned_to"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    case_type: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(32))
    citizen_name: Mapped[str] = encrypted()
    citizen_address: Mapped[str] = encrypted()
    citizen_phone: Mapped[str | None] = encrypted(nullable=True)
    citizen_cpr: Mapped[str | None] = encrypted(nullable=True)
    citizen_cpr_hash: Mapped[str | None] = mapped_column(String(64))
    acute_danger: Mapped[bool] = mapped_column(Boolean)
    children_reported: Mapped[str] = mapped_column(String(8))
    # The caseworker's own answer (Barnets lov): required before the case can close.
    children_in_household: Mapped[str | None] = mapped_column(String(8))
    child_notification: Mapped[str | None] = mapped_column(String(16))
    children_note: Mapped[str | None] = encrypted(nullable=True)
    children_answered_by: Mapped[str | None] = mapped_column(String(128))
    children_answered_at: Mapped[datetime | None]
    assigned_to: Mapped[str | None] = mapped_column(String(128))
    assigned_to_name: Mapped[str | None] = mapped_column(String(200))
    assigned_at: Mapped[datetime | None]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    first_contact_due: Mapped[date] = mapped_column(Date)
    first_contact_at: Mapped[datetime | None]
    outcome: Mapped[str | None] = mapped_column(String(32))
    follow_up_date: Mapped[date | None] = mapped_column(Date)
    closed_at: Mapped[datetime | None]
    # Set when the reporter adds information with the follow-up code; cleared when a caseworker reads it.
    new_information_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    reports: Mapped[list["Report"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", passive_deletes=True, order_by="Report.id"
    )
    events: Mapped[list["CaseEvent"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="CaseEvent.id"
    )
    journal: Mapped[list["JournalEntry"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="JournalEntry.id"
    )
    consents: Mapped[list["Consent"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Consent.id"
    )
    referrals: Mapped[list["OfferReferral"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="OfferReferral.id"
    )
    care_considerations: Mapped[list["CareConsideration"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="CareConsideration.id"
    )
    disclosures: Mapped[list["Disclosure"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Disclosure.id"
    )
    decisions: Mapped[list["AssessmentDecision"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="AssessmentDecision.id"
    )


class Report(Base):
    """One concern report as it arrived, with the reporter's (confidential) identity."""

    __tablename__ = "reports"
    __table_args__ = (Index("ix_reports_case_id", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Who took the report in (a caseworker on the phone, a system); None for the public form.
    received_by: Mapped[str | None] = mapped_column(String(128))
    concern: Mapped[str] = encrypted()
    acute_danger: Mapped[bool] = mapped_column(Boolean)
    children_in_household: Mapped[str] = mapped_column(String(8))
    reporter_anonymous: Mapped[bool] = mapped_column(Boolean)
    reporter_name: Mapped[str | None] = encrypted(nullable=True)
    reporter_phone: Mapped[str | None] = encrypted(nullable=True)
    reporter_email: Mapped[str | None] = encrypted(nullable=True)
    reporter_relation: Mapped[str | None] = encrypted(nullable=True)
    reporter_anonymised_at: Mapped[datetime | None]
    # Only a keyed hash of the follow-up code is kept: the code itself was shown once, on the receipt.
    follow_up_code_hash: Mapped[str] = mapped_column(String(64))

    case: Mapped[Case] = relationship(back_populates="reports")
    additions: Mapped[list["ReportAddition"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ReportAddition.id"
    )


class ReportAddition(Base):
    """Information the reporter added later with the follow-up code."""

    __tablename__ = "report_additions"
    __table_args__ = (Index("ix_report_additions_report_id", "report_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    information: Mapped[str] = encrypted()
    acute_danger: Mapped[bool] = mapped_column(Boolean)


class CaseEvent(Base):
    """One step of the case: who, when and why (transitions, assignment, changed details)."""

    __tablename__ = "case_events"
    __table_args__ = (Index("ix_case_events_case_id", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = encrypted(nullable=True)
    follow_up_date: Mapped[date | None] = mapped_column(Date)
    actor: Mapped[str] = mapped_column(String(128))
    actor_name: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class JournalEntry(Base):
    """A note in the case journal; never edited, only corrected by a later entry."""

    __tablename__ = "journal_entries"
    __table_args__ = (Index("ix_journal_entries_case_id", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    text: Mapped[str] = encrypted()
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("journal_entries.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(128))
    author_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Consent(Base):
    """The citizen's consent: its scope, when it was given, and its withdrawal."""

    __tablename__ = "consents"
    __table_args__ = (Index("ix_consents_case_id", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    scope: Mapped[str] = encrypted()
    given_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    withdrawn_on: Mapped[date | None] = mapped_column(Date)
    withdrawn_by: Mapped[str | None] = mapped_column(String(128))
    withdrawn_at: Mapped[datetime | None]


class CareConsideration(Base):
    """The answer, before a declined case closes, that the duty of care (SEL § 82) and the coercion rules
    (SEL chapter 24) were considered, with the conclusion (DOMAIN § 6.4). Its text is also a journal entry."""

    __tablename__ = "care_considerations"
    __table_args__ = (Index("ix_care_considerations_case_id", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    journal_entry_id: Mapped[int] = mapped_column(ForeignKey("journal_entries.id", ondelete="CASCADE"))
    conclusion: Mapped[str] = encrypted()
    considered_by: Mapped[str] = mapped_column(String(128))
    considered_by_name: Mapped[str] = mapped_column(String(200))
    considered_at: Mapped[datetime] = mapped_column(default=utcnow)

    journal_entry: Mapped["JournalEntry"] = relationship()


class Disclosure(Base):
    """One passing of case information to another authority or person (forvaltningsloven §§ 27–28):
    to whom, what, on which basis, who decided and when (DOMAIN § 6.1, § 6.4)."""

    __tablename__ = "disclosures"
    __table_args__ = (Index("ix_disclosures_case_id", "case_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    recipient: Mapped[str] = encrypted()
    information: Mapped[str] = encrypted()
    basis: Mapped[str] = mapped_column(String(32))
    # Consent: the case's recorded consent, or – only on a case with none recorded – its scope as told.
    consent_id: Mapped[int | None] = mapped_column(ForeignKey("consents.id", ondelete="CASCADE"))
    consent_scope: Mapped[str | None] = encrypted(nullable=True)
    # A named legal provision; for forvaltningsloven § 28, stk. 2 the provision itself.
    legal_provision: Mapped[str | None] = mapped_column(String(200))
    # Why the information is of substantial importance (§ 28, stk. 2), or any note on the basis.
    justification: Mapped[str | None] = encrypted(nullable=True)
    decided_by_name: Mapped[str] = mapped_column(String(200))
    disclosed_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_by_name: Mapped[str] = mapped_column(String(200))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class LadderLevel(Base):
    """A step of the ladder of offers (tilbudstrappen), 1 the lightest."""

    __tablename__ = "ladder_levels"

    level: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    name_da: Mapped[str] = mapped_column(String(300))
    name_en: Mapped[str] = mapped_column(String(300))


class Offer(Base):
    """An offer on the ladder; the catalogue an administrator keeps."""

    __tablename__ = "offers"
    __table_args__ = (Index("ix_offers_level", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    level: Mapped[int] = mapped_column(ForeignKey("ladder_levels.level"))
    name_da: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    description_da: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    target_group_da: Mapped[str] = mapped_column(Text)
    target_group_en: Mapped[str] = mapped_column(Text)
    min_age: Mapped[int | None] = mapped_column(Integer)
    max_age: Mapped[int | None] = mapped_column(Integer)
    needs_assessment: Mapped[bool] = mapped_column(Boolean)
    provider: Mapped[str] = mapped_column(String(200))
    contact_name: Mapped[str] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(32))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    location_name: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(300))
    capacity_available: Mapped[int | None] = mapped_column(Integer)
    capacity_maximum: Mapped[int | None] = mapped_column(Integer)
    capacity_updated_at: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_by: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    legal_bases: Mapped[list["OfferLegalBasis"]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="OfferLegalBasis.valid_from",
        lazy="selectin",
    )


class OfferLegalBasis(Base):
    """The law an offer rests on, valid from a date: a new basis is a new row, the old one stays."""

    __tablename__ = "offer_legal_bases"
    __table_args__ = (Index("ix_offer_legal_bases_offer_id", "offer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"))
    law: Mapped[str] = mapped_column(String(100))
    paragraph: Mapped[str] = mapped_column(String(64))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)


class OfferReferral(Base):
    """A referral from a case to an offer, and where it stands."""

    __tablename__ = "offer_referrals"
    __table_args__ = (
        Index("ix_offer_referrals_case_id", "case_id"),
        Index("ix_offer_referrals_offer_id", "offer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id"))
    # The offer's level when it was proposed: the managers' figures per level stay as they were.
    level: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = encrypted(nullable=True)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    offer: Mapped[Offer] = relationship(lazy="joined")
    history: Mapped[list["ReferralEvent"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="ReferralEvent.id"
    )


class AssessmentDecision(Base):
    """The decision on an offer that needs an assessment (visitation), with its letter stored unchanged.

    The letter's HTML and PDF are rendered once, when the decision is made, and kept encrypted (they name
    the citizen); a later decision on the same referral is a new row that names the one it replaces.
    """

    __tablename__ = "assessment_decisions"
    __table_args__ = (
        Index("ix_assessment_decisions_case_id", "case_id"),
        Index("ix_assessment_decisions_referral_id", "referral_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    referral_id: Mapped[int] = mapped_column(ForeignKey("offer_referrals.id", ondelete="CASCADE"))
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    outcome: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(2))
    issued_on: Mapped[date] = mapped_column(Date)
    decision_text: Mapped[str] = encrypted()
    # JSON lists ([{"rule", "text"}] and [text]), encrypted whole.
    reasons: Mapped[str] = encrypted()
    facts: Mapped[str] = encrypted()
    hearing: Mapped[str] = encrypted()
    letter_html: Mapped[str] = encrypted()
    # The PDF's bytes as a Fernet token (ASCII), so re-encryption treats it like every other value.
    letter_pdf: Mapped[str] = encrypted()
    letter_sha256: Mapped[str] = mapped_column(String(64))
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("assessment_decisions.id", ondelete="CASCADE"))
    decided_by: Mapped[str] = mapped_column(String(128))
    decided_by_name: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    letters: Mapped[list["OutboxLetter"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="OutboxLetter.id", lazy="selectin"
    )


class OutboxLetter(Base):
    """A decision letter to send, and how it went: which channel, when, its receipt (DOMAIN § 6.7)."""

    __tablename__ = "outbox_letters"
    __table_args__ = (
        Index("ix_outbox_letters_decision_id", "decision_id"),
        Index("ix_outbox_letters_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("assessment_decisions.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None]
    receipt: Mapped[str | None] = mapped_column(String(255))
    detail: Mapped[str | None] = mapped_column(String(500))


class ReferralEvent(Base):
    __tablename__ = "referral_events"
    __table_args__ = (Index("ix_referral_events_referral_id", "referral_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("offer_referrals.id", ondelete="CASCADE"))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    actor: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class AccessLogEntry(Base):
    """One read of a person's data: who, when, which case, which fields, why. Append-only.

    No foreign key to the case: the entry outlives the case when retention deletes it. The lookup hash of
    the person's CPR at the time of the read lets the log be exported per person after that, too.
    """

    __tablename__ = "access_log"
    __table_args__ = (
        Index("ix_access_log_at", "at"),
        Index("ix_access_log_case_id", "case_id"),
        Index("ix_access_log_subject_hash", "subject_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(128))
    actor_name: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[int | None] = mapped_column(Integer)
    case_reference: Mapped[str | None] = mapped_column(String(16))
    subject_hash: Mapped[str | None] = mapped_column(String(64))
    fields: Mapped[list[str]] = mapped_column(JSON)
    purpose: Mapped[str] = mapped_column(String(32))


class CaseSubject(Base):
    """From when a case is about the person with this CPR lookup hash (None: no CPR). Append-only.

    An access-log entry keeps the hash the case had at the time of the read, and none when the case had
    no CPR number yet. The log itself cannot be updated afterwards, so this link says whose those reads
    were: the person the case was linked to at the time, or for reads before any CPR number, the first
    person it was linked to. No foreign key: like the log, the link outlives the case at retention.
    """

    __tablename__ = "case_subjects"
    __table_args__ = (
        Index("ix_case_subjects_case_id", "case_id"),
        Index("ix_case_subjects_subject_hash", "subject_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(Integer)
    case_reference: Mapped[str] = mapped_column(String(16))
    subject_hash: Mapped[str | None] = mapped_column(String(64))
    linked_at: Mapped[datetime] = mapped_column(default=utcnow)


class DeletionLogEntry(Base):
    """Every deletion and anonymisation retention made, with its archive export. Append-only."""

    __tablename__ = "deletion_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[int] = mapped_column(Integer)
    case_reference: Mapped[str] = mapped_column(String(16))
    case_type: Mapped[str] = mapped_column(String(32))
    closed_at: Mapped[datetime | None]
    deadline: Mapped[date] = mapped_column(Date)
    archive_file: Mapped[str | None] = mapped_column(String(255))
    archive_sha256: Mapped[str | None] = mapped_column(String(64))


APPEND_ONLY_TABLES = ("access_log", "deletion_log", "case_subjects")


def encrypted_columns() -> dict[str, list[str]]:
    """Table name → its encrypted columns, for re-encryption under a new key."""
    return {
        table.name: [column.name for column in table.columns if column.info.get("encrypted")]
        for table in Base.metadata.sorted_tables
        if any(column.info.get("encrypted") for column in table.columns)
    }
