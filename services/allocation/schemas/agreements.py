"""The yearly letting agreements: their criteria groups, tallies, changes and drafts."""

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import ConfigDict, Field

from services.allocation.rules.model import AgreementStatus, Category, Designation, LegalBasis
from services.allocation.rules.statuses import CategorisationStatus, SourceStatus
from services.allocation.schemas import Code, Number, Pct, ReasonRead, examples
from services.kit.inputs import NulFreeInput
from services.kit.schemas import Schema


class CriteriaCondition(Schema):
    """One condition of a flexible-letting group, by code, with its value where it has one."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.CONDITION]})

    code: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")
    value: Annotated[Decimal, Number] | None = None


class CriteriaGroup(Schema):
    """A group of flexible letting with its share of the flexible vacancies and its conditions."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.CRITERIA_GROUP]})

    code: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")
    share_pct: Pct
    label_da: str = Field("", max_length=200)
    label_en: str = Field("", max_length=200)
    conditions: list[CriteriaCondition] = Field(default_factory=list, max_length=20)


class TallyRead(Schema):
    """The area-year's reported vacancies so far, by the channel each was assigned."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.TALLY]})

    vacancies: int
    municipal: int
    flexible: int
    waiting_list: int


class AgreementRead(Schema):
    """An area's letting agreement for one letting year (CONTRACT § 6, DOMAIN § 5.2)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.AGREEMENT]})

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

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [examples.AGREEMENT_UPDATE, examples.AGREEMENT_AGREE]}
    )

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

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.AGREEMENT_CREATE]})

    area_code: Code
    category: Category
    designations: list[Designation] = Field(default_factory=list)
    municipal_share_pct: Pct | None = None
    flexible_share_pct: Pct | None = None
    legal_basis: LegalBasis | None = None
    note: str = Field("", max_length=4000)


class AgreementChangeRead(Schema):
    """One change of an agreement: each changed field as [before, after] (shares in basis points)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.AGREEMENT_CHANGE]})

    changes: dict[str, Any]
    changed_by: str
    changed_at: datetime


class AgreementDraftRead(Schema):
    """What drafting a letting year from the categorisation did, area by area."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.AGREEMENT_DRAFT]})

    year: int
    source_year: int
    source_status: CategorisationStatus
    created: list[str]
    replaced: list[str]
    kept: list[str]
