"""The demo data: every category and designation in its latest years, loaded once (CONTRACT § 1)."""

import pytest
from sqlalchemy import func, select

from services.categorisation import demo
from services.categorisation.models import Approval, HousingFigures
from services.categorisation.rules.model import Category, Designation
from services.categorisation.state import CategorisationState
from services.kit.state import process_of, state_of
from tests.categorisation.factories import get_json


async def _load(app) -> int:
    async with process_of(app).session_factory() as session:
        config = state_of(app, CategorisationState).config
        loaded = await demo.load(session, config=config, municipality=process_of(app).municipality)
        await session.commit()
    return loaded


async def _count(app, model) -> int:
    async with process_of(app).session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
async def demo_loaded(client, categorisation_app):
    loaded = await _load(categorisation_app)
    assert loaded > 0
    return client


async def test_loading_twice_loads_nothing_the_second_time(demo_loaded, categorisation_app):
    figures, approvals = (
        await _count(categorisation_app, HousingFigures),
        await _count(categorisation_app, Approval),
    )

    assert await _load(categorisation_app) == 0

    assert await _count(categorisation_app, HousingFigures) == figures
    assert await _count(categorisation_app, Approval) == approvals
    assert figures == 11 * 8 + 1  # eleven areas 2019-2026 and one new in 2026


@pytest.mark.parametrize(("year", "status"), [(2025, "approved"), (2026, "proposed")])
async def test_the_latest_years_cover_every_category_and_designation(demo_loaded, analyst, year, status):
    areas = await get_json(demo_loaded, analyst, f"/v1/years/{year}/areas")

    assert {a["status"] for a in areas} == {status}
    assert {a["category"] for a in areas} == {c.value for c in Category}
    assert {d for a in areas for d in a["designations"]} == {d.value for d in Designation}
    transformation = [a["area_code"] for a in areas if "transformation_area" in a["designations"]]
    assert transformation == ["DEMO-01"]


async def test_the_demo_years_and_their_state(demo_loaded, analyst):
    years = await get_json(demo_loaded, analyst, "/v1/years")

    assert [(y["year"], y["status"]) for y in years] == [
        (2026, "proposed"),
        *((year, "approved") for year in range(2025, 2018, -1)),
    ]
    for year in (2019, 2025):
        reproduction = await get_json(demo_loaded, analyst, f"/v1/years/{year}/approvals/1/reproduction")
        assert reproduction["identical"] is True, reproduction["differences"]


async def test_the_new_area_is_provisional_and_the_official_list_disagrees_once(demo_loaded, analyst):
    new = await get_json(demo_loaded, analyst, "/v1/years/2026/areas/DEMO-12")
    disagreements = await get_json(demo_loaded, analyst, "/v1/years/2025/disagreements")

    assert new["provisional"] is True
    assert "period_incomplete" in {c["note_code"] for c in new["criteria"]}
    assert [(d["area_code"], d["designation"], d["official"], d["computed"]) for d in disagreements] == [
        ("DEMO-06", "prevention_area", False, True)
    ]
