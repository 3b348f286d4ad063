"""Settings (env prefix ALLOCATION_) and the municipality's [allocation] section."""

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl
from pydantic_settings import SettingsConfigDict

from services.kit.settings import CommonSettings


class AllocationSettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="ALLOCATION_", extra="ignore")
    service_name: ClassVar[str] = "allocation"

    port: int = 8002
    categorisation_url: HttpUrl = HttpUrl("http://127.0.0.1:8001")
    upstream_timeout_seconds: float = Field(5.0, gt=0)


class CategoryDefaults(BaseModel):
    model_config = ConfigDict(extra="forbid")

    municipal_share_pct: float = Field(ge=0, le=100)
    flexible_share_pct: float = Field(ge=0, le=100)


class AcuteCriterion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[a-z0-9_]+$")
    text_da: str = Field(min_length=1)
    text_en: str = Field(min_length=1)
    minimum: int | None = None


class AllocationConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vacancy_deadline_days: int = Field(14, ge=1)
    small_number_threshold: int = Field(5, ge=1)
    category_defaults: dict[Literal["red", "pink", "yellow", "green"], CategoryDefaults]
    acute_criteria: list[AcuteCriterion] = Field(min_length=1)
