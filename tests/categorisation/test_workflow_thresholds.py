"""Local thresholds are a political decision: per year, versioned, every change kept (DOMAIN § 4)."""

import pytest

from tests.categorisation.factories import get_json, rows, seed

YEAR = 2024
DEFAULTS = {
    "outside_labour_market_pct_above": 25.0,
    "convicted_multiple_at_least": 1.5,
    "basic_education_pct_above": 50.0,
    "income_pct_of_region_below": 70.0,
    "criteria_needed": 2,
}


def _values(version: dict) -> dict:
    return {k: version[k] for k in DEFAULTS}


async def _put(client, headers, year=YEAR, reason="Byrådets beslutning af 1. marts", **changes):
    return await client.put(
        f"/v1/years/{year}/local-thresholds", json={**DEFAULTS, **changes, "reason": reason}, headers=headers
    )


@pytest.fixture
async def seeded(client, analyst):
    # One local criterion met (labour 27 %), basic education 45 %: green under the defaults.
    await seed(
        client,
        analyst,
        rows((YEAR - 1, YEAR), "A1", outside_labour_market_pct=27.0, basic_education_pct=45.0),
    )
    return client


async def test_the_default_comes_from_the_configuration(seeded, analyst):
    (default,) = await get_json(seeded, analyst, f"/v1/years/{YEAR}/local-thresholds")

    assert _values(default) == DEFAULTS
    assert (default["version"], default["created_by"], default["created_at"]) == (0, "configuration", None)


async def test_each_change_is_a_new_version_and_history_keeps_all(seeded, analyst):
    first = await _put(seeded, analyst, basic_education_pct_above=40.0, reason="Første skærpelse")
    second = await _put(seeded, analyst, basic_education_pct_above=45.0, criteria_needed=3, reason="Anden")

    assert first.status_code == 200, first.text
    assert (first.json()["version"], first.json()["created_by"]) == (1, "user:analyst")
    assert second.json()["version"] == 2
    history = await get_json(seeded, analyst, f"/v1/years/{YEAR}/local-thresholds")
    assert [(v["version"], v["reason"]) for v in history] == [
        (0, "the municipality's default (configuration)"),
        (1, "Første skærpelse"),
        (2, "Anden"),
    ]
    assert history[1] == first.json()  # an earlier version is never rewritten
    assert _values(history[2]) == {**DEFAULTS, "basic_education_pct_above": 45.0, "criteria_needed": 3}
    assert (await get_json(seeded, analyst, f"/v1/years/{YEAR}"))["thresholds_version"] == 2


async def test_the_latest_version_decides_the_category(seeded, analyst):
    assert (await get_json(seeded, analyst, f"/v1/years/{YEAR}/areas/A1"))["category"] == "green"

    await _put(seeded, analyst, basic_education_pct_above=40.0)
    area = await get_json(seeded, analyst, f"/v1/years/{YEAR}/areas/A1")

    assert area["category"] == "yellow"
    basic = next(c for c in area["criteria"] if c["list"] == "local" and c["code"] == "basic_education")
    assert (basic["threshold"], basic["met"]) == (40.0, True)

    await _put(seeded, analyst, basic_education_pct_above=40.0, criteria_needed=3)
    assert (await get_json(seeded, analyst, f"/v1/years/{YEAR}/areas/A1"))["category"] == "green"


async def test_thresholds_belong_to_one_year(seeded, analyst):
    await _put(seeded, analyst, basic_education_pct_above=40.0)

    last_year = await get_json(seeded, analyst, f"/v1/years/{YEAR - 1}/local-thresholds")

    assert [v["version"] for v in last_year] == [0]
    assert (await get_json(seeded, analyst, f"/v1/years/{YEAR - 1}/areas/A1"))["category"] == "green"


@pytest.mark.parametrize(
    "changes",
    [
        {"reason": ""},
        {"criteria_needed": 5},
        {"criteria_needed": 0},
        {"outside_labour_market_pct_above": 100.5},
        {"convicted_multiple_at_least": 0},
    ],
)
async def test_bad_thresholds_are_422_and_store_nothing(seeded, analyst, changes):
    response = await _put(seeded, analyst, **changes)

    assert response.status_code == 422
    history = await get_json(seeded, analyst, f"/v1/years/{YEAR}/local-thresholds")
    assert [v["version"] for v in history] == [0]
