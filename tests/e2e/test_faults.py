"""Faults under traffic on the real processes: a killed service, a restarted database, a stalled service.

Each test keeps a stream of writes going through the gateway while the fault happens, then checks what the
callers were told against what was stored: every write that got a 2xx is there, every other one got a
prompt problem-details answer and left nothing half-written, and the platform came back on its own.
"""

import itertools
import os
import re
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import DEMO_IDENTITIES, get_token
from tests.processes import (
    PostgresCluster,
    Stack,
    browser_session,
    free_port,
    loopback_source,
    private_cluster_problem,
    private_postgres,
    running_stack,
    tcp_connections,
)
from tests.support import env_flag

pytestmark = pytest.mark.e2e

# The demo housing organisation's areas that have a letting agreement for 2026 (services/allocation/demo.py).
AREAS = ("DEMO-01", "DEMO-02", "DEMO-03", "DEMO-04", "DEMO-05", "DEMO-06", "DEMO-07", "DEMO-08", "DEMO-09")
LETTING_YEAR = 2026
CLIENT_TIMEOUT = 30.0  # an answer later than this is a hang
STALL_TIMEOUT_SECONDS = 1.5
POOL_LIMIT = 100  # max_connections of the gateway's client per service (gateway/proxy.py)
# What the Danish error pages say (web/translations/da, gateway/labels.py ERROR_PAGES).
DOWN_PAGE_DA = "En tjeneste svarer ikke"
SLOW_PAGE_DA = "En tjeneste svarer for langsomt"
PROBLEM_MEMBERS = {"type", "title", "status", "detail", "instance", "request_id", "service"}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_problem(response: httpx.Response, status: int, service: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status
    assert service in body["detail"]


# --- traffic ------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One write as the caller saw it."""

    key: str
    payload: dict[str, Any]
    status: int | None  # None: no HTTP answer at all (transport error or client timeout)
    content_type: str = ""
    retry_after: str | None = None
    answer: Any = None
    error: str = ""
    sent_at: float = 0.0
    elapsed: float = 0.0

    @property
    def acknowledged(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def clean_failure(self) -> bool:
        """A server error told in problem details, whose status matches the body."""
        return (
            self.status is not None
            and self.status >= 500
            and self.content_type.startswith("application/problem+json")
            and isinstance(self.answer, dict)
            and self.answer.get("status") == self.status
        )

    def describe(self) -> str:
        return f"{self.key}: {self.status} {self.error} {str(self.answer)[:300]} after {self.elapsed:.1f} s"


Send = Callable[[int], Outcome]


@dataclass
class Traffic:
    """`threads` callers each sending writes one after another until stopped; every outcome is kept."""

    send: Send
    threads: int = 2
    pause: float = 0.02
    backoff: float = 0.25  # after a failed write, as a client would, rather than hammering
    outcomes: list[Outcome] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _numbers: Iterator[int] = field(default_factory=itertools.count)
    _workers: list[threading.Thread] = field(default_factory=list)

    def __enter__(self) -> "Traffic":
        for index in range(self.threads):
            worker = threading.Thread(target=self._run, name=f"traffic-{index}", daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout=CLIENT_TIMEOUT + 10)

    def _run(self) -> None:
        while not self._stop.is_set():
            outcome = self.send(next(self._numbers))
            with self._lock:
                self.outcomes.append(outcome)
            self._stop.wait(self.pause if outcome.acknowledged else self.backoff)

    def snapshot(self) -> list[Outcome]:
        with self._lock:
            return list(self.outcomes)

    def acknowledged_count(self) -> int:
        return sum(o.acknowledged for o in self.snapshot())

    def wait_for_acknowledged(self, count: int, timeout: float = 60.0) -> None:
        """Until `count` more writes than now have been acknowledged."""
        target = self.acknowledged_count() + count
        deadline = time.monotonic() + timeout
        while self.acknowledged_count() < target:
            if time.monotonic() > deadline:
                failures = [o.describe() for o in self.snapshot() if not o.acknowledged][-5:]
                raise AssertionError(f"fewer than {count} writes acknowledged in {timeout} s: {failures}")
            time.sleep(0.05)

    def wait_for_failures(self, count: int, timeout: float = 30.0) -> None:
        """Until `count` more writes than now have failed (the fault is being felt)."""
        start = sum(not o.acknowledged for o in self.snapshot())
        deadline = time.monotonic() + timeout
        while sum(not o.acknowledged for o in self.snapshot()) < start + count:
            assert time.monotonic() < deadline, f"no write failed within {timeout} s of the fault"
            time.sleep(0.05)


def post(client: httpx.Client, key: str, url: str, payload: dict[str, Any], **kwargs: Any) -> Outcome:
    started = time.monotonic()
    outcome = Outcome(key=key, payload=payload, status=None, sent_at=started)
    try:
        response = client.post(url, json=payload, timeout=CLIENT_TIMEOUT, **kwargs)
    except httpx.HTTPError as exc:
        outcome.error = type(exc).__name__
    else:
        outcome.status = response.status_code
        outcome.content_type = response.headers.get("content-type", "")
        outcome.retry_after = response.headers.get("retry-after")
        try:
            outcome.answer = response.json()
        except ValueError:
            outcome.answer = response.text[:500]
    outcome.elapsed = time.monotonic() - started
    return outcome


def vacancy_payload(external_id: str, n: int) -> dict[str, Any]:
    return {
        "external_id": external_id,
        "area_code": AREAS[n % len(AREAS)],
        "dwelling_ref": f"Faultvej {n}, st. tv.",
        "rooms": 2 + n % 4,
        "floor_area_m2": 60 + n % 50,
        "monthly_rent_dkk": "6500.00",
        "available_from": f"{LETTING_YEAR}-12-01",
    }


def vacancy_writer(gateway: str, token: str, prefix: str) -> Send:
    """A housing organisation's system reporting vacancies through the JSON API, one external_id each."""
    local = threading.local()

    def send(n: int) -> Outcome:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=gateway, headers=bearer(token))
        external_id = f"{prefix}-{n}"
        return post(
            local.client, external_id, "/api/allocation/v1/vacancies", vacancy_payload(external_id, n)
        )

    return send


def concern_payload(n: int, marker: str) -> dict[str, Any]:
    return {
        "citizen": {"name": f"Borger {marker} {n}", "address": f"Testvej {n}, 2860 Søborg"},
        "concern": f"Bekymring {marker} nummer {n}: naboen virker forvirret og har ikke handlet i en uge.",
        "acute_danger": False,
        "children_in_household": "no",
        "reporter": {"anonymous": True},
    }


def concern_writer(gateway: str, marker: str) -> Send:
    """Citizens sending concern reports through the public JSON API, each from an address of their own."""
    addresses = itertools.count()

    def send(n: int) -> Outcome:
        # One citizen, one report: the service limits reports per client address.
        transport = httpx.HTTPTransport(local_address=loopback_source(next(addresses)))
        with httpx.Client(base_url=gateway, transport=transport) as client:
            return post(
                client, f"{marker}-{n}", "/api/referrals/v1/concern-reports", concern_payload(n, marker)
            )

    return send


def assert_only_acknowledged_or_clean(outcomes: list[Outcome], statuses: set[int]) -> None:
    """Every write was either acknowledged or refused promptly with problem details of an allowed status."""
    bad = [o for o in outcomes if not o.acknowledged and not (o.clean_failure and o.status in statuses)]
    assert not bad, "writes that neither succeeded nor failed cleanly:\n" + "\n".join(
        o.describe() for o in bad
    )
    slow = [o for o in outcomes if o.elapsed > CLIENT_TIMEOUT - 5]
    assert not slow, "writes that nearly hung:\n" + "\n".join(o.describe() for o in slow)


def summary(outcomes: list[Outcome]) -> dict[str, int]:
    """How many writes got each answer, for the log of the run."""
    return dict(Counter(str(o.status or o.error) for o in outcomes))


# --- what was stored ------------------------------------------------------------------------------------


def area_sequences(gateway: str, token: str, area: str) -> list[int]:
    """The sequence numbers of every vacancy in one area's letting year, in order."""
    sequences: list[int] = []
    offset = 0
    while True:
        response = httpx.get(
            f"{gateway}/api/allocation/v1/vacancies",
            params={"area_code": area, "year": LETTING_YEAR, "limit": 500, "offset": offset},
            headers=bearer(token),
            timeout=CLIENT_TIMEOUT,
        )
        assert response.status_code == 200, response.text
        page = response.json()
        sequences.extend(item["sequence"] for item in page["items"])
        offset += len(page["items"])
        if not page["items"] or offset >= page["total"]:
            return sorted(sequences)


def assert_vacancies_stored(gateway: str, token: str, outcomes: list[Outcome]) -> None:
    """Each acknowledged report is stored as acknowledged; a repeat of it is recognised, not duplicated.

    Unacknowledged reports are sent again (as their system would: the external_id makes it safe) and
    must be taken now; afterwards each area's vacancies are numbered 1..n without gaps or doubles, which
    a report stored in part (counter moved, vacancy missing, or the other way round) would break.
    """
    client = httpx.Client(base_url=gateway, headers=bearer(token), timeout=CLIENT_TIMEOUT)
    with client:
        for outcome in outcomes:
            if not outcome.acknowledged:
                continue
            receipt = outcome.answer
            stored = client.get(f"/api/allocation/v1/vacancies/{receipt['id']}")
            assert stored.status_code == 200, f"{outcome.key} acknowledged but not stored: {stored.text}"
            assert stored.json()["external_id"] == outcome.key
            again = client.post("/api/allocation/v1/vacancies", json=outcome.payload)
            assert again.status_code == 200, f"{outcome.key} reported again: {again.status_code} {again.text}"
            assert again.json() == receipt
        for outcome in outcomes:
            if outcome.acknowledged:
                continue
            retry = client.post("/api/allocation/v1/vacancies", json=outcome.payload)
            assert retry.status_code in (200, 201), f"retry of {outcome.describe()}: {retry.text}"
    for area in AREAS:
        sequences = area_sequences(gateway, token, area)
        assert sequences == list(range(1, len(sequences) + 1)), f"{area} numbered {sequences[-20:]}"


def concern_references(gateway: str, token: str) -> list[str]:
    references: list[str] = []
    offset = 0
    while True:
        response = httpx.get(
            f"{gateway}/api/referrals/v1/cases",
            params={"scope": "all", "limit": 500, "offset": offset},
            headers=bearer(token),
            timeout=CLIENT_TIMEOUT,
        )
        assert response.status_code == 200, response.text
        page = response.json()
        references.extend(item["reference"] for item in page["items"])
        offset += len(page["items"])
        if not page["items"] or offset >= page["total"]:
            return references


# --- the stack the faults happen to ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def fault_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A stack of its own: these tests kill and stall its processes and fill it with writes."""
    with running_stack(tmp_path_factory.mktemp("faults")) as stack:
        yield stack


def kill(stack: Stack, name: str) -> None:
    """SIGKILL: no shutdown, no goodbye; in-flight requests are cut off."""
    proc = stack.procs.pop(name)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)


def test_a_service_killed_mid_traffic_loses_no_acknowledged_write(fault_stack: Stack) -> None:
    stack = fault_stack
    gateway = stack.url()
    token = get_token(gateway, DEMO_IDENTITIES["housing-org-demo"])
    officer = browser_session(gateway, "officer", timeout=CLIENT_TIMEOUT)
    traffic = Traffic(vacancy_writer(gateway, token, prefix="killed"), threads=3)
    try:
        with traffic:
            traffic.wait_for_acknowledged(15)
            kill(stack, "allocation")
            try:
                traffic.wait_for_failures(5)

                started = time.monotonic()
                api = httpx.get(f"{gateway}/api/allocation/v1/vacancies", headers=bearer(token), timeout=30)
                assert time.monotonic() - started < 5, "a refused connection must not wait for a timeout"
                assert_problem(api, 503, "allocation")

                page = officer.get("/udlejning/ledige")
                assert page.status_code == 503
                assert page.headers["content-type"].startswith("text/html")
                assert DOWN_PAGE_DA in page.text
                assert "Traceback" not in page.text

                ready = httpx.get(f"{gateway}/readyz", timeout=30)
                assert ready.status_code == 503
                assert ready.json()["down"] == ["allocation"]
            finally:
                stack.start("allocation")
            stack.wait_ready("gateway", timeout=30)
            assert officer.get("/udlejning/ledige").status_code == 200
            traffic.wait_for_acknowledged(15)
    finally:
        officer.close()

    outcomes = traffic.snapshot()
    print(f"\nvacancy reports around the kill: {summary(outcomes)}")
    assert_only_acknowledged_or_clean(outcomes, {503})
    failed = [o for o in outcomes if not o.acknowledged]
    assert failed, "the kill was never felt by the writers"
    # Once the restarted service is back, writes go through again: the last ones are all acknowledged.
    assert all(o.acknowledged for o in outcomes[-5:]), [o.describe() for o in outcomes[-5:]]
    assert_vacancies_stored(gateway, token, outcomes)


# --- PostgreSQL restarted under traffic -------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres_cluster() -> Iterator[PostgresCluster]:
    """A private PostgreSQL cluster, so restarting it never disturbs the server other tests share."""
    problem = private_cluster_problem()
    if problem is not None:
        if env_flag("REQUIRE_POSTGRES"):
            pytest.fail(f"REQUIRE_POSTGRES=1 but a private PostgreSQL cluster cannot be made: {problem}")
        pytest.skip(f"a private PostgreSQL cluster cannot be made: {problem}")
    with private_postgres() as cluster:
        yield cluster


@pytest.fixture(scope="module")
def postgres_stack(
    postgres_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    urls = {
        f"{name.upper()}_DATABASE_URL": postgres_cluster.url
        for name in ("gateway", "categorisation", "allocation", "referrals")
    }
    with running_stack(tmp_path_factory.mktemp("faults-postgres"), extra_env=urls) as stack:
        yield stack


def test_services_ride_out_a_postgres_restart(
    postgres_stack: Stack, postgres_cluster: PostgresCluster
) -> None:
    stack, cluster = postgres_stack, postgres_cluster
    gateway = stack.url()
    housing_org = get_token(gateway, DEMO_IDENTITIES["housing-org-demo"])
    caseworker = get_token(gateway, DEMO_IDENTITIES["caseworker"])
    pids = {name: proc.pid for name, proc in stack.procs.items()}
    cases_before = set(concern_references(gateway, caseworker))

    vacancies = Traffic(vacancy_writer(gateway, housing_org, prefix="pg-restart"), threads=2)
    concerns = Traffic(concern_writer(gateway, marker="pg-restart"), threads=1, pause=0.1)
    with vacancies, concerns:
        vacancies.wait_for_acknowledged(10)
        concerns.wait_for_acknowledged(3)
        cluster.stop("fast")
        try:
            vacancies.wait_for_failures(3)
            concerns.wait_for_failures(1)
            ready = httpx.get(f"{gateway}/readyz", timeout=CLIENT_TIMEOUT)
            assert ready.status_code == 503
            assert "database" in ready.json()["down"]
        finally:
            cluster.start()
        # Nobody restarts the services: they must find the database again by themselves.
        deadline = time.monotonic() + 60
        while httpx.get(f"{gateway}/readyz", timeout=CLIENT_TIMEOUT).status_code != 200:
            assert time.monotonic() < deadline, "the stack did not become ready after PostgreSQL came back"
            time.sleep(0.2)
        vacancies.wait_for_acknowledged(10)
        concerns.wait_for_acknowledged(3)

    assert {name: proc.pid for name, proc in stack.procs.items()} == pids
    assert all(proc.poll() is None for proc in stack.procs.values())
    for traffic in (vacancies, concerns):
        outcomes = traffic.snapshot()
        print(f"\nwrites around the PostgreSQL restart: {summary(outcomes)}")
        # A database outage is a 503 with Retry-After from the service, passed on by the gateway.
        assert_only_acknowledged_or_clean(outcomes, {503})
        assert all(o.retry_after for o in outcomes if not o.acknowledged)
        assert any(not o.acknowledged for o in outcomes), "the restart was never felt by the writers"
        assert all(o.acknowledged for o in outcomes[-3:]), [o.describe() for o in outcomes[-3:]]
        # Problem details and nothing else: no driver message, SQL or connection string in the body.
        leaks = [
            o.describe()
            for o in outcomes
            if not o.acknowledged
            and (
                set(o.answer) - PROBLEM_MEMBERS
                or re.search(r"sql|psycopg|postgres|traceback", str(o.answer), re.I)
            )
        ]
        assert not leaks, leaks

    assert_vacancies_stored(gateway, housing_org, vacancies.snapshot())
    # Concern reports: exactly the acknowledged ones are new cases, nothing from a refused report.
    acknowledged = [o.answer["reference"] for o in concerns.snapshot() if o.acknowledged]
    new_cases = set(concern_references(gateway, caseworker)) - cases_before
    assert new_cases == set(acknowledged)
    assert len(acknowledged) == len(set(acknowledged))


# --- a stalled service ----------------------------------------------------------------------------------


@dataclass
class Probe:
    status: int
    content_type: str
    body: str
    elapsed: float


def probe(client: httpx.Client, url: str) -> Probe:
    started = time.monotonic()
    response = client.get(url, timeout=CLIENT_TIMEOUT)
    return Probe(
        response.status_code,
        response.headers.get("content-type", ""),
        response.text,
        time.monotonic() - started,
    )


def watch_connections(pid: int, port: int, seconds: float) -> int:
    """The most sockets `pid` held to `port` at any moment in the next `seconds`."""
    most = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        most = max(most, sum(tcp_connections(pid, port).values()))
        time.sleep(0.05)
    return most


def settled_connections(pid: int, port: int, *, within: float = 1.0, at_most: int = 5) -> int:
    """The sockets `pid` still holds to `port` once closing has had `within` seconds to finish.

    asyncio closes a socket in a callback after the request that gave up on it has answered, so a count
    taken the instant the last answer arrives may still see sockets that are on their way out.
    """
    deadline = time.monotonic() + within
    held = sum(tcp_connections(pid, port).values())
    while held > at_most and time.monotonic() < deadline:
        time.sleep(0.05)
        held = sum(tcp_connections(pid, port).values())
    return held


def test_a_stalled_service_gives_504_in_time_without_piling_up_connections(
    fault_stack: Stack, tmp_path: Path
) -> None:
    # A second gateway beside the stack's with a short upstream timeout, in front of the same services.
    port = free_port()
    second = Stack(
        var_dir=fault_stack.var_dir,
        env=fault_stack.env,
        ports={**fault_stack.ports, "gateway": port},
        log_dir=tmp_path,
    )
    second.start(
        "gateway",
        extra_env={"GATEWAY_PORT": str(port), "GATEWAY_UPSTREAM_TIMEOUT_SECONDS": str(STALL_TIMEOUT_SECONDS)},
    )
    service = "categorisation"
    service_port = fault_stack.ports[service]
    target = fault_stack.procs[service]
    gateway_pid = second.procs["gateway"].pid
    try:
        gateway = second.url()
        token = get_token(gateway, DEMO_IDENTITIES["analyst"])
        api = httpx.Client(base_url=gateway, headers=bearer(token))
        analyst = browser_session(gateway, "analyst", timeout=CLIENT_TIMEOUT)
        with api, closing(analyst):
            assert probe(api, "/api/categorisation/v1/years").status == 200

            os.kill(target.pid, signal.SIGSTOP)
            try:
                held_after_waves: list[int] = []
                held_during_waves: list[int] = []
                with ThreadPoolExecutor(max_workers=30) as pool:
                    for _wave in range(3):
                        watch = pool.submit(
                            watch_connections, gateway_pid, service_port, STALL_TIMEOUT_SECONDS
                        )
                        probes = list(
                            pool.map(lambda _: probe(api, "/api/categorisation/v1/years"), range(29))
                        )
                        for result in probes:
                            assert result.status == 504, result.body
                            assert result.content_type.startswith("application/problem+json")
                            assert service in result.body
                            # Within the configured timeout, give or take a loaded machine; never a hang.
                            assert STALL_TIMEOUT_SECONDS * 0.9 <= result.elapsed < STALL_TIMEOUT_SECONDS + 5
                        held_during_waves.append(watch.result())
                        held_after_waves.append(settled_connections(gateway_pid, service_port))
                # The count sees the gateway's sockets while requests wait (so its zero afterwards means
                # something), never more than the pool allows ...
                assert min(held_during_waves) >= 1 and max(held_during_waves) <= POOL_LIMIT, held_during_waves
                # ... and timed-out connections are closed, not kept: no pile of sockets behind the waves.
                assert max(held_after_waves) <= 5, held_after_waves
                print(
                    f"\nsockets held: during waves {held_during_waves}, after them {held_after_waves}",
                    flush=True,
                )

                page = probe(analyst, "/kategorisering")
                assert page.status == 504
                assert page.content_type.startswith("text/html")
                assert SLOW_PAGE_DA in page.body

                ready = httpx.get(f"{gateway}/readyz", timeout=CLIENT_TIMEOUT)
                assert ready.status_code == 503
                assert ready.json()["down"] == [service]
            finally:
                os.kill(target.pid, signal.SIGCONT)

            # Back to normal once the service runs again: no restart of anything.
            deadline = time.monotonic() + 30
            while (answer := probe(api, "/api/categorisation/v1/years")).status != 200:
                assert time.monotonic() < deadline, f"still {answer.status} after SIGCONT: {answer.body}"
                time.sleep(0.2)
            assert probe(analyst, "/kategorisering").status == 200
            second.wait_ready("gateway", timeout=30)
            assert target.poll() is None
    finally:
        second.stop("gateway")
