"""Two of every process behind a real load balancer, on one PostgreSQL and one Redis (issue 13).

What one process could keep to itself must hold across replicas: quotas are exact whichever replica
numbers a vacancy, a log-out at one gateway is honoured by the other and by every service, a throttle
tripped through one gateway holds at the other, the periodic job runs once per interval in all, and a
replica killed under load loses no acknowledged write.
"""

import asyncio
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from services.kit import db
from tests.e2e.conftest import DEMO_IDENTITIES, get_token
from tests.e2e.test_faults import (
    AREAS,
    LETTING_YEAR,
    Traffic,
    assert_only_acknowledged_or_clean,
    assert_vacancies_stored,
    bearer,
    summary,
    vacancy_payload,
    vacancy_writer,
)
from tests.processes import PROCESSES, ROOT, free_port, harness_environment, prepare, wait_for
from tests.support import (
    FAST_ARGON2,
    create_scratch_database,
    drop_scratch_database,
    env_flag,
    postgres_url_or_skip,
)

pytestmark = pytest.mark.e2e

REPLICAS = ("a", "b")
SERVICE_PORTS = {"categorisation", "allocation", "referrals"}
REDIS = "127.0.0.1:6379"
OVERDUE_INTERVAL = 2.0  # seconds between passes of the periodic return, across both allocation replicas
REVOCATION_REFRESH = 1.0  # how often each service replica reads the list of ended tokens


def redis_database_or_skip() -> int:
    """A Redis database of its own for this run (1-15, chosen at random and emptied before and after)."""
    import redis

    number = random.SystemRandom().randint(1, 15)
    client = redis.Redis.from_url(f"redis://{REDIS}/{number}")
    try:
        client.flushdb()
    except redis.RedisError as exc:
        if env_flag("REQUIRE_POSTGRES"):  # CI: the shared store is part of the platform, not optional
            pytest.fail(f"no Redis at {REDIS}: {exc}")
        pytest.skip(f"no Redis at {REDIS} ({type(exc).__name__}): the replicas share their throttles there")
    finally:
        client.close()
    return number


def haproxy_or_skip() -> str:
    found = shutil.which("haproxy")
    if found is None:
        if env_flag("REQUIRE_BROWSER"):  # CI installs it with Chromium
            pytest.fail("HAProxy is not installed (apt-get install haproxy)")
        pytest.skip("HAProxy is not installed (apt-get install haproxy); it balances the replicas")
    return found


@dataclass
class Replicated:
    """Two of each process on loopback, HAProxy in front of each kind, one database, one Redis."""

    var_dir: Path
    env: dict[str, str]
    ports: dict[str, int]  # "gateway-a", …, and "lb-gateway", "lb-allocation", …
    database_url: str
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    @property
    def gateway(self) -> str:
        """The one address clients use: the balancer in front of the gateways."""
        return self.url("lb-gateway")

    def log_path(self, name: str) -> Path:
        return self.var_dir / f"{name}.log"

    def log(self, name: str) -> str:
        return self.log_path(name).read_text(errors="replace")

    def spawn(self, name: str) -> None:
        kind, _, _replica = name.partition("-")
        port_variable = f"{kind.upper()}_PORT"
        with self.log_path(name).open("ab") as handle:
            self.procs[name] = subprocess.Popen(
                [sys.executable, "-m", PROCESSES[kind]],
                cwd=ROOT,
                env={**self.env, port_variable: str(self.ports[name])},
                stdout=handle,
                stderr=subprocess.STDOUT,
            )

    def kill(self, name: str) -> None:
        proc = self.procs.pop(name)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    def wait_healthy(self, name: str) -> None:
        wait_for(f"{self.url(name)}/healthz", self, name)  # type: ignore[arg-type]

    def stop_all(self) -> None:
        for proc in self.procs.values():
            proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        self.procs.clear()


def balancer_config(ports: dict[str, int]) -> str:
    """HAProxy as deploy/haproxy.cfg sets it up, with the replicas named by port instead of by DNS."""
    lines = [
        "defaults",
        "    mode http",
        "    timeout connect 3s",
        "    timeout client 60s",
        "    timeout server 60s",
        "    retries 2",
        "    option redispatch",
        "    default-server check inter 300ms fall 2 rise 1",
        # Without it a check may take only `inter` (300 ms): under 200 concurrent reports /readyz waits
        # that long for a pooled connection, and both replicas were marked down (503s). A killed replica is
        # still found at once: its refused connection fails the check immediately.
        "    timeout check 2s",
    ]
    for kind in PROCESSES:
        check = "/healthz" if kind == "gateway" else "/readyz"
        lines += [
            f"frontend {kind}",
            f"    bind 127.0.0.1:{ports['lb-' + kind]}",
            *(["    option forwardfor"] if kind == "gateway" else []),
            f"    default_backend {kind}-replicas",
            f"backend {kind}-replicas",
            "    balance roundrobin",
            f"    option httpchk GET {check}",
            *(f"    server {kind}-{r} 127.0.0.1:{ports[f'{kind}-{r}']}" for r in REPLICAS),
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def replicated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Replicated]:
    haproxy = haproxy_or_skip()
    server = postgres_url_or_skip()
    redis_db = redis_database_or_skip()
    database_url = create_scratch_database(server)
    var_dir = tmp_path_factory.mktemp("replicas")
    ports = {f"{kind}-{r}": free_port() for kind in PROCESSES for r in REPLICAS}
    ports |= {f"lb-{kind}": free_port() for kind in PROCESSES}
    lb = {kind: f"http://127.0.0.1:{ports['lb-' + kind]}" for kind in PROCESSES}
    env = harness_environment() | {
        "APP_ENV": "development",
        "VAR_DIR": str(var_dir),
        "PYTHONUNBUFFERED": "1",
        **{f"{kind.upper()}_DATABASE_URL": database_url for kind in PROCESSES},
        "GATEWAY_CATEGORISATION_URL": lb["categorisation"],
        "GATEWAY_ALLOCATION_URL": lb["allocation"],
        "GATEWAY_REFERRALS_URL": lb["referrals"],
        "ALLOCATION_CATEGORISATION_URL": lb["categorisation"],
        "ALLOCATION_RETURN_OVERDUE_INTERVAL_SECONDS": str(OVERDUE_INTERVAL),
        "RATE_LIMIT_STORAGE_URL": f"async+redis://{REDIS}/{redis_db}",
        "REVOCATION_LIST_URL": f"{lb['gateway']}/auth/revocations",
        "REVOCATION_REFRESH_SECONDS": str(REVOCATION_REFRESH),
        # HAProxy on loopback is the balancer in front of the gateways and between them and the services.
        "TRUSTED_PROXIES": "127.0.0.1",
        **FAST_ARGON2,
    }
    stack = Replicated(var_dir=var_dir, env=env, ports=ports, database_url=database_url)
    config = var_dir / "haproxy.cfg"
    config.write_text(balancer_config(ports))
    balancer: subprocess.Popen[bytes] | None = None
    try:
        prepare(env)  # keys, migrations and demo data once, in the one database both replicas share
        for kind in PROCESSES:
            for r in REPLICAS:
                stack.spawn(f"{kind}-{r}")
        for name in list(stack.procs):
            stack.wait_healthy(name)
        with (var_dir / "haproxy.log").open("ab") as handle:
            balancer = subprocess.Popen(
                [haproxy, "-db", "-f", str(config)], stdout=handle, stderr=subprocess.STDOUT
            )
        wait_for_balancer(lb["gateway"] + "/readyz")
        yield stack
    finally:
        if balancer is not None:
            balancer.terminate()
            balancer.wait(timeout=10)
        stack.stop_all()
        drop_scratch_database(server, database_url)
        import redis

        redis.Redis.from_url(f"redis://{REDIS}/{redis_db}").flushdb()


def wait_for_balancer(url: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not answer 200 within {timeout} s")


# --- quotas across replicas ----------------------------------------------------------------------------


async def report_concurrently(
    gateway: str, token: str, prefix: str, count: int, clients: int = 50
) -> list[int]:
    """`count` vacancy reports from `clients` concurrent connections; the status of each."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(count):
        queue.put_nowait(n)
    statuses: list[int] = []

    async def client_loop() -> None:
        async with httpx.AsyncClient(base_url=gateway, headers=bearer(token), timeout=60) as client:
            while not queue.empty():
                n = queue.get_nowait()
                external_id = f"{prefix}-{n}"
                response = await client.post(
                    "/api/allocation/v1/vacancies", json=vacancy_payload(external_id, n)
                )
                statuses.append(response.status_code)

    await asyncio.gather(*(client_loop() for _ in range(clients)))
    return statuses


def assert_exact_quotas(gateway: str, token: str) -> None:
    """In every area: numbered 1..n, and exactly floor(n × share) went to municipal allocation."""
    for area in AREAS:
        items: list[dict[str, Any]] = []
        while True:
            page = httpx.get(
                f"{gateway}/api/allocation/v1/vacancies",
                params={"area_code": area, "year": LETTING_YEAR, "limit": 500, "offset": len(items)},
                headers=bearer(token),
                timeout=60,
            ).json()
            items += page["items"]
            if not page["items"] or len(items) >= page["total"]:
                break
        items.sort(key=lambda item: item["sequence"])
        assert [item["sequence"] for item in items] == list(range(1, len(items) + 1)), area
        shares = {Decimal(str(item["municipal_share_pct"])) for item in items}
        assert len(shares) == 1, f"{area}: the share changed during the test: {shares}"
        share = Fraction(shares.pop()) / 100
        municipal = sum(item["channel"] == "municipal" for item in items)
        n = len(items)
        assert municipal == n * share.numerator // share.denominator, f"{area}: {municipal} of {n} at {share}"


def test_200_concurrent_reports_through_two_gateways_and_two_allocations_give_exact_quotas(
    replicated: Replicated,
) -> None:
    token = get_token(replicated.gateway, DEMO_IDENTITIES["housing-org-demo"])

    statuses = asyncio.run(report_concurrently(replicated.gateway, token, "replicas", 200))

    assert statuses.count(201) == 200, summary_of(statuses)
    assert_exact_quotas(replicated.gateway, token)
    for r in REPLICAS:  # the balancer really spread the work: both allocation replicas numbered reports
        taken = [
            line
            for line in replicated.log(f"allocation-{r}").splitlines()
            if '"method": "POST"' in line and '/vacancies", "status": 201' in line
        ]
        assert taken, f"allocation-{r} took no report"


def summary_of(statuses: list[int]) -> dict[int, int]:
    return {status: statuses.count(status) for status in sorted(set(statuses))}


# --- the periodic job ------------------------------------------------------------------------------------


def job_row(stack: Replicated) -> tuple[int, str | None]:
    engine = create_engine(db.sync_url(stack.database_url))
    try:
        with engine.connect() as connection:
            row = connection.execute(
                text("SELECT runs, last_run_by FROM allocation.scheduled_jobs WHERE name = 'return-overdue'")
            ).one()
    finally:
        engine.dispose()
    return int(row[0]), row[1]


def test_the_periodic_return_runs_once_per_interval_across_both_allocation_replicas(
    replicated: Replicated,
) -> None:
    runs_before, _ = job_row(replicated)
    started = time.monotonic()
    time.sleep(6 * OVERDUE_INTERVAL)
    runs, last_by = job_row(replicated)
    elapsed = time.monotonic() - started

    made = runs - runs_before
    # Each replica looks four times per interval; together they run it once per interval, not twice.
    assert made <= elapsed / OVERDUE_INTERVAL + 1, f"{made} runs in {elapsed:.1f} s"
    assert made >= elapsed / OVERDUE_INTERVAL - 2, f"only {made} runs in {elapsed:.1f} s"
    assert last_by is not None


# --- a replica killed under load ------------------------------------------------------------------------


def test_an_allocation_replica_killed_under_load_loses_no_acknowledged_write(replicated: Replicated) -> None:
    gateway = replicated.gateway
    token = get_token(gateway, DEMO_IDENTITIES["housing-org-demo"])
    traffic = Traffic(vacancy_writer(gateway, token, prefix="replica-killed"), threads=4)
    with traffic:
        traffic.wait_for_acknowledged(20)
        replicated.kill("allocation-a")
        # The balancer takes the dead replica out; the other one carries on.
        traffic.wait_for_acknowledged(40)
    outcomes = traffic.snapshot()
    print(f"\nvacancy reports around the kill: {summary(outcomes)}")
    assert_only_acknowledged_or_clean(outcomes, {502, 503, 504})
    assert all(o.acknowledged for o in outcomes[-10:]), [o.describe() for o in outcomes[-10:]]
    assert_vacancies_stored(gateway, token, outcomes)
    assert_exact_quotas(gateway, token)
    replicated.spawn("allocation-a")
    replicated.wait_healthy("allocation-a")


# --- identity and throttles across gateways ---------------------------------------------------------------


def log_in(gateway: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=gateway, timeout=30, headers={"Accept": "text/html"})
    client.get("/login")
    csrf = client.cookies.get("csrftoken") or ""
    answer = client.post(
        "/login", data={"username": username, "password": "demo", "csrftoken": csrf, "next": "/"}
    )
    assert answer.status_code in (200, 303), answer.text[:300]
    assert client.cookies.get("session"), "the login set no session cookie"
    return client


def test_a_log_out_at_one_gateway_is_refused_at_the_other_and_at_every_service_within_60_s(
    replicated: Replicated,
) -> None:
    browser = log_in(replicated.url("gateway-a"), "officer")
    token = browser.cookies.get("session")
    assert token
    services = [f"{kind}-{r}" for kind in sorted(SERVICE_PORTS) for r in REPLICAS]
    for name in services:
        assert (
            httpx.get(f"{replicated.url(name)}/v1/me", headers=bearer(token), timeout=10).status_code == 200
        )

    csrf = browser.cookies.get("csrftoken") or ""
    assert browser.post("/logout", data={"csrftoken": csrf}).status_code in (200, 303)
    ended_at = time.monotonic()

    other = httpx.Client(base_url=replicated.url("gateway-b"), timeout=10, cookies={"session": token})
    deadline = ended_at + 60
    refused: dict[str, float] = {}
    while len(refused) < len(services) + 1 and time.monotonic() < deadline:
        if "gateway-b" not in refused and other.get("/api/allocation/v1/me").status_code == 401:
            refused["gateway-b"] = time.monotonic() - ended_at
        for name in services:
            if name not in refused:
                answer = httpx.get(f"{replicated.url(name)}/v1/me", headers=bearer(token), timeout=10)
                if answer.status_code == 401:
                    refused[name] = time.monotonic() - ended_at
        time.sleep(0.2)
    assert set(refused) == {"gateway-b", *services}, f"still accepted after 60 s: {refused}"
    print(f"\nrefused after: {refused}")


def test_a_throttle_tripped_through_one_gateway_holds_at_the_other(replicated: Replicated) -> None:
    name = f"nobody-{os.getpid()}"
    statuses = []
    for attempt in range(40):
        gateway = replicated.url(f"gateway-{REPLICAS[attempt % 2]}")
        answer = httpx.post(
            f"{gateway}/auth/token",
            data={"grant_type": "password", "username": name, "password": f"wrong-{attempt}"},
            timeout=10,
        )
        statuses.append(answer.status_code)
        if answer.status_code == 429:
            break
    assert 429 in statuses, f"never throttled: {summary_of(statuses)}"
    tripped_at = statuses.index(429)
    for r in REPLICAS:  # both gateways now refuse the name
        answer = httpx.post(
            f"{replicated.url('gateway-' + r)}/auth/token",
            data={"grant_type": "password", "username": name, "password": "wrong-again"},
            timeout=10,
        )
        assert answer.status_code == 429, (r, answer.status_code, tripped_at)
        assert int(answer.headers["retry-after"]) >= 1
