"""Area plans and their targets through the API (CONTRACT § 8): shapes, fields sent only, refusals."""

from sqlalchemy import select

from services.categorisation.models import AreaPlan, PlanTarget
from services.kit.state import process_of
from tests.categorisation.factories import get_json, rows, seed
from tests.categorisation.plan_factories import PLAN, add_target, create_plan

PLAN_KEYS = {
    "id",
    "title",
    "area_codes",
    "area_names",
    "organisation_codes",
    "period_from",
    "period_to",
    "visions",
    "requirements",
    "community",
    "published",
    "targets",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
}
TARGET_KEYS = {"id", "area_plan_id", "area_code", "indicator", "comparator", "value", "by_year"}


async def _areas(client, analyst, *codes: str) -> None:
    await seed(
        client, analyst, [r for code in codes for r in rows((2023, 2024), code, area_name=f"Vang {code}")]
    )


async def test_a_plan_is_made_read_and_listed_in_the_contract_shape(client, analyst, categorisation_app):
    await _areas(client, analyst, "A1", "A2")

    made = await create_plan(client, analyst, area_codes=["A1", "A2", "A1"], organisation_codes=["org-vest"])

    assert set(made) == PLAN_KEYS
    assert made["area_codes"] == ["A1", "A2"]  # each once, in the order given
    assert made["area_names"] == {"A1": "Vang A1", "A2": "Vang A2"}
    assert (made["period_from"], made["period_to"], made["published"]) == (2023, 2028, False)
    assert made["targets"] == []
    assert made["created_by"] == "user:analyst"
    assert await get_json(client, analyst, f"/v1/area-plans/{made['id']}") == made
    assert [p["id"] for p in await get_json(client, analyst, "/v1/area-plans")] == [made["id"]]
    async with process_of(categorisation_app).session_factory() as session:
        stored = await session.scalar(select(AreaPlan).where(AreaPlan.id == made["id"]))
    assert stored is not None
    assert (stored.title, stored.visions, stored.area_codes) == (PLAN["title"], PLAN["visions"], ["A1", "A2"])


async def test_the_list_filters_by_area_publication_and_year(client, analyst):
    await _areas(client, analyst, "A1", "A2")
    first = await create_plan(client, analyst, area_codes=["A1"], period_from=2020, period_to=2023)
    second = await create_plan(client, analyst, area_codes=["A2"], published=True)

    async def ids(query: str) -> list[int]:
        return [p["id"] for p in await get_json(client, analyst, f"/v1/area-plans{query}")]

    assert await ids("?area_code=A1") == [first["id"]]
    assert await ids("?area_code=A1&area_code=A2") == [second["id"], first["id"]]  # newest period first
    assert await ids("?published=true") == [second["id"]]
    assert await ids("?year=2023") == [second["id"], first["id"]]
    assert await ids("?year=2024") == [second["id"]]
    assert await ids("?year=2019") == []


async def test_a_change_sends_only_its_fields(client, analyst):
    await _areas(client, analyst, "A1")
    made = await create_plan(client, analyst)

    response = await client.put(
        f"/v1/area-plans/{made['id']}", json={"visions": "Ny vision.", "published": True}, headers=analyst
    )

    assert response.status_code == 200, response.text
    changed = response.json()
    assert (changed["visions"], changed["published"]) == ("Ny vision.", True)
    assert (changed["title"], changed["requirements"]) == (made["title"], made["requirements"])
    assert (await get_json(client, analyst, f"/v1/area-plans/{made['id']}"))["visions"] == "Ny vision."


async def test_a_plan_names_areas_with_figures_and_a_period_in_order(client, analyst):
    await _areas(client, analyst, "A1")

    unknown = await client.post("/v1/area-plans", json={**PLAN, "area_codes": ["A1", "ZZ"]}, headers=analyst)
    backwards = await client.post("/v1/area-plans", json={**PLAN, "period_to": 2022}, headers=analyst)
    no_area = await client.post("/v1/area-plans", json={**PLAN, "area_codes": []}, headers=analyst)
    smuggled = await client.post("/v1/area-plans", json={**PLAN, "owner": "x"}, headers=analyst)

    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [
        {"loc": ["body", "area_codes", 1], "msg": "No housing figures have been loaded for area ZZ."}
    ]
    assert backwards.status_code == no_area.status_code == smuggled.status_code == 422
    assert await get_json(client, analyst, "/v1/area-plans") == []


async def test_targets_are_set_changed_and_removed_within_the_plans_areas_and_period(
    client, analyst, categorisation_app
):
    await _areas(client, analyst, "A1", "A2")
    plan = await create_plan(client, analyst)

    target = await add_target(client, analyst, plan["id"], comparator="<=", value=39.5)
    outside_area = await client.post(
        f"/v1/area-plans/{plan['id']}/targets",
        json={**_body(target), "area_code": "A2"},
        headers=analyst,
    )
    outside_period = await client.post(
        f"/v1/area-plans/{plan['id']}/targets", json={**_body(target), "by_year": 2029}, headers=analyst
    )
    bad_indicator = await client.post(
        f"/v1/area-plans/{plan['id']}/targets",
        json={**_body(target), "indicator": "non_western_pct"},
        headers=analyst,
    )

    assert set(target) == TARGET_KEYS
    assert (target["comparator"], target["value"], target["area_plan_id"]) == ("<=", 39.5, plan["id"])
    assert outside_area.status_code == 422
    assert outside_area.json()["errors"][0]["loc"] == ["body", "area_code"]
    assert outside_period.status_code == 422
    assert outside_period.json()["errors"][0]["loc"] == ["body", "by_year"]
    assert bad_indicator.status_code == 422
    assert (await get_json(client, analyst, f"/v1/area-plans/{plan['id']}"))["targets"] == [target]

    changed = await client.put(
        f"/v1/area-plans/{plan['id']}/targets/{target['id']}", json={"value": 38.0}, headers=analyst
    )
    assert changed.status_code == 200
    assert (changed.json()["value"], changed.json()["comparator"]) == (38.0, "<=")

    # The plan cannot lose the area or the year a target is set for.
    narrowed = await client.put(f"/v1/area-plans/{plan['id']}", json={"period_to": 2027}, headers=analyst)
    assert narrowed.status_code == 422

    removed = await client.delete(f"/v1/area-plans/{plan['id']}/targets/{target['id']}", headers=analyst)
    assert removed.status_code == 204
    async with process_of(categorisation_app).session_factory() as session:
        assert list(await session.scalars(select(PlanTarget))) == []
    gone = await client.delete(f"/v1/area-plans/{plan['id']}/targets/{target['id']}", headers=analyst)
    assert gone.status_code == 404


async def test_a_target_of_another_plan_is_not_found_through_this_one(client, analyst):
    await _areas(client, analyst, "A1")
    plan = await create_plan(client, analyst)
    other = await create_plan(client, analyst)
    target = await add_target(client, analyst, other["id"])

    response = await client.put(
        f"/v1/area-plans/{plan['id']}/targets/{target['id']}", json={"value": 1.0}, headers=analyst
    )

    assert response.status_code == 404
    assert (await get_json(client, analyst, f"/v1/area-plans/{other['id']}"))["targets"][0]["value"] == 40.0


def _body(target: dict) -> dict:
    return {k: target[k] for k in ("area_code", "indicator", "comparator", "value", "by_year")}
