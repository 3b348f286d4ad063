"""The caseworker's workflow over the API (DOMAIN § 6.4): from the report through outreach to a referral."""

from datetime import datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI

from services.kit import clock
from tests.referrals.conftest import CPR, assign, execute, new_case, report_body, step, table, walk

# The service's date: the day in Denmark, which a UTC clock reaches an hour or two later.


async def read(client: httpx.AsyncClient, caseworker: dict[str, str], case_id: int) -> dict[str, Any]:
    response = await client.get(f"/v1/cases/{case_id}", headers=caseworker)
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_a_caseworker_takes_a_case_from_outreach_to_a_referral_and_closes_it(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    case = await read(client, caseworker, case_id)
    assert case["state"] == "received"
    assert case["allowed_transitions"] == []  # assignment first
    assert case["citizen"]["cpr_masked"] == "010190-XXXX"
    assert CPR not in str(case)
    assert case["channel"] == "phone"

    await assign(client, caseworker, case_id)
    for target in ("outreach_planned", "outreach_done", "advice_support", "assessment"):
        response = await step(client, caseworker, case_id, target)
        assert response.status_code == 200, response.text
        assert response.json()["state"] == target
    assert "Testa" not in response.text  # actions answer with the status, never the person

    offers = (await client.get("/v1/offers")).json()
    offer = next(o for o in offers if o["level"] == 3)
    proposed = await client.post(
        f"/v1/cases/{case_id}/referrals",
        json={"offer_id": offer["id"], "note": "Passer godt."},
        headers=caseworker,
    )
    assert proposed.status_code == 201, proposed.text
    referral = proposed.json()
    assert (referral["status"], referral["level"], referral["next_statuses"]) == (
        "proposed",
        3,
        ["accepted", "declined"],
    )
    assert (await step(client, caseworker, case_id, "referred")).status_code == 200
    for status in ("accepted", "started", "ended"):
        changed = await client.put(
            f"/v1/cases/{case_id}/referrals/{referral['id']}/status",
            json={"status": status},
            headers=caseworker,
        )
        assert changed.status_code == 200, changed.text
    refused = await step(client, caseworker, case_id, "closed")
    assert refused.status_code == 409
    assert refused.json()["errors"] == [{"loc": ["body", "to"], "msg": "children_question_unanswered"}]

    children = await client.put(
        f"/v1/cases/{case_id}/children",
        json={"children_in_household": "yes", "notification": "not_needed", "note": "Voksne børn på besøg."},
        headers=caseworker,
    )
    assert children.status_code == 200
    closed = await step(client, caseworker, case_id, "closed")
    assert closed.status_code == 200, closed.text
    assert closed.json()["closed_at"] is not None
    assert closed.json()["outcome"] == "referred"

    case = await read(client, caseworker, case_id)
    assert [e["to_state"] for e in case["events"] if e["kind"] == "transition"] == [
        "outreach_planned",
        "outreach_done",
        "advice_support",
        "assessment",
        "referred",
        "closed",
    ]
    assert all(
        e["actor"] == "user:karen" and e["reason"] for e in case["events"] if e["kind"] == "transition"
    )
    assert case["first_contact_at"] is not None
    assert [h["to_status"] for h in case["referrals"][0]["history"]] == [
        "proposed",
        "accepted",
        "started",
        "ended",
    ]
    assert case["children"]["answer"] == "yes" and case["children"]["notification"] == "not_needed"
    # A closed case takes no more steps.
    assert (await step(client, caseworker, case_id, "assessment")).status_code == 409


async def test_steps_outside_the_workflow_are_refused_with_their_reasons(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    refused = await step(client, caseworker, case_id, "outreach_planned")
    assert refused.status_code == 409
    assert refused.json()["errors"][0]["msg"] == "transition_not_allowed"
    await assign(client, caseworker, case_id)
    no_reason = await client.post(
        f"/v1/cases/{case_id}/transitions", json={"to": "outreach_planned", "reason": " "}, headers=caseworker
    )
    assert no_reason.json()["errors"][0]["msg"] == "reason_required"
    for target in ("outreach_planned", "outreach_done"):
        assert (await step(client, caseworker, case_id, target)).status_code == 200
    # No shortcut past advice and support (DOMAIN § 6.4).
    shortcut = await step(client, caseworker, case_id, "assessment")
    assert shortcut.json()["errors"][0]["msg"] == "transition_not_allowed"
    for target in ("advice_support", "assessment"):
        assert (await step(client, caseworker, case_id, target)).status_code == 200
    back = await step(client, caseworker, case_id, "advice_support")
    assert back.json()["errors"][0]["msg"] == "transition_not_allowed"
    no_referral = await step(client, caseworker, case_id, "referred")
    assert no_referral.json()["errors"][0]["msg"] == "referral_required"
    unknown = await step(client, caseworker, case_id, "teleported")
    assert unknown.status_code == 422


async def test_citizen_declined_is_an_outcome_with_a_follow_up_date(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    await assign(client, caseworker, case_id)
    await walk(client, caseworker, case_id, "assessment")
    missing = await step(client, caseworker, case_id, "citizen_declined")
    assert missing.json()["errors"][0]["msg"] == "follow_up_date_required"
    follow_up = (clock.today() + timedelta(days=30)).isoformat()
    declined = await step(client, caseworker, case_id, "citizen_declined", follow_up_date=follow_up)
    assert declined.status_code == 200
    assert (declined.json()["outcome"], declined.json()["follow_up_date"]) == ("citizen_declined", follow_up)
    assert declined.json()["closed_at"] is None
    # A new outreach or the closure, each on the follow-up date at the earliest (DOMAIN § 6.4).
    assert declined.json()["allowed_transitions"] == ["outreach_planned", "closed"]
    await client.put(
        f"/v1/cases/{case_id}/children", json={"children_in_household": "no"}, headers=caseworker
    )
    # Declining is not a closure: the case stays open until its follow-up date.
    early = await step(client, caseworker, case_id, "closed")
    assert early.status_code == 409
    assert early.json()["errors"] == [{"loc": ["body", "to"], "msg": "follow_up_date_not_reached"}]
    await execute(
        referrals_app,
        f"UPDATE {table(referrals_app, 'cases')} SET follow_up_date = :due WHERE id = :id",  # noqa: S608
        due=clock.today().isoformat(),
        id=case_id,
    )
    considered = {
        "duty_of_care_considered": True,
        "coercion_rules_considered": True,
        "conclusion": "Ingen fare for borgeren; intet grundlag for at handle uden samtykke.",
    }
    closed = await step(client, caseworker, case_id, "closed", care_consideration=considered)
    assert closed.status_code == 200, closed.text
    assert closed.json()["outcome"] == "citizen_declined"


async def test_the_journal_is_append_only_and_corrections_are_new_entries(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    first = await client.post(
        f"/v1/cases/{case_id}/journal", json={"text": "Besøg aftalt tirsdag."}, headers=caseworker
    )
    assert first.status_code == 201
    correction = await client.post(
        f"/v1/cases/{case_id}/journal",
        json={"text": "Rettelse: besøget er onsdag.", "corrects": first.json()["id"]},
        headers=caseworker,
    )
    assert correction.status_code == 201
    journal = (await read(client, caseworker, case_id))["journal"]
    assert [e["text"] for e in journal] == ["Besøg aftalt tirsdag.", "Rettelse: besøget er onsdag."]
    assert journal[0]["corrected_by"] == [journal[1]["id"]]
    assert journal[1]["corrects_id"] == journal[0]["id"]
    # There is no way to change or remove an entry.
    for method in ("PUT", "PATCH", "DELETE"):
        response = await client.request(method, f"/v1/cases/{case_id}/journal", headers=caseworker)
        assert response.status_code == 405
    other = (await new_case(client, caseworker))["id"]
    foreign = await client.post(
        f"/v1/cases/{other}/journal", json={"text": "x", "corrects": first.json()["id"]}, headers=caseworker
    )
    assert foreign.status_code == 404


async def test_consents_have_a_scope_a_date_and_a_withdrawal(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    given = (clock.today() - timedelta(days=10)).isoformat()
    consent = await client.post(
        f"/v1/cases/{case_id}/consents",
        json={"scope": "Videregive oplysninger til egen læge", "given_on": given},
        headers=caseworker,
    )
    assert consent.status_code == 201
    assert consent.json()["active"] is True
    future = await client.post(
        f"/v1/cases/{case_id}/consents",
        json={"scope": "Jobcenter", "given_on": (clock.today() + timedelta(days=1)).isoformat()},
        headers=caseworker,
    )
    assert future.status_code == 409
    url = f"/v1/cases/{case_id}/consents/{consent.json()['id']}/withdrawal"
    too_early = await client.post(
        url, json={"withdrawn_on": (clock.today() - timedelta(days=11)).isoformat()}, headers=caseworker
    )
    assert too_early.status_code == 409
    withdrawn = await client.post(url, json={"withdrawn_on": clock.today().isoformat()}, headers=caseworker)
    assert withdrawn.status_code == 200
    assert (withdrawn.json()["active"], withdrawn.json()["withdrawn_on"]) == (
        False,
        clock.today().isoformat(),
    )
    again = await client.post(url, json={"withdrawn_on": clock.today().isoformat()}, headers=caseworker)
    assert again.status_code == 409
    (stored,) = (await read(client, caseworker, case_id))["consents"]
    assert stored["scope"] == "Videregive oplysninger til egen læge"
    assert stored["given_on"] == given and stored["withdrawn_on"] == clock.today().isoformat()


async def test_the_children_answer_needs_the_notification_decision(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    url = f"/v1/cases/{case_id}/children"
    assert (
        await client.put(url, json={"children_in_household": "yes"}, headers=caseworker)
    ).status_code == 422
    assert (
        await client.put(
            url, json={"children_in_household": "no", "notification": "made"}, headers=caseworker
        )
    ).status_code == 422
    assert (
        await client.put(
            url, json={"children_in_household": "yes", "notification": "made"}, headers=caseworker
        )
    ).status_code == 200


async def test_the_overdue_list_holds_cases_without_contact_after_the_deadline(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    late = (await new_case(client, caseworker))["id"]
    contacted = (await new_case(client, caseworker))["id"]
    fresh = (await new_case(client, caseworker))["id"]
    past = (clock.today() - timedelta(days=2)).isoformat()
    await execute(
        referrals_app,
        f"UPDATE {table(referrals_app, 'cases')} SET first_contact_due = :due WHERE id IN (:a, :b)",  # noqa: S608
        due=past,
        a=late,
        b=contacted,
    )
    await assign(client, caseworker, contacted)
    await walk(client, caseworker, contacted, "outreach_done")
    overdue = (await client.get("/v1/cases/overdue", headers=caseworker)).json()
    assert [c["id"] for c in overdue] == [late]
    assert overdue[0]["overdue"] is True
    inbox = (await client.get("/v1/cases", headers=caseworker)).json()
    flags = {c["id"]: c["overdue"] for c in inbox["items"]}
    assert flags == {late: True, contacted: False, fresh: False}
    received = (
        datetime.fromisoformat(inbox["items"][0]["received_at"]).astimezone(clock.MUNICIPAL_TIME_ZONE).date()
    )
    assert {c["first_contact_due"] for c in inbox["items"] if c["id"] == fresh} == {
        (received + timedelta(days=5)).isoformat()
    }


async def test_the_inbox_scopes_and_acute_cases_first(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    calm = (await new_case(client, caseworker))["id"]
    acute = (await new_case(client, caseworker, acute_danger=True))["id"]
    await assign(client, caseworker, calm)
    inbox = (await client.get("/v1/cases", headers=caseworker)).json()
    assert [c["id"] for c in inbox["items"]] == [acute, calm]
    assert inbox["total"] == 2
    mine = (await client.get("/v1/cases?scope=mine", headers=caseworker)).json()
    assert [c["id"] for c in mine["items"]] == [calm]
    unassigned = (await client.get("/v1/cases?scope=unassigned", headers=caseworker)).json()
    assert [c["id"] for c in unassigned["items"]] == [acute]
    assert (await client.get("/v1/cases?scope=closed", headers=caseworker)).json()["total"] == 0
    assert (await client.get("/v1/cases?scope=everything", headers=caseworker)).status_code == 422


async def test_new_information_from_the_reporter_is_flagged_until_read(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    receipt = (await client.post("/v1/concern-reports", json=report_body())).json()
    await client.post(
        "/v1/concern-reports/follow-ups",
        json={
            "reference": receipt["reference"],
            "follow_up_code": receipt["follow_up_code"],
            "information": "Mere.",
        },
    )
    (item,) = (await client.get("/v1/cases", headers=caseworker)).json()["items"]
    assert item["new_information"] is True
    case = await read(client, caseworker, item["id"])
    assert case["reports"][0]["additions"][0]["information"] == "Mere."
    assert case["channel"] == "public_form"
    (item,) = (await client.get("/v1/cases", headers=caseworker)).json()["items"]
    assert item["new_information"] is False


async def test_lookup_by_cpr_travels_in_the_body(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    mine = (await new_case(client, caseworker))["id"]
    await new_case(client, caseworker, citizen={"cpr": "0202802345"})
    hits = await client.post("/v1/cases/lookup", json={"cpr": "010190-1234"}, headers=caseworker)
    assert hits.status_code == 200
    assert [h["id"] for h in hits.json()] == [mine]
    bad = await client.post("/v1/cases/lookup", json={"cpr": "9999999999"}, headers=caseworker)
    assert bad.status_code == 422
    assert "9999999999" not in bad.text


async def test_the_citizen_details_are_corrected_and_a_cpr_added(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker, citizen={"cpr": None}))["id"]
    assert (await read(client, caseworker, case_id))["citizen"]["cpr_masked"] is None
    patched = await client.patch(
        f"/v1/cases/{case_id}/citizen",
        json={"cpr": "0303703456", "reason": "Oplyst ved besøget"},
        headers=caseworker,
    )
    assert patched.status_code == 200
    case = await read(client, caseworker, case_id)
    assert case["citizen"]["cpr_masked"] == "030370-XXXX"
    event = case["events"][-1]
    assert event["kind"] == "citizen_updated" and "0303703456" not in str(event)
    hits = await client.post("/v1/cases/lookup", json={"cpr": "0303703456"}, headers=caseworker)
    assert [h["id"] for h in hits.json()] == [case_id]


async def test_the_full_cpr_only_through_a_reveal(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    revealed = await client.post(
        f"/v1/cases/{case_id}/cpr-reveal", json={"purpose": "identification"}, headers=caseworker
    )
    assert revealed.json() == {"cpr": CPR}
    no_purpose = await client.post(f"/v1/cases/{case_id}/cpr-reveal", json={}, headers=caseworker)
    assert no_purpose.status_code == 422
    without = (await new_case(client, caseworker, citizen={"cpr": None}))["id"]
    assert (
        await client.post(f"/v1/cases/{without}/cpr-reveal", json={"purpose": "casework"}, headers=caseworker)
    ).status_code == 404


async def test_a_system_delivers_a_report_and_reads_nothing(client: httpx.AsyncClient, as_role: Any) -> None:
    from services.kit.auth import Role

    response = await client.post(
        "/v1/cases", json=report_body(acute_danger=True), headers=as_role(Role.SYSTEM)
    )
    assert response.status_code == 201
    assert set(response.json()) == {"id", "reference", "follow_up_code", "emergency_contacts"}
    assert response.json()["emergency_contacts"]
    assert (
        await client.get(f"/v1/cases/{response.json()['id']}", headers=as_role(Role.SYSTEM))
    ).status_code == 403


async def test_referrals_need_contact_first_and_an_active_offer(
    client: httpx.AsyncClient, caseworker: dict[str, str], admin: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    offer = (await client.get("/v1/offers")).json()[0]
    early = await client.post(
        f"/v1/cases/{case_id}/referrals", json={"offer_id": offer["id"]}, headers=caseworker
    )
    assert early.status_code == 409
    await assign(client, caseworker, case_id)
    await walk(client, caseworker, case_id, "advice_support")
    await client.patch(f"/v1/offers/{offer['id']}", json={"active": False}, headers=admin)
    inactive = await client.post(
        f"/v1/cases/{case_id}/referrals", json={"offer_id": offer["id"]}, headers=caseworker
    )
    assert inactive.status_code == 404
    missing = await client.post(
        f"/v1/cases/{case_id}/referrals", json={"offer_id": 99999}, headers=caseworker
    )
    assert missing.status_code == 404
    other = (await client.get("/v1/offers")).json()[0]
    made = await client.post(
        f"/v1/cases/{case_id}/referrals", json={"offer_id": other["id"]}, headers=caseworker
    )
    assert made.status_code == 201
    skip = await client.put(
        f"/v1/cases/{case_id}/referrals/{made.json()['id']}/status",
        json={"status": "started"},
        headers=caseworker,
    )
    assert skip.status_code == 409
