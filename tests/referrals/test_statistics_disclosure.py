"""No hidden count can be worked out from the managers' figures: the answer and the page are solved for
their hidden figures as a reader would (tests/disclosure.py), taking the year's total as known.

Last year, eight cases: six in March, one in May, one in July; six ended with no further action, two are
still open; eight referrals, six at level 2, one at level 5 and one at level 7.
"""

import re
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import update

from services.kit import clock
from services.kit.auth import Role
from services.kit.state import process_of
from services.referrals.models import Case, OfferReferral, Report
from tests.disclosure import Equation, Shown, assert_nothing_derivable, series_equations
from tests.referrals.conftest import assign, log_in, new_case, step, walk
from tests.support import KeyPair

YEAR = clock.today().year - 1
MONTH_OF_CASE = [3, 3, 3, 3, 3, 3, 5, 7]
LEVEL_OF_REFERRAL = [2, 2, 2, 2, 2, 2, 5, 7]


async def last_years_cases(app: FastAPI, client: httpx.AsyncClient, caseworker: dict[str, str]) -> None:
    case_ids = [(await new_case(client, caseworker))["id"] for _ in MONTH_OF_CASE]
    for case_id in case_ids[:6]:
        await assign(client, caseworker, case_id)
        await walk(client, caseworker, case_id, "assessment")
        assert (await step(client, caseworker, case_id, "no_further_action")).status_code == 200
    open_case = case_ids[6]
    await assign(client, caseworker, open_case)
    await walk(client, caseworker, open_case, "assessment")
    offers = [o for o in (await client.get("/v1/offers")).json()][: len(LEVEL_OF_REFERRAL)]
    referral_ids = []
    for offer in offers:
        proposed = await client.post(
            f"/v1/cases/{open_case}/referrals", json={"offer_id": offer["id"]}, headers=caseworker
        )
        assert proposed.status_code == 201, proposed.text
        referral_ids.append(proposed.json()["id"])
    # Moved to last year, as if they had come in then.
    async with process_of(app).session_factory() as session:
        for case_id, month in zip(case_ids, MONTH_OF_CASE, strict=True):
            moment = datetime(YEAR, month, 10, 9, tzinfo=UTC)
            await session.execute(update(Case).where(Case.id == case_id).values(received_at=moment))
            await session.execute(update(Report).where(Report.case_id == case_id).values(received_at=moment))
        for referral_id, level in zip(referral_ids, LEVEL_OF_REFERRAL, strict=True):
            await session.execute(
                update(OfferReferral)
                .where(OfferReferral.id == referral_id)
                .values(level=level, created_at=datetime(YEAR, 6, 1, 9, tzinfo=UTC))
            )
        await session.commit()


def solved(
    stats: dict[str, Any], cases: int | None, referrals: int
) -> tuple[list[Equation], dict[str, int | None]]:
    """The three lists as equations. Months and outcomes add up to one figure, the year's cases: known to
    the reader when `cases` is given, else one unknown shared by both; the referrals' total taken as known."""
    lower: dict[str, int | None] = {}
    total: Shown = cases if cases is not None else None
    months, _ = series_equations("month", [m["count"] for m in stats["reports_per_month"]], total, lower)
    outcomes, _ = series_equations("outcome", list(stats["outcomes"].values()), total, lower)
    if cases is None:  # the same unknown in both lists
        months[0][-1] = outcomes[0][-1] = (-1, "cases")
        lower.pop("month[total]"), lower.pop("outcome[total]")
        lower["cases"] = 1
    levels = [r["count"] for r in stats["referrals_per_level"]]
    per_level, _ = series_equations("level", levels, referrals, lower)
    return months + outcomes + per_level, lower


async def test_the_managers_figures_give_no_hidden_count_away(
    referrals_app: FastAPI, client: httpx.AsyncClient, caseworker: dict[str, str], manager: dict[str, str]
) -> None:
    await last_years_cases(referrals_app, client, caseworker)
    stats = (await client.get(f"/v1/statistics?year={YEAR}", headers=manager)).json()
    months = {int(m["month"][5:]): m["count"] for m in stats["reports_per_month"]}
    # May and July hold one report each: two hidden 1s beside a known total would each be 1, so March goes.
    assert (months[3], months[5], months[7]) == (None, None, None)
    assert all(count == 0 for month, count in months.items() if month not in (3, 5, 7))
    assert stats["outcomes"] == {
        "referred": 0,
        "citizen_declined": 0,
        "no_further_action": None,
        "open": None,
    }
    levels = {r["level"]: r["count"] for r in stats["referrals_per_level"]}
    assert (levels[2], levels[5], levels[7]) == (None, None, None)
    equations, lower = solved(stats, len(MONTH_OF_CASE), len(LEVEL_OF_REFERRAL))
    assert_nothing_derivable(equations, lower)


async def test_the_page_and_chart_mark_a_hidden_month_and_never_draw_it_as_0(
    referrals_app: FastAPI,
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    pages: httpx.AsyncClient,
    keys: KeyPair,
) -> None:
    await last_years_cases(referrals_app, client, caseworker)
    log_in(pages, keys, Role.MANAGER)
    html = (await pages.get(f"/sager/statistik?year={YEAR}", headers={"Accept": "text/html"})).text
    chart = re.search(r"<figure class=\"app-chart\">.*?months-caption.*?</figure>", html, re.S)
    assert chart is not None
    rows = re.findall(
        r'<text x="-10"[^>]*>([^<]*)</text>\s*(.*?)(?=<text x="-10"|</svg>)', chart.group(0), re.S
    )
    drawn = {label.strip(): body for label, body in rows}
    assert len(drawn) == 12
    for month in (3, 5, 7):  # a hidden month keeps its row: no bar, and the word instead of a figure
        body = drawn[f"{month:02d}/{YEAR}"]
        assert "<rect" not in body and ">skjult<" in body and ">0<" not in body
    assert "<rect" in drawn[f"01/{YEAR}"] and ">0<" in drawn[f"01/{YEAR}"]  # a true 0 is drawn as 0
    assert "ingen bjælke" in chart.group(0)
    # The table beside the chart says "skjult" for the same months; solved, it gives nothing away.
    table = re.search(r"<table.*?</table>", html[chart.end() :], re.S)
    assert table is not None
    cells = re.findall(r'<td class="ref-num">(.*?)</td>', table.group(0), re.S)
    counts = [None if "skjult" in cell else int(cell) for cell in cells]
    assert len(counts) == 12 and [counts[2], counts[4], counts[6]] == [None, None, None]
    lower: dict[str, int | None] = {}
    equations, _ = series_equations("page", counts, 8, lower)
    assert_nothing_derivable(equations, lower)


async def test_one_report_in_each_of_five_months_hides_the_years_total_in_both_lists(
    referrals_app: FastAPI, client: httpx.AsyncClient, caseworker: dict[str, str], manager: dict[str, str]
) -> None:
    # Five hidden 1s beside a total of 5 would each be 1; the outcomes (all five closed with no further
    # action) would tell that total. So the total is hidden in both lists: the 5 of the outcomes goes too.
    case_ids = [(await new_case(client, caseworker))["id"] for _ in range(5)]
    for case_id in case_ids:
        await assign(client, caseworker, case_id)
        await walk(client, caseworker, case_id, "assessment")
        assert (await step(client, caseworker, case_id, "no_further_action")).status_code == 200
    async with process_of(referrals_app).session_factory() as session:
        for month, case_id in enumerate(case_ids, start=1):
            moment = datetime(YEAR, month, 10, 9, tzinfo=UTC)
            await session.execute(update(Case).where(Case.id == case_id).values(received_at=moment))
            await session.execute(update(Report).where(Report.case_id == case_id).values(received_at=moment))
        await session.commit()
    stats = (await client.get(f"/v1/statistics?year={YEAR}", headers=manager)).json()
    assert [m["count"] for m in stats["reports_per_month"]] == [None] * 5 + [0] * 7
    assert stats["outcomes"] == {"referred": 0, "citizen_declined": 0, "no_further_action": None, "open": 0}
    equations, lower = solved(stats, None, 0)
    assert_nothing_derivable(equations, lower)
