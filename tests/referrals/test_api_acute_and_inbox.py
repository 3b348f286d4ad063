"""Acute reports (DOMAIN § 6.4): the short first-contact deadline at its boundaries, marking a case acute
later, and the inbox order – overdue above everything, then acute, then the rest – read back as stored."""

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.kit import clock
from services.kit.clock import MUNICIPAL_TIME_ZONE
from services.referrals.routes import cases as case_routes
from services.referrals.routes import concern_reports as report_routes
from services.referrals.rules.workflow import acute_first_contact_due
from tests.referrals.conftest import assign, execute, new_case, raw_rows, report_body, table, walk

CPH = MUNICIPAL_TIME_ZONE


def at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment.astimezone(UTC)


async def case_row(app: FastAPI, case_id: int) -> dict[str, Any]:
    return next(row for row in await raw_rows(app, "cases") if row["id"] == case_id)


def as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Friday 23:59 in Copenhagen is still Friday (22:59 UTC): due the same day.
        (datetime(2026, 12, 4, 23, 59, tzinfo=CPH), date(2026, 12, 4)),
        # One minute later it is Saturday in Copenhagen though still Friday in UTC: due Monday.
        (datetime(2026, 12, 5, 0, 0, tzinfo=CPH), date(2026, 12, 7)),
        (datetime(2026, 12, 6, 12, 0, tzinfo=CPH), date(2026, 12, 7)),  # Sunday
        (datetime(2027, 3, 29, 9, 0, tzinfo=CPH), date(2027, 3, 30)),  # Easter Monday 2027
        (datetime(2026, 12, 25, 9, 0, tzinfo=CPH), date(2026, 12, 28)),  # Christmas Day, a Friday
    ],
)
async def test_an_acute_report_is_due_the_same_working_day(
    client: httpx.AsyncClient,
    caseworker: dict[str, str],
    referrals_app: FastAPI,
    monkeypatch: pytest.MonkeyPatch,
    received: datetime,
    due: date,
) -> None:
    monkeypatch.setattr(report_routes, "utcnow", at(received))
    monkeypatch.setattr(case_routes, "utcnow", at(received))
    public = await client.post("/v1/concern-reports", json=report_body(acute_danger=True))
    assert public.status_code == 201
    phoned = await new_case(client, caseworker, acute_danger=True)
    calm = await new_case(client, caseworker)
    rows = {row["reference"]: row for row in await raw_rows(referrals_app, "cases")}
    assert as_date(rows[public.json()["reference"]]["first_contact_due"]) == due
    assert as_date((await case_row(referrals_app, phoned["id"]))["first_contact_due"]) == due
    # A report without acute danger keeps the normal deadline: five calendar days (Gladsaxe).
    calm_due = as_date((await case_row(referrals_app, calm["id"]))["first_contact_due"])
    assert calm_due == received.date() + timedelta(days=5)


async def test_the_caseworker_marks_a_case_acute_and_the_deadline_follows(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    received = as_date((await case_row(referrals_app, case_id))["first_contact_due"]) - timedelta(days=5)
    url = f"/v1/cases/{case_id}/acute"
    assert (await client.put(url, json={"acute_danger": True}, headers=caseworker)).status_code == 422
    marked = await client.put(
        url,
        json={"acute_danger": True, "reason": "Naboen ringede: han truer med at skade sig."},
        headers=caseworker,
    )
    assert marked.status_code == 200, marked.text
    today = clock.today()
    expected = acute_first_contact_due(today, 0)
    assert marked.json()["acute_danger"] is True
    assert marked.json()["first_contact_due"] == expected.isoformat()
    row = await case_row(referrals_app, case_id)
    assert row["acute_danger"] in (True, 1) and as_date(row["first_contact_due"]) == expected
    case = (await client.get(f"/v1/cases/{case_id}", headers=caseworker)).json()
    event = case["events"][-1]
    assert (event["kind"], event["reason"]) == ("acute_marked", "Naboen ringede: han truer med at skade sig.")
    # The reason is stored encrypted, like every other reason.
    assert "truer" not in str(await raw_rows(referrals_app, "case_events"))

    unmarked = await client.put(url, json={"acute_danger": False, "reason": "Fejl."}, headers=caseworker)
    assert unmarked.json()["acute_danger"] is False
    assert unmarked.json()["first_contact_due"] == (received + timedelta(days=5)).isoformat()


async def test_an_acute_addition_from_the_reporter_shortens_the_deadline(
    client: httpx.AsyncClient, referrals_app: FastAPI
) -> None:
    receipt = (await client.post("/v1/concern-reports", json=report_body())).json()
    follow_up = {
        "reference": receipt["reference"],
        "follow_up_code": receipt["follow_up_code"],
        "information": "Nu er det akut.",
        "acute_danger": True,
    }
    assert (await client.post("/v1/concern-reports/follow-ups", json=follow_up)).status_code == 202
    (row,) = await raw_rows(referrals_app, "cases")
    assert row["acute_danger"] in (True, 1)
    assert as_date(row["first_contact_due"]) == acute_first_contact_due(clock.today(), 0)


async def test_a_contacted_case_marked_acute_keeps_its_deadline(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    case_id = (await new_case(client, caseworker))["id"]
    await assign(client, caseworker, case_id)
    await walk(client, caseworker, case_id, "outreach_done")
    before = (await case_row(referrals_app, case_id))["first_contact_due"]
    marked = await client.put(
        f"/v1/cases/{case_id}/acute", json={"acute_danger": True, "reason": "Ny viden."}, headers=caseworker
    )
    assert marked.status_code == 200
    assert (await case_row(referrals_app, case_id))["first_contact_due"] == before


async def test_the_inbox_puts_overdue_above_acute_above_the_rest(
    client: httpx.AsyncClient, caseworker: dict[str, str], referrals_app: FastAPI
) -> None:
    normal_old = (await new_case(client, caseworker))["id"]
    overdue_old = (await new_case(client, caseworker))["id"]
    overdue_older = (await new_case(client, caseworker))["id"]
    acute_new = (await new_case(client, caseworker, acute_danger=True))["id"]
    normal_new = (await new_case(client, caseworker))["id"]
    contacted_late = (await new_case(client, caseworker))["id"]
    cases = table(referrals_app, "cases")
    now = datetime.now(UTC)
    for case_id, days_ago, due_days_ago in (
        (normal_old, 3, -2),  # received three days ago, due in two: not overdue
        (overdue_old, 8, 3),
        (overdue_older, 10, 5),
        (contacted_late, 9, 4),  # past its deadline, but contacted: not overdue
    ):
        await execute(
            referrals_app,
            f"UPDATE {cases} SET received_at = :received, first_contact_due = :due WHERE id = :id",  # noqa: S608
            received=(now - timedelta(days=days_ago)).isoformat(),
            due=(clock.today() - timedelta(days=due_days_ago)).isoformat(),
            id=case_id,
        )
    await assign(client, caseworker, contacted_late)
    await walk(client, caseworker, contacted_late, "outreach_done")

    inbox = (await client.get("/v1/cases", headers=caseworker)).json()
    order = [item["id"] for item in inbox["items"]]
    # Overdue first, the longest overdue on top; then acute; then the rest, newest first.
    assert order == [overdue_older, overdue_old, acute_new, normal_new, normal_old, contacted_late]
    assert [item["overdue"] for item in inbox["items"]][:3] == [True, True, False]
    # Page by page the order is the same: it is the database's, not a sort of one page.
    paged = []
    for offset in range(len(order)):
        page = (await client.get(f"/v1/cases?limit=1&offset={offset}", headers=caseworker)).json()
        paged += [item["id"] for item in page["items"]]
    assert paged == order
