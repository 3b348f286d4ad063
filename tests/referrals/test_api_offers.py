"""The ladder of offers (DOMAIN § 6.5): seeded, public, lightest first, kept by an administrator, and
exported in the shape of the Open Referral Human Services Data Specification."""

import uuid
from collections.abc import Callable
from datetime import date, timedelta

import httpx

from services.kit.auth import Role
from tests.referrals.conftest import assign, new_case, step


async def test_the_seeded_ladder_is_public_and_lightest_first(client: httpx.AsyncClient) -> None:
    levels = (await client.get("/v1/ladder")).json()
    assert [lv["level"] for lv in levels] == list(range(1, 10))
    assert "SEL § 82 b" in levels[2]["name_en"]
    offers = (await client.get("/v1/offers")).json()
    assert [o["level"] for o in offers] == sorted(o["level"] for o in offers)
    assert {o["level"] for o in offers} == set(range(1, 10))
    by_code = {o["code"]: o for o in offers}
    individual = by_code["individuel-stoette"]
    assert (individual["legal_basis"]["law"], individual["legal_basis"]["paragraph"]) == (
        "Serviceloven",
        "§ 82 b",
    )
    assert individual["legal_basis"]["valid_from"] == "2018-01-01"
    assert individual["needs_assessment"] is False
    assert individual["capacity"]["maximum"] == 20
    long_term = by_code["laengerevarende-botilbud"]
    assert {(b["law"], b["paragraph"]) for b in long_term["legal_bases"]} == {
        ("Serviceloven", "§ 108"),
        ("Almenboligloven", "§ 105"),
    }
    assert long_term["needs_assessment"] is True
    assert all(o["contact_name"] and o["target_group_da"] for o in offers)


async def test_an_administrator_keeps_the_catalogue(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    created = await client.post(
        "/v1/offers",
        json={
            "code": "bofaellesskab",
            "level": 6,
            "name_da": "Bofællesskab med støtte",
            "name_en": "Shared housing with support",
            "needs_assessment": True,
            "provider": "Testkommune",
            "contact_name": "Bostøtten",
            "contact_phone": "+45 12 34 56 78",
            "location_name": "Bostøtten",
            "address": "Støttevej 2",
            "legal_bases": [{"law": "Serviceloven", "paragraph": "§ 85", "valid_from": "1998-07-01"}],
            "capacity": {"available": 2, "maximum": 6},
        },
        headers=admin,
    )
    assert created.status_code == 201, created.text
    offer = created.json()
    assert (offer["level"], offer["capacity"]["available"]) == (6, 2)
    changed = await client.patch(
        f"/v1/offers/{offer['id']}", json={"level": 5, "contact_email": "bo@example.org"}, headers=admin
    )
    assert (changed.json()["level"], changed.json()["contact_email"]) == (5, "bo@example.org")
    bad_capacity = await client.put(
        f"/v1/offers/{offer['id']}/capacity", json={"available": 9, "maximum": 6}, headers=admin
    )
    assert bad_capacity.status_code == 422
    capacity = await client.put(
        f"/v1/offers/{offer['id']}/capacity", json={"available": 0, "maximum": 6}, headers=admin
    )
    assert capacity.json()["capacity"]["available"] == 0

    # A new legal basis from a future date: today's basis stays until then, and both are kept.
    future = (date.today() + timedelta(days=30)).isoformat()
    basis = await client.post(
        f"/v1/offers/{offer['id']}/legal-bases",
        json={"law": "Lov om voksne", "paragraph": "§ 12", "valid_from": future},
        headers=admin,
    )
    assert basis.status_code == 201
    assert basis.json()["legal_basis"]["paragraph"] == "§ 85"
    assert [b["valid_from"] for b in basis.json()["legal_bases"]] == ["1998-07-01", future]

    hidden = await client.patch(f"/v1/offers/{offer['id']}", json={"active": False}, headers=admin)
    assert hidden.json()["active"] is False
    assert offer["id"] not in [o["id"] for o in (await client.get("/v1/offers")).json()]
    assert (await client.get(f"/v1/offers/{offer['id']}")).status_code == 404
    catalogue = (await client.get("/v1/catalogue/offers", headers=admin)).json()
    assert offer["id"] in [o["id"] for o in catalogue]


async def test_catalogue_input_is_checked(client: httpx.AsyncClient, admin: dict[str, str]) -> None:
    base = {
        "code": "x1",
        "level": 10,
        "name_da": "<b>Navn</b>",
        "name_en": "Name",
        "needs_assessment": False,
        "provider": "P",
        "contact_name": "C",
        "legal_bases": [],
    }
    response = await client.post("/v1/offers", json=base, headers=admin)
    assert response.status_code == 422
    locs = {tuple(e["loc"]) for e in response.json()["errors"]}
    assert {("body", "level"), ("body", "name_da"), ("body", "legal_bases")} <= locs
    fixed = {"code": "raadgivning", "level": 2, "name_da": "Navn", "provider": "Pp", "contact_name": "Cc"}
    basis = {"law": "SEL", "paragraph": "§ 10", "valid_from": "1998-07-01"}
    taken = await client.post("/v1/offers", json={**base, **fixed, "legal_bases": [basis]}, headers=admin)
    assert taken.status_code == 409


async def test_the_open_referral_export(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/offers/open-referral")
    assert response.status_code == 200
    hsds = response.json()
    assert hsds["hsds_version"].startswith("3.")
    offers = (await client.get("/v1/offers")).json()
    assert len(hsds["services"]) == len(offers)
    (organization,) = hsds["organizations"]
    assert organization["name"] == "Testkommune"
    terms = {t["id"]: t for t in hsds["taxonomy_terms"]}
    assert {t["code"] for t in terms.values() if t["taxonomy"] == "Tilbudstrappen"} == {
        str(n) for n in range(1, 10)
    }
    for service in hsds["services"]:
        uuid.UUID(service["id"])
        assert service["organization_id"] == organization["id"]
        assert service["status"] == "active"
        for attribute in service["attributes"]:
            assert attribute["taxonomy_term_id"] in terms
            assert attribute["link_id"] == service["id"]
        assert {a["link_type"] for a in service["attributes"]} == {"ladder_level", "legal_basis"}
    with_capacity = [s for s in hsds["services"] if s["capacities"]]
    assert with_capacity
    capacity = with_capacity[0]["capacities"][0]
    assert {"id", "unit", "available", "maximum", "updated"} <= set(capacity)
    # Stable identifiers: the same export twice names everything the same.
    assert (await client.get("/v1/offers/open-referral")).json()["services"] == hsds["services"]


async def test_a_capacity_can_be_reported_by_a_system(
    client: httpx.AsyncClient, as_role: Callable[[Role], dict[str, str]]
) -> None:
    offer = (await client.get("/v1/offers")).json()[0]
    response = await client.put(
        f"/v1/offers/{offer['id']}/capacity", json={"available": 3}, headers=as_role(Role.SYSTEM)
    )
    assert response.status_code == 200
    assert response.json()["capacity"]["available"] == 3


async def test_referrals_per_level_feed_the_statistics(
    client: httpx.AsyncClient, caseworker: dict[str, str], manager: dict[str, str]
) -> None:
    offers = {o["level"]: o["id"] for o in (await client.get("/v1/offers")).json()}
    for _ in range(5):
        case_id = (await new_case(client, caseworker))["id"]
        await assign(client, caseworker, case_id)
        await step(client, caseworker, case_id, "advice_support")
        for level in (3, 4):
            if level == 4 and _ > 0:
                continue
            response = await client.post(
                f"/v1/cases/{case_id}/referrals", json={"offer_id": offers[level]}, headers=caseworker
            )
            assert response.status_code == 201
    stats = (await client.get("/v1/statistics", headers=manager)).json()
    per_level = {row["level"]: row["count"] for row in stats["referrals_per_level"]}
    assert per_level[3] == 5
    assert per_level[4] is None  # one referral: suppressed
    assert per_level[1] == 0
