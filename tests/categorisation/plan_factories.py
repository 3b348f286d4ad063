"""Small factories of the plan tests: a plan, a target, an initiative and a dialogue through the API."""

from typing import Any

import httpx

PLAN: dict[str, Any] = {
    "title": "Områdeplan for Høje Gladsaxe",
    "area_codes": ["A1"],
    "period_from": 2023,
    "period_to": 2028,
    "visions": "Et attraktivt boligområde med plads til alle.",
    "requirements": "Færre uden for arbejdsmarkedet.",
    "community": "Flere fællesskaber på tværs af afdelingerne.",
    "published": False,
}
INITIATIVE: dict[str, Any] = {
    "title": "Lektiecafé i beboerhuset",
    "description": "Frivillige hjælper skolebørn med lektier to gange om ugen.",
    "principles": ["community"],
    "area_codes": ["A1"],
    "partners": [
        {"kind": "housing_organisation", "name": "Boligselskabet Vest"},
        {"kind": "department_board", "name": "Afdelingsbestyrelsen i afdeling 3"},
    ],
    "responsible_unit": "Center for Børn og Familier",
    "period_from": "2024-01-01",
    "period_to": "2025-12-31",
    "budget_dkk": 250000,
    "status": "running",
    "milestones": [{"title": "Første semester evalueret", "due_on": "2024-06-30", "done": True}],
    "evaluation_notes": "Godt fremmøde.",
}
DIALOGUE: dict[str, Any] = {
    "year": 2024,
    "organisation": "org-vest",
    "kind": "steering",
    "held_on": "2024-12-10",
    "participants": [
        {"organisation": "Gladsaxe Kommune", "role": "boliganalytiker"},
        {"organisation": "Boligselskabet Vest", "role": "direktør"},
    ],
    "agenda": "1. Kategoriseringen 2024\n2. Evaluering af områdeplanen",
    "minutes": "Kategoriseringen blev gennemgået.",
    "decisions": [
        {
            "text": "Den kommunale anvisning i A1 sænkes til 15 %.",
            "agreement": {"year": 2025, "area_code": "A1"},
        }
    ],
    "follow_ups": [{"text": "Ny aftale sendes", "responsible": "Boligsekretariatet", "due_on": "2025-01-15"}],
}


async def create_plan(client: httpx.AsyncClient, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    response = await client.post("/v1/area-plans", json={**PLAN, **overrides}, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def add_target(
    client: httpx.AsyncClient, headers: dict[str, str], plan_id: int, **overrides: Any
) -> dict[str, Any]:
    body = {
        "area_code": "A1",
        "indicator": "outside_labour_market_pct",
        "comparator": "<",
        "value": 40.0,
        "by_year": 2028,
        **overrides,
    }
    response = await client.post(f"/v1/area-plans/{plan_id}/targets", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def evaluation(
    client: httpx.AsyncClient, headers: dict[str, str], plan_id: int, year: int
) -> dict[str, Any]:
    response = await client.get(
        f"/v1/area-plans/{plan_id}/evaluation", params={"year": year}, headers=headers
    )
    assert response.status_code == 200, response.text
    return dict(response.json())
