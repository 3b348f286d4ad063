"""Housing organisations and the areas they own."""

from pydantic import ConfigDict, Field

from services.allocation.schemas import OrgCode, examples
from services.kit.inputs import NulFreeInput
from services.kit.schemas import Schema


class HousingOrganisationCreate(Schema, NulFreeInput):
    """A housing organisation to register; its code is what its machine client's token names."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ORGANISATION_CREATE]})

    code: OrgCode
    name: str = Field(min_length=1, max_length=200)


class HousingOrganisationRead(Schema):
    """A housing organisation and the codes of the areas it owns."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.ORGANISATION]})

    code: str
    name: str
    areas: list[str] = Field(default_factory=list)


class AreaRead(Schema):
    """An area as the allocation service knows it: its name and the housing organisation that owns it."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.AREA]})

    code: str
    name: str
    housing_org: str | None


class AreaUpdate(Schema, NulFreeInput):
    """An area's name and owner; only the fields sent change."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [examples.AREA_UPDATE]})

    name: str | None = Field(None, min_length=1, max_length=200)
    housing_org: OrgCode | None = None
