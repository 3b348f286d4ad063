"""Statistics against hand-counted data: channel shares, quota fulfilment and forecast, suppression."""

from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from services.kit.auth import Role
from tests.allocation.factories import (
    Clock,
    FakeCategorisation,
    ok,
    report,
    seeker,
    set_share,
    setup_areas,
    vacancy,
)

# YEL-1 at 20 % municipal and 50 % flexible: of 10 vacancies, numbers 5 and 10 are municipal; of the
# other 8, every 2nd is flexible. Let as assigned, except: one waiting-list vacancy goes to internal
# transfer ("other"), municipal no. 5 is allocated, municipal no. 10 is returned and let from the waiting
# list. By hand: waiting list 4, flexible 4, municipal 1, other 1 – 10 lettings.
EXPECTED_COUNTS = {"waiting_list": 4, "flexible": 4, "municipal": 1, "other": 1}
EXPECTED_SHARES = {"waiting_list": 40.0, "flexible": 40.0, "municipal": 10.0, "other": 10.0}


async def let(
    client: httpx.AsyncClient, headers: dict[str, str], vacancy_id: int, channel: str, days: int
) -> None:
    let_on = (date(2026, 4, 1) + timedelta(days=days)).isoformat()
    await ok(
        await client.post(
            f"/v1/vacancies/{vacancy_id}/letting",
            json={"channel": channel, "let_on": let_on},
            headers=headers,
        ),
        201,
    )


@pytest.fixture
async def year_of_lettings(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
) -> list[dict[str, Any]]:
    await setup_areas(client, officer, fake_categorisation)
    await set_share(client, officer, "YEL-1", 20, 50)
    receipts = [await ok(await report(client, org_a, vacancy(f"s-{n}", "YEL-1")), 201) for n in range(1, 11)]
    channels = [r["channel"] for r in receipts]
    assert channels.count("municipal") == 2 and channels.count("flexible") == 4
    other_done = False
    for days, receipt in enumerate(receipts):
        if receipt["channel"] == "municipal":
            continue
        channel = receipt["channel"]
        if channel == "waiting_list" and not other_done:
            channel, other_done = "other", True
        await let(client, org_a, receipt["id"], channel, days)
    fifth, tenth = receipts[4], receipts[9]
    person = await ok(await client.post("/v1/seekers", json=seeker("Anna"), headers=officer), 201)
    offer = await ok(
        await client.post(
            f"/v1/vacancies/{fifth['id']}/offers", json={"seeker_id": person["id"]}, headers=officer
        ),
        201,
    )
    await ok(await client.post(f"/v1/offers/{offer['id']}/accept", headers=officer))
    await let(client, officer, fifth["id"], "municipal", 4)
    clock.today = date(2026, 4, 16)
    returned = await ok(await client.post("/v1/vacancies/return-overdue", headers=officer))
    assert [v["id"] for v in returned["returned"]] == [tenth["id"]]
    await let(client, org_a, tenth["id"], "waiting_list", 9)
    return receipts


async def test_channel_shares_are_counted_from_the_lettings(
    client: httpx.AsyncClient, officer: dict[str, str], year_of_lettings: list[dict[str, Any]]
) -> None:
    result = await ok(await client.get("/v1/statistics/channels?year=2026", headers=officer))
    assert (result["year"], result["total"]) == (2026, 10)
    assert result["counts"] == EXPECTED_COUNTS
    assert result["shares_pct"] == EXPECTED_SHARES
    assert result["by_category"]["yellow"]["counts"] == EXPECTED_COUNTS
    assert result["by_category"]["green"] == {
        "total": 0,
        "counts": dict.fromkeys(EXPECTED_COUNTS, 0),
        "shares_pct": dict.fromkeys(EXPECTED_COUNTS),
    }
    assert result["suppressed"] is False
    empty = await ok(await client.get("/v1/statistics/channels?year=2020", headers=officer))
    assert empty["total"] == 0 and empty["counts"] == dict.fromkeys(EXPECTED_COUNTS, 0)


async def test_years_show_allocations_returns_and_time_to_letting(
    client: httpx.AsyncClient, officer: dict[str, str], year_of_lettings: list[dict[str, Any]]
) -> None:
    (year,) = (await ok(await client.get("/v1/statistics/years", headers=officer)))["years"]
    assert (year["year"], year["lettings"], year["municipal_allocations"], year["returned"]) == (
        2026,
        10,
        1,
        1,
    )
    # Days from available_from to letting: 0..9, one each.
    assert (year["median_days_to_letting"], year["mean_days_to_letting"]) == (4.5, 4.5)
    assert year["days_by_channel"]["municipal"] == 4.0


async def test_quota_fulfilment_forecast_and_alerts(
    client: httpx.AsyncClient, officer: dict[str, str], year_of_lettings: list[dict[str, Any]]
) -> None:
    result = await ok(await client.get("/v1/statistics/quota?year=2026&as_of=2026-07-02", headers=officer))
    assert (result["elapsed_days"], result["year_days"], result["alert_below_pct"]) == (183, 365, 90.0)
    line = next(a for a in result["areas"] if a["area_code"] == "YEL-1")
    assert (line["vacancies"], line["due"], line["allocated"], line["pending"], line["returned"]) == (
        10,
        2,
        1,
        0,
        1,
    )
    assert line["fulfilment_pct"] == 50.0
    # 10 vacancies in 183 days: 19.9 by year end, floor(19.9 × 20 %) = 3 due; the 1 still to come is
    # filled at the rate so far (1 allocated, 1 returned): 1 + 0 + 1 × 1/2 = 1.5 of 3.
    assert (line["forecast_vacancies"], line["forecast_due"], line["forecast_allocated"]) == (19.9, 3, 1.5)
    assert line["forecast_fulfilment_pct"] == 50.0 and line["behind"] is True
    assert {(a["area_code"], a["code"]) for a in result["alerts"]} == {
        ("YEL-1", "behind"),
        ("YEL-1", "returned"),
    }
    yellow = next(c for c in result["categories"] if c["category"] == "yellow")
    assert (yellow["vacancies"], yellow["due"], yellow["allocated"]) == (10, 2, 1)
    assert result["total"]["due"] == 2
    quiet = next(a for a in result["areas"] if a["area_code"] == "GRN-1")
    assert (quiet["due"], quiet["fulfilment_pct"], quiet["behind"]) == (0, None, False)


async def test_managers_see_aggregates_only_with_small_numbers_hidden(
    client: httpx.AsyncClient, as_role, year_of_lettings: list[dict[str, Any]]
) -> None:
    manager = as_role(Role.MANAGER)
    channels = await ok(await client.get("/v1/statistics/channels?year=2026", headers=manager))
    assert channels["total"] == 10 and channels["suppressed"] is True
    assert channels["counts"] == dict.fromkeys(EXPECTED_COUNTS)  # every count is under 5
    assert channels["by_category"]["yellow"]["total"] == 10
    quota = await ok(await client.get("/v1/statistics/quota?year=2026&as_of=2026-07-02", headers=manager))
    assert quota["areas"] == [] and quota["alerts"] == [] and quota["suppressed"] is True
    assert quota["total"]["vacancies"] == 10 and quota["total"]["due"] is None
    system = await ok(await client.get("/v1/statistics/channels?year=2026", headers=as_role(Role.SYSTEM)))
    assert system["counts"] == EXPECTED_COUNTS
    for role in (Role.ADMIN, Role.ANALYST, Role.CASEWORKER, Role.HOUSING_ORG):
        assert (
            await client.get("/v1/statistics/channels?year=2026", headers=as_role(role))
        ).status_code == 403


async def test_managers_get_no_small_count_from_the_years_or_the_quota_forecast(
    client: httpx.AsyncClient, as_role, officer: dict[str, str], year_of_lettings: list[dict[str, Any]]
) -> None:
    manager = as_role(Role.MANAGER)
    (year,) = (await ok(await client.get("/v1/statistics/years", headers=manager)))["years"]
    # 10 lettings is enough to show; 1 municipal allocation and 1 returned vacancy are not.
    assert (year["lettings"], year["municipal_allocations"], year["returned"]) == (10, None, None)
    assert year["counts"] == dict.fromkeys(EXPECTED_COUNTS)
    assert year["days_by_channel"] == dict.fromkeys(EXPECTED_COUNTS)  # medians of 4 or fewer lettings
    assert year["median_days_to_letting"] is not None
    (detailed,) = (await ok(await client.get("/v1/statistics/years", headers=officer)))["years"]
    assert (detailed["municipal_allocations"], detailed["returned"]) == (1, 1)
    assert all(v is not None for v in detailed["days_by_channel"].values())

    quota = await ok(await client.get("/v1/statistics/quota?year=2026&as_of=2026-07-02", headers=manager))
    for line in (quota["total"], *quota["categories"]):
        assert line["due"] is None or line["due"] >= 5 or line["due"] == 0, line
        if line["due"] is None:  # 2 municipal due: nothing computed from it shows
            assert line["fulfilment_pct"] is None and line["forecast_fulfilment_pct"] is None, line
            assert line["forecast_vacancies"] is None and line["forecast_allocated"] is None, line
        assert line["behind"] is False  # one returned vacancy is too few to tell
    officer_quota = await ok(
        await client.get("/v1/statistics/quota?year=2026&as_of=2026-07-02", headers=officer)
    )
    assert officer_quota["total"]["forecast_fulfilment_pct"] is not None and officer_quota["total"]["behind"]


async def test_a_manager_is_not_told_a_small_yearly_total(
    client: httpx.AsyncClient,
    as_role,
    officer: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    for n in range(3):
        receipt = await ok(await report(client, officer, vacancy(f"few-{n}", "GRN-2")), 201)
        await let(client, officer, receipt["id"], receipt["channel"], n)
    manager = as_role(Role.MANAGER)
    channels = await ok(await client.get("/v1/statistics/channels?year=2026", headers=manager))
    assert channels["total"] is None and channels["suppressed"] is True
    (year,) = (await ok(await client.get("/v1/statistics/years", headers=manager)))["years"]
    assert year["lettings"] is None and year["median_days_to_letting"] is None
    assert year["mean_days_to_letting"] is None
    shown = await ok(await client.get("/v1/statistics/channels?year=2026", headers=officer))
    assert shown["total"] == 3
