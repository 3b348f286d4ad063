"""No hidden count can be worked out from what a manager reads: every statistics answer, the page and the
chart are solved for their hidden figures as a reader would (tests/disclosure.py), alone and together.

The year's lettings by category and channel (issue 12: "Andet" was hidden, but 134 − 77 − 32 − 23 gave it
away), rows written straight to the database so the counts can be any size:

    category   waiting list  flexible  municipal  other  total
    red                   0        40          6      0     46
    pink                  0        12          0      1     13
    yellow               17        12          8      2     39
    green                25         0          7      0     32
    total                42        64         21      3    130
"""

import itertools
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import httpx
from fastapi import FastAPI

from services.allocation.models import Letting, Vacancy
from services.kit.auth import Role
from services.kit.state import process_of
from tests.allocation.factories import FakeCategorisation, ok, setup_areas
from tests.allocation.test_pages import pages  # noqa: F401 - the fixture of the officer's pages
from tests.disclosure import (
    Equation,
    Interval,
    Term,
    assert_nothing_derivable,
    intervals,
    series_equations,
    table_equations,
)
from tests.gateway.helpers import PAGE, log_in

CHANNELS = ("waiting_list", "flexible", "municipal", "other")
CATEGORIES = ("red", "pink", "yellow", "green")
AREA_OF = {"red": "RED-1", "pink": "PINK-1", "yellow": "YEL-1", "green": "GRN-1"}
LETTINGS = {
    "red": (0, 40, 6, 0),
    "pink": (0, 12, 0, 1),
    "yellow": (17, 12, 8, 2),
    "green": (25, 0, 7, 0),
}
YEAR = 2026
NUMBERS = itertools.count(1)  # each vacancy's sequence and external id


async def insert_vacancies(
    app: FastAPI, area_code: str, count: int, *, channel: str, let_by: str | None, returned: bool = False
) -> None:
    """`count` vacancies of the area, let through `let_by` (None: still open), as the service stores them."""
    async with process_of(app).session_factory() as session:
        for _ in range(count):
            number = next(NUMBERS)
            vacancy = Vacancy(
                external_id=f"t-{number}",
                area_code=area_code,
                year=YEAR,
                sequence=number,
                channel=channel,
                reason="test",
                reason_code="test",
                reason_params={},
                municipal_share_bp=1000,
                agreement_share_bp=1000,
                flexible_share_bp=0,
                dwelling_ref=f"{area_code}/{number}",
                rooms=3,
                floor_area_m2=70.0,
                monthly_rent_ore=700_000,
                accessible=None,
                available_from=date(YEAR, 2, 1),
                status="returned" if returned else ("let" if let_by else "open"),
                deadline=date(YEAR, 2, 15) if channel == "municipal" else None,
                reported_by="test",
                reported_by_org=None,
                reported_on=date(YEAR, 2, 1),
                returned_at=datetime(YEAR, 2, 16, tzinfo=UTC) if returned else None,
                returned_on=date(YEAR, 2, 16) if returned else None,
            )
            session.add(vacancy)
            await session.flush()
            if let_by:
                session.add(
                    Letting(
                        vacancy_id=vacancy.id,
                        area_code=area_code,
                        year=YEAR,
                        channel=let_by,
                        assigned_channel=channel,
                        let_on=date(YEAR, 2, 20),
                        days_to_letting=19,
                        recorded_by="test",
                    )
                )
        await session.commit()


async def year_of_lettings(
    app: FastAPI, client: httpx.AsyncClient, officer: dict[str, str], fake: FakeCategorisation
) -> None:
    await setup_areas(client, officer, fake)
    for category, counts in LETTINGS.items():
        for channel, count in zip(CHANNELS, counts, strict=True):
            await insert_vacancies(app, AREA_OF[category], count, channel=channel, let_by=channel)
    # For the quota: two municipal vacancies still open in pink, one returned in green.
    await insert_vacancies(app, "PINK-1", 2, channel="municipal", let_by=None)
    await insert_vacancies(app, "GRN-1", 1, channel="municipal", let_by=None, returned=True)


def channel_equations(
    result: dict[str, Any], lower: dict[str, int | None]
) -> tuple[list[Equation], dict[tuple[int, int], Term]]:
    """The channel answer as the reader has it: the categories' lines with their totals, and the year's
    counts per channel and total as the column totals (every letting has an agreement, so a careful reader
    knows the categories add up to the year)."""
    cells = [[result["by_category"][c]["counts"][ch] for ch in CHANNELS] for c in CATEGORIES]
    row_totals = [result["by_category"][c]["total"] for c in CATEGORIES]
    return table_equations(
        "channels", cells, row_totals, [result["counts"][ch] for ch in CHANNELS], result["total"], lower
    )


TRUE_TABLE = {
    **{(r, c): LETTINGS[cat][c] for r, cat in enumerate(CATEGORIES) for c in range(4)},
    **{(r, 4): sum(LETTINGS[cat]) for r, cat in enumerate(CATEGORIES)},
    **{(4, c): sum(LETTINGS[cat][c] for cat in CATEGORIES) for c in range(4)},
    (4, 4): 130,
}


def assert_truth_within(
    found: dict[str, Interval], terms: dict[tuple[int, int], Term], truth: dict[tuple[int, int], int]
) -> None:
    for position, term in terms.items():
        if isinstance(term, str):
            low, high = found[term]
            assert low <= truth[position] and (high is None or truth[position] <= high)


async def test_the_managers_channel_table_gives_no_hidden_count_away(
    allocation_app: FastAPI,
    client: httpx.AsyncClient,
    officer: dict[str, str],
    as_role: Callable[..., dict[str, str]],
    fake_categorisation: FakeCategorisation,
) -> None:
    await year_of_lettings(allocation_app, client, officer, fake_categorisation)
    detailed = await ok(await client.get(f"/v1/statistics/channels?year={YEAR}", headers=officer))
    assert detailed["by_category"]["yellow"]["counts"] == dict(zip(CHANNELS, LETTINGS["yellow"], strict=True))
    assert (detailed["total"], detailed["suppressed"]) == (130, False)

    result = await ok(await client.get(f"/v1/statistics/channels?year={YEAR}", headers=as_role(Role.MANAGER)))
    assert result["suppressed"] is True
    yellow, pink = result["by_category"]["yellow"], result["by_category"]["pink"]
    assert (
        yellow["counts"]["other"] is None
        and pink["counts"]["other"] is None
        and result["counts"]["other"] is None
    )
    assert yellow["total"] == 39  # the row total stays: another cell of the row is hidden with "other"
    lower: dict[str, int | None] = {}
    equations, terms = channel_equations(result, lower)
    found = intervals(equations, lower)
    assert not {name for name, (low, high) in found.items() if low == high}
    assert_truth_within(found, terms, TRUE_TABLE)
    # A share is shown only beside its count and its line's total (either pair would give the third away).
    for line in (result, *result["by_category"].values()):
        for channel in CHANNELS:
            if line["counts"][channel] is None or line["total"] is None:
                assert line["shares_pct"][channel] is None
    assert "2" not in {str(v) for v in yellow["counts"].values()}


async def test_the_years_line_is_hidden_as_the_channel_table_hides_it(
    allocation_app: FastAPI,
    client: httpx.AsyncClient,
    officer: dict[str, str],
    as_role: Callable[..., dict[str, str]],
    fake_categorisation: FakeCategorisation,
) -> None:
    await year_of_lettings(allocation_app, client, officer, fake_categorisation)
    manager = as_role(Role.MANAGER)
    channels = await ok(await client.get(f"/v1/statistics/channels?year={YEAR}", headers=manager))
    (year,) = (await ok(await client.get("/v1/statistics/years", headers=manager)))["years"]
    # The same figures, hidden in the same places: the two answers together tell nothing more.
    assert year["counts"] == channels["counts"] and year["lettings"] == channels["total"]
    assert year["municipal_allocations"] == channels["counts"]["municipal"]
    assert year["returned"] is None  # one returned vacancy
    lower: dict[str, int | None] = {}
    equations, channel_terms = channel_equations(channels, lower)
    line, line_terms = series_equations(
        "year", [year["counts"][ch] for ch in CHANNELS], year["lettings"], lower
    )
    # The year's counts are the channel table's column totals: the same unknowns in both answers.
    equations += [[(1, term), (-1, channel_terms[(4, c)])] for c, term in enumerate(line_terms)]
    assert_nothing_derivable(equations + line, lower)
    for channel, median in year["days_by_channel"].items():
        assert (median is None) == (year["counts"][channel] is None)


QUOTA_COUNTS = ("vacancies", "due", "allocated", "pending", "returned", "forecast_due")


async def test_the_quota_gives_no_hidden_count_away_alone_or_beside_the_channel_table(
    allocation_app: FastAPI,
    client: httpx.AsyncClient,
    officer: dict[str, str],
    as_role: Callable[..., dict[str, str]],
    fake_categorisation: FakeCategorisation,
) -> None:
    await year_of_lettings(allocation_app, client, officer, fake_categorisation)
    manager = as_role(Role.MANAGER)
    query = f"year={YEAR}&as_of={YEAR}-07-02"
    quota = await ok(await client.get(f"/v1/statistics/quota?{query}", headers=manager))
    full = await ok(await client.get(f"/v1/statistics/quota?{query}", headers=officer))
    channels = await ok(await client.get(f"/v1/statistics/channels?year={YEAR}", headers=manager))
    assert [c["category"] for c in quota["categories"]] == list(CATEGORIES)
    full_lines = {c["category"]: c for c in full["categories"]}
    assert full_lines["pink"]["pending"] == 2 and full_lines["green"]["returned"] == 1
    assert {c["category"]: c["allocated"] for c in full["categories"]} == {
        c: LETTINGS[c][2] for c in CATEGORIES
    }
    lower: dict[str, int | None] = {}
    equations, channel_terms = channel_equations(channels, lower)
    for name in QUOTA_COUNTS:
        cells = [line[name] for line in quota["categories"]]
        column, terms = series_equations(f"quota.{name}", cells, quota["total"][name], lower)
        equations += column
        for line, shown in zip(quota["categories"], cells, strict=True):
            truth = full_lines[line["category"]][name]
            assert shown in (truth, None) and (shown is not None or truth > 0)
        if name == "allocated":  # the municipal lettings of each category are one figure in both answers
            for row, term in enumerate(terms):
                equations.append([(1, term), (-1, channel_terms[(row, 2)])])
    assert_nothing_derivable(equations, lower)
    for line in (*quota["categories"], quota["total"]):
        if any(line[name] is None for name in QUOTA_COUNTS):
            derived = (
                "fulfilment_pct",
                "forecast_vacancies",
                "forecast_allocated",
                "forecast_fulfilment_pct",
            )
            assert all(line[key] is None for key in derived), line
    pink = next(c for c in quota["categories"] if c["category"] == "pink")
    assert pink["pending"] is None  # two open: too few to show


def cells_of(html: str, testid: str) -> list[list[str]]:
    table = re.search(rf'data-testid="{testid}".*?</table>', html, re.S)
    assert table is not None, testid
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S)
    return [
        [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        for row in rows[1:]
    ]


def count_of(cell: str) -> int | None:
    """What the page shows: a number (perhaps with its share after it), or "skjult"."""
    if cell.startswith("skjult"):
        return None
    match = re.match(r"[\d.]+", cell)
    assert match, cell
    return int(match.group(0).replace(".", ""))


async def test_the_managers_page_and_chart_give_no_hidden_count_away(
    allocation_app: FastAPI,
    client: httpx.AsyncClient,
    officer: dict[str, str],
    fake_categorisation: FakeCategorisation,
    pages: httpx.AsyncClient,  # noqa: F811 - the fixture imported above
) -> None:
    await year_of_lettings(allocation_app, client, officer, fake_categorisation)
    await log_in(pages, "manager")
    html = (await pages.get(f"/udlejning/statistik?year={YEAR}", headers=PAGE)).text
    by_category = cells_of(html, "category-channel-table")
    overall = cells_of(html, "channel-table")
    cells = [[count_of(cell) for cell in row[1:5]] for row in by_category]
    row_totals = [count_of(row[5]) for row in by_category]
    column_totals = [count_of(row[1]) for row in overall[:4]]
    total = count_of(overall[4][1])
    assert cells[2][3] is None and column_totals[3] is None  # yellow "other", and "other" in all
    lower: dict[str, int | None] = {}
    equations, terms = table_equations("page", cells, row_totals, column_totals, total, lower)
    found = intervals(equations, lower)
    assert not {name for name, (low, high) in found.items() if low == high}
    assert_truth_within(found, terms, TRUE_TABLE)
    # The shares beside hidden counts say "skjult" too, never a figure.
    assert all(row[2].startswith("skjult") for row in overall[:4] if row[1].startswith("skjult"))
    # The chart: every channel keeps its row; a hidden one has no bar, only the word, and never a 0.
    chart = re.search(
        r'<figure class="app-chart" aria-labelledby="channel-chart-caption">.*?</figure>', html, re.S
    )
    assert chart is not None
    svg = chart.group(0)
    assert "alloc-bar-other" not in svg and "alloc-bar-flexible" in svg
    assert re.search(r'class="app-chart-value app-chart-hidden">skjult<', svg)
    assert not re.search(r'class="app-chart-value">0<', svg)
