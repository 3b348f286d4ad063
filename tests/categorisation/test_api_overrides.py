"""Overrides after the dialogue (DOMAIN § 4): justified, both categories visible, withdrawable."""

import pytest

from tests.categorisation.factories import YELLOW, by_code, get_json, rows, seed

YEAR = 2024
JUSTIFICATION = "Aftalt i dialogen med boligorganisationen 12. marts: ny helhedsplan."


@pytest.fixture
async def seeded(client, analyst):
    await seed(client, analyst, [*rows((YEAR - 1, YEAR), "Y1", **YELLOW), *rows((YEAR - 1, YEAR), "G1")])
    return client


async def _override(client, headers, code, category, justification=JUSTIFICATION):
    return await client.put(
        f"/v1/years/{YEAR}/areas/{code}/override",
        json={"category": category, "justification": justification},
        headers=headers,
    )


async def test_override_keeps_the_computed_category_visible(seeded, analyst):
    response = await _override(seeded, analyst, "Y1", "green")

    assert response.status_code == 200, response.text
    area = response.json()
    assert (area["category"], area["computed_category"]) == ("green", "yellow")
    assert area["override"]["category"] == "green"
    assert area["override"]["justification"] == JUSTIFICATION
    assert area["override"]["created_by"] == "user:analyst"
    assert area["override"]["created_at"]
    assert await get_json(seeded, analyst, f"/v1/years/{YEAR}/areas/Y1") == area
    listed = by_code(await get_json(seeded, analyst, f"/v1/years/{YEAR}/areas"))
    assert (listed["Y1"]["category"], listed["Y1"]["computed_category"]) == ("green", "yellow")
    assert listed["G1"]["override"] is None
    categorisation = by_code(await get_json(seeded, analyst, f"/v1/years/{YEAR}/categorisation"))
    assert categorisation["Y1"]["category"] == "green"
    overview = await get_json(seeded, analyst, f"/v1/years/{YEAR}")
    assert overview["overrides"] == 1
    assert overview["counts"] == {"red": 0, "pink": 0, "yellow": 0, "green": 2}


async def test_withdrawing_with_null_restores_the_computed_category(seeded, analyst):
    await _override(seeded, analyst, "Y1", "red")

    response = await _override(seeded, analyst, "Y1", None, "Trukket tilbage efter ny dialog med afdelingen.")

    assert response.status_code == 200, response.text
    area = response.json()
    assert (area["category"], area["computed_category"], area["override"]) == ("yellow", "yellow", None)
    history = await get_json(seeded, analyst, f"/v1/years/{YEAR}/areas/Y1/overrides")
    assert [h["category"] for h in history] == ["red", None]
    assert history[1]["justification"].startswith("Trukket tilbage")


async def test_the_latest_override_counts(seeded, analyst):
    await _override(seeded, analyst, "G1", "yellow")
    await _override(seeded, analyst, "G1", "pink")

    area = await get_json(seeded, analyst, f"/v1/years/{YEAR}/areas/G1")

    assert (area["category"], area["computed_category"]) == ("pink", "green")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"category": "green", "justification": "for kort"}, "justification"),  # 9 characters
        ({"category": "green"}, "justification"),
        ({"category": "purple", "justification": JUSTIFICATION}, "category"),
        ({"justification": JUSTIFICATION}, "category"),
    ],
)
async def test_bad_overrides_are_422_and_change_nothing(seeded, analyst, body, field):
    response = await seeded.put(f"/v1/years/{YEAR}/areas/Y1/override", json=body, headers=analyst)

    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert ["body", field] in [e["loc"][:2] for e in response.json()["errors"]]
    area = await get_json(seeded, analyst, f"/v1/years/{YEAR}/areas/Y1")
    assert (area["category"], area["override"]) == ("yellow", None)
    assert await get_json(seeded, analyst, f"/v1/years/{YEAR}/areas/Y1/overrides") == []


async def test_ten_characters_are_enough(seeded, analyst):
    response = await _override(seeded, analyst, "Y1", "green", "0123456789")

    assert response.status_code == 200


async def test_override_of_an_area_without_figures_is_404(seeded, analyst):
    response = await _override(seeded, analyst, "NOPE", "green")

    assert response.status_code == 404
    other_year = await seeded.put(
        f"/v1/years/{YEAR + 1}/areas/Y1/override",
        json={"category": "green", "justification": JUSTIFICATION},
        headers=analyst,
    )
    assert other_year.status_code == 404
