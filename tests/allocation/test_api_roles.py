"""Authorization per role, checked in the service itself: the role table of services/allocation/access.py."""

import httpx
import pytest

from services.kit.auth import Role

# On one backend (tests/conftest.py): a role is refused before any query, and what an allowed caller gets is
# the services' own tests' matter, on both backends.
pytestmark = pytest.mark.one_backend

R = Role
ALL = frozenset(Role)
OFFICER = {R.ALLOCATION_OFFICER}
# (method, path, body, roles allowed). Allowed roles may still get 404/409/422 for the made-up ids.
TABLE: list[tuple[str, str, object, set[Role]]] = [
    ("GET", "/v1/housing-organisations", None, {*OFFICER, R.ADMIN, R.ANALYST, R.SYSTEM, R.HOUSING_ORG}),
    ("POST", "/v1/housing-organisations", {"code": "x", "name": "X"}, OFFICER),
    ("GET", "/v1/areas", None, {*OFFICER, R.ADMIN, R.ANALYST, R.SYSTEM, R.HOUSING_ORG}),
    ("PUT", "/v1/areas/A1", {"name": "A"}, OFFICER),
    ("GET", "/v1/agreement-years", None, {*OFFICER, R.ADMIN, R.ANALYST, R.SYSTEM, R.HOUSING_ORG}),
    ("GET", "/v1/agreements/2026", None, {*OFFICER, R.ADMIN, R.ANALYST, R.SYSTEM, R.HOUSING_ORG}),
    ("GET", "/v1/agreements/2026/A1", None, {*OFFICER, R.ADMIN, R.ANALYST, R.SYSTEM, R.HOUSING_ORG}),
    ("PUT", "/v1/agreements/2026/A1", {"note": "x"}, OFFICER),
    ("POST", "/v1/agreements/2026", {"area_code": "A1", "category": "green"}, OFFICER),
    ("POST", "/v1/agreements/2026/from-categorisation", None, OFFICER),
    ("GET", "/v1/agreements/2026/A1/changes", None, {*OFFICER, R.ADMIN, R.ANALYST, R.SYSTEM, R.HOUSING_ORG}),
    ("POST", "/v1/vacancies", {"external_id": "x"}, {*OFFICER, R.HOUSING_ORG}),
    ("GET", "/v1/vacancies", None, {*OFFICER, R.HOUSING_ORG, R.SYSTEM}),
    ("GET", "/v1/vacancies?order=urgency", None, {*OFFICER, R.HOUSING_ORG, R.SYSTEM}),
    ("GET", "/v1/vacancies/999999", None, {*OFFICER, R.HOUSING_ORG, R.SYSTEM}),
    ("POST", "/v1/vacancies/999999/letting", {"channel": "other"}, {*OFFICER, R.HOUSING_ORG}),
    ("POST", "/v1/vacancies/return-overdue", None, {*OFFICER, R.SYSTEM}),
    ("GET", "/v1/lettings?year=2026", None, {*OFFICER, R.HOUSING_ORG, R.SYSTEM}),
    ("GET", "/v1/vacancies/999999/candidates", None, OFFICER),
    ("GET", "/v1/vacancies/999999/offers", None, OFFICER),
    ("POST", "/v1/vacancies/999999/offers", {"seeker_id": 1}, OFFICER),
    ("GET", "/v1/seekers", None, OFFICER),
    ("POST", "/v1/seekers", {"name": "x"}, OFFICER),
    ("GET", "/v1/seekers/999999", None, OFFICER),
    ("PATCH", "/v1/seekers/999999", {}, OFFICER),
    ("GET", "/v1/seekers/999999/offers", None, OFFICER),
    ("GET", "/v1/offers/999999", None, OFFICER),
    ("POST", "/v1/offers/999999/accept", None, OFFICER),
    ("POST", "/v1/offers/999999/decline", {"reason": "no_reason"}, OFFICER),
    ("GET", "/v1/decline-reasons", None, OFFICER),
    ("GET", "/v1/ranking-rules", None, set(ALL)),
    ("POST", "/v1/applicant-checks", {"area_code": "A1"}, {*OFFICER, R.HOUSING_ORG}),
    ("GET", "/v1/applicant-checks/999999", None, {*OFFICER, R.HOUSING_ORG}),
    ("POST", "/v1/applicant-checks/999999/dispensation", {}, OFFICER),
    ("GET", "/v1/dispensations", None, {*OFFICER, R.HOUSING_ORG}),
    ("GET", "/v1/dispensations/999999", None, {*OFFICER, R.HOUSING_ORG}),
    ("GET", "/v1/dispensations/report?year=2026", None, OFFICER),
    ("GET", "/v1/acute-criteria", None, OFFICER),
    ("POST", "/v1/acute-applications", {}, OFFICER),
    ("GET", "/v1/acute-applications", None, OFFICER),
    ("GET", "/v1/acute-applications/999999", None, OFFICER),
    ("PUT", "/v1/acute-applications/999999/note", {"officer_note": ""}, OFFICER),
    ("GET", "/v1/statistics/channels?year=2026", None, {*OFFICER, R.MANAGER, R.SYSTEM}),
    ("GET", "/v1/statistics/years", None, {*OFFICER, R.MANAGER, R.SYSTEM}),
    ("GET", "/v1/statistics/quota?year=2026", None, {*OFFICER, R.MANAGER, R.SYSTEM}),
    # Statutory bookkeeping: § 51 b decisions and their report, days held.
    ("POST", "/v1/areas/A1/combined-letting-decisions", {"kind": "order"}, OFFICER),
    ("GET", "/v1/areas/A1/combined-letting-decisions", None, {*OFFICER, R.MANAGER}),
    (
        "GET",
        "/v1/combined-letting-decisions?date_from=2026-01-01&date_to=2026-12-31",
        None,
        {*OFFICER, R.MANAGER},
    ),
    (
        "GET",
        "/v1/combined-letting-decisions/export?date_from=2026-01-01&date_to=2026-12-31",
        None,
        {*OFFICER, R.MANAGER},
    ),
    ("GET", "/v1/statistics/days-held?year=2026", None, {*OFFICER, R.SYSTEM}),
    ("GET", "/v1/statistics/days-held/export?year=2026", None, {*OFFICER, R.SYSTEM}),
    # Decision letters: read as their decisions are; every letter's record and corrections, the officer's.
    ("POST", "/v1/offers/999999/withdraw", {"reason": "x", "hearing": "x"}, OFFICER),
    ("GET", "/v1/acute-applications/999999/letter", None, OFFICER),
    ("GET", "/v1/acute-applications/999999/letter.pdf", None, OFFICER),
    ("GET", "/v1/offers/999999/letter", None, OFFICER),
    ("GET", "/v1/offers/999999/letter.pdf", None, OFFICER),
    ("GET", "/v1/offers/999999/withdrawal-letter", None, OFFICER),
    ("GET", "/v1/offers/999999/withdrawal-letter.pdf", None, OFFICER),
    ("GET", "/v1/dispensations/999999/letter", None, {*OFFICER, R.HOUSING_ORG}),
    ("GET", "/v1/dispensations/999999/letter.pdf", None, {*OFFICER, R.HOUSING_ORG}),
    ("GET", "/v1/letters?decision_type=acute_housing&decision_id=1", None, OFFICER),
    ("GET", "/v1/letters/999999", None, OFFICER),
    ("GET", "/v1/letters/999999/letter", None, OFFICER),
    ("GET", "/v1/letters/999999/letter.pdf", None, OFFICER),
    ("POST", "/v1/letters/999999/corrections", {"reason": "x"}, OFFICER),
    # The common letting agreement: read by those the categorisation service lets read what it is made of,
    # and by a housing organisation's client (its own, as sent); sent and agreed by the officer.
    ("GET", "/v1/common-agreements?year=2026", None, {*OFFICER, R.ADMIN, R.ANALYST, R.SYSTEM, R.HOUSING_ORG}),
    (
        "GET",
        "/v1/common-agreements/2026/org-a",
        None,
        {*OFFICER, R.ADMIN, R.ANALYST, R.SYSTEM, R.HOUSING_ORG},
    ),
    (
        "GET",
        "/v1/common-agreements/2026/org-a/pdf",
        None,
        {*OFFICER, R.ADMIN, R.ANALYST, R.SYSTEM, R.HOUSING_ORG},
    ),
    ("POST", "/v1/common-agreements/2026/org-a/status", {"status": "sent"}, OFFICER),
]


def test_the_table_covers_every_v1_route(allocation_app) -> None:
    def general(path: str) -> str:
        for name in (
            "vacancy_id",
            "seeker_id",
            "offer_id",
            "application_id",
            "check_id",
            "dispensation_id",
            "letter_id",
        ):
            path = path.replace("{" + name + "}", "{id}")
        path = path.replace("/common-agreements/2026/org-a", "/common-agreements/{year}/{organisation_code}")
        return path.replace("/2026/A1", "/{year}/{area_code}").replace(
            "/agreements/2026", "/agreements/{year}"
        )

    served = {
        (method.upper(), general(path))
        for path, operations in allocation_app.openapi()["paths"].items()
        if path.startswith("/v1/") and path != "/v1/me"
        for method in operations
    }
    tabled = {
        (
            method,
            general(path.split("?")[0].replace("999999", "{id}").replace("/areas/A1", "/areas/{area_code}")),
        )
        for method, path, _, _ in TABLE
    }
    assert served == tabled


@pytest.mark.parametrize(
    ("method", "path", "body", "allowed"), TABLE, ids=[f"{m} {p}" for m, p, _, _ in TABLE]
)
async def test_each_role_is_let_through_or_refused(
    client: httpx.AsyncClient, as_role, method: str, path: str, body: object, allowed: set[Role]
) -> None:
    kwargs = {"json": body} if body is not None else {}
    anonymous = await client.request(method, path, **kwargs)
    assert anonymous.status_code == 401, anonymous.text
    for role in Role:
        response = await client.request(method, path, headers=as_role(role, "org-a"), **kwargs)
        if role in allowed:
            assert response.status_code not in (401, 403), f"{role}: {response.status_code} {response.text}"
        else:
            assert response.status_code == 403, f"{role}: {response.status_code} {response.text}"
