"""The base of every response model, and the path types every service shares."""

from typing import Annotated

from fastapi import Path
from pydantic import BaseModel, ConfigDict

# Row ids are PostgreSQL `integer`s: a larger number can never match, and is refused as invalid before it
# reaches the database (where it would be an overflow error, not a 404).
RowId = Annotated[int, Path(ge=1, le=2**31 - 1, description="the record's id", examples=[1])]


class Schema(BaseModel):
    """A response model read from ORM objects as well as from dicts."""

    model_config = ConfigDict(from_attributes=True)
