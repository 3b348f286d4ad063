"""Vacancies as reported, their history, lettings and returns."""

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from pydantic import ConfigDict, Field

from services.allocation.rules.model import Channel
from services.allocation.rules.statuses import VacancyEventKind, VacancyStatus
from services.allocation.rules.urgency import UrgencyBasis
from services.allocation.schemas import Code, examples
from services.kit.inputs import NulFreeInput
from services.kit.schemas import Schema


class VacancyCreate(Schema, NulFreeInput):
    """CONTRACT § 6: a vacant family dwelling as a housing organisation (or an officer) reports it."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.VACANCY_CREATE]})

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

    model_config = ConfigDict(json_schema_extra={"examples": [examples.RECEIPT]})

    id: int
    external_id: str
    area_code: str
    year: int
    sequence: int
    channel: Channel
    reason: str


class LettingRead(Schema):
    """A recorded letting: the channel actually used beside the one the quota rule assigned."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.LETTING]})

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
    """One event in a vacancy's history."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.EVENT]})

    kind: VacancyEventKind
    detail: dict[str, Any]
    actor: str
    at: datetime


class VacancyRead(VacancyReceiptRead):
    """A vacancy with its channel, the reason for it, its deadline and state."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.VACANCY]})

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
    """A vacancy with its history."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.VACANCY_DETAIL]})

    events: list[VacancyEventRead]


class VacancyPage(Schema):
    """One page of vacancies, newest first, and how many there are in all."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.VACANCY_PAGE]})

    total: int
    limit: int
    offset: int
    items: list[VacancyRead]


class VacancyOrder(StrEnum):
    """The order of a list of vacancies."""

    NEWEST = "newest"  # the latest free first (by available_from, then the latest reported)
    URGENCY = "urgency"  # the soonest deadline first (rules/urgency.py), then the earliest reported


URGENT_VACANCY: dict[str, Any] = {
    **examples.VACANCY,
    "deadline": "2026-12-05",
    "urgency": {"basis": "deadline", "by": "2026-12-05", "days_left": -2, "overdue": True},
}
OFFERED_VACANCY: dict[str, Any] = {
    **examples.VACANCY,
    "id": 3798,
    "status": "offered",
    "urgency": {"basis": "reply_by", "by": "2026-12-12", "days_left": 5, "overdue": False},
}
URGENCY_PAGE: dict[str, Any] = {
    "order": "urgency",
    "as_of": "2026-12-07",
    "total": 305,
    "limit": 2,
    "offset": 0,
    "items": [URGENT_VACANCY, OFFERED_VACANCY],
}


class UrgencyRead(Schema):
    """How soon the municipality must act on the vacancy, as of the list's `as_of` (rules/urgency.py)."""

    model_config = ConfigDict(json_schema_extra={"examples": [URGENT_VACANCY["urgency"]]})

    basis: UrgencyBasis = Field(
        description="which date decides: `deadline` – a municipal vacancy waiting for an offer, which goes "
        "back to the housing organisation after it (ABL § 59 stk. 1); `reply_by` – offered, the seeker's "
        "reply deadline; `promised` – an offer accepted, no deadline runs until the letting; `none` – not "
        "the municipality's to act on (another channel, let or returned)"
    )
    by: date | None = Field(description="that date; null for `promised` and `none`")
    days_left: int | None = Field(description="whole days from `as_of` to `by`; negative once it has passed")
    overdue: bool = Field(
        description="`by` has passed: the vacancy is due to go back, or its offer to expire"
    )


class VacancyUrgentRead(VacancyRead):
    """A vacancy with how soon the municipality must act on it."""

    model_config = ConfigDict(json_schema_extra={"examples": [URGENT_VACANCY]})

    urgency: UrgencyRead


class VacancyUrgencyPage(Schema):
    """One page of vacancies, most urgent first (`order=urgency`), and how many there are in all: those
    with a date by `urgency.by`, overdue first; the ones without one after them; ties the earliest
    reported first, then by id."""

    model_config = ConfigDict(json_schema_extra={"examples": [URGENCY_PAGE]})

    order: Literal[VacancyOrder.URGENCY]
    as_of: date = Field(description="the day `days_left` and `overdue` count from")
    total: int
    limit: int
    offset: int
    items: list[VacancyUrgentRead]


class LettingCreate(Schema, NulFreeInput):
    """The letting of a vacancy: the channel actually used, the date, and for municipal allocation the
    tenant."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [examples.LETTING_CREATE, examples.LETTING_CREATE_MUNICIPAL]},
    )

    channel: Channel = Field(description="the channel actually used")
    let_on: date
    seeker_id: int | None = Field(
        None, ge=1, le=2**31 - 1, description="the tenant, for municipal allocation"
    )


class OverdueReturnRead(Schema):
    """What a run of returns did: the municipal vacancies given back, and the offers that expired."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.OVERDUE_RETURN]})

    as_of: date
    returned: list[VacancyRead]
    offers_expired: list[int]
