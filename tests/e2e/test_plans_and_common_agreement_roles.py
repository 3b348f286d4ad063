"""Every endpoint of CONTRACT §§ 8–9 through the real gateway, as each demo identity (issue 14's done-when):
the analyst writes plans, the analyst and the allocation officer write dialogues, the officer sends and agrees
the common letting agreement, the manager sees the year's evaluation as counts, a housing organisation reads
its own, and without a login only the published plans are readable.

The stack is shared, so nothing here changes it: a role that may write sends an invalid body and gets 422 (the
role is checked before the body), one that may not gets 403, and without a token 401.
"""

import httpx
import pytest

from tests.e2e.conftest import DEMO_IDENTITIES

pytestmark = pytest.mark.e2e

YEAR = 2026
OWN = "demo-boligorganisation"  # the demo client's organisation
OTHER = "demo-boligselskabet-nord"  # sent for 2026, agreed for 2025 in the demo
EVERYONE = (*DEMO_IDENTITIES, None)

# (method, path, the identities that pass the role check); everyone else gets 403, no token 401.
WRITES = [
    ("POST", "/api/categorisation/v1/area-plans", {"analyst"}),
    ("PUT", "/api/categorisation/v1/area-plans/{plan}", {"analyst"}),
    ("POST", "/api/categorisation/v1/area-plans/{plan}/targets", {"analyst"}),
    ("POST", "/api/categorisation/v1/initiatives", {"analyst"}),
    ("PUT", "/api/categorisation/v1/initiatives/{initiative}", {"analyst"}),
    ("POST", "/api/categorisation/v1/dialogues", {"analyst", "officer"}),
    ("POST", f"/api/allocation/v1/common-agreements/{YEAR}/{OTHER}/status", {"officer"}),
]
STAFF_READERS = {"admin", "analyst", "officer"}
READS = [
    ("/api/categorisation/v1/area-plans", {*STAFF_READERS, "housing-org-demo"}),
    # The demo plan names the client's organisation, so its client reads it (another's: tests/categorisation).
    ("/api/categorisation/v1/area-plans/{own_plan}", {*STAFF_READERS, "housing-org-demo"}),
    (
        f"/api/categorisation/v1/area-plans/{{own_plan}}/evaluation?year={YEAR}",
        {*STAFF_READERS, "housing-org-demo"},
    ),
    ("/api/categorisation/v1/initiatives", STAFF_READERS),
    (f"/api/categorisation/v1/dialogues?year={YEAR}", {*STAFF_READERS, "housing-org-demo"}),
    (f"/api/categorisation/v1/years/{YEAR}/target-evaluation", {*STAFF_READERS, "manager"}),
    (f"/api/allocation/v1/common-agreements?year={YEAR}", {*STAFF_READERS, "housing-org-demo"}),
    (f"/api/allocation/v1/common-agreements/{YEAR}/{OTHER}", STAFF_READERS),
    (f"/api/allocation/v1/common-agreements/{YEAR}/{OTHER}/pdf", STAFF_READERS),
]


def _headers(tokens: dict[str, str], who: str | None) -> dict[str, str]:
    return {} if who is None else {"Authorization": f"Bearer {tokens[who]}"}


@pytest.fixture(scope="module")
def ids(gateway: str, tokens: dict[str, str]) -> dict[str, int]:
    """A demo plan (one naming the client's organisation) and an initiative, read as the analyst."""
    analyst = _headers(tokens, "analyst")
    plans = httpx.get(f"{gateway}/api/categorisation/v1/area-plans", headers=analyst, timeout=10).json()
    initiatives = httpx.get(
        f"{gateway}/api/categorisation/v1/initiatives", headers=analyst, timeout=10
    ).json()
    own = [p["id"] for p in plans if OWN in p["organisation_codes"]]
    assert own and initiatives, "the demo has a plan agreed with the demo organisation, and initiatives"
    return {"plan": plans[0]["id"], "own_plan": own[0], "initiative": initiatives[0]["id"]}


@pytest.mark.parametrize(("method", "path", "writers"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES])
def test_only_the_roles_that_write_get_past_the_role_check(gateway, tokens, ids, method, path, writers):
    url = gateway + path.format(**ids)
    answers = {
        who: httpx.request(method, url, json={"nonsense": True}, headers=_headers(tokens, who), timeout=10)
        for who in EVERYONE
    }
    expected = {who: 401 if who is None else 422 if who in writers else 403 for who in EVERYONE}
    assert {who: a.status_code for who, a in answers.items()} == expected, {
        who: a.text[:200] for who, a in answers.items()
    }


@pytest.mark.parametrize(("path", "readers"), READS, ids=[p for p, _ in READS])
def test_each_reads_what_its_role_may_and_nothing_else(gateway, tokens, ids, path, readers):
    url = gateway + path.format(**ids)
    answers = {who: httpx.get(url, headers=_headers(tokens, who), timeout=30) for who in EVERYONE}
    expected = {who: 401 if who is None else 200 if who in readers else 403 for who in EVERYONE}
    assert {who: a.status_code for who, a in answers.items()} == expected, {
        who: a.text[:200] for who, a in answers.items()
    }


def test_a_housing_organisation_reads_only_its_own_plans_dialogues_and_agreements(gateway, tokens):
    client = _headers(tokens, "housing-org-demo")
    analyst = _headers(tokens, "analyst")
    every_plan = httpx.get(f"{gateway}/api/categorisation/v1/area-plans", headers=analyst, timeout=10).json()
    own_plans = httpx.get(f"{gateway}/api/categorisation/v1/area-plans", headers=client, timeout=10).json()
    assert {p["id"] for p in own_plans} == {p["id"] for p in every_plan if OWN in p["organisation_codes"]}
    dialogues = httpx.get(
        f"{gateway}/api/categorisation/v1/dialogues?year={YEAR}", headers=client, timeout=10
    )
    assert {d["organisation"] for d in dialogues.json()} <= {OWN}
    rows = httpx.get(f"{gateway}/api/allocation/v1/common-agreements?year={YEAR}", headers=client, timeout=10)
    assert [r["organisation"]["code"] for r in rows.json()] == [OWN]
    officer_rows = httpx.get(
        f"{gateway}/api/allocation/v1/common-agreements?year={YEAR}",
        headers=_headers(tokens, "officer"),
        timeout=10,
    ).json()
    assert {OWN, OTHER} <= {r["organisation"]["code"] for r in officer_rows}
    # Another organisation's document is refused; its own is readable once sent (the demo has not sent it).
    other = httpx.get(
        f"{gateway}/api/allocation/v1/common-agreements/{YEAR}/{OTHER}", headers=client, timeout=10
    )
    own = httpx.get(f"{gateway}/api/allocation/v1/common-agreements/{YEAR}/{OWN}", headers=client, timeout=10)
    assert (other.status_code, own.status_code) == (403, 404), (other.text, own.text)


def test_the_common_agreement_through_the_gateway_is_the_stored_version_and_its_pdf(gateway, tokens):
    officer = _headers(tokens, "officer")
    document = httpx.get(
        f"{gateway}/api/allocation/v1/common-agreements/{YEAR}/{OTHER}", headers=officer, timeout=30
    ).json()
    assert (document["status"], document["version"]) == ("sent", 1)
    assert document["areas"] and all(a["categorisation"] for a in document["areas"])
    agreed = httpx.get(
        f"{gateway}/api/allocation/v1/common-agreements/{YEAR - 1}/{OTHER}", headers=officer, timeout=30
    ).json()
    assert agreed["status"] == "agreed" and agreed["agreed_at"]
    pdf = httpx.get(
        f"{gateway}/api/allocation/v1/common-agreements/{YEAR - 1}/{OTHER}/pdf", headers=officer, timeout=30
    )
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_without_a_login_only_published_plans_are_readable(gateway, tokens):
    public = httpx.get(f"{gateway}/api/categorisation/v1/public/area-plans", timeout=10)
    assert public.status_code == 200
    every_plan = httpx.get(
        f"{gateway}/api/categorisation/v1/area-plans", headers=_headers(tokens, "analyst"), timeout=10
    ).json()
    published = {p["id"] for p in every_plan if p["published"]}
    assert {p["id"] for p in public.json()} == published
    unpublished = [p["id"] for p in every_plan if not p["published"]]
    for plan_id in unpublished:
        assert (
            httpx.get(f"{gateway}/api/categorisation/v1/public/area-plans/{plan_id}", timeout=10).status_code
            == 404
        )
