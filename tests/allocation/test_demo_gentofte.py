"""Gentofte's own demo (MUNICIPALITY=gentofte): small areas, local categories only, loaded by the same code as
Gladsaxe's. Both services' demos are loaded into the real categorisation service and an allocation service in
front of it; the allocation demo's copies of the categorisation and the plan must say what the categorisation
service computes, and its agreements carry Gentofte's configured shares."""

from collections.abc import AsyncIterator, Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from services.allocation import demo as allocation_demo
from services.allocation import demo_gentofte as allocation_gentofte
from services.allocation.config import AllocationSettings
from services.allocation.main import create_app as create_allocation
from services.allocation.models import CombinedLettingDecision, QuotaCounter, Vacancy
from services.allocation.state import AllocationState
from services.categorisation import demo as categorisation_demo
from services.categorisation import demo_gentofte as categorisation_gentofte
from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app as create_categorisation
from services.categorisation.state import CategorisationState
from services.kit.auth import Role
from services.kit.state import process_of, state_of
from tests.allocation.common_agreement_stack import Stack, Upstream, check_demo_common_agreements
from tests.allocation.factories import headers_for, ok
from tests.conftest import serving
from tests.support import KeyPair

DEMO_ORG, SECOND_ORG = allocation_demo.DEMO_ORG, allocation_demo.SECOND_ORG

# On one backend (tests/conftest.py): Gentofte's set goes through the same loaders as Gladsaxe's, whose tests
# run on both backends; what is checked here is the set's data.
pytestmark = pytest.mark.one_backend


@pytest.fixture
async def gentofte(
    service_settings: Callable[[type[Any]], Any],
    database_urls: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> AsyncIterator[Stack]:
    """Both services configured for Gentofte, each with its demo loaded (the allocation demo reads the
    municipality from the environment, as `python -m ops demo` does)."""
    monkeypatch.setenv("MUNICIPALITY", "gentofte")
    categorisation_app = create_categorisation(service_settings(CategorisationSettings))
    upstream = Upstream(categorisation_app)
    allocation_app = create_allocation(
        service_settings(AllocationSettings), categorisation_transport=upstream
    )
    assert process_of(categorisation_app).municipality.slug == "gentofte"
    async with (
        serving(categorisation_app, database_urls) as categorisation,
        serving(allocation_app, database_urls) as allocation,
    ):
        async with process_of(categorisation_app).session_factory() as session:
            config = state_of(categorisation_app, CategorisationState).config
            municipality = process_of(categorisation_app).municipality
            assert await categorisation_demo.load(session, config=config, municipality=municipality) == 97
            await session.commit()
        state = state_of(allocation_app, AllocationState)
        async with state.session_factory() as session:
            assert await allocation_demo.load(session, state.config, today=date(2026, 11, 23)) > 700
            await session.commit()
        yield Stack(allocation, categorisation, upstream, allocation_app, categorisation_app)


@pytest.fixture
def analyst(keys: KeyPair) -> dict[str, str]:
    return headers_for(keys, Role.ANALYST)


async def test_gentoftes_areas_are_small_local_only_and_the_allocation_copy_matches(
    gentofte: Stack, analyst: dict[str, str], officer: dict[str, str]
) -> None:
    categories: dict[str, list[str]] = {}
    for year in range(2019, 2027):
        areas = await ok(await gentofte.categorisation.get(f"/v1/years/{year}/areas", headers=analyst))
        assert all(a["area_code"].startswith("GEN-") for a in areas), year
        assert max(a["residents"] for a in areas) < 1000, year  # never on a national list (ABL § 61 a stk. 3)
        assert [a for a in areas if a["designations"]] == [], year
        for area in areas:
            categories.setdefault(area["area_code"], []).append(area["category"])
    assert {c for cs in categories.values() for c in cs} == {"yellow", "green"}
    assert categories["GEN-05"] == ["green"] * 2 + ["yellow"] * 4 + ["green"] * 2  # turns and turns back
    assert categories["GEN-13"] == ["yellow"]  # new in 2026, on a period it does not have in full
    new = await ok(await gentofte.categorisation.get("/v1/years/2026/areas/GEN-13", headers=analyst))
    assert new["provisional"] is True
    assert "period_incomplete" in {c["note_code"] for c in new["criteria"]}
    # Dyssegårdshave sits on the boundaries: two of four met, each exactly at its threshold or not at all.
    boundary = await ok(await gentofte.categorisation.get("/v1/years/2025/areas/GEN-03", headers=analyst))
    local = {c["code"]: c for c in boundary["criteria"] if c["list"] == "local"}
    assert {code: c["met"] for code, c in local.items()} == {
        "outside_labour_market": False,  # 22.0, "above 22"
        "convicted": True,  # 1.5 times the national average, "at least 1.5"
        "basic_education": False,  # 45.0, "above 45"
        "income": True,  # 74.9, "below 75"
    }
    assert local["outside_labour_market"]["value"] == local["outside_labour_market"]["threshold"] == 22.0

    assert sorted(allocation_gentofte.CATEGORISATION) == list(range(2020, 2026))
    for year, copied in allocation_gentofte.CATEGORISATION.items():
        items = await ok(
            await gentofte.categorisation.get(f"/v1/years/{year}/categorisation", headers=officer)
        )
        assert {i["status"] for i in items} == {"approved"}, year
        computed = {i["area_code"]: (i["category"], sorted(i["designations"])) for i in items}
        assert computed == {code: (c, sorted(d)) for code, (c, d) in copied.items()}, year
    names = {a.code: a.name for a in categorisation_gentofte.AREAS}
    assert dict(allocation_gentofte.NAMES) == names


async def test_the_plan_has_targets_met_and_missed_and_dialogues_of_both_kinds(
    gentofte: Stack, analyst: dict[str, str]
) -> None:
    http = gentofte.categorisation
    [plan] = await ok(await http.get("/v1/area-plans", headers=analyst))
    trend = await ok(await http.get(f"/v1/area-plans/{plan['id']}/trend", headers=analyst))

    assert (plan["published"], plan["area_codes"]) == (True, ["GEN-02", "GEN-05"])
    assert trend["years"] == [2022, 2023, 2024, 2025, 2026]
    verdicts = {(t["area_code"], t["indicator"]): [p["met"] for p in t["points"]] for t in trend["targets"]}
    assert verdicts == {
        ("GEN-02", "outside_labour_market_pct"): [True] * 5,  # 28 %, "at most 30"
        ("GEN-02", "basic_education_pct"): [False] * 5,  # 50 % falling to 45.5 %, "below 45"
        ("GEN-05", "outside_labour_market_pct"): [False, False, False, True, True],  # "at most 22"
        ("GEN-05", "income_pct_of_region"): [False, False, True, True, True],  # "at least 74"
    }
    copy = allocation_gentofte.AREA_PLANS[0]
    assert (copy.title, copy.area_codes) == (plan["title"], plan["area_codes"])

    initiatives = await ok(await http.get("/v1/initiatives", headers=analyst))
    assert sorted(i["status"] for i in initiatives) == ["ended", "idea", "planned", "running", "stopped"]
    principles = [p["code"] for p in await ok(await http.get("/v1/principles", headers=analyst))]
    assert principles == ["resident_democracy", "local_engagement", "new_communities", "attractive_areas"]
    assert {code for i in initiatives for code in i["principles"]} == set(principles)
    assert "department_board" in {p["kind"] for i in initiatives for p in i["partners"]}

    dialogues = await ok(await http.get("/v1/dialogues?year=2025", headers=analyst))
    assert sorted((d["kind"], d["organisation"]) for d in dialogues) == [
        ("co_creation", SECOND_ORG),
        ("steering", DEMO_ORG),
    ]
    [steering] = [d for d in dialogues if d["kind"] == "steering"]
    assert steering["decisions"][0]["agreement"] == {"year": 2026, "area_code": "GEN-05", "change_id": None}


async def test_the_common_agreements_match_todays_data(gentofte: Stack, officer: dict[str, str]) -> None:
    # The demo organisation's cannot be sent: Brogårdsstien, new in 2026, has no letting agreement.
    await check_demo_common_agreements(
        gentofte.allocation,
        officer,
        organisations=(DEMO_ORG, SECOND_ORG),
        areas=["GEN-02", "GEN-06", "GEN-09", "GEN-12"],
        plan_title=allocation_gentofte.AREA_PLANS[0].title,
        without_agreement="GEN-13",
    )


async def test_the_lettings_follow_gentoftes_shares_and_the_quota_counters_add_up(
    gentofte: Stack, officer: dict[str, str]
) -> None:
    http = gentofte.allocation
    state = state_of(gentofte.allocation_app, AllocationState)
    defaults = state.config.category_defaults

    years = {
        y["year"]: y for y in (await ok(await http.get("/v1/statistics/years", headers=officer)))["years"]
    }
    lettings = allocation_gentofte.MUNICIPAL_LETTINGS
    assert {y: years[y]["municipal_allocations"] for y in lettings} == lettings

    agreements = {a["area_code"]: a for a in await ok(await http.get("/v1/agreements/2026", headers=officer))}
    assert len(agreements) == 12 and "GEN-13" not in agreements
    for agreement in agreements.values():
        shares = defaults[agreement["category"]]
        assert agreement["designations"] == [] and agreement["flexible_mandatory"] is False
        assert (agreement["municipal_share_pct"], agreement["flexible_share_pct"]) == (
            shares.municipal_share_pct,
            shares.flexible_share_pct,
        )
    # The steering dialogue changes Hellerup Gårdhave's agreement: green again, still a draft.
    assert [(a, g["category"]) for a, g in agreements.items() if g["status"] == "draft"] == [
        ("GEN-05", "green")
    ]

    async with state.session_factory() as session:
        counted = {
            (area, year, channel): n
            for area, year, channel, n in await session.execute(
                select(Vacancy.area_code, Vacancy.year, Vacancy.channel, func.count()).group_by(
                    Vacancy.area_code, Vacancy.year, Vacancy.channel
                )
            )
        }
        counters = list(await session.scalars(select(QuotaCounter)))
        orders = await session.scalar(select(func.count()).select_from(CombinedLettingDecision))
    assert len(counters) == 12 * 6
    for counter in counters:
        key = (counter.area_code, counter.year)
        by_channel = {c: counted.get((*key, c), 0) for c in ("municipal", "flexible", "waiting_list")}
        assert (counter.municipal, counter.flexible, counter.waiting_list) == tuple(by_channel.values()), key
        assert counter.vacancies == sum(by_channel.values()), key
    for year in range(2021, 2026):
        assert 120 <= sum(n for (_, y, _), n in counted.items() if y == year) <= 180, year

    # No designation, so no § 51 b order and no § 51 c dispensation; seekers wish Gentofte's areas.
    assert orders == 0
    assert await ok(await http.get("/v1/dispensations", headers=officer)) == []
    seekers = await ok(await http.get("/v1/seekers", headers=officer))
    assert {a for s in seekers for a in s["area_wishes"]} == {"GEN-01", "GEN-02", "GEN-06"}
    decisions = await ok(await http.get("/v1/acute-applications", headers=officer))
    assert sorted(a["eligible"] for a in decisions) == [False, True]
    offered = await ok(await http.get("/v1/vacancies?status=offered&channel=municipal", headers=officer))
    assert [v["area_code"] for v in offered["items"]] == ["GEN-01"]
