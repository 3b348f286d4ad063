"""Benchmarks that print measured figures against their targets; never asserted in tests.

`python -m bench` runs every benchmark, `python -m bench categorisation` one of them. Each database
benchmark runs on a temporary SQLite file and, when BENCH_DATABASE_URL or TEST_DATABASE_URL names a
PostgreSQL server, on a scratch database created there and dropped afterwards. The HTTP benchmarks
(allocation, gateway, pages) start the real processes on free loopback ports.
"""

import math
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ops import migrate
from services.kit import db

# --- timing ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """What a step should reach: at most `seconds`, or at least `per_second` of `unit`."""

    seconds: float | None = None
    per_second: float | None = None
    unit: str = "rows"

    def describe(self) -> str:
        if self.seconds is not None:
            return f"< {_duration(self.seconds)}"
        if self.per_second is not None:
            return f">= {self.per_second:,.0f} {self.unit}/s"
        return "-"


NO_TARGET = Target()


@dataclass
class Measurement:
    """The wall-clock times of one step's repetitions; `count` items were handled in each."""

    name: str
    times: list[float]
    target: Target = NO_TARGET
    count: int | None = None  # rows per repetition, for rates
    cpu_times: list[float] = field(default_factory=list)  # this process's CPU time (all its threads)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def cpu(self) -> float | None:
        return statistics.median(self.cpu_times) if self.cpu_times else None

    @property
    def is_rate(self) -> bool:
        return self.count is not None and (self.target.per_second is not None or self.target.seconds is None)

    def shown(self, seconds: float) -> str:
        if self.is_rate and self.count:
            return f"{self.count / seconds:,.0f}/s"
        return _duration(seconds)

    @property
    def ratio(self) -> float | None:
        """Measured over target (of the median): a rate meets its target at >= 1, a time at <= 1."""
        if self.target.seconds is not None:
            return self.median / self.target.seconds
        if self.target.per_second is not None and self.count:
            return (self.count / self.median) / self.target.per_second
        return None

    @property
    def met(self) -> bool | None:
        ratio = self.ratio
        if ratio is None:
            return None
        return ratio <= 1 if self.target.seconds is not None else ratio >= 1


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 1 else f"{seconds:,.2f} s"


async def measure(
    name: str,
    step: Callable[[], Awaitable[object]],
    *,
    repeat: int,
    target: Target = NO_TARGET,
    count: int | None = None,
    before: Callable[[], Awaitable[object]] | None = None,
    cpu_clock: Callable[[], float] = time.process_time,
) -> Measurement:
    """Run `step` `repeat` times (after one untimed warm-up); `before` runs untimed ahead of each run.

    `cpu_clock` is whose CPU time the CPU column shows: this process's by default, or a server's
    (`process_cpu(pid)`) when the work happens in another process.
    """
    times, cpu_times = [], []
    for run in range(repeat + 1):
        if before is not None:
            await before()
        started, started_cpu = time.perf_counter(), cpu_clock()
        await step()
        elapsed, cpu = time.perf_counter() - started, cpu_clock() - started_cpu
        if run:  # the first run warms caches (SQL compilation, imports) and is not counted
            times.append(elapsed)
            cpu_times.append(cpu)
    return Measurement(name, times, target, count, cpu_times)


# --- report ----------------------------------------------------------------------------------------


@dataclass
class Report:
    """One benchmark's measurements on each database, printed as tables side by side."""

    title: str
    databases: dict[str, list[Measurement]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # Further tables or checked lines, printed after the measurements' table and before the notes.
    sections: list[str] = field(default_factory=list)

    def table(self) -> str:
        names: list[str] = []
        targets: dict[str, str] = {}
        for measurements in self.databases.values():
            for m in measurements:
                if m.name not in targets:
                    names.append(m.name)
                    targets[m.name] = m.target.describe()
        header = ["step", "target"]
        groups = []
        for database in self.databases:
            header += [f"{database} median", "best", "CPU", "ratio"]
            groups.append({m.name: m for m in self.databases[database]})
        lines = [header]
        for name in names:
            line = [name, targets[name]]
            for group in groups:
                if name not in group:
                    line += ["", "", "", ""]
                    continue
                m = group[name]
                ratio = m.ratio
                mark = "" if m.met is None else (" ok" if m.met else " MISSED")
                cpu = "-" if m.cpu is None else _duration(m.cpu)
                line += [
                    m.shown(m.median),
                    m.shown(m.best),
                    cpu,
                    "-" if ratio is None else f"{ratio:.2f}{mark}",
                ]
            lines.append(line)
        return _markdown(lines)

    def render(self) -> str:
        parts = [f"## {self.title}"]
        if self.databases:
            parts += ["", self.table()]
        for section in self.sections:
            parts += ["", section]
        if self.notes:
            parts += ["", *self.notes]
        return "\n".join(parts)


def _markdown(lines: Sequence[Sequence[str]]) -> str:
    """A Markdown table padded to line up in a terminal too (numbers right-aligned)."""
    return markdown_table(lines)


def markdown_table(lines: Sequence[Sequence[str]], text_columns: int = 2) -> str:
    """A Markdown table padded to line up in a terminal too (the first `text_columns` left, numbers right)."""
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]

    def row(cells: Sequence[str], first: bool = False) -> str:
        padded = [
            c.ljust(w) if i < text_columns or first else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|" + "|".join("-" * (w + 1) + ("-" if i < text_columns else ":") for i, w in enumerate(widths)) + "|"
    )
    return "\n".join([row(lines[0], first=True), rule, *(row(line) for line in lines[1:])])


def machine() -> list[str]:
    """The machine and software the figures were measured on, and how busy it was."""
    import sqlite3

    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = f" ({line.split(':', 1)[1].strip()})"
                break
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
    python = f"{platform.python_version()} ({platform.python_implementation()})"
    return [
        f"- CPU: {os.cpu_count()} logical CPUs{model}; load average at start {load}",
        f"- Python {python}, SQLite {sqlite3.sqlite_version}",
        f"- Platform: {platform.platform()}",
    ]


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank `p`th percentile of `values`: the smallest value with p % of them at or below it."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[max(math.ceil(p / 100 * len(ordered)), 1) - 1]


# --- processes -------------------------------------------------------------------------------------


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def process_cpu(pid: int) -> Callable[[], float]:
    """A clock of another process's CPU seconds (user + system, all its threads); Linux only, else 0."""
    stat = Path(f"/proc/{pid}/stat")
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

    def clock() -> float:
        try:
            # The command name (field 2) may hold spaces; the fields after its ")" are plain.
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / ticks

    return clock


@dataclass
class Server:
    """One of the project's processes started by `serving`."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def cpu(self) -> Callable[[], float]:
        return process_cpu(self.process.pid)


@contextmanager
def serving(
    module: str, env: dict[str, str], port: int, log: Path, timeout: float = 60.0
) -> Iterator[Server]:
    """`python -m <module>` (uvicorn, as in production) on a loopback port; stopped afterwards."""
    import httpx

    url = f"http://127.0.0.1:{port}"
    with log.open("ab") as handle:
        process = subprocess.Popen(
            [sys.executable, "-m", module],
            cwd=Path(__file__).resolve().parent.parent,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{module} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{url}/healthz", timeout=1.0).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{module} did not answer within {timeout} s:\n{log.read_text()[-3000:]}")
            time.sleep(0.1)
        yield Server(url, process, log)
    except BaseException:
        print(f"{module}'s output ended with:\n{log.read_text(errors='replace')[-3000:]}", file=sys.stderr)
        raise
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


# --- databases -------------------------------------------------------------------------------------


def postgres_server_url() -> str | None:
    """The PostgreSQL server to benchmark on, if one is named."""
    return os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL") or None


@contextmanager
def sqlite_database(schema: str) -> Iterator[str]:
    """A migrated SQLite file in a temporary directory, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as directory:
        url = f"sqlite:///{(Path(directory) / schema).as_posix()}.db"
        migrate.upgrade((schema,), url)
        yield url


@contextmanager
def postgres_database(server_url: str, schema: str) -> Iterator[str]:
    """A scratch database on the server, migrated; dropped afterwards whatever happens."""
    name = f"kb_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(db.sync_url(server_url), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
        try:
            migrate.upgrade((schema,), url)
            yield url
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


def databases(schema: str) -> list[tuple[str, Callable[[], AbstractContextManager[str]]]]:
    """(label, context manager yielding a migrated URL) for SQLite and, when configured, PostgreSQL."""
    found: list[tuple[str, Callable[[], AbstractContextManager[str]]]] = [
        ("SQLite", lambda: sqlite_database(schema))
    ]
    server = postgres_server_url()
    if server:
        found.append(("PostgreSQL", lambda: postgres_database(server, schema)))
    return found


def server_version(url: str) -> str:
    """The database product and version behind `url`, for the report."""
    engine = create_engine(db.sync_url(url))
    try:
        with engine.connect() as conn:
            if db.is_sqlite(url):
                return f"SQLite {conn.execute(text('select sqlite_version()')).scalar_one()}"
            return str(conn.execute(text("show server_version")).scalar_one()).join(("PostgreSQL ", ""))
    finally:
        engine.dispose()
