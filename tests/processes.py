"""The four real processes on free loopback ports, for end-to-end and browser tests."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
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

    def url(self, name: str = "gateway") -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def log(self, name: str) -> str:
        return (self.var_dir / f"{name}.log").read_text(errors="replace")

    def start(self, name: str) -> None:
        """Start (or restart) one process and wait until its /healthz answers."""
        handle = (self.var_dir / f"{name}.log").open("ab")
        self.procs[name] = subprocess.Popen(
            [sys.executable, "-m", PROCESSES[name]],
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        wait_for(f"{self.url(name)}/healthz", self, name)

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


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
        time.sleep(0.2)
    raise RuntimeError(f"{name} did not answer {url} within {timeout} s:\n{stack.log(name)[-3000:]}")


def stack_environment(
    var_dir: Path, ports: dict[str, int], extra: dict[str, str] | None = None
) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.endswith("_DATABASE_URL")}
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


@contextmanager
def running_stack(var_dir: Path, extra_env: dict[str, str] | None = None) -> Iterator[Stack]:
    """Prepare VAR_DIR like `make run` (keys, migrations, demo data), start all four, stop them after."""
    ports = {name: free_port() for name in PROCESSES}
    env = stack_environment(var_dir, ports, extra_env)
    subprocess.run(
        [sys.executable, "-m", "ops", "prepare"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    stack = Stack(var_dir=var_dir, env=env, ports=ports)
    try:
        for name in ("categorisation", "allocation", "referrals", "gateway"):
            stack.start(name)
        wait_for(f"{stack.url()}/readyz", stack, "gateway")
        yield stack
    finally:
        for name in list(stack.procs):
            stack.stop(name)
