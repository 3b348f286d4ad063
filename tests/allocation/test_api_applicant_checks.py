"""The housing organisations' applicant check: § 51 c in transformation areas, § 51 b where ordered."""

from datetime import date
from typing import Any

import httpx
import pytest

from tests.allocation.factories import LETTING_YEAR, Clock, FakeCategorisation, ok, setup_areas


async def test_s51c_refuses_a_transformation_area_applicant_on_benefits(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    body = {"area_code": "RED-1", "receives_now": ["kontanthjaelp"], "applicant_ref": "ans-17"}
    result = await ok(await client.post("/v1/applicant-checks", json=body, headers=org_a))
    assert result["allowed"] is False and result["paragraphs"] == ["ABL § 51 c"]
    assert result["reasons"][0]["paragraph"] == "ABL § 51 c" and result["dispensation_possible"] is True
    resident = await ok(
        await client.post("/v1/applicant-checks", json={**body, "lives_in_department": True}, headers=org_a)
    )
    assert resident["allowed"] is True and resident["reasons"][0]["code"] == "resident"
    clear = await ok(await client.post("/v1/applicant-checks", json={"area_code": "RED-1"}, headers=org_a))
    assert clear["allowed"] is True and clear["reasons"][0]["code"] == "s51c_clear"


async def test_s51b_applies_only_once_the_municipality_orders_it(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    # The old flat fields still read as the applicant's own facts: dagpenge now and for 6 months.
    body = {"area_code": "YEL-1", "receives_now": ["dagpenge"], "received_6_consecutive_months": ["dagpenge"]}
    assert (await ok(await client.post("/v1/applicant-checks", json=body, headers=org_a)))["paragraphs"] == []
    await ok(
        await client.put(
            f"/v1/agreements/{LETTING_YEAR}/YEL-1",
            json={"combined_letting_ordered": True},
            headers=officer,
        )
    )
    assert (await ok(await client.post("/v1/applicant-checks", json=body, headers=org_a)))["allowed"] is True
    await ok(
        await client.put(
            f"/v1/agreements/{LETTING_YEAR}/YEL-1", json={"combined_letting_extended": True}, headers=officer
        )
    )
    refused = await ok(await client.post("/v1/applicant-checks", json=body, headers=org_a))
    assert (refused["allowed"], refused["paragraphs"]) == (False, ["ABL § 51 b"])
    # Received for 6 months but not now: a past period never refuses.
    past = {"area_code": "YEL-1", "received_6_consecutive_months": ["dagpenge"]}
    assert (await ok(await client.post("/v1/applicant-checks", json=past, headers=org_a)))["allowed"] is True


async def test_only_for_the_organisations_own_areas(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_b: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    response = await client.post("/v1/applicant-checks", json={"area_code": "RED-1"}, headers=org_b)
    assert response.status_code == 403
    assert (
        await client.post("/v1/applicant-checks", json={"area_code": "GRN-2"}, headers=org_b)
    ).status_code == 200


def receipt(benefit: str, months: int, now: bool = True) -> dict[str, Any]:
    return {"benefit": benefit, "received_now": now, "consecutive_months": months}


async def order_combined_letting(client: httpx.AsyncClient, officer: dict[str, str], **flags: bool) -> None:
    body = {"combined_letting_ordered": True, **flags}
    await ok(await client.put(f"/v1/agreements/{LETTING_YEAR}/YEL-1", json=body, headers=officer))


@pytest.mark.parametrize(
    ("household", "allowed"),
    [
        ({"applicant": {"benefits": [receipt("kontanthjaelp", 5)]}}, True),  # 5 months
        ({"applicant": {"benefits": [receipt("kontanthjaelp", 6)]}}, False),  # 6 months
        ({"applicant": {"benefits": [receipt("kontanthjaelp", 6, now=False)]}}, True),  # ended last month
        (  # the spouse's 6 months are not added to the applicant's 5, nor 3 + 3 made 6
            {
                "applicant": {"benefits": [receipt("kontanthjaelp", 3)]},
                "partner": {"relation": "spouse", "benefits": [receipt("kontanthjaelp", 3)]},
            },
            True,
        ),
        (  # the applicant's 5 months fall short, whatever the spouse receives
            {
                "applicant": {"benefits": [receipt("uddannelseshjaelp", 5)]},
                "partner": {"relation": "spouse", "benefits": [receipt("kontanthjaelp", 6)]},
            },
            True,
        ),
        (  # both, each for 6 months: "den boligsøgende og dennes eventuelle ægtefælle"
            {
                "applicant": {"benefits": [receipt("uddannelseshjaelp", 6)]},
                "partner": {"relation": "spouse", "benefits": [receipt("kontanthjaelp", 6)]},
            },
            False,
        ),
        (  # a cohabitant of 2 years who receives nothing keeps the household off the rule
            {
                "applicant": {"benefits": [receipt("overgangsydelse", 9)]},
                "partner": {"relation": "cohabitant_2_years", "benefits": []},
            },
            True,
        ),
        (  # under 2 years the cohabitant does not count: the applicant's own 9 months decide
            {
                "applicant": {"benefits": [receipt("overgangsydelse", 9)]},
                "partner": {"relation": "cohabitant_under_2_years", "benefits": []},
            },
            False,
        ),
        (  # a resident of the department with benefits is never refused
            {"lives_in_department": True, "applicant": {"benefits": [receipt("kontanthjaelp", 24)]}},
            True,
        ),
    ],
)
async def test_s51b_per_person_through_the_api(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    household: dict[str, Any],
    allowed: bool,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    await order_combined_letting(client, officer)
    body = {"area_code": "YEL-1", **household}
    result = await ok(await client.post("/v1/applicant-checks", json=body, headers=org_a))
    assert (result["allowed"], result["paragraphs"]) == (allowed, ["ABL § 51 b"])
    if household.get("partner", {}).get("relation") == "cohabitant_under_2_years":
        assert "partner_not_covered" in [r["code"] for r in result["reasons"]]


async def test_the_extension_fortidspension_now_and_dagpenge_for_6_months(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    await order_combined_letting(client, officer, combined_letting_extended=True)

    async def allowed(*benefits: dict[str, Any]) -> bool:
        body = {"area_code": "YEL-1", "applicant": {"benefits": list(benefits)}}
        return bool(
            (await ok(await client.post("/v1/applicant-checks", json=body, headers=org_a)))["allowed"]
        )

    assert await allowed(receipt("foertidspension", 1)) is False
    assert await allowed(receipt("foertidspension", 30, now=False)) is True
    assert await allowed(receipt("sygedagpenge", 5)) is True
    assert await allowed(receipt("sygedagpenge", 6)) is False


async def test_a_resident_is_never_refused_under_s51c_either(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    spouse = {"relation": "spouse", "benefits": [receipt("kontanthjaelp", 1)]}
    household = {"applicant": {"benefits": [receipt("overgangsydelse", 1)]}, "partner": spouse}
    refused = await ok(
        await client.post("/v1/applicant-checks", json={"area_code": "RED-1", **household}, headers=org_a)
    )
    assert refused["allowed"] is False
    assert [r["params"]["person"] for r in refused["reasons"]] == ["applicant", "partner"]
    body = {"area_code": "RED-1", **household, "lives_in_department": True}
    assert (await ok(await client.post("/v1/applicant-checks", json=body, headers=org_a)))["allowed"] is True


@pytest.mark.parametrize(
    "body",
    [
        {"applicant": {"benefits": [receipt("kontanthjaelp", 6)]}, "receives_now": ["kontanthjaelp"]},
        {"applicant": {"benefits": [receipt("kontanthjaelp", 6), receipt("kontanthjaelp", 2)]}},
        {"applicant": {"benefits": [receipt("kontanthjaelp", 0)]}},
        {"partner": {"relation": "friend", "benefits": []}},
        {"partner": {"benefits": []}},
    ],
)
async def test_malformed_households_are_refused(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    body: dict[str, Any],
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    response = await client.post("/v1/applicant-checks", json={"area_code": "YEL-1", **body}, headers=org_a)
    assert response.status_code == 422, response.text


async def test_the_check_uses_the_list_in_force_on_its_date(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
) -> None:
    """The 2026 list (published 1 December 2026) makes GRN-1 a transformation area; before, none."""
    await setup_areas(client, officer, fake_categorisation)
    body = {"area_code": "GRN-1", "applicant": {"benefits": [receipt("kontanthjaelp", 1)]}}
    clock.today = date(2026, 11, 30)
    before = await ok(await client.post("/v1/applicant-checks", json=body, headers=org_a))
    assert (before["allowed"], before["list_year"], before["designations_source"]) == (True, 2025, "list")

    clock.today = date(2026, 12, 1)
    unloaded = await ok(await client.post("/v1/applicant-checks", json=body, headers=org_a))
    assert (unloaded["list_year"], unloaded["designations_source"]) == (2026, "agreement")
    assert unloaded["reasons"][-1]["code"] == "list_not_loaded"

    fake_categorisation.approve(2026, {"GRN-1": ("red", ["transformation_area"])})
    await ok(await client.post("/v1/agreements/2027/from-categorisation", headers=officer))
    on_list = await ok(await client.post("/v1/applicant-checks", json=body, headers=org_a))
    assert (on_list["allowed"], on_list["list_year"], on_list["designations"]) == (
        False,
        2026,
        ["transformation_area"],
    )
    clock.today = date(2026, 11, 30)
    again = await ok(await client.post("/v1/applicant-checks", json=body, headers=org_a))
    assert again["allowed"] is True
