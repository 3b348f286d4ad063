"""Statutory bookkeeping through the API: § 51 b decisions with the report to the minister (JSON, Danish CSV,
XLSX), and the days the municipality held its municipal vacancies (ABL § 59 stk. 1)."""

import io
from collections.abc import Callable
from datetime import date
from typing import Any

import httpx
import openpyxl
import pytest

from services.kit.auth import Role
from tests.allocation.factories import (
    AREAS,
    LETTING_YEAR,
    Clock,
    FakeCategorisation,
    ok,
    report,
    seeker,
    set_share,
    setup_areas,
    vacancy,
)

Y = LETTING_YEAR  # the clock stands at 2 March 2026


def decision(kind: str, on: str = "2026-02-01", **extra: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "decided_on": on,
        "decided_by": "Økonomiudvalget",
        "justification": "Andelen uden for arbejdsmarkedet er over 40 %.",
        **extra,
    }


async def decide(
    client: httpx.AsyncClient, officer: dict[str, str], area: str, body: dict[str, Any]
) -> httpx.Response:
    return await client.post(f"/v1/areas/{area}/combined-letting-decisions", json=body, headers=officer)


async def flags(
    client: httpx.AsyncClient, officer: dict[str, str], area: str, year: int = Y
) -> tuple[bool, bool]:
    a = await ok(await client.get(f"/v1/agreements/{year}/{area}", headers=officer))
    return a["combined_letting_ordered"], a["combined_letting_extended"]


def error_codes(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    return [e["code"] for e in response.json()["errors"]]


async def test_a_decision_sets_the_agreements_flags_from_its_date_on(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    assert await flags(client, officer, "YEL-1") == (False, False)
    ordered = await ok(await decide(client, officer, "YEL-1", decision("order")), 201)
    assert (ordered["kind"], ordered["decided_on"], ordered["area_name"]) == (
        "order",
        "2026-02-01",
        "Area YEL-1",
    )
    assert await flags(client, officer, "YEL-1") == (True, False)
    await ok(await decide(client, officer, "YEL-1", decision("extend", "2026-02-10")), 201)
    assert await flags(client, officer, "YEL-1") == (True, True)
    # The change is in the agreement's history, and next year's agreement is drafted with it.
    changes = await ok(await client.get(f"/v1/agreements/{Y}/YEL-1/changes", headers=officer))
    assert changes[-1]["changes"] == {"combined_letting_extended": [False, True]}
    fake_categorisation.approve(Y, AREAS)
    await ok(await client.post(f"/v1/agreements/{Y + 1}/from-categorisation", headers=officer))
    assert await flags(client, officer, "YEL-1", Y + 1) == (True, True)
    await ok(await decide(client, officer, "YEL-1", decision("withdraw", "2026-03-02")), 201)
    assert await flags(client, officer, "YEL-1") == (False, False)
    assert await flags(client, officer, "YEL-1", Y + 1) == (False, False)
    history = await ok(await client.get("/v1/areas/YEL-1/combined-letting-decisions", headers=officer))
    assert [d["kind"] for d in history] == ["order", "extend", "withdraw"]


@pytest.mark.parametrize(
    ("area", "body", "expected"),
    [
        ("GRN-1", decision("order"), ["not_combined_letting_area"]),
        ("RED-1", decision("order"), ["not_combined_letting_area"]),
        ("YEL-1", decision("extend"), ["not_ordered"]),
        ("YEL-1", decision("withdraw"), ["not_ordered"]),
        ("YEL-1", decision("order", "2026-03-03"), ["decision_in_future"]),  # the day after today
        ("YEL-1", decision("order", "2025-06-01"), ["designation_unknown"]),  # no 2025 agreement
    ],
)
async def test_decisions_the_law_does_not_allow_are_refused(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    fake_categorisation: FakeCategorisation,
    area: str,
    body: dict[str, Any],
    expected: list[str],
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    response = await decide(client, officer, area, body)
    assert error_codes(response) == expected
    assert response.json()["status"] == 422
    assert await flags(client, officer, area) == (False, False)
    assert await ok(await client.get(f"/v1/areas/{area}/combined-letting-decisions", headers=officer)) == []


async def test_the_decision_on_the_day_itself_is_accepted_and_bad_input_is_422(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    await ok(await decide(client, officer, "YEL-1", decision("order", "2026-03-02")), 201)
    assert (await decide(client, officer, "YEL-1", decision("suspend"))).status_code == 422
    assert (await decide(client, officer, "YEL-1", decision("withdraw", justification=""))).status_code == 422
    assert (await decide(client, officer, "NOPE-1", decision("order"))).status_code == 404


async def test_who_may_record_and_read_decisions(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    fake_categorisation: FakeCategorisation,
    as_role: Callable[..., dict[str, str]],
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    manager = as_role(Role.MANAGER)
    assert (await decide(client, manager, "YEL-1", decision("order"))).status_code == 403
    assert (
        await decide(client, as_role(Role.HOUSING_ORG, "org-a"), "YEL-1", decision("order"))
    ).status_code == 403
    period = {"date_from": "2026-01-01", "date_to": "2026-12-31"}
    assert (
        await client.get("/v1/combined-letting-decisions", params=period, headers=manager)
    ).status_code == 200
    for role in (Role.HOUSING_ORG, Role.ANALYST, Role.CASEWORKER):
        response = await client.get(
            "/v1/combined-letting-decisions", params=period, headers=as_role(role, "org-a")
        )
        assert response.status_code == 403


async def test_the_report_to_the_minister_lists_a_periods_decisions_in_danish(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    fake_categorisation: FakeCategorisation,
    as_role: Callable[..., dict[str, str]],
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    await ok(await decide(client, officer, "YEL-1", decision("order", "2026-01-31")), 201)
    await ok(
        await decide(
            client, officer, "YEL-1", decision("extend", "2026-02-01", justification="=1+1 ikke en formel")
        ),
        201,
    )
    manager = as_role(Role.MANAGER)
    report_ = await ok(
        await client.get(
            "/v1/combined-letting-decisions",
            params={"date_from": "2026-02-01", "date_to": "2026-02-28"},
            headers=manager,
        )
    )
    # The period's bounds are inclusive: 1 February in, 31 January out.
    assert [d["kind"] for d in report_["decisions"]] == ["extend"]
    csv = await client.get(
        "/v1/combined-letting-decisions/export",
        params={"date_from": "2026-01-01", "date_to": "2026-12-31"},
        headers=manager,
    )
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"]
    text = csv.content.decode("utf-8")
    assert text.startswith("\ufeffBeslutningsdato;Områdekode;Boligområde;Beslutning;")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[1].startswith(
        "31-01-2026;YEL-1;Area YEL-1;Påbud om kombineret udlejning;order;Økonomiudvalget;"
    )
    assert "'=1+1 ikke en formel" in lines[2] and "ABL § 51 b" in lines[2]
    machine = await client.get(
        "/v1/combined-letting-decisions/export",
        params={"date_from": "2026-01-01", "date_to": "2026-12-31", "format": "csv-machine"},
        headers=manager,
    )
    assert machine.text.splitlines()[1].startswith("2026-01-31,YEL-1,Area YEL-1,")
    xlsx = await client.get(
        "/v1/combined-letting-decisions/export",
        params={"date_from": "2026-01-01", "date_to": "2026-12-31", "format": "xlsx"},
        headers=manager,
    )
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert [c.value for c in sheet[1]][:4] == ["Beslutningsdato", "Områdekode", "Boligområde", "Beslutning"]
    assert sheet.cell(row=3, column=4).value == "Udvidelse (stk. 1, 2. pkt.)"
    backwards = await client.get(
        "/v1/combined-letting-decisions",
        params={"date_from": "2026-02-01", "date_to": "2026-01-31"},
        headers=manager,
    )
    assert error_codes(backwards) == ["period_order"]


# --- days held --------------------------------------------------------------------------------------


async def municipal(
    client: httpx.AsyncClient, org: dict[str, str], external_id: str, available: str
) -> dict[str, Any]:
    receipt = await ok(await report(client, org, vacancy(external_id, available_from=available)), 201)
    assert receipt["channel"] == "municipal"
    return receipt


async def test_days_held_per_vacancy_per_area_and_in_total(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
    as_role: Callable[..., dict[str, str]],
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    await set_share(client, officer, "GRN-1", 100, 0)
    returned = await municipal(client, org_a, "h-1", "2026-04-01")  # reported 2 March, free 1 April
    let = await municipal(client, org_a, "h-2", "2026-04-01")
    clock.today = date(2026, 4, 6)
    held = await municipal(client, org_a, "h-3", "2026-04-01")  # reported after it was free: from 6 April

    # The letting: offered, accepted, let on 11 April.
    person = await ok(await client.post("/v1/seekers", json=seeker("Søger"), headers=officer), 201)
    offer = await ok(
        await client.post(
            f"/v1/vacancies/{let['id']}/offers", json={"seeker_id": person["id"]}, headers=officer
        ),
        201,
    )
    await ok(await client.post(f"/v1/offers/{offer['id']}/accept", headers=officer))
    letting = {"channel": "municipal", "let_on": "2026-04-11"}
    await ok(await client.post(f"/v1/vacancies/{let['id']}/letting", json=letting, headers=officer), 201)

    clock.today = date(2026, 4, 20)  # h-1 past its deadline of 15 April: returned today
    await ok(await client.post("/v1/vacancies/return-overdue", headers=officer))
    clock.today = date(2026, 4, 26)

    async def days(receipt: dict[str, Any]) -> Any:
        return (await ok(await client.get(f"/v1/vacancies/{receipt['id']}", headers=officer)))["days_held"]

    assert await days(returned) == 19  # 1 April to the return on 20 April
    assert await days(let) == 10  # 1 April to the letting on 11 April
    assert await days(held) == 20  # 6 April to today, 26 April
    statistics = await ok(await client.get("/v1/statistics/days-held", params={"year": Y}, headers=officer))
    assert statistics["areas"] == [
        {
            "area_code": "GRN-1",
            "area_name": "Area GRN-1",
            "municipal_vacancies": 3,
            "still_held": 1,
            "days_total": 49,
            "days_mean": 16.3,
        }
    ]
    assert (statistics["total"]["days_total"], statistics["total"]["municipal_vacancies"]) == (49, 3)
    csv = await client.get("/v1/statistics/days-held/export", params={"year": Y}, headers=officer)
    lines = csv.content.decode("utf-8").lstrip("\ufeff").splitlines()
    assert lines[0] == (
        "Områdekode;Boligområde;Kommunale ledige boliger;Holdes stadig af kommunen;Dage i alt;"
        "Gennemsnit, dage"
    )
    assert lines[1] == "GRN-1;Area GRN-1;3;1;49;16,3"
    assert lines[2] == ";I alt;3;1;49;16,3"
    # The list shows the days too; managers and housing organisations do not read the figures.
    assert (await ok(await client.get("/v1/vacancies", params={"status": "let"}, headers=officer)))["items"][
        0
    ]["days_held"] == 10
    for headers in (as_role(Role.MANAGER), org_a):
        assert (
            await client.get("/v1/statistics/days-held", params={"year": Y}, headers=headers)
        ).status_code == 403


@pytest.mark.parametrize(("decided_on", "accepted"), [("2026-11-30", True), ("2026-12-01", False)])
async def test_the_list_in_force_on_the_decisions_date_decides(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
    decided_on: str,
    accepted: bool,
) -> None:
    """List 2025 names YEL-1 a combined-letting area; list 2026, in force from 1 December 2026, does not."""
    await setup_areas(client, officer, fake_categorisation)
    fake_categorisation.approve(Y, {**AREAS, "YEL-1": ("yellow", [])})
    await ok(await client.post(f"/v1/agreements/{Y + 1}/from-categorisation", headers=officer))
    clock.today = date(2026, 12, 7)
    response = await decide(client, officer, "YEL-1", decision("order", decided_on))
    if accepted:
        await ok(response, 201)
        assert await flags(client, officer, "YEL-1") == (True, False)
    else:
        assert error_codes(response) == ["not_combined_letting_area"]
        assert await flags(client, officer, "YEL-1") == (False, False)
