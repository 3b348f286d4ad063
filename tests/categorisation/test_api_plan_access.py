"""Who may read and write plans, initiatives and dialogues; the public reads published plans only."""

import pytest

from services.kit.auth import Role
from tests.categorisation.factories import get_json, row, rows, seed
from tests.categorisation.plan_factories import DIALOGUE, INITIATIVE, PLAN, add_target, create_plan
from tests.support import headers_for

YEAR = 2024
ALL_ROLES = list(Role)
WRITE_PLANS = {Role.ANALYST}
WRITE_DIALOGUES = {Role.ANALYST, Role.ALLOCATION_OFFICER}
READ_ALL = {Role.ANALYST, Role.ADMIN, Role.ALLOCATION_OFFICER, Role.SYSTEM}
# A housing organisation's client reads the plans naming it (and published ones) and its own dialogues.
READ_PLANS = READ_ALL | {Role.HOUSING_ORG}
READ_YEAR_TARGETS = READ_ALL | {Role.MANAGER}
TARGET = {"area_code": "A1", "indicator": "convicted_pct", "comparator": "<", "value": 1.0, "by_year": 2028}


def endpoints(
    plan_id: int, initiative_id: int, dialogue_id: int
) -> list[tuple[str, str, dict, set[Role], int]]:
    """(method, path, request keyword arguments, roles that may call it, its success status)."""
    return [
        ("GET", "/v1/principles", {}, READ_PLANS, 200),
        ("GET", "/v1/area-plans", {}, READ_PLANS, 200),
        ("GET", f"/v1/area-plans/{plan_id}", {}, READ_PLANS, 200),
        ("GET", f"/v1/area-plans/{plan_id}/evaluation?year={YEAR}", {}, READ_PLANS, 200),
        ("GET", f"/v1/area-plans/{plan_id}/trend", {}, READ_PLANS, 200),
        ("GET", f"/v1/years/{YEAR}/target-evaluation", {}, READ_YEAR_TARGETS, 200),
        ("POST", "/v1/area-plans", {"json": PLAN}, WRITE_PLANS, 201),
        ("PUT", f"/v1/area-plans/{plan_id}", {"json": {"visions": "Ny."}}, WRITE_PLANS, 200),
        ("POST", f"/v1/area-plans/{plan_id}/targets", {"json": TARGET}, WRITE_PLANS, 201),
        ("GET", "/v1/initiatives", {}, READ_ALL, 200),
        ("GET", f"/v1/initiatives/{initiative_id}", {}, READ_ALL, 200),
        ("POST", "/v1/initiatives", {"json": INITIATIVE}, WRITE_PLANS, 201),
        ("PUT", f"/v1/initiatives/{initiative_id}", {"json": {"status": "ended"}}, WRITE_PLANS, 200),
        ("GET", "/v1/dialogues", {}, READ_PLANS, 200),
        (
            "GET",
            f"/v1/dialogues/{dialogue_id}",
            {},
            READ_ALL,
            200,
        ),  # the client's organisation is not org-vest
        ("POST", "/v1/dialogues", {"json": DIALOGUE}, WRITE_DIALOGUES, 201),
        ("PUT", f"/v1/dialogues/{dialogue_id}", {"json": {"minutes": "Referat."}}, WRITE_DIALOGUES, 200),
    ]


@pytest.fixture
async def records(client, analyst):
    await seed(client, analyst, rows((YEAR - 1, YEAR), "A1"))
    plan = await create_plan(client, analyst, organisation_codes=["org-7"])
    initiative = await client.post("/v1/initiatives", json=INITIATIVE, headers=analyst)
    dialogue = await client.post("/v1/dialogues", json=DIALOGUE, headers=analyst)
    return plan["id"], initiative.json()["id"], dialogue.json()["id"]


@pytest.mark.parametrize("role", [None, *ALL_ROLES], ids=lambda r: r.value if r else "no-token")
async def test_access_table(client, keys, records, role):
    headers = (
        headers_for(keys, role, housing_org="org-7" if role is Role.HOUSING_ORG else None) if role else {}
    )
    wrong = []

    for method, path, kwargs, allowed, success in endpoints(*records):
        response = await client.request(method, path, headers=headers, **kwargs)
        expected = 401 if role is None else success if role in allowed else 403
        if role is Role.HOUSING_ORG and path.startswith("/v1/dialogues/") and method == "GET":
            expected = 404  # another organisation's record: not told that it exists
        if response.status_code != expected:
            wrong.append(
                f"{method} {path}: {response.status_code}, expected {expected}: {response.text[:200]}"
            )

    assert wrong == []


async def test_a_housing_organisation_reads_the_plans_naming_it_and_published_ones(client, analyst, keys):
    await seed(client, analyst, rows((YEAR,), "A1"))
    named = await create_plan(client, analyst, organisation_codes=["org-7"])
    published = await create_plan(client, analyst, published=True)
    other = await create_plan(client, analyst, organisation_codes=["org-8"])
    org7 = headers_for(keys, Role.HOUSING_ORG, housing_org="org-7")
    unbound = headers_for(keys, Role.HOUSING_ORG)

    listed = await get_json(client, org7, "/v1/area-plans?area_code=A1")

    assert sorted(p["id"] for p in listed) == sorted([named["id"], published["id"]])
    assert (await client.get(f"/v1/area-plans/{other['id']}", headers=org7)).status_code == 404
    assert (
        await client.get(f"/v1/area-plans/{other['id']}/evaluation?year={YEAR}", headers=org7)
    ).status_code == 404
    # A client that speaks for no organisation reads the published plans only.
    assert [p["id"] for p in await get_json(client, unbound, "/v1/area-plans")] == [published["id"]]


# --- the public ---------------------------------------------------------------------------------------

PUBLIC_KEYS = {
    "id",
    "title",
    "area_codes",
    "area_names",
    "period_from",
    "period_to",
    "visions",
    "requirements",
    "community",
    "targets",
    "evaluation",
}


async def test_the_public_reads_published_plans_only_without_a_token(client, analyst):
    await seed(client, analyst, rows((YEAR - 1, YEAR), "A1", outside_labour_market_pct=30.0))
    shown = await create_plan(client, analyst, published=True, title="Offentlig plan")
    hidden = await create_plan(client, analyst, published=False, title="Kladde, ikke offentlig")
    target = await add_target(client, analyst, shown["id"], comparator="<", value=35.0)
    await add_target(client, analyst, hidden["id"], comparator="<", value=35.0)

    listed = await client.get("/v1/public/area-plans")
    one = await client.get(f"/v1/public/area-plans/{shown['id']}")
    unpublished = await client.get(f"/v1/public/area-plans/{hidden['id']}")
    missing = await client.get("/v1/public/area-plans/999999")

    assert listed.status_code == 200
    assert [p["id"] for p in listed.json()] == [shown["id"]]
    assert "Kladde" not in listed.text
    assert set(one.json()) == PUBLIC_KEYS
    assert "analyst" not in one.text  # no staff names
    assert one.json()["targets"] == [{k: target[k] for k in target if k != "area_plan_id"}]
    assert one.json()["evaluation"] is None  # no approved year yet: nothing unapproved is published
    assert unpublished.status_code == missing.status_code == 404
    assert "Kladde" not in unpublished.text


async def test_a_plan_taken_off_publication_is_gone_from_the_public(client, analyst):
    await seed(client, analyst, rows((YEAR,), "A1"))
    plan = await create_plan(client, analyst, published=True)

    response = await client.put(f"/v1/area-plans/{plan['id']}", json={"published": False}, headers=analyst)

    assert response.status_code == 200
    assert (await client.get("/v1/public/area-plans")).json() == []
    assert (await client.get(f"/v1/public/area-plans/{plan['id']}")).status_code == 404


async def test_the_public_sees_the_latest_approved_evaluation_with_small_numbers_hidden(client, analyst):
    # 2,000 residents × 0.2 % = 4 persons convicted: hidden; 30 % outside the labour market: shown.
    data = [row(y, "A1", outside_labour_market_pct=30.0, convicted_pct=0.2) for y in (YEAR - 1, YEAR)]
    await seed(client, analyst, data)
    plan = await create_plan(client, analyst, published=True, period_from=YEAR - 1, period_to=2028)
    await add_target(client, analyst, plan["id"], comparator="<", value=35.0)
    await add_target(client, analyst, plan["id"], indicator="convicted_pct", comparator="<", value=1.0)
    assert (await client.post(f"/v1/years/{YEAR - 1}/approve", headers=analyst)).status_code == 200
    assert (await client.post(f"/v1/years/{YEAR}/approve", headers=analyst)).status_code == 200

    evaluation = (await client.get(f"/v1/public/area-plans/{plan['id']}")).json()["evaluation"]

    assert evaluation["year"] == YEAR
    labour, convicted = evaluation["targets"]
    assert (labour["actual"], labour["met"], labour["provisional"]) == (30.0, True, False)
    assert (convicted["actual"], convicted["suppressed"]) == (None, True)
