"""Database models of the allocation service; its tables live in the `allocation` schema.

Shares are whole basis points (hundredths of a percent) and rents whole øre, so that the quota rule and
the affordability check never meet a float. Statuses and kinds are stored as the values of their StrEnums
(named beside each column); the code compares and assigns the enums, never the bare strings.
"""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.kit.db import TYPE_ANNOTATION_MAP, make_metadata, utcnow


class Base(DeclarativeBase):
    metadata = make_metadata(schema="allocation")
    type_annotation_map = TYPE_ANNOTATION_MAP


class HousingOrganisation(Base):
    """A housing organisation (boligorganisation); its machine client carries `code` in its token."""

    __tablename__ = "housing_organisations"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Area(Base):
    """A housing area as the allocation service knows it: code, name and the organisation owning it."""

    __tablename__ = "areas"
    __table_args__ = (Index("ix_areas_housing_org", "housing_org"),)

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    housing_org: Mapped[str | None] = mapped_column(ForeignKey("housing_organisations.code"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Agreement(Base):
    """The yearly letting agreement of one area (DOMAIN § 5.2), with the categorisation it was made from."""

    __tablename__ = "agreements"
    __table_args__ = (UniqueConstraint("year", "area_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)  # the letting year
    area_code: Mapped[str] = mapped_column(ForeignKey("areas.code"))
    source_year: Mapped[int | None] = mapped_column(Integer)  # the list year of the categorisation
    source_status: Mapped[str] = mapped_column(String(16))  # rules.statuses.SourceStatus
    category: Mapped[str] = mapped_column(String(16))
    designations: Mapped[list[str]] = mapped_column(JSON)
    municipal_share_bp: Mapped[int] = mapped_column(Integer)
    flexible_share_bp: Mapped[int] = mapped_column(Integer)
    # Up to every 3rd vacancy for rehousing after demolition or renewal (ABL § 59 stk. 1); 0 = none.
    rehousing_share_bp: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    legal_basis: Mapped[str] = mapped_column(String(16))  # rules.model.LegalBasis
    status: Mapped[str] = mapped_column(String(16))  # rules.model.AgreementStatus
    flexible_criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    flexible_period_from: Mapped[int | None] = mapped_column(Integer)
    flexible_period_to: Mapped[int | None] = mapped_column(Integer)
    combined_letting_ordered: Mapped[bool] = mapped_column(Boolean, default=False)
    combined_letting_extended: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    agreed_by: Mapped[str | None] = mapped_column(String(128))
    agreed_at: Mapped[datetime | None] = mapped_column()
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(128))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AgreementChange(Base):
    """One change to an agreement: which fields went from what to what, by whom."""

    __tablename__ = "agreement_changes"
    __table_args__ = (Index("ix_agreement_changes_agreement_id", "agreement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(ForeignKey("agreements.id"))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    changed_by: Mapped[str] = mapped_column(String(128))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class QuotaCounter(Base):
    """An area-year's vacancies so far by channel; locked with its agreement while the next one is numbered
    (the first statement of services/allocation/report_statements.py)."""

    __tablename__ = "quota_counters"

    area_code: Mapped[str] = mapped_column(ForeignKey("areas.code"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    vacancies: Mapped[int] = mapped_column(Integer, default=0)
    municipal: Mapped[int] = mapped_column(Integer, default=0)
    flexible: Mapped[int] = mapped_column(Integer, default=0)
    waiting_list: Mapped[int] = mapped_column(Integer, default=0)


class Vacancy(Base):
    """A vacant family dwelling as reported, numbered in its area-year and given its channel."""

    __tablename__ = "vacancies"
    __table_args__ = (
        # An external_id is the housing organisation's own id: unique within that organisation only, so one
        # organisation can neither learn of nor block another's ids (issue 13).
        UniqueConstraint("external_scope", "external_id"),
        UniqueConstraint("area_code", "year", "sequence"),
        Index("ix_vacancies_year_status", "year", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    external_id: Mapped[str] = mapped_column(String(128))
    # The organisation owning the area when it was reported ("" for an area without one).
    external_scope: Mapped[str] = mapped_column(String(64), server_default="")
    area_code: Mapped[str] = mapped_column(ForeignKey("areas.code"))
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(16))  # rules.model.Channel
    reason: Mapped[str] = mapped_column(Text)
    reason_code: Mapped[str] = mapped_column(String(32))
    reason_params: Mapped[dict[str, str]] = mapped_column(JSON)
    municipal_share_bp: Mapped[int] = mapped_column(Integer)  # the share applied (ABL § 59 stk. 1-2)
    agreement_share_bp: Mapped[int] = mapped_column(Integer)  # the agreement's share when reported
    flexible_share_bp: Mapped[int] = mapped_column(Integer)
    dwelling_ref: Mapped[str] = mapped_column(String(128))
    rooms: Mapped[int] = mapped_column(Integer)
    floor_area_m2: Mapped[float] = mapped_column(Float)
    monthly_rent_ore: Mapped[int] = mapped_column(Integer)
    accessible: Mapped[bool | None] = mapped_column(Boolean)
    available_from: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # rules.statuses.VacancyStatus
    deadline: Mapped[date | None] = mapped_column(Date)  # municipal vacancies only
    reported_by: Mapped[str] = mapped_column(String(128))
    reported_by_org: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    returned_at: Mapped[datetime | None] = mapped_column()
    reported_on: Mapped[date] = mapped_column(Date)  # the service's day of the report
    returned_on: Mapped[date | None] = mapped_column(Date)  # the service's day of the return


class VacancyEvent(Base):
    """What happened to a vacancy, in order: reported, offered, declined, returned, let."""

    __tablename__ = "vacancy_events"
    __table_args__ = (Index("ix_vacancy_events_vacancy_id", "vacancy_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id"))
    kind: Mapped[str] = mapped_column(String(32))  # rules.statuses.VacancyEventKind
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    actor: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Seeker(Base):
    """A housing seeker registered for municipal allocation, with only the facts the bans need."""

    __tablename__ = "seekers"
    __table_args__ = (UniqueConstraint("reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    adults: Mapped[int] = mapped_column(Integer)
    children: Mapped[int] = mapped_column(Integer)
    rooms_min: Mapped[int] = mapped_column(Integer)
    needs_accessible: Mapped[bool] = mapped_column(Boolean, default=False)
    max_rent_dkk: Mapped[int | None] = mapped_column(Integer)
    area_wishes: Mapped[list[str]] = mapped_column(JSON)
    urgency: Mapped[str] = mapped_column(String(16))  # rules.ranking.Urgency
    reason: Mapped[str] = mapped_column(String(32))  # rules.statuses.SeekerReason
    registered_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # rules.ranking.SeekerStatus
    parked_until: Mapped[date | None] = mapped_column(Date)
    # ABL § 59 stk. 6 nr. 1-3: the END of each period (never the offence); `*_date_unknown` marks a fact
    # recorded as yes/no before the dates were kept, which the officer completes before an offer.
    released_from_prison_on: Mapped[date | None] = mapped_column(Date)
    released_from_prison_date_unknown: Mapped[bool] = mapped_column(Boolean, default=False)
    released_from_youth_placement_on: Mapped[date | None] = mapped_column(Date)
    released_from_youth_placement_date_unknown: Mapped[bool] = mapped_column(Boolean, default=False)
    tenancy_terminated_on: Mapped[date | None] = mapped_column(Date)
    tenancy_terminated_date_unknown: Mapped[bool] = mapped_column(Boolean, default=False)
    non_eu_citizen: Mapped[bool] = mapped_column(Boolean, default=False)
    non_eu_citizen_is_student: Mapped[bool] = mapped_column(Boolean, default=False)
    # nr. 5 / stk. 7 nr. 5: periods [{"benefit", "first_month", "last_month" (null: ongoing), "date_unknown"}]
    benefit_periods: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Offer(Base):
    """A municipal vacancy offered to a seeker; the priority list is kept at the offer and the decision."""

    __tablename__ = "offers"
    __table_args__ = (
        Index("ix_offers_vacancy_id", "vacancy_id"),
        Index("ix_offers_seeker_id_status", "seeker_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id"))
    seeker_id: Mapped[int] = mapped_column(ForeignKey("seekers.id"))
    status: Mapped[str] = mapped_column(String(16))  # rules.statuses.OfferStatus
    reply_by: Mapped[date] = mapped_column(Date)
    priority_list: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    offered_by: Mapped[str] = mapped_column(String(128))
    offered_at: Mapped[datetime] = mapped_column(default=utcnow)
    decline_reason: Mapped[str | None] = mapped_column(String(32))
    consequence: Mapped[str | None] = mapped_column(String(16))  # rules.statuses.Consequence
    parked_until: Mapped[date | None] = mapped_column(Date)
    decision_priority_list: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    decided_by: Mapped[str | None] = mapped_column(String(128))
    decided_at: Mapped[datetime | None] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")
    # Why the officer withdrew the offer, and what the seeker was heard on (the withdrawal letter says both);
    # None for an offer withdrawn because its vacancy went back to the housing organisation.
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    withdrawal_hearing: Mapped[str | None] = mapped_column(Text)


class Letting(Base):
    """A dwelling let, with the channel actually used (which may differ from the one assigned)."""

    __tablename__ = "lettings"
    __table_args__ = (UniqueConstraint("vacancy_id"), Index("ix_lettings_year_channel", "year", "channel"))

    id: Mapped[int] = mapped_column(primary_key=True)
    vacancy_id: Mapped[int] = mapped_column(ForeignKey("vacancies.id"))
    area_code: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)  # the vacancy's letting year
    channel: Mapped[str] = mapped_column(String(16))
    assigned_channel: Mapped[str] = mapped_column(String(16))
    let_on: Mapped[date] = mapped_column(Date)
    days_to_letting: Mapped[int] = mapped_column(Integer)
    seeker_id: Mapped[int | None] = mapped_column(ForeignKey("seekers.id"))
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offers.id"))
    recorded_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApplicantCheckRecord(Base):
    """A housing organisation's § 51 c / § 51 b question and the answer; no person is named."""

    __tablename__ = "applicant_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    area_code: Mapped[str] = mapped_column(String(32))
    allowed: Mapped[bool] = mapped_column(Boolean)
    paragraphs: Mapped[list[str]] = mapped_column(JSON)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    applicant_ref: Mapped[str | None] = mapped_column(String(64))
    requested_by: Mapped[str] = mapped_column(String(128))
    housing_org: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AcuteApplication(Base):
    """An acute-housing application decided against the configured criteria: a decision record."""

    __tablename__ = "acute_applications"
    __table_args__ = (UniqueConstraint("reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32))
    applicant_name: Mapped[str] = mapped_column(String(200), default="")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    eligible: Mapped[bool] = mapped_column(Boolean)
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    citizen_text_da: Mapped[str] = mapped_column(Text)
    citizen_text_en: Mapped[str] = mapped_column(Text)
    officer_text_da: Mapped[str] = mapped_column(Text)
    officer_text_en: Mapped[str] = mapped_column(Text)
    officer_note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(128))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    note_updated_by: Mapped[str | None] = mapped_column(String(128))
    note_updated_at: Mapped[datetime | None] = mapped_column()


class ScheduledJob(Base):
    """When a periodic job last ran, shared by every replica: the row is the lease that makes it run once
    per interval across all of them (locked while one replica runs the job, in the job's own transaction)."""

    __tablename__ = "scheduled_jobs"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_run_at: Mapped[datetime | None] = mapped_column()
    last_run_by: Mapped[str | None] = mapped_column(String(128))
    runs: Mapped[int] = mapped_column(Integer, default=0)


# --- § 51 b decisions (combined letting) ----------------------------------------------------------


class CombinedLettingDecision(Base):
    """A municipality's decision under ABL § 51 b for one area: to order combined letting, to extend it to
    the benefits of stk. 1 2. pkt., or to withdraw it. Reported to the minister; never changed, only
    followed by another decision."""

    __tablename__ = "combined_letting_decisions"
    __table_args__ = (
        Index("ix_combined_letting_decisions_area_code", "area_code"),
        Index("ix_combined_letting_decisions_decided_on", "decided_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    area_code: Mapped[str] = mapped_column(ForeignKey("areas.code"))
    kind: Mapped[str] = mapped_column(String(16))  # rules.combined_letting.DecisionKind
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(200))  # who decided: the council or committee
    justification: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- the published lists in force, dated ban facts, § 51 c dispensations --------------------------


class ListDesignation(Base):
    """An area's designations on the published list of one list year (DOMAIN § 3: the list in force on a
    date governs bans, § 51 b/§ 51 c checks and offers). Stored whenever agreements are drafted from a
    categorisation of that list year."""

    __tablename__ = "list_designations"

    list_year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    area_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    designations: Mapped[list[str]] = mapped_column(JSON)
    loaded_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Dispensation(Base):
    """A § 51 c dispensation decision (bekendtgørelse om udlejning af almene boliger § 37): the four
    considerations, each weighed yes/no with a note, granted or refused with a justification. No person
    is named: the check's applicant_ref is the only link."""

    __tablename__ = "dispensations"
    __table_args__ = (UniqueConstraint("check_id"), Index("ix_dispensations_decided_on", "decided_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("applicant_checks.id"))
    area_code: Mapped[str] = mapped_column(String(32))
    housing_org: Mapped[str | None] = mapped_column(String(64))
    applicant_ref: Mapped[str | None] = mapped_column(String(64))
    considerations: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    granted: Mapped[bool] = mapped_column(Boolean)
    justification: Mapped[str] = mapped_column(Text)
    decided_on: Mapped[date] = mapped_column(Date)
    decided_by: Mapped[str] = mapped_column(String(128))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- decision letters and their outbox (DOMAIN § 6.7) ----------------------------------------------


class DecisionLetterRecord(Base):
    """A decision letter as issued, in one language: written once with its decision and never changed (a
    correction is a new row naming the one it replaces). `content` is what it was rendered from.

    Like the rest of this service's records (seekers' and applicants' names), the letter is stored in
    plain text: the allocation service holds no CPR numbers and encrypts no field.
    """

    __tablename__ = "decision_letters"
    __table_args__ = (
        UniqueConstraint("reference", "language"),
        Index("ix_decision_letters_decision", "decision_type", "decision_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_type: Mapped[str] = mapped_column(String(32))  # rules.statuses.DecisionType
    # The acute application's, the offer's or the dispensation's id, as decision_type says.
    decision_id: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(2))
    reference: Mapped[str] = mapped_column(String(48))
    issued_on: Mapped[date] = mapped_column(Date)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    html: Mapped[str] = mapped_column(Text)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    correction_of: Mapped[int | None] = mapped_column(ForeignKey("decision_letters.id"))
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LetterDelivery(Base):
    """One letter in the outbox: queued when the letter is issued, then sent (or refused) by a channel,
    with the channel's receipt and when."""

    __tablename__ = "letter_outbox"
    __table_args__ = (
        Index("ix_letter_outbox_letter_id", "letter_id"),
        Index("ix_letter_outbox_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("decision_letters.id"))
    channel: Mapped[str] = mapped_column(String(32))  # the configured channel; the one used once tried
    status: Mapped[str] = mapped_column(String(16))  # rules.statuses.DeliveryStatus
    receipt: Mapped[str | None] = mapped_column(String(200))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    attempted_at: Mapped[datetime | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- the common letting agreement (DOMAIN § 7) -------------------------------------------------------


class CommonAgreementVersion(Base):
    """One version of a housing organisation's common letting agreement of a letting year, as it was sent:
    the whole generated document, and who sent it and when; then who recorded the organisation's agreement
    and when. The document never changes once stored, and an agreed version never changes at all
    (services/allocation/common_agreements.py guards both); a revision is a new version."""

    __tablename__ = "common_agreement_versions"
    __table_args__ = (UniqueConstraint("year", "housing_org", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)  # the letting year
    housing_org: Mapped[str] = mapped_column(ForeignKey("housing_organisations.code"))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # rules.statuses.CommonAgreementStatus: sent, agreed
    document: Mapped[dict[str, Any]] = mapped_column(JSON)  # schemas.common_agreements.CommonAgreementContent
    sent_by: Mapped[str] = mapped_column(String(128))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    agreed_by: Mapped[str | None] = mapped_column(String(128))
    agreed_at: Mapped[datetime | None] = mapped_column()
