"""Pydantic I/O of the allocation API (CONTRACT § 6 plus what the officer's pages need).

Shares travel as percentages with at most two decimals (`Decimal` in, number out) and are stored as
basis points; nothing on the way is a float.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import ConfigDict, Field, PlainSerializer, model_validator

from services.allocation.rules.bans import PartnerRelation
from services.allocation.rules.combined_letting import DecisionKind
from services.allocation.rules.dispensations import Consideration, missing_considerations
from services.allocation.rules.law import Benefit
from services.allocation.rules.model import AgreementStatus, Category, Channel, Designation, LegalBasis
from services.allocation.rules.ranking import SeekerStatus, Urgency
from services.allocation.rules.statuses import (
    CategorisationStatus,
    Consequence,
    DesignationSource,
    OfferStatus,
    QuotaAlertCode,
    SeekerReason,
    SourceStatus,
    VacancyEventKind,
    VacancyStatus,
)
from services.kit.inputs import NulFreeInput
from services.kit.schemas import Schema

# Exact on the way in, a plain JSON number on the way out.
Number = PlainSerializer(float, return_type=float, when_used="json")
Pct = Annotated[
    Decimal, Field(ge=0, le=100, decimal_places=2, description="percent, at most two decimals"), Number
]
Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")]
OrgCode = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9._\-]*$")]


class ReasonRead(Schema):
    """One explained step: a stable code (for translation), English text and the paragraph."""

    code: str
    text: str
    paragraph: str | None = None
    params: dict[str, str] = Field(default_factory=dict)


# --- organisations and areas ----------------------------------------------------------------------


class HousingOrganisationCreate(Schema, NulFreeInput):
    code: OrgCode
    name: str = Field(min_length=1, max_length=200)


class HousingOrganisationRead(Schema):
    code: str
    name: str
    areas: list[str] = Field(default_factory=list)


class AreaRead(Schema):
    code: str
    name: str
    housing_org: str | None


class AreaUpdate(Schema, NulFreeInput):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    housing_org: OrgCode | None = None


# --- agreements -----------------------------------------------------------------------------------


class CriteriaCondition(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")
    value: Annotated[Decimal, Number] | None = None


class CriteriaGroup(Schema):
    """A group of flexible letting with its share of the flexible vacancies and its conditions."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")
    share_pct: Pct
    label_da: str = Field("", max_length=200)
    label_en: str = Field("", max_length=200)
    conditions: list[CriteriaCondition] = Field(default_factory=list, max_length=20)


class TallyRead(Schema):
    vacancies: int
    municipal: int
    flexible: int
    waiting_list: int


class AgreementRead(Schema):
    year: int = Field(description="the letting year")
    source_year: int | None = Field(description="the list year of the categorisation it was drafted from")
    source_status: SourceStatus
    area_code: str
    area_name: str
    housing_org: str | None
    category: Category
    designations: list[Designation]
    municipal_share_pct: float
    applied_municipal_share_pct: float = Field(
        description="the share vacancies are assigned at now: above 25 % only once agreed (ABL § 59 stk. 1-2)"
    )
    flexible_share_pct: float
    rehousing_share_pct: float = Field(description="up to every 3rd vacancy for rehousing (ABL § 59 stk. 1)")
    flexible_mandatory: bool = Field(
        description="designated vulnerable, parallel society, transformation or prevention area (§ 60 stk. 4)"
    )
    legal_basis: LegalBasis
    status: AgreementStatus
    flexible_criteria: list[CriteriaGroup]
    flexible_period_from: int | None
    flexible_period_to: int | None
    combined_letting_ordered: bool
    combined_letting_extended: bool
    note: str
    bans: list[str] = Field(description="paragraphs barring municipal allocation of some households here")
    warnings: list[ReasonRead]
    tally: TallyRead
    agreed_by: str | None
    agreed_at: datetime | None
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime


class AgreementUpdate(Schema, NulFreeInput):
    """Only the fields sent are changed."""

    model_config = ConfigDict(extra="forbid")

    municipal_share_pct: Pct | None = None
    flexible_share_pct: Pct | None = None
    rehousing_share_pct: Pct | None = None
    legal_basis: LegalBasis | None = None
    status: AgreementStatus | None = None
    flexible_criteria: list[CriteriaGroup] | None = Field(None, max_length=20)
    flexible_period_from: int | None = Field(None, ge=2000, le=2100)
    flexible_period_to: int | None = Field(None, ge=2000, le=2100)
    combined_letting_ordered: bool | None = None
    combined_letting_extended: bool | None = None
    note: str | None = Field(None, max_length=4000)


class AgreementCreate(Schema, NulFreeInput):
    """An agreement for an area outside the categorisation (e.g. a new area): category chosen by hand."""

    model_config = ConfigDict(extra="forbid")

    area_code: Code
    category: Category
    designations: list[Designation] = Field(default_factory=list)
    municipal_share_pct: Pct | None = None
    flexible_share_pct: Pct | None = None
    legal_basis: LegalBasis | None = None
    note: str = Field("", max_length=4000)


class AgreementChangeRead(Schema):
    changes: dict[str, Any]
    changed_by: str
    changed_at: datetime


class AgreementDraftRead(Schema):
    year: int
    source_year: int
    source_status: CategorisationStatus
    created: list[str]
    replaced: list[str]
    kept: list[str]


# --- vacancies and lettings -----------------------------------------------------------------------


class VacancyCreate(Schema, NulFreeInput):
    """CONTRACT § 6: a vacant family dwelling as a housing organisation (or an officer) reports it."""

    external_id: str = Field(min_length=1, max_length=128, pattern=r"^[\x21-\x7e]+$")
    area_code: Code
    dwelling_ref: str = Field(min_length=1, max_length=128)
    rooms: int = Field(ge=1, le=20)
    floor_area_m2: float = Field(gt=0, le=2000)
    monthly_rent_dkk: Decimal = Field(ge=0, le=1_000_000, decimal_places=2)
    available_from: date
    accessible: bool | None = Field(None, description="step-free access, for seekers who need it")


class VacancyReceiptRead(Schema):
    """The answer to a report: the same body every time the same external_id is reported."""

    id: int
    external_id: str
    area_code: str
    year: int
    sequence: int
    channel: Channel
    reason: str


class LettingRead(Schema):
    id: int
    vacancy_id: int
    area_code: str
    year: int
    channel: Channel
    assigned_channel: Channel
    let_on: date
    days_to_letting: int
    seeker_id: int | None
    offer_id: int | None
    recorded_by: str
    created_at: datetime


class VacancyEventRead(Schema):
    kind: VacancyEventKind
    detail: dict[str, Any]
    actor: str
    at: datetime


class VacancyRead(VacancyReceiptRead):
    area_name: str
    housing_org: str | None
    reason_code: str
    reason_params: dict[str, str]
    municipal_share_pct: float = Field(description="the share applied to this vacancy")
    agreement_share_pct: float = Field(description="the agreement's share when the vacancy was reported")
    flexible_share_pct: float
    dwelling_ref: str
    rooms: int
    floor_area_m2: float
    monthly_rent_dkk: float
    accessible: bool | None
    available_from: date
    status: VacancyStatus
    deadline: date | None
    reported_by: str
    reported_by_org: str | None
    created_at: datetime
    returned_at: datetime | None
    reported_on: date
    returned_on: date | None
    days_held: int | None = Field(
        description="municipal vacancies: days the municipality held it, carrying the rent (ABL § 59 stk. 1)"
    )
    letting: LettingRead | None = None


class VacancyDetailRead(VacancyRead):
    events: list[VacancyEventRead]


class VacancyPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[VacancyRead]


class LettingCreate(Schema, NulFreeInput):
    model_config = ConfigDict(extra="forbid")

    channel: Channel = Field(description="the channel actually used")
    let_on: date
    seeker_id: int | None = Field(
        None, ge=1, le=2**31 - 1, description="the tenant, for municipal allocation"
    )


class OverdueReturnRead(Schema):
    as_of: date
    returned: list[VacancyRead]
    offers_expired: list[int]


# --- seekers, candidates, offers ------------------------------------------------------------------


# --- dated ban facts (ABL § 59 stk. 6 nr. 1-3 and 5, stk. 7) ----------------------------------

DATED_FACTS = ("released_from_prison", "released_from_youth_placement", "tenancy_terminated")


def _first_of_month(value: date | None) -> date | None:
    return value.replace(day=1) if value is not None else None


class BenefitPeriodFacts(Schema):
    """A period of receipt: its first and last calendar month (a date in the month; kept as its 1st).

    No `last_month` means ongoing. `date_unknown` is a period of at least 6 consecutive months recorded
    before periods were dated; it carries no months, and the officer completes them before an offer.
    """

    model_config = ConfigDict(extra="forbid")

    benefit: Benefit
    first_month: date | None = None
    last_month: date | None = None
    date_unknown: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> "BenefitPeriodFacts":
        self.first_month = _first_of_month(self.first_month)
        self.last_month = _first_of_month(self.last_month)
        if self.first_month is not None:
            self.date_unknown = False
        elif not self.date_unknown:
            raise ValueError("a period needs its first month, or date_unknown")
        elif self.last_month is not None:
            raise ValueError("a period with its dates unknown has no last month")
        if self.first_month and self.last_month and self.last_month < self.first_month:
            raise ValueError("the last month is before the first")
        return self


class HouseholdFactsSchema(Schema):
    """Facts about any member of the household; only what the bans of § 59 stk. 6-7 need: the END of each
    period (release, end of placement, termination, last month of receipt), never the offence.

    A date given clears the matching `*_date_unknown`.
    """

    released_from_prison_on: date | None = None
    released_from_prison_date_unknown: bool = False
    released_from_youth_placement_on: date | None = None
    released_from_youth_placement_date_unknown: bool = False
    tenancy_terminated_on: date | None = None
    tenancy_terminated_date_unknown: bool = False
    non_eu_citizen: bool = False
    non_eu_citizen_is_student: bool = False
    benefit_periods: list[BenefitPeriodFacts] = Field(default_factory=list, max_length=40)

    @model_validator(mode="after")
    def _date_clears_unknown(self) -> "HouseholdFactsSchema":
        for fact in DATED_FACTS:
            if getattr(self, f"{fact}_on") is not None:
                setattr(self, f"{fact}_date_unknown", False)
        return self


class SeekerCreate(HouseholdFactsSchema, NulFreeInput):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    adults: int = Field(1, ge=1, le=20)
    children: int = Field(0, ge=0, le=20)
    rooms_min: int = Field(1, ge=1, le=20)
    needs_accessible: bool = False
    max_rent_dkk: int | None = Field(None, ge=0, le=1_000_000)
    area_wishes: list[Code] = Field(default_factory=list, max_length=50)
    urgency: Urgency = Urgency.NORMAL
    reason: SeekerReason
    registered_on: date | None = Field(None, description="the registration date; today when left out")
    note: str = Field("", max_length=4000)


class SeekerUpdate(Schema, NulFreeInput):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    adults: int | None = Field(None, ge=1, le=20)
    children: int | None = Field(None, ge=0, le=20)
    rooms_min: int | None = Field(None, ge=1, le=20)
    needs_accessible: bool | None = None
    max_rent_dkk: int | None = Field(None, ge=0, le=1_000_000)
    area_wishes: list[Code] | None = Field(None, max_length=50)
    urgency: Urgency | None = None
    reason: SeekerReason | None = None
    status: SeekerStatus | None = None
    parked_until: date | None = None
    note: str | None = Field(None, max_length=4000)
    released_from_prison_on: date | None = None
    released_from_prison_date_unknown: bool | None = None
    released_from_youth_placement_on: date | None = None
    released_from_youth_placement_date_unknown: bool | None = None
    tenancy_terminated_on: date | None = None
    tenancy_terminated_date_unknown: bool | None = None
    non_eu_citizen: bool | None = None
    non_eu_citizen_is_student: bool | None = None
    benefit_periods: list[BenefitPeriodFacts] | None = Field(None, max_length=40)


class SeekerRead(HouseholdFactsSchema):
    id: int
    reference: str
    name: str
    adults: int
    children: int
    rooms_min: int
    needs_accessible: bool
    max_rent_dkk: int | None
    area_wishes: list[str]
    urgency: Urgency
    reason: SeekerReason
    registered_on: date
    status: SeekerStatus
    parked_until: date | None
    note: str
    created_by: str
    created_at: datetime
    dates_to_complete: list[str] = Field(
        default_factory=list,
        description="ban items recorded without their date; no offer where they apply until completed",
    )
    ban_until: dict[str, date] = Field(
        default_factory=dict,
        description="per recorded end (fact, or benefit_periods.<benefit>), the last offer date it bans",
    )


class RankedSeekerRead(Schema):
    seeker_id: int
    reference: str
    name: str
    rank: int | None
    reasons: list[ReasonRead]


class CandidatesRead(Schema):
    vacancy_id: int
    area_code: str
    designations: list[Designation]
    list_year: int = Field(description="the published list in force on as_of (DOMAIN § 3)")
    designations_source: DesignationSource
    warnings: list[ReasonRead] = Field(default_factory=list)
    as_of: date
    bans_checked: list[str]
    tie_breakers: list[ReasonRead]
    candidates: list[RankedSeekerRead]
    excluded: list[RankedSeekerRead]


class OfferCreate(Schema, NulFreeInput):
    model_config = ConfigDict(extra="forbid")

    seeker_id: int = Field(ge=1, le=2**31 - 1)
    reply_days: int | None = Field(None, ge=1, le=60, description="days to reply; the municipality's default")
    note: str = Field("", max_length=4000)


class OfferDeclineCreate(Schema, NulFreeInput):
    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=32, description="a code from GET /v1/decline-reasons")
    note: str = Field("", max_length=4000)


class OfferAcceptCreate(Schema, NulFreeInput):
    model_config = ConfigDict(extra="forbid")

    note: str = Field("", max_length=4000)


class OfferRead(Schema):
    id: int
    vacancy_id: int
    seeker_id: int
    seeker_reference: str
    seeker_name: str
    status: OfferStatus
    reply_by: date
    priority_list: list[dict[str, Any]]
    offered_by: str
    offered_at: datetime
    decline_reason: str | None
    consequence: Consequence | None
    parked_until: date | None
    decision_priority_list: list[dict[str, Any]] | None
    decided_by: str | None
    decided_at: datetime | None
    note: str


class DeclineReasonRead(Schema):
    code: str
    consequence: Consequence
    park_days: int | None
    text_da: str
    text_en: str


class RankingRulesRead(Schema):
    tie_breakers: list[ReasonRead]
    exclusions: list[ReasonRead]
    bans: list[dict[str, Any]]
    decline_reasons: list[DeclineReasonRead]


# --- applicant check ------------------------------------------------------------------------------


class BenefitReceiptCreate(Schema):
    """A person's latest period of one benefit (ABL § 51 b stk. 2: counted per person)."""

    model_config = ConfigDict(extra="forbid")

    benefit: Benefit
    received_now: bool = Field(True, description="received in the current month")
    consecutive_months: int = Field(
        ge=1,
        le=1200,
        description="consecutive calendar months received, up to now (or up to its last month, if ended)",
    )


class PersonBenefitsCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    benefits: list[BenefitReceiptCreate] = Field(default_factory=list, max_length=8)

    @model_validator(mode="after")
    def _one_period_per_benefit(self) -> "PersonBenefitsCreate":
        named = [b.benefit for b in self.benefits]
        if len(named) != len(set(named)):
            raise ValueError("each benefit at most once per person (its latest period)")
        return self


class PartnerBenefitsCreate(PersonBenefitsCreate):
    relation: PartnerRelation = Field(
        description="spouse and cohabitant_2_years are covered; cohabitant_under_2_years is not counted"
    )


class ApplicantCheckCreate(Schema, NulFreeInput):
    """A housing organisation's question about a waiting-list applicant (ABL §§ 51 b, 51 c).

    The household is `applicant` and, if any, `partner` (a spouse or a cohabitant). The older flat fields
    `receives_now` and `received_6_consecutive_months` are still read, as the applicant's own facts: a
    benefit in both counts as received now for 6 months, one only received now as under 6 months, one
    only received for 6 months as a period that has ended. They cannot be mixed with `applicant`.
    """

    model_config = ConfigDict(extra="forbid")

    area_code: Code
    lives_in_department: bool = False
    applicant: PersonBenefitsCreate | None = None
    partner: PartnerBenefitsCreate | None = None
    receives_now: list[Benefit] = Field(default_factory=list, max_length=8)
    received_6_consecutive_months: list[Benefit] = Field(default_factory=list, max_length=8)
    applicant_ref: str | None = Field(
        None, max_length=64, description="the organisation's own reference; never a CPR number"
    )

    @model_validator(mode="after")
    def _one_form(self) -> "ApplicantCheckCreate":
        if self.applicant is not None and (self.receives_now or self.received_6_consecutive_months):
            raise ValueError("send the applicant's benefits either in `applicant` or in the flat fields")
        return self

    def applicant_benefits(self) -> list[BenefitReceiptCreate]:
        if self.applicant is not None:
            return self.applicant.benefits
        now, six = set(self.receives_now), set(self.received_6_consecutive_months)
        return [
            BenefitReceiptCreate(benefit=b, received_now=b in now, consecutive_months=6 if b in six else 1)
            for b in sorted(now | six)
        ]


class ApplicantCheckRead(Schema):
    id: int
    area_code: str
    designations: list[Designation]
    allowed: bool
    paragraphs: list[str]
    reasons: list[ReasonRead]
    dispensation_possible: bool
    checked_at: datetime
    # DOMAIN § 3: the check uses the list in force on its date; `agreement` means that list is not loaded
    # and the letting agreement's designations stood in (a `list_not_loaded` reason says so).
    list_year: int
    designations_source: DesignationSource


# --- acute housing --------------------------------------------------------------------------------


class AcuteApplicationCreate(Schema, NulFreeInput):
    """CONTRACT § 6; criteria other municipalities configure are answered in `facts` by their code."""

    model_config = ConfigDict(extra="forbid")

    resident_of_municipality: bool | None = None
    acute_unforeseen_situation: bool | None = None
    had_own_dwelling: bool | None = None
    divorce_with_children_under_18: bool | None = None
    registered_housing_organisations: int | None = Field(None, ge=0, le=100)
    facts: dict[str, bool | int] = Field(default_factory=dict, max_length=50)
    applicant_name: str = Field("", max_length=200)
    officer_note: str = Field("", max_length=4000)


class AcuteCriterionRead(Schema):
    code: str
    met: bool
    text_da: str
    text_en: str
    why_da: str
    why_en: str
    answer: bool | int | None


class AcuteApplicationRead(Schema):
    id: int
    reference: str
    eligible: bool
    criteria: list[AcuteCriterionRead]
    citizen_text_da: str
    citizen_text_en: str
    officer_text_da: str
    officer_text_en: str
    officer_note: str
    applicant_name: str
    decided_by: str
    decided_at: datetime
    note_updated_by: str | None
    note_updated_at: datetime | None


class AcuteNoteUpdate(Schema, NulFreeInput):
    model_config = ConfigDict(extra="forbid")

    officer_note: str = Field(max_length=4000)


class AcuteCriterionConfigRead(Schema):
    code: str
    text_da: str
    text_en: str
    minimum: int | None


# --- statistics -----------------------------------------------------------------------------------

ChannelCounts = dict[Channel, int | None]
ChannelShares = dict[Channel, float | None]


class ChannelBreakdownRead(Schema):
    total: int | None
    counts: ChannelCounts
    shares_pct: ChannelShares


class ChannelStatisticsRead(ChannelBreakdownRead):
    """CONTRACT § 6: channel shares of the year's recorded lettings."""

    year: int
    total: int | None  # null for a reader who sees aggregates only, when under the small-number threshold
    by_category: dict[Category, ChannelBreakdownRead]
    suppressed: bool = Field(description="true when small counts were hidden for this reader")
    suppression_threshold: int


class YearFiguresRead(Schema):
    """One year's figures; for a reader who sees aggregates only, a count (and what is computed from it)
    under the small-number threshold is null."""

    year: int
    lettings: int | None
    counts: ChannelCounts
    shares_pct: ChannelShares
    municipal_allocations: int | None
    returned: int | None
    median_days_to_letting: float | None
    mean_days_to_letting: float | None
    days_by_channel: dict[str, float | None]


class YearsStatisticsRead(Schema):
    years: list[YearFiguresRead]
    suppression_threshold: int


class QuotaLineRead(Schema):
    area_code: str | None
    area_name: str | None
    category: Category | None
    municipal_share_pct: float | None
    vacancies: int | None
    due: int | None
    allocated: int | None
    pending: int | None
    returned: int | None
    fulfilment_pct: float | None
    forecast_vacancies: float | None
    forecast_due: int | None
    forecast_allocated: float | None
    forecast_fulfilment_pct: float | None
    behind: bool


class QuotaAlertRead(Schema):
    area_code: str
    code: QuotaAlertCode
    text: str


class QuotaStatisticsRead(Schema):
    year: int
    as_of: date
    elapsed_days: int
    year_days: int
    alert_below_pct: float
    areas: list[QuotaLineRead]
    categories: list[QuotaLineRead]
    total: QuotaLineRead
    alerts: list[QuotaAlertRead]
    suppressed: bool


# --- § 51 b decisions and days held (statutory bookkeeping) ---------------------------------------


class CombinedLettingDecisionCreate(Schema, NulFreeInput):
    """A municipality's ABL § 51 b decision for one area."""

    model_config = ConfigDict(extra="forbid")

    kind: DecisionKind
    decided_on: date
    decided_by: str = Field(min_length=1, max_length=200, description="the council or committee that decided")
    justification: str = Field(min_length=1, max_length=4000)


class CombinedLettingDecisionRead(Schema):
    id: int
    area_code: str
    area_name: str
    kind: DecisionKind
    decided_on: date
    decided_by: str
    justification: str
    recorded_by: str
    recorded_at: datetime


class CombinedLettingReportRead(Schema):
    """The decisions of a period, for the report to the minister (ABL § 51 b)."""

    date_from: date
    date_to: date
    decisions: list[CombinedLettingDecisionRead]


class DaysHeldLineRead(Schema):
    area_code: str | None
    area_name: str | None
    municipal_vacancies: int
    still_held: int
    days_total: int
    days_mean: float | None


class DaysHeldStatisticsRead(Schema):
    """Days the municipality held its municipal vacancies before letting or return (ABL § 59 stk. 1)."""

    year: int
    as_of: date
    areas: list[DaysHeldLineRead]
    total: DaysHeldLineRead


# --- § 51 c dispensations (DOMAIN § 5.4) ------------------------------------------------------


class WeighedConsideration(Schema):
    """One of the four considerations of bekendtgørelse om udlejning § 37, weighed yes/no with a note."""

    model_config = ConfigDict(extra="forbid")

    code: Consideration
    applies: bool = Field(description="does the consideration speak for a dispensation here")
    note: str = Field(min_length=1, max_length=2000)


class DispensationCreate(Schema, NulFreeInput):
    """The officer's decision on a check refused under § 51 c: all four considerations, then the result."""

    model_config = ConfigDict(extra="forbid")

    considerations: list[WeighedConsideration] = Field(min_length=4, max_length=4)
    granted: bool
    justification: str = Field(min_length=1, max_length=4000)

    @model_validator(mode="after")
    def _each_once(self) -> "DispensationCreate":
        if missing_considerations({c.code for c in self.considerations}):
            raise ValueError("weigh each of the four considerations once")
        if any(not c.note.strip() for c in self.considerations) or not self.justification.strip():
            raise ValueError("every consideration needs a note, and the decision a justification")
        return self


class DispensationRead(Schema):
    id: int
    check_id: int
    area_code: str
    housing_org: str | None
    applicant_ref: str | None
    considerations: list[WeighedConsideration]
    granted: bool
    justification: str
    decided_on: date
    report_year: int = Field(description="the 1 July report that counts it")
    decided_by: str
    decided_at: datetime


class ApplicantCheckRecordRead(Schema):
    """A logged applicant check, as the officer's dispensation page shows it."""

    id: int
    area_code: str
    allowed: bool
    paragraphs: list[str]
    reasons: list[ReasonRead]
    applicant_ref: str | None
    housing_org: str | None
    created_at: datetime
    dispensation_possible: bool
    dispensation_id: int | None


class DispensationReportAreaRead(Schema):
    area_code: str
    granted: int
    refused: int


class DispensationReportRead(Schema):
    """The yearly report to the ministry, due 1 July: dispensations decided 1 July the year before to
    30 June."""

    report_year: int
    first_day: date
    last_day: date
    due_on: date
    granted: int
    refused: int
    areas: list[DispensationReportAreaRead]
