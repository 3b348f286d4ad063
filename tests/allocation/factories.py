"""Small typed factories for the allocation tests: areas, agreements, vacancies, seekers through the API."""

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import httpx

from services.kit.auth import Role
from tests import support
from tests.support import KeyPair

ORG_A, ORG_B = "org-a", "org-b"


@dataclass
class FakeCategorisation:
    """The categorisation service as the allocation service sees it over HTTP (CONTRACT § 5)."""

    items: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    down: bool = False
    calls: list[httpx.Request] = field(default_factory=list)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.calls.append(request)
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        parts = request.url.path.strip("/").split("/")  # v1 years {year} categorisation|areas
        year = int(parts[2])
        if year not in self.items:
            return httpx.Response(404, json={"title": "No data for that year", "status": 404})
        if parts[3] == "areas":
            return httpx.Response(
                200,
                json=[
                    {"area_code": i["area_code"], "area_name": self.names.get(i["area_code"], i["area_code"])}
                    for i in self.items[year]
                ],
            )
        return httpx.Response(200, content=json.dumps(self.items[year]).encode())

    def approve(self, year: int, areas: dict[str, tuple[str, list[str]]], status: str = "approved") -> None:
        self.items[year] = [
            {"area_code": code, "category": category, "designations": designations, "status": status}
            for code, (category, designations) in areas.items()
        ]


@dataclass
class Clock:
    today: date = date(2026, 3, 2)


def headers_for(keys: KeyPair, role: Role, housing_org: str | None = None) -> dict[str, str]:
    """Bearer headers of a caller holding exactly `role` (machine roles as a client), signed once a run."""
    return support.headers_for(keys, role, housing_org=housing_org)


LETTING_YEAR = 2026
# The designations that make flexible letting mandatory (ABL § 60 stk. 4), and a criteria group of
# employment, without which a listed area's agreement cannot be agreed.
LISTED = {"vulnerable_area", "parallel_society", "transformation_area", "prevention_area"}
EMPLOYMENT_GROUP: dict[str, Any] = {
    "code": "work",
    "share_pct": 100,
    "conditions": [{"code": "employed_months_min", "value": 6}],
}
# Area code -> (category, designations), as the categorisation service would answer for list year 2025.
AREAS: dict[str, tuple[str, list[str]]] = {
    "RED-1": ("red", ["vulnerable_area", "parallel_society", "transformation_area"]),
    "PINK-1": ("pink", ["prevention_area"]),
    "YEL-1": ("yellow", ["combined_letting_area"]),
    "GRN-1": ("green", []),
    "GRN-2": ("green", []),
}
OWNERS = {"RED-1": ORG_A, "PINK-1": ORG_A, "YEL-1": ORG_A, "GRN-1": ORG_A, "GRN-2": ORG_B}


async def ok(response: httpx.Response, *expected: int) -> Any:
    assert response.status_code in (expected or (200,)), f"{response.status_code} {response.text}"
    return response.json()


async def setup_areas(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    fake: FakeCategorisation,
    *,
    year: int = LETTING_YEAR,
    areas: dict[str, tuple[str, list[str]]] | None = None,
    owners: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Approve the list of year - 1 in the fake, draft the agreements and bind the areas to owners."""
    fake.approve(year - 1, areas or AREAS)
    fake.names.update({code: f"Area {code}" for code in areas or AREAS})
    for org in sorted(set((owners or OWNERS).values())):
        response = await client.post(
            "/v1/housing-organisations", json={"code": org, "name": org.upper()}, headers=officer
        )
        assert response.status_code in (201, 409), response.text
    for code, org in (owners or OWNERS).items():
        await ok(await client.put(f"/v1/areas/{code}", json={"housing_org": org}, headers=officer))
    return await ok(await client.post(f"/v1/agreements/{year}/from-categorisation", headers=officer))


def vacancy(external_id: str, area_code: str = "GRN-1", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "external_id": external_id,
        "area_code": area_code,
        "dwelling_ref": f"{area_code}/{external_id}",
        "rooms": 3,
        "floor_area_m2": 78.5,
        "monthly_rent_dkk": 7450.0,
        "available_from": f"{LETTING_YEAR}-04-01",
    }
    body.update(overrides)
    return body


async def report(client: httpx.AsyncClient, headers: dict[str, str], body: dict[str, Any]) -> httpx.Response:
    return await client.post("/v1/vacancies", json=body, headers=headers)


async def set_share(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    area_code: str,
    municipal: float,
    flexible: float | None = None,
) -> None:
    """Set the municipal share; above 25 % as a voluntary agreement the organisation has agreed to, since
    only then does it apply to vacancies (ABL § 59 stk. 2, DOMAIN § 5.2)."""
    body: dict[str, Any] = {"municipal_share_pct": municipal}
    if flexible is not None:
        body["flexible_share_pct"] = flexible
    if municipal > 25:
        body["legal_basis"] = "agreement"
        body["status"] = "agreed"
        if set(AREAS.get(area_code, ("", []))[1]) & LISTED:
            body["flexible_criteria"] = [EMPLOYMENT_GROUP]
    await ok(await client.put(f"/v1/agreements/{LETTING_YEAR}/{area_code}", json=body, headers=officer))


def seeker(name: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": name,
        "adults": 1,
        "children": 1,
        "rooms_min": 2,
        "reason": "social",
        "urgency": "normal",
        "registered_on": "2025-01-15",
    }
    body.update(overrides)
    return body
