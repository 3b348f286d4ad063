"""Vacancy reports under concurrency: the real allocation process, 50 clients at once, 20 areas.

The service runs as in production (`python -m services.allocation`, uvicorn on a loopback port) on a
scratch database; the agreements are made through its API; 50 concurrent clients report vacancies
over one keep-alive pool, one in ten repeating a report still in flight or just answered (the idempotent
path). Afterwards every area is checked against DOMAIN § 5.3 straight from the database: the vacancies
are numbered 1..n without a gap, and after each k of them exactly floor(k × share) went to municipal
allocation, and of the others exactly floor(others × flexible share) to flexible letting.
"""

import asyncio
import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import httpx
from sqlalchemy import create_engine, func, select

from bench import Measurement, Report, Server, Target, databases, free_port, measure, server_version, serving
from services.allocation.models import Vacancy
from services.kit import db
from services.kit.auth import Principal, Role, TokenIssuer, generate_dev_keypair, read_pem

SCHEMA = "allocation"
YEAR = 2026
AREAS = 20
CLIENTS = 50
REPORTS = 300  # per timed run, over all areas
RUNS = 3  # timed runs at most (after one warm-up): enough for a median, and SQLite takes its turns slowly
REPEAT_EVERY = 10  # every tenth report repeats an earlier one (same external_id)
# (municipal %, flexible %) cycled over the areas: "every fourth", awkward thirds and eighths, 0 and 100.
SHARES = (
    (25, 0),
    (33.33, 37.5),
    (10, 100),
    (50, 50),
    (12.5, 20),
    (40, 0),
    (20, 33.33),
    (0, 50),
    (30, 12.5),
    (15, 66.67),
)
REPORT_RATE = Target(per_second=200, unit="reports")  # issue 16, on PostgreSQL

# Settings the caller's environment must not leak into the server (a developer's ALLOCATION_DATABASE_URL).
INHERITED_PREFIXES = (
    "GATEWAY_",
    "CATEGORISATION_",
    "ALLOCATION_",
    "REFERRALS_",
    "JWT_",
    "APP_ENV",
    "VAR_DIR",
)


def area_code(number: int) -> str:
    return f"BENCH-{number:02d}"


def shares() -> dict[str, tuple[float, float]]:
    return {area_code(i): SHARES[i % len(SHARES)] for i in range(AREAS)}


@contextmanager
def allocation_server(url: str, directory: Path) -> Iterator[tuple[Server, dict[str, str]]]:
    """The allocation process on `url`, and an officer's bearer header signed like the gateway's."""
    private_key = generate_dev_keypair(directory / "keys")
    env = {k: v for k, v in os.environ.items() if not k.startswith(INHERITED_PREFIXES)}
    port = free_port()
    env.update(
        {
            "APP_ENV": "development",
            "VAR_DIR": str(directory),
            "LOG_LEVEL": "WARNING",
            "JWT_PUBLIC_KEY_FILE": str(directory / "keys" / "jwt-public.pem"),
            "ALLOCATION_DATABASE_URL": url,
            "ALLOCATION_PORT": str(port),
            # Never called here (agreements are made by hand); a closed port if it were.
            "ALLOCATION_CATEGORISATION_URL": f"http://127.0.0.1:{free_port()}",
            # No gateway runs here to publish ended tokens: without this, every token is refused once the
            # list is a minute old (CONTRACT § 2), which a slow run reaches. Development only.
            "REVOCATION_LIST_URL": "",
        }
    )
    issuer = TokenIssuer(read_pem(private_key), issuer="urn:kommune:gateway", lifetime_seconds=3600)
    officer = Principal(
        subject="user:bench-officer", kind="user", name="Bench", roles=frozenset({Role.ALLOCATION_OFFICER})
    )
    headers = {"Authorization": f"Bearer {issuer.issue(officer, ['urn:kommune:allocation'])}"}
    with serving("services.allocation", env, port, directory / "allocation.log") as server:
        yield server, headers


async def make_agreements(client: httpx.AsyncClient) -> None:
    """One agreement per area through the API, as an officer makes one for an area outside the lists."""
    for code, (municipal, flexible) in shares().items():
        body: dict[str, Any] = {
            "area_code": code,
            "category": "yellow",
            "municipal_share_pct": municipal,
            "flexible_share_pct": flexible,
            # Above 25 % the municipality needs the housing organisation's agreement (DOMAIN § 5.2).
            "legal_basis": "agreement" if municipal > 25 else "imposed",
        }
        response = await client.post(f"/v1/agreements/{YEAR}", json=body)
        if response.status_code != 201:
            raise RuntimeError(f"agreement for {code}: {response.status_code} {response.text}")
        # Agreed, so its own share applies: a draft's is capped at 25 % (ABL § 59 stk. 1-2, DOMAIN § 5.2),
        # which the quota check below does not model.
        response = await client.put(f"/v1/agreements/{YEAR}/{code}", json={"status": "agreed"})
        if response.status_code != 200:
            raise RuntimeError(f"agreeing {code}: {response.status_code} {response.text}")


@dataclass
class Load:
    """Reports sent so far and what came back."""

    sent: int = 0
    statuses: Counter[int] | None = None
    unique: int = 0
    retries: int = 0
    client_cpu: float = 0.0  # the load generator's CPU (this process), over every report sent

    def bodies(self, count: int) -> list[dict[str, Any]]:
        """The next `count` reports, round-robin over the areas; every tenth repeats the fifth before it."""
        out: list[dict[str, Any]] = []
        for i in range(count):
            number = self.sent + i
            if i % REPEAT_EVERY == REPEAT_EVERY - 1:
                out.append(out[i - 5])
                continue
            code = area_code(number % AREAS)
            out.append(
                {
                    "external_id": f"bench-{number:07d}",
                    "area_code": code,
                    "dwelling_ref": f"{code}/{number}",
                    "rooms": 2 + number % 4,
                    "floor_area_m2": 55 + number % 60,
                    "monthly_rent_dkk": 5200 + number % 50 * 100,
                    "available_from": f"{YEAR}-{1 + number % 12:02d}-01",
                }
            )
            self.unique += 1
        self.sent += count
        return out

    async def send(self, client: aiohttp.ClientSession, count: int) -> None:
        """`count` reports through CLIENTS concurrent workers sharing one pool of CLIENTS connections."""
        queue = iter(self.bodies(count))
        statuses = self.statuses if self.statuses is not None else Counter()
        self.statuses = statuses

        async def post(body: dict[str, Any]) -> tuple[int, str]:
            async with client.post("/v1/vacancies", json=body) as response:
                return response.status, await response.text()

        async def worker() -> None:
            for body in queue:  # one shared iterator: each body is taken by exactly one worker
                try:
                    status, text = await post(body)
                except aiohttp.ClientConnectionError:
                    # Reports are idempotent by external_id, so a client that lost the answer sends again.
                    self.retries += 1
                    status, text = await post(body)
                statuses[status] += 1
                if status not in (200, 201):
                    raise RuntimeError(f"report refused: {status} {text}")

        started = time.process_time()
        await asyncio.gather(*(worker() for _ in range(CLIENTS)))
        self.client_cpu += time.process_time() - started


def check_quota(url: str) -> list[str]:
    """Every area's vacancies against floor(k × share) at every k, from the stored rows; the problems."""
    engine = create_engine(
        db.sync_url(url), execution_options={"schema_translate_map": db.schema_translate_map(url, SCHEMA)}
    )
    problems = []
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                select(Vacancy.area_code, Vacancy.sequence, Vacancy.channel)
                .where(Vacancy.year == YEAR)
                .order_by(Vacancy.area_code, Vacancy.sequence)
            ).all()
    finally:
        engine.dispose()
    for code, (municipal_pct, flexible_pct) in shares().items():
        municipal_bp, flexible_bp = round(municipal_pct * 100), round(flexible_pct * 100)
        ordered = [(sequence, channel) for c, sequence, channel in rows if c == code]
        if [s for s, _ in ordered] != list(range(1, len(ordered) + 1)):
            problems.append(f"{code}: the sequence numbers are not 1..{len(ordered)}")
        counts: Counter[str] = Counter()
        for k, (_, channel) in enumerate(ordered, start=1):
            counts[channel] += 1
            others = k - counts["municipal"]
            expected = {
                "municipal": k * municipal_bp // 10_000,
                "flexible": others * flexible_bp // 10_000,
                "waiting_list": others - others * flexible_bp // 10_000,
            }
            if {c: counts[c] for c in expected} != expected:
                problems.append(f"{code}: after {k} vacancies {dict(counts)}, the rule gives {expected}")
                break
    return problems


def count_stored(url: str) -> int:
    engine = create_engine(
        db.sync_url(url), execution_options={"schema_translate_map": db.schema_translate_map(url, SCHEMA)}
    )
    try:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(Vacancy)).scalar_one())
    finally:
        engine.dispose()


async def bench_database(label: str, url: str, *, repeat: int, report: Report) -> list[Measurement]:
    with (
        tempfile.TemporaryDirectory(prefix="kb-bench-allocation-") as directory,
        allocation_server(url, Path(directory)) as (server, headers),
    ):
        # Idle connections expire before uvicorn's 5 s keep-alive ends, so none is reused as it closes.
        limits = httpx.Limits(
            max_connections=CLIENTS, max_keepalive_connections=CLIENTS, keepalive_expiry=2.0
        )
        # The reports go through aiohttp: on two cores the load generator competes with the server, and
        # httpx took about as much CPU per report as the service (2-4 ms), aiohttp a tenth of that.
        connector = aiohttp.TCPConnector(limit=CLIENTS, keepalive_timeout=2.0)
        async with (
            httpx.AsyncClient(base_url=server.url, headers=headers, limits=limits, timeout=120) as client,
            aiohttp.ClientSession(
                base_url=server.url,
                headers=headers,
                connector=connector,
                timeout=aiohttp.ClientTimeout(total=120),
            ) as reporter,
        ):
            await make_agreements(client)
            load = Load()
            measurement = await measure(
                f"POST /v1/vacancies, {CLIENTS} clients, {AREAS} areas",
                lambda: load.send(reporter, REPORTS),
                repeat=min(repeat, RUNS),
                target=REPORT_RATE,
                count=REPORTS,
                cpu_clock=server.cpu,
            )
        stored = count_stored(url)
        problems = check_quota(url)
    statuses = load.statuses or Counter()
    per_area = stored // AREAS
    cpu = f"{measurement.cpu / REPORTS * 1000:.1f} ms" if measurement.cpu is not None else "unknown"
    checked = (
        f"- {label}: {cpu} of the allocation process's CPU per report (median run), "
        f"{load.client_cpu / max(load.sent, 1) * 1000:.1f} ms of the load generator's; checked – "
        f"{load.sent:,} reports ({load.sent - load.unique:,} repeats) stored "
        f"{stored:,} vacancies (~{per_area} per area), answered "
        + ", ".join(f"{status} × {n:,}" for status, n in sorted(statuses.items()))
        + (f" ({load.retries} resent after a lost connection)" if load.retries else "")
        + "; "
    )
    if stored != load.unique or statuses[201] != load.unique:
        problems.append(
            f"{stored:,} stored and {statuses[201]:,} created, but {load.unique:,} distinct reports"
        )
    if problems:
        checked += "QUOTA NOT EXACT: " + "; ".join(problems[:5])
    else:
        checked += (
            f"in every one of the {AREAS} areas the vacancies are numbered 1..n and after every k of them "
            "exactly floor(k × municipal share) are municipal and floor(others × flexible share) flexible"
        )
    report.sections.append(checked)
    return [measurement]


async def run(*, repeat: int = 5) -> Report:
    """The allocation benchmark on every configured database."""
    report = Report(
        title=f"Allocation: vacancy reports, {CLIENTS} concurrent clients over {AREAS} areas, quota checked"
    )
    report.notes.append(
        f"- each timed run sends {REPORTS:,} reports (one in {REPEAT_EVERY} repeats an earlier external_id) "
        f"from {CLIENTS} concurrent clients, after one warm-up run; rates are reports answered per second; "
        "CPU is the allocation process's own (the clients, on aiohttp, run in the benchmark's process)"
    )
    report.notes.append(
        "- the service runs as `python -m services.allocation` (one uvicorn process) on a scratch database; "
        "PostgreSQL locks the area-year's counter row and agreement, SQLite serialises the writers in the "
        "process"
    )
    for label, database in databases(SCHEMA):
        with database() as url:
            version = server_version(url)
            print(f"  {label} ({version}) …", flush=True)
            report.notes.append(f"- {label}: {version}")
            report.databases[label] = await bench_database(label, url, repeat=repeat, report=report)
    if len(report.databases) == 1:
        report.notes.append("- PostgreSQL skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL to include it")
    return report
