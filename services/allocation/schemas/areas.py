"""Housing organisations and the areas they own."""

from pydantic import ConfigDict, Field

from services.allocation.schemas import OrgCode
from services.kit.inputs import NulFreeInput
from services.kit.schemas import Schema


class HousingOrganisationCreate(Schema, NulFreeInput):
    code: OrgCode
    name: str = Field(min_length=1, max_length=200)


class HousingOrganisationRead(Schema):
    code: str
    name: str
    areas: list[str] = Field(default_factory=list)


class AreaRead(Schema):
    code: str
    name: str
    housing_org: str | None


class AreaUpdate(Schema, NulFreeInput):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    housing_org: OrgCode | None = None
