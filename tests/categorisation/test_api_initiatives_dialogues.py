"""Initiatives and dialogue records through the API: the fields DOMAIN § 7 names, filters, refusals."""

from sqlalchemy import select

from services.categorisation.models import Dialogue, Initiative
from services.kit.auth import Role
from services.kit.state import process_of
from tests.categorisation.factories import get_json, rows, seed
from tests.categorisation.plan_factories import DIALOGUE, INITIATIVE, create_plan
from tests.support import headers_for

INITIATIVE_KEYS = {
    "id",
    "title",
    "description",
    "principles",
    "area_codes",
    "area_plan_id",
    "partners",
    "responsible_unit",
    "period_from",
    "period_to",
    "budget_dkk",
    "status",
    "milestones",
    "evaluation_notes",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
}
DIALOGUE_KEYS = {
    "id",
    "year",
    "organisation",
    "kind",
    "held_on",
    "participants",
    "agenda",
    "minutes",
    "decisions",
    "follow_ups",
    "created_by",
    "created_at",
    "updated_by",
    "updated_at",
}


async def _initiative(client, headers, **overrides):
    response = await client.post("/v1/initiatives", json={**INITIATIVE, **overrides}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_the_municipalitys_principles_are_served_in_their_order(client, analyst):
    principles = await get_json(client, analyst, "/v1/principles")

    # Gladsaxe (the default municipality): the four headings of its common letting agreement.
    assert [p["code"] for p in principles] == ["requirements", "visions", "community", "plan"]
    assert [p["name_da"] for p in principles] == ["Krav", "Visioner", "Fællesskab", "Plan"]
    assert {p["valid_from"] for p in principles} == {None}  # the seed gives no date


async def test_an_initiative_is_recorded_with_every_field_and_read_back(client, analyst, categorisation_app):
    await seed(client, analyst, rows((2023, 2024), "A1"))
    plan = await create_plan(client, analyst)

    made = await _initiative(client, analyst, area_plan_id=plan["id"])

    assert set(made) == INITIATIVE_KEYS
    assert {k: made[k] for k in INITIATIVE} == INITIATIVE
    assert made["area_plan_id"] == plan["id"]
    assert await get_json(client, analyst, f"/v1/initiatives/{made['id']}") == made
    async with process_of(categorisation_app).session_factory() as session:
        stored = await session.scalar(select(Initiative))
    assert stored is not None
    assert (stored.budget_dkk, stored.status, stored.principles) == (250000, "running", ["community"])
    assert stored.milestones == [{"title": "Første semester evalueret", "due_on": "2024-06-30", "done": True}]


async def test_the_list_filters_by_area_principle_status_and_partner(client, analyst):
    await seed(client, analyst, [*rows((2024,), "A1"), *rows((2024,), "A2")])
    homework = await _initiative(client, analyst)
    garden = await _initiative(
        client,
        analyst,
        title="Fælleshave",
        principles=["visions", "plan"],
        area_codes=["A2"],
        partners=[{"kind": "association", "name": "Haveforeningen Grønne Fingre"}],
        status="idea",
        period_from="2023-05-01",
    )

    async def ids(query: str) -> list[int]:
        return [i["id"] for i in await get_json(client, analyst, f"/v1/initiatives{query}")]

    assert await ids("") == [garden["id"], homework["id"]]  # earliest start first (the timeline)
    assert await ids("?area_code=A1") == [homework["id"]]
    assert await ids("?principle=plan") == [garden["id"]]
    assert await ids("?status=running") == [homework["id"]]
    assert await ids("?partner_kind=association") == [garden["id"]]
    assert await ids("?partner=grønne") == [garden["id"]]
    assert await ids("?area_code=A2&principle=community") == []


async def test_an_initiative_serves_only_the_municipalitys_principles_and_known_areas(client, analyst):
    await seed(client, analyst, rows((2024,), "A1"))

    # "beboerdemokrati" is one of Gentofte's principles, not Gladsaxe's.
    foreign = await client.post(
        "/v1/initiatives", json={**INITIATIVE, "principles": ["resident_democracy"]}, headers=analyst
    )
    unknown_area = await client.post(
        "/v1/initiatives", json={**INITIATIVE, "area_codes": ["ZZ"]}, headers=analyst
    )
    no_plan = await client.post("/v1/initiatives", json={**INITIATIVE, "area_plan_id": 999}, headers=analyst)
    backwards = await client.post(
        "/v1/initiatives", json={**INITIATIVE, "period_to": "2023-01-01"}, headers=analyst
    )
    bad_status = await client.post(
        "/v1/initiatives", json={**INITIATIVE, "status": "paused"}, headers=analyst
    )
    person = await client.post(
        "/v1/initiatives",
        json={**INITIATIVE, "partners": [{"kind": "resident", "name": "x"}]},
        headers=analyst,
    )

    assert foreign.status_code == 422
    assert foreign.json()["errors"][0]["loc"] == ["body", "principles", 0]
    for response in (unknown_area, no_plan, backwards, bad_status, person):
        assert response.status_code == 422, response.text
    assert await get_json(client, analyst, "/v1/initiatives") == []


async def test_an_initiative_changes_only_the_fields_sent(client, analyst):
    await seed(client, analyst, rows((2024,), "A1"))
    made = await _initiative(client, analyst)

    response = await client.put(
        f"/v1/initiatives/{made['id']}",
        json={"status": "ended", "evaluation_notes": "Afsluttet efter plan.", "budget_dkk": None},
        headers=analyst,
    )

    assert response.status_code == 200, response.text
    read = await get_json(client, analyst, f"/v1/initiatives/{made['id']}")
    assert (read["status"], read["evaluation_notes"], read["budget_dkk"]) == (
        "ended",
        "Afsluttet efter plan.",
        None,
    )
    assert (read["title"], read["partners"]) == (made["title"], made["partners"])
    refused = await client.put(f"/v1/initiatives/{made['id']}", json={"title": None}, headers=analyst)
    assert refused.status_code == 422


# --- dialogues ---------------------------------------------------------------------------------------


async def _dialogue(client, headers, **overrides):
    response = await client.post("/v1/dialogues", json={**DIALOGUE, **overrides}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_steering_dialogue_is_recorded_and_read_back_by_year_and_organisation(
    client, analyst, as_role, categorisation_app
):
    made = await _dialogue(client, as_role(Role.ALLOCATION_OFFICER))
    await _dialogue(client, analyst, organisation="org-oest")
    await _dialogue(client, analyst, year=2023, held_on="2023-11-30")

    assert set(made) == DIALOGUE_KEYS
    assert made["decisions"] == [
        {
            "text": DIALOGUE["decisions"][0]["text"],
            "agreement": {"year": 2025, "area_code": "A1", "change_id": None},
        }
    ]
    assert made["follow_ups"] == DIALOGUE["follow_ups"]
    assert made["created_by"] == "user:allocation_officer"
    found = await get_json(client, analyst, "/v1/dialogues?year=2024&organisation=org-vest")
    assert [d["id"] for d in found] == [made["id"]]
    async with process_of(categorisation_app).session_factory() as session:
        stored = await session.scalar(select(Dialogue).where(Dialogue.id == made["id"]))
    assert stored is not None
    assert stored.participants == DIALOGUE["participants"]


async def test_the_minutes_and_decisions_are_written_after_the_meeting(client, analyst):
    made = await _dialogue(client, analyst, minutes="", decisions=[])

    response = await client.put(
        f"/v1/dialogues/{made['id']}",
        json={"minutes": "Referat.", "decisions": [{"text": "Aftalen fortsætter uændret."}]},
        headers=analyst,
    )

    assert response.status_code == 200, response.text
    read = await get_json(client, analyst, f"/v1/dialogues/{made['id']}")
    assert (read["minutes"], read["decisions"]) == (
        "Referat.",
        [{"text": "Aftalen fortsætter uændret.", "agreement": None}],
    )
    assert read["agenda"] == DIALOGUE["agenda"]


async def test_a_housing_organisation_reads_only_its_own_dialogues(client, analyst, keys):
    own = await _dialogue(client, analyst)
    other = await _dialogue(client, analyst, organisation="org-oest")
    vest = headers_for(keys, Role.HOUSING_ORG, housing_org="org-vest")

    listed = await get_json(client, vest, "/v1/dialogues")
    asked_for_other = await get_json(client, vest, "/v1/dialogues?organisation=org-oest")

    assert [d["id"] for d in listed] == [own["id"]]
    assert asked_for_other == []
    assert (await client.get(f"/v1/dialogues/{other['id']}", headers=vest)).status_code == 404
    assert (await client.get(f"/v1/dialogues/{own['id']}", headers=vest)).status_code == 200
    writes = await client.post("/v1/dialogues", json=DIALOGUE, headers=vest)
    assert writes.status_code == 403
