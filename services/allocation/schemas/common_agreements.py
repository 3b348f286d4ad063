"""The common letting agreement (fællesaftale, DOMAIN § 7, CONTRACT § 9): one housing organisation's areas in
one letting year, generated from the data, with its versions draft → sent → agreed.

`CommonAgreementContent` is the generated document itself, stored whole with each version that is sent;
`CommonAgreementRead` is that content with where it stands (version, status, who and when, its history, and
whether today's data would give a different document).
"""

from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field

from services.allocation.rules.model import AgreementStatus, Category, Designation, LegalBasis
from services.allocation.rules.statuses import CategorisationStatus, CommonAgreementStatus
from services.allocation.schemas import ReasonRead, examples
from services.allocation.schemas.agreements import CriteriaGroup
from services.kit.schemas import Schema


class OrganisationRef(Schema):
    """The housing organisation the agreement is made with."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.COMMON_AGREEMENT_ORGANISATION]})

    code: str
    name: str


class AreaCategorisationRead(Schema):
    """The area in the categorisation of the list year, as the categorisation service answered."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.COMMON_AGREEMENT_CATEGORISATION]})

    category: Category
    designations: list[Designation]
    status: CategorisationStatus = Field(description="approved, or only proposed so far")


class AreaAgreementRead(Schema):
    """The area's letting agreement of the letting year (DOMAIN § 5.2), as far as the common agreement
    states it."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.COMMON_AGREEMENT_AREA_AGREEMENT]})

    source_year: int | None = Field(description="the list year it was drafted from; null if made by hand")
    municipal_share_pct: float
    flexible_share_pct: float
    rehousing_share_pct: float = Field(description="up to every 3rd vacancy for rehousing (ABL § 59 stk. 1)")
    flexible_mandatory: bool = Field(
        description="designated vulnerable, parallel society, transformation or prevention area (§ 60 stk. 4)"
    )
    flexible_criteria: list[CriteriaGroup]
    flexible_period_from: int | None
    flexible_period_to: int | None
    legal_basis: LegalBasis
    status: AgreementStatus = Field(description="the letting agreement's own status")
    combined_letting_ordered: bool = Field(description="combined letting ordered (ABL § 51 b)")
    combined_letting_extended: bool = Field(description="extended to the benefits of § 51 b stk. 1, 2nd pkt.")
    note: str


class CommonAgreementAreaRead(Schema):
    """One area the organisation owns: its categorisation (annex 1) and its letting agreement (annex 2)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.COMMON_AGREEMENT_AREA]})

    area_code: str
    area_name: str
    categorisation: AreaCategorisationRead | None = Field(
        description="null when the area is not in the categorisation of the list year"
    )
    agreement: AreaAgreementRead | None = Field(
        description="null when the area has no letting agreement for the letting year (then the common "
        "agreement cannot be sent)"
    )


class PlanTargetRead(Schema):
    """A measurable target of an area plan (CONTRACT § 8)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.COMMON_AGREEMENT_TARGET]})

    area_code: str
    indicator: str = Field(description="a housing-data column, e.g. outside_labour_market_pct")
    comparator: str = Field(description="<, <=, > or >=")
    value: float
    by_year: int


class CommonAgreementPlanRead(Schema):
    """An area plan covering any of the organisation's areas in the letting year (annex 3)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.COMMON_AGREEMENT_PLAN]})

    title: str
    area_codes: list[str] = Field(description="every area of the plan, the organisation's and others'")
    period_from: int
    period_to: int
    visions: str
    requirements: str
    community: str
    targets: list[PlanTargetRead]


class CommonAgreementContent(Schema):
    """The document as generated from the data: what a sent version stores, unchanged."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.COMMON_AGREEMENT_CONTENT]})

    year: int = Field(description="the letting year")
    organisation: OrganisationRef
    categorisation_year: int = Field(
        description="the list year of the categorisation annex: the one the organisation's agreements of "
        "the letting year were drafted from (the year before when none says)"
    )
    categorisation_approved: bool = Field(
        description="the categorisation of that list year is approved (a proposal cannot be sent)"
    )
    generated_at: datetime
    areas: list[CommonAgreementAreaRead] = Field(description="every area the organisation owns, by code")
    area_plans: list[CommonAgreementPlanRead] = Field(
        description="the area plans covering any of its areas in the letting year, newest period first"
    )


class CommonAgreementVersionRead(Schema):
    """One stored version: sent, and agreed when it was."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.COMMON_AGREEMENT_VERSION]})

    version: int
    status: CommonAgreementStatus
    sent_at: datetime
    sent_by: str
    agreed_at: datetime | None
    agreed_by: str | None


class CommonAgreementRead(CommonAgreementContent):
    """The document with where it stands: a stored version (frozen content), or today's draft."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.COMMON_AGREEMENT]})

    version: int = Field(description="this version's number; for a draft, the number it will get when sent")
    latest_version: int | None = Field(description="the newest stored version; null when none is stored")
    status: CommonAgreementStatus
    sent_at: datetime | None
    sent_by: str | None
    agreed_at: datetime | None
    agreed_by: str | None
    versions: list[CommonAgreementVersionRead] = Field(description="every stored version, newest first")
    changed_since: bool | None = Field(
        description="a stored version: whether today's data give a different document (a new version is "
        "due); false for a draft; null when it cannot be told (the categorisation service did not answer, "
        "or the caller reads only what was sent to it)"
    )
    problems: list[ReasonRead] = Field(
        description="what stops today's document from being sent (empty: it may be sent)"
    )


class CommonAgreementStatusUpdate(Schema):
    """Send today's document as a new version, or record that the organisation agreed to the sent one."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [examples.COMMON_AGREEMENT_SEND, examples.COMMON_AGREEMENT_AGREE]},
    )

    status: Literal["sent", "agreed"]


class CommonAgreementSummaryRead(Schema):
    """One housing organisation's common agreement of a letting year, at a glance."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.COMMON_AGREEMENT_SUMMARY]})

    year: int
    organisation: OrganisationRef
    area_count: int = Field(description="how many areas the organisation owns")
    latest_version: int | None = Field(description="null when no version has been sent")
    status: CommonAgreementStatus = Field(description="the newest version's; draft when none is stored")
    sent_at: datetime | None
    agreed_at: datetime | None
