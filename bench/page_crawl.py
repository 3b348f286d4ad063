"""Which pages each role reaches: its navigation (gateway.navigation), and what those pages link to.

A person of each demo role starts at the items the navigation gives that role and follows the links on
those pages, and on the pages they lead to (an area list's area, an inbox's case, a vacancy, a seeker),
`DEPTH` clicks deep. One page stands for all of its kind: pages are told apart by their path with every
segment that holds a digit (a year, an id, an area code) taken as a placeholder, so one area stands for
every area and one case for every case; the first link found of each kind is measured, one without a
query string preferred. Downloads (anything not HTML), the public pages and identity are left out.
"""

import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urldefrag, urlsplit

import httpx

from gateway.navigation import NAVIGATION
from services.kit.auth import Role

# The demo users (CONTRACT § 2), one per staff role.
USERS = {
    "admin": Role.ADMIN,
    "analyst": Role.ANALYST,
    "officer": Role.ALLOCATION_OFFICER,
    "caseworker": Role.CASEWORKER,
    "manager": Role.MANAGER,
}
DEPTH = 2  # the navigation's page, a list on it, and the detail one click further
HREF = re.compile(r'href="([^"]+)"')
# Not pages a member of staff waits for: files, the pass-through, identity, and the public pages
# (the concern form and the published plans are measured by nobody logged in).
SKIPPED = re.compile(
    r"^/(static|api|auth|logout|language|login|bekymring|omraadeplaner|\.well-known)(/|$|\?)"
)
DOWNLOAD = re.compile(r"\.(csv|xlsx|pdf|json)$")


@dataclass(frozen=True)
class Found:
    """A page a role reached: its kind, a URL of it, and how many clicks from the navigation."""

    kind: str  # the path with placeholders, e.g. /kategorisering/{}/omraader/{}
    url: str
    depth: int  # 0: in the navigation


def kind_of(url: str) -> str:
    """The path of `url` with each segment holding a digit (a year, an id, a code) as a placeholder."""
    return "/".join(
        "{}" if any(c.isdigit() for c in part) else part for part in urlsplit(url).path.split("/")
    )


def navigation(role: Role) -> list[str]:
    """The navigation's items for `role`, as gateway.navigation gives them."""
    return [item.href for item in NAVIGATION if item.roles is None or role in item.roles]


def links(html: str) -> list[str]:
    """The site's own page links in `html`, in order, without fragments or repeats."""
    seen: dict[str, None] = {}
    for raw in HREF.findall(html):
        href = urldefrag(unescape(raw)).url
        if not href.startswith("/") or href.startswith("//"):
            continue
        if SKIPPED.match(href) or DOWNLOAD.search(urlsplit(href).path):
            continue
        seen.setdefault(href, None)
    return list(seen)


def crawl(client: httpx.Client, role: Role, depth: int = DEPTH) -> list[Found]:
    """Every kind of page `role` reaches from its navigation within `depth` clicks; one URL of each."""
    chosen: dict[str, Found] = {}
    frontier = [(href, 0) for href in navigation(role)]
    visited: set[str] = set()
    while frontier:
        url, level = frontier.pop(0)
        kind = kind_of(url)
        known = chosen.get(kind)
        # A link with a query string (a filter, a year) stands for its kind only until a plain one is found.
        if url in visited or (known is not None and not ("?" in known.url and "?" not in url)):
            continue
        visited.add(url)
        response = client.get(url, follow_redirects=True)
        if response.status_code != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        final = response.url.raw_path.decode()
        if final != url:  # a redirect (a manager's /udlejning goes to the statistics): measure where it ends
            url, kind = final, kind_of(final)
            if kind in chosen:
                continue
        chosen[kind] = Found(kind, url, level)
        if level < depth:
            frontier.extend((href, level + 1) for href in links(response.text) if href not in visited)
    return sorted(chosen.values(), key=lambda f: (f.depth, f.kind))
