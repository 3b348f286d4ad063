"""A declined case (DOMAIN § 6.4): a new outreach or the closure from its follow-up date on, and the answer
on the duty of care (SEL § 82) and the coercion rules (SEL chapter 24) before it closes. Disclosures: each
passing of case information with its basis, on the case and in the citizen's access-log export."""

from datetime import timedelta
from typing import Any

import httpx
from fastapi import FastAPI

from services.kit import clock
from tests.referrals.conftest import CPR, assign, execute, new_case, raw_rows, step, table, walk

CONSIDERED = {
    "duty_of_care_considered": True,
    "coercion_rules_considered": True,
    "conclusion": "Borgeren er ikke til fare for sig selv eller andre; intet grundlag for at gribe ind.",
}


async def declined_case(
    client: httpx.AsyncClient, caseworker: dict[str, str], app: FastAPI, *, follow_up_in: int
) -> int:
    """A case where the citizen declined, its follow-up date `follow_up_in` days from today."""
    case_id = (await new_case(client, caseworker))["id"]
    await assign(client, caseworker, case_id)
    await walk(client, caseworker, case_id, "assessment")
    later = (clock.today() + timedelta(days=30)).isoformat()
    assert (
        await step(client, caseworker, case_id, "citizen_declined", follow_up_date=later)
    ).status_code == 200
    await client.put(
        f"/v1/cases/{case_id}/children", json={"children_in_household": "no"}, headers=caseworker
    )
    await execute(
        app,
        f"UPDATE {table(app, 'cases')} SET follow_up_date = :due WHERE id = :id",  # noqa: S608
        due=(clock.today() + timedelta(days=follow_up_in)).isoformat(),
        id=case_id,
    )
    return case_id


async def read(client: httpx.AsyncClient, caseworker: dict[str, str], case_id: int) -> dict[str, Any]:
    response = await client.get(f"/v1/cases/{case_id}", headers=caseworker)
    assert response.status_code == 200
    return dict(response.json())


# --- a new outreach after the follow-up date ---------------------------------------------------------


async def test_a_new_outreach_is_refused_the_day_before_the_follow_up_date(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    case_id = await declined_case(client, caseworker, referrals_app, follow_up_in=1)
    early = await step(client, caseworker, case_id, "outreach_planned")
    assert early.status_code == 409
    assert early.json()["errors"] == [{"loc": ["body", "to"], "msg": "new_outreach_before_follow_up_date"}]
    case = await read(client, caseworker, case_id)
    assert (case["state"], case["outcome"]) == ("citizen_declined", "citizen_declined")


async def test_a_new_outreach_starts_on_the_follow_up_date(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    case_id = await declined_case(client, caseworker, referrals_app, follow_up_in=0)
    again = await step(client, caseworker, case_id, "outreach_planned")
    assert again.status_code == 200, again.text
    # In outreach again: no outcome, no follow-up date, and the way on is the outreach's.
    assert (again.json()["state"], again.json()["outcome"], again.json()["follow_up_date"]) == (
        "outreach_planned",
        None,
        None,
    )
    (row,) = [r for r in await raw_rows(referrals_app, "cases") if r["id"] == case_id]
    assert (row["state"], row["outcome"], row["follow_up_date"]) == ("outreach_planned", None, None)
    event = (await read(client, caseworker, case_id))["events"][-1]
    assert (event["from_state"], event["to_state"]) == ("citizen_declined", "outreach_planned")
    assert (await step(client, caseworker, case_id, "outreach_done")).status_code == 200


# --- the duty of care and the coercion rules before a declined case closes ---------------------------


async def test_closing_a_declined_case_needs_the_answer_on_sel_82_and_chapter_24(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    case_id = await declined_case(client, caseworker, referrals_app, follow_up_in=0)
    missing = await step(client, caseworker, case_id, "closed")
    assert missing.status_code == 422
    assert missing.json()["errors"] == [
        {"loc": ["body", "care_consideration"], "msg": "care_consideration_required"}
    ]
    for incomplete in (
        {**CONSIDERED, "conclusion": " "},
        {**CONSIDERED, "coercion_rules_considered": False},
        {k: v for k, v in CONSIDERED.items() if k != "duty_of_care_considered"},
    ):
        refused = await step(client, caseworker, case_id, "closed", care_consideration=incomplete)
        assert refused.status_code == 422, incomplete
    assert (await read(client, caseworker, case_id))["state"] == "citizen_declined"
    assert await raw_rows(referrals_app, "care_considerations") == []

    closed = await step(client, caseworker, case_id, "closed", care_consideration=CONSIDERED)
    assert closed.status_code == 200, closed.text
    case = await read(client, caseworker, case_id)
    (answer,) = case["care_considerations"]
    assert answer["conclusion"] == CONSIDERED["conclusion"]
    assert answer["considered_by"] == "user:karen"
    # It is in the journal, where it cannot be changed afterwards.
    note = next(entry for entry in case["journal"] if entry["id"] == answer["journal_entry_id"])
    assert "serviceloven § 82" in note["text"] and "kapitel 24" in note["text"]
    assert CONSIDERED["conclusion"] in note["text"]
    (stored,) = await raw_rows(referrals_app, "care_considerations")
    assert "fare" not in stored["conclusion"]  # encrypted at rest


async def test_the_answer_belongs_to_closing_a_declined_case_only(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    await assign(client, caseworker, case_id)
    await walk(client, caseworker, case_id, "assessment")
    assert (await step(client, caseworker, case_id, "no_further_action")).status_code == 200
    await client.put(
        f"/v1/cases/{case_id}/children", json={"children_in_household": "no"}, headers=caseworker
    )
    refused = await step(client, caseworker, case_id, "closed", care_consideration=CONSIDERED)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["msg"] == "care_consideration_not_for_this_step"
    assert (await step(client, caseworker, case_id, "closed")).status_code == 200


async def test_before_the_follow_up_date_the_date_is_the_reason_not_the_answer(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    case_id = await declined_case(client, caseworker, referrals_app, follow_up_in=1)
    early = await step(client, caseworker, case_id, "closed", care_consideration=CONSIDERED)
    assert early.status_code == 409
    assert early.json()["errors"][0]["msg"] == "follow_up_date_not_reached"
    assert await raw_rows(referrals_app, "care_considerations") == []


# --- disclosures ---------------------------------------------------------------------------------------


def disclosure(**fields: Any) -> dict[str, Any]:
    return {
        "recipient": "Jobcenter Gladsaxe",
        "information": "At borgeren har kontakt med Råd & Indsats og hvornår.",
        "basis": "legal_provision",
        "legal_provision": "retssikkerhedsloven § 12 a",
        "disclosed_on": clock.today().isoformat(),
        **fields,
    }


async def test_a_disclosure_on_a_legal_provision_is_recorded_and_shown_on_the_case(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    made = await client.post(
        f"/v1/cases/{case_id}/disclosures", json=disclosure(decided_by_name="Lene Leder"), headers=caseworker
    )
    assert made.status_code == 201, made.text
    (shown,) = (await read(client, caseworker, case_id))["disclosures"]
    assert shown["recipient"] == "Jobcenter Gladsaxe"
    assert shown["information"].startswith("At borgeren har kontakt")
    assert (shown["basis"], shown["legal_provision"]) == ("legal_provision", "retssikkerhedsloven § 12 a")
    assert (shown["decided_by_name"], shown["recorded_by"]) == ("Lene Leder", "user:karen")
    assert shown["disclosed_on"] == clock.today().isoformat()
    listed = (await client.get(f"/v1/cases/{case_id}/disclosures", headers=caseworker)).json()
    assert listed == [shown]
    (row,) = await raw_rows(referrals_app, "disclosures")
    assert "Jobcenter" not in row["recipient"] and "borgeren" not in row["information"]  # encrypted
    # Who decided defaults to the caseworker who records it.
    second = await client.post(f"/v1/cases/{case_id}/disclosures", json=disclosure(), headers=caseworker)
    assert second.json()["decided_by_name"] == second.json()["recorded_by_name"]


async def test_substantial_importance_records_section_28_2_and_why(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    url = f"/v1/cases/{case_id}/disclosures"
    basis = {"basis": "substantial_importance", "legal_provision": None}
    missing = await client.post(url, json=disclosure(**basis), headers=caseworker)
    assert missing.status_code == 422
    assert missing.json()["errors"] == [{"loc": ["body", "justification"], "msg": "justification_required"}]
    why = "Hjemmeplejen skal kende faldrisikoen for at kunne hjælpe sikkert."
    made = await client.post(url, json=disclosure(**basis, justification=why), headers=caseworker)
    assert made.status_code == 201
    assert made.json()["legal_provision"] == "forvaltningsloven § 28, stk. 2"
    assert made.json()["justification"] == why


async def test_a_disclosure_on_consent_names_a_consent_in_force_that_day(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    url = f"/v1/cases/{case_id}/disclosures"
    consent_basis = {"basis": "consent", "legal_provision": None}
    # Without a recorded consent, the scope as the citizen gave it is written down.
    assert (await client.post(url, json=disclosure(**consent_basis), headers=caseworker)).json()[
        "errors"
    ] == [{"loc": ["body", "consent_scope"], "msg": "consent_scope_required"}]
    told = await client.post(
        url, json=disclosure(**consent_basis, consent_scope="Mundtligt: til egen læge"), headers=caseworker
    )
    assert told.status_code == 201 and told.json()["consent_scope"] == "Mundtligt: til egen læge"

    given = clock.today() - timedelta(days=5)
    consent = await client.post(
        f"/v1/cases/{case_id}/consents",
        json={"scope": "Oplysninger til egen læge", "given_on": given.isoformat()},
        headers=caseworker,
    )
    consent_id = consent.json()["id"]
    # Now that the case has consents, the disclosure names one.
    unnamed = await client.post(
        url, json=disclosure(**consent_basis, consent_scope="x y z"), headers=caseworker
    )
    assert {e["msg"] for e in unnamed.json()["errors"]} == {"consent_required", "not_for_this_basis"}
    before = disclosure(
        **consent_basis, consent_id=consent_id, disclosed_on=(given - timedelta(days=1)).isoformat()
    )
    assert (await client.post(url, json=before, headers=caseworker)).json()["errors"] == [
        {"loc": ["body", "consent_id"], "msg": "consent_not_in_force"}
    ]
    on_the_day = disclosure(**consent_basis, consent_id=consent_id, disclosed_on=given.isoformat())
    made = await client.post(url, json=on_the_day, headers=caseworker)
    assert made.status_code == 201
    assert (made.json()["consent_id"], made.json()["consent_scope"]) == (
        consent_id,
        "Oplysninger til egen læge",
    )
    # Withdrawn today: not in force today.
    await client.post(
        f"/v1/cases/{case_id}/consents/{consent_id}/withdrawal",
        json={"withdrawn_on": clock.today().isoformat()},
        headers=caseworker,
    )
    withdrawn = await client.post(
        url, json=disclosure(**consent_basis, consent_id=consent_id), headers=caseworker
    )
    assert withdrawn.json()["errors"] == [{"loc": ["body", "consent_id"], "msg": "consent_not_in_force"}]
    other_case = (await new_case(client, caseworker))["id"]
    foreign = await client.post(
        f"/v1/cases/{other_case}/disclosures",
        json=disclosure(**consent_basis, consent_id=consent_id),
        headers=caseworker,
    )
    assert {"loc": ["body", "consent_id"], "msg": "consent_not_on_case"} in foreign.json()["errors"]


async def test_a_disclosure_is_not_recorded_ahead_of_time_nor_without_a_provision(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    url = f"/v1/cases/{case_id}/disclosures"
    tomorrow = (clock.today() + timedelta(days=1)).isoformat()
    assert (
        await client.post(url, json=disclosure(disclosed_on=tomorrow), headers=caseworker)
    ).status_code == 422
    no_provision = await client.post(url, json=disclosure(legal_provision=""), headers=caseworker)
    assert no_provision.json()["errors"] == [
        {"loc": ["body", "legal_provision"], "msg": "legal_provision_required"}
    ]
    assert await raw_rows(referrals_app, "disclosures") == []


async def test_the_citizens_access_log_export_lists_the_disclosures(
    client: httpx.AsyncClient, caseworker: dict[str, str], admin: dict[str, str]
) -> None:
    mine = (await new_case(client, caseworker))["id"]
    someone_else = (await new_case(client, caseworker, citizen={"cpr": "0202802345"}))["id"]
    await client.post(f"/v1/cases/{mine}/disclosures", json=disclosure(), headers=caseworker)
    await client.post(
        f"/v1/cases/{someone_else}/disclosures", json=disclosure(recipient="Politiet"), headers=caseworker
    )
    export = await client.get(f"/v1/access-log?cpr={CPR}", headers=admin)
    assert export.status_code == 200
    (passed,) = export.json()["disclosures"]
    assert passed["recipient"] == "Jobcenter Gladsaxe"
    assert (passed["basis"], passed["legal_provision"]) == ("legal_provision", "retssikkerhedsloven § 12 a")
    assert passed["disclosed_on"] == clock.today().isoformat() and passed["decided_by_name"]
    # The same in the POST variant, and the export is itself logged as covering the disclosures.
    searched = await client.post("/v1/access-log/search", json={"cpr": CPR}, headers=admin)
    assert searched.json()["disclosures"] == [passed]
    logged = searched.json()["entries"][-1]
    assert logged["action"] == "access_log_export" and "disclosures" in logged["fields"]
