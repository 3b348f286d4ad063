"""Decision letters as the API describes them: what was issued, in which language, and how it was sent."""

from datetime import date, datetime

from pydantic import ConfigDict, Field, model_validator

from services.allocation.rules.statuses import DecisionType, DeliveryStatus
from services.allocation.schemas import examples
from services.kit.inputs import NulFreeInput
from services.kit.schemas import Schema


class LetterDeliveryRead(Schema):
    """One sending of the letter: the channel, what it answered, and when."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.LETTER_DELIVERY]})

    channel: str
    status: DeliveryStatus
    receipt: str | None
    attempts: int
    attempted_at: datetime | None
    sent_at: datetime | None
    detail: str


class LetterRead(Schema):
    """An issued letter (its text is at the decision's `…/letter` and `…/letter.pdf`)."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [examples.LETTER, examples.LETTER_ENGLISH, examples.LETTER_CORRECTED]}
    )

    id: int
    decision_type: DecisionType
    decision_id: int
    language: str
    reference: str
    issued_on: date
    correction_of: int | None = Field(description="the letter this one replaces")
    corrected_by: int | None = Field(description="the letter that replaces this one")
    created_by: str
    created_at: datetime
    deliveries: list[LetterDeliveryRead]


class LetterCorrectionCreate(Schema, NulFreeInput):
    """What was wrong with the letter; the new letter says so."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [examples.LETTER_CORRECTION_CREATE]}
    )

    reason: str = Field(min_length=1, max_length=2000)

    @model_validator(mode="after")
    def _not_blank(self) -> "LetterCorrectionCreate":
        if not self.reason.strip():
            raise ValueError("say in words what the correction corrects")
        return self
