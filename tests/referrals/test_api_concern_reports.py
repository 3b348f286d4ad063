"""The public concern report (CONTRACT § 7): the reporter gets the receipt and nothing else, ever."""

import re

import httpx
import pytest
from fastapi import FastAPI

from services.kit.state import state_of
from services.referrals.limits import ReportThrottle
from services.referrals.state import ReferralsState
from tests.referrals.conftest import CPR, raw_rows, report_body

RECEIPT_KEYS = {"reference", "follow_up_code", "message_da", "message_en", "emergency_contacts"}
FOLLOW_UP_KEYS = {"message_da", "message_en", "emergency_contacts"}


async def test_a_report_without_a_token_gets_exactly_the_receipt(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/concern-reports", json=report_body())
    assert response.status_code == 201, response.text
    receipt = response.json()
    assert set(receipt) == RECEIPT_KEYS
    assert re.fullmatch(r"B-[0-9A-Z]{4}-[0-9A-Z]{4}", receipt["reference"])
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", receipt["follow_up_code"])
    assert "tavshedspligt" in receipt["message_da"]
    assert "confidentiality" in receipt["message_en"]
    assert receipt["emergency_contacts"] == []
    # Nothing about the case, the citizen or the reporter comes back.
    for secret in ("Testa", "Prøvevej", CPR, "Rita", "forvirret", "assigned", "state", 'id"'):
        assert secret not in response.text
    assert response.headers["cache-control"] == "no-store"


async def test_acute_danger_gives_the_emergency_contacts_at_once(client: httpx.AsyncClient) -> None:
    response = await client.post("/v1/concern-reports", json=report_body(acute_danger=True))
    assert response.status_code == 201
    contacts = response.json()["emergency_contacts"]
    phones = [c["phone"] for c in contacts]
    assert "112" in phones and "1813" in phones and "38 64 50 03" in phones
    assert all(set(c) == {"name", "phone", "note_da", "note_en"} for c in contacts)


async def test_the_form_information_is_public(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/concern-form")
    assert response.status_code == 200
    body = response.json()
    assert body["single_entry_phone"] == "39 57 39 00"
    assert body["single_entry_name"] == "Råd & Indsats"
    assert len(body["emergency_contacts"]) == 4


async def test_an_anonymous_reporter_is_not_stored_even_when_typed_in(
    client: httpx.AsyncClient, referrals_app: FastAPI
) -> None:
    body = report_body(reporter={"anonymous": True, "name": "Skjult Person", "email": "skjult@example.org"})
    assert (await client.post("/v1/concern-reports", json=body)).status_code == 201
    (report,) = await raw_rows(referrals_app, "reports")
    assert report["reporter_anonymous"] in (True, 1)
    assert report["reporter_name"] is None and report["reporter_email"] is None
    assert report["reporter_relation"] is not None  # "nabo": context, not identity


async def test_the_reporters_identity_fields_are_each_optional_as_the_contract_says(
    client: httpx.AsyncClient, referrals_app: FastAPI
) -> None:
    # CONTRACT § 7: "reporter": {"anonymous": bool, "name"?, "phone"?, "email"?, "relation"?}
    response = await client.post(
        "/v1/concern-reports", json=report_body() | {"reporter": {"anonymous": False}}
    )
    assert response.status_code == 201, response.text
    (report,) = await raw_rows(referrals_app, "reports")
    assert report["reporter_anonymous"] in (False, 0)
    assert (report["reporter_name"], report["reporter_phone"], report["reporter_email"]) == (None, None, None)
    only_email = report_body() | {"reporter": {"anonymous": False, "email": "rita@example.org"}}
    assert (await client.post("/v1/concern-reports", json=only_email)).status_code == 201
    # `anonymous` itself is not optional.
    assert (
        await client.post("/v1/concern-reports", json=report_body() | {"reporter": {}})
    ).status_code == 422


async def test_the_follow_up_code_adds_information_and_reads_nothing_back(
    client: httpx.AsyncClient, referrals_app: FastAPI
) -> None:
    receipt = (await client.post("/v1/concern-reports", json=report_body())).json()
    response = await client.post(
        "/v1/concern-reports/follow-ups",
        json={
            "reference": receipt["reference"].lower().replace("-", " "),  # typed loosely still works
            "follow_up_code": receipt["follow_up_code"].lower(),
            "information": "Han har nu også mistet sin hund.",
        },
    )
    assert response.status_code == 202, response.text
    assert set(response.json()) == FOLLOW_UP_KEYS
    assert response.json()["emergency_contacts"] == []
    for secret in ("Testa", "hund", "state", receipt["reference"]):
        assert secret not in response.text
    (addition,) = await raw_rows(referrals_app, "report_additions")
    assert "hund" not in str(addition)
    (case,) = await raw_rows(referrals_app, "cases")
    assert case["new_information_at"] is not None


async def test_a_follow_up_in_acute_danger_shows_the_emergency_numbers(client: httpx.AsyncClient) -> None:
    receipt = (await client.post("/v1/concern-reports", json=report_body())).json()
    response = await client.post(
        "/v1/concern-reports/follow-ups",
        json={
            **{k: receipt[k] for k in ("reference", "follow_up_code")},
            "information": "Nu er det akut.",
            "acute_danger": True,
        },
    )
    assert response.status_code == 202
    assert response.json()["emergency_contacts"]


@pytest.mark.parametrize("wrong", ["reference", "code", "both"])
async def test_a_wrong_reference_or_code_gives_one_and_the_same_answer(
    client: httpx.AsyncClient, wrong: str
) -> None:
    receipt = (await client.post("/v1/concern-reports", json=report_body())).json()
    other = (await client.post("/v1/concern-reports", json=report_body())).json()
    body = {
        "reference": other["reference"] if wrong in ("reference", "both") else receipt["reference"],
        "follow_up_code": "AAAA-BBBB-CCCC" if wrong in ("code", "both") else receipt["follow_up_code"],
        "information": "Mere.",
    }
    if wrong == "reference":
        body["reference"] = "B-0000-0000"
    response = await client.post("/v1/concern-reports/follow-ups", json=body)
    assert response.status_code == 422
    assert response.json()["detail"] == "Check the reference and the follow-up code on your receipt."
    assert receipt["reference"] not in response.text


async def test_one_reports_code_does_not_open_another_report(client: httpx.AsyncClient) -> None:
    first = (await client.post("/v1/concern-reports", json=report_body())).json()
    second = (await client.post("/v1/concern-reports", json=report_body())).json()
    response = await client.post(
        "/v1/concern-reports/follow-ups",
        json={
            "reference": second["reference"],
            "follow_up_code": first["follow_up_code"],
            "information": "x",
        },
    )
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        ({"concern": "x" * 10_001}, ["body", "concern"]),
        ({"concern": ""}, ["body", "concern"]),
        ({"citizen": {"cpr": "3213901234"}}, ["body", "citizen", "cpr"]),
        ({"citizen": {"cpr": "12345"}}, ["body", "citizen", "cpr"]),
        ({"citizen": {"name": "<script>alert(1)</script>"}}, ["body", "citizen", "name"]),
        ({"citizen": {"address": "Vej 1\nInjected: header"}}, ["body", "citizen", "address"]),
        ({"citizen": {"name": "x" * 201}}, ["body", "citizen", "name"]),
        ({"citizen": {"phone": "ring mig"}}, ["body", "citizen", "phone"]),
        ({"reporter": {"email": "ikke-en-adresse"}}, ["body", "reporter", "email"]),
        ({"children_in_household": "maybe"}, ["body", "children_in_household"]),
        ({"concern": "null\x00byte"}, ["body", "concern"]),
        ({"extra": "field"}, ["body", "extra"]),
    ],
)
async def test_bad_input_is_refused_without_echoing_it(
    client: httpx.AsyncClient, change: dict[str, object], loc: list[str]
) -> None:
    response = await client.post("/v1/concern-reports", json=report_body(**change))
    assert response.status_code == 422, response.text
    body = response.json()
    assert response.headers["content-type"] == "application/problem+json"
    assert loc in [error["loc"] for error in body["errors"]]
    assert "3213901234" not in response.text and "script" not in response.text
    assert "input" not in body["errors"][0]


async def test_a_cpr_number_may_be_written_with_a_hyphen_and_may_be_left_out(
    client: httpx.AsyncClient,
) -> None:
    assert (
        await client.post("/v1/concern-reports", json=report_body(citizen={"cpr": "010190-1234"}))
    ).status_code == 201
    assert (
        await client.post("/v1/concern-reports", json=report_body(citizen={"cpr": ""}))
    ).status_code == 201
    assert (
        await client.post("/v1/concern-reports", json=report_body(citizen={"cpr": None}))
    ).status_code == 201


async def test_a_script_in_the_concern_is_stored_as_text(client: httpx.AsyncClient) -> None:
    # Free text may hold anything a person writes; it is encrypted and the pages show it escaped.
    body = report_body(concern="<script>alert('x')</script> og <b>fed</b>")
    assert (await client.post("/v1/concern-reports", json=body)).status_code == 201


async def test_an_oversized_body_is_refused_before_it_is_parsed(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/v1/concern-reports",
        content=b'{"concern": "' + b"x" * 200_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413

    async def chunks():  # no Content-Length: counted as it arrives
        for _ in range(20):
            yield b"x" * 10_000

    response = await client.post(
        "/v1/concern-reports", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


async def test_reports_are_rate_limited_per_client(client: httpx.AsyncClient) -> None:
    statuses = []
    for _ in range(32):
        response = await client.post(
            "/v1/concern-reports", json=report_body(), headers={"x-forwarded-for": "203.0.113.9"}
        )
        statuses.append(response.status_code)
    assert statuses[:30] == [201] * 30
    assert statuses[30:] == [429, 429]
    assert 1 <= int(response.headers["retry-after"]) <= 3600  # the last refusal says how long to wait
    other = await client.post(
        "/v1/concern-reports", json=report_body(), headers={"x-forwarded-for": "203.0.113.10"}
    )
    assert other.status_code == 201


async def test_only_received_reports_count_towards_the_limit(
    client: httpx.AsyncClient, referrals_app: FastAPI
) -> None:
    """A shared address (a library): reports refused for a correction use up nothing."""
    state_of(referrals_app, ReferralsState).report_throttle = ReportThrottle(2, 3600)
    library = {"x-forwarded-for": "203.0.113.20"}
    for _ in range(6):
        typo = await client.post(
            "/v1/concern-reports", json=report_body(citizen={"cpr": "3213901234"}), headers=library
        )
        assert typo.status_code == 422
    assert [
        (await client.post("/v1/concern-reports", json=report_body(), headers=library)).status_code
        for _ in range(3)
    ] == [201, 201, 429]
    refused = await client.post("/v1/concern-reports", json=report_body(), headers=library)
    wait = int(refused.headers["retry-after"])
    assert 1 <= wait <= 3600
    assert f"Try again in {-(-wait // 60)} minute(s)" in refused.json()["detail"]
    assert len(await raw_rows(referrals_app, "cases")) == 2


async def test_a_direct_callers_own_forwarded_for_is_not_believed(
    client: httpx.AsyncClient, referrals_app: FastAPI
) -> None:
    # Not the gateway: a caller reaching the service directly from another host, naming a new address
    # in every request to dodge the per-address limit.
    transport = httpx.ASGITransport(app=referrals_app, client=("198.51.100.7", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as direct:
        statuses = [
            (
                await direct.post(
                    "/v1/concern-reports", json=report_body(), headers={"x-forwarded-for": f"203.0.113.{i}"}
                )
            ).status_code
            for i in range(31)
        ]
    assert statuses[:30] == [201] * 30
    assert statuses[30] == 429


async def test_the_public_routes_are_public_in_the_api_description(client: httpx.AsyncClient) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert "security" not in spec["paths"]["/v1/concern-reports"]["post"]
    assert "security" not in spec["paths"]["/v1/offers"]["get"]
    assert spec["paths"]["/v1/cases"]["get"]["security"]
