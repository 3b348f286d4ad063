"""Every staff page a role reaches, through the gateway, as a logged-in person opens them one after another.

The four real processes run with the demo data (bench.stack), plus 1,000 synthetic areas × 6 years and
5,000 vacancies loaded through the services' APIs (bench.page_data), so the lists are as long as a large
municipality's. For each demo role the pages are found as the person would find them (bench.page_crawl):
the navigation gateway.navigation gives the role, and the pages those link to, two clicks deep (a list,
then one of its areas, cases, vacancies or seekers). The person logs in through the /login form (with the
CSRF token from the form) and asks for each page again and again. Server time is the gateway's own
measure of the request, read from its JSON access line by request id; the services' share is the time the
same request id spent in them; the client's time adds the loopback transfer.
"""

import os
import re
import statistics
import time
from dataclasses import dataclass, field

import httpx

from bench import Report, Target, markdown_table, percentile, process_cpu
from bench.page_crawl import USERS, Found, crawl
from bench.page_data import AREAS, SEED, VACANCIES, YEARS, load_areas, load_vacancies
from bench.stack import demo_stack, server_times
from tests.processes import Stack

TIMES = 20  # requests per page at most, after two untimed ones
PAGE_TIME = Target(seconds=0.1)  # p95 of the server time (issue 16)
ROWS = re.compile(r"<tr[ >]")
CSRF_FIELD = re.compile(r'name="csrftoken" value="([^"]+)"')


def log_in(stack: Stack, username: str) -> httpx.Client:
    """A browser-like client with a session: the /login form, its CSRF token, the demo password."""
    client = httpx.Client(base_url=stack.url(), timeout=60)
    form = client.get("/login")
    form.raise_for_status()
    token = CSRF_FIELD.search(form.text)
    if token is None:
        raise RuntimeError("the login form carries no CSRF token")
    answer = client.post(
        "/login", data={"username": username, "password": "demo", "next": "/", "csrftoken": token.group(1)}
    )
    if answer.status_code not in (302, 303) or "session" not in " ".join(client.cookies.keys()):
        raise RuntimeError(f"logging in as {username} failed: {answer.status_code} {answer.text[:300]}")
    return client


@dataclass
class Timed:
    """One page's requests: the request ids sent with their client times, sizes and table rows."""

    user: str
    page: Found
    client_times: dict[str, float] = field(default_factory=dict)
    sizes: list[int] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    cpu: float = 0.0  # CPU seconds of the four processes together over the timed requests


def time_page(stack: Stack, client: httpx.Client, user: str, number: int, page: Found, times: int) -> Timed:
    """The page `times` times (after two untimed), one request after another."""
    timed = Timed(user, page)
    clocks = [process_cpu(process.pid) for process in stack.procs.values()]
    for attempt in range(times + 2):
        if attempt == 2:
            cpu_before = sum(clock() for clock in clocks)
        request_id = f"bench-{user}-{number:03d}-{attempt}"
        response = client.get(page.url, headers={"X-Request-ID": request_id})
        if response.status_code != 200:
            raise RuntimeError(f"{page.url} answered {response.status_code}: {response.text[:300]}")
        if attempt >= 2:
            timed.client_times[request_id] = response.elapsed.total_seconds()
            timed.sizes.append(len(response.content))
            timed.rows.append(len(ROWS.findall(response.text)))
    timed.cpu = sum(clock() for clock in clocks) - cpu_before
    return timed


def server_side(stack: Stack, timed: list[Timed]) -> dict[str, dict[str, float]]:
    """Each request's seconds in the gateway and, summed, in the services, read from the access lines."""
    ids = {i for t in timed for i in t.client_times}
    gateway = server_times(stack, "gateway", ids)
    for _ in range(50):  # the access line is written just after the answer is sent
        if set(gateway) == ids:
            break
        time.sleep(0.1)
        gateway = server_times(stack, "gateway", ids)
    if set(gateway) != ids:
        raise RuntimeError(f"the gateway's log lacks {len(ids - set(gateway))} of the pages' requests")
    services = [server_times(stack, name, ids) for name in ("categorisation", "allocation", "referrals")]
    return {"gateway": gateway, "services": {i: sum(found.get(i, 0.0) for found in services) for i in ids}}


def table_row(timed: Timed, seconds: dict[str, dict[str, float]]) -> tuple[list[str], bool]:
    """One line of the table, and whether the page met its target."""
    ids = list(timed.client_times)
    server = [seconds["gateway"][i] for i in ids]
    p95 = percentile(server, 95)
    met = p95 <= (PAGE_TIME.seconds or 1)
    return [
        timed.page.url,
        timed.user,
        f"{statistics.median(timed.rows):,.0f} rows, {statistics.median(timed.sizes) / 1000:,.0f} kB",
        _ms(percentile(server, 50)),
        _ms(p95),
        _ms(percentile([seconds["services"][i] for i in ids], 50)),
        _ms(timed.cpu / len(ids)),
        PAGE_TIME.describe(),
        "ok" if met else "MISSED",
    ], met


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


async def run(*, repeat: int = 5, times: int = TIMES) -> Report:
    """Server time of each page, p50 and p95."""
    # Blocking on purpose: one person's requests one after another, and nothing else runs on this loop.
    return measure_pages(times=min(times, max(5, repeat * 7)))


def measure_pages(*, times: int) -> Report:
    # BENCH_PAGES=<regular expression>: only the pages whose URL it finds (to look at a few while working).
    only = re.compile(os.environ["BENCH_PAGES"]) if os.environ.get("BENCH_PAGES") else None
    stack = demo_stack()
    print(f"  loading {AREAS:,} synthetic areas × {len(YEARS)} years through the gateway …", flush=True)
    rows = load_areas(stack)
    print(f"  reporting {VACANCIES:,} vacancies to the allocation service …", flush=True)
    vacancies = load_vacancies(stack)
    timed: list[Timed] = []
    for user, role in USERS.items():
        client = log_in(stack, user)
        try:
            found = [page for page in crawl(client, role) if only is None or only.search(page.url)]
            print(f"  {user}: {len(found)} pages …", flush=True)
            timed += [time_page(stack, client, user, n, page, times) for n, page in enumerate(found)]
        finally:
            client.close()
    seconds = server_side(stack, timed)
    lines = [
        [
            "page",
            "role",
            "shows",
            "server p50",
            "server p95",
            "services p50",
            "CPU/request",
            "target p95",
            "",
        ]
    ]
    missed = 0
    for t in timed:
        line, met = table_row(t, seconds)
        lines.append(line)
        missed += not met
    report = Report(title=f"Every staff page through the gateway, logged in, {times} requests each")
    report.sections.append(markdown_table(lines, text_columns=3))
    report.notes += [
        f"- {len(timed)} pages (route × role), {len(timed) - missed} within the target, {missed} MISSED",
        f"- data: the demo data plus {rows:,} synthetic rows ({AREAS:,} areas × {len(YEARS)} years, "
        f"{YEARS[0]}–{YEARS[-1]}, seed {SEED}) loaded through POST /api/categorisation/v1/housing-data, "
        f"and {vacancies:,} vacancies reported through POST /v1/vacancies of the allocation service",
        "- pages: each role's navigation (gateway.navigation) and the pages linked from there, two clicks "
        "deep, one URL per kind of page (bench.page_crawl)",
        "- CPU/request: the CPU time of the four processes together (gateway and services) over the page's "
        "timed requests, per request; unlike the times, it hardly depends on how busy the machine is",
        f"- {times} requests per page one after another (after two untimed), each person logged in through "
        "the /login form; server time is the gateway's own duration of the request from its access line "
        "(rendering included), 'services' the time the same request id spent in the services",
        f"- target (issue 16): server p95 {PAGE_TIME.describe()} for every page",
    ]
    if only is not None:
        report.notes.append(f"- only the pages whose URL matches {only.pattern!r} (BENCH_PAGES)")
    return report
