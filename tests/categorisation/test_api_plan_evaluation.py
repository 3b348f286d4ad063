"""A target is judged on the indicator exactly as the year's categorisation measures it (CONTRACT § 8).

Boundaries of every comparator at the categorisation's own (averaged) figure, the same figure as the
area's criterion, approved or not, a year without figures, an incomplete period, small numbers, the trend
and the year's counts.
"""

import pytest

from services.kit.auth import Role
from tests.categorisation.factories import api_criterion, csv_bytes, get_json, post_csv, row, seed
from tests.categorisation.plan_factories import add_target, create_plan, evaluation

YEAR = 2024
# Two years of A1: criteria 1 and 2 are averaged over both (ABL § 61 a stk. 1), 3 and 4 are the year's own.
A1 = [
    row(
        YEAR - 1,
        "A1",
        outside_labour_market_pct=42.0,
        convicted_pct=1.25,
        basic_education_pct=50.0,
        income_pct_of_region=60.0,
    ),
    row(
        YEAR,
        "A1",
        outside_labour_market_pct=38.0,
        convicted_pct=0.75,
        basic_education_pct=52.0,
        income_pct_of_region=64.0,
    ),
]
# The figure each indicator has in the categorisation of YEAR, and the criterion code it has there.
MEASURED = {
    "outside_labour_market_pct": (40.0, "outside_labour_market", [YEAR - 1, YEAR]),
    "convicted_pct": (1.0, "convicted", [YEAR - 1, YEAR]),
    "basic_education_pct": (52.0, "basic_education", [YEAR]),
    "income_pct_of_region": (64.0, "income", [YEAR]),
}
COMPARATORS = ("<", "<=", ">", ">=")


@pytest.fixture
async def plan(client, analyst):
    await seed(client, analyst, A1)
    return await create_plan(client, analyst, period_from=YEAR - 1, period_to=2028)


@pytest.mark.parametrize("indicator", list(MEASURED))
async def test_each_comparator_at_its_boundary_on_the_averaged_figure(client, analyst, plan, indicator):
    actual, _, period = MEASURED[indicator]
    targets = {}
    for comparator in COMPARATORS:
        on = await add_target(
            client, analyst, plan["id"], indicator=indicator, comparator=comparator, value=actual
        )
        targets[on["id"]] = (comparator, "on")
    # Just beside the figure, the strict comparators hold too.
    below = await add_target(
        client, analyst, plan["id"], indicator=indicator, comparator="<", value=actual + 0.01
    )
    above = await add_target(
        client, analyst, plan["id"], indicator=indicator, comparator=">", value=actual - 0.01
    )

    result = await evaluation(client, analyst, plan["id"], YEAR)

    judged = {t["id"]: t for t in result["targets"]}
    assert result["year"] == YEAR
    for target_id, (comparator, _) in targets.items():
        assert judged[target_id]["actual"] == actual
        assert judged[target_id]["met"] is (comparator in ("<=", ">=")), comparator
        assert judged[target_id]["period_years"] == period
    assert judged[below["id"]]["met"] is True
    assert judged[above["id"]]["met"] is True


async def test_the_figure_is_the_categorisations_own_criterion_value_proposed_and_approved(
    client, analyst, plan
):
    for indicator in MEASURED:
        await add_target(client, analyst, plan["id"], indicator=indicator, comparator="<", value=50.0)

    proposed = await evaluation(client, analyst, plan["id"], YEAR)
    area = await get_json(client, analyst, f"/v1/years/{YEAR}/areas/A1")
    assert (await client.post(f"/v1/years/{YEAR}/approve", headers=analyst)).status_code == 200
    approved = await evaluation(client, analyst, plan["id"], YEAR)

    for result in (proposed, approved):
        for target in result["targets"]:
            criterion = api_criterion(area, "local", MEASURED[target["indicator"]][1])
            assert target["actual"] == criterion["value"] == MEASURED[target["indicator"]][0]
            assert target["period_years"] == criterion["period_years"]
            assert target["period_complete"] is True
    # The averaged 40.0, not the year's own 38.0: the averaging period is part of the figure.
    assert proposed["targets"][0]["actual"] == 40.0
    assert {t["provisional"] for t in proposed["targets"]} == {True}
    assert {t["provisional"] for t in approved["targets"]} == {False}


async def test_the_evaluation_follows_each_data_load_and_an_approved_year_its_snapshot(client, analyst, plan):
    target = await add_target(client, analyst, plan["id"], comparator="<", value=39.0)
    assert (await evaluation(client, analyst, plan["id"], YEAR))["targets"][0]["met"] is False

    # A corrected file for the (unapproved) year: the next read judges the new figures.
    corrected = row(YEAR, "A1", outside_labour_market_pct=34.0)
    assert (await post_csv(client, analyst, csv_bytes([corrected]))).status_code == 200
    after_load = (await evaluation(client, analyst, plan["id"], YEAR))["targets"][0]
    assert (after_load["id"], after_load["actual"], after_load["met"]) == (target["id"], 38.0, True)

    # Once approved, the year's categorisation is its snapshot: a later file changes only the proposal.
    assert (await client.post(f"/v1/years/{YEAR}/approve", headers=analyst)).status_code == 200
    assert (
        await post_csv(client, analyst, csv_bytes([row(YEAR, "A1", outside_labour_market_pct=50.0)]))
    ).status_code == 200
    approved = (await evaluation(client, analyst, plan["id"], YEAR))["targets"][0]
    assert (approved["actual"], approved["met"], approved["provisional"]) == (38.0, True, False)


async def test_a_year_without_figures_has_no_actual_and_no_verdict(client, analyst, plan):
    await add_target(client, analyst, plan["id"], comparator="<", value=40.0)

    result = await evaluation(client, analyst, plan["id"], YEAR + 1)

    [target] = result["targets"]
    assert (target["actual"], target["met"], target["provisional"]) == (None, None, True)
    assert target["period_years"] == []


async def test_an_incomplete_averaging_period_is_provisional_even_when_approved(client, analyst):
    await seed(client, analyst, [row(YEAR, "B1", outside_labour_market_pct=38.0)])
    plan = await create_plan(client, analyst, area_codes=["B1"], period_from=YEAR, period_to=2028)
    await add_target(client, analyst, plan["id"], area_code="B1", comparator="<", value=40.0)
    assert (await client.post(f"/v1/years/{YEAR}/approve", headers=analyst)).status_code == 200

    [target] = (await evaluation(client, analyst, plan["id"], YEAR))["targets"]

    # DOMAIN § 3: the previous year is missing, so the figure is this year's alone and says so.
    assert (target["actual"], target["met"]) == (38.0, True)
    assert (target["period_years"], target["period_complete"], target["provisional"]) == ([YEAR], False, True)


async def test_figures_on_fewer_than_five_persons_are_hidden_from_all_but_the_analyst(
    client, analyst, as_role
):
    # 2,000 residents × 0.2 % convicted = 4 persons.
    await seed(client, analyst, [row(y, "S1", residents=2000, convicted_pct=0.2) for y in (YEAR - 1, YEAR)])
    plan = await create_plan(client, analyst, area_codes=["S1"], period_from=YEAR, period_to=2028)
    await add_target(
        client, analyst, plan["id"], area_code="S1", indicator="convicted_pct", comparator="<", value=1.0
    )
    await add_target(client, analyst, plan["id"], area_code="S1", comparator="<", value=20.0)

    officer = await evaluation(client, as_role(Role.ALLOCATION_OFFICER), plan["id"], YEAR)
    own = await evaluation(client, analyst, plan["id"], YEAR)

    convicted, labour = officer["targets"]
    assert (convicted["actual"], convicted["suppressed"], convicted["met"]) == (None, True, True)
    assert (labour["actual"], labour["suppressed"]) == (10.0, False)  # 200 persons
    assert (own["targets"][0]["actual"], own["targets"][0]["suppressed"]) == (0.2, False)


async def test_the_trend_says_met_not_met_or_no_data_for_each_year_of_the_period(client, analyst):
    await seed(
        client,
        analyst,
        [
            row(YEAR - 1, "A1", outside_labour_market_pct=42.0),
            row(YEAR, "A1", outside_labour_market_pct=38.0),
            row(YEAR - 1, "A2", outside_labour_market_pct=30.0),
        ],
    )
    plan = await create_plan(client, analyst, area_codes=["A1", "A2"], period_from=YEAR - 1, period_to=2028)
    a1 = await add_target(client, analyst, plan["id"], comparator="<=", value=40.0)
    a2 = await add_target(client, analyst, plan["id"], area_code="A2", comparator="<=", value=40.0)

    trend = await get_json(client, analyst, f"/v1/area-plans/{plan['id']}/trend")

    # The period so far: up to the latest year with figures, not the plan's last year.
    assert trend["years"] == [YEAR - 1, YEAR]
    by_id = {t["id"]: t["points"] for t in trend["targets"]}
    assert [(p["year"], p["actual"], p["met"]) for p in by_id[a1["id"]]] == [
        (YEAR - 1, 42.0, False),
        (YEAR, 40.0, True),
    ]
    assert [(p["year"], p["actual"], p["met"]) for p in by_id[a2["id"]]] == [
        (YEAR - 1, 30.0, True),
        (YEAR, None, None),
    ]


async def test_the_year_counts_every_target_of_the_plans_covering_it(client, analyst, as_role):
    await seed(client, analyst, A1)
    current = await create_plan(client, analyst, period_from=YEAR, period_to=2028)
    await add_target(client, analyst, current["id"], comparator="<=", value=40.0)  # met (40.0)
    await add_target(client, analyst, current["id"], comparator="<", value=40.0)  # not met
    await add_target(
        client, analyst, current["id"], indicator="income_pct_of_region", comparator=">", value=60.0
    )
    ended = await create_plan(client, analyst, period_from=2019, period_to=YEAR - 1)
    await add_target(client, analyst, ended["id"], comparator="<", value=99.0, by_year=2020)  # not counted

    counts = await get_json(client, as_role(Role.MANAGER), f"/v1/years/{YEAR}/target-evaluation")
    empty = await get_json(client, analyst, f"/v1/years/{YEAR + 10}/target-evaluation")

    assert counts == {
        "year": YEAR,
        "plans": 1,
        "targets": 3,
        "met": 2,
        "not_met": 1,
        "no_data": 0,
        "provisional": True,
    }
    assert (empty["plans"], empty["targets"], empty["met"]) == (0, 0, 0)
