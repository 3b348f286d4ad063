"""Aggregates for managers: reports per month, time to first contact, outcomes and referrals per level,
with small numbers suppressed and no personal data at all."""

from datetime import timedelta

import httpx
from fastapi import FastAPI

from services.kit import clock
from tests.referrals.conftest import CPR, assign, execute, new_case, step, table, walk

# The service counts years and months as they are in Denmark.


async def test_small_numbers_are_suppressed(
    client: httpx.AsyncClient, caseworker: dict[str, str], manager: dict[str, str]
) -> None:
    for _ in range(3):
        await new_case(client, caseworker)
    stats = (await client.get("/v1/statistics", headers=manager)).json()
    assert stats["suppression_threshold"] == 5
    months = {m["month"]: m["count"] for m in stats["reports_per_month"]}
    assert months[f"{clock.today():%Y-%m}"] is None  # three reports: too few to show
    assert all(count in (0, None) for count in months.values())
    assert stats["first_contact"] == {"cases": 0, "median_days": None, "within_deadline_pct": None}
    assert stats["outcomes"]["open"] is None


async def test_enough_cases_are_counted(
    client: httpx.AsyncClient, caseworker: dict[str, str], manager: dict[str, str]
) -> None:
    for _ in range(6):
        case_id = (await new_case(client, caseworker))["id"]
        await assign(client, caseworker, case_id)
        await walk(client, caseworker, case_id, "assessment")
        await step(client, caseworker, case_id, "no_further_action")
    response = await client.get(f"/v1/statistics?year={clock.today().year}", headers=manager)
    stats = response.json()
    months = {m["month"]: m["count"] for m in stats["reports_per_month"]}
    assert months[f"{clock.today():%Y-%m}"] == 6
    assert stats["first_contact"]["cases"] == 6
    assert stats["first_contact"]["median_days"] == 0.0
    assert stats["first_contact"]["within_deadline_pct"] == 100.0
    assert stats["outcomes"] == {"referred": 0, "citizen_declined": 0, "no_further_action": 6, "open": 0}
    assert len(stats["referrals_per_level"]) == 9
    for secret in ("Testa", CPR, "Prøvevej", "B-"):
        assert secret not in response.text


async def test_a_past_year_has_twelve_months(client: httpx.AsyncClient, manager: dict[str, str]) -> None:
    stats = (await client.get(f"/v1/statistics?year={clock.today().year - 1}", headers=manager)).json()
    assert len(stats["reports_per_month"]) == 12
    assert (await client.get("/v1/statistics?year=1800", headers=manager)).status_code == 422


async def test_an_outcome_the_case_has_left_is_neither_kept_nor_counted(
    client: httpx.AsyncClient, caseworker: dict[str, str], manager: dict[str, str], referrals_app: FastAPI
) -> None:
    # A case that went back from an outcome while the workflow still allowed steps back: its old outcome
    # and follow-up date stayed on the row.
    case_ids = []
    for _ in range(5):
        case_id = (await new_case(client, caseworker))["id"]
        await assign(client, caseworker, case_id)
        await walk(client, caseworker, case_id, "advice_support")
        case_ids.append(case_id)
    await execute(
        referrals_app,
        f"UPDATE {table(referrals_app, 'cases')} SET outcome = 'citizen_declined', "  # noqa: S608
        "follow_up_date = :due WHERE state = 'advice_support'",
        due=(clock.today() + timedelta(days=10)).isoformat(),
    )
    stats = (await client.get("/v1/statistics", headers=manager)).json()
    assert stats["outcomes"]["citizen_declined"] == 0
    assert stats["outcomes"]["open"] == 5
    # The next step clears it: the outcome belongs to the state.
    moved = await step(client, caseworker, case_ids[0], "assessment")
    assert moved.status_code == 200, moved.text
    assert (moved.json()["outcome"], moved.json()["follow_up_date"]) == (None, None)
    case = (await client.get(f"/v1/cases/{case_ids[0]}", headers=caseworker)).json()
    assert (case["outcome"], case["follow_up_date"]) == (None, None)


async def test_a_single_small_outcome_cannot_be_worked_out_from_the_total(
    client: httpx.AsyncClient, caseworker: dict[str, str], manager: dict[str, str]
) -> None:
    # Seven cases this month: five with no further action, two still open.
    for index in range(7):
        case_id = (await new_case(client, caseworker))["id"]
        if index < 5:
            await assign(client, caseworker, case_id)
            await walk(client, caseworker, case_id, "assessment")
            await step(client, caseworker, case_id, "no_further_action")
    stats = (await client.get("/v1/statistics", headers=manager)).json()
    months = {m["month"]: m["count"] for m in stats["reports_per_month"]}
    assert months[f"{clock.today():%Y-%m}"] == 7  # the year's total is published
    outcomes = stats["outcomes"]
    assert outcomes["open"] is None  # two: too few
    # Without the second suppression: 7 - 5 - 0 - 0 = 2 open cases, for anyone to read.
    assert outcomes["no_further_action"] is None
    hidden = [key for key, count in outcomes.items() if count is None]
    assert len(hidden) >= 2
