"""ABL § 59 stk. 1-2 through the API (DOMAIN § 5.2): a municipal share above 25 % applies to vacancies only
once the agreement is agreed; while it is a draft they go at 25 %, and each vacancy's reason says so."""

from typing import Any

import httpx
import pytest

from tests.allocation.factories import LETTING_YEAR, FakeCategorisation, ok, report, setup_areas, vacancy

Y = LETTING_YEAR


async def put(client: httpx.AsyncClient, officer: dict[str, str], area: str, body: dict[str, Any]) -> Any:
    return await ok(await client.put(f"/v1/agreements/{Y}/{area}", json=body, headers=officer))


async def reported(
    client: httpx.AsyncClient, org: dict[str, str], officer: dict[str, str], external_id: str
) -> dict[str, Any]:
    receipt = await ok(await report(client, org, vacancy(external_id)), 201)
    return await ok(await client.get(f"/v1/vacancies/{receipt['id']}", headers=officer))


async def due(client: httpx.AsyncClient, officer: dict[str, str], area: str = "GRN-1") -> int:
    quota = await ok(await client.get("/v1/statistics/quota", params={"year": Y}, headers=officer))
    (line,) = [a for a in quota["areas"] if a["area_code"] == area]
    return int(line["due"])


@pytest.mark.parametrize(
    ("share", "status", "applied", "basis"),
    [
        (25, "draft", 25, "share_imposed"),
        (25.01, "draft", 25, "share_capped"),
        (25.01, "agreed", 25.01, "share_agreed"),
        (25, "agreed", 25, "share_imposed"),
        (30, "draft", 25, "share_capped"),
    ],
)
async def test_the_share_applied_at_the_boundary(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    share: float,
    status: str,
    applied: float,
    basis: str,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    agreement = await put(
        client,
        officer,
        "GRN-1",
        {
            "municipal_share_pct": share,
            "legal_basis": "agreement" if share > 25 else "imposed",
            "status": status,
        },
    )
    assert agreement["applied_municipal_share_pct"] == applied
    detail = await reported(client, org_a, officer, "b-1")
    assert (detail["municipal_share_pct"], detail["agreement_share_pct"]) == (applied, share)
    assert detail["reason_params"]["share_basis"] == basis
    assert detail["reason_params"]["applied_share"] == f"{applied:g} %"
    if basis == "share_capped":
        assert detail["reason"].endswith(
            f"The agreement's {share:g} % rests on a voluntary agreement not yet agreed, so 25 % "
            "(ABL § 59 stk. 1) was applied."
        )
        assert agreement["warnings"][0]["code"] == "share_capped"
    else:
        assert "not yet agreed" not in detail["reason"]
        assert "share_capped" not in [w["code"] for w in agreement["warnings"]]


async def test_a_draft_of_50_percent_goes_at_25_until_agreed_then_catches_up_exactly(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    await put(client, officer, "GRN-1", {"municipal_share_pct": 50, "flexible_share_pct": 0})
    # Draft: floor(n × 25 %) after n vacancies, not floor(n × 50 %).
    draft = [await reported(client, org_a, officer, f"s-{n}") for n in range(1, 5)]
    assert [v["channel"] for v in draft] == ["waiting_list"] * 3 + ["municipal"]
    # Only a municipal vacancy is held by the municipality (ABL § 59 stk. 1).
    assert [v["days_held"] is None for v in draft] == [True, True, True, False]
    assert "floor(4 × 25 %) = 1" in draft[-1]["reason"]
    assert await due(client, officer) == 1  # the quota statistics count what the draft gives: floor(4 × 25 %)
    # Agreed mid-year: from the counts so far, floor(n × 50 %) from now on.
    await put(client, officer, "GRN-1", {"status": "agreed"})
    agreed = [await reported(client, org_a, officer, f"s-{n}") for n in range(5, 9)]
    assert [v["channel"] for v in agreed] == ["municipal", "municipal", "waiting_list", "municipal"]
    assert "floor(5 × 50 %) = 2" in agreed[0]["reason"]
    assert agreed[0]["reason_params"]["share_basis"] == "share_agreed"
    tally = (await ok(await client.get(f"/v1/agreements/{Y}/GRN-1", headers=officer)))["tally"]
    assert (tally["vacancies"], tally["municipal"]) == (8, 4)  # floor(8 × 50 %)
    assert await due(client, officer) == 4
    # Back to draft: 25 % again, and nothing is due until floor(n × 25 %) passes the 4 given.
    await put(client, officer, "GRN-1", {"status": "draft"})
    again = [await reported(client, org_a, officer, f"s-{n}") for n in range(9, 13)]
    assert [v["channel"] for v in again] == ["waiting_list"] * 4
    assert again[0]["reason_params"]["share_basis"] == "share_capped"
    # The earlier vacancies keep the reasons they were given.
    first = await ok(await client.get(f"/v1/vacancies/{draft[-1]['id']}", headers=officer))
    assert first["reason_params"]["share_basis"] == "share_capped"
