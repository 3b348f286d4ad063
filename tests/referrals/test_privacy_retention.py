"""Retention (DOMAIN § 6.6): reporters anonymised early, closed cases deleted at their deadline after an
archive export, every deletion logged, and the access log left whole."""

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from services.kit import clock
from services.kit.state import state_of
from services.referrals.crypto import Cipher
from services.referrals.state import ReferralsState
from tests.referrals.conftest import CPR, assign, execute, new_case, raw_rows, step, table, walk

NOW = datetime.now(UTC)


def read_file(path: Path) -> bytes:
    return path.read_bytes()


async def closed_case(
    client: httpx.AsyncClient, caseworker: dict[str, str], app: FastAPI, days_ago: int, **body: object
) -> int:
    case_id = (await new_case(client, caseworker, **body))["id"]
    await assign(client, caseworker, case_id)
    await walk(client, caseworker, case_id, "assessment")
    await step(client, caseworker, case_id, "no_further_action")
    await client.put(
        f"/v1/cases/{case_id}/children", json={"children_in_household": "no"}, headers=caseworker
    )
    assert (await step(client, caseworker, case_id, "closed")).status_code == 200
    await execute(
        app,
        f"UPDATE {table(app, 'cases')} SET closed_at = :closed WHERE id = :id",  # noqa: S608
        closed=NOW - timedelta(days=days_ago),
        id=case_id,
    )
    return case_id


async def test_retention_anonymises_deletes_archives_and_logs(
    client: httpx.AsyncClient, caseworker: dict[str, str], admin: dict[str, str], referrals_app: FastAPI
) -> None:
    old = await closed_case(client, caseworker, referrals_app, 1826)  # past 1,825 days: deleted
    half_year = await closed_case(client, caseworker, referrals_app, 200, citizen={"cpr": "0202802345"})
    recent = await closed_case(client, caseworker, referrals_app, 10, citizen={"cpr": "0303703456"})
    open_case = (await new_case(client, caseworker, citizen={"cpr": "0404604567"}))["id"]
    old_reference = (await client.get(f"/v1/cases/{old}", headers=caseworker)).json()["reference"]
    log_before = await raw_rows(referrals_app, "access_log")

    dry = await client.post("/v1/retention/run", json={"dry_run": True}, headers=admin)
    assert dry.status_code == 200
    assert (dry.json()["deleted_cases"], dry.json()["anonymised_reports"]) == (1, 2)
    assert len(await raw_rows(referrals_app, "cases")) == 4
    assert await raw_rows(referrals_app, "deletion_log") == []

    run = await client.post("/v1/retention/run", json={}, headers=admin)
    assert run.status_code == 200, run.text
    result = run.json()
    assert (result["deleted_cases"], result["anonymised_reports"]) == (1, 2)
    # Named by the municipality's date, which is not UTC's for an hour or two around midnight.
    assert result["archive_files"] == [f"{old_reference}-{clock.today():%Y%m%d}.json.fernet"]

    remaining = {row["id"] for row in await raw_rows(referrals_app, "cases")}
    assert remaining == {half_year, recent, open_case}
    for name in ("reports", "case_events", "journal_entries", "consents", "offer_referrals"):
        assert old not in {row["case_id"] for row in await raw_rows(referrals_app, name)}, name
    reports = {row["case_id"]: row for row in await raw_rows(referrals_app, "reports")}
    assert (
        reports[half_year]["reporter_name"] is None
        and reports[half_year]["reporter_anonymised_at"] is not None
    )
    assert reports[recent]["reporter_name"] is not None and reports[recent]["reporter_anonymised_at"] is None
    assert reports[open_case]["reporter_name"] is not None

    # The access log is untouched: every earlier read is still there, and still found by the person's CPR.
    assert (await raw_rows(referrals_app, "access_log"))[: len(log_before)] == log_before
    export = (await client.post("/v1/access-log/search", json={"cpr": CPR}, headers=admin)).json()
    assert old_reference in {e["case_reference"] for e in export["entries"]}

    deletions = (await client.get("/v1/retention/deletions", headers=admin)).json()
    assert sorted(d["kind"] for d in deletions) == [
        "case_deleted",
        "reporter_anonymised",
        "reporter_anonymised",
    ]
    deleted = next(d for d in deletions if d["kind"] == "case_deleted")
    assert deleted["case_reference"] == old_reference and deleted["actor"] == "user:admin"
    assert "Testa" not in json.dumps(deletions)

    # The archive export: written before the deletion, encrypted, and complete.
    settings = state_of(referrals_app, ReferralsState).settings
    content = read_file(settings.archive_path / deleted["archive_file"])
    assert b"Testa" not in content and CPR.encode() not in content
    assert hashlib.sha256(content).hexdigest() == deleted["archive_sha256"]
    cipher: Cipher = state_of(referrals_app, ReferralsState).cipher
    document = json.loads(cipher.decrypt_bytes(content))
    assert document["reference"] == old_reference
    assert document["citizen"]["cpr"] == CPR and document["citizen"]["name"] == "Testa Testesen"
    assert document["reports"][0]["concern"].startswith("Naboen")
    assert [e["to_state"] for e in document["events"] if e["kind"] == "transition"][-1] == "closed"

    again = (await client.post("/v1/retention/run", json={}, headers=admin)).json()
    assert (again["deleted_cases"], again["anonymised_reports"]) == (0, 0)


async def test_retention_leaves_open_and_recent_cases_alone(
    client: httpx.AsyncClient, caseworker: dict[str, str], admin: dict[str, str], referrals_app: FastAPI
) -> None:
    await new_case(client, caseworker)
    await closed_case(client, caseworker, referrals_app, 182)  # one day before anonymisation
    result = (await client.post("/v1/retention/run", json={}, headers=admin)).json()
    assert (result["deleted_cases"], result["anonymised_reports"]) == (0, 0)
    assert len(await raw_rows(referrals_app, "cases")) == 2


async def test_reads_before_the_cpr_was_known_are_in_the_persons_export_also_after_deletion(
    client: httpx.AsyncClient, caseworker: dict[str, str], admin: dict[str, str], referrals_app: FastAPI
) -> None:
    case_id = (await new_case(client, caseworker, citizen={"cpr": None}))["id"]
    reference = (await client.get(f"/v1/cases/{case_id}", headers=caseworker)).json()["reference"]
    await client.get("/v1/cases", headers=caseworker)
    before = await raw_rows(referrals_app, "access_log")
    assert len(before) == 2 and all(row["subject_hash"] is None for row in before)
    # The CPR number is found later and added to the case.
    added = await client.patch(
        f"/v1/cases/{case_id}/citizen", json={"cpr": CPR, "reason": "CPR fundet"}, headers=caseworker
    )
    assert added.status_code == 200, added.text
    await client.get(f"/v1/cases/{case_id}", headers=caseworker)
    assert (await raw_rows(referrals_app, "access_log"))[:2] == before  # the log itself is not rewritten
    await assign(client, caseworker, case_id)
    await walk(client, caseworker, case_id, "assessment")
    await step(client, caseworker, case_id, "no_further_action")
    await client.put(
        f"/v1/cases/{case_id}/children", json={"children_in_household": "no"}, headers=caseworker
    )
    assert (await step(client, caseworker, case_id, "closed")).status_code == 200
    await execute(
        referrals_app,
        f"UPDATE {table(referrals_app, 'cases')} SET closed_at = :closed WHERE id = :id",  # noqa: S608
        closed=NOW - timedelta(days=1826),
        id=case_id,
    )

    run = await client.post("/v1/retention/run", json={}, headers=admin)
    assert run.json()["deleted_cases"] == 1
    assert case_id not in {row["id"] for row in await raw_rows(referrals_app, "cases")}
    export = (await client.post("/v1/access-log/search", json={"cpr": CPR}, headers=admin)).json()
    reads = [
        (e["action"], e["case_reference"]) for e in export["entries"] if e["action"] != "access_log_export"
    ]
    # The two reads without a CPR, and the one after: all three the person's, the case long gone.
    assert reads == [("read", reference), ("list", reference), ("read", reference)]
    other = (await client.post("/v1/access-log/search", json={"cpr": "0202802345"}, headers=admin)).json()
    assert [e for e in other["entries"] if e["case_reference"] == reference] == []


async def test_a_corrected_cpr_number_moves_only_the_later_reads(
    client: httpx.AsyncClient, caseworker: dict[str, str], admin: dict[str, str]
) -> None:
    wrong, right = "0202802345", CPR
    case_id = (await new_case(client, caseworker, citizen={"cpr": wrong}))["id"]
    await client.get(f"/v1/cases/{case_id}", headers=caseworker)  # a read of the data filed under `wrong`
    await client.patch(
        f"/v1/cases/{case_id}/citizen", json={"cpr": None, "reason": "forkert"}, headers=caseworker
    )
    await client.get(f"/v1/cases/{case_id}", headers=caseworker)  # no CPR on the case: nobody's
    await client.patch(
        f"/v1/cases/{case_id}/citizen", json={"cpr": right, "reason": "rettet"}, headers=caseworker
    )
    await client.get(f"/v1/cases/{case_id}?purpose=citizen_contact", headers=caseworker)

    def purposes(export: dict[str, Any]) -> list[str]:
        return [e["purpose"] for e in export["entries"] if e["action"] == "read"]

    for_wrong = (await client.post("/v1/access-log/search", json={"cpr": wrong}, headers=admin)).json()
    for_right = (await client.post("/v1/access-log/search", json={"cpr": right}, headers=admin)).json()
    assert purposes(for_wrong) == ["casework"]
    assert purposes(for_right) == ["citizen_contact"]
