"""The services' OpenAPI documents as people use them (issue 15): linted, described, with examples that hold.

Spectral (npm `@stoplight/spectral-cli`, installed by `make install`) lints each document with the ruleset in
.spectral.yaml, which extends its OpenAPI rules, and must find no error and no warning. The tests here say
what Spectral's rules cannot: every operation has an example of what it takes and of what it answers, and
every example in a document is valid against its schema. OpenAPI 3.1 schemas are JSON Schema 2020-12, so
the examples are checked by a JSON Schema validator (jsonschema_rs), with the document's $refs resolved and
formats (date, date-time, email) checked.
"""

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from services.allocation.config import AllocationSettings
from services.allocation.main import create_app as create_allocation
from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app as create_categorisation
from services.kit.errors import PROBLEM_JSON
from services.kit.settings import CommonSettings
from services.referrals.config import ReferralsSettings
from services.referrals.main import create_app as create_referrals
from tests.support import KeyPair

ROOT = Path(__file__).resolve().parents[1]
SPECTRAL = ROOT / "node_modules" / ".bin" / "spectral"
RULESET = ROOT / ".spectral.yaml"
SERVICES: dict[str, tuple[Callable[[Any], FastAPI], type[CommonSettings]]] = {
    "categorisation": (create_categorisation, CategorisationSettings),
    "allocation": (create_allocation, AllocationSettings),
    "referrals": (create_referrals, ReferralsSettings),
}
METHODS = ("get", "put", "post", "delete", "patch")
Document = dict[str, Any]


@pytest.fixture(scope="module")
def apps(keys: KeyPair, tmp_path_factory: pytest.TempPathFactory) -> dict[str, FastAPI]:
    """Each service's app as it starts (its document needs no database, so none is migrated)."""
    directory = tmp_path_factory.mktemp("openapi")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JWT_PUBLIC_KEY_FILE", str(keys.public_path))
        patch.setenv("VAR_DIR", str(directory / "var"))
        return {
            name: factory(settings(database_url=f"sqlite:///{(directory / name).as_posix()}.db"))
            for name, (factory, settings) in SERVICES.items()
        }


@pytest.fixture(scope="module")
def documents(apps: dict[str, FastAPI]) -> dict[str, Document]:
    return {name: app.openapi() for name, app in apps.items()}


def operations(document: Document) -> Iterator[tuple[str, Document]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield f"{method.upper()} {path}", operation


def resolve(document: Document, schema: Document) -> Document:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def schema_has_example(document: Document, schema: Document) -> bool:
    """An example a reader (and Swagger UI) gets from the schema: its own, its items', or a branch's."""
    schema = resolve(document, schema)
    if schema.get("examples") or "example" in schema:
        return True
    if isinstance(schema.get("items"), dict):
        return schema_has_example(document, schema["items"])
    branches = schema.get("anyOf", []) + schema.get("oneOf", [])
    return any(schema_has_example(document, branch) for branch in branches if branch.get("type") != "null")


def content_has_example(document: Document, media: Document) -> bool:
    return bool(media.get("example") is not None or media.get("examples")) or schema_has_example(
        document, media.get("schema", {})
    )


def is_binary(media: Document) -> bool:
    return media.get("schema", {}).get("format") == "binary"


@pytest.mark.parametrize("service", SERVICES)
def test_spectral_finds_no_error_and_no_warning(
    service: str, documents: dict[str, Document], tmp_path: Path
) -> None:
    node = shutil.which("node")
    assert node is not None, "node is not on PATH: `make install` needs npm, which brings it"
    assert SPECTRAL.exists(), "Spectral is not installed: run `make install` (npm ci, package.json)"
    path = tmp_path / f"{service}.json"
    path.write_text(json.dumps(documents[service]), encoding="utf-8")

    result = subprocess.run(
        [node, str(SPECTRAL), "lint", "--ruleset", str(RULESET), "--format", "json", "--quiet", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )

    assert result.stdout.strip(), f"Spectral said nothing (exit {result.returncode}): {result.stderr}"
    findings = json.loads(result.stdout)
    # 0 is an error, 1 a warning; 2 and 3 (information, hint) are not failures.
    failures = [
        f"{f['code']} at {'.'.join(map(str, f['path']))}: {f['message']}"
        for f in findings
        if f["severity"] <= 1
    ]
    assert failures == [], f"{len(failures)} Spectral findings in {service}:\n" + "\n".join(failures)


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_says_in_its_own_words_what_it_does(service: str, apps: dict[str, FastAPI]) -> None:
    """The route's docstring or `description=`: the kit adds who may call it, never what it does."""
    undescribed = [
        f"{sorted(route.methods or ())} {route.path_format}"
        for route in iter_route_contexts(apps[service].routes)
        if isinstance(route.original_route, APIRoute) and route.include_in_schema and not route.description
    ]
    assert undescribed == []


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_says_who_may_call_it(service: str, documents: dict[str, Document]) -> None:
    silent = [
        name for name, op in operations(documents[service]) if "**Who may call:**" not in op["description"]
    ]
    assert silent == []


def test_who_may_call_is_read_from_the_route_guards(documents: dict[str, Document]) -> None:
    def callers(service: str, method: str, path: str) -> str:
        return documents[service]["paths"][path][method]["description"].rsplit("\n\n", 1)[-1]

    assert callers("allocation", "post", "/v1/vacancies") == (
        "**Who may call:** `allocation_officer`, `housing_org`."
    )
    assert callers("categorisation", "post", "/v1/years/{year}/approve") == "**Who may call:** `analyst`."
    assert callers("referrals", "get", "/v1/cases/{case_id}") == "**Who may call:** `caseworker`."
    assert (
        callers("referrals", "post", "/v1/concern-reports") == "**Who may call:** anyone; no token is needed."
    )
    assert callers("allocation", "get", "/v1/me") == "**Who may call:** any caller with a valid token."


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_has_an_example_request_and_response(
    service: str, documents: dict[str, Document]
) -> None:
    """A body to send, values for the path, and each success answer with content (a binary file aside)."""
    document = documents[service]
    missing: list[str] = []
    for name, operation in operations(document):
        body = operation.get("requestBody", {}).get("content", {})
        if body and not any(content_has_example(document, media) for media in body.values()):
            missing.append(f"{name}: request body")
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path" and not (
                parameter.get("example") is not None
                or parameter.get("examples")
                or schema_has_example(document, parameter["schema"])
            ):
                missing.append(f"{name}: path parameter {parameter['name']}")
        for status, response in operation["responses"].items():
            content = response.get("content", {})
            if not status.startswith("2") or all(is_binary(media) for media in content.values()):
                continue
            if not any(content_has_example(document, media) for media in content.values()):
                missing.append(f"{name}: {status} response")
    assert missing == [], f"{len(missing)} without an example in {service}:\n" + "\n".join(missing)


SUBSCHEMA = ("items", "additionalProperties", "not", "contains", "if", "then", "else", "propertyNames")
SUBSCHEMA_MAPS = ("properties", "$defs", "patternProperties", "dependentSchemas")
SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")


def escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def subschemas(schema: Any, pointer: str) -> Iterator[tuple[str, Document]]:
    """The schema and every schema inside it (JSON Schema 2020-12's applicators), with JSON pointers."""
    if not isinstance(schema, dict):
        return
    yield pointer, schema
    for key in SUBSCHEMA:
        yield from subschemas(schema.get(key), f"{pointer}/{key}")
    for key in SUBSCHEMA_MAPS:
        for name, inner in (schema.get(key) or {}).items():
            yield from subschemas(inner, f"{pointer}/{key}/{escape(name)}")
    for key in SUBSCHEMA_LISTS:
        for index, inner in enumerate(schema.get(key) or []):
            yield from subschemas(inner, f"{pointer}/{key}/{index}")


def holders(document: Document) -> Iterator[tuple[str, str, Document]]:
    """(name, pointer, object) of every parameter, media type and header: what holds a schema in paths."""
    for path, item in document["paths"].items():
        base = f"/paths/{escape(path)}"
        for method, operation in item.items():
            if method not in METHODS:
                continue
            name, at = f"{method.upper()} {path}", f"{base}/{method}"
            for index, parameter in enumerate(operation.get("parameters", [])):
                yield f"{name} parameter {parameter['name']}", f"{at}/parameters/{index}", parameter
            for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
                yield f"{name} request {media_type}", f"{at}/requestBody/content/{escape(media_type)}", media
            for status, response in operation["responses"].items():
                for media_type, media in response.get("content", {}).items():
                    where = f"{at}/responses/{status}/content/{escape(media_type)}"
                    yield f"{name} {status} {media_type}", where, media
                for header, value in response.get("headers", {}).items():
                    yield (
                        f"{name} {status} header {header}",
                        f"{at}/responses/{status}/headers/{header}",
                        value,
                    )


def documented_examples(document: Document) -> Iterator[tuple[str, Document, Any]]:
    """(where, schema, example) for every example: in schemas, parameters, request bodies and responses."""
    roots = [(f"/components/schemas/{escape(n)}", s) for n, s in document["components"]["schemas"].items()]
    roots += [(f"{pointer}/schema", holder.get("schema")) for _, pointer, holder in holders(document)]
    for root, schema in roots:
        for pointer, inner in subschemas(schema, root):
            for index, example in enumerate(inner.get("examples") or []):
                yield f"{pointer}/examples/{index}", inner, example
            if "example" in inner:
                yield f"{pointer}/example", inner, inner["example"]
    for name, _, holder in holders(document):
        schema = holder.get("schema", {})
        if "example" in holder:
            yield name, schema, holder["example"]
        for key, example in (holder.get("examples") or {}).items():
            yield f"{name} ({key})", schema, example["value"]


def invalid_examples(document: Document) -> tuple[int, list[str]]:
    """How many examples the document has, and each that its schema refuses, with the reason."""
    invalid: list[str] = []
    found = 0
    for where, schema, example in documented_examples(document):
        found += 1
        # The schema's $refs point into the document (#/components/schemas/…): give it the components.
        validator = jsonschema_rs.Draft202012Validator(
            {**schema, "components": document["components"]}, validate_formats=True
        )
        invalid += [
            f"{where}: {error.message} at {list(error.instance_path)}"
            for error in validator.iter_errors(example)
        ]
    return found, invalid


@pytest.mark.parametrize("service", SERVICES)
def test_every_example_is_valid_against_its_schema(service: str, documents: dict[str, Document]) -> None:
    found, invalid = invalid_examples(documents[service])
    assert found > 0, "no example found: the walk is not reading the document"
    assert invalid == [], f"{len(invalid)} invalid examples in {service}:\n" + "\n".join(invalid)


def test_the_walk_finds_examples_wherever_openapi_allows_them() -> None:
    """The checker itself: a bad example is found in each place (a schema, its property, a parameter, a
    media type), the $ref followed, and a good one passes."""
    document: Document = {
        "paths": {
            "/v1/things/{id}": {
                "get": {
                    "parameters": [
                        {"name": "id", "in": "path", "schema": {"type": "integer"}, "example": "x"}
                    ],
                    "responses": {
                        "200": {
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Thing"},
                                    "examples": {"one": {"value": {"size": "big"}}},
                                }
                            }
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "properties": {"size": {"type": "integer", "examples": ["huge"]}},
                    "examples": [{"size": 1}, {"size": 1.5}],
                }
            }
        },
    }
    found, invalid = invalid_examples(document)
    assert found == 5
    assert [where.split(":")[0] for where in invalid] == [
        "/components/schemas/Thing/examples/1",
        "/components/schemas/Thing/properties/size/examples/0",
        "GET /v1/things/{id} parameter id",
        "GET /v1/things/{id} 200 application/json (one)",
    ]


@pytest.mark.parametrize("service", SERVICES)
def test_readiness_failure_is_documented_as_problem_details(
    service: str, documents: dict[str, Document]
) -> None:
    not_ready = documents[service]["paths"]["/readyz"]["get"]["responses"]["503"]
    assert list(not_ready["content"]) == [PROBLEM_JSON]


@pytest.mark.parametrize("service", SERVICES)
def test_the_document_names_whom_to_contact(service: str, documents: dict[str, Document]) -> None:
    contact = documents[service]["info"]["contact"]
    assert contact["name"] and contact["email"] and contact["url"].startswith("https://")
