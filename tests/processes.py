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

from tests.support import FAST_ARGON2

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
    "REVOCATION_",
    "TOKEN_URL",
)


# Ports handed out by this process: a stack's processes bind theirs seconds later, and until then the
# system could offer the same free port again.
_HANDED_OUT: set[int] = set()


# Below Linux's ephemeral range (32768–60999), which outgoing connections (to PostgreSQL, between the
# processes) take their local ports from: a port handed out from there could be taken by such a connection
# in the seconds before the stack's process binds it ("address already in use").
PORT_RANGE = range(20000, 32000)


def free_port() -> int:
    """A free loopback port that this process has not handed out yet, from this xdist worker's own share
    of PORT_RANGE (port % workers == the worker's number): workers starting stacks side by side never pick
    the same, and no outgoing connection is given it meanwhile."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    # Start at a different place in each process, so that runs side by side (two checkouts) rarely meet.
    start = PORT_RANGE.start + (os.getpid() * 7919) % len(PORT_RANGE)
    for offset in range(len(PORT_RANGE)):
        port = PORT_RANGE.start + (start - PORT_RANGE.start + offset) % len(PORT_RANGE)
        if port % workers != worker or port in _HANDED_OUT:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _HANDED_OUT.add(port)
        return port
    raise RuntimeError(f"no free loopback port in {PORT_RANGE}")


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
            # The services poll this stack's gateway for ended tokens, not whatever answers on :8000.
            "REVOCATION_LIST_URL": f"http://127.0.0.1:{ports['gateway']}/auth/revocations",
            "TOKEN_URL": f"http://127.0.0.1:{ports['gateway']}/auth/token",
            **FAST_ARGON2,
            "GATEWAY_FORWARDING_CLIENT": "aiohttp",  # the production client, whatever the tests' own setting
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


# --- helpers for the fault and load tests --------------------------------------------------------------


def postgres_binaries() -> Path | None:
    """The newest of Debian's PostgreSQL server binary directories, or None when none is installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


@dataclass
class PostgresCluster:
    """A private PostgreSQL cluster in its own directory, on its own port, run by its own OS user.

    initdb refuses to run as root, so as root the cluster belongs to the `postgres` OS user; as anyone
    else it belongs to the caller. Nothing here touches a server another test uses.
    """

    bin_dir: Path
    directory: Path
    port: int
    os_user: str | None  # run the binaries as this user (runuser), or as the caller when None

    @property
    def data_dir(self) -> Path:
        return self.directory / "data"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.os_user is not None:
            command = ["runuser", "-u", self.os_user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=self.directory)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def init(self) -> None:
        self._run(
            "initdb", "-D", str(self.data_dir), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = self.directory / "postgres.log"
        self._run(
            "pg_ctl", "-D", str(self.data_dir), "-l", str(log), "-o", options, "-w", "-t", "60", "start"
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", mode, "-w", "-t", "60", "stop")

    def running(self) -> bool:
        command = [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "status"]
        if self.os_user is not None:
            command = ["runuser", "-u", self.os_user, "--", *command]
        return subprocess.run(command, capture_output=True, timeout=30).returncode == 0

    def log(self) -> str:
        path = self.directory / "postgres.log"
        return path.read_text(errors="replace") if path.exists() else ""


def private_cluster_problem() -> str | None:
    """Why a private PostgreSQL cluster cannot be made here, or None when it can."""
    if postgres_binaries() is None:
        return "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return (
                "running as root, and there is no `postgres` OS user to own the cluster (initdb refuses root)"
            )
        if not Path("/usr/sbin/runuser").exists() and not Path("/sbin/runuser").exists():
            return "running as root without runuser to run initdb as the `postgres` OS user"
    return None


@contextmanager
def private_postgres() -> Iterator[PostgresCluster]:
    """initdb a throwaway cluster in a directory of its own, start it on a free port, remove it after."""
    import shutil
    import tempfile

    problem = private_cluster_problem()
    if problem is not None:
        raise RuntimeError(problem)
    bin_dir = postgres_binaries()
    assert bin_dir is not None
    # Under /tmp itself: pytest's own temporary directories are private to the caller.
    directory = Path(tempfile.mkdtemp(prefix="kb-private-pg-"))
    os_user = None
    if os.geteuid() == 0:
        import pwd

        entry = pwd.getpwnam("postgres")
        os.chown(directory, entry.pw_uid, entry.pw_gid)
        os_user = "postgres"
    cluster = PostgresCluster(bin_dir=bin_dir, directory=directory, port=free_port(), os_user=os_user)
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        try:
            if cluster.running():
                cluster.stop("immediate")
        finally:
            shutil.rmtree(directory, ignore_errors=True)


def tcp_connections(pid: int, remote_port: int) -> dict[str, int]:
    """The TCP sockets process `pid` holds to 127.0.0.1:`remote_port`, counted by state name."""
    states = {
        "01": "ESTABLISHED",
        "02": "SYN_SENT",
        "04": "FIN_WAIT1",
        "05": "FIN_WAIT2",
        "06": "TIME_WAIT",
        "07": "CLOSE",
        "08": "CLOSE_WAIT",
        "09": "LAST_ACK",
        "0A": "LISTEN",
        "0B": "CLOSING",
    }
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    counts: dict[str, int] = {}
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            remote, state, inode = fields[2], fields[3], fields[9]
            if inode in inodes and int(remote.rsplit(":", 1)[1], 16) == remote_port:
                name = states.get(state, state)
                counts[name] = counts.get(name, 0) + 1
    return counts


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def browser_session(gateway: str, username: str, **client_options: object) -> httpx.Client:
    """An httpx client logged in through /login like a browser: session cookie, CSRF cookie, asks for HTML."""
    client = httpx.Client(
        base_url=gateway,
        follow_redirects=False,
        headers={"Accept": BROWSER_ACCEPT},
        **client_options,  # type: ignore[arg-type]
    )
    client.get("/login")
    csrf = client.cookies.get("csrftoken")
    response = client.post(
        "/login", data={"username": username, "password": "demo", "csrftoken": csrf or "", "next": "/"}
    )
    if response.status_code != 303 or not client.cookies.get("session"):
        client.close()
        raise RuntimeError(f"login as {username} failed: {response.status_code} {response.text[:500]}")
    return client


def loopback_source(n: int) -> str:
    """The n-th of many distinct loopback addresses (127.8.0.1 onwards): one per simulated citizen.

    Linux answers the whole 127.0.0.0/8 on `lo`, so a client bound to one of these reaches the stack on
    127.0.0.1 and the gateway sees a different client address for each, as it would for people at home.
    """
    return f"127.8.{(n // 250) % 250}.{n % 250 + 1}"
