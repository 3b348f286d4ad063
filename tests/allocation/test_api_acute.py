"""POST /v1/acute-applications (CONTRACT § 6): per criterion met, with the municipality's texts."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.allocation.config import AcuteCriterion
from services.kit.auth import Role
from services.kit.state import process_of
from tests.allocation.factories import ok

ALL_MET: dict[str, Any] = {
    "applicant_name": "Sara S.",
    "resident_of_municipality": True,
    "acute_unforeseen_situation": True,
    "had_own_dwelling": True,
    "divorce_with_children_under_18": True,
    "registered_housing_organisations": 2,
}


async def test_all_criteria_met_is_eligible_with_gladsaxes_texts(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    response = await client.post("/v1/acute-applications", json=ALL_MET, headers=officer)
    assert response.status_code == 201
    body = response.json()
    assert {"id", "eligible", "criteria"} <= set(body)
    assert body["eligible"] is True
    assert [c["code"] for c in body["criteria"]] == [k for k in ALL_MET if k != "applicant_name"]
    first = body["criteria"][0]
    assert {"code", "met", "text_da", "text_en"} <= set(first)
    assert first["text_da"] == "Ansøgeren er borger i Gladsaxe Kommune."
    assert first["text_en"] == "The applicant is a resident of Gladsaxe Municipality."
    assert body["citizen_text_da"].startswith("Du opfylder alle")
    assert body["reference"].startswith("AK-2026-")


@pytest.mark.parametrize(
    ("change", "unmet"),
    [
        ({"resident_of_municipality": False}, "resident_of_municipality"),
        ({"acute_unforeseen_situation": False}, "acute_unforeseen_situation"),
        ({"had_own_dwelling": False}, "had_own_dwelling"),
        ({"divorce_with_children_under_18": False}, "divorce_with_children_under_18"),
        ({"registered_housing_organisations": 1}, "registered_housing_organisations"),
        ({"registered_housing_organisations": 0}, "registered_housing_organisations"),
    ],
)
async def test_each_unmet_criterion_refuses_and_says_why(
    client: httpx.AsyncClient, officer: dict[str, str], change: dict[str, Any], unmet: str
) -> None:
    body = await ok(
        await client.post("/v1/acute-applications", json={**ALL_MET, **change}, headers=officer), 201
    )
    assert body["eligible"] is False
    assert [c["code"] for c in body["criteria"] if not c["met"]] == [unmet]
    failed = next(c for c in body["criteria"] if c["code"] == unmet)
    assert failed["why_da"].startswith("Ikke opfyldt") and failed["why_en"].startswith("Not met")
    assert failed["text_da"] in body["officer_text_da"] and unmet not in body["officer_text_da"]
    assert failed["text_en"] in body["officer_text_en"] and "Du opfylder ikke" in body["citizen_text_da"]


async def test_the_decision_is_recorded_with_the_officers_note(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    created = await ok(
        await client.post(
            "/v1/acute-applications",
            json={**ALL_MET, "officer_note": "Samtale 3/3"},
            headers=officer,
        ),
        201,
    )
    noted = await ok(
        await client.put(
            f"/v1/acute-applications/{created['id']}/note",
            json={"officer_note": "Bolig anvist"},
            headers=officer,
        )
    )
    assert noted["officer_note"] == "Bolig anvist" and noted["note_updated_by"] == "user:allocation_officer"
    stored = await ok(await client.get(f"/v1/acute-applications/{created['id']}", headers=officer))
    assert stored["criteria"] == created["criteria"] and stored["decided_by"] == "user:allocation_officer"
    assert [a["id"] for a in await ok(await client.get("/v1/acute-applications", headers=officer))] == [
        created["id"]
    ]
    criteria = await ok(await client.get("/v1/acute-criteria", headers=officer))
    assert criteria[-1] == {
        "code": "registered_housing_organisations",
        "text_da": "Ansøgeren er skrevet op i mindst to boligorganisationer.",
        "text_en": "The applicant is on the waiting list of at least two housing organisations.",
        "minimum": 2,
    }


async def test_unknown_fields_are_refused(client: httpx.AsyncClient, officer: dict[str, str]) -> None:
    response = await client.post(
        "/v1/acute-applications", json={**ALL_MET, "cpr": "0101011234"}, headers=officer
    )
    assert response.status_code == 422


@pytest.mark.parametrize("role", [Role.MANAGER, Role.HOUSING_ORG, Role.ADMIN, Role.CASEWORKER, Role.SYSTEM])
async def test_only_officers_decide(client: httpx.AsyncClient, as_role, role: Role) -> None:
    response = await client.post("/v1/acute-applications", json=ALL_MET, headers=as_role(role, "org-a"))
    assert response.status_code == 403


# --- issue 12: nothing binding is recorded from nothing ---------------------------------------------------

CRITERIA = [k for k in ALL_MET if k != "applicant_name"]


async def stored(client: httpx.AsyncClient, officer: dict[str, str]) -> list[dict[str, Any]]:
    return list(await ok(await client.get("/v1/acute-applications", headers=officer)))


def named(problem: dict[str, Any]) -> list[list[str]]:
    return [error["loc"] for error in problem["errors"]]


async def test_an_empty_application_is_refused_naming_every_missing_field_and_stores_nothing(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    """The defect of issue 12: an empty form made a formal refusal of nobody, "oplysningen mangler" × 5."""
    response = await client.post("/v1/acute-applications", json={}, headers=officer)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert {"type", "title", "status", "detail", "errors"} <= set(problem) and problem["status"] == 422
    assert named(problem) == [["body", "applicant_name"], *(["body", code] for code in CRITERIA)]
    assert await stored(client, officer) == []


@pytest.mark.parametrize("missing", ["applicant_name", *CRITERIA])
async def test_each_missing_field_alone_is_refused_by_name(
    client: httpx.AsyncClient, officer: dict[str, str], missing: str
) -> None:
    body = {k: v for k, v in ALL_MET.items() if k != missing}
    response = await client.post("/v1/acute-applications", json=body, headers=officer)
    assert response.status_code == 422, response.text
    assert named(response.json()) == [["body", missing]]
    assert await stored(client, officer) == []


@pytest.mark.parametrize(
    "change",
    [
        {"applicant_name": "   "},
        {"registered_housing_organisations": None},
        {"registered_housing_organisations": True},  # yes is no count
        {"had_own_dwelling": 1},  # nor is 1 a yes
        {"resident_of_municipality": "yes"},
    ],
)
async def test_a_blank_or_unreadable_answer_is_no_answer(
    client: httpx.AsyncClient, officer: dict[str, str], change: dict[str, Any]
) -> None:
    response = await client.post("/v1/acute-applications", json={**ALL_MET, **change}, headers=officer)
    assert response.status_code == 422, response.text
    assert [loc[-1] for loc in named(response.json())] == list(change)
    assert await stored(client, officer) == []


async def test_a_criterion_the_municipality_configured_is_answered_in_facts(
    client: httpx.AsyncClient, officer: dict[str, str], allocation_app: FastAPI
) -> None:
    """Another municipality's criterion (configuration) is required as well, and named under `facts`."""
    config = process_of(allocation_app).config
    extra = AcuteCriterion(code="lives_alone", text_da="Bor alene.", text_en="Lives alone.", minimum=None)
    original = list(config.acute_criteria)
    config.acute_criteria.append(extra)
    try:
        refused = await client.post("/v1/acute-applications", json=ALL_MET, headers=officer)
        assert refused.status_code == 422
        assert named(refused.json()) == [["body", "facts", "lives_alone"]]
        assert await stored(client, officer) == []
        body = {**ALL_MET, "facts": {"lives_alone": True}}
        decided = await ok(await client.post("/v1/acute-applications", json=body, headers=officer), 201)
        assert decided["eligible"] is True and decided["criteria"][-1]["code"] == "lives_alone"
    finally:
        config.acute_criteria[:] = original


async def test_a_complete_application_in_the_contracts_shape_is_stored_as_given(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    created = await ok(await client.post("/v1/acute-applications", json=ALL_MET, headers=officer), 201)
    [row] = await stored(client, officer)
    assert row["id"] == created["id"] and row["applicant_name"] == "Sara S."
    assert {c["code"]: c["answer"] for c in row["criteria"]} == {k: ALL_MET[k] for k in CRITERIA}
