"""Every request body of every process refuses fields it does not know (docs/security.md, ASVS 15.3.3)."""

from typing import Any

import pytest
from fastapi import FastAPI

from gateway.config import GatewaySettings
from gateway.main import create_app as create_gateway
from services.allocation.config import AllocationSettings
from services.allocation.main import create_app as create_allocation
from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app as create_categorisation
from services.referrals.config import ReferralsSettings
from services.referrals.main import create_app as create_referrals

APPS = {
    "categorisation": (create_categorisation, CategorisationSettings),
    "allocation": (create_allocation, AllocationSettings),
    "referrals": (create_referrals, ReferralsSettings),
    "gateway": (create_gateway, GatewaySettings),
}


def resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def open_objects(document: dict[str, Any], schema: dict[str, Any], path: str, seen: set[str]) -> list[str]:
    """Every object schema reachable from a request body that lets unknown members through."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name in seen:
            return []
        seen.add(name)
        path = name
    schema = resolve(document, schema)
    found: list[str] = []
    properties = schema.get("properties")
    if schema.get("type") == "object" and properties is not None:
        if schema.get("additionalProperties") is not False:
            found.append(path)
        for member, inner in properties.items():
            found += open_objects(document, inner, f"{path}.{member}", seen)
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            found += open_objects(document, schema[key], f"{path}[]", seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for inner in schema.get(key, []):
            found += open_objects(document, inner, path, seen)
    return found


@pytest.mark.parametrize("name", list(APPS))
def test_every_json_request_body_forbids_unknown_fields(
    name: str, service_settings: Any, database_urls: dict[str, str]
) -> None:
    factory, settings_class = APPS[name]
    app: FastAPI = factory(service_settings(settings_class))
    document = app.openapi()
    bodies = 0
    offenders: list[str] = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            if schema is None:
                continue
            bodies += 1
            offenders += [
                f"{method.upper()} {path}: {where}" for where in open_objects(document, schema, path, set())
            ]
    if name != "gateway":
        assert bodies > 3, "found too few JSON request bodies to be looking at the right document"
    assert offenders == []
