"""The heaviest pages through the gateway, as a logged-in person opens them one after another.

The four real processes run with the demo data (bench.stack), plus a synthetic housing file of 1,000
areas × 6 years (bench.categorisation's generator) loaded through the gateway's API, so the area list of
the year in dialogue shows 1,000 areas more than the demo has. Each person logs in through the /login
form (with the CSRF token from the form) and then asks for the page again and again. Server time is the
gateway's own measure of the request, read from its JSON access line by request id; the services' share
is the time the same request id spent in them; the client's time adds the loopback transfer.
"""

import re
import statistics
import time
from dataclasses import dataclass

import httpx

from bench import Report, Target, markdown_table, percentile
from bench.categorisation import synthetic_housing_csv
from bench.stack import demo_stack, server_times
from tests.processes import Stack

AREAS = 1_000
YEARS = tuple(range(2021, 2027))
YEAR = YEARS[-1]  # the list year in dialogue in the demo data: its areas are categorised on each request
SEED = 2026
TIMES = 20  # requests per page at most, after two untimed ones
PAGE_TIME = Target(seconds=1.0)  # p95 of the server time


@dataclass(frozen=True)
class Page:
    what: str
    path: str
    username: str
    # A regular expression counted in the page, to say how much it shows (table rows, headers included).
    counted: str
    counted_as: str


PAGES = (
    Page(
        f"area list of {YEAR}",
        f"/kategorisering/{YEAR}/omraader",
        "analyst",
        r"<tr[ >]",
        "table rows",
    ),
    Page("allocation dashboard", "/udlejning", "officer", r"<tr[ >]", "table rows"),
    Page("caseworker inbox", "/sager", "caseworker", r"<tr[ >]", "table rows"),
)
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


def load_areas(stack: Stack) -> int:
    """The synthetic areas through the gateway's API, as an analyst uploads a file; the rows stored."""
    token = httpx.post(
        f"{stack.url()}/auth/token",
        data={"grant_type": "password", "username": "analyst", "password": "demo"},
        timeout=30,
    ).json()["access_token"]
    content = synthetic_housing_csv(areas=AREAS, years=YEARS, seed=SEED)
    response = httpx.post(
        f"{stack.url()}/api/categorisation/v1/housing-data",
        content=content,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"},
        timeout=300,
    )
    if response.status_code != 200:
        raise RuntimeError(
            f"loading the synthetic areas failed: {response.status_code} {response.text[:500]}"
        )
    return int(response.json()["rows"])


def time_page(stack: Stack, client: httpx.Client, page: Page, times: int) -> list[str]:
    """The page `times` times (after two untimed); one row of the table."""
    slug = re.sub(r"[^a-z0-9]+", "-", page.what.lower()).strip("-")
    client_times: dict[str, float] = {}
    sizes, counts = [], []
    for number in range(times + 2):
        request_id = f"bench-{slug}-{number}"
        response = client.get(page.path, headers={"X-Request-ID": request_id})
        if response.status_code != 200:
            raise RuntimeError(f"{page.path} answered {response.status_code}: {response.text[:300]}")
        if number >= 2:
            client_times[request_id] = response.elapsed.total_seconds()
            sizes.append(len(response.content))
            counts.append(len(re.findall(page.counted, response.text)))
    ids = set(client_times)
    gateway = server_times(stack, "gateway", ids)
    for _ in range(50):  # the access line is written just after the answer is sent
        if set(gateway) == ids:
            break
        time.sleep(0.1)
        gateway = server_times(stack, "gateway", ids)
    services = {
        name: server_times(stack, name, ids) for name in ("categorisation", "allocation", "referrals")
    }
    if set(gateway) != ids:
        raise RuntimeError(f"the gateway's log lacks {len(ids - set(gateway))} of the page's requests")
    upstream = [sum(found.get(i, 0.0) for found in services.values()) for i in ids]
    server = list(gateway.values())
    p95 = percentile(server, 95)
    ratio = p95 / (PAGE_TIME.seconds or 1)
    return [
        page.what,
        f"{page.path} ({page.username})",
        f"{statistics.median(counts):,.0f} {page.counted_as}, {statistics.median(sizes) / 1000:,.0f} kB",
        _ms(percentile(server, 50)),
        _ms(p95),
        _ms(percentile(upstream, 50)),
        _ms(percentile(list(client_times.values()), 50)),
        _ms(percentile(list(client_times.values()), 95)),
        f"{ratio:.2f} {'ok' if ratio <= 1 else 'MISSED'}",
    ]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


async def run(*, repeat: int = 5, times: int = TIMES) -> Report:
    """Server time of each page, p50 and p95."""
    # Blocking on purpose: one person's requests one after another, and nothing else runs on this loop.
    return measure_pages(times=min(times, max(5, repeat * 7)))


def measure_pages(*, times: int) -> Report:
    stack = demo_stack()
    print(f"  loading {AREAS:,} synthetic areas × {len(YEARS)} years through the gateway …", flush=True)
    rows = load_areas(stack)
    report = Report(title=f"Pages through the gateway, logged in, {times} requests each")
    lines = [
        [
            "page",
            "path (user)",
            "shows",
            "server p50",
            "server p95",
            "of which services (p50)",
            "client p50",
            "client p95",
            f"p95 ÷ target {PAGE_TIME.describe()}",
        ]
    ]
    for page in PAGES:
        print(f"  {page.what} …", flush=True)
        client = log_in(stack, page.username)
        try:
            lines.append(time_page(stack, client, page, times))
        finally:
            client.close()
    report.sections.append(markdown_table(lines, text_columns=3))
    report.notes += [
        f"- data: the demo data plus {rows:,} synthetic rows ({AREAS:,} areas × {len(YEARS)} years, "
        f"{YEARS[0]}–{YEARS[-1]}, seed {SEED}) loaded through POST /api/categorisation/v1/housing-data",
        f"- {times} requests per page one after another (after two untimed), each person logged in through "
        "the /login form; server time is the gateway's own duration of the request from its access line "
        "(rendering included), 'of which services' the time the same request id spent in the services",
        f"- target (this project's choice): server p95 {PAGE_TIME.describe()} for every page",
    ]
    return report
