"""The production configuration of compose.yaml, run for real without Docker.

Each compose service's command runs with its compose environment, changed only where a container differs
from a loopback test: the PostgreSQL URL points at a scratch database on the test server, service host
names and ports at free loopback ports, and /run/secrets/ at keys made with the commands compose.yaml
documents. What compose cannot be asked here (the engine), this asks the processes: do they accept the
production settings, migrate, start, pass their health checks and verify the operator's key?
"""

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.processes import PROCESSES, ROOT, Stack, free_port, harness_environment, wait_for
from tests.support import (
    KeyPair,
    bearer,
    create_scratch_database,
    drop_scratch_database,
    postgres_url_or_skip,
    token_for,
)
from tests.test_compose import (
    COMPOSE_FILE,
    CONTRACT_PORTS,
    SECRETS_DIR,
    command_of,
    environment_of,
    interpolate,
    load_compose,
    services,
)

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]

OPERATOR_INPUT = {"POSTGRES_PASSWORD": "unused-here", "GATEWAY_SECRET_KEY": "e2e-" + "k" * 44}


def make_operator_keys(directory: Path) -> KeyPair:
    """The key pair, made by the openssl commands at the top of compose.yaml."""
    (directory / "secrets").mkdir()
    commands = re.findall(r"^#\s+(openssl (?:genpkey|pkey) .+)$", COMPOSE_FILE.read_text(), re.MULTILINE)
    assert len(commands) == 2, "compose.yaml documents how to make the key pair"
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    for command in commands:
        subprocess.run(shlex.split(command), cwd=directory, check=True, capture_output=True)
    files = {name: directory / spec["file"] for name, spec in load_compose()["secrets"].items()}
    private, public = files["jwt_private_key"], files["jwt_public_key"]
    return KeyPair(private.read_bytes(), public.read_bytes(), private, public)


def make_operator_referrals_keys(directory: Path) -> Path:
    """The referrals key file, made by the shell lines at the top of compose.yaml (openssl, no Python)."""
    lines = re.findall(r"^#\s+((?:key\(\) |printf ).+)$", COMPOSE_FILE.read_text(), re.MULTILINE)
    assert len(lines) == 2, "compose.yaml documents how to make the referrals key file"
    subprocess.run(["bash", "-c", "\n".join(lines)], cwd=directory, check=True, capture_output=True)
    return directory / load_compose()["secrets"]["referrals_keys"]["file"]


def loopback_environment(
    service: str, database_url: str, ports: dict[str, int], secrets: dict[str, Path]
) -> dict[str, str]:
    """The service's compose environment, moved from the compose network onto loopback."""
    environment = {}
    for key, value in environment_of(services()[service]).items():
        value = interpolate(value, OPERATOR_INPUT)
        if key.endswith("_DATABASE_URL"):
            assert "@postgres:5432/" in value
            value = database_url
        elif value.startswith(SECRETS_DIR):
            value = str(secrets[value.removeprefix(SECRETS_DIR)])
        elif key.endswith("_HOST"):
            value = "127.0.0.1"
        elif key.endswith("_PORT"):
            value = str(ports[service])
        for name, port in ports.items():
            value = value.replace(f"http://{name}:{CONTRACT_PORTS[name]}", f"http://127.0.0.1:{port}")
            # One process of each kind here: the balancer's port for it leads straight to that process.
            value = value.replace(f"http://lb:{CONTRACT_PORTS[name]}", f"http://127.0.0.1:{port}")
        value = value.replace("redis://redis:6379/", "redis://127.0.0.1:6379/")
        environment[key] = value
    return environment


def test_the_compose_configuration_migrates_starts_and_verifies_the_operators_key(tmp_path: Path) -> None:
    server = postgres_url_or_skip()
    database_url = create_scratch_database(server)
    try:
        keys = make_operator_keys(tmp_path)
        secrets = {
            "jwt_private_key": keys.private_path,
            "jwt_public_key": keys.public_path,
            "referrals_keys": make_operator_referrals_keys(tmp_path),
        }
        ports = {name: free_port() for name in PROCESSES}
        base = {**harness_environment(), "VAR_DIR": str(tmp_path / "var"), "PYTHONUNBUFFERED": "1"}

        migrate = subprocess.run(
            [sys.executable, *command_of(services()["migrate"])[1:]],
            cwd=ROOT,
            env={**base, **loopback_environment("migrate", database_url, ports, secrets)},
            capture_output=True,
            text=True,
        )
        assert migrate.returncode == 0, migrate.stdout + migrate.stderr

        stack = Stack(var_dir=tmp_path, env=base, ports=ports)
        try:
            for name in PROCESSES:
                assert command_of(services()[name])[:3] == ["python", "-m", PROCESSES[name]]
                stack.spawn(name, loopback_environment(name, database_url, ports, secrets))
            for name in PROCESSES:
                # A process that refuses its production settings exits here, with its log in the failure.
                wait_for(f"{stack.url(name)}/healthz", stack, name)
            stack.wait_ready("gateway", timeout=30)

            # The healthchecks compose runs, pointed at the loopback ports: healthy here, unhealthy where
            # nothing listens.
            for name in PROCESSES:
                check = services()[name]["healthcheck"]["test"][3]
                for port, healthy in ((ports[name], True), (free_port(), False)):
                    code = check.replace(f"127.0.0.1:{CONTRACT_PORTS[name]}/", f"127.0.0.1:{port}/")
                    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=10)
                    assert (result.returncode == 0) is healthy, (name, port, result.stderr)

            gateway = stack.url()
            # Production: no demo users, and cookies only over HTTPS.
            demo = httpx.post(
                f"{gateway}/auth/token",
                data={"grant_type": "password", "username": "admin", "password": "demo"},
            )
            assert (demo.status_code, demo.json()["error"]) == (400, "invalid_grant")  # RFC 6749 § 5.2
            login = httpx.get(f"{gateway}/login", headers={"Accept": "text/html"})
            csrf_cookie = next(c for c in login.headers.get_list("set-cookie") if c.startswith("csrftoken="))
            assert "secure" in csrf_cookie.lower()

            # A token signed with the operator's private key is accepted by every service.
            token = token_for(keys, subject="user:operator")
            for service in ("categorisation", "allocation", "referrals"):
                me = httpx.get(f"{gateway}/api/{service}/v1/me", headers=bearer(token))
                assert me.status_code == 200, (service, me.text)
                assert me.json()["subject"] == "user:operator"
        finally:
            for name in list(stack.procs):
                stack.stop(name)
    finally:
        drop_scratch_database(server, database_url)
