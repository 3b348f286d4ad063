"""Every endpoint × every role (and no token): the expected allow or deny (DOMAIN § 1, § 6).

Only caseworkers read cases; managers read aggregates; administrators keep the catalogue, export the access
log and run retention but never read a case; other systems may deliver reports and capacities. A denied
caller is refused before anything is looked up, so a 403 says nothing about whether a case exists.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.kit.auth import Role
from tests.referrals.conftest import CPR, assign, headers_for, new_case, report_body, step
from tests.support import KeyPair

# On one backend (tests/conftest.py): a role is refused before any query, and what an allowed caller gets is
# the services' own tests' matter, on both backends.
pytestmark = pytest.mark.one_backend

NO_TOKEN = "no token"
CALLERS = [NO_TOKEN, *Role]
TODAY = date.today().isoformat()
CW, ADMIN, MANAGER, SYSTEM = Role.CASEWORKER, Role.ADMIN, Role.MANAGER, Role.SYSTEM
PUBLIC = frozenset(CALLERS)


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    allowed: frozenset[object]
    body: Any = None
    ok: int = 200

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def offer_body() -> dict[str, Any]:
    return {
        "code": "ny-gruppe",
        "level": 4,
        "name_da": "Ny gruppe",
        "name_en": "New group",
        "needs_assessment": False,
        "provider": "Testkommune",
        "contact_name": "Råd & Indsats",
        "legal_bases": [{"law": "Serviceloven", "paragraph": "§ 82 a", "valid_from": "2018-01-01"}],
    }


DISCLOSURE = {
    "recipient": "Jobcentret",
    "information": "At borgeren har en sag.",
    "basis": "legal_provision",
    "legal_provision": "retssikkerhedsloven § 12 a",
    "disclosed_on": TODAY,
}
DECISION = {
    "outcome": "granted",
    "decision": "Støtte to timer om ugen.",
    "reasons": [{"text": "Borgeren har brug for støtte i hjemmet."}],
    "facts": ["Samtalen ved besøget."],
    "hearing": "Kun borgerens egne oplysninger er brugt.",
}

ENDPOINTS = [
    # public on purpose
    Endpoint("GET", "/v1/concern-form", PUBLIC),
    Endpoint("POST", "/v1/concern-reports", PUBLIC, report_body(), 201),
    Endpoint("POST", "/v1/concern-reports/follow-ups", PUBLIC, "follow-up", 202),
    Endpoint("GET", "/v1/ladder", PUBLIC),
    Endpoint("GET", "/v1/offers", PUBLIC),
    Endpoint("GET", "/v1/offers/open-referral", PUBLIC),
    Endpoint("GET", "/v1/offers/{offer}", PUBLIC),
    # any valid token
    Endpoint("GET", "/v1/me", frozenset(Role)),
    # cases: caseworkers only (intake also by systems)
    Endpoint("GET", "/v1/cases", frozenset({CW})),
    Endpoint("GET", "/v1/cases/overdue", frozenset({CW})),
    Endpoint("POST", "/v1/cases", frozenset({CW, SYSTEM}), report_body(), 201),
    Endpoint("POST", "/v1/cases/lookup", frozenset({CW}), {"cpr": CPR}),
    Endpoint("GET", "/v1/cases/{case}", frozenset({CW})),
    Endpoint("POST", "/v1/cases/{case}/cpr-reveal", frozenset({CW}), {"purpose": "identification"}),
    Endpoint(
        "POST", "/v1/cases/{case}/transitions", frozenset({CW}), {"to": "advice_support", "reason": "råd"}
    ),
    Endpoint("PUT", "/v1/cases/{case}/assignment", frozenset({CW}), {"assignee": "user:karen"}),
    Endpoint("POST", "/v1/cases/{case}/journal", frozenset({CW}), {"text": "Notat."}, 201),
    Endpoint("PUT", "/v1/cases/{case}/children", frozenset({CW}), {"children_in_household": "no"}),
    Endpoint(
        "PATCH", "/v1/cases/{case}/citizen", frozenset({CW}), {"phone": "11223344", "reason": "nyt nr."}
    ),
    Endpoint(
        "POST", "/v1/cases/{case}/consents", frozenset({CW}), {"scope": "Egen læge", "given_on": TODAY}, 201
    ),
    Endpoint(
        "POST", "/v1/cases/{case}/consents/{consent}/withdrawal", frozenset({CW}), {"withdrawn_on": TODAY}
    ),
    Endpoint("POST", "/v1/cases/{case}/referrals", frozenset({CW}), {"offer_id": "{offer}"}, 201),
    Endpoint("PUT", "/v1/cases/{case}/referrals/{referral}/status", frozenset({CW}), {"status": "accepted"}),
    Endpoint("PUT", "/v1/cases/{case}/acute", frozenset({CW}), {"acute_danger": True, "reason": "Akut."}),
    Endpoint("POST", "/v1/cases/{case}/disclosures", frozenset({CW}), DISCLOSURE, 201),
    Endpoint("GET", "/v1/cases/{case}/disclosures", frozenset({CW})),
    # decisions on an offer that needs an assessment, and their letters: caseworkers only
    Endpoint("POST", "/v1/cases/{case}/referrals/{assessed}/decision", frozenset({CW}), DECISION, 201),
    Endpoint("GET", "/v1/cases/{case}/referrals/{decided}/decision", frozenset({CW})),
    Endpoint("GET", "/v1/cases/{case}/referrals/{decided}/decisions", frozenset({CW})),
    Endpoint("GET", "/v1/cases/{case}/referrals/{decided}/decision/letter", frozenset({CW})),
    Endpoint("GET", "/v1/cases/{case}/referrals/{decided}/decision/letter.pdf", frozenset({CW})),
    Endpoint("GET", "/v1/cases/{case}/referrals/{decided}/decisions/{decision}/letter", frozenset({CW})),
    Endpoint("GET", "/v1/cases/{case}/referrals/{decided}/decisions/{decision}/letter.pdf", frozenset({CW})),
    # the catalogue: administrators (capacity also by systems)
    Endpoint("GET", "/v1/catalogue/offers", frozenset({ADMIN})),
    Endpoint("POST", "/v1/offers", frozenset({ADMIN}), offer_body(), 201),
    Endpoint("PATCH", "/v1/offers/{offer}", frozenset({ADMIN}), {"contact_name": "Ny kontakt"}),
    Endpoint(
        "PUT", "/v1/offers/{offer}/capacity", frozenset({ADMIN, SYSTEM}), {"available": 1, "maximum": 3}
    ),
    Endpoint(
        "POST",
        "/v1/offers/{offer}/legal-bases",
        frozenset({ADMIN}),
        {"law": "Serviceloven", "paragraph": "§ 85", "valid_from": "2026-01-01"},
        201,
    ),
    # personal data duties: administrators, who still read no case
    Endpoint("GET", f"/v1/access-log?cpr={CPR}", frozenset({ADMIN})),
    Endpoint("POST", "/v1/access-log/search", frozenset({ADMIN}), {"cpr": CPR}),
    Endpoint("POST", "/v1/retention/run", frozenset({ADMIN}), {"dry_run": True}),
    Endpoint("GET", "/v1/retention/deletions", frozenset({ADMIN})),
    # aggregates: managers (and administrators)
    Endpoint("GET", "/v1/statistics", frozenset({MANAGER, ADMIN})),
]


@pytest.fixture
async def ids(
    request: pytest.FixtureRequest, client: httpx.AsyncClient, caseworker: dict[str, str]
) -> dict[str, Any]:
    """A case reached by outreach, with a consent and a proposed referral; and a public report's receipt.

    The decided referral, with its decision and letter (the costly part: the letter is rendered to PDF), is
    made only for the rows whose path names it."""
    endpoint = getattr(request.node, "callspec", None) and request.node.callspec.params.get("endpoint")
    decided = endpoint is None or "{decided}" in endpoint.path
    case = await new_case(client, caseworker)
    await assign(client, caseworker, case["id"])
    for state in ("outreach_planned", "outreach_done"):
        assert (await step(client, caseworker, case["id"], state)).status_code == 200
    offers = (await client.get("/v1/offers")).json()
    offer = offers[0]["id"]
    assessed_offer = next(o["id"] for o in offers if o["needs_assessment"])
    consent = await client.post(
        f"/v1/cases/{case['id']}/consents", json={"scope": "Lægen", "given_on": TODAY}, headers=caseworker
    )
    made: dict[str, Any] = {"decided": None, "decision": None}
    referrals = [("referral", offer), ("assessed", assessed_offer)]
    for name, offer_id in referrals + ([("decided", assessed_offer)] if decided else []):
        proposed = await client.post(
            f"/v1/cases/{case['id']}/referrals", json={"offer_id": offer_id}, headers=caseworker
        )
        made[name] = proposed.json()["id"]
    if decided:
        decision = await client.post(
            f"/v1/cases/{case['id']}/referrals/{made['decided']}/decision", json=DECISION, headers=caseworker
        )
        assert decision.status_code == 201, decision.text
        made["decision"] = decision.json()["id"]
    receipt = (await client.post("/v1/concern-reports", json=report_body())).json()
    return {"case": case["id"], "offer": offer, "consent": consent.json()["id"], **made, "receipt": receipt}


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str):
        names = ("case", "offer", "consent", "referral", "assessed", "decided", "decision")
        if value in {"{" + name + "}" for name in names}:
            return ids[value[1:-1]]
        for name in names:
            value = value.replace("{" + name + "}", str(ids[name]))
        return value
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


def _body(endpoint: Endpoint, ids: dict[str, Any]) -> Any:
    if endpoint.body == "follow-up":
        receipt = ids["receipt"]
        return {
            "reference": receipt["reference"],
            "follow_up_code": receipt["follow_up_code"],
            "information": "x",
        }
    return _fill(endpoint.body, ids)


def expected(endpoint: Endpoint, caller: object) -> int:
    if caller in endpoint.allowed:
        return endpoint.ok
    return 401 if caller == NO_TOKEN else 403


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
async def test_allow_or_deny(
    client: httpx.AsyncClient, keys: KeyPair, ids: dict[str, Any], endpoint: Endpoint
) -> None:
    """One row of the table: every caller, the refused ones first so that the allowed call acts last."""
    callers = sorted(CALLERS, key=lambda caller: caller in endpoint.allowed)
    got, want = {}, {}
    for caller in callers:
        headers = {} if caller == NO_TOKEN else headers_for(keys, caller)  # type: ignore[arg-type]
        if endpoint.body == "follow-up" or endpoint.path in ("/v1/cases", "/v1/concern-reports"):
            ids["receipt"] = (await client.post("/v1/concern-reports", json=report_body())).json()
        if endpoint.method == "POST" and endpoint.path == "/v1/offers":
            endpoint = Endpoint(
                endpoint.method,
                endpoint.path,
                endpoint.allowed,
                {**offer_body(), "code": f"ny-{len(got)}"},
                201,
            )
        response = await client.request(
            endpoint.method, _fill(endpoint.path, ids), json=_body(endpoint, ids), headers=headers
        )
        got[str(caller)], want[str(caller)] = response.status_code, expected(endpoint, caller)
        if response.status_code == 401:
            assert response.headers["www-authenticate"] == "Bearer"
        if response.status_code in (401, 403):
            # The refusal says nothing about the case or the person.
            assert "Testa" not in response.text and CPR not in response.text
    assert got == want


async def test_a_denied_caller_learns_nothing_about_whether_a_case_exists(
    client: httpx.AsyncClient, keys: KeyPair
) -> None:
    for role in (Role.ADMIN, Role.MANAGER, Role.SYSTEM):
        response = await client.get("/v1/cases/999999", headers=headers_for(keys, role))
        assert response.status_code == 403


def test_the_table_covers_every_route(referrals_app: FastAPI) -> None:
    routes = {
        (method.upper(), path)
        for path, operations in referrals_app.openapi()["paths"].items()
        if path.startswith("/v1/")
        for method in operations
    }
    covered = set()
    for endpoint in ENDPOINTS:
        path = endpoint.path.split("?")[0]
        for name, placeholder in (
            ("case", "{case_id}"),
            ("offer", "{offer_id}"),
            ("consent", "{consent_id}"),
            ("referral", "{referral_id}"),
            ("assessed", "{referral_id}"),
            ("decided", "{referral_id}"),
            ("decision", "{decision_id}"),
        ):
            path = path.replace("{" + name + "}", placeholder)
        covered.add((endpoint.method, path))
    assert routes == covered
