"""Settings (env prefix CATEGORISATION_) and the municipality's [categorisation] section."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import SettingsConfigDict

from services.categorisation.rules.model import Category
from services.kit.settings import CommonSettings


class CategorisationSettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="CATEGORISATION_", extra="ignore")
    service_name: ClassVar[str] = "categorisation"

    port: int = 8001


class LocalCriteria(BaseModel):
    """The municipality's default yellow thresholds (DOMAIN § 4); the analyst may change them per year."""

    model_config = ConfigDict(extra="forbid")

    outside_labour_market_pct_above: float = Field(ge=0, le=100)
    convicted_multiple_at_least: float = Field(gt=0)
    basic_education_pct_above: float = Field(ge=0, le=100)
    income_pct_of_region_below: float = Field(ge=0)
    criteria_needed: int = Field(ge=1, le=4)


def _default_shares() -> dict[Category, float]:
    return {Category.RED: 10.0, Category.PINK: 10.0, Category.YELLOW: 20.0, Category.GREEN: 30.0}


class CategorisationConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    small_number_threshold: int = Field(5, ge=1)
    local_criteria: LocalCriteria
    # The default municipal allocation share per category (DOMAIN § 4), used by the what-if to show how
    # the municipal quota would move; the allocation service keeps the agreed shares.
    municipal_share_pct: dict[Category, float] = Field(default_factory=_default_shares)
