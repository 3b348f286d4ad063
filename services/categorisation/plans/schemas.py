"""Pydantic I/O of area plans, targets, initiatives and dialogues (CONTRACT § 8, DOMAIN § 7).

The names are one vocabulary with the rest of the platform: area codes as the housing file has them,
organisation codes as the allocation service registers them, the four indicators as the housing-data
columns. No field holds a resident's personal data: partners and participants are organisations and roles.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from services.categorisation import examples
from services.categorisation.rules.targets import TargetComparator
from services.kit.inputs import NulFreeInput
from services.kit.schemas import Schema

AreaCodeText = Annotated[
    str, StringConstraints(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")
]
# As the allocation service's housing organisation codes (what a client carries as `housing_org`).
OrgCodeText = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9._\-]*$")
]
ListYear = Annotated[int, Field(ge=1990, le=2100)]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=20000)]
AreaCodes = Annotated[list[AreaCodeText], Field(min_length=1, max_length=100)]


def _unique(codes: list[str]) -> list[str]:
    """The codes in their order, each once."""
    return list(dict.fromkeys(codes))


class TargetIndicator(StrEnum):
    """The four criteria of ABL § 61 a stk. 1, by their housing-data column (CONTRACT § 4)."""

    OUTSIDE_LABOUR_MARKET = "outside_labour_market_pct"
    CONVICTED = "convicted_pct"
    BASIC_EDUCATION = "basic_education_pct"
    INCOME = "income_pct_of_region"


class PrincipleRead(Schema):
    """One of the municipality's principles (or headings) that initiatives serve, from its configuration."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PRINCIPLE]})

    code: str
    name_da: str
    name_en: str
    valid_from: date | None


# --- area plans and targets -----------------------------------------------------------------------


class AreaPlanCreate(Schema, NulFreeInput):
    """A new area plan for one area or a group of areas and a period of list years (DOMAIN § 7)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PLAN_CREATE]})

    title: Title
    area_codes: AreaCodes
    organisation_codes: list[OrgCodeText] = Field(
        default_factory=list,
        max_length=20,
        description="the housing organisations the plan is agreed with; each one's client may read it",
    )
    period_from: ListYear
    period_to: ListYear
    visions: LongText = ""
    requirements: LongText = ""
    community: LongText = ""
    published: bool = Field(False, description="published plans are readable without logging in")

    @model_validator(mode="after")
    def _period_and_codes(self) -> Self:
        if self.period_to < self.period_from:
            raise ValueError("period_to must not be before period_from")
        self.area_codes = _unique(self.area_codes)
        self.organisation_codes = _unique(self.organisation_codes)
        return self


class AreaPlanUpdate(Schema, NulFreeInput):
    """Only the fields sent change."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PLAN_UPDATE]})

    title: Title | None = None
    area_codes: AreaCodes | None = None
    organisation_codes: list[OrgCodeText] | None = Field(None, max_length=20)
    period_from: ListYear | None = None
    period_to: ListYear | None = None
    visions: LongText | None = None
    requirements: LongText | None = None
    community: LongText | None = None
    published: bool | None = None


class TargetCreate(Schema, NulFreeInput):
    """A measurable target on one of the plan's areas: an indicator, a comparator and a value, by a year."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.TARGET_CREATE]})

    area_code: AreaCodeText
    indicator: TargetIndicator
    comparator: TargetComparator
    value: float = Field(ge=0, le=1000, description="percent (income: percent of the region's)")
    by_year: ListYear


class TargetUpdate(Schema, NulFreeInput):
    """Only the fields sent change."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.TARGET_UPDATE]})

    area_code: AreaCodeText | None = None
    indicator: TargetIndicator | None = None
    comparator: TargetComparator | None = None
    value: float | None = Field(None, ge=0, le=1000)
    by_year: ListYear | None = None


class TargetRead(Schema):
    """A target of an area plan."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.TARGET]})

    id: int
    area_plan_id: int
    area_code: str
    indicator: TargetIndicator
    comparator: TargetComparator
    value: float
    by_year: int


class AreaPlanRead(Schema):
    """An area plan with its targets, as staff and the organisations it is agreed with read it."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PLAN]})

    id: int
    title: str
    area_codes: list[str]
    area_names: dict[str, str] = Field(description="the name of each area the service knows")
    organisation_codes: list[str]
    period_from: int
    period_to: int
    visions: str
    requirements: str
    community: str
    published: bool
    targets: list[TargetRead]
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime


class TargetEvaluationRead(Schema):
    """A target judged on the year's figure, exactly as the categorisation of that year measures it."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.TARGET_EVALUATION]})

    id: int
    area_code: str
    indicator: TargetIndicator
    comparator: TargetComparator
    value: float
    by_year: int
    actual: float | None = Field(description="null when the year has no figure (or it is suppressed)")
    met: bool | None = Field(description="null when the year has no figure")
    provisional: bool = Field(
        description="the year is not approved, or the figure's averaging period is incomplete"
    )
    period_years: list[int] = Field(description="the years the figure is averaged over")
    period_complete: bool
    suppressed: bool = Field(
        False, description="the figure rests on too few persons to be shown to the caller"
    )


class PlanEvaluationRead(Schema):
    """Every target of a plan judged on one list year's figures."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PLAN_EVALUATION]})

    area_plan_id: int
    year: int
    targets: list[TargetEvaluationRead]


class TrendPointRead(Schema):
    """A target's figure and verdict in one year (null: no figure that year)."""

    model_config = ConfigDict(json_schema_extra={"examples": examples.TREND_POINTS})

    year: int
    actual: float | None
    met: bool | None
    provisional: bool
    suppressed: bool = False


class TargetTrendRead(Schema):
    """One target over the years of its plan so far."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.TARGET_TREND]})

    id: int
    area_code: str
    indicator: TargetIndicator
    comparator: TargetComparator
    value: float
    by_year: int
    points: list[TrendPointRead]


class PlanTrendRead(Schema):
    """Every target of the plan over the years of its period that have come (met / not met / no data)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PLAN_TREND]})

    area_plan_id: int
    years: list[int]
    targets: list[TargetTrendRead]


class YearTargetsRead(Schema):
    """The year's evaluation of every target of the plans whose period covers it: counts only."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.YEAR_TARGETS]})

    year: int
    plans: int
    targets: int
    met: int
    not_met: int
    no_data: int
    provisional: bool = Field(description="some target was judged on a figure that may still change")


class PublicTargetRead(Schema):
    """A published plan's target."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.SKOVBRYNET_TARGET]})

    id: int
    area_code: str
    indicator: TargetIndicator
    comparator: TargetComparator
    value: float
    by_year: int


class PublicAreaPlanRead(Schema):
    """What anyone may read of a published plan: no staff names, no organisations' internal codes."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PUBLIC_PLAN]})

    id: int
    title: str
    area_codes: list[str]
    area_names: dict[str, str]
    period_from: int
    period_to: int
    visions: str
    requirements: str
    community: str
    targets: list[PublicTargetRead]
    evaluation: PlanEvaluationRead | None = Field(
        description="the evaluation of the latest approved year (small numbers suppressed); null before one"
    )


# --- initiatives ------------------------------------------------------------------------------------


class InitiativeStatus(StrEnum):
    """Where an initiative stands."""

    IDEA = "idea"
    PLANNED = "planned"
    RUNNING = "running"
    ENDED = "ended"
    STOPPED = "stopped"


class PartnerKind(StrEnum):
    """What kind of organisation a partner is; never a person."""

    HOUSING_ORGANISATION = "housing_organisation"
    DEPARTMENT_BOARD = "department_board"  # afdelingsbestyrelse
    ASSOCIATION = "association"  # civil-society association
    MUNICIPAL_UNIT = "municipal_unit"


class Partner(Schema, NulFreeInput):
    """An organisation taking part in an initiative."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PARTNER]})

    kind: PartnerKind
    name: Name = Field(description="the organisation, board, association or unit; never a person")


class Milestone(Schema, NulFreeInput):
    """A step of an initiative, with its due date and whether it is done."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.MILESTONE]})

    title: Title
    due_on: date | None = None
    done: bool = False


class InitiativeCreate(Schema, NulFreeInput):
    """A new boligsocial initiative: the principles it serves, its areas, partners, period, budget and
    status."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.INITIATIVE_CREATE]})

    title: Title
    description: LongText = ""
    principles: list[str] = Field(
        default_factory=list, max_length=20, description="codes of the municipality's principles"
    )
    area_codes: AreaCodes
    area_plan_id: int | None = Field(None, ge=1, le=2**31 - 1)
    partners: list[Partner] = Field(default_factory=list, max_length=50)
    responsible_unit: Name
    period_from: date
    period_to: date | None = None
    budget_dkk: int | None = Field(None, ge=0, le=2**31 - 1, description="whole kroner")
    status: InitiativeStatus = InitiativeStatus.IDEA
    milestones: list[Milestone] = Field(default_factory=list, max_length=50)
    evaluation_notes: LongText = ""

    @model_validator(mode="after")
    def _period(self) -> Self:
        if self.period_to is not None and self.period_to < self.period_from:
            raise ValueError("period_to must not be before period_from")
        self.area_codes = _unique(self.area_codes)
        self.principles = _unique(self.principles)
        return self


class InitiativeUpdate(Schema, NulFreeInput):
    """Only the fields sent change; `period_to`, `budget_dkk` and `area_plan_id` may be set to null."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.INITIATIVE_UPDATE]})

    title: Title | None = None
    description: LongText | None = None
    principles: list[str] | None = Field(None, max_length=20)
    area_codes: AreaCodes | None = None
    area_plan_id: int | None = Field(None, ge=1, le=2**31 - 1)
    partners: list[Partner] | None = Field(None, max_length=50)
    responsible_unit: Name | None = None
    period_from: date | None = None
    period_to: date | None = None
    budget_dkk: int | None = Field(None, ge=0, le=2**31 - 1)
    status: InitiativeStatus | None = None
    milestones: list[Milestone] | None = Field(None, max_length=50)
    evaluation_notes: LongText | None = None


class InitiativeRead(Schema):
    """A boligsocial initiative."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.INITIATIVE]})

    id: int
    title: str
    description: str
    principles: list[str]
    area_codes: list[str]
    area_plan_id: int | None
    partners: list[Partner]
    responsible_unit: str
    period_from: date
    period_to: date | None
    budget_dkk: int | None
    status: InitiativeStatus
    milestones: list[Milestone]
    evaluation_notes: str
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime


# --- dialogues --------------------------------------------------------------------------------------


class DialogueKind(StrEnum):
    """The yearly steering dialogue with a housing organisation, or a co-creation meeting."""

    STEERING = "steering"  # styringsdialog with a housing organisation
    CO_CREATION = "co_creation"  # a meeting of the co-creation (samskabelse)


class Participant(Schema, NulFreeInput):
    """Who took part, as organisation and role: no resident's name (DOMAIN § 7)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.PARTICIPANT]})

    organisation: Name
    role: Name


class AgreementLink(Schema, NulFreeInput):
    """The letting agreement (allocation service) a decision changes, and its recorded change when known."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.AGREEMENT_LINK]})

    year: ListYear = Field(description="the letting year")
    area_code: AreaCodeText
    change_id: int | None = Field(None, ge=1, le=2**31 - 1)


class Decision(Schema, NulFreeInput):
    """A decision of a dialogue, naming the letting agreement it changes, if any."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DECISION]})

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
    agreement: AgreementLink | None = None


class FollowUp(Schema, NulFreeInput):
    """An agreed follow-up: what, who is responsible, by when."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.FOLLOW_UP]})

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
    responsible: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""
    due_on: date | None = None


class DialogueCreate(Schema, NulFreeInput):
    """A dialogue record: the meeting, its participants (organisations and roles) and agenda; minutes
    later."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DIALOGUE_CREATE]})

    year: ListYear
    organisation: OrgCodeText
    kind: DialogueKind = DialogueKind.STEERING
    held_on: date
    participants: list[Participant] = Field(default_factory=list, max_length=100)
    agenda: LongText = ""
    minutes: LongText = ""
    decisions: list[Decision] = Field(default_factory=list, max_length=100)
    follow_ups: list[FollowUp] = Field(default_factory=list, max_length=100)


class DialogueUpdate(Schema, NulFreeInput):
    """Only the fields sent change (the minutes and decisions are written after the meeting)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DIALOGUE_UPDATE]})

    kind: DialogueKind | None = None
    held_on: date | None = None
    participants: list[Participant] | None = Field(None, max_length=100)
    agenda: LongText | None = None
    minutes: LongText | None = None
    decisions: list[Decision] | None = Field(None, max_length=100)
    follow_ups: list[FollowUp] | None = Field(None, max_length=100)


class DialogueRead(Schema):
    """A dialogue record with its minutes, decisions and follow-ups."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DIALOGUE]})

    id: int
    year: int
    organisation: str
    kind: DialogueKind
    held_on: date
    participants: list[Participant]
    agenda: str
    minutes: str
    decisions: list[Decision]
    follow_ups: list[FollowUp]
    created_by: str
    created_at: datetime
    updated_by: str
    updated_at: datetime
