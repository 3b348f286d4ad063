"""Statutory bookkeeping: the § 51 b decisions and the days the municipality held its vacancies."""

from datetime import date, datetime

from pydantic import ConfigDict, Field

from services.allocation.rules.combined_letting import DecisionKind
from services.allocation.schemas import examples
from services.kit.inputs import NulFreeInput
from services.kit.schemas import Schema


class CombinedLettingDecisionCreate(Schema, NulFreeInput):
    """A municipality's ABL § 51 b decision for one area."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [examples.COMBINED_LETTING_DECISION_CREATE]}
    )

    kind: DecisionKind
    decided_on: date
    decided_by: str = Field(min_length=1, max_length=200, description="the council or committee that decided")
    justification: str = Field(min_length=1, max_length=4000)


class CombinedLettingDecisionRead(Schema):
    """A recorded § 51 b decision for an area."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.COMBINED_LETTING_DECISION]})

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

    model_config = ConfigDict(json_schema_extra={"examples": [examples.COMBINED_LETTING_REPORT]})

    date_from: date
    date_to: date
    decisions: list[CombinedLettingDecisionRead]


class DaysHeldLineRead(Schema):
    """Days held for one area (or, without an area, in total)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DAYS_HELD_LINE]})

    area_code: str | None
    area_name: str | None
    municipal_vacancies: int
    still_held: int
    days_total: int
    days_mean: float | None


class DaysHeldStatisticsRead(Schema):
    """Days the municipality held its municipal vacancies before letting or return (ABL § 59 stk. 1)."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DAYS_HELD]})

    year: int
    as_of: date
    areas: list[DaysHeldLineRead]
    total: DaysHeldLineRead
