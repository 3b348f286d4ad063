"""§ 51 c dispensation decisions and the yearly 1 July report."""

from datetime import date, datetime

from pydantic import ConfigDict, Field, model_validator

from services.allocation.rules.dispensations import Consideration, missing_considerations
from services.allocation.schemas import ReasonRead, examples
from services.kit.inputs import NulFreeInput
from services.kit.schemas import Schema


class WeighedConsideration(Schema):
    """One of the four considerations of bekendtgørelse om udlejning § 37, weighed yes/no with a note."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.CONSIDERATION]})

    code: Consideration
    applies: bool = Field(description="does the consideration speak for a dispensation here")
    note: str = Field(min_length=1, max_length=2000)


class DispensationCreate(Schema, NulFreeInput):
    """The officer's decision on a check refused under § 51 c: all four considerations, then the result."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.DISPENSATION_CREATE]})

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
    """A § 51 c dispensation decision, with the considerations weighed."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DISPENSATION]})

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

    model_config = ConfigDict(json_schema_extra={"examples": [examples.APPLICANT_CHECK_RECORD]})

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
    """One area's line of the 1 July report."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DISPENSATION_REPORT_AREA]})

    area_code: str
    granted: int
    refused: int


class DispensationReportRead(Schema):
    """The yearly report to the ministry, due 1 July: dispensations decided 1 July the year before to
    30 June."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DISPENSATION_REPORT]})

    report_year: int
    first_day: date
    last_day: date
    due_on: date
    granted: int
    refused: int
    areas: list[DispensationReportAreaRead]
