"""The demo areas lie in the configured municipality: Gentofte's demo data carries kommunekode 157."""

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from services.categorisation import demo
from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app
from services.categorisation.models import Area, HousingFigures
from services.categorisation.state import CategorisationState
from services.kit.state import process_of, state_of


@pytest.fixture
def categorisation_app(
    service_settings: Callable[[type[CategorisationSettings]], CategorisationSettings],
    monkeypatch: pytest.MonkeyPatch,
) -> FastAPI:
    monkeypatch.setenv("MUNICIPALITY", "gentofte")
    return create_app(service_settings(CategorisationSettings))


async def _places(app: FastAPI) -> set[tuple[int, int]]:
    async with process_of(app).session_factory() as session:
        figures = set(
            (
                await session.execute(select(HousingFigures.municipality_code, HousingFigures.region_code))
            ).all()
        )
        areas = set((await session.execute(select(Area.municipality_code, Area.region_code))).all())
    return figures | areas


@pytest.mark.parametrize("passed", [True, False], ids=["app-municipality", "from-environment"])
async def test_gentofte_demo_data_carries_gentoftes_codes(client, categorisation_app, passed):
    municipality = process_of(categorisation_app).municipality
    assert (municipality.code, municipality.region_code) == (157, 1084)

    async with process_of(categorisation_app).session_factory() as session:
        config = state_of(categorisation_app, CategorisationState).config
        loaded = await demo.load(session, config=config, municipality=municipality if passed else None)
        await session.commit()

    assert loaded > 0
    assert await _places(categorisation_app) == {(157, 1084)}
