"""Personal data at rest and the access log (DOMAIN § 6.6): no plaintext in any row, every read logged,
and a log that the database itself refuses to change."""

import json
import logging
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from services.kit.state import process_of
from services.referrals.models import Base
from tests.referrals.conftest import CPR, assign, execute, new_case, raw_rows, report_body, step, table, walk

SECRETS = {
    "cpr": "2412851234",
    "name": "Xenia Hemmeligsen",
    "address": "Skjultvej 77",
    "phone": "55501234",
    "concern": "Bekymring om Xenia: sover i trappeopgangen.",
    "reporter": "Rasmus Anmeldersen",
    "reporter_email": "rasmus@example.org",
    "journal": "Journalnotat: Xenia talte om sin bror.",
    "consent": "Samtykke til kontakt med Xenias læge.",
    "children": "Ingen børn; Xenia bor alene.",
    "reason": "Årsag: Xenia ønskede et nyt møde.",
    "addition": "Tilføjet: Xenia har fået en hund.",
    "referral": "Henvisningsnote om Xenia.",
}


async def fill_every_table(client: httpx.AsyncClient, caseworker: dict[str, str]) -> int:
    body = report_body(
        citizen={
            "name": SECRETS["name"],
            "address": SECRETS["address"],
            "cpr": SECRETS["cpr"],
            "phone": SECRETS["phone"],
        },
        concern=SECRETS["concern"],
        reporter={
            "anonymous": False,
            "name": SECRETS["reporter"],
            "email": SECRETS["reporter_email"],
            "phone": None,
        },
    )
    receipt = (await client.post("/v1/concern-reports", json=body)).json()
    await client.post(
        "/v1/concern-reports/follow-ups",
        json={
            "reference": receipt["reference"],
            "follow_up_code": receipt["follow_up_code"],
            "information": SECRETS["addition"],
        },
    )
    (item,) = (await client.get("/v1/cases", headers=caseworker)).json()["items"]
    case_id = item["id"]
    await assign(client, caseworker, case_id)
    await walk(client, caseworker, case_id, "outreach_done")
    await client.post(
        f"/v1/cases/{case_id}/transitions",
        json={"to": "advice_support", "reason": SECRETS["reason"]},
        headers=caseworker,
    )
    await client.post(f"/v1/cases/{case_id}/journal", json={"text": SECRETS["journal"]}, headers=caseworker)
    await client.post(
        f"/v1/cases/{case_id}/consents",
        json={"scope": SECRETS["consent"], "given_on": date.today().isoformat()},
        headers=caseworker,
    )
    await client.put(
        f"/v1/cases/{case_id}/children",
        json={"children_in_household": "no", "note": SECRETS["children"]},
        headers=caseworker,
    )
    offer = (await client.get("/v1/offers")).json()[0]["id"]
    referral = await client.post(
        f"/v1/cases/{case_id}/referrals",
        json={"offer_id": offer, "note": SECRETS["referral"]},
        headers=caseworker,
    )
    assert referral.status_code == 201
    await client.get(f"/v1/cases/{case_id}", headers=caseworker)
    return int(case_id)


async def test_no_row_of_any_table_holds_personal_data_in_plaintext(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    await fill_every_table(client, caseworker)
    dumped: dict[str, list[dict[str, Any]]] = {}
    for name in Base.metadata.tables:
        short = name.split(".")[-1]
        dumped[short] = await raw_rows(referrals_app, short)
    text_of_everything = repr(dumped)
    for label, secret in SECRETS.items():
        assert secret not in text_of_everything, f"{label} is stored in plaintext"
    for fragment in ("Xenia", "Hemmeligsen", "Skjultvej", "Anmeldersen", "241285"):
        assert fragment not in text_of_everything, fragment
    # The encrypted columns hold Fernet tokens, and the tables we filled are not empty.
    (case,) = dumped["cases"]
    assert case["citizen_cpr"].startswith("gAAAAA") and case["citizen_name"].startswith("gAAAAA")
    assert len(case["citizen_cpr_hash"]) == 64
    for name in (
        "reports",
        "report_additions",
        "journal_entries",
        "consents",
        "case_events",
        "offer_referrals",
    ):
        assert dumped[name], name


async def test_the_caseworker_reads_it_back_decrypted(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    case_id = await fill_every_table(client, caseworker)
    case = (await client.get(f"/v1/cases/{case_id}", headers=caseworker)).json()
    assert case["citizen"]["name"] == SECRETS["name"]
    assert case["citizen"]["cpr_masked"] == "241285-XXXX"
    assert case["reports"][0]["concern"] == SECRETS["concern"]
    assert case["reports"][0]["reporter"]["email"] == SECRETS["reporter_email"]
    assert case["journal"][0]["text"] == SECRETS["journal"]
    assert case["consents"][0]["scope"] == SECRETS["consent"]
    assert case["children"]["note"] == SECRETS["children"]
    assert case["referrals"][0]["note"] == SECRETS["referral"]
    assert SECRETS["reason"] in [e["reason"] for e in case["events"]]


async def access_log(app: FastAPI) -> list[dict[str, Any]]:
    return await raw_rows(app, "access_log")


async def test_every_read_of_a_case_is_in_the_access_log(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    assert await access_log(referrals_app) == []  # taking a report in reads nothing
    await client.get(f"/v1/cases/{case_id}?purpose=citizen_contact", headers=caseworker)
    await client.get("/v1/cases", headers=caseworker)
    await client.post(
        f"/v1/cases/{case_id}/cpr-reveal", json={"purpose": "identification"}, headers=caseworker
    )
    await client.post("/v1/cases/lookup", json={"cpr": CPR, "purpose": "identification"}, headers=caseworker)
    entries = await access_log(referrals_app)
    assert [(e["action"], e["purpose"]) for e in entries] == [
        ("read", "citizen_contact"),
        ("list", "case_list"),
        ("reveal_cpr", "identification"),
        ("lookup", "identification"),
    ]
    for entry in entries:
        assert entry["actor"] == "user:karen"
        assert entry["case_id"] == case_id
        assert entry["at"] is not None
        assert entry["subject_hash"] and len(entry["subject_hash"]) == 64
    fields = [e["fields"] if isinstance(e["fields"], list) else json.loads(e["fields"]) for e in entries]
    assert "reports.concern" in fields[0] and "citizen.cpr_masked" in fields[0]
    assert fields[1] == ["citizen.name"]
    assert fields[2] == ["citizen.cpr"]
    assert CPR not in repr(entries)


async def test_actions_that_answer_with_personal_data_are_logged_reads(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    await assign(client, caseworker, case_id)
    await walk(client, caseworker, case_id, "outreach_done")
    consent = await client.post(
        f"/v1/cases/{case_id}/consents",
        json={"scope": "Tale med egen læge", "given_on": date.today().isoformat()},
        headers=caseworker,
    )
    offer = (await client.get("/v1/offers")).json()[0]["id"]
    referral = await client.post(
        f"/v1/cases/{case_id}/referrals",
        json={"offer_id": offer, "note": "Hemmelig note"},
        headers=caseworker,
    )
    assert await access_log(referrals_app) == []  # writing what one typed reads nothing back
    withdrawn = await client.post(
        f"/v1/cases/{case_id}/consents/{consent.json()['id']}/withdrawal",
        json={"withdrawn_on": date.today().isoformat()},
        headers=caseworker,
    )
    assert withdrawn.json()["scope"] == "Tale med egen læge"  # the stored scope, decrypted
    changed = await client.put(
        f"/v1/cases/{case_id}/referrals/{referral.json()['id']}/status",
        json={"status": "accepted"},
        headers=caseworker,
    )
    assert changed.json()["note"] == "Hemmelig note"
    entries = await access_log(referrals_app)
    assert [(e["action"], e["purpose"], e["actor"], e["case_id"]) for e in entries] == [
        ("withdraw_consent", "casework", "user:karen", case_id),
        ("referral_status", "casework", "user:karen", case_id),
    ]
    fields = [e["fields"] if isinstance(e["fields"], list) else json.loads(e["fields"]) for e in entries]
    assert fields == [["consents.scope"], ["referrals.note"]]
    assert all(e["at"] is not None and e["subject_hash"] for e in entries)
    # A refused withdrawal answers with nothing, and logs nothing.
    again = await client.post(
        f"/v1/cases/{case_id}/consents/{consent.json()['id']}/withdrawal",
        json={"withdrawn_on": date.today().isoformat()},
        headers=caseworker,
    )
    assert again.status_code == 409
    assert len(await access_log(referrals_app)) == 2


async def test_the_overdue_list_is_a_logged_read(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    late = (await new_case(client, caseworker))["id"]
    (await new_case(client, caseworker))["id"]
    await execute(
        referrals_app,
        f"UPDATE {table(referrals_app, 'cases')} SET first_contact_due = :due WHERE id = :id",  # noqa: S608
        due=(date.today() - timedelta(days=3)).isoformat(),
        id=late,
    )
    overdue = (await client.get("/v1/cases/overdue", headers=caseworker)).json()
    assert [c["id"] for c in overdue] == [late]
    entries = await access_log(referrals_app)
    assert [(e["action"], e["purpose"], e["case_id"], e["actor"]) for e in entries] == [
        ("list", "overdue_list", late, "user:karen")
    ]
    fields = entries[0]["fields"]
    assert (fields if isinstance(fields, list) else json.loads(fields)) == ["citizen.name"]


async def test_a_refused_read_is_not_a_read(
    client: httpx.AsyncClient, caseworker: dict[str, str], admin: dict[str, str], referrals_app: FastAPI
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    assert (await client.get(f"/v1/cases/{case_id}", headers=admin)).status_code == 403
    assert await access_log(referrals_app) == []


@pytest.mark.parametrize("log", ["access_log", "deletion_log"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET actor = 'someone else'", "DELETE FROM {t}"])
async def test_the_logs_refuse_update_and_delete_in_the_database_itself(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI, log: str, statement: str
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    await client.get(f"/v1/cases/{case_id}", headers=caseworker)
    if log == "deletion_log":
        async with process_of(referrals_app).session_factory() as session:
            await session.execute(
                text(
                    f"INSERT INTO {table(referrals_app, log)} "  # noqa: S608 - our own table name
                    "(at, actor, kind, case_id, case_reference, case_type, deadline) "
                    "VALUES (:at, 'a', 'case_deleted', 1, 'B-0000-0000', 'concern', :d)"
                ),
                {"at": "2026-01-01 00:00:00+00:00", "d": date(2026, 1, 1)},
            )
            await session.commit()
    before = await raw_rows(referrals_app, log)
    assert before
    async with process_of(referrals_app).session_factory() as session:
        with pytest.raises(DBAPIError) as refused:
            async with session.begin_nested():
                await session.execute(text(statement.format(t=table(referrals_app, log))))
        assert "append-only" in str(refused.value)
    assert await raw_rows(referrals_app, log) == before


@pytest.mark.parametrize("statement", ["UPDATE {t} SET subject_hash = NULL", "DELETE FROM {t}"])
async def test_the_case_subject_links_refuse_update_and_delete_too(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI, statement: str
) -> None:
    await new_case(client, caseworker)  # with a CPR number: linked at intake
    before = await raw_rows(referrals_app, "case_subjects")
    assert len(before) == 1 and before[0]["subject_hash"]
    async with process_of(referrals_app).session_factory() as session:
        with pytest.raises(DBAPIError) as refused:
            async with session.begin_nested():
                await session.execute(text(statement.format(t=table(referrals_app, "case_subjects"))))
        assert "append-only" in str(refused.value)
    assert await raw_rows(referrals_app, "case_subjects") == before


async def test_the_access_log_export_per_person(
    client: httpx.AsyncClient, caseworker: dict[str, str], admin: dict[str, str]
) -> None:
    mine = (await new_case(client, caseworker))["id"]
    other = (await new_case(client, caseworker, citizen={"cpr": "0202802345"}))["id"]
    await client.get(f"/v1/cases/{mine}", headers=caseworker)
    await client.get(f"/v1/cases/{other}", headers=caseworker)
    await client.post(f"/v1/cases/{mine}/cpr-reveal", json={"purpose": "complaint"}, headers=caseworker)

    by_query = await client.get(f"/v1/access-log?cpr={CPR}", headers=admin)
    assert by_query.status_code == 200, by_query.text
    export = by_query.json()
    assert export["cpr_masked"] == "010190-XXXX"
    assert [(e["action"], e["actor"], e["purpose"]) for e in export["entries"]] == [
        ("read", "user:karen", "casework"),
        ("reveal_cpr", "user:karen", "complaint"),
    ]
    assert {e["case_reference"] for e in export["entries"]} == {
        (await client.get(f"/v1/cases/{mine}", headers=caseworker)).json()["reference"]
    }
    # The POST variant keeps the number out of the URL; the earlier export is itself in the log now.
    by_body = await client.post("/v1/access-log/search", json={"cpr": "010190-1234"}, headers=admin)
    actions = [e["action"] for e in by_body.json()["entries"]]
    assert actions[:2] == ["read", "reveal_cpr"]
    assert "access_log_export" in actions
    assert all(
        e["case_reference"] is None for e in by_body.json()["entries"] if e["action"] == "access_log_export"
    )
    nobody = await client.post("/v1/access-log/search", json={"cpr": "0505505555"}, headers=admin)
    assert nobody.json()["entries"] == []


async def test_no_personal_data_in_error_bodies_or_logs(
    client: httpx.AsyncClient, admin: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bad = await client.get("/v1/access-log?cpr=3102901234", headers=admin)
    assert bad.status_code == 422
    assert "3102901234" not in bad.text
    await client.post("/v1/concern-reports", json=report_body(citizen={"name": "Logga Loggesen"}))
    logged = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "3102901234" not in logged and "Logga" not in logged and CPR not in logged
    assert "/v1/access-log" in logged  # the route is logged, its query is not


async def test_the_masked_cpr_is_all_a_list_shows(
    client: httpx.AsyncClient, caseworker: dict[str, str]
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    listing = await client.get("/v1/cases", headers=caseworker)
    assert CPR not in listing.text and "010190" not in listing.text
    single = await client.get(f"/v1/cases/{case_id}", headers=caseworker)
    assert CPR not in single.text and "010190-XXXX" in single.text
    await step(client, caseworker, case_id, "closed")  # refused: nothing leaks in the refusal either
