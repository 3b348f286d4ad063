"""The allocation dashboard lists the 25 most urgent municipal vacancies waiting and offered, in the order
the service gives, each deadline in Danish words, and counts them all (issue 16: with 5,000 vacancies a year,
more than a few wait at once, and the officer needs the ones whose deadline runs out first)."""

import re
from datetime import date, timedelta
from html import unescape
from typing import Any

import httpx

from tests.gateway.helpers import PAGE, FakeService, log_in

WAITING, OFFERED = 1234, 3
AS_OF = date(2026, 12, 7)


def _vacancy(number: int, *, status: str, basis: str, by: date | None, deadline: date) -> dict[str, Any]:
    days_left = (by - AS_OF).days if by else None
    return {
        "id": number,
        "area_name": "Skovbrynet (demo)",
        "dwelling_ref": f"{status}-{number:04}",
        "rooms": 3,
        "available_from": "2026-11-20",
        "deadline": deadline.isoformat(),
        "year": 2026,
        "sequence": number,
        "channel": "municipal",
        "status": status,
        "letting": None,
        "urgency": {
            "basis": basis,
            "by": by.isoformat() if by else None,
            "days_left": days_left,
            "overdue": days_left is not None and days_left < 0,
        },
    }


# The service's first 100 of 1,234 waiting: 3 days overdue first, then a day at a time, four on each day.
WAITING_ITEMS = [
    _vacancy(n, status="open", basis="deadline", by=d, deadline=d)
    for n in range(100)
    for d in [AS_OF + timedelta(days=n // 4 - 3)]
]
# Offered: by the reply deadline, which is not the order of the vacancies' own deadlines; the accepted last.
OFFERED_ITEMS = [
    _vacancy(9001, status="offered", basis="reply_by", by=date(2026, 12, 6), deadline=date(2026, 12, 20)),
    _vacancy(9002, status="offered", basis="reply_by", by=date(2026, 12, 12), deadline=date(2026, 12, 14)),
    _vacancy(9003, status="offered", basis="promised", by=None, deadline=date(2026, 12, 1)),
]


def _page(total: int, items: list[dict[str, Any]], limit: int) -> dict[str, Any]:
    return {
        "order": "urgency",
        "as_of": AS_OF.isoformat(),
        "total": total,
        "limit": limit,
        "offset": 0,
        "items": items,
    }


def _allocation(request: httpx.Request) -> httpx.Response:
    """The allocation service's answers to what the dashboard asks, with more vacancies than it lists."""
    path, query = request.url.path, request.url.params
    if path == "/v1/vacancies":
        limit = int(query["limit"])
        if query.get("order") != "urgency":
            return httpx.Response(200, json={"total": 0, "limit": limit, "offset": 0, "items": []})
        if query["status"] == "open":
            return httpx.Response(200, json=_page(WAITING, WAITING_ITEMS[:limit], limit))
        return httpx.Response(200, json=_page(OFFERED, OFFERED_ITEMS[:limit], limit))
    if path == "/v1/statistics/quota":
        return httpx.Response(200, json={"alerts": [], "areas": [], "categories": []})
    if path == "/v1/statistics/days-held":
        return httpx.Response(200, json={"year": 2026, "as_of": "2026-12-07", "areas": [], "total": {}})
    return httpx.Response(200, json=[])  # the agreements and the areas


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


async def test_the_dashboard_lists_the_most_urgent_in_the_services_order(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
):
    fakes["allocation"].respond = _allocation
    await log_in(client, "officer")

    response = await client.get("/udlejning?year=2026", headers=PAGE)

    assert response.status_code == 200, response.text
    asked = [
        {k: r.url.params.get(k) for k in ("channel", "status", "order", "limit")}
        for r in fakes["allocation"].requests
        if r.url.path == "/v1/vacancies"
    ]
    assert asked == [
        {"channel": "municipal", "status": "open", "order": "urgency", "limit": "25"},
        {"channel": "municipal", "status": "offered", "order": "urgency", "limit": "25"},
    ]
    waiting = _rows(response.text, "waiting-vacancies")
    assert [row[1] for row in waiting] == [v["dwelling_ref"] for v in WAITING_ITEMS[:25]]  # as given
    deadlines = [row[4] for row in waiting]
    assert deadlines[0] == "overskredet med 3 dage (frist 4. december 2026)"
    assert deadlines[8] == "overskredet med 1 dag (frist 6. december 2026)"
    assert deadlines[12] == "frist 7. december 2026 (i dag)"
    assert deadlines[16] == "frist 8. december 2026"
    assert deadlines[24] == "frist 10. december 2026"
    # Overdue rows are marked in words (and a badge), not by colour alone: exactly the first 12.
    assert [d.startswith("overskredet med") for d in deadlines] == [n < 12 for n in range(25)]

    text = re.sub(r"\s+", " ", unescape(response.text))
    assert f'alloc-card-number">{WAITING}</span>' in text and "kommunale boliger venter på et tilbud" in text
    assert f'alloc-card-number">{OFFERED}</span>' in text
    cut = re.search(r'data-testid="waiting-cut">(.*?)</p>', text)
    assert cut and "Viser de 25 mest presserende af 1.234." in cut.group(1)
    assert 'href="/udlejning/ledige?channel=municipal&status=open&order=urgency"' in cut.group(1)
    assert "Se dem alle i listen over ledige boliger" in cut.group(1)


async def test_offered_vacancies_go_by_the_reply_deadline_the_accepted_last(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
):
    fakes["allocation"].respond = _allocation
    await log_in(client, "officer")

    response = await client.get("/udlejning?year=2026", headers=PAGE)

    offered = _rows(response.text, "offered-vacancies")
    assert [(row[1], row[4]) for row in offered] == [
        ("offered-9001", "overskredet med 1 dag (svarfrist 6. december 2026)"),
        ("offered-9002", "svarfrist 12. december 2026"),
        ("offered-9003", "accepteret – afventer udlejning"),
    ]
    text = re.sub(r"\s+", " ", unescape(response.text))
    cut = re.search(r'data-testid="offered-cut">(.*?)</p>', text)
    assert cut and "Viser alle 3, de mest presserende først." in cut.group(1)
    assert 'href="/udlejning/ledige?channel=municipal&status=offered&order=urgency"' in cut.group(1)


async def test_the_vacancy_list_can_be_ordered_by_urgency_and_keeps_it_on_the_next_page(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
):
    fakes["allocation"].respond = _allocation
    await log_in(client, "officer")

    urgent = await client.get("/udlejning/ledige?channel=municipal&status=open&order=urgency", headers=PAGE)
    newest = await client.get("/udlejning/ledige?channel=municipal&status=open", headers=PAGE)
    unknown = await client.get("/udlejning/ledige?order=soonest", headers=PAGE)

    assert urgent.status_code == newest.status_code == unknown.status_code == 200
    orders = [
        r.url.params.get("order") for r in fakes["allocation"].requests if r.url.path == "/v1/vacancies"
    ]
    assert orders == ["urgency", None, None]  # newest is the service's default; an unknown order is ignored
    rows = _rows(urgent.text, "vacancy-table")
    assert len(rows) == 50 and rows[0][6] == "overskredet med 3 dage (frist 4. december 2026)"
    text = re.sub(r"\s+", " ", unescape(urgent.text))
    assert '<option value="urgency" selected>Mest presserende først</option>' in text
    assert "<caption>1234 ledige boliger · viser 1–50 · mest presserende først</caption>" in text
    assert "status=open&order=urgency&offset=50" in text
    assert '<option value="" selected>Nyeste først</option>' in re.sub(r"\s+", " ", unescape(newest.text))
