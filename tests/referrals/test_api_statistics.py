"""Aggregates for managers: reports per month, time to first contact, outcomes and referrals per level,
with small numbers suppressed and no personal data at all."""

from datetime import date

import httpx

from tests.referrals.conftest import CPR, assign, new_case, step

THIS_MONTH = f"{date.today():%Y-%m}"


async def test_small_numbers_are_suppressed(
    client: httpx.AsyncClient, caseworker: dict[str, str], manager: dict[str, str]
) -> None:
    for _ in range(3):
        await new_case(client, caseworker)
    stats = (await client.get("/v1/statistics", headers=manager)).json()
    assert stats["suppression_threshold"] == 5
    months = {m["month"]: m["count"] for m in stats["reports_per_month"]}
    assert months[THIS_MONTH] is None  # three reports: too few to show
    assert all(count in (0, None) for count in months.values())
    assert stats["first_contact"] == {"cases": 0, "median_days": None, "within_deadline_pct": None}
    assert stats["outcomes"]["open"] is None


async def test_enough_cases_are_counted(
    client: httpx.AsyncClient, caseworker: dict[str, str], manager: dict[str, str]
) -> None:
    for _ in range(6):
        case_id = (await new_case(client, caseworker))["id"]
        await assign(client, caseworker, case_id)
        await step(client, caseworker, case_id, "advice_support")
        await step(client, caseworker, case_id, "assessment")
        await step(client, caseworker, case_id, "no_further_action")
    response = await client.get(f"/v1/statistics?year={date.today().year}", headers=manager)
    stats = response.json()
    months = {m["month"]: m["count"] for m in stats["reports_per_month"]}
    assert months[THIS_MONTH] == 6
    assert stats["first_contact"]["cases"] == 6
    assert stats["first_contact"]["median_days"] == 0.0
    assert stats["first_contact"]["within_deadline_pct"] == 100.0
    assert stats["outcomes"] == {"referred": 0, "citizen_declined": 0, "no_further_action": 6, "open": 0}
    assert len(stats["referrals_per_level"]) == 9
    for secret in ("Testa", CPR, "Prøvevej", "B-"):
        assert secret not in response.text


async def test_a_past_year_has_twelve_months(client: httpx.AsyncClient, manager: dict[str, str]) -> None:
    stats = (await client.get(f"/v1/statistics?year={date.today().year - 1}", headers=manager)).json()
    assert len(stats["reports_per_month"]) == 12
    assert (await client.get("/v1/statistics?year=1800", headers=manager)).status_code == 422
