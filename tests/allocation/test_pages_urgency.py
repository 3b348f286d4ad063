"""The officer's dashboard through the real gateway and the real allocation service (issue 16): of more than
a hundred municipal vacancies waiting, the 25 whose deadline runs out first, in that order, each
deadline in Danish words, overdue ones marked in words; the offered ones by their reply deadline; and the
link to the whole list, ordered the same way, page after page."""

import re
from datetime import date, timedelta
from html import unescape
from typing import Any

import httpx
import pytest

from gateway.pages.allocation.overview import DASHBOARD_ROWS
from services.kit.auth import Role
from tests.allocation.factories import (
    Clock,
    FakeCategorisation,
    headers_for,
    ok,
    report,
    seeker,
    set_share,
    setup_areas,
    vacancy,
)
from tests.allocation.test_pages import pages  # noqa: F401 - the fixture of the officer's pages
from tests.gateway.helpers import PAGE, log_in
from tests.support import KeyPair

# On one backend (tests/conftest.py): the pages draw and send what the services answer and store; the
# services' SQL has its own tests on both backends.
pytestmark = pytest.mark.one_backend

REPORTED = 130
OFFERED = 3


def _rows(html: str, testid: str) -> list[list[str]]:
    """The table's rows as the reader sees them: each cell's text."""
    table = re.search(rf'data-testid="{testid}".*?</table>', html, re.S)
    assert table, f"no table {testid}"
    body = table.group(0).split("<tbody>", 1)[1]
    return [
        [
            re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", cell))).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def _flat(response: httpx.Response) -> str:
    return re.sub(r"\s+", " ", unescape(response.text))


async def _many(
    client: httpx.AsyncClient, officer: dict[str, str], fake: FakeCategorisation, clock: Clock
) -> list[dict[str, Any]]:
    """130 municipal vacancies reported on 2 March, free over 45 days (deadlines 16 March – 29 April, many
    on each day, stored out of deadline order); three offered on 25 March, one of them accepted; read on
    30 March. The vacancies waiting, most urgent first, as the API lists them."""
    await setup_areas(client, officer, fake)
    await set_share(client, officer, "GRN-1", 100, 0)
    clock.today = date(2026, 3, 2)
    for n in range(REPORTED):
        free = date(2026, 3, 2) + timedelta(days=n * 37 % 45)
        body = vacancy(f"many-{n:03}", available_from=free.isoformat(), dwelling_ref=f"Bolig {n:03}")
        assert (await ok(await report(client, officer, body), 201))["channel"] == "municipal"
    latest = (await ok(await client.get("/v1/vacancies?limit=3", headers=officer)))["items"]  # 29 April
    clock.today = date(2026, 3, 25)
    for item, reply_days in zip(latest, (3, 8, 5), strict=True):
        person = await ok(
            await client.post("/v1/seekers", json=seeker(f"Søger {reply_days}"), headers=officer), 201
        )
        offer = await ok(
            await client.post(
                f"/v1/vacancies/{item['id']}/offers",
                json={"seeker_id": person["id"], "reply_days": reply_days},
                headers=officer,
            ),
            201,
        )
        if reply_days == 5:
            await ok(await client.post(f"/v1/offers/{offer['id']}/accept", headers=officer))
    clock.today = date(2026, 3, 30)
    every = await ok(
        await client.get(
            "/v1/vacancies?channel=municipal&status=open&order=urgency&limit=500", headers=officer
        )
    )
    assert every["total"] == REPORTED - OFFERED
    return list(every["items"])


async def test_the_dashboard_shows_the_most_urgent_of_many_in_order(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    fake_categorisation: FakeCategorisation,
    clock: Clock,
    keys: KeyPair,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    waiting = await _many(client, officer, fake_categorisation, clock)
    await log_in(pages, "officer")

    dashboard = await pages.get("/udlejning?year=2026", headers=PAGE)

    assert dashboard.status_code == 200, dashboard.text
    rows = _rows(dashboard.text, "waiting-vacancies")
    # The 25 whose deadline runs out first, earliest reported (then by id) on a shared deadline.
    expected = sorted(waiting, key=lambda v: (v["deadline"], v["reported_on"], v["id"]))[:DASHBOARD_ROWS]
    assert [row[1] for row in rows] == [v["dwelling_ref"] for v in expected]
    assert rows[0][4] == "overskredet med 14 dage (frist 16. marts 2026)"
    # Overdue rows are said to be overdue in words, exactly those past their deadline (all of the 25 here;
    # the whole list below shows the turn from overdue to today and later).
    assert [row[4].startswith("overskredet med") for row in rows] == [
        v["deadline"] < "2026-03-30" for v in expected
    ]

    flat = _flat(dashboard)
    cut = re.search(r'data-testid="waiting-cut">(.*?)</p>', flat)
    assert cut and f"Viser de {DASHBOARD_ROWS} mest presserende af {REPORTED - OFFERED}." in cut.group(1)
    assert f'alloc-card-number">{REPORTED - OFFERED}</span>' in flat

    # Offered: by the reply deadline (28 March, overdue, before 2 April), the accepted one last.
    offered = _rows(dashboard.text, "offered-vacancies")
    assert [row[4] for row in offered] == [
        "overskredet med 2 dage (svarfrist 28. marts 2026)",
        "svarfrist 2. april 2026",
        "accepteret – afventer udlejning",
    ]
    assert "Viser alle 3, de mest presserende først." in flat


async def test_the_dashboards_link_opens_the_whole_list_most_urgent_first_page_by_page(
    pages: httpx.AsyncClient,  # noqa: F811
    client: httpx.AsyncClient,
    fake_categorisation: FakeCategorisation,
    clock: Clock,
    keys: KeyPair,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    waiting = await _many(client, officer, fake_categorisation, clock)
    await log_in(pages, "officer")
    dashboard = _flat(await pages.get("/udlejning?year=2026", headers=PAGE))
    link = re.search(r'data-testid="waiting-cut">.*?<a href="([^"]+)"', dashboard)
    assert link and link.group(1) == "/udlejning/ledige?channel=municipal&status=open&order=urgency"

    first = await pages.get(link.group(1), headers=PAGE)
    following = re.search(r'<a href="([^"]+offset=50)">Næste side</a>', _flat(first))
    assert following, "no next page"
    second = await pages.get(following.group(1), headers=PAGE)
    third = await pages.get(following.group(1).replace("offset=50", "offset=100"), headers=PAGE)

    shown = [row[1] for page in (first, second, third) for row in _rows(page.text, "vacancy-table")]
    expected = sorted(waiting, key=lambda v: (v["deadline"], v["reported_on"], v["id"]))
    assert shown == [v["dwelling_ref"] for v in expected]
    rows = [row for page in (first, second, third) for row in _rows(page.text, "vacancy-table")]
    assert rows[0][6] == "overskredet med 14 dage (frist 16. marts 2026)"
    deadlines = [row[6] for row in rows if row[1] in {v["dwelling_ref"] for v in expected}]
    assert "overskredet med 1 dag (frist 29. marts 2026)" in deadlines
    assert "frist 30. marts 2026 (i dag)" in deadlines
    assert deadlines[-1].startswith("frist ") and "april 2026" in deadlines[-1]
    overdue = [d.startswith("overskredet med") for d in deadlines]
    assert overdue == [v["deadline"] < "2026-03-30" for v in expected]
    assert overdue.index(False) > 0 and not any(overdue[overdue.index(False) :])
