"""Settings (env prefix CATEGORISATION_) and the municipality's [categorisation] section."""

from datetime import date
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, field_validator
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


class Principle(BaseModel):
    """A guiding principle (or heading) the municipality's boligsocial work is organised by (DOMAIN § 7).

    Configuration, not code: Gladsaxe's four headings for each area, Gentofte's named themes. The order of
    the file is the order they are shown in; `valid_from` is left out when the source gives no date.
    """

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")
    name_da: str = Field(min_length=1, max_length=200)
    name_en: str = Field(min_length=1, max_length=200)
    valid_from: date | None = None


def _default_shares() -> dict[Category, float]:
    return {Category.RED: 10.0, Category.PINK: 10.0, Category.YELLOW: 20.0, Category.GREEN: 30.0}


class CategorisationConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    small_number_threshold: int = Field(5, ge=1)
    local_criteria: LocalCriteria
    # The default municipal allocation share per category (DOMAIN § 4), used by the what-if to show how
    # the municipal quota would move; the allocation service keeps the agreed shares.
    municipal_share_pct: dict[Category, float] = Field(default_factory=_default_shares)
    # The principles initiatives serve (DOMAIN § 7); none unless the municipality states its own.
    principles: list[Principle] = Field(default_factory=list)

    @field_validator("principles")
    @classmethod
    def _unique_codes(cls, principles: list[Principle]) -> list[Principle]:
        codes = [p.code for p in principles]
        if len(codes) != len(set(codes)):
            raise ValueError("each principle needs its own code")
        return principles
