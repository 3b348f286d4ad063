"""GET /v1/vacancies?order=urgency (issue 16): the vacancies the municipality must act on soonest first.

A municipal vacancy waiting for an offer by its deadline (after which it goes back to the housing
organisation, ABL § 59 stk. 1), an offered one by its offer's reply deadline; overdue ones first, those
without such a date last, ties the earliest reported first, then by id. Sorted and cut by the database, on
SQLite and PostgreSQL alike; without the parameter the answer is what it always was.
"""

from datetime import date, timedelta
from typing import Any

import httpx

from services.kit.auth import Role
from tests.allocation.factories import (
    ORG_A,
    Clock,
    FakeCategorisation,
    ok,
    report,
    seeker,
    set_share,
    setup_areas,
    vacancy,
)

PAGE_KEYS = {"total", "limit", "offset", "items"}
URGENT = "/v1/vacancies?order=urgency&limit=500"


async def _municipal(
    client: httpx.AsyncClient, headers: dict[str, str], name: str, available_from: date
) -> dict[str, Any]:
    receipt = await ok(
        await report(client, headers, vacancy(name, available_from=available_from.isoformat())), 201
    )
    assert receipt["channel"] == "municipal", receipt
    return receipt


async def _offer(
    client: httpx.AsyncClient, officer: dict[str, str], vacancy_id: int, name: str, reply_days: int
) -> dict[str, Any]:
    person = await ok(await client.post("/v1/seekers", json=seeker(name), headers=officer), 201)
    body = {"seeker_id": person["id"], "reply_days": reply_days}
    return await ok(await client.post(f"/v1/vacancies/{vacancy_id}/offers", json=body, headers=officer), 201)


def _names(page: dict[str, Any]) -> list[str]:
    return [item["external_id"] for item in page["items"]]


async def _scene(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake: FakeCategorisation,
    clock: Clock,
) -> None:
    """Vacancies around every boundary of the order, read on 20 March 2026.

    The deadline is 14 days (the configuration) from the later of free and reported.
    """
    await setup_areas(client, officer, fake)
    await set_share(client, officer, "GRN-1", 100, 0)
    # Reported last (5 March) but stored first: a tie on the deadline goes to the earliest reported.
    clock.today = date(2026, 3, 5)
    await _municipal(client, org_a, "tie-reported-later", date(2026, 3, 10))  # deadline 24 March
    clock.today = date(2026, 3, 2)
    await _municipal(client, org_a, "tie-reported-earlier", date(2026, 3, 10))  # deadline 24 March
    await _municipal(client, org_a, "tie-same-day-higher-id", date(2026, 3, 10))  # deadline 24 March
    await _municipal(client, org_a, "overdue-3-days", date(2026, 3, 3))  # deadline 17 March
    await _municipal(client, org_a, "overdue-1-day", date(2026, 3, 5))  # deadline 19 March
    await _municipal(client, org_a, "deadline-today", date(2026, 3, 6))  # deadline 20 March
    offered_late = await _municipal(client, org_a, "reply-by-22-march", date(2026, 3, 10))
    offered_early = await _municipal(client, org_a, "reply-by-18-march", date(2026, 3, 10))
    promised = await _municipal(client, org_a, "accepted", date(2026, 3, 6))  # deadline 20 March
    # Not municipal (the first vacancy of a 25 % area goes to the waiting list): no date of its own.
    waiting_list = await ok(await report(client, org_a, vacancy("waiting-list", "YEL-1")), 201)
    assert waiting_list["channel"] == "waiting_list"
    await _offer(client, officer, offered_late["id"], "Svar 22. marts", reply_days=20)
    await _offer(client, officer, offered_early["id"], "Svar 18. marts", reply_days=16)
    accepted = await _offer(client, officer, promised["id"], "Har sagt ja", reply_days=5)
    await ok(await client.post(f"/v1/offers/{accepted['id']}/accept", headers=officer))
    clock.today = date(2026, 3, 20)


async def test_the_most_urgent_come_first_overdue_before_due_and_ties_the_earliest_reported(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
) -> None:
    await _scene(client, officer, org_a, fake_categorisation, clock)

    page = await ok(await client.get(URGENT, headers=officer))

    assert _names(page) == [
        "overdue-3-days",  # deadline 17 March
        "reply-by-18-march",  # an offer's reply deadline, 2 days past
        "overdue-1-day",  # deadline 19 March
        "deadline-today",  # 20 March: today, not yet overdue
        "reply-by-22-march",
        "tie-reported-earlier",  # 24 March, reported 2 March
        "tie-same-day-higher-id",  # 24 March, reported 2 March, stored after it
        "tie-reported-later",  # 24 March, reported 5 March though stored first
        "accepted",  # promised to the seeker: no deadline runs
        "waiting-list",  # not the municipality's
    ]
    assert (page["order"], page["as_of"], page["total"], page["limit"], page["offset"]) == (
        "urgency",
        "2026-03-20",
        10,
        500,
        0,
    )
    urgency = {item["external_id"]: item["urgency"] for item in page["items"]}
    assert urgency["overdue-3-days"] == {
        "basis": "deadline",
        "by": "2026-03-17",
        "days_left": -3,
        "overdue": True,
    }
    assert urgency["overdue-1-day"] == {
        "basis": "deadline",
        "by": "2026-03-19",
        "days_left": -1,
        "overdue": True,
    }
    assert urgency["deadline-today"] == {
        "basis": "deadline",
        "by": "2026-03-20",
        "days_left": 0,
        "overdue": False,
    }
    assert urgency["reply-by-18-march"] == {
        "basis": "reply_by",
        "by": "2026-03-18",
        "days_left": -2,
        "overdue": True,
    }
    assert urgency["reply-by-22-march"]["by"] == "2026-03-22"
    assert urgency["accepted"] == {"basis": "promised", "by": None, "days_left": None, "overdue": False}
    assert urgency["waiting-list"] == {"basis": "none", "by": None, "days_left": None, "overdue": False}
    # Each item is the vacancy as the list always gave it, with its urgency beside.
    plain = await ok(await client.get("/v1/vacancies?limit=500", headers=officer))
    as_before = {item["id"]: item for item in plain["items"]}
    for item in page["items"]:
        assert {k: v for k, v in item.items() if k != "urgency"} == as_before[item["id"]]


async def test_waiting_and_offered_are_each_in_order_and_paged_without_a_gap(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
) -> None:
    await _scene(client, officer, org_a, fake_categorisation, clock)

    waiting = await ok(await client.get(f"{URGENT}&channel=municipal&status=open", headers=officer))
    offered = await ok(await client.get(f"{URGENT}&channel=municipal&status=offered", headers=officer))

    assert _names(waiting) == [
        "overdue-3-days",
        "overdue-1-day",
        "deadline-today",
        "tie-reported-earlier",
        "tie-same-day-higher-id",
        "tie-reported-later",
    ]
    # Offered: by the reply deadline of the offer awaiting reply, the accepted one last.
    assert _names(offered) == ["reply-by-18-march", "reply-by-22-march", "accepted"]
    assert [i["urgency"]["basis"] for i in offered["items"]] == ["reply_by", "reply_by", "promised"]
    pages = [
        await ok(await client.get(f"/v1/vacancies?order=urgency&limit=4&offset={offset}", headers=officer))
        for offset in (0, 4, 8)
    ]
    assert [len(p["items"]) for p in pages] == [4, 4, 2] and {p["total"] for p in pages} == {10}
    whole = await ok(await client.get(URGENT, headers=officer))
    assert [name for p in pages for name in _names(p)] == _names(whole)


async def test_without_the_order_the_answer_is_unchanged(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
) -> None:
    await _scene(client, officer, org_a, fake_categorisation, clock)

    plain = await client.get("/v1/vacancies", headers=officer)
    newest = await client.get("/v1/vacancies?order=newest", headers=officer)

    assert plain.status_code == 200 and newest.content == plain.content
    body = plain.json()
    assert set(body) == PAGE_KEYS and all("urgency" not in item for item in body["items"])
    keys = [(i["available_from"], i["id"]) for i in body["items"]]
    assert keys == sorted(keys, reverse=True)  # newest first, as before


async def test_an_unknown_order_is_422_naming_the_parameter(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    response = await client.get("/v1/vacancies?order=soonest", headers=officer)

    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["errors"]] == [["query", "order"]]


async def test_a_housing_organisation_gets_its_own_areas_most_urgent_only(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    org_b: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
    as_role,
) -> None:
    await _scene(client, officer, org_a, fake_categorisation, clock)
    await set_share(client, officer, "GRN-2", 100, 0)
    theirs = await ok(await report(client, org_b, vacancy("org-b-1", "GRN-2")), 201)

    mine = await ok(await client.get(URGENT, headers=org_a))
    other = await ok(await client.get(URGENT, headers=org_b))
    system = await ok(await client.get(URGENT, headers=as_role(Role.SYSTEM)))

    assert mine["total"] == 10 and {i["housing_org"] for i in mine["items"]} == {ORG_A}
    assert (other["total"], [i["id"] for i in other["items"]]) == (1, [theirs["id"]])
    assert system["total"] == 11
    for role in (Role.ADMIN, Role.ANALYST, Role.MANAGER, Role.CASEWORKER):
        assert (await client.get(URGENT, headers=as_role(role))).status_code == 403
    assert (await client.get(URGENT)).status_code == 401


async def test_the_first_hundred_of_many_are_the_hundred_most_urgent(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    await set_share(client, officer, "GRN-1", 100, 0)
    clock.today = date(2026, 3, 2)
    for n in range(130):
        # Spread over 45 days, stored out of deadline order, many on the same day.
        await _municipal(client, org_a, f"many-{n:03}", date(2026, 3, 2) + timedelta(days=n * 37 % 45))
    clock.today = date(2026, 3, 30)

    first = await ok(await client.get("/v1/vacancies?order=urgency&limit=100", headers=officer))
    rest = await ok(await client.get("/v1/vacancies?order=urgency&limit=100&offset=100", headers=officer))

    every = (await ok(await client.get("/v1/vacancies?limit=500", headers=officer)))["items"]
    expected = sorted(every, key=lambda v: (v["deadline"], v["reported_on"], v["id"]))
    assert first["total"] == rest["total"] == 130
    assert [v["id"] for v in first["items"]] == [v["id"] for v in expected[:100]]
    assert [v["id"] for v in rest["items"]] == [v["id"] for v in expected[100:]]
    days = [v["urgency"]["days_left"] for v in first["items"] + rest["items"]]
    assert days == sorted(days) and days[0] == -14 and days[-1] == 30  # 16 March … 29 April
    assert [v["urgency"]["overdue"] for v in first["items"]] == [d < 0 for d in days[:100]]
