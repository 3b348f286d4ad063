"""The area list page shows 50 areas at a time (issue 16): "Vis flere områder" brings the next ones, added
to the table by htmx or, without JavaScript, as the next page; the filter and the order hold across pages."""

import re
from collections.abc import AsyncIterator
from html import unescape

import httpx
import pytest
from fastapi import FastAPI

from gateway.pages.categorisation.areas import PAGE_SIZE
from tests.categorisation.factories import YELLOW, csv_bytes, rows
from tests.gateway.helpers import HTMX, PAGE, log_in, password_grant
from tests.support import rolled_back

# On one backend (tests/conftest.py): the pages draw and send what the services answer and store; the
# services' SQL has its own tests on both backends.
pytestmark = pytest.mark.one_backend

YEAR = 2024
AREAS = 2 * PAGE_SIZE + 7
YELLOW_AREAS = range(1, AREAS + 1, 2)  # every other area is yellow: more than a page
CODE = re.compile(r"<code>(K\d{3})</code>")
MORE = re.compile(r'<tr id="area-more"[^>]*>\s*<td colspan="5"><a href="([^"]+)" hx-get="([^"]+)"')


@pytest.fixture
async def categorisation(
    real_services: dict[str, FastAPI], database_urls: dict[str, str]
) -> AsyncIterator[FastAPI]:
    app = real_services["categorisation"]
    async with rolled_back(app, database_urls["categorisation"], "categorisation"):
        yield app


async def _seed(client: httpx.AsyncClient) -> None:
    token = (await password_grant(client, "analyst")).json()["access_token"]
    api = {"Authorization": f"Bearer {token}"}
    for year in (YEAR - 1, YEAR):
        response = await client.put(
            f"/api/categorisation/v1/years/{year}/parameters",
            json={"national_convicted_pct": 1.0},
            headers=api,
        )
        assert response.status_code == 200, response.text
    data = [
        row
        for n in range(1, AREAS + 1)
        for row in rows(
            (YEAR - 1, YEAR), f"K{n:03d}", area_name=f"Kvarter {n}", **(YELLOW if n in YELLOW_AREAS else {})
        )
    ]
    response = await client.post(
        "/api/categorisation/v1/housing-data",
        content=csv_bytes(data),
        headers={**api, "Content-Type": "text/csv"},
    )
    assert response.status_code == 200, response.text


async def _get(client: httpx.AsyncClient, path: str, headers: dict[str, str] = PAGE) -> str:
    response = await client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return unescape(response.text)


async def test_the_list_shows_50_areas_and_the_rest_a_page_at_a_time(client, categorisation):
    await log_in(client, "analyst")
    await _seed(client)

    shown: list[str] = []
    path: str | None = f"/kategorisering/{YEAR}/omraader"
    pages = []
    while path is not None:
        text = await _get(client, path)
        pages.append(text)
        shown += CODE.findall(text)
        more = MORE.search(text)
        if more is not None:
            assert more.group(1) == more.group(2)  # the same page for htmx and for a plain link
        path = more.group(1) if more else None

    assert shown == [f"K{n:03d}" for n in range(1, AREAS + 1)]
    assert [len(CODE.findall(p)) for p in pages] == [PAGE_SIZE, PAGE_SIZE, 7]
    assert all(f"{AREAS} områder" in p for p in pages)  # the caption counts them all
    assert "Vis flere områder" in pages[0] and "Vis flere områder" not in pages[-1]
    assert "Tilbage til de første områder" not in pages[0] and "Tilbage til de første områder" in pages[1]


async def test_htmx_gets_the_next_rows_for_the_table(client, categorisation):
    await log_in(client, "analyst")
    await _seed(client)
    first = await _get(client, f"/kategorisering/{YEAR}/omraader?sort=area_code&descending=true")
    next_path = MORE.search(first).group(1)  # type: ignore[union-attr]

    fragment = await _get(client, next_path, HTMX)

    assert "<html" not in fragment and 'id="area-table"' in fragment  # only the table's block
    assert CODE.findall(fragment) == [
        f"K{n:03d}" for n in range(AREAS - PAGE_SIZE, AREAS - 2 * PAGE_SIZE, -1)
    ]
    assert "descending=true" in next_path and 'hx-select="#area-table tbody > tr"' in first


async def test_the_filter_holds_across_pages(client, categorisation):
    await log_in(client, "analyst")
    await _seed(client)

    first = await _get(client, f"/kategorisering/{YEAR}/omraader?category=yellow")
    second = await _get(client, MORE.search(first).group(1))  # type: ignore[union-attr]

    assert f"{len(YELLOW_AREAS)} områder" in first
    assert CODE.findall(first) + CODE.findall(second) == [f"K{n:03d}" for n in YELLOW_AREAS]
    assert MORE.search(second) is None


async def test_a_cursor_that_does_not_fit_shows_the_first_areas(client, categorisation):
    """A cursor edited by hand, or one of another order, gives the first page rather than an error."""
    await log_in(client, "analyst")
    await _seed(client)
    first = await _get(client, f"/kategorisering/{YEAR}/omraader")
    cursor = re.search(r"cursor=([A-Za-z0-9_-]+)", MORE.search(first).group(1)).group(1)  # type: ignore[union-attr]

    other_order = await _get(client, f"/kategorisering/{YEAR}/omraader?sort=residents&cursor={cursor}")
    garbage = await _get(client, f"/kategorisering/{YEAR}/omraader?cursor=abcdef")

    assert CODE.findall(other_order)[:3] == CODE.findall(garbage)[:3] == ["K001", "K002", "K003"]
