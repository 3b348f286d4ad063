"""No code where Danish users read (issue 12 item 4), on the real processes with the demo data.

As each demo user, and as a citizen without login, the test walks the pages linked from the navigation (one
page of each kind: a list and one of its detail pages, as tests/browser/test_controls.py does) plus the
detail pages that show the most (a municipal vacancy with its candidates, an agreement, a seeker, decisions),
and reads each page's visible text – without scripts, styles and `<code>` (identifiers shown as such, e.g. a
file's column names or a rule version). None may show a service's codes, a token subject, the quota formula,
an ISO date, a count with the wrong noun, or the header's misspelt unit name.
"""

import html
import re
from collections import deque
from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.conftest import DEMO_USERS
from tests.processes import BROWSER_ACCEPT, Stack, browser_session

pytestmark = pytest.mark.e2e

# What no page may show. Each is something a page did show before issue 12.
FORBIDDEN = {
    "designation code": re.compile(
        r"\b(vulnerable_area|parallel_society|transformation_area|prevention_area|combined_letting_area)\b"
    ),
    "condition code": re.compile(
        r"\b(single_hours_per_week_min|couple_one_full_time_or_both_hours_min|employed_months_min|"
        r"full_time_student|resident_of_municipality|had_own_dwelling|registered_housing_organisations)\b"
    ),
    "access-log field": re.compile(r"\b(citizen\.(name|address|phone|cpr)|reports\.(concern|reporter))\b"),
    "token subject": re.compile(r"\b(user|client|service):[\w-]"),
    "demo actor": re.compile(r"\bdemo-loader\b"),
    "quota formula": re.compile(r"floor\("),
    "ISO date": re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),
    "singular count with a plural noun": re.compile(
        r"(?<![\d.,])1 (værelser|boliger|ledige boliger|dage|sager|områder|rækker|pladser|anmeldere)\b"
    ),
    "unit name without its hyphen": re.compile(r"Bolig og socialområdet"),
    "year placeholder": re.compile(r"\bÅ\b"),
}
# The API documentation for operations staff lists the services' paths and English summaries on purpose.
NOT_FOR_THIS_CHECK = ("/operations",)
NOT_PAGES = ("/static/", "/api/", "/docs", "/openapi", "/auth/", "/.well-known/", "/logout", "/language")
ONE_THING = re.compile(r"^\d+$|^[A-Z0-9]+(-[A-Z0-9]+)+$")
MAX_PAGES = 120
# The kinds of page each walk must reach, so that it cannot quietly stop short of the pages that matter.
MUST_REACH = {
    "admin": {"/persondata", "/kommune", "/tilbudstrappen/#", "/kategorisering/#/omraader/#"},
    "analyst": {
        "/kategorisering/#/omraader/#",
        "/kategorisering/#/godkendelse",
        "/kategorisering/upload",
        "/udlejning/faellesaftaler/#/demo-boligorganisation",  # from the dialogues
    },
    "officer": {
        "/udlejning/aftaler/#/#",
        "/udlejning/faellesaftaler",
        "/udlejning/faellesaftaler/#/demo-boligselskabet-nord",
        "/udlejning/ledige/#",
        "/udlejning/boligsoegende/#",
        "/udlejning/akut/#",
        "/udlejning/dispensationer/#",
        "/udlejning/statistik",
    },
    "caseworker": {"/sager", "/sager/#"},
    "manager": {"/kategorisering", "/udlejning/statistik", "/sager/statistik"},
    "citizen": {"/bekymring", "/bekymring/opfoelgning"},
}
# Detail pages with more on them than the first of their kind the walk happens to open.
ALSO = {
    "officer": (
        "/udlejning/ledige?channel=municipal&status=open",
        "/udlejning/akut",
        "/udlejning/dispensationer",
    ),
    "caseworker": ("/sager",),
    "admin": ("/persondata", "/kommune"),
    "manager": ("/udlejning/statistik",),  # the manager's /udlejning sends on to it (a redirect)
}


def visible_text(page: str) -> str:
    page = re.sub(r"(?is)<(script|style|code)\b[^>]*>.*?</\1>", " ", page)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def kind(path: str) -> str:
    return "/".join("#" if ONE_THING.match(part) else part for part in path.split("?")[0].split("/"))


def walk(
    client: httpx.Client, start: tuple[str, ...], failed: list[str] | None = None
) -> Iterator[tuple[str, str]]:
    """(path, visible text) of each page of a kind not seen before, breadth first from `start`; a page that
    answers with a server error is added to `failed`."""
    queue, seen, opened = deque(start), set(), set()
    while queue and len(seen) < MAX_PAGES:
        path = queue.popleft()
        if path in opened or (kind(path) in seen and path not in start):
            continue
        seen.add(kind(path))
        opened.add(path)
        response = client.get(path)
        if response.status_code >= 500 and failed is not None:
            failed.append(f"{path}: {response.status_code}")
        if response.status_code != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        yield path, visible_text(response.text)
        for href in re.findall(r'href="(/[^"#]*)"', response.text):
            href = html.unescape(href)
            if not href.startswith(NOT_PAGES) and not re.search(r"\.[A-Za-z0-9]+$", href.split("?")[0]):
                queue.append(href)


def problems(path: str, text: str) -> list[str]:
    if path.startswith(NOT_FOR_THIS_CHECK):
        return []
    return [
        f"{path}: {what}: …{text[max(0, m.start() - 50) : m.end() + 30]}…"
        for what, pattern in FORBIDDEN.items()
        for m in pattern.finditer(text)
    ]


@pytest.mark.parametrize("user", [*DEMO_USERS, "citizen"])
def test_no_page_shows_code_where_danish_users_read(shared_stack: Stack, user: str) -> None:
    gateway = shared_stack.url()
    if user == "citizen":
        client = httpx.Client(base_url=gateway, headers={"Accept": BROWSER_ACCEPT}, timeout=30)
        start: tuple[str, ...] = ("/bekymring", "/bekymring/opfoelgning", "/login")
    else:
        client = browser_session(gateway, user, timeout=30)
        start = ("/", *ALSO.get(user, ()))
    failed: list[str] = []
    try:
        pages = list(walk(client, start, failed))
    finally:
        client.close()

    assert not failed, failed
    reached = {kind(path) for path, _ in pages}
    assert MUST_REACH[user] <= reached, f"the walk as {user} missed {MUST_REACH[user] - reached}"
    found = [problem for path, text in pages for problem in problems(path, text)]
    assert not found, "\n".join(found[:40])


def test_the_walk_would_see_what_it_looks_for() -> None:
    """The patterns find what pages showed before issue 12 (so a passing walk means something)."""
    before = (
        "Afgjort af user:officer · floor(55 × 20 %) = 11 · Bolig 1 værelser, 48 m² · Ledig fra 2026-12-16 · "
        "Felter citizen.name, reports.concern · Udpegning vulnerable_area · single_hours_per_week_min=37 · "
        "Listerne for listeår Å · Bolig og socialområdet"
    )
    assert {what for what, pattern in FORBIDDEN.items() if pattern.search(before)} == set(FORBIDDEN) - {
        "demo actor"
    }
    assert not problems(
        "/", "Bolig 1 værelse, 48 m² · 11 værelser · 21 boliger · 7. december 2026 · Systemet"
    )
