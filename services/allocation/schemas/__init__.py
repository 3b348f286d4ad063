"""Pydantic I/O of the allocation API (CONTRACT § 6 plus what the officer's pages need), one module per
subject; the types every subject shares are here.

Shares travel as percentages with at most two decimals (`Decimal` in, number out) and are stored as
basis points; nothing on the way is a float.
"""

from decimal import Decimal
from typing import Annotated

from pydantic import ConfigDict, Field, PlainSerializer

from services.allocation.schemas import examples
from services.kit.schemas import Schema

# Exact on the way in, a plain JSON number on the way out.
Number = PlainSerializer(float, return_type=float, when_used="json")
Pct = Annotated[
    Decimal, Field(ge=0, le=100, decimal_places=2, description="percent, at most two decimals"), Number
]
Code = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")]
OrgCode = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9._\-]*$")]


class ReasonRead(Schema):
    """One explained step: a stable code (for translation), English text and the paragraph."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.QUOTA_REASON]})

    code: str
    text: str
    paragraph: str | None = None
    params: dict[str, str] = Field(default_factory=dict)
