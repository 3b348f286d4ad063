"""Production settings refuse development defaults: the secret, generated keys, the embedded database."""

from pathlib import Path

import pytest
from argon2 import profiles

from gateway import identity
from gateway.config import DEFAULT_SECRET, GatewaySettings
from services.kit.auth import generate_dev_keypair
from services.kit.settings import InsecureConfiguration
from tests.gateway.helpers import POSTGRES, STRONG_SECRET, production_settings
from tests.support import FAST_ARGON2, KeyPair


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch, var_dir: Path) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    for name in ("GATEWAY_SECRET_KEY", "GATEWAY_JWT_PRIVATE_KEY_FILE", "GATEWAY_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.usefixtures("production")
def test_a_complete_production_configuration_is_accepted(keys: KeyPair) -> None:
    settings = production_settings(keys)

    assert settings.is_production
    assert settings.production_problems() == []


@pytest.mark.usefixtures("production")
@pytest.mark.parametrize("secret", [DEFAULT_SECRET, "short-but-not-default"])
def test_production_refuses_the_default_or_a_short_secret_key(keys: KeyPair, secret: str) -> None:
    with pytest.raises(InsecureConfiguration, match="GATEWAY_SECRET_KEY"):
        production_settings(keys, secret_key=secret)


@pytest.mark.usefixtures("production")
def test_production_refuses_when_the_secret_key_is_left_out(keys: KeyPair) -> None:
    with pytest.raises(InsecureConfiguration, match="GATEWAY_SECRET_KEY"):
        GatewaySettings(database_url=POSTGRES, jwt_private_key_file=keys.private_path)


@pytest.mark.usefixtures("production")
def test_production_reads_the_secret_from_the_environment(
    keys: KeyPair, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GATEWAY_SECRET_KEY", STRONG_SECRET)

    settings = GatewaySettings(database_url=POSTGRES, jwt_private_key_file=keys.private_path)

    assert settings.secret_key == STRONG_SECRET


@pytest.mark.usefixtures("production")
def test_production_refuses_a_generated_development_key(tmp_path: Path) -> None:
    dev_key = generate_dev_keypair(tmp_path / "keys")

    with pytest.raises(InsecureConfiguration, match="generated development key"):
        GatewaySettings(database_url=POSTGRES, jwt_private_key_file=dev_key, secret_key=STRONG_SECRET)


@pytest.mark.usefixtures("production")
def test_production_refuses_to_run_without_a_signing_key_of_its_own() -> None:
    with pytest.raises(InsecureConfiguration, match="GATEWAY_JWT_PRIVATE_KEY_FILE"):
        GatewaySettings(database_url=POSTGRES, secret_key=STRONG_SECRET)


@pytest.mark.usefixtures("production")
@pytest.mark.parametrize("url", [None, "sqlite:///var/gateway.db"])
def test_production_refuses_the_embedded_database(keys: KeyPair, url: str | None) -> None:
    with pytest.raises(InsecureConfiguration, match="PostgreSQL"):
        production_settings(keys, database_url=url)


@pytest.mark.usefixtures("production")
def test_every_problem_is_named_at_once(tmp_path: Path) -> None:
    dev_key = generate_dev_keypair(tmp_path / "keys")

    with pytest.raises(InsecureConfiguration) as refused:
        GatewaySettings(jwt_private_key_file=dev_key)

    message = str(refused.value)
    assert "GATEWAY_SECRET_KEY" in message
    assert "generated development key" in message
    assert "PostgreSQL" in message


def test_development_accepts_the_defaults(var_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("APP_ENV", raising=False)

    settings = GatewaySettings()

    assert not settings.is_production
    assert settings.secret_key == DEFAULT_SECRET
    # A development run still knows what would stop it in production.
    assert settings.production_problems()


def test_passwords_are_hashed_at_the_strong_argon2_cost_unless_the_settings_say_otherwise(
    var_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test run lowers the cost through these variables (tests/support.py, FAST_ARGON2); without them,
    # RFC 9106's low-memory profile: argon2id with 64 MiB, 3 passes and 4 lanes.
    for name in FAST_ARGON2:
        monkeypatch.delenv(name)
    strong = profiles.RFC_9106_LOW_MEMORY

    hasher = identity.password_hasher(GatewaySettings())

    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (
        strong.time_cost,
        strong.memory_cost,
        strong.parallelism,
    )
    assert hasher.hash("a password").startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    # The variables a test run sets reach the hasher.
    for name, value in FAST_ARGON2.items():
        monkeypatch.setenv(name, value)
    fast = identity.password_hasher(GatewaySettings())
    assert fast.hash("a password").startswith("$argon2id$v=19$m=8,t=1,p=1$")
