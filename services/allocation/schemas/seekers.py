"""Housing seekers, with the dated facts the bans of ABL § 59 stk. 6-7 need."""

from datetime import date, datetime

from pydantic import ConfigDict, Field, model_validator

from services.allocation.rules.law import Benefit
from services.allocation.rules.ranking import SeekerStatus, Urgency
from services.allocation.rules.statuses import SeekerReason
from services.allocation.schemas import Code, examples
from services.kit.inputs import NulFreeInput
from services.kit.schemas import Schema

# The ban facts kept as the END of their period (ABL § 59 stk. 6 nr. 1-3), each with a "date unknown" flag.
DATED_FACTS = ("released_from_prison", "released_from_youth_placement", "tenancy_terminated")


def _first_of_month(value: date | None) -> date | None:
    return value.replace(day=1) if value is not None else None


class BenefitPeriodFacts(Schema):
    """A period of receipt: its first and last calendar month (a date in the month; kept as its 1st).

    No `last_month` means ongoing. `date_unknown` is a period of at least 6 consecutive months recorded
    before periods were dated; it carries no months, and the officer completes them before an offer.
    """

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.BENEFIT_PERIOD]})

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

    model_config = ConfigDict(json_schema_extra={"examples": [examples.HOUSEHOLD_FACTS]})

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
    """A household to register for municipal allocation, with the facts the bans need."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.SEEKER_CREATE]})

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
    """A change to a seeker; only the fields sent change."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.SEEKER_UPDATE]})

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
    """A housing seeker registered for municipal allocation."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.SEEKER]})

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
