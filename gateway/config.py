"""Settings (env prefix GATEWAY_) and the municipality's [gateway] section."""

from pathlib import Path
from typing import ClassVar, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, HttpUrl
from pydantic_settings import SettingsConfigDict

from services.kit.settings import DEV_KEY_MARKER, CommonSettings

DEFAULT_SECRET = "development-only-secret-change-me"  # noqa: S105 - refused in production below
SERVICES = ("categorisation", "allocation", "referrals")


class GatewaySettings(CommonSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")
    service_name: ClassVar[str] = "gateway"

    port: int = 8000
    # The gateway is the edge: it believes no one's X-Forwarded-For unless told which balancer is in front.
    trusted_proxies: str = Field("", validation_alias="TRUSTED_PROXIES")
    categorisation_url: HttpUrl = HttpUrl("http://127.0.0.1:8001")
    allocation_url: HttpUrl = HttpUrl("http://127.0.0.1:8002")
    referrals_url: HttpUrl = HttpUrl("http://127.0.0.1:8003")
    upstream_timeout_seconds: float = Field(10.0, gt=0)
    upstream_connect_timeout_seconds: float = Field(2.0, gt=0)
    # The pass-through's client: aiohttp (about a tenth of httpx's CPU per request, gateway/forwarders.py),
    # or the pages' httpx clients, whose transports in-process tests plug services into.
    forwarding_client: Literal["aiohttp", "httpx"] = "aiohttp"
    jwt_private_key_file: Path | None = None
    # Key rotation: the previous key's public half, published in the JWKS and still accepted here until
    # every token it signed has expired (docs/security.md, V11).
    jwt_previous_public_key_file: Path | None = None
    # Where callers reach the gateway (behind a proxy); the RFC 8414 metadata names its endpoints there.
    public_url: HttpUrl | None = None
    # Origins whose pages may call the token endpoints (the services' /docs); default: the upstreams'.
    token_cors_origins: list[str] | None = None
    token_lifetime_seconds: int = Field(3600, ge=60, le=86400)
    secret_key: str = DEFAULT_SECRET
    login_attempts: int = Field(5, ge=1, description="failed logins allowed per username and address")
    login_window_seconds: int = Field(900, ge=1)
    # Password spraying: failures from one address across names (a known name there is exempt).
    login_address_attempts: int = Field(10, ge=1, description="failed logins allowed per address")
    # The gateway is where sessions end; it keeps the list itself and polls nobody.
    revocation_list_url: str | None = None
    # Several gateway replicas share ended sessions through the database; each reads it this often.
    ended_sessions_refresh_seconds: float = Field(2.0, gt=0, le=60)
    # Argon2id cost of password and client-secret hashes: RFC 9106's low-memory profile (argon2-cffi's
    # default). Tests lower it to hash in microseconds; a hash made at another cost is remade at this one
    # when its owner next logs in.
    argon2_time_cost: int = Field(3, ge=1)
    argon2_memory_kib: int = Field(65536, ge=8)
    argon2_parallelism: int = Field(4, ge=1)

    @property
    def private_key_path(self) -> Path:
        return self.jwt_private_key_file or self.keys_dir / "jwt-private.pem"

    @property
    def public_key_path(self) -> Path:
        # The gateway derives its public key from its private key; it never reads a separate file.
        return self.private_key_path

    def upstream_url(self, service: str) -> str:
        return str(getattr(self, f"{service}_url")).rstrip("/")

    @property
    def token_origins(self) -> frozenset[str]:
        if self.token_cors_origins is not None:
            return frozenset(origin.rstrip("/") for origin in self.token_cors_origins)
        return frozenset(origin(self.upstream_url(service)) for service in SERVICES)

    def production_problems(self) -> list[str]:
        problems = [
            p
            for p in super().production_problems()
            if "JWT_PUBLIC_KEY_FILE" not in p and "REVOCATION_LIST_URL" not in p
        ]
        if self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32:
            problems.append("GATEWAY_SECRET_KEY must be set to a random value of at least 32 characters")
        if self.jwt_private_key_file is None:
            problems.append("production needs GATEWAY_JWT_PRIVATE_KEY_FILE set to the operator's key")
        elif self.jwt_private_key_file.exists() and DEV_KEY_MARKER in self.jwt_private_key_file.read_text():
            problems.append("GATEWAY_JWT_PRIVATE_KEY_FILE is a generated development key")
        return problems


def origin(url: str) -> str:
    """scheme://host[:port] of a URL, as a browser sends it in `Origin`."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class GatewayConfig(BaseModel):
    """Contact details shown on the pages."""

    model_config = ConfigDict(extra="forbid")

    contact_name: str = Field(min_length=1)
    contact_phone: str = Field(min_length=2)
    contact_email: str = Field(min_length=3)
    website: HttpUrl
