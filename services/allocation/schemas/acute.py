"""Acute-housing applications and the municipality's criteria."""

from datetime import datetime

from pydantic import ConfigDict, Field, field_validator

from services.allocation.schemas import examples
from services.kit.inputs import NulFreeInput
from services.kit.schemas import Schema


class AcuteApplicationCreate(Schema, NulFreeInput):
    """CONTRACT § 6; criteria other municipalities configure are answered in `facts` by their code."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.ACUTE_CREATE]})

    # Strict: a decision rests on what was answered, so 1 is not read as yes nor true as a count of 1.
    resident_of_municipality: bool | None = Field(None, strict=True)
    acute_unforeseen_situation: bool | None = Field(None, strict=True)
    had_own_dwelling: bool | None = Field(None, strict=True)
    divorce_with_children_under_18: bool | None = Field(None, strict=True)
    registered_housing_organisations: int | None = Field(None, ge=0, le=100, strict=True)
    facts: dict[str, bool | int] = Field(default_factory=dict, max_length=50)
    # Required for a decision, with an answer to every configured criterion; checked together against the
    # configuration so that one 422 names every missing field (services/allocation/acute.py).
    applicant_name: str = Field(
        "", max_length=200, description="required: who the decision is about (never a CPR number)"
    )
    officer_note: str = Field("", max_length=4000)

    @field_validator("applicant_name")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        return value.strip()


class AcuteCriterionRead(Schema):
    """One criterion of the decision: met or not, why, and the answer it was judged on."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ACUTE_CRITERION]})

    code: str
    met: bool
    text_da: str
    text_en: str
    why_da: str
    why_en: str
    answer: bool | int | None


class AcuteApplicationRead(Schema):
    """An acute-housing decision, criterion by criterion, with the texts for the citizen and the file."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ACUTE_APPLICATION]})

    id: int
    reference: str
    eligible: bool
    criteria: list[AcuteCriterionRead]
    citizen_text_da: str
    citizen_text_en: str
    officer_text_da: str
    officer_text_en: str
    officer_note: str
    applicant_name: str
    decided_by: str
    decided_at: datetime
    note_updated_by: str | None
    note_updated_at: datetime | None


class AcuteNoteUpdate(Schema, NulFreeInput):
    """The officer's note on a decision; the decision itself does not change."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.ACUTE_NOTE]})

    officer_note: str = Field(max_length=4000)


class AcuteCriterionConfigRead(Schema):
    """One of the municipality's acute-housing criteria, as configured."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ACUTE_CRITERION_CONFIG]})

    code: str
    text_da: str
    text_en: str
    minimum: int | None
