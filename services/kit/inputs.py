"""Request bodies hold only text every database can store: PostgreSQL refuses NUL (U+0000) in text."""

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

NUL = "\x00"
# For string query parameters: `Query(pattern=NO_NUL)`.
NO_NUL = r"^[^\x00]*$"


def contains_nul(data: Any) -> bool:
    """Whether a NUL character hides anywhere in decoded JSON (keys included)."""
    if isinstance(data, str):
        return NUL in data
    if isinstance(data, dict):
        return any(contains_nul(key) or contains_nul(value) for key, value in data.items())
    if isinstance(data, list | tuple):
        return any(contains_nul(item) for item in data)
    return False


class NulFreeInput(BaseModel):
    """Base of request bodies: NUL in any field is a 422 naming the field, not a database error later, and
    an unknown field is a 422 too, so a misspelt or smuggled field never passes silently (ASVS 15.3.3)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        if contains_nul(value):
            raise ValueError("Text must not contain NUL characters (U+0000).")
        return value
