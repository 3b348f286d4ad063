"""compose.yaml agrees with the code: modules, contract ports, setting names, secrets, health and order."""

import base64
import functools
import importlib
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import AliasChoices
from pydantic_settings import BaseSettings

from gateway.config import GatewaySettings
from services.allocation.config import AllocationSettings
from services.categorisation.config import CategorisationSettings
from services.kit.settings import CommonSettings
from services.referrals.config import ReferralsSettings
from services.referrals.crypto import new_key, render_key_file
from tests.processes import PROCESSES
from tests.support import make_keypair

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "compose.yaml"
HAPROXY_FILE = ROOT / "deploy" / "haproxy.cfg"

# CONTRACT § 1.
CONTRACT_PORTS = {"gateway": 8000, "categorisation": 8001, "allocation": 8002, "referrals": 8003}
SETTINGS: dict[str, type[CommonSettings]] = {
    "gateway": GatewaySettings,
    "categorisation": CategorisationSettings,
    "allocation": AllocationSettings,
    "referrals": ReferralsSettings,
}
# `python -m ops` builds every process's settings, and reads DEMO_DATA itself (ops/demo.py).
OPS_ONLY_VARIABLES = {"DEMO_DATA"}
SECRETS_DIR = "/run/secrets/"
# Secrets a process holds besides its token key.
OWN_SECRETS = {"referrals": ["referrals_keys"]}
# ${NAME:?message}: compose refuses to start while NAME is unset or empty.
REQUIRED_INPUT = re.compile(r"\$\{\w+:\?[^}]*\}")
INTERPOLATION = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}")


# --- reading compose.yaml ----------------------------------------------------------------------------


@functools.cache
def load_compose() -> dict[str, Any]:
    return dict(yaml.safe_load(COMPOSE_FILE.read_text()))


def services() -> dict[str, dict[str, Any]]:
    return dict(load_compose()["services"])


def command_of(service: dict[str, Any]) -> list[str]:
    command = service.get("command", [])
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def module_of(service: dict[str, Any]) -> str:
    """The module a service runs as `python -m <module> ...`."""
    command = command_of(service)
    assert command[:2] == ["python", "-m"], f"not `python -m <module>`: {command}"
    return command[2]


def environment_of(service: dict[str, Any]) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {str(key): str(value) for key, value in environment.items()}


def interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error} substitution."""

    def substitute(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"], match["arg"]
        given = variables.get(name)
        if op in (":-", "-"):
            return given if given else arg
        if op in (":?", "?") and not given:
            raise KeyError(f"{name} must be set: {arg}")
        return given or ""

    return INTERPOLATION.sub(substitute, value)


def strings_in(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings_in(value)


def process_of(service: dict[str, Any]) -> str | None:
    """The process (gateway, categorisation, …) a compose service runs, or None for postgres and ops."""
    if "command" not in service:
        return None
    module = module_of(service)
    return next((process for process, mod in PROCESSES.items() if mod == module), None)


# --- the names pydantic-settings reads -------------------------------------------------------------


def setting_names(settings: type[BaseSettings]) -> set[str]:
    """Every environment variable `settings` reads: env_prefix + field name, or the field's alias."""
    prefix = str(settings.model_config.get("env_prefix", ""))
    names: set[str] = set()
    for field_name, field in settings.model_fields.items():
        alias = field.validation_alias or field.alias
        if alias is None:
            names.add(f"{prefix}{field_name}".upper())
        elif isinstance(alias, str):
            names.add(alias.upper())
        elif isinstance(alias, AliasChoices):
            names.update(choice.upper() for choice in alias.choices if isinstance(choice, str))
    return names


def allowed_variables(module: str) -> set[str]:
    if module == "ops":
        return set().union(*(setting_names(cls) for cls in SETTINGS.values())) | OPS_ONLY_VARIABLES
    process = next(name for name, mod in PROCESSES.items() if mod == module)
    return setting_names(SETTINGS[process])


def unknown_variables(module: str, environment: dict[str, str]) -> list[str]:
    allowed = allowed_variables(module)
    return sorted(name for name in environment if name.upper() not in allowed)


# Read lazily (not at import), so a broken compose.yaml fails these tests rather than the whole collection.
PYTHON_SERVICES = ["migrate", *PROCESSES]


# --- tests ---------------------------------------------------------------------------------------------


def test_the_stack_is_postgres_redis_a_balancer_migrate_and_the_four_processes() -> None:
    assert set(services()) == {"postgres", "redis", "lb", "migrate", *PROCESSES}
    assert [name for name, service in services().items() if service.get("build") == "."] == PYTHON_SERVICES
    assert services()["postgres"]["image"].startswith("postgres:16")
    for name in PROCESSES:
        assert process_of(services()[name]) == name, f"{name} must run `python -m {PROCESSES[name]}`"


@pytest.mark.parametrize("name", PYTHON_SERVICES)
def test_each_command_runs_a_real_module_of_the_project(name: str) -> None:
    module = module_of(services()[name])
    assert module in (*PROCESSES.values(), "ops")
    assert importlib.util.find_spec(module) is not None, f"{name}: no module {module}"
    assert importlib.util.find_spec(f"{module}.__main__") is not None, f"{name}: {module} is not runnable"
    if module == "ops":
        commands = importlib.import_module("ops.__main__").COMMANDS
        assert command_of(services()[name])[3:] == ["migrate"]
        assert "migrate" in commands


@pytest.mark.parametrize("name", list(PROCESSES))
def test_each_process_listens_on_its_contract_port(name: str) -> None:
    settings = SETTINGS[name]
    prefix = str(settings.model_config["env_prefix"])
    environment = environment_of(services()[name])
    assert environment[f"{prefix}PORT"] == str(CONTRACT_PORTS[name])
    assert settings.model_fields["port"].default == CONTRACT_PORTS[name]
    # Inside its container the process must listen beyond loopback, or nothing can reach it.
    assert environment[f"{prefix}HOST"] == "0.0.0.0"  # noqa: S104


@pytest.mark.parametrize("name", PYTHON_SERVICES)
def test_every_variable_a_service_sets_is_a_setting_of_its_process(name: str) -> None:
    service = services()[name]
    assert unknown_variables(module_of(service), environment_of(service)) == []


@pytest.mark.parametrize(
    ("module", "misspelt"),
    [
        ("gateway", "GATEWAY_SECRETKEY"),
        ("gateway", "GATEWAY_UPSTREAM_TIMEOUT"),
        ("gateway", "ALLOCATION_PORT"),
        ("services.categorisation", "CATEGORISATION_DATABASE_URI"),
        ("services.allocation", "JWT_PUBLIC_KEY"),
        ("services.referrals", "APP_ENVIRONMENT"),
        ("ops", "GATEWAY_DATABASE"),
    ],
)
def test_a_misspelt_variable_is_caught(module: str, misspelt: str) -> None:
    assert unknown_variables(module, {misspelt: "x"}) == [misspelt]


def test_the_real_setting_names_are_derived() -> None:
    assert {"APP_ENV", "JWT_PUBLIC_KEY_FILE", "GATEWAY_PORT", "GATEWAY_SECRET_KEY"} <= setting_names(
        GatewaySettings
    )
    assert "ALLOCATION_CATEGORISATION_URL" in setting_names(AllocationSettings)
    assert "CATEGORISATION_CATEGORISATION_URL" not in setting_names(CategorisationSettings)


@pytest.mark.parametrize("name", list(PROCESSES))
def test_each_process_runs_in_production_on_postgres_with_the_operators_key(name: str) -> None:
    environment = environment_of(services()[name])
    prefix = str(SETTINGS[name].model_config["env_prefix"])
    assert environment["APP_ENV"] == "production"
    assert environment[f"{prefix}DATABASE_URL"].startswith("postgresql://")
    assert "@postgres:5432/" in environment[f"{prefix}DATABASE_URL"]
    key_variable = "GATEWAY_JWT_PRIVATE_KEY_FILE" if name == "gateway" else "JWT_PUBLIC_KEY_FILE"
    key_file = environment[key_variable]
    assert key_file.startswith(SECRETS_DIR)
    # The file is one of the compose secrets, and the service is given it (and only its own others).
    secret = key_file.removeprefix(SECRETS_DIR)
    assert secret in load_compose()["secrets"]
    assert services()[name].get("secrets") == [secret, *OWN_SECRETS.get(name, [])]
    assert load_compose()["secrets"][secret]["file"].startswith("./secrets/")


def test_only_referrals_holds_the_keys_for_personal_data() -> None:
    holders = [name for name, service in services().items() if "referrals_keys" in service.get("secrets", [])]
    assert holders == ["referrals"]
    environment = environment_of(services()["referrals"])
    assert environment["REFERRALS_ENCRYPTION_KEYS_FILE"] == SECRETS_DIR + "referrals_keys"
    # The archive written before retention deletes a case outlives the container.
    archive = environment["REFERRALS_ARCHIVE_DIR"]
    assert any(
        volume.split(":")[:2] == [source, archive]
        for volume in services()["referrals"]["volumes"]
        for source in load_compose()["volumes"]
    )


def test_only_the_gateway_holds_the_signing_key() -> None:
    holders = [
        name for name, service in services().items() if "jwt_private_key" in service.get("secrets", [])
    ]
    assert holders == ["gateway"]
    assert "GATEWAY_SECRET_KEY" not in str(services()["migrate"])


def balancer_routes() -> dict[int, tuple[str, int]]:
    """deploy/haproxy.cfg: the port each frontend binds -> (the service its backend finds, its port)."""
    frontends: dict[str, int] = {}
    backends: dict[str, tuple[str, int]] = {}
    uses: dict[str, str] = {}
    section = ""
    for line in HAPROXY_FILE.read_text().splitlines():
        words = line.split()
        if not words or words[0].startswith("#"):
            continue
        if words[0] in ("frontend", "backend", "global", "defaults", "resolvers"):
            section = " ".join(words[:2])
        elif words[0] == "bind" and section.startswith("frontend"):
            frontends[section.split()[1]] = int(words[1].rsplit(":", 1)[1])
        elif words[0] == "default_backend":
            uses[section.split()[1]] = words[1]
        elif words[0] == "server-template":
            host, port = words[3].split(":")
            backends[section.split()[1]] = (host, int(port))
    return {port: backends[uses[name]] for name, port in frontends.items()}


def test_upstream_urls_reach_every_replica_through_the_balancer_on_the_contract_ports() -> None:
    routes = balancer_routes()
    assert routes == {port: (name, port) for name, port in CONTRACT_PORTS.items()}
    gateway = environment_of(services()["gateway"])
    for service in ("categorisation", "allocation", "referrals"):
        assert gateway[f"GATEWAY_{service.upper()}_URL"] == f"http://lb:{CONTRACT_PORTS[service]}"
    allocation = environment_of(services()["allocation"])
    assert allocation["ALLOCATION_CATEGORISATION_URL"] == "http://lb:8001"


def test_every_process_runs_as_replicas_and_only_the_balancer_is_published() -> None:
    for name in PROCESSES:
        replicas = interpolate(str(services()[name]["deploy"]["replicas"]), {})
        assert int(replicas) >= 2, name
        assert "ports" not in services()[name], f"{name} is reached through the balancer only"
    assert services()["lb"]["ports"] == ["127.0.0.1:8000:8000"]
    assert any("deploy/haproxy.cfg:" in volume for volume in services()["lb"]["volumes"])


def test_what_replicas_must_share_is_shared() -> None:
    # Throttle counts: a limit tripped through one replica holds at the next (issue 13).
    for name in ("gateway", "referrals"):
        environment = environment_of(services()[name])
        assert environment["RATE_LIMIT_STORAGE_URL"].startswith("async+redis://redis:6379/"), name
        assert services()[name]["depends_on"]["redis"]["condition"] == "service_healthy"
        assert "TRUSTED_PROXIES" in environment, f"{name} must believe the balancer's X-Forwarded-For"


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="HAProxy is not installed (.ci/run installs it)")
def test_the_balancer_configuration_is_valid_haproxy() -> None:
    checked = subprocess.run(
        ["haproxy", "-c", "-f", str(HAPROXY_FILE)], capture_output=True, text=True, timeout=30, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


# Debian's docker-compose 2 puts the plugin here; it also runs on its own, without the docker client.
COMPOSE_PLUGIN = Path("/usr/libexec/docker/cli-plugins/docker-compose")


def docker_compose() -> list[str] | None:
    """Docker's own compose (v2), which reads and checks a file without a Docker engine."""
    candidates = [["docker", "compose"]] if shutil.which("docker") else []
    candidates.append([str(COMPOSE_PLUGIN)])
    for command in candidates:
        try:
            probe = subprocess.run([*command, "version"], capture_output=True, text=True, check=False)
        except OSError:
            continue
        # v1 (Debian bookworm's docker-compose 1.29) rejects the top-level `name:` that v2 reads.
        if probe.returncode == 0 and re.search(r"version v?2\.", probe.stdout):
            return command
    return None


COMPOSE = docker_compose()
needs_compose = pytest.mark.skipif(
    COMPOSE is None, reason="Docker compose v2 is not installed (.ci/run installs Debian's docker-compose 2)"
)


def compose_config(variables: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`docker compose config` as an operator runs it, with the file's own inputs only from `variables`."""
    assert COMPOSE is not None
    inputs = {match["name"] for text in strings_in(load_compose()) for match in INTERPOLATION.finditer(text)}
    environment = {name: value for name, value in os.environ.items() if name not in inputs} | variables
    return subprocess.run(
        [*COMPOSE, "--file", str(COMPOSE_FILE), "config", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=environment,
        cwd=ROOT,
    )


@needs_compose
def test_docker_compose_accepts_the_file_and_runs_what_we_read() -> None:
    checked = compose_config({"POSTGRES_PASSWORD": "pw", "GATEWAY_SECRET_KEY": "s" * 48})
    assert checked.returncode == 0, checked.stderr
    resolved = json.loads(checked.stdout)
    # What compose itself makes of the file is what the checks above read from it.
    assert set(resolved["services"]) == set(services())
    for name in PROCESSES:
        assert resolved["services"][name]["deploy"]["replicas"] >= 2, name
    assert resolved["services"]["gateway"]["environment"]["GATEWAY_SECRET_KEY"] == "s" * 48
    assert set(resolved["secrets"]) == {"jwt_private_key", "jwt_public_key", "referrals_keys"}


@needs_compose
@pytest.mark.parametrize("unset", ["POSTGRES_PASSWORD", "GATEWAY_SECRET_KEY"])
def test_docker_compose_refuses_to_start_without_a_secret(unset: str) -> None:
    variables = {"POSTGRES_PASSWORD": "pw", "GATEWAY_SECRET_KEY": "s" * 48}
    del variables[unset]
    checked = compose_config(variables)
    assert checked.returncode != 0
    assert f"set {unset}" in checked.stderr


def is_sensitive(name: str) -> bool:
    """GATEWAY_SECRET_KEY, POSTGRES_PASSWORD and the like (but not the *_KEY_FILE paths)."""
    upper = name.upper()
    return any(word in upper for word in ("SECRET", "PASSWORD")) or upper.endswith("_KEY")


def test_production_secrets_have_no_defaults() -> None:
    # Every ${...} that names a secret must stop compose when unset (":?"), never fall back to a value.
    found = []
    for text in strings_in(load_compose()):
        for match in INTERPOLATION.finditer(text):
            if is_sensitive(match["name"]):
                found.append(match["name"])
                assert match["op"] in (":?", "?"), f"{match[0]} gives a secret a default"
    assert {"GATEWAY_SECRET_KEY", "POSTGRES_PASSWORD"} <= set(found)
    # A secret's value is always the operator's, never written into the file.
    for name, service in services().items():
        for variable, value in environment_of(service).items():
            if is_sensitive(variable):
                assert re.fullmatch(REQUIRED_INPUT, value), f"{name}: {variable} is not required input"
            if variable.endswith("DATABASE_URL"):
                password = value.split("://", 1)[1].split("@", 1)[0].partition(":")[2]
                assert re.fullmatch(REQUIRED_INPUT, password), f"{name}: {variable} has a literal password"


def operator_referrals_keys(directory: Path) -> Path:
    """A key file as an operator makes it: not marked as a development file."""
    path = directory / "referrals-keys.toml"
    lookup = base64.urlsafe_b64encode(os.urandom(32)).decode()
    path.write_text(render_key_file([new_key()], lookup, development=False))
    return path


def test_the_compose_environment_passes_the_production_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each process's settings accept exactly what compose gives them, with secrets in place."""
    keys = make_keypair(tmp_path / "secrets")
    secret_files = {
        "jwt_private_key": keys.private_path,
        "jwt_public_key": keys.public_path,
        "referrals_keys": operator_referrals_keys(tmp_path / "secrets"),
    }
    variables = {"POSTGRES_PASSWORD": "pw", "GATEWAY_SECRET_KEY": "s" * 48}
    for name, settings_class in SETTINGS.items():
        for variable in setting_names(settings_class):
            monkeypatch.delenv(variable, raising=False)
        environment = {
            key: interpolate(value, variables) for key, value in environment_of(services()[name]).items()
        }
        for key, value in environment.items():
            if value.startswith(SECRETS_DIR):
                value = str(secret_files[value.removeprefix(SECRETS_DIR)])
            monkeypatch.setenv(key, value)
        settings = settings_class()  # raises InsecureConfiguration on any production problem
        assert settings.is_production
        assert settings.port == CONTRACT_PORTS[name]
        for key in environment:
            monkeypatch.delenv(key)


def test_an_unset_secret_stops_compose() -> None:
    gateway = environment_of(services()["gateway"])
    with pytest.raises(KeyError, match="GATEWAY_SECRET_KEY"):
        interpolate(gateway["GATEWAY_SECRET_KEY"], {"POSTGRES_PASSWORD": "pw"})


@pytest.mark.parametrize("name", list(PROCESSES))
def test_each_process_has_a_healthcheck_on_healthz(name: str) -> None:
    check = services()[name]["healthcheck"]
    test = check["test"]
    assert test[:3] == ["CMD", "python", "-c"], "slim images have no curl: check with Python"
    code = test[3]
    compile(code, f"<{name} healthcheck>", "exec")
    assert "urllib.request" in code
    assert f"http://127.0.0.1:{CONTRACT_PORTS[name]}/healthz" in code
    assert {"interval", "timeout", "retries"} <= check.keys()


def test_postgres_has_a_healthcheck_and_keeps_its_data() -> None:
    postgres = services()["postgres"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    volumes = [volume.split(":") for volume in postgres["volumes"]]
    assert any(
        target == "/var/lib/postgresql/data" and source in load_compose()["volumes"]
        for source, target, *_ in volumes
    )


def test_migrate_waits_for_healthy_postgres_and_the_processes_for_migrate() -> None:
    assert services()["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services()["migrate"].get("restart", "no") == "no"
    for name in PROCESSES:
        condition = services()[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name


def test_migrate_reaches_every_schema() -> None:
    environment = environment_of(services()["migrate"])
    for name, settings in SETTINGS.items():
        assert f"{settings.model_config['env_prefix']}DATABASE_URL" in environment, name


def test_the_image_installs_the_project_and_its_assets_and_runs_unprivileged() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim\b", dockerfile, re.MULTILINE)
    assert "npm ci" in dockerfile
    assert "package-lock.json" in dockerfile
    assert re.search(r"^RUN pip install .*\.\s", dockerfile, re.MULTILINE)
    assert "node_modules" in dockerfile
    users = re.findall(r"^USER (\S+)", dockerfile, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".venv", "node_modules", "var", ".git"} <= ignored
    for service in services().values():
        if str(service.get("image", "")).startswith("kommune-boligsocial"):
            assert service["build"] == "."
