"""The four real processes on free loopback ports, for end-to-end and browser tests."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PROCESSES = {
    "gateway": "gateway",
    "categorisation": "services.categorisation",
    "allocation": "services.allocation",
    "referrals": "services.referrals",
}
# Settings the test run's own environment must not leak into the processes (a developer's
# GATEWAY_JWT_PRIVATE_KEY_FILE or ALLOCATION_DATABASE_URL would point the stack at the wrong place).
INHERITED_PREFIXES = (
    "GATEWAY_",
    "CATEGORISATION_",
    "ALLOCATION_",
    "REFERRALS_",
    "JWT_",
    "MUNICIPALITY",
    "DEMO_DATA",
    "APP_ENV",
    "VAR_DIR",
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Stack:
    var_dir: Path
    env: dict[str, str]
    ports: dict[str, int]
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    # What `python -m ops prepare` printed when the stack was prepared.
    prepare_output: str = ""
    # Where each process's output goes (<name>.log); VAR_DIR unless given.
    log_dir: Path | None = None

    def url(self, name: str = "gateway") -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def log_path(self, name: str) -> Path:
        return (self.log_dir or self.var_dir) / f"{name}.log"

    def log(self, name: str) -> str:
        return self.log_path(name).read_text(errors="replace")

    def spawn(self, name: str, extra_env: dict[str, str] | None = None) -> None:
        """Start one process without waiting for it; `extra_env` overrides the stack's environment."""
        if name in self.procs:
            raise RuntimeError(f"{name} is already running; stop it first")
        with self.log_path(name).open("ab") as handle:
            self.procs[name] = subprocess.Popen(
                [sys.executable, "-m", PROCESSES[name]],
                cwd=ROOT,
                env={**self.env, **(extra_env or {})},
                stdout=handle,
                stderr=subprocess.STDOUT,
            )

    def start(self, name: str, extra_env: dict[str, str] | None = None) -> None:
        """Start (or restart) one process and wait until its /healthz answers."""
        self.spawn(name, extra_env)
        wait_for(f"{self.url(name)}/healthz", self, name)

    def stop(self, name: str) -> None:
        """Stop one process the way an orchestrator does: SIGTERM, then SIGKILL after 10 s."""
        proc = self.procs.pop(name, None)
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)

    def wait_ready(self, name: str = "gateway", timeout: float = 60.0) -> None:
        wait_for(f"{self.url(name)}/readyz", self, name, timeout)


def wait_for(url: str, stack: Stack, name: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        proc = stack.procs.get(name)
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}:\n{stack.log(name)[-3000:]}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{name} did not answer {url} within {timeout} s:\n{stack.log(name)[-3000:]}")


def harness_environment() -> dict[str, str]:
    """The test run's environment without any of the processes' settings."""
    return {
        key: value
        for key, value in os.environ.items()
        if not key.endswith("_DATABASE_URL") and not key.startswith(INHERITED_PREFIXES)
    }


def stack_environment(
    var_dir: Path, ports: dict[str, int], extra: dict[str, str] | None = None
) -> dict[str, str]:
    env = harness_environment()
    env.update(
        {
            "APP_ENV": "development",
            "VAR_DIR": str(var_dir),
            "PYTHONUNBUFFERED": "1",
            "GATEWAY_PORT": str(ports["gateway"]),
            "CATEGORISATION_PORT": str(ports["categorisation"]),
            "ALLOCATION_PORT": str(ports["allocation"]),
            "REFERRALS_PORT": str(ports["referrals"]),
            "GATEWAY_CATEGORISATION_URL": f"http://127.0.0.1:{ports['categorisation']}",
            "GATEWAY_ALLOCATION_URL": f"http://127.0.0.1:{ports['allocation']}",
            "GATEWAY_REFERRALS_URL": f"http://127.0.0.1:{ports['referrals']}",
            "ALLOCATION_CATEGORISATION_URL": f"http://127.0.0.1:{ports['categorisation']}",
            **(extra or {}),
        }
    )
    return env


def prepare(env: dict[str, str]) -> str:
    """`python -m ops prepare` (keys, migrations, demo data) as `make run` does it; returns its output."""
    result = subprocess.run(
        [sys.executable, "-m", "ops", "prepare"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"ops prepare failed with {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@contextmanager
def running_stack(
    var_dir: Path, extra_env: dict[str, str] | None = None, processes: Iterable[str] = tuple(PROCESSES)
) -> Iterator[Stack]:
    """Prepare VAR_DIR like `make run` (keys, migrations, demo data), start the processes, stop them after.

    All four by default, and then the gateway's /readyz is 200 before the stack is handed over; a subset
    (e.g. only the gateway) is handed over once each of its processes answers /healthz.
    """
    names = list(processes)
    ports = {name: free_port() for name in PROCESSES}
    env = stack_environment(var_dir, ports, extra_env)
    stack = Stack(var_dir=var_dir, env=env, ports=ports, prepare_output=prepare(env))
    try:
        # Started side by side: each takes a second or two to import, and none needs another to start.
        for name in names:
            stack.spawn(name)
        for name in names:
            wait_for(f"{stack.url(name)}/healthz", stack, name)
        if set(names) == set(PROCESSES):
            stack.wait_ready("gateway")
        yield stack
    finally:
        for name in list(stack.procs):
            stack.stop(name)
