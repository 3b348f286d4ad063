"""The ladder of offers (DOMAIN § 6.5): seeded, public, lightest first, kept by an administrator, and
exported in the shape of the Open Referral Human Services Data Specification."""

import uuid
from collections.abc import Callable
from datetime import date, timedelta

import httpx
from fastapi import FastAPI

from services.kit.auth import Role
from services.kit.state import process_of
from services.referrals import ladder
from tests.referrals.conftest import assign, execute, new_case, table, walk


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
    # The seed gives no capacity, so none is published until someone enters one.
    assert [o["code"] for o in offers if o["capacity"] is not None] == []
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
    services = response.json()["contents"]
    offers = (await client.get("/v1/offers")).json()
    assert len(services) == len(offers)
    assert {s["organization"]["name"] for s in services} == {"Testkommune"}
    levels = {
        a["taxonomy_term"]["code"]
        for s in services
        for a in s["attributes"]
        if a["taxonomy_term"]["taxonomy"] == "Tilbudstrappen"
    }
    assert levels == {str(n) for n in range(1, 10)}
    for service in services:
        uuid.UUID(service["id"])
        assert service["organization_id"] == service["organization"]["id"]
        assert service["status"] == "active"
        for attribute in service["attributes"]:
            assert attribute["taxonomy_term_id"] == attribute["taxonomy_term"]["id"]
            assert attribute["link_id"] == service["id"]
        assert {a["link_type"] for a in service["attributes"]} == {"ladder_level", "legal_basis"}
    # Nobody has entered a capacity, so the export publishes none.
    assert [s["name"] for s in services if s["capacities"]] == []
    # Stable identifiers: the same export twice names everything the same.
    assert (await client.get("/v1/offers/open-referral")).json()["contents"] == services


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
    # Level 3 five times, level 4 once and level 2 twice: two small cells whose sum (3) can be split two
    # ways, so level 3 can stay shown (two hidden 1s would each be given away by the total, kit.suppression).
    for levels in ([3, 4], [3, 2], [3, 2], [3], [3]):
        case_id = (await new_case(client, caseworker))["id"]
        await assign(client, caseworker, case_id)
        await walk(client, caseworker, case_id, "advice_support")
        for level in levels:
            response = await client.post(
                f"/v1/cases/{case_id}/referrals", json={"offer_id": offers[level]}, headers=caseworker
            )
            assert response.status_code == 201
    stats = (await client.get("/v1/statistics", headers=manager)).json()
    per_level = {row["level"]: row["count"] for row in stats["referrals_per_level"]}
    assert per_level[3] == 5
    assert per_level[4] is None  # one referral: suppressed
    assert per_level[2] is None
    assert per_level[1] == 0


async def test_a_single_small_level_takes_the_next_smallest_with_it(
    client: httpx.AsyncClient, caseworker: dict[str, str], manager: dict[str, str]
) -> None:
    offers = {o["level"]: o["id"] for o in (await client.get("/v1/offers")).json()}
    for levels in ([3, 4], [3], [3], [3], [3]):
        case_id = (await new_case(client, caseworker))["id"]
        await assign(client, caseworker, case_id)
        await walk(client, caseworker, case_id, "advice_support")
        for level in levels:
            response = await client.post(
                f"/v1/cases/{case_id}/referrals", json={"offer_id": offers[level]}, headers=caseworker
            )
            assert response.status_code == 201
    stats = (await client.get("/v1/statistics", headers=manager)).json()
    per_level = {row["level"]: row["count"] for row in stats["referrals_per_level"]}
    # One referral at level 4 would otherwise be the six referrals minus the five shown at level 3.
    assert (per_level[3], per_level[4]) == (None, None)
    assert per_level[1] == 0


SEL, SUL, ELDER = "Serviceloven", "Sundhedsloven", "Ældreloven"
# Every initiative DOMAIN § 6.5 names, with the level, the legal bases in force today and visitation the
# seed gives it.
DOMAIN_INITIATIVES: dict[str, tuple[int, set[tuple[str, str]], bool]] = {
    "civilsamfund": (1, {(SEL, "§ 18")}, False),
    "headspace": (2, {(SEL, "§ 18")}, False),
    "raadgivning": (2, {(SEL, "§ 10")}, False),
    "ungeraadgivning": (2, {(SEL, "§ 10")}, False),
    "psykologisk-ungeraadgivning": (2, {(SEL, "§ 12")}, False),
    "samvaerstilbud": (2, {(SEL, "§ 104")}, False),
    "aabne-faellesskaber": (2, {(SEL, "§ 104")}, False),
    "akuttilbud": (2, {(SEL, "§ 82 c")}, False),
    "opsoegende-omraade": (2, {(SEL, "§ 99")}, False),
    "besoegsven-stoettekontakt": (2, {(SEL, "§ 99")}, False),
    "fogedsager": (2, {(SEL, "§ 10")}, False),
    "raadgivning-samtaler": (2, {(SEL, "§ 12")}, False),
    # SEL § 79 a ended on 30 June 2025; the ældrelov paragraph is the administrator's to add.
    "forebyggende-hjemmebesoeg": (2, set(), False),
    "brobyggere": (2, {(SEL, "§ 79")}, False),
    "rusmiddelcenter": (2, {(SEL, "§ 101"), (SUL, "§ 141")}, False),
    "individuel-stoette": (3, {(SEL, "§ 82 b")}, False),
    "socialpaedagogisk-traening-tidsbegraenset": (3, {(SEL, "§ 82 b")}, False),
    "udskrivningsmentor": (3, {(SEL, "§ 82 b")}, False),
    "gruppeforloeb": (4, {(SEL, "§ 82 a")}, False),
    "gruppetraening": (4, {(SEL, "§ 82 a")}, False),
    "hjemmevejledning": (5, {(SEL, "§ 85")}, True),
    "socialpaedagogisk-traening-laengerevarende": (5, {(SEL, "§ 85")}, True),
    "hjemmehjaelp": (5, {(SEL, "§ 83"), (ELDER, "§ 10")}, True),
    "fleksibel-stoette": (6, {(SEL, "§ 85")}, True),
    "midlertidigt-botilbud": (7, {(SEL, "§ 107")}, True),
    "laengerevarende-botilbud": (8, {(SEL, "§ 108"), ("Almenboligloven", "§ 105")}, True),
    "aktivitet-samvaer": (9, {(SEL, "§ 104")}, True),
    "demens-dagtilbud": (9, {(SEL, "§ 84")}, True),
    "beskyttet-beskaeftigelse": (9, {(SEL, "§ 103")}, True),
}


async def test_every_initiative_of_domain_6_5_is_seeded_at_its_level(client: httpx.AsyncClient) -> None:
    offers = {o["code"]: o for o in (await client.get("/v1/offers")).json()}
    assert set(offers) == set(DOMAIN_INITIATIVES)
    for code, (level, in_force, assessed) in DOMAIN_INITIATIVES.items():
        offer = offers[code]
        assert offer["level"] == level, code
        assert {(b["law"], b["paragraph"]) for b in offer["legal_bases_in_force"]} == in_force, code
        assert all(b["valid_from"] for b in offer["legal_bases"]), code
        assert offer["needs_assessment"] is assessed, code
        assert offer["target_group_da"] and offer["target_group_en"], code
        assert offer["contact_name"] and offer["contact_phone"], code
    # The social-contact offer of the municipal initiatives is its own, open offer, not the assessed one.
    assert offers["samvaerstilbud"]["needs_assessment"] is False
    assert "herunder" not in offers["aktivitet-samvaer"]["description_da"]
    youth = offers["ungeraadgivning"]
    assert (youth["min_age"], youth["max_age"]) == (15, 18)


async def test_the_seed_takes_the_single_entry_from_the_configuration_and_keeps_edits(
    client: httpx.AsyncClient, referrals_app: FastAPI, admin: dict[str, str]
) -> None:
    offers = {o["code"]: o for o in (await client.get("/v1/offers")).json()}
    edited = offers["raadgivning"]
    response = await client.patch(
        f"/v1/offers/{edited['id']}", json={"description_da": "Vores egen tekst."}, headers=admin
    )
    assert response.status_code == 200
    hidden = offers["headspace"]
    await client.patch(f"/v1/offers/{hidden['id']}", json={"active": False}, headers=admin)
    # A database seeded by an older ladder: one offer of today's ladder is missing.
    offers_table = table(referrals_app, "offers")
    await execute(referrals_app, f"DELETE FROM {offers_table} WHERE code = 'fogedsager'")  # noqa: S608

    async with process_of(referrals_app).session_factory() as session:
        created = await ladder.seed(
            session,
            provider="Gentofte Kommune",
            contact_name="Socialrådgivningen",
            contact_phone="39 98 00 00",
            place=ladder.Place("Socialrådgivningen", "Rådhusvej 1", "Området (test)"),
        )
        await session.commit()
        assert created == 1
        again = await ladder.seed(
            session,
            provider="Gentofte Kommune",
            contact_name="Socialrådgivningen",
            contact_phone="39 98 00 00",
        )
        assert again == 0

    catalogue = {o["code"]: o for o in (await client.get("/v1/catalogue/offers", headers=admin)).json()}
    assert set(catalogue) == set(DOMAIN_INITIATIVES)
    assert "fogedsager" in catalogue
    # The administrator's edit and deactivation stay as they were.
    assert catalogue["raadgivning"]["description_da"] == "Vores egen tekst."
    assert catalogue["raadgivning"]["contact_name"] == "Råd & Indsats"
    assert catalogue["headspace"]["active"] is False
    # Untouched seed offers name this municipality's single entry, never Gladsaxe's.
    visits = catalogue["besoegsven-stoettekontakt"]
    assert "Socialrådgivningen" in visits["description_da"]
    assert "Socialrådgivningen" in visits["description_en"]
    assert (visits["contact_name"], visits["location_name"], visits["address"]) == (
        "Socialrådgivningen",
        "Socialrådgivningen",
        "Rådhusvej 1",
    )
    assert catalogue["opsoegende-omraade"]["location_name"] == "Området (test)"
    untouched = [o for code, o in catalogue.items() if code not in {"raadgivning", "headspace"}]
    assert not any("Råd & Indsats" in o["description_da"] + o["description_en"] for o in untouched)


def test_no_seed_text_names_a_municipality() -> None:
    for seed_offer in ladder.OFFERS:
        texts = (seed_offer.name_da, seed_offer.name_en, seed_offer.description_da, seed_offer.description_en)
        assert not any("Råd & Indsats" in text or "Gladsaxe" in text for text in texts), seed_offer.code


async def test_the_open_referral_export_has_the_offers_locations(client: httpx.AsyncClient) -> None:
    services = (await client.get("/v1/offers/open-referral")).json()["contents"]
    locations = {
        link["location"]["id"]: link["location"] for s in services for link in s["service_at_locations"]
    }
    assert locations
    assert {location["name"] for location in locations.values()} == {"Råd & Indsats"}
    at_entry = [s for s in services if s["service_at_locations"]]
    assert {s["name"] for s in at_entry} >= {"Rådgivning og vejledning", "Støtte i fogedsager"}
    for service in at_entry:
        for link in service["service_at_locations"]:
            assert link["location_id"] == link["location"]["id"]
            assert link["service_id"] == service["id"]
