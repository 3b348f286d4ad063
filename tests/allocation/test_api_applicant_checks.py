"""The housing organisations' applicant check: § 51 c in transformation areas, § 51 b where ordered."""

import httpx

from tests.allocation.factories import LETTING_YEAR, FakeCategorisation, ok, setup_areas


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
    assert resident["allowed"] is True
    clear = await ok(await client.post("/v1/applicant-checks", json={"area_code": "RED-1"}, headers=org_a))
    assert clear["allowed"] is True and clear["reasons"][0]["code"] == "s51c_clear"


async def test_s51b_applies_only_once_the_municipality_orders_it(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    body = {"area_code": "YEL-1", "received_6_consecutive_months": ["dagpenge"]}
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
