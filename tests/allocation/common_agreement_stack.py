"""The allocation service in front of the real categorisation service, in-process, for the common letting
agreement (CONTRACT § 9), which reads the categorisation and the area plans over HTTP with the caller's
token: both apps on each backend, each test in rolled-back transactions, and a world to read.

Nothing is faked but the network: `Upstream` hands allocation's requests to the categorisation app, or
refuses them as a stopped process would.
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.allocation.config import AllocationSettings
from services.allocation.main import create_app as create_allocation
from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app as create_categorisation
from services.kit.auth import Role
from tests.allocation.factories import headers_for, ok
from tests.categorisation.factories import YELLOW, rows, seed
from tests.conftest import serving
from tests.support import KeyPair, as_new

YEAR = 2026  # the letting year
LIST_YEAR = YEAR - 1
NORTH, SOUTH = "org-nord", "org-syd"
NORTH_NAME, SOUTH_NAME = "Boligselskabet Nord (test)", "Boligforeningen Syd (test)"
OWNERS = {"N1": NORTH, "N2": NORTH, "S1": SOUTH}
PLAN_NORTH: dict[str, Any] = {
    "title": "Områdeplan for Nordparken",
    "area_codes": ["N1", "N2"],
    "organisation_codes": [NORTH],
    "period_from": 2024,
    "period_to": 2028,
    "visions": "Et trygt område med plads til alle.\nFlere i job.",
    "requirements": "Færre uden for arbejdsmarkedet.",
    "community": "Fælles aktiviteter i afdelingerne.",
    "published": False,
}
PLAN_SOUTH: dict[str, Any] = {**PLAN_NORTH, "title": "Områdeplan for Sydhaven", "area_codes": ["S1"]}
# Over by the letting year: not part of its common agreement.
PLAN_OLD: dict[str, Any] = {**PLAN_NORTH, "title": "Den gamle plan", "period_from": 2019, "period_to": 2023}
TARGET: dict[str, Any] = {
    "area_code": "N1",
    "indicator": "outside_labour_market_pct",
    "comparator": "<",
    "value": 40.0,
    "by_year": 2028,
}


class Upstream(httpx.AsyncBaseTransport):
    """The categorisation app as allocation reaches it; `down` refuses the connection, as a stopped
    process does."""

    def __init__(self, app: FastAPI) -> None:
        self.inner = httpx.ASGITransport(app=app)
        self.down = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        return await self.inner.handle_async_request(request)


@dataclass
class Stack:
    allocation: httpx.AsyncClient
    categorisation: httpx.AsyncClient
    upstream: Upstream
    allocation_app: FastAPI
    categorisation_app: FastAPI


@pytest.fixture(scope="session")
def categorisation_behind(
    database_urls: dict[str, str], keys: KeyPair, tmp_path_factory: pytest.TempPathFactory
) -> FastAPI:
    return create_categorisation(
        CategorisationSettings(
            database_url=database_urls["categorisation"],
            VAR_DIR=str(tmp_path_factory.mktemp("categorisation-behind-var")),
            JWT_PUBLIC_KEY_FILE=str(keys.public_path),
        )
    )


@pytest.fixture(scope="session")
def upstream(categorisation_behind: FastAPI) -> Upstream:
    return Upstream(categorisation_behind)


@pytest.fixture(scope="session")
def allocation_in_front(
    database_urls: dict[str, str], keys: KeyPair, tmp_path_factory: pytest.TempPathFactory, upstream: Upstream
) -> FastAPI:
    return create_allocation(
        AllocationSettings(
            database_url=database_urls["allocation"],
            VAR_DIR=str(tmp_path_factory.mktemp("allocation-in-front-var")),
            JWT_PUBLIC_KEY_FILE=str(keys.public_path),
        ),
        categorisation_transport=upstream,
    )


@pytest.fixture
async def stack(
    categorisation_behind: FastAPI,
    allocation_in_front: FastAPI,
    upstream: Upstream,
    database_urls: dict[str, str],
) -> AsyncIterator[Stack]:
    upstream.down = False
    async with (
        as_new(categorisation_behind) as categorisation_app,
        as_new(allocation_in_front) as allocation_app,
        serving(categorisation_app, database_urls) as categorisation,
        serving(allocation_app, database_urls) as allocation,
    ):
        yield Stack(allocation, categorisation, upstream, allocation_app, categorisation_app)
    upstream.down = False


@pytest.fixture
def analyst(keys: KeyPair) -> dict[str, str]:
    return headers_for(keys, Role.ANALYST)


async def load_figures(stack: Stack, analyst: dict[str, str], *, approve: bool = True) -> None:
    """Housing figures of 2024-2025 (N1, S1 green; N2 yellow), the list of 2025 approved unless not."""
    data = [
        *rows((LIST_YEAR - 1, LIST_YEAR), "N1"),
        *rows((LIST_YEAR - 1, LIST_YEAR), "N2", **YELLOW),
        *rows((LIST_YEAR - 1, LIST_YEAR), "S1"),
    ]
    await seed(stack.categorisation, analyst, data)
    if approve:
        await ok(await stack.categorisation.post(f"/v1/years/{LIST_YEAR}/approve", headers=analyst))


async def add_plans(stack: Stack, analyst: dict[str, str]) -> None:
    for plan in (PLAN_NORTH, PLAN_SOUTH, PLAN_OLD):
        created = await ok(await stack.categorisation.post("/v1/area-plans", json=plan, headers=analyst), 201)
        if plan is PLAN_NORTH:
            await ok(
                await stack.categorisation.post(
                    f"/v1/area-plans/{created['id']}/targets", json=TARGET, headers=analyst
                ),
                201,
            )


async def register(stack: Stack, officer: dict[str, str], owners: dict[str, str] | None = None) -> None:
    """The two organisations and their areas, bound to them."""
    for code, name in ((NORTH, NORTH_NAME), (SOUTH, SOUTH_NAME)):
        await ok(
            await stack.allocation.post(
                "/v1/housing-organisations", json={"code": code, "name": name}, headers=officer
            ),
            201,
        )
    for area, org in (owners or OWNERS).items():
        await ok(await stack.allocation.put(f"/v1/areas/{area}", json={"housing_org": org}, headers=officer))


async def world(stack: Stack, officer: dict[str, str], analyst: dict[str, str]) -> None:
    """Figures approved, plans made, organisations registered and the agreements of the year drafted from
    the approved list (over HTTP, as the officer does)."""
    await load_figures(stack, analyst)
    await add_plans(stack, analyst)
    await register(stack, officer)
    await ok(await stack.allocation.post(f"/v1/agreements/{YEAR}/from-categorisation", headers=officer))


def path(org: str = NORTH, year: int = YEAR) -> str:
    return f"/v1/common-agreements/{year}/{org}"


async def get(stack: Stack, headers: dict[str, str], org: str = NORTH, **params: Any) -> Any:
    return await ok(await stack.allocation.get(path(org), params=params, headers=headers))


async def set_status(stack: Stack, headers: dict[str, str], status: str, org: str = NORTH) -> httpx.Response:
    return await stack.allocation.post(f"{path(org)}/status", json={"status": status}, headers=headers)


async def check_demo_common_agreements(
    http: httpx.AsyncClient,
    officer: dict[str, str],
    *,
    organisations: tuple[str, str],
    areas: list[str],
    plan_title: str,
    without_agreement: str,
) -> None:
    """A demo's common agreements read back (services/allocation/demo.py): the second organisation's of
    2025 agreed and of 2026 sent, both still saying what today's data say; the demo organisation's 2026
    draft names its area without a letting agreement."""
    demo_org, second = organisations

    async def read(year: int, org: str = second) -> Any:
        return await ok(await http.get(f"/v1/common-agreements/{year}/{org}", headers=officer))

    agreed, sent = await read(2025), await read(2026)

    assert (agreed["status"], agreed["version"], agreed["agreed_by"]) == ("agreed", 1, "user:officer")
    assert (sent["status"], sent["version"], sent["agreed_at"]) == ("sent", 1, None)
    for document in (agreed, sent):
        assert document["changed_since"] is False, document["year"]
        assert document["problems"] == []
        assert document["categorisation_approved"] is True
        assert [a["area_code"] for a in document["areas"]] == areas
        assert [p["title"] for p in document["area_plans"]] == [plan_title]
    draft = await read(2026, demo_org)
    assert draft["status"] == "draft"
    assert [(p["code"], p["params"].get("area_code")) for p in draft["problems"]] == [
        ("area_without_agreement", without_agreement)
    ]
    rows = await ok(await http.get("/v1/common-agreements?year=2026", headers=officer))
    assert [(r["organisation"]["code"], r["status"]) for r in rows] == [(demo_org, "draft"), (second, "sent")]
