"""Settings shared by every process; each process subclasses them with its own env prefix."""

import os
from enum import StrEnum
from pathlib import Path
from typing import ClassVar

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_KEY_MARKER = "GENERATED DEVELOPMENT KEY - NOT FOR PRODUCTION"


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class InsecureConfiguration(RuntimeError):
    """Raised at start when production settings still carry development defaults."""


class CommonSettings(BaseSettings):
    """What every process reads: environment, data directory, municipality, token verification."""

    model_config = SettingsConfigDict(extra="ignore", env_file=None)

    # The process's name: its database file, schema and token audience derive from it.
    service_name: ClassVar[str] = "kit"

    # Unprefixed on purpose: one value for all four processes.
    environment: Environment = Field(Environment.DEVELOPMENT, validation_alias="APP_ENV")
    var_dir: Path = Field(Path("var"), validation_alias="VAR_DIR")
    municipality: str = Field("gladsaxe", validation_alias="MUNICIPALITY")
    municipality_dir: Path | None = Field(None, validation_alias="MUNICIPALITY_DIR")
    log_level: str = Field("INFO", validation_alias="LOG_LEVEL")
    jwt_issuer: str = Field("urn:kommune:gateway", validation_alias="JWT_ISSUER")
    jwt_public_key_file: Path | None = Field(None, validation_alias="JWT_PUBLIC_KEY_FILE")
    # The proxies whose X-Forwarded-For is believed (comma-separated addresses or networks): the gateway
    # and the load balancer. Everyone else's header is ignored, so it cannot dodge a per-address limit.
    trusted_proxies: str = Field("127.0.0.1, ::1", validation_alias="TRUSTED_PROXIES")
    # Where throttles count: in memory for one process, Redis (async+redis://host:6379/0) for replicas.
    rate_limit_storage_url: str = Field("async+memory://", validation_alias="RATE_LIMIT_STORAGE_URL")
    # The gateway's token endpoint, named in every service's OpenAPI (the OAuth2 security scheme).
    token_url: str = Field("http://127.0.0.1:8000/auth/token", validation_alias="TOKEN_URL")
    # Where a service learns which tokens ended (services/kit/revocation.py): the gateway's list, at its
    # CONTRACT § 1 address by default. Empty turns the check off (development only).
    revocation_list_url: str | None = Field(
        "http://127.0.0.1:8000/auth/revocations", validation_alias="REVOCATION_LIST_URL"
    )
    revocation_refresh_seconds: float = Field(
        15.0, gt=0, le=60, validation_alias="REVOCATION_REFRESH_SECONDS"
    )
    # CONTRACT § 2: an ended session is refused everywhere within 60 s, so the list may be no older.
    revocation_max_age_seconds: float = Field(
        60.0, gt=0, le=60, validation_alias="REVOCATION_MAX_AGE_SECONDS"
    )

    # Prefixed per process (e.g. ALLOCATION_HOST).
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str | None = None

    @field_validator("revocation_list_url", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return value or None

    @property
    def is_production(self) -> bool:
        return self.environment is Environment.PRODUCTION

    @property
    def keys_dir(self) -> Path:
        return self.var_dir / "keys"

    @property
    def public_key_path(self) -> Path:
        return self.jwt_public_key_file or self.keys_dir / "jwt-public.pem"

    @property
    def effective_database_url(self) -> str:
        """The configured database, or this process's own SQLite file under VAR_DIR."""
        return self.database_url or sqlite_file_url(self.var_dir, self.service_name)

    @property
    def audience(self) -> str:
        return f"urn:kommune:{self.service_name}"

    @model_validator(mode="after")
    def _refuse_insecure_production(self) -> "CommonSettings":
        if self.is_production:
            problems = self.production_problems()
            if problems:
                raise InsecureConfiguration("; ".join(problems))
        return self

    def production_problems(self) -> list[str]:
        """Every reason these settings are unfit for production; subclasses add their own."""
        problems = []
        if self.database_url is None or self.database_url.startswith("sqlite"):
            problems.append("production needs a PostgreSQL DATABASE_URL, not the embedded SQLite file")
        if self.jwt_public_key_file is None:
            problems.append("production needs JWT_PUBLIC_KEY_FILE set to the operator's key")
        elif not self.jwt_public_key_file.is_file():
            # Said here, with the other reasons, rather than as a bare FileNotFoundError when the app builds.
            problems.append(f"JWT_PUBLIC_KEY_FILE {self.jwt_public_key_file} does not exist")
        elif DEV_KEY_MARKER in self.jwt_public_key_file.read_text():
            problems.append("JWT_PUBLIC_KEY_FILE is a generated development key")
        if self.revocation_list_url is None:
            problems.append("production needs REVOCATION_LIST_URL (the gateway's /auth/revocations)")
        return problems


def sqlite_file_url(var_dir: Path, service_name: str) -> str:
    """The embedded default: each process has its own SQLite file under VAR_DIR."""
    return f"sqlite:///{(var_dir / f'{service_name}.db').as_posix()}"


def database_url_from_environment(settings_cls: type[CommonSettings]) -> str:
    """A process's database URL from the environment alone.

    Migrations need nothing else, so they must not demand the production secrets that starting the
    process itself requires (the signing key, GATEWAY_SECRET_KEY, ...).
    """
    prefix = str(settings_cls.model_config.get("env_prefix", ""))
    url = os.environ.get(f"{prefix}DATABASE_URL")
    return url or sqlite_file_url(Path(os.environ.get("VAR_DIR", "var")), settings_cls.service_name)
