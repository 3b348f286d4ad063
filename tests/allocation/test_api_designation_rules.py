"""ABL § 60 stk. 4 through the API: mandatory flexible letting and the 4-year period follow the national
designation, never the colour; a listed area is agreed only with employment or education criteria; the
rehousing share is at most every 3rd vacancy (ABL § 59 stk. 1)."""

from typing import Any

import httpx
import pytest

from tests.allocation.factories import (
    AREAS,
    EMPLOYMENT_GROUP,
    LETTING_YEAR,
    FakeCategorisation,
    ok,
    setup_areas,
)

Y = LETTING_YEAR
# After the dialogue: a prevention area overridden to yellow, a vulnerable area to green, and an area on no
# list overridden to red.
OVERRIDDEN = {
    **AREAS,
    "PINK-1": ("yellow", ["prevention_area"]),
    "RED-1": ("green", ["vulnerable_area", "parallel_society"]),
    "GRN-1": ("red", []),
}


def error_codes(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["status"] == 422 and body["detail"]
    return [e["code"] for e in body["errors"]]


async def agreement(client: httpx.AsyncClient, officer: dict[str, str], area: str) -> Any:
    return await ok(await client.get(f"/v1/agreements/{Y}/{area}", headers=officer))


@pytest.mark.parametrize("area", ["PINK-1", "RED-1"])
async def test_an_override_of_the_colour_never_switches_flexible_letting_off(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation, area: str
) -> None:
    await setup_areas(client, officer, fake_categorisation, areas=OVERRIDDEN)
    drafted = await agreement(client, officer, area)
    assert drafted["category"] in ("yellow", "green") and drafted["flexible_mandatory"] is True
    assert drafted["flexible_share_pct"] == 100
    assert (drafted["flexible_period_from"], drafted["flexible_period_to"]) == (Y, Y + 3)
    url = f"/v1/agreements/{Y}/{area}"
    assert error_codes(await client.put(url, json={"flexible_share_pct": 99.99}, headers=officer)) == [
        "flexible_mandatory"
    ]
    no_period = {"flexible_period_from": None, "flexible_period_to": None}
    assert error_codes(await client.put(url, json=no_period, headers=officer)) == ["period_missing"]
    assert error_codes(await client.put(url, json={"status": "agreed"}, headers=officer)) == [
        "criteria_employment_education"
    ]
    stored = await agreement(client, officer, area)
    assert (stored["status"], stored["flexible_share_pct"]) == ("draft", 100)
    agreed = await ok(
        await client.put(
            url, json={"status": "agreed", "flexible_criteria": [EMPLOYMENT_GROUP]}, headers=officer
        )
    )
    assert agreed["status"] == "agreed"


async def test_a_red_override_of_an_area_on_no_list_switches_nothing_on(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    await setup_areas(client, officer, fake_categorisation, areas=OVERRIDDEN)
    drafted = await agreement(client, officer, "GRN-1")
    assert (drafted["category"], drafted["flexible_mandatory"], drafted["flexible_period_from"]) == (
        "red",
        False,
        None,
    )
    url = f"/v1/agreements/{Y}/GRN-1"
    changed = await ok(await client.put(url, json={"flexible_share_pct": 40}, headers=officer))
    assert changed["flexible_share_pct"] == 40
    period = {"flexible_period_from": Y, "flexible_period_to": Y + 3}
    assert error_codes(await client.put(url, json=period, headers=officer)) == ["period_unlisted"]
    assert (await ok(await client.put(url, json={"status": "agreed"}, headers=officer)))["status"] == "agreed"


@pytest.mark.parametrize(
    ("criteria", "accepted"),
    [
        ([], False),
        ([{"code": "seniors", "share_pct": 100, "conditions": [{"code": "age_min", "value": 55}]}], False),
        (
            [
                {"code": "work", "share_pct": 0, "conditions": [{"code": "employed_months_min", "value": 6}]},
                {"code": "seniors", "share_pct": 100, "conditions": [{"code": "age_min", "value": 55}]},
            ],
            False,
        ),
        ([{"code": "students", "share_pct": 100, "conditions": [{"code": "full_time_student"}]}], True),
        (
            [
                {
                    "code": "work",
                    "share_pct": 100,
                    "conditions": [{"code": "single_hours_per_week_min", "value": 37}],
                }
            ],
            True,
        ),
    ],
)
async def test_a_listed_area_is_agreed_only_with_employment_or_education_criteria(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    fake_categorisation: FakeCategorisation,
    criteria: list[dict[str, Any]],
    accepted: bool,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    body = {"status": "agreed", "flexible_criteria": criteria}
    response = await client.put(f"/v1/agreements/{Y}/PINK-1", json=body, headers=officer)
    if accepted:
        assert (await ok(response))["status"] == "agreed"
        # Once agreed, the criteria cannot be emptied while it stays agreed.
        emptied = await client.put(
            f"/v1/agreements/{Y}/PINK-1", json={"flexible_criteria": []}, headers=officer
        )
        assert error_codes(emptied) == ["criteria_employment_education"]
    else:
        assert error_codes(response) == ["criteria_employment_education"]
        assert (await agreement(client, officer, "PINK-1"))["status"] == "draft"
    # A draft may be saved with any lawful criteria; an area off the lists is agreed without criteria.
    await ok(await client.put(f"/v1/agreements/{Y}/YEL-1", json={"status": "agreed"}, headers=officer))


@pytest.mark.parametrize(
    ("pct", "code"),
    [(0, None), (33.33, None), (33.34, "rehousing_above_limit"), (50, "rehousing_above_limit")],
)
async def test_the_rehousing_share_is_at_most_every_third_vacancy(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    fake_categorisation: FakeCategorisation,
    pct: float,
    code: str | None,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    response = await client.put(
        f"/v1/agreements/{Y}/GRN-1", json={"rehousing_share_pct": pct}, headers=officer
    )
    if code is None:
        assert (await ok(response))["rehousing_share_pct"] == pct
        assert (await agreement(client, officer, "GRN-1"))["rehousing_share_pct"] == pct
    else:
        assert error_codes(response) == [code]
        assert (await agreement(client, officer, "GRN-1"))["rehousing_share_pct"] == 0
    three_decimals = await client.put(
        f"/v1/agreements/{Y}/GRN-1", json={"rehousing_share_pct": 33.333}, headers=officer
    )
    assert three_decimals.status_code == 422
