"""The Open Referral export against the official HSDS schemas (tests/data/hsds/README.md): every object of it,
nested ones included, with zero violations; and an address either complete or absent."""

import json
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import pytest
from fastapi import FastAPI

from services.kit.state import process_of
from services.referrals import open_referral

VERSION = "3.1"
SCHEMAS = Path(__file__).parent.parent / "data" / "hsds" / VERSION
EXPORT = "/v1/offers/open-referral"
PAGE_MEMBERS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty"}


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return loaded


@cache
def page_schema() -> dict[str, Any]:
    """The API's `Page`, with `contents` as `GET /services` gives it (the API names the schemas by URL)."""
    page: dict[str, Any] = schema("openapi.json")["components"]["schemas"]["Page"]
    return {**page, "properties": {**page["properties"], "contents": {"type": "array"}}}


def violations(instance: object, against: dict[str, Any]) -> list[str]:
    validator = jsonschema_rs.validator_for(against, validate_formats=True)
    return [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator.iter_errors(instance)]


def undescribed(instance: object, against: dict[str, Any], path: str = "") -> list[str]:
    """Members the schema does not define, anywhere below: nothing in the export escapes validation."""
    found: list[str] = []
    if isinstance(instance, dict):
        properties = against.get("properties", {})
        for key, value in instance.items():
            if key not in properties:
                found.append(f"{path}/{key}")
            else:
                found += undescribed(value, properties[key], f"{path}/{key}")
    elif isinstance(instance, list):
        for index, item in enumerate(instance):
            found += undescribed(item, against.get("items", {}), f"{path}/{index}")
    return found


def nulls(instance: object, path: str = "") -> list[str]:
    if instance is None:
        return [path]
    if isinstance(instance, dict):
        return [hit for key, value in instance.items() for hit in nulls(value, f"{path}/{key}")]
    if isinstance(instance, list):
        return [hit for index, value in enumerate(instance) for hit in nulls(value, f"{path}/{index}")]
    return []


def offer(code: str, **fields: Any) -> dict[str, Any]:
    return {
        "code": code,
        "level": 4,
        "name_da": f"Tilbud {code}",
        "name_en": f"Offer {code}",
        "needs_assessment": True,
        "provider": "Testkommune",
        "contact_name": "Bostøtten",
        "legal_bases": [{"law": "Serviceloven", "paragraph": "§ 85", "valid_from": "1998-07-01"}],
        **fields,
    }


@pytest.fixture
async def catalogue(client: httpx.AsyncClient, admin: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The seeded ladder plus offers that use every field the export maps: a whole address, one without
    postcode and town, a capacity, e-mail, ages, and an English name equal to the Danish one."""
    added = [
        offer(
            "hele-adressen",
            location_name="Bostøtten",
            address="Rådhusvej 1, 1. sal, 2860 Søborg",
            contact_email="bostoette@example.dk",
            contact_phone="+45 12 34 56 78",
            min_age=18,
            max_age=64,
            capacity={"available": 2, "maximum": 6},
        ),
        offer("halv-adresse", location_name="Støttehuset", address="Støttevej 2"),
        offer("samme-navn", name_da="Samme navn", name_en="Samme navn", location_name="Området"),
    ]
    for body in added:
        response = await client.post("/v1/offers", json=body, headers=admin)
        assert response.status_code == 201, response.text
    response = await client.get(EXPORT, params={"per_page": 500})
    assert response.status_code == 200
    page = response.json()
    return {service["name"]: service for service in page["contents"]}


async def test_every_object_of_the_export_is_valid_hsds(
    client: httpx.AsyncClient, catalogue: dict[str, dict[str, Any]]
) -> None:
    page = (await client.get(EXPORT, params={"per_page": 500})).json()
    assert PAGE_MEMBERS | {"contents"} == set(page)
    assert violations(page, page_schema()) == []
    offers = (await client.get("/v1/offers")).json()
    assert page["total_items"] == page["size"] == len(page["contents"]) == len(offers) >= 32
    for service in page["contents"]:
        # The fully nested service (GET /services/{id}, and /services?full=true) and the one-to-one fields
        # of the plain list: the compiled schemas nest every related object, so this checks them all.
        assert violations(service, schema("service.json")) == [], service["name"]
        assert violations(service, schema("service_list.json")) == [], service["name"]
        assert undescribed(service, schema("service.json")) == [], service["name"]
    assert nulls(page) == []


async def test_the_export_uses_the_parts_of_hsds_that_carry_the_catalogue(
    catalogue: dict[str, dict[str, Any]], referrals_app: FastAPI
) -> None:
    whole = catalogue["Tilbud hele-adressen"]
    assert (whole["email"], whole["minimum_age"], whole["maximum_age"]) == ("bostoette@example.dk", 18, 64)
    assert whole["organization"]["name"] == "Testkommune"
    assert whole["organization"]["id"] == whole["organization_id"]
    assert [p["number"] for p in whole["phones"]] == ["+45 12 34 56 78"]
    assert [(c["name"], c["email"]) for c in whole["contacts"]] == [("Bostøtten", "bostoette@example.dk")]
    ((capacity),) = whole["capacities"]
    assert (capacity["available"], capacity["maximum"], capacity["unit"]["id"]) == (2, 6, capacity["unit_id"])
    terms = {a["link_type"]: a["taxonomy_term"] for a in whole["attributes"]}
    assert terms["ladder_level"]["code"] == "4"
    assert terms["ladder_level"]["taxonomy_detail"]["name"] == "Tilbudstrappen"
    assert terms["legal_basis"]["name"] == "Serviceloven § 85"
    # An address is complete: street, floor, postcode, town, the municipality's region and the country.
    ((link),) = whole["service_at_locations"]
    ((address),) = link["location"]["addresses"]
    region = open_referral.REGIONS[process_of(referrals_app).municipality.region_code]
    assert {k: v for k, v in address.items() if k not in {"id", "location_id"}} == {
        "address_1": "Rådhusvej 1",
        "address_2": "1. sal",
        "postal_code": "2860",
        "city": "Søborg",
        "state_province": region,
        "country": "DK",
        "address_type": "physical",
    }
    # … or absent: without postcode and town it is no address, and is shown only as the place's text.
    ((half),) = catalogue["Tilbud halv-adresse"]["service_at_locations"]
    assert "addresses" not in half["location"]
    assert (half["location"]["name"], half["location"]["description"]) == ("Støttehuset", "Støttevej 2")
    same = catalogue["Samme navn"]
    assert "alternate_name" not in same and "email" not in same and "minimum_age" not in same
    assert same["capacities"] == [] and same["phones"] == []


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("Rådhusvej 1, 2860 Søborg", ("Rådhusvej 1", None, "2860", "Søborg")),
        ("Vej 2, st. th., Bygning B, 8000 Aarhus C", ("Vej 2", "st. th., Bygning B", "8000", "Aarhus C")),
        ("Rådhusvej 1", None),
        ("Rådhusvej 1, Søborg", None),
        ("Rådhusvej 1, 286 Søborg", None),
        ("Rådhusvej 1, 2860", None),
        (", 2860 Søborg", None),
        ("", None),
        (None, None),
    ],
)
def test_an_address_is_split_only_when_it_is_whole(
    text: str | None, parsed: tuple[str, str | None, str, str] | None
) -> None:
    assert open_referral.danish_address(text) == parsed


async def test_the_export_is_paged_as_the_hsds_api_pages(client: httpx.AsyncClient) -> None:
    everything = (await client.get(EXPORT, params={"per_page": 500})).json()
    total = everything["total_items"]
    first = (await client.get(EXPORT, params={"per_page": 10})).json()
    assert {k: first[k] for k in PAGE_MEMBERS} == {
        "total_items": total,
        "total_pages": -(-total // 10),
        "page_number": 1,
        "size": 10,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    pages = [first] + [
        (await client.get(EXPORT, params={"per_page": 10, "page": n})).json()
        for n in range(2, first["total_pages"] + 1)
    ]
    assert [s["id"] for p in pages for s in p["contents"]] == [s["id"] for s in everything["contents"]]
    assert pages[-1]["last_page"] is True and pages[-1]["first_page"] is False
    beyond = (await client.get(EXPORT, params={"per_page": 10, "page": first["total_pages"] + 1})).json()
    assert (beyond["size"], beyond["empty"], beyond["contents"], beyond["last_page"]) == (0, True, [], True)
    assert (await client.get(EXPORT, params={"page": 0})).status_code == 422
    assert (await client.get(EXPORT, params={"per_page": 501})).status_code == 422


async def test_the_export_names_the_schema_it_follows(client: httpx.AsyncClient) -> None:
    response = await client.get(EXPORT)
    assert response.headers["link"] == (
        "<https://raw.githubusercontent.com/openreferral/specification/"
        f'{open_referral.HSDS_COMMIT}/schema/compiled/service.json>; rel="describedby"'
    )
    assert open_referral.HSDS_VERSION == VERSION
