"""Settings (env prefix ALLOCATION_) and the municipality's [allocation] section."""

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator
from pydantic_settings import SettingsConfigDict

from services.allocation.rules.model import Category
from services.allocation.rules.statuses import Consequence, DecisionType
from services.kit.letters import ComplaintGuidance, require_guidance
from services.kit.settings import CommonSettings


class AllocationSettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="ALLOCATION_", extra="ignore")
    service_name: ClassVar[str] = "allocation"

    port: int = 8002
    categorisation_url: HttpUrl = HttpUrl("http://127.0.0.1:8001")
    upstream_timeout_seconds: float = Field(5.0, gt=0)
    # How often the process itself returns overdue municipal vacancies and expires unanswered offers
    # (what POST /v1/vacancies/return-overdue does); 0 switches the periodic run off.
    return_overdue_interval_seconds: float = Field(3600.0, ge=0)


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


class DeclineRule(BaseModel):
    """What declining an offer for this reason means for the seeker (DOMAIN § 5.5)."""

    model_config = ConfigDict(extra="forbid")

    consequence: Consequence
    park_days: int | None = Field(None, ge=1, le=3650)
    text_da: str = Field(min_length=1)
    text_en: str = Field(min_length=1)

    @model_validator(mode="after")
    def _days_when_parked(self) -> "DeclineRule":
        if (self.consequence is Consequence.PARKED) != (self.park_days is not None):
            raise ValueError("park_days is given exactly when the consequence is 'parked'")
        return self


def _default_decline_reasons() -> dict[str, DeclineRule]:
    def rule(consequence: Consequence, days: int | None, da: str, en: str) -> DeclineRule:
        return DeclineRule(consequence=consequence, park_days=days, text_da=da, text_en=en)

    return {
        "unsuitable_health": rule(
            Consequence.NONE,
            None,
            "Boligen passer ikke til husstandens helbred",
            "The dwelling does not suit the household's health",
        ),
        "too_expensive": rule(Consequence.NONE, None, "Huslejen er for høj", "The rent is too high"),
        "location": rule(Consequence.PARKED, 30, "Ønsker ikke området", "Does not want the area"),
        "no_reason": rule(Consequence.PARKED, 90, "Ingen begrundelse", "No reason given"),
        "no_reply": rule(
            Consequence.PARKED, 90, "Svarede ikke inden fristen", "Did not reply before the deadline"
        ),
        "housed_elsewhere": rule(
            Consequence.REMOVED, None, "Har fundet anden bolig", "Has found other housing"
        ),
    }


class LetterConfig(BaseModel):
    """[allocation.letters]: who signs the decision letters, and how the outbox sends them."""

    model_config = ConfigDict(extra="forbid")

    # Print writes each letter's PDF to the spool under VAR_DIR for the print service; Digital Post goes
    # through the municipality's adapter (services/kit/outbox.py), which the process is given at start.
    channel: Literal["print", "digital_post"] = "print"
    unit: str = Field("Boliganvisningen", min_length=1, max_length=200)


class AllocationConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vacancy_deadline_days: int = Field(14, ge=1)
    small_number_threshold: int = Field(5, ge=1)
    category_defaults: dict[Category, CategoryDefaults]
    acute_criteria: list[AcuteCriterion] = Field(min_length=1)
    # Local choices with defaults, so a municipality's file only names what it changes.
    offer_reply_days: int = Field(5, ge=1, le=60)
    quota_alert_below_pct: float = Field(90.0, ge=0, le=100)
    decline_reasons: dict[str, DeclineRule] = Field(default_factory=_default_decline_reasons)
    letters: LetterConfig = Field(default_factory=LetterConfig)
    # [allocation.complaint_guidance.<decision type>]: required for every type (checked below), never
    # defaulted in code: the municipality's legal office words it (DOMAIN § 6.7).
    complaint_guidance: dict[str, ComplaintGuidance] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _every_decision_has_complaint_guidance(self) -> "AllocationConfig":
        require_guidance("allocation", self.complaint_guidance, [t.value for t in DecisionType])
        unknown = sorted(set(self.complaint_guidance) - {t.value for t in DecisionType})
        if unknown:
            raise ValueError(f"complaint_guidance names decision types this service does not make: {unknown}")
        return self

    @model_validator(mode="after")
    def _flexible_letting_is_whole_in_listed_areas(self) -> "AllocationConfig":
        # Red and pink are the colours of the designated areas, so their defaults are 100 % flexible. The rule
        # itself follows the designation, whatever the colour (ABL § 60 stk. 4, agreements.default_shares).
        for category in (Category.RED, Category.PINK):
            defaults = self.category_defaults.get(category)
            if defaults is not None and defaults.flexible_share_pct != 100:
                raise ValueError(f"category_defaults.{category}.flexible_share_pct must be 100 (mandatory)")
        return self
