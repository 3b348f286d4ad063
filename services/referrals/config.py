"""Settings (env prefix REFERRALS_) and the municipality's [referrals] section."""

from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_settings import SettingsConfigDict

from services.kit.letters import ComplaintGuidance
from services.kit.settings import DEV_KEY_MARKER, CommonSettings
from services.referrals.crypto import KEY_FILE_NAME


class ReferralsSettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="REFERRALS_", extra="ignore")
    service_name: ClassVar[str] = "referrals"

    port: int = 8003
    # The keys that encrypt personal data at rest; never in the database (see crypto.py for the format).
    encryption_keys_file: Path | None = None
    # Where the archive export of a case is written before retention deletes it.
    archive_dir: Path | None = None
    # Where the print channel leaves decision letters (PDF) for the print service to collect.
    letter_spool_dir: Path | None = None

    @property
    def encryption_keys_path(self) -> Path:
        return self.encryption_keys_file or self.keys_dir / KEY_FILE_NAME

    @property
    def archive_path(self) -> Path:
        return self.archive_dir or self.var_dir / "archive" / "referrals"

    @property
    def letter_spool_path(self) -> Path:
        return self.letter_spool_dir or self.var_dir / "print" / "referrals"

    def production_problems(self) -> list[str]:
        problems = super().production_problems()
        if self.encryption_keys_file is None:
            problems.append("production needs REFERRALS_ENCRYPTION_KEYS_FILE set to the operator's key file")
        elif self.encryption_keys_file.exists() and DEV_KEY_MARKER in self.encryption_keys_file.read_text():
            problems.append("REFERRALS_ENCRYPTION_KEYS_FILE is a generated development key file")
        return problems


# The type every case is opened as: neither DOMAIN nor CONTRACT names others (intake uses it).
DEFAULT_CASE_TYPE = "concern"


class EmergencyContact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    phone: str = Field(min_length=2)
    note_da: str = ""
    note_en: str = ""


class NamedOffer(BaseModel):
    """A place the municipality's own material names (DOMAIN § 6.5 names its initiatives by kind only), kept
    as an offer of its own. It shares the level, legal bases, target group and visitation of the ladder
    offer it is one of (`like`), so nothing about it is invented here; the administrator keeps it after."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,63}$")
    name: str = Field(min_length=2, max_length=200)
    like: str = Field(min_length=2, max_length=64)
    address: str | None = Field(None, min_length=1, max_length=300)


class ReferralsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    single_entry_name: str = Field(min_length=1)
    single_entry_phone: str = Field(min_length=2)
    # Where the single entry receives citizens, and the area its outreach works in: the offers held
    # there carry it as their location (and the Open Referral export lists it). Both optional.
    single_entry_address: str | None = Field(None, min_length=1, max_length=300)
    outreach_area: str | None = Field(None, min_length=1, max_length=200)
    first_contact_days: int = Field(5, ge=1)
    # An acute report's first-contact deadline in working days (DOMAIN § 6.4 default: 0, the same working
    # day; a report on a weekend or a public holiday is due the next working day).
    acute_first_contact_working_days: int = Field(0, ge=0, le=10)
    reporter_anonymise_after_days: int = Field(183, ge=1)
    small_number_threshold: int = Field(5, ge=1)
    emergency_contacts: list[EmergencyContact] = Field(min_length=1)
    # Deletion deadline per case type, in days after closure (DOMAIN § 6.6). Neither DOMAIN nor CONTRACT
    # names case types, so intake opens every case as DEFAULT_CASE_TYPE, which must be listed; a
    # municipality that adds types lists their deadlines here.
    retention_days: dict[str, int] = Field(min_length=1)
    named_offers: list[NamedOffer] = Field(default_factory=list)
    # Complaint guidance per decision type (forvaltningsloven § 25, DOMAIN § 6.7), as the municipality's
    # legal office words it; the service refuses to start without guidance for every type it decides
    # (main.py, kit letters.require_guidance).
    complaint_guidance: dict[str, ComplaintGuidance] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _anonymise_before_deletion(self) -> "ReferralsConfig":
        """DOMAIN § 6.6: reporter contact details go earlier than the case; refuse to start otherwise."""
        too_short = sorted(
            f"{case_type} ({days} days)"
            for case_type, days in self.retention_days.items()
            if days <= self.reporter_anonymise_after_days
        )
        if DEFAULT_CASE_TYPE not in self.retention_days:
            raise ValueError(
                f"retention_days needs a deadline for {DEFAULT_CASE_TYPE!r}, the type intake uses"
            )
        if too_short:
            raise ValueError(
                f"reporter_anonymise_after_days ({self.reporter_anonymise_after_days}) must be shorter than "
                f"the deletion deadline of every case type; not so for: {', '.join(too_short)}"
            )
        return self

    @model_validator(mode="after")
    def _named_offers_are_ladder_offers(self) -> "ReferralsConfig":
        """Each named place is one of the ladder's offers, under a code of its own."""
        from services.referrals.ladder import OFFERS  # the ladder imports this module

        known = {offer.code for offer in OFFERS}
        codes = [named.code for named in self.named_offers]
        unknown = sorted(named.like for named in self.named_offers if named.like not in known)
        taken = sorted({code for code in codes if code in known or codes.count(code) > 1})
        if unknown:
            raise ValueError(f"named_offers: no ladder offer with code {', '.join(unknown)}")
        if taken:
            raise ValueError(f"named_offers: the code {', '.join(taken)} is taken")
        return self
