"""Settings: defaults, shared and per-process environment names, and what production refuses."""

from pathlib import Path
from typing import ClassVar

import pytest
from pydantic_settings import SettingsConfigDict

from services.allocation.config import AllocationSettings
from services.categorisation.config import CategorisationSettings
from services.kit.auth import generate_dev_keypair
from services.kit.settings import CommonSettings, Environment, InsecureConfiguration
from services.referrals.config import ReferralsSettings
from tests.support import KeyPair

SHARED_NAMES = ("APP_ENV", "VAR_DIR", "MUNICIPALITY", "MUNICIPALITY_DIR", "LOG_LEVEL", "JWT_ISSUER")
PROCESS_NAMES = ("JWT_PUBLIC_KEY_FILE", "DATABASE_URL", "HOST", "PORT")
PREFIXES = ("", "CATEGORISATION_", "ALLOCATION_", "REFERRALS_", "GATEWAY_", "EXAMPLE_")
POSTGRES = "postgresql://kommune@db.example:5432/kommune"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Start every test from the defaults, whatever the shell running the tests has exported."""
    for name in SHARED_NAMES:
        monkeypatch.delenv(name, raising=False)
    for prefix in PREFIXES:
        for name in PROCESS_NAMES:
            monkeypatch.delenv(prefix + name, raising=False)


@pytest.mark.parametrize(
    ("cls", "port"), [(CategorisationSettings, 8001), (AllocationSettings, 8002), (ReferralsSettings, 8003)]
)
def test_defaults_run_in_development_on_the_contract_ports(
    cls: type[CategorisationSettings], port: int
) -> None:
    settings = cls()
    assert settings.environment is Environment.DEVELOPMENT
    assert not settings.is_production
    assert (settings.host, settings.port) == ("127.0.0.1", port)
    assert settings.var_dir == Path("var")
    assert settings.municipality == "gladsaxe"
    assert settings.jwt_issuer == "urn:kommune:gateway"
    assert settings.audience == f"urn:kommune:{cls.service_name}"
    # Without DATABASE_URL each process has its own SQLite file, and reads the generated development key.
    assert settings.effective_database_url == f"sqlite:///var/{cls.service_name}.db"
    assert settings.public_key_path == Path("var/keys/jwt-public.pem")


def test_var_dir_app_env_and_municipality_are_read_unprefixed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, keys: KeyPair
) -> None:
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    monkeypatch.setenv("MUNICIPALITY", "gentofte")
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("JWT_PUBLIC_KEY_FILE", str(keys.public_path))
    monkeypatch.setenv("ALLOCATION_DATABASE_URL", POSTGRES)
    settings = AllocationSettings()
    assert settings.var_dir == tmp_path
    assert settings.keys_dir == tmp_path / "keys"
    assert settings.municipality == "gentofte"
    assert settings.is_production
    assert settings.jwt_public_key_file == keys.public_path


def test_prefixed_copies_of_shared_names_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    # One VAR_DIR for all four processes: a per-process spelling must not split them silently.
    monkeypatch.setenv("ALLOCATION_VAR_DIR", "/elsewhere")
    monkeypatch.setenv("ALLOCATION_MUNICIPALITY", "gentofte")
    settings = AllocationSettings()
    assert settings.var_dir == Path("var")
    assert settings.municipality == "gladsaxe"


def test_port_host_and_database_are_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOCATION_PORT", "9102")
    monkeypatch.setenv("ALLOCATION_HOST", "0.0.0.0")  # noqa: S104 - only read back, nothing listens
    monkeypatch.setenv("ALLOCATION_DATABASE_URL", POSTGRES)
    allocation = AllocationSettings()
    assert (allocation.host, allocation.port) == ("0.0.0.0", 9102)  # noqa: S104
    assert allocation.effective_database_url == POSTGRES
    # The other processes keep their own defaults.
    categorisation = CategorisationSettings()
    assert (categorisation.host, categorisation.port) == ("127.0.0.1", 8001)
    assert categorisation.database_url is None
    assert ReferralsSettings().port == 8003


def test_an_unknown_environment_name_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("APP_ENV", "prod")
    with pytest.raises(ValueError, match="APP_ENV"):
        ReferralsSettings()


# --- production ------------------------------------------------------------------------------------


class ExampleSettings(CommonSettings):
    """A process adding nothing to kit's settings, so the tests below see kit's production rules alone."""

    model_config = SettingsConfigDict(env_prefix="EXAMPLE_", extra="ignore")
    service_name: ClassVar[str] = "example"


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch, keys: KeyPair) -> pytest.MonkeyPatch:
    """Production settings that pass; each test below spoils one thing."""
    monkeypatch.setenv("APP_ENV", "production")
    monkeypatch.setenv("EXAMPLE_DATABASE_URL", POSTGRES)
    monkeypatch.setenv("JWT_PUBLIC_KEY_FILE", str(keys.public_path))
    return monkeypatch


def test_production_starts_with_postgres_and_an_operator_key(production: pytest.MonkeyPatch) -> None:
    settings = ExampleSettings()
    assert settings.is_production
    assert settings.production_problems() == []


@pytest.mark.parametrize("url", [None, "sqlite:///var/example.db", "sqlite+aiosqlite:////srv/example.db"])
def test_production_refuses_sqlite(production: pytest.MonkeyPatch, url: str | None) -> None:
    if url is None:
        production.delenv("EXAMPLE_DATABASE_URL")
    else:
        production.setenv("EXAMPLE_DATABASE_URL", url)
    with pytest.raises(InsecureConfiguration, match="PostgreSQL"):
        ExampleSettings()


def test_production_refuses_a_missing_public_key_setting(production: pytest.MonkeyPatch) -> None:
    production.delenv("JWT_PUBLIC_KEY_FILE")
    with pytest.raises(InsecureConfiguration, match="JWT_PUBLIC_KEY_FILE"):
        ExampleSettings()


def test_production_refuses_a_public_key_file_that_does_not_exist(
    production: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    production.setenv("JWT_PUBLIC_KEY_FILE", str(tmp_path / "nowhere.pem"))
    with pytest.raises(InsecureConfiguration, match="JWT_PUBLIC_KEY_FILE"):
        ExampleSettings()


def test_production_refuses_the_generated_development_key(
    production: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    generate_dev_keypair(tmp_path / "keys")
    production.setenv("JWT_PUBLIC_KEY_FILE", str(tmp_path / "keys" / "jwt-public.pem"))
    with pytest.raises(InsecureConfiguration, match="development key"):
        ExampleSettings()


def test_development_accepts_what_production_refuses(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    generate_dev_keypair(tmp_path / "keys")
    monkeypatch.setenv("JWT_PUBLIC_KEY_FILE", str(tmp_path / "keys" / "jwt-public.pem"))
    settings = ExampleSettings()
    assert not settings.is_production
    # The problems are still known, so an operator can ask; they only stop a production start.
    assert len(settings.production_problems()) == 2
