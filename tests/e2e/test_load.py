"""Fifty people using the platform at once for a minute, through the gateway, on the real processes.

The mix follows the roles: analysts read the categorisation pages and JSON, allocation officers their
pages, housing organisations' systems report vacancies over the API, caseworkers go through the inbox,
and citizens fill in the public concern form (or send a report over the public API), each citizen from an
address of their own as people at home would be. Every answer must be the expected one – no 5xx, no
transport errors, no rate limit hit by ordinary use. Latency is measured and written down, never asserted:
it depends on the machine. LOAD_SECONDS sets the duration (default 60); LOAD_REPORT where the figures go
(default load-report.json in the stack's VAR_DIR).
"""

import asyncio
import itertools
import json
import os
import random
import re
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import DEMO_IDENTITIES, get_token
from tests.processes import BROWSER_ACCEPT, Stack, loopback_source, running_stack

pytestmark = pytest.mark.e2e

LOAD_SECONDS = float(os.environ.get("LOAD_SECONDS", "60"))
# 50 simulated people: (role, how many).
USERS = {"analyst": 10, "officer": 10, "housing_org": 8, "caseworker": 10, "citizen": 12}
# People pause between clicks; a housing organisation's system reports as vacancies come in.
THINK_SECONDS = (1.0, 4.0)
FORM_FILL_SECONDS = (3.5, 6.0)  # the form refuses answers sent faster than a person writes (MIN_FILL_SECONDS)
CLIENT_TIMEOUT = 30.0
CLIENT_LIMITS = httpx.Limits(max_connections=10, max_keepalive_connections=0)
AREAS = ("DEMO-01", "DEMO-02", "DEMO-03", "DEMO-04", "DEMO-05", "DEMO-06", "DEMO-07", "DEMO-08", "DEMO-09")


@dataclass
class Sample:
    kind: str
    status: int | None
    seconds: float
    problem: str = ""  # why the answer was not the expected one; empty when it was


@dataclass
class Recorder:
    samples: list[Sample] = field(default_factory=list)

    async def request(
        self,
        kind: str,
        call: Awaitable[httpx.Response],
        expected: tuple[int, ...] = (200,),
        check: Callable[[httpx.Response], str] | None = None,
    ) -> httpx.Response | None:
        """Time one request and keep what it answered; a problem is anything but an expected answer."""
        started = time.perf_counter()
        try:
            response = await call
        except httpx.HTTPError as exc:
            self.samples.append(Sample(kind, None, time.perf_counter() - started, f"{type(exc).__name__}"))
            return None
        seconds = time.perf_counter() - started
        problem = ""
        if response.status_code not in expected:
            heading = re.search(r"<h1[^>]*>(.*?)</h1>", response.text, re.S)
            said = heading.group(1).strip() if heading else response.text[:300]
            problem = f"{response.status_code} (request {response.headers.get('x-request-id')}): {said}"
        elif check is not None:
            problem = check(response)
        self.samples.append(Sample(kind, response.status_code, seconds, problem))
        return response


def html(response: httpx.Response) -> str:
    content_type = response.headers.get("content-type", "")
    return "" if content_type.startswith("text/html") else f"not a page: {content_type}"


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted `values`."""
    rank = max(1, round(share * len(values) + 0.5))
    return values[min(rank, len(values)) - 1]


def figures(samples: list[Sample], seconds: float) -> dict[str, Any]:
    """Count, throughput, errors and latency percentiles (milliseconds) per kind of request, and in all."""
    kinds: dict[str, list[Sample]] = {"all": samples}
    for sample in samples:
        kinds.setdefault(sample.kind, []).append(sample)
    report: dict[str, Any] = {}
    for kind, group in sorted(kinds.items()):
        latencies = sorted(s.seconds * 1000 for s in group)
        report[kind] = {
            "count": len(group),
            "per_second": round(len(group) / seconds, 2),
            "problems": sum(bool(s.problem) for s in group),
            "p50_ms": round(percentile(latencies, 0.50), 1),
            "p95_ms": round(percentile(latencies, 0.95), 1),
            "p99_ms": round(percentile(latencies, 0.99), 1),
            "max_ms": round(latencies[-1], 1),
        }
    return report


# --- the people ---------------------------------------------------------------------------------------


@dataclass
class World:
    """What the simulated people need to know about the stack."""

    gateway: str
    year: int
    areas: list[str]
    deadline: float
    rng: random.Random
    recorder: Recorder
    numbers: Iterator[int] = field(default_factory=itertools.count)

    def running(self) -> bool:
        return time.monotonic() < self.deadline

    async def think(self, low: float = THINK_SECONDS[0], high: float = THINK_SECONDS[1]) -> None:
        await asyncio.sleep(min(self.rng.uniform(low, high), max(0.0, self.deadline - time.monotonic())))


def browser(gateway: str, **options: Any) -> httpx.AsyncClient:
    """A person's browser: keeps cookies and asks for pages.

    A connection per request: browsers silently resend a request that met a keep-alive connection the
    server was closing at that moment; httpx does not, and would count that race as an error of ours.
    """
    return httpx.AsyncClient(
        base_url=gateway,
        follow_redirects=False,
        headers={"Accept": BROWSER_ACCEPT},
        timeout=CLIENT_TIMEOUT,
        limits=CLIENT_LIMITS,
        **options,
    )


async def log_in(client: httpx.AsyncClient, username: str) -> None:
    await client.get("/login")
    csrf = client.cookies.get("csrftoken") or ""
    response = await client.post(
        "/login", data={"username": username, "password": "demo", "csrftoken": csrf, "next": "/"}
    )
    assert response.status_code == 303, f"login as {username}: {response.status_code} {response.text[:300]}"


async def analyst(world: World, client: httpx.AsyncClient) -> None:
    """Pages and JSON of the categorisation, as the session's own htmx and scripts would fetch them."""
    record, year = world.recorder.request, world.year
    json_headers = {"Accept": "application/json"}
    while world.running():
        area = world.rng.choice(world.areas)
        step = world.rng.randrange(4)
        if step == 0:
            await record("analyst page", client.get("/kategorisering"), check=html)
        elif step == 1:
            await record("analyst page", client.get(f"/kategorisering/{year}/omraader"), check=html)
        elif step == 2:
            await record("analyst page", client.get(f"/kategorisering/{year}/omraader/{area}"), check=html)
        else:
            url = f"/api/categorisation/v1/years/{year}/areas/{area}"
            await record("analyst json", client.get(url, headers=json_headers))
        await world.think()


async def officer(world: World, client: httpx.AsyncClient) -> None:
    pages = ("/udlejning", "/udlejning/ledige", "/udlejning/aftaler", "/udlejning/statistik")
    while world.running():
        await world.recorder.request("officer page", client.get(world.rng.choice(pages)), check=html)
        await world.think()


async def housing_org(world: World, client: httpx.AsyncClient) -> None:
    """A housing organisation's system: reports each vacancy once, now and then reads its list."""
    while world.running():
        if world.rng.random() < 0.75:
            n = next(world.numbers)
            body = {
                "external_id": f"load-{n}",
                "area_code": world.rng.choice(AREAS),
                "dwelling_ref": f"Belastningsvej {n}, 1. th.",
                "rooms": world.rng.randint(1, 5),
                "floor_area_m2": world.rng.randint(40, 120),
                "monthly_rent_dkk": "7250.00",
                "available_from": "2026-12-01",
            }
            await world.recorder.request(
                "housing-org report", client.post("/api/allocation/v1/vacancies", json=body), expected=(201,)
            )
        else:
            request = client.get("/api/allocation/v1/vacancies", params={"limit": 20})
            await world.recorder.request("housing-org json", request)
        await world.think()


async def caseworker(world: World, client: httpx.AsyncClient) -> None:
    json_headers = {"Accept": "application/json"}
    while world.running():
        if world.rng.random() < 0.6:
            await world.recorder.request("caseworker page", client.get("/sager"), check=html)
        else:
            request = client.get("/api/referrals/v1/cases", params={"limit": 20}, headers=json_headers)
            await world.recorder.request("caseworker json", request)
        await world.think()


STARTED = re.compile(r'name="started" value="([^"]+)"')
CSRF = re.compile(r'name="csrftoken" value="([^"]+)"')


def receipt(response: httpx.Response) -> str:
    return "" if 'data-testid="reference"' in response.text else "no receipt on the page"


async def citizen(world: World, addresses: Iterator[int]) -> None:
    """One citizen after another at this keyboard, each from their own address: most use the form."""
    while world.running():
        transport = httpx.AsyncHTTPTransport(local_address=loopback_source(next(addresses)))
        async with browser(world.gateway, transport=transport) as client:
            n = next(world.numbers)
            if world.rng.random() < 0.8:
                await citizen_form(world, client, n)
            else:
                await world.recorder.request(
                    "citizen api report",
                    client.post("/api/referrals/v1/concern-reports", json=concern_json(n)),
                    expected=(201,),
                )
        await world.think()


def concern_json(n: int) -> dict[str, Any]:
    return {
        "citizen": {"name": f"Belastningsborger {n}", "address": f"Testvej {n}, 2860 Søborg"},
        "concern": f"Belastningsprøve {n}: min nabo har ikke været ude i flere dage.",
        "acute_danger": False,
        "children_in_household": "unknown",
        "reporter": {"anonymous": True},
    }


async def citizen_form(world: World, client: httpx.AsyncClient, n: int) -> None:
    page = await world.recorder.request("citizen form page", client.get("/bekymring"), check=html)
    if page is None or page.status_code != 200:
        return
    started, csrf = STARTED.search(page.text), CSRF.search(page.text)
    assert started and csrf, "the concern form has no started or csrftoken field"
    # The whole time, even at the end of the run: a form sent faster than a person writes is refused.
    await asyncio.sleep(world.rng.uniform(*FORM_FILL_SECONDS))
    form = {
        "csrftoken": csrf.group(1),
        "started": started.group(1),
        "website": "",
        "acute_danger": "no",
        "citizen_name": f"Belastningsborger {n}",
        "citizen_address": f"Testvej {n}, 2860 Søborg",
        "concern": f"Belastningsprøve {n}: min nabo virker forvirret og svarer ikke, når jeg banker på.",
        "children_in_household": "no",
        "reporter_anonymous": "yes",
    }
    await world.recorder.request("citizen form submit", client.post("/bekymring", data=form), check=receipt)


# --- the run ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def load_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A stack of its own, as `make run` starts it: the load leaves vacancies and cases behind that the
    tests of the shared stack do not expect. (On the shared stack it had to run after every other test,
    which left one worker idle for its minute at the end of the run.)"""
    with running_stack(tmp_path_factory.mktemp("load")) as running:
        yield running


async def simulate(stack: Stack) -> tuple[Recorder, float, dict[str, int]]:
    gateway = stack.url()
    rng = random.Random(2026)
    recorder = Recorder()
    clients: list[tuple[str, httpx.AsyncClient]] = []
    try:
        async with httpx.AsyncClient(base_url=gateway, timeout=CLIENT_TIMEOUT) as setup:
            analyst_token = get_token(gateway, DEMO_IDENTITIES["analyst"])
            headers = {"Authorization": f"Bearer {analyst_token}"}
            years = (await setup.get("/api/categorisation/v1/years", headers=headers)).json()
            year = max(item["year"] for item in years if item["status"] == "approved")
            areas = (await setup.get(f"/api/categorisation/v1/years/{year}/areas", headers=headers)).json()
            org_token = get_token(gateway, DEMO_IDENTITIES["housing-org-demo"])
            org_headers = {"Authorization": f"Bearer {org_token}"}
            vacancies_before = (await setup.get("/api/allocation/v1/vacancies", headers=org_headers)).json()
        # Everyone logs in before the clock starts; logging in is not what is measured.
        usernames = {"analyst": "analyst", "officer": "officer", "caseworker": "caseworker"}
        for role in usernames:
            for _ in range(USERS[role]):
                client = browser(gateway)
                clients.append((role, client))
        for batch in range(0, len(clients), 5):
            await asyncio.gather(*(log_in(c, usernames[r]) for r, c in clients[batch : batch + 5]))
        for _ in range(USERS["housing_org"]):
            clients.append(
                (
                    "housing_org",
                    httpx.AsyncClient(
                        base_url=gateway, headers=org_headers, timeout=CLIENT_TIMEOUT, limits=CLIENT_LIMITS
                    ),
                )
            )

        world = World(
            gateway=gateway,
            year=year,
            areas=[area["area_code"] for area in areas],
            deadline=time.monotonic() + LOAD_SECONDS,
            rng=rng,
            recorder=recorder,
        )
        people = {
            "analyst": analyst,
            "officer": officer,
            "caseworker": caseworker,
            "housing_org": housing_org,
        }
        addresses = itertools.count()
        tasks = [people[role](world, client) for role, client in clients]
        tasks += [citizen(world, addresses) for _ in range(USERS["citizen"])]
        assert len(tasks) == sum(USERS.values())

        async def staggered(index: int, task: Awaitable[None]) -> None:
            # People do not all click in the same millisecond.
            await asyncio.sleep(index * 0.02)
            await task

        started = time.monotonic()
        await asyncio.gather(*(staggered(i, t) for i, t in enumerate(tasks)))
        elapsed = time.monotonic() - started
        async with httpx.AsyncClient(base_url=gateway, timeout=CLIENT_TIMEOUT, headers=org_headers) as after:
            vacancies_after = (await after.get("/api/allocation/v1/vacancies")).json()
        return recorder, elapsed, {"before": vacancies_before["total"], "after": vacancies_after["total"]}
    finally:
        for _, client in clients:
            await client.aclose()


def test_fifty_people_for_a_minute_see_no_errors(load_stack: Stack) -> None:
    recorder, elapsed, vacancies = asyncio.run(simulate(load_stack))
    samples = recorder.samples
    by_kind = figures(samples, elapsed)
    report = {
        "users": USERS,
        "seconds": round(elapsed, 1),
        "load_seconds": LOAD_SECONDS,
        "cpus": os.cpu_count(),
        "kinds": by_kind,
    }
    destination = Path(os.environ.get("LOAD_REPORT") or load_stack.var_dir / "load-report.json")
    destination.write_text(json.dumps(report, indent=2) + "\n")
    lines = [
        f"\n{len(samples)} requests in {elapsed:.1f} s from {sum(USERS.values())} people -> {destination}"
    ]
    lines += [
        f"  {kind:<22} n={row['count']:<5} {row['per_second']:>6}/s  p50 {row['p50_ms']:>7} ms  "
        f"p95 {row['p95_ms']:>7} ms  p99 {row['p99_ms']:>7} ms  max {row['max_ms']:>7} ms  "
        f"problems {row['problems']}"
        for kind, row in by_kind.items()
    ]
    print("\n".join(lines), flush=True)

    wrong = [s for s in samples if s.problem]
    # One example of each kind of thing that went wrong, and how often each happened.
    examples = {(s.kind, s.status): f"{s.kind}: {s.problem[:400]}" for s in reversed(wrong)}
    tally = Counter((s.kind, s.status) for s in wrong)
    assert not wrong, f"{len(wrong)} of {len(samples)} requests went wrong: {dict(tally)}\n" + "\n".join(
        examples.values()
    )
    # Every kind of person actually did something, and each report the API took is stored.
    kinds = {s.kind for s in samples}
    assert {"analyst page", "analyst json", "officer page", "housing-org report", "caseworker page"} <= kinds
    assert {"citizen form page", "citizen form submit"} <= kinds
    reports = sum(s.kind == "housing-org report" for s in samples)
    assert vacancies["after"] - vacancies["before"] == reports
