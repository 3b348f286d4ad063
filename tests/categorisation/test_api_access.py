"""Who may call what (401 without a token, 403 for other roles) and what non-analysts see of small numbers."""

import csv
import io

import pytest

from services.kit.auth import Role
from tests.categorisation.factories import api_criterion, by_code, csv_bytes, get_json, row, rows, seed
from tests.support import bearer, token_for

# On one backend (tests/conftest.py): a role is refused before any query, and what an allowed caller gets is
# the services' own tests' matter, on both backends.
pytestmark = pytest.mark.one_backend

YEAR = 2024
ALL_ROLES = list(Role)
ANALYST = {Role.ANALYST}
LOAD_DATA = {Role.ANALYST, Role.ADMIN}
READ_AREAS = {Role.ANALYST, Role.ADMIN, Role.ALLOCATION_OFFICER, Role.SYSTEM}
# The manager sees aggregates only: /v1/years and /v1/years/{year}/summary, nothing per area.
READ_SUMMARY = READ_AREAS | {Role.MANAGER}
# Category and designations per area: what the allocation service reads (with its caller's token). A
# housing organisation sees only its own areas, and this service does not know which those are.
READ_CATEGORISATION = READ_AREAS
THRESHOLDS = {
    "outside_labour_market_pct_above": 25.0,
    "convicted_multiple_at_least": 1.5,
    "basic_education_pct_above": 50.0,
    "income_pct_of_region_below": 70.0,
    "criteria_needed": 2,
    "reason": "Byrådets beslutning",
}
OVERRIDE = {"category": "green", "justification": "Aftalt i dialogen med boligorganisationen."}

# (method, path, request keyword arguments, roles that may call it)
ENDPOINTS = [
    ("GET", "/v1/years", {}, READ_SUMMARY),
    ("GET", f"/v1/years/{YEAR}/summary", {}, READ_SUMMARY),
    ("GET", f"/v1/years/{YEAR}", {}, READ_AREAS),
    ("GET", f"/v1/years/{YEAR}/parameters", {}, READ_AREAS),
    ("PUT", f"/v1/years/{YEAR}/parameters", {"json": {"national_convicted_pct": 1.0}}, LOAD_DATA),
    ("GET", f"/v1/years/{YEAR}/local-thresholds", {}, READ_AREAS),
    ("PUT", f"/v1/years/{YEAR}/local-thresholds", {"json": THRESHOLDS}, ANALYST),
    ("POST", "/v1/housing-data", {"files": {"file": ("b.csv", csv_bytes([row(YEAR, "A2")]))}}, LOAD_DATA),
    (
        "POST",
        "/v1/official-designations",
        {"files": {"file": ("l.csv", b"year,area_code,designation\n2024,A1,udsat\n")}},
        LOAD_DATA,
    ),
    ("GET", f"/v1/years/{YEAR}/areas", {}, READ_AREAS),
    ("GET", f"/v1/years/{YEAR}/areas/A1", {}, READ_AREAS),
    ("GET", "/v1/areas/A1/history", {}, ANALYST),
    ("PUT", f"/v1/years/{YEAR}/areas/A1/override", {"json": OVERRIDE}, ANALYST),
    ("GET", f"/v1/years/{YEAR}/areas/A1/overrides", {}, READ_AREAS),
    ("POST", f"/v1/years/{YEAR}/what-if", {"json": {"criteria_needed": 1}}, ANALYST),
    ("POST", f"/v1/years/{YEAR}/approve", {"json": {"note": "Ny revision efter dialogen."}}, ANALYST),
    ("GET", f"/v1/years/{YEAR}/approvals", {}, READ_AREAS),
    ("GET", f"/v1/years/{YEAR}/approvals/1/reproduction", {}, READ_AREAS),
    ("GET", f"/v1/years/{YEAR}/categorisation", {}, READ_CATEGORISATION),
    ("GET", f"/v1/years/{YEAR}/disagreements", {}, READ_AREAS),
    ("GET", f"/v1/years/{YEAR}/export.csv", {}, READ_AREAS),
    ("GET", f"/v1/years/{YEAR}/export.xlsx", {}, READ_AREAS),
]


@pytest.fixture
async def approved(client, analyst):
    await seed(client, analyst, rows((YEAR - 1, YEAR), "A1"))
    assert (await client.post(f"/v1/years/{YEAR}/approve", headers=analyst)).status_code == 200
    return client


@pytest.mark.parametrize("role", [None, *ALL_ROLES], ids=lambda r: r.value if r else "no-token")
async def test_access_table(approved, as_role, role):
    headers = as_role(role) if role else {}
    wrong = []

    for method, path, kwargs, allowed in ENDPOINTS:
        response = await approved.request(method, path, headers=headers, **kwargs)
        expected = 401 if role is None else 200 if role in allowed else 403
        if response.status_code != expected:
            wrong.append(
                f"{method} {path}: {response.status_code}, expected {expected}: {response.text[:200]}"
            )
        elif expected != 200:
            assert response.headers["content-type"].startswith("application/problem+json")
            assert response.json()["status"] == expected

    assert wrong == []


async def test_a_housing_organisation_reads_no_area_list_here(approved, keys):
    # Bound to its organisation, as the gateway issues it: this service cannot tell which areas are its
    # own (the housing file has no owner), so it gets none rather than every area of the municipality.
    own = bearer(
        token_for(keys, Role.HOUSING_ORG, subject="client:org-7", kind="client", housing_org="org-7")
    )

    for path in (
        f"/v1/years/{YEAR}/categorisation",
        f"/v1/years/{YEAR}/areas",
        f"/v1/years/{YEAR}/export.csv",
    ):
        response = await approved.get(path, headers=own)
        assert response.status_code == 403, path
        assert "A1" not in response.text


async def test_401_asks_for_a_bearer_token(approved):
    # RFC 6750 § 3: a bad token is named as such; no token at all gets the bare challenge.
    response = await approved.get(f"/v1/years/{YEAR}/areas", headers={"Authorization": "Bearer not-a-jwt"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'

    anonymous = await approved.get(f"/v1/years/{YEAR}/areas")
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"] == "Bearer"


async def test_refused_writes_store_nothing(approved, analyst, as_role):
    for role in (Role.ALLOCATION_OFFICER, Role.MANAGER, Role.HOUSING_ORG, Role.CASEWORKER):
        response = await approved.post(
            "/v1/housing-data",
            content=csv_bytes([row(YEAR, "A1", residents=9999)]),
            headers={**as_role(role), "Content-Type": "text/csv"},
        )
        assert response.status_code == 403
    area = await get_json(approved, analyst, f"/v1/years/{YEAR}/areas/A1?proposed=true")
    assert area["residents"] == 2000


# --- small numbers ----------------------------------------------------------------------------------

NON_ANALYST_READERS = [Role.ADMIN, Role.ALLOCATION_OFFICER, Role.SYSTEM]
SMALL = [
    # 1,000 residents × 0.4 % convicted = 4 persons: suppressed; 0.5 % = 5 persons: shown.
    *rows((YEAR - 1, YEAR), "S1", residents=1000, convicted_pct=0.4),
    *rows((YEAR - 1, YEAR), "S2", residents=1000, convicted_pct=0.5),
    *rows((YEAR - 1, YEAR), "S3", residents=4, convicted_pct=0.0),
]


@pytest.fixture
async def small(client, analyst):
    await seed(client, analyst, SMALL)
    return client


@pytest.mark.parametrize("role", NON_ANALYST_READERS, ids=lambda r: r.value)
async def test_non_analysts_see_no_figure_resting_on_fewer_than_5_persons(small, as_role, role):
    headers = as_role(role)

    s1 = await get_json(small, headers, f"/v1/years/{YEAR}/areas/S1")
    s2 = await get_json(small, headers, f"/v1/years/{YEAR}/areas/S2")

    for list_code in ("vulnerable", "prevention", "local"):
        hidden = api_criterion(s1, list_code, "convicted")
        assert (hidden["value"], hidden["suppressed"]) == (None, True)
        assert hidden["met"] is False  # the verdict stays, only the figure is hidden
        shown = api_criterion(s2, list_code, "convicted")
        assert (shown["value"], shown["suppressed"]) == (0.5, False)
    # Shares resting on 5 persons or more stay visible.
    labour = api_criterion(s1, "vulnerable", "outside_labour_market")
    assert (labour["value"], labour["suppressed"]) == (10.0, False)
    assert s1["residents"] == 1000


@pytest.mark.parametrize("role", NON_ANALYST_READERS, ids=lambda r: r.value)
async def test_non_analysts_do_not_see_tiny_resident_counts(small, as_role, role):
    areas = by_code(await get_json(small, as_role(role), f"/v1/years/{YEAR}/areas"))

    assert areas["S3"]["residents"] is None
    size = api_criterion(areas["S3"], "size", "residents")
    assert (size["value"], size["suppressed"]) == (None, True)
    assert api_criterion(areas["S1"], "vulnerable", "convicted")["value"] is None
    export = await small.get(f"/v1/years/{YEAR}/export.csv", headers=as_role(role))
    records = list(csv.DictReader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert {r["area_code"]: r["residents"] for r in records} == {"S1": "1000", "S2": "1000", "S3": ""}


async def test_the_analyst_sees_every_figure(small, analyst):
    s1 = await get_json(small, analyst, f"/v1/years/{YEAR}/areas/S1")
    s3 = await get_json(small, analyst, f"/v1/years/{YEAR}/areas/S3")

    convicted = api_criterion(s1, "vulnerable", "convicted")
    assert (convicted["value"], convicted["suppressed"]) == (0.4, False)
    assert s3["residents"] == 4
    assert api_criterion(s3, "size", "residents")["value"] == 4


async def test_the_manager_gets_aggregates_only(small, as_role):
    await seed(
        small,
        as_role(Role.ANALYST),
        [row(YEAR, "Y9", residents=3, basic_education_pct=55.0, income_pct_of_region=60.0)],
    )
    manager = as_role(Role.MANAGER)

    years = await get_json(small, manager, "/v1/years")
    summary = await get_json(small, manager, f"/v1/years/{YEAR}/summary")

    assert [y["year"] for y in years] == [YEAR, YEAR - 1]
    assert set(summary) == {
        "year",
        "status",
        "phase",
        "counts",
        "residents",
        "designation_counts",
        "suppression_threshold",
    }
    assert summary["counts"] == {"red": 0, "pink": 0, "yellow": 1, "green": 3}
    # Yellow rests on 3 residents: hidden; an empty category is simply 0.
    assert summary["residents"] == {"red": 0, "pink": 0, "yellow": None, "green": 2004}
    assert summary["suppression_threshold"] == 5
    # Per-area figures stay closed (the whole table for the manager is in test_access_table).
    for path in (f"/v1/years/{YEAR}", f"/v1/years/{YEAR}/areas/S1", f"/v1/years/{YEAR}/export.csv"):
        assert (await small.get(path, headers=manager)).status_code == 403, path
