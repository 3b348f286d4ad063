"""What-if (DOMAIN § 4): other local thresholds on the same data, the quota's move, nothing stored."""

import dataclasses

import pytest

from services.categorisation.housing import load_inputs, load_year_inputs
from services.categorisation.rules.engine import Engine
from services.categorisation.rules.model import Designation
from services.kit.state import process_of
from tests.categorisation.factories import LOCAL_DEFAULTS, PARALLEL, get_json, rows, seed

YEAR = 2024
VULNERABLE = {"outside_labour_market_pct": 45.0, "income_pct_of_region": 50.0}
# A1: labour 27 % > 25 % is one local criterion; basic education 45 % is not above 50 %: green.
DATA = [
    *rows(
        (YEAR - 1, YEAR),
        "A1",
        area_name="Ahorn",
        residents=1000,
        outside_labour_market_pct=27.0,
        basic_education_pct=45.0,
    ),
    *rows((YEAR - 1, YEAR), "B1", area_name="Bøgely", residents=3000, **VULNERABLE),
]
# Gladsaxe's default municipal shares: red 10 %, yellow 20 %, green 30 %.


@pytest.fixture
async def seeded(client, analyst):
    await seed(client, analyst, DATA)
    return client


async def _what_if(client, headers, **thresholds):
    return await client.post(f"/v1/years/{YEAR}/what-if", json=thresholds, headers=headers)


async def _state(client, headers) -> tuple:
    return (
        await get_json(client, headers, f"/v1/years/{YEAR}/areas"),
        await get_json(client, headers, f"/v1/years/{YEAR}/local-thresholds"),
        await get_json(client, headers, f"/v1/years/{YEAR}"),
        await get_json(client, headers, f"/v1/years/{YEAR}/approvals"),
    )


async def test_what_if_shows_changes_and_the_quota_move(seeded, analyst):
    response = await _what_if(seeded, analyst, basic_education_pct_above=40.0)

    assert response.status_code == 200, response.text
    result = response.json()
    assert result["changes"] == [
        {"area_code": "A1", "area_name": "Ahorn", "residents": 1000, "before": "green", "after": "yellow"}
    ]
    assert result["simulated"]["basic_education_pct_above"] == 40.0
    assert result["simulated"]["outside_labour_market_pct_above"] == 25.0  # left out: kept
    assert result["current"]["basic_education_pct_above"] == 50.0
    assert result["counts_before"] == {"red": 1, "pink": 0, "yellow": 0, "green": 1}
    assert result["counts_after"] == {"red": 1, "pink": 0, "yellow": 1, "green": 0}
    # Weighted by residents: (1000 × 30 + 3000 × 10) / 4000 before, (1000 × 20 + 3000 × 10) / 4000 after.
    assert (result["quota_before_pct"], result["quota_after_pct"]) == (15.0, 12.5)
    assert result["quota_by_category"]["yellow"] == {
        "municipal_share_pct": 20.0,
        "areas_before": 0,
        "areas_after": 1,
        "residents_before": 0,
        "residents_after": 1000,
    }


async def test_what_if_stores_nothing(seeded, analyst):
    before = await _state(seeded, analyst)

    for thresholds in ({"basic_education_pct_above": 40.0}, {"criteria_needed": 1}, {}):
        assert (await _what_if(seeded, analyst, **thresholds)).status_code == 200

    assert await _state(seeded, analyst) == before
    assert [v["version"] for v in before[1]] == [0]


async def test_what_if_with_the_current_thresholds_changes_nothing(seeded, analyst):
    result = (await _what_if(seeded, analyst)).json()

    assert result["changes"] == []
    assert result["quota_before_pct"] == result["quota_after_pct"] == 15.0


async def test_an_override_stands_in_the_what_if(seeded, analyst):
    await seeded.put(
        f"/v1/years/{YEAR}/areas/A1/override",
        json={"category": "green", "justification": "Aftalt i dialogen: området forbliver grønt."},
        headers=analyst,
    )

    result = (await _what_if(seeded, analyst, basic_education_pct_above=40.0)).json()

    assert result["changes"] == []


@pytest.mark.parametrize("body", [{"criteria_needed": 0}, {"basic_education_pct_above": 101}])
async def test_bad_what_if_is_422(seeded, analyst, body):
    response = await seeded.post(f"/v1/years/{YEAR}/what-if", json=body, headers=analyst)

    assert response.status_code == 422


async def test_what_if_for_a_year_without_data_is_404(seeded, analyst):
    response = await seeded.post("/v1/years/2010/what-if", json={}, headers=analyst)

    assert response.status_code == 404


# --- what a year's categorisation and the what-if load ----------------------------------------------


async def test_only_parallel_societies_bring_their_earlier_years_into_a_years_categorisation(
    client, analyst, categorisation_app
):
    window = range(YEAR - 6, YEAR + 1)
    data = [*rows(window, "P1", **PARALLEL), *rows(window, "V1", **VULNERABLE), *rows(window, "G1")]
    await seed(client, analyst, data)

    async with process_of(categorisation_app).session_factory() as session:
        reduced = await load_year_inputs(session, year=YEAR)
        full = await load_inputs(session, year=YEAR)

    # The parallel society keeps its transformation window; the others only the year and the one before.
    assert {y for y, codes in reduced.rows.items() if "P1" in codes} == set(window)
    assert {y for y, codes in reduced.rows.items() if "V1" in codes} == {YEAR - 1, YEAR}
    assert {y for y, codes in reduced.rows.items() if "G1" in codes} == {YEAR - 1, YEAR}
    assert (reduced.national_convicted_pct, reduced.official) == (full.national_convicted_pct, full.official)
    assert Engine(reduced).categorise(YEAR, LOCAL_DEFAULTS) == Engine(full).categorise(YEAR, LOCAL_DEFAULTS)
    by_code = {r.area_code: r for r in Engine(reduced).categorise(YEAR, LOCAL_DEFAULTS)}
    assert Designation.TRANSFORMATION_AREA in by_code["P1"].designations
    assert Engine(full).needs_lookback(YEAR) == ["P1"]


async def test_the_what_if_needs_no_year_before_the_averaging_period(client, analyst, categorisation_app):
    window = range(YEAR - 6, YEAR + 1)
    data = [*rows(window, "P1", **PARALLEL), *rows(window, "V1", **VULNERABLE), *rows(window, "G1")]
    await seed(client, analyst, data)

    async with process_of(categorisation_app).session_factory() as session:
        recent = await load_inputs(session, year=YEAR, figures_since=YEAR - 1)
        full = await load_inputs(session, year=YEAR)

    # Without its earlier years P1 is no transformation area, but it is red either way.
    options = [LOCAL_DEFAULTS, dataclasses.replace(LOCAL_DEFAULTS, criteria_needed=1)]
    assert Engine(recent).categories(YEAR, options) == Engine(full).categories(YEAR, options)
    expected = [
        tuple(Engine(full).categorise(YEAR, local)[i].computed_category for local in options)
        for i in range(3)
    ]
    assert [c.categories for c in Engine(recent).categories(YEAR, options)] == expected


async def test_an_unknown_threshold_is_refused_not_ignored(seeded, analyst):
    # "critera_needed" misspelt: silently ignoring it would simulate the default and look like an answer.
    refused = await _what_if(seeded, analyst, critera_needed=1)
    assert refused.status_code == 422
    assert [e["loc"] for e in refused.json()["errors"]] == [["body", "critera_needed"]]
