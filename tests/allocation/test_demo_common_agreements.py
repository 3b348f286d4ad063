"""The demo's common letting agreements (services/allocation/demo.py) are composed from its own copies of
the categorisation demo's answers; read back through the real categorisation service, with its demo loaded,
they say exactly what today's data say."""

from datetime import date
from typing import Any

from services.allocation import demo as allocation_demo
from services.allocation.state import AllocationState
from services.categorisation import demo as categorisation_demo
from services.categorisation.state import CategorisationState
from services.kit.state import process_of, state_of
from tests.allocation.common_agreement_stack import Stack
from tests.allocation.factories import ok


async def _load_both(stack: Stack) -> None:
    categorisation = stack.categorisation_app
    async with process_of(categorisation).session_factory() as session:
        config = state_of(categorisation, CategorisationState).config
        municipality = process_of(categorisation).municipality
        assert await categorisation_demo.load(session, config=config, municipality=municipality) > 0
        await session.commit()
    allocation = state_of(stack.allocation_app, AllocationState)
    async with allocation.session_factory() as session:
        assert await allocation_demo.load(session, allocation.config, today=date(2026, 11, 23)) > 0
        await session.commit()


async def test_the_demo_has_an_agreed_and_a_sent_common_agreement_that_match_todays_data(
    stack: Stack, officer: dict[str, str]
) -> None:
    await _load_both(stack)
    second = allocation_demo.SECOND_ORG

    async def read(year: int, org: str = second) -> Any:
        return await ok(await stack.allocation.get(f"/v1/common-agreements/{year}/{org}", headers=officer))

    agreed, sent = await read(2025), await read(2026)

    assert (agreed["status"], agreed["version"], agreed["agreed_by"]) == ("agreed", 1, "user:officer")
    assert (sent["status"], sent["version"], sent["agreed_at"]) == ("sent", 1, None)
    for document in (agreed, sent):
        assert document["changed_since"] is False, document["year"]
        assert document["problems"] == []
        assert document["categorisation_approved"] is True
        assert [a["area_code"] for a in document["areas"]] == ["DEMO-10", "DEMO-11"]
        assert [p["title"] for p in document["area_plans"]] == [allocation_demo.AREA_PLANS[0].title]
    # The demo organisation's cannot be sent yet: Nordlys has no letting agreement, and the draft says so.
    draft = await read(2026, allocation_demo.DEMO_ORG)
    assert draft["status"] == "draft"
    assert [(p["code"], p["params"].get("area_code")) for p in draft["problems"]] == [
        ("area_without_agreement", "DEMO-12")
    ]
    rows = await ok(await stack.allocation.get("/v1/common-agreements?year=2026", headers=officer))
    assert [(r["organisation"]["code"], r["status"]) for r in rows] == [
        (allocation_demo.DEMO_ORG, "draft"),
        (second, "sent"),
    ]
