"""The demo shows the whole of DOMAIN § 7: a published plan with a target met and one missed in every year,
an initiative in every status, and a steering dialogue whose decision names the agreement it changes."""

import pytest

from services.categorisation import demo
from services.categorisation.state import CategorisationState
from services.kit.state import process_of, state_of
from tests.categorisation.factories import get_json


@pytest.fixture
async def demo_loaded(client, categorisation_app):
    async with process_of(categorisation_app).session_factory() as session:
        config = state_of(categorisation_app, CategorisationState).config
        assert (
            await demo.load(session, config=config, municipality=process_of(categorisation_app).municipality)
            > 0
        )
        await session.commit()
    return client


async def test_the_demo_plan_has_targets_met_and_missed_over_the_years(demo_loaded, analyst):
    [plan] = await get_json(demo_loaded, analyst, "/v1/area-plans")
    trend = await get_json(demo_loaded, analyst, f"/v1/area-plans/{plan['id']}/trend")

    assert plan["published"] is True
    assert trend["years"] == [2022, 2023, 2024, 2025, 2026]
    verdicts = {t["indicator"]: {p["met"] for p in t["points"]} for t in trend["targets"]}
    assert verdicts == {
        "outside_labour_market_pct": {True},  # 25.0, "at most 25"
        "basic_education_pct": {False},  # 50.0, "below 50"
        "income_pct_of_region": {True},  # 70.0, "at least 70"
    }
    provisional = [p["provisional"] for p in trend["targets"][0]["points"]]
    assert provisional == [False, False, False, False, True]  # 2026 is not approved yet
    public = (await demo_loaded.get(f"/v1/public/area-plans/{plan['id']}")).json()
    assert public["evaluation"]["year"] == 2025


async def test_the_demo_has_an_initiative_in_every_status_and_a_steering_dialogue(demo_loaded, analyst):
    initiatives = await get_json(demo_loaded, analyst, "/v1/initiatives")
    [dialogue] = await get_json(demo_loaded, analyst, "/v1/dialogues?year=2025")

    assert sorted(i["status"] for i in initiatives) == ["ended", "idea", "planned", "running", "stopped"]
    principles = {p["code"] for p in await get_json(demo_loaded, analyst, "/v1/principles")}
    assert {code for i in initiatives for code in i["principles"]} <= principles
    assert (dialogue["kind"], dialogue["organisation"]) == ("steering", "demo-boligorganisation")
    assert dialogue["decisions"][0]["agreement"] == {"year": 2026, "area_code": "DEMO-09", "change_id": None}
