"""The demo data: the municipality's figures exactly, organisations apart, loaded once (CONTRACT § 1)."""

from datetime import date

import httpx
from fastapi import FastAPI

from services.allocation import demo
from services.allocation.state import AllocationState
from services.kit.auth import Role
from services.kit.state import state_of
from tests.allocation.factories import ok


async def test_the_demo_gives_the_municipalitys_figures_and_loads_once(
    client: httpx.AsyncClient, allocation_app: FastAPI, officer: dict[str, str], as_role
) -> None:
    state = state_of(allocation_app, AllocationState)
    async with state.session_factory() as session:
        created = await demo.load(session, state.config, today=date(2026, 11, 23))
        await session.commit()
    assert created > 3000
    async with state.session_factory() as session:
        assert await demo.load(session, state.config, today=date(2026, 11, 23)) == 0

    years = {
        y["year"]: y for y in (await ok(await client.get("/v1/statistics/years", headers=officer)))["years"]
    }
    assert [years[y]["municipal_allocations"] for y in (2021, 2022, 2023)] == [155, 127, 96]
    for year in range(2021, 2026):
        shares = (await ok(await client.get(f"/v1/statistics/channels?year={year}", headers=officer)))[
            "shares_pct"
        ]
        assert 56.5 <= shares["waiting_list"] <= 58 and 21 <= shares["flexible"] <= 22.5
        assert 18 <= shares["municipal"] <= 18.8, shares

    # Agreements for 2026 from the 2025 list, with the category and designations they were made from.
    agreements = {
        a["area_code"]: a for a in await ok(await client.get("/v1/agreements/2026", headers=officer))
    }
    assert len(agreements) == 11 and "DEMO-12" not in agreements
    solbakken = agreements["DEMO-01"]
    assert (solbakken["source_year"], solbakken["category"]) == (2025, "red")
    assert "transformation_area" in solbakken["designations"]
    assert solbakken["municipal_share_pct"] == 15 and len(solbakken["flexible_criteria"]) == 3
    assert agreements["DEMO-11"]["legal_basis"] == "agreement"

    # Two organisations, each seeing only its own areas.
    org = as_role(Role.HOUSING_ORG, demo.DEMO_ORG)
    second = as_role(Role.HOUSING_ORG, demo.SECOND_ORG)
    assert len(await ok(await client.get("/v1/areas", headers=org))) == 10
    assert [a["code"] for a in await ok(await client.get("/v1/areas", headers=second))] == [
        "DEMO-10",
        "DEMO-11",
    ]
    open_page = await ok(await client.get("/v1/vacancies?status=open&limit=100", headers=second))
    assert open_page["total"] >= 1 and {v["area_code"] for v in open_page["items"]} <= {"DEMO-10", "DEMO-11"}

    # The new area has no agreement yet: its vacancies are refused with the reason.
    refused = await client.post(
        "/v1/vacancies",
        json={
            "external_id": "demo-new-1",
            "area_code": "DEMO-12",
            "dwelling_ref": "Nordlys 1",
            "rooms": 2,
            "floor_area_m2": 60,
            "monthly_rent_dkk": 6000,
            "available_from": "2026-12-01",
        },
        headers=org,
    )
    assert refused.status_code == 422

    # Open municipal vacancies have ranked candidates, one an offer awaiting reply; seekers, decisions exist.
    municipal = await ok(await client.get("/v1/vacancies?status=offered&channel=municipal", headers=officer))
    assert municipal["total"] == 1
    candidates = await ok(await client.get("/v1/vacancies?status=open&channel=municipal", headers=officer))
    banned_area = next(v for v in candidates["items"] if v["area_code"] == "DEMO-07")
    ranked = await ok(await client.get(f"/v1/vacancies/{banned_area['id']}/candidates", headers=officer))
    assert ranked["bans_checked"] == ["ABL § 59 stk. 6"]
    assert any(r["code"].startswith("ban_") for e in ranked["excluded"] for r in e["reasons"])
    assert len(await ok(await client.get("/v1/seekers", headers=officer))) == 10
    decisions = await ok(await client.get("/v1/acute-applications", headers=officer))
    assert sorted(a["eligible"] for a in decisions) == [False, True]

    # Dated ban facts: one migrated fact still to be completed; the lists are kept per list year.
    seekers = await ok(await client.get("/v1/seekers", headers=officer))
    assert [s["dates_to_complete"] for s in seekers if s["dates_to_complete"]] == [["tenancy_terminated"]]
    assert any(s["released_from_prison_on"] for s in seekers)
    assert ranked["list_year"] == 2025 and ranked["designations_source"] == "list"
    # A § 51 c dispensation recorded on a refused check in Solbakken, in the report due 1 July 2027.
    recorded = await ok(await client.get("/v1/dispensations", headers=officer))
    assert [(d["area_code"], d["granted"], d["report_year"]) for d in recorded] == [("DEMO-01", True, 2027)]
