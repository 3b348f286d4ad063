"""Settings (env prefix REFERRALS_) and the municipality's [referrals] section."""

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import SettingsConfigDict

from services.kit.settings import CommonSettings


class ReferralsSettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="REFERRALS_", extra="ignore")
    service_name: ClassVar[str] = "referrals"

    port: int = 8003


class EmergencyContact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    phone: str = Field(min_length=2)
    note_da: str = ""
    note_en: str = ""


class ReferralsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    single_entry_name: str = Field(min_length=1)
    single_entry_phone: str = Field(min_length=2)
    first_contact_days: int = Field(5, ge=1)
    reporter_anonymise_after_days: int = Field(183, ge=1)
    small_number_threshold: int = Field(5, ge=1)
    emergency_contacts: list[EmergencyContact] = Field(min_length=1)
    retention_days: dict[str, int]
