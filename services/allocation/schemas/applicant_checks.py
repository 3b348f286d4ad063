"""The housing organisations' applicant check (ABL §§ 51 b, 51 c)."""

from datetime import datetime

from pydantic import ConfigDict, Field, model_validator

from services.allocation.rules.bans import PartnerRelation
from services.allocation.rules.law import Benefit
from services.allocation.rules.model import Designation
from services.allocation.rules.statuses import DesignationSource
from services.allocation.schemas import Code, ReasonRead, examples
from services.kit.inputs import NulFreeInput
from services.kit.schemas import Schema


class BenefitReceiptCreate(Schema):
    """A person's latest period of one benefit (ABL § 51 b stk. 2: counted per person)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.BENEFIT_RECEIPT]})

    benefit: Benefit
    received_now: bool = Field(True, description="received in the current month")
    consecutive_months: int = Field(
        ge=1,
        le=1200,
        description="consecutive calendar months received, up to now (or up to its last month, if ended)",
    )


class PersonBenefitsCreate(Schema):
    """The benefits one person receives or has received, each its latest period."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.PERSON_BENEFITS]})

    benefits: list[BenefitReceiptCreate] = Field(default_factory=list, max_length=8)

    @model_validator(mode="after")
    def _one_period_per_benefit(self) -> "PersonBenefitsCreate":
        named = [b.benefit for b in self.benefits]
        if len(named) != len(set(named)):
            raise ValueError("each benefit at most once per person (its latest period)")
        return self


class PartnerBenefitsCreate(PersonBenefitsCreate):
    """The spouse's or cohabitant's benefits, and the relation (which decides whether they count)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PARTNER_BENEFITS]})

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

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [examples.APPLICANT_CHECK_CREATE]}
    )

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
    """May the applicant be let to in the area: the answer, the paragraphs and the reasons."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.APPLICANT_CHECK]})

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
