"""Ranked candidates for a municipal vacancy, offers and their answers, and the published ranking rules."""

from datetime import date, datetime
from typing import Any

from pydantic import ConfigDict, Field, model_validator

from services.allocation.rules.model import Designation
from services.allocation.rules.statuses import Consequence, DesignationSource, OfferStatus
from services.allocation.schemas import ReasonRead, examples
from services.kit.inputs import NulFreeInput
from services.kit.schemas import Schema


class RankedSeekerRead(Schema):
    """A seeker on a vacancy's list: the rank (null when excluded) and the reasons for it."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.RANKED, examples.EXCLUDED]})

    seeker_id: int
    reference: str
    name: str
    rank: int | None
    reasons: list[ReasonRead]


class CandidatesRead(Schema):
    """The ranked candidates for a municipal vacancy and those excluded, each with the reasons."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.CANDIDATES]})

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
    """An offer of the vacancy to a seeker on its list."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.OFFER_CREATE]})

    seeker_id: int = Field(ge=1, le=2**31 - 1)
    reply_days: int | None = Field(None, ge=1, le=60, description="days to reply; the municipality's default")
    note: str = Field("", max_length=4000)


class OfferDeclineCreate(Schema, NulFreeInput):
    """The seeker's refusal, with a coded reason from GET /v1/decline-reasons."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.OFFER_DECLINE]})

    reason: str = Field(min_length=1, max_length=32, description="a code from GET /v1/decline-reasons")
    note: str = Field("", max_length=4000)


class OfferAcceptCreate(Schema, NulFreeInput):
    """The seeker's acceptance, with an optional note."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.OFFER_ACCEPT]})

    note: str = Field("", max_length=4000)


class OfferWithdrawalCreate(Schema, NulFreeInput):
    """Why the officer withdraws the offer, and whether the seeker was heard (the letter states both)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.OFFER_WITHDRAWAL]})

    reason: str = Field(min_length=1, max_length=2000, description="the ground, as the letter states it")
    hearing: str = Field(
        min_length=1,
        max_length=2000,
        description="what the withdrawal rests on and whether the seeker was heard on it, or why not "
        "(forvaltningsloven § 19)",
    )

    @model_validator(mode="after")
    def _not_blank(self) -> "OfferWithdrawalCreate":
        if not self.reason.strip() or not self.hearing.strip():
            raise ValueError("give the reason and the hearing in words")
        return self


class OfferRead(Schema):
    """An offer of a municipal vacancy with the priority list as it stood, and its answer."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [examples.OFFER, examples.OFFER_DECLINED, examples.OFFER_WITHDRAWN]}
    )

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
    withdrawal_reason: str | None = None


class DeclineReasonRead(Schema):
    """A coded reason to decline an offer and its consequence for the seeker."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.DECLINE_REASON]})

    code: str
    consequence: Consequence
    park_days: int | None
    text_da: str
    text_en: str


class RankingRulesRead(Schema):
    """The published order of candidates, the exclusions, the bans by designation and the decline reasons."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.RANKING_RULES]})

    tie_breakers: list[ReasonRead]
    exclusions: list[ReasonRead]
    bans: list[dict[str, Any]]
    decline_reasons: list[DeclineReasonRead]
