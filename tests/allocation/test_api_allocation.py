"""Municipal allocation: seekers, ranked candidates with reasons, offers, decline consequences, letting."""

from datetime import date
from typing import Any

import httpx
import pytest

from tests.allocation.factories import (
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


async def municipal_vacancy(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    fake: FakeCategorisation,
    area: str = "GRN-1",
    **extra: Any,
) -> dict[str, Any]:
    await setup_areas(client, officer, fake)
    await set_share(client, officer, area, 100)  # the flexible share stays the category's own
    receipt = await ok(await report(client, officer, vacancy(f"mv-{area}", area, **extra)), 201)
    assert receipt["channel"] == "municipal"
    return receipt


def period(benefit: str, first: str, last: str | None = None) -> dict[str, Any]:
    return {"benefit": benefit, "first_month": first, "last_month": last}


def ongoing(benefit: str) -> dict[str, Any]:
    return period(benefit, "2025-01-01")


async def register(
    client: httpx.AsyncClient, officer: dict[str, str], name: str, **facts: Any
) -> dict[str, Any]:
    return await ok(await client.post("/v1/seekers", json=seeker(name, **facts), headers=officer), 201)


async def test_a_seeker_keeps_only_end_dates_never_the_offence(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    created = await register(
        client,
        officer,
        "Hanne Hansen",
        released_from_prison_on="2026-01-15",
        benefit_periods=[
            {"benefit": "kontanthjaelp", "first_month": "2025-04-20", "last_month": "2025-12-03"}
        ],
    )
    assert created["reference"] == f"BS-{created['id']:05d}"
    assert created["released_from_prison_on"] == "2026-01-15"
    assert created["released_from_prison_date_unknown"] is False
    # months are kept as their first day
    assert created["benefit_periods"] == [
        {
            "benefit": "kontanthjaelp",
            "first_month": "2025-04-01",
            "last_month": "2025-12-01",
            "date_unknown": False,
        }
    ]
    assert created["dates_to_complete"] == []
    # when each ban lapses by itself: the last offer date within 6 months of the end
    assert created["ban_until"] == {
        "released_from_prison": "2026-07-15",
        "benefit_periods.kontanthjaelp": "2026-06-30",
    }
    for bad in (
        {"offence": "theft"},
        {"released_from_prison_6m": True},  # the old yes/no fact is gone
        {"benefit_periods": [{"benefit": "lottery", "first_month": "2025-01-01"}]},
        {"benefit_periods": [{"benefit": "kontanthjaelp"}]},  # neither a first month nor "unknown"
        {
            "benefit_periods": [
                {"benefit": "kontanthjaelp", "first_month": "2025-05-01", "last_month": "2025-04-01"}
            ]
        },
    ):
        refused = await client.post("/v1/seekers", json=seeker("X", **bad), headers=officer)
        assert refused.status_code == 422, bad
    changed = await ok(
        await client.patch(f"/v1/seekers/{created['id']}", json={"urgency": "acute"}, headers=officer)
    )
    assert (changed["urgency"], changed["released_from_prison_on"]) == ("acute", "2026-01-15")
    cleared = await ok(
        await client.patch(
            f"/v1/seekers/{created['id']}", json={"released_from_prison_on": None}, headers=officer
        )
    )
    assert cleared["released_from_prison_on"] is None


async def test_a_date_unknown_fact_is_listed_until_the_officer_completes_it(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    created = await register(
        client,
        officer,
        "Ukendt",
        tenancy_terminated_date_unknown=True,
        benefit_periods=[{"benefit": "overgangsydelse", "date_unknown": True}],
    )
    assert created["dates_to_complete"] == ["tenancy_terminated", "benefit_periods.overgangsydelse"]
    completed = await ok(
        await client.patch(
            f"/v1/seekers/{created['id']}",
            json={
                "tenancy_terminated_on": "2025-06-30",
                "benefit_periods": [
                    {"benefit": "overgangsydelse", "first_month": "2024-01-01", "last_month": "2024-12-01"}
                ],
            },
            headers=officer,
        )
    )
    assert completed["dates_to_complete"] == []
    assert completed["tenancy_terminated_date_unknown"] is False
    stored = await ok(await client.get(f"/v1/seekers/{created['id']}", headers=officer))
    assert stored["tenancy_terminated_on"] == "2025-06-30" and stored["dates_to_complete"] == []


async def test_candidates_are_ranked_with_reasons_and_exclusions_name_the_paragraph(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    # PINK-1 is a prevention area: § 59 stk. 7 applies.
    receipt = await municipal_vacancy(client, officer, fake_categorisation, "PINK-1")
    senior = await register(client, officer, "Senior", registered_on="2020-01-01")
    acute = await register(client, officer, "Akut", urgency="acute", registered_on="2025-06-01")
    banned = await register(client, officer, "Udelukket", tenancy_terminated_on="2026-02-01")
    big = await register(client, officer, "Stor familie", rooms_min=5)
    shy = await register(client, officer, "Ydelse", benefit_periods=[ongoing("overgangsydelse")])
    kontant = await register(client, officer, "Kontant", benefit_periods=[ongoing("kontanthjaelp")])

    result = await ok(await client.get(f"/v1/vacancies/{receipt['id']}/candidates", headers=officer))
    assert result["bans_checked"] == ["ABL § 59 stk. 7"]
    assert [t["code"] for t in result["tie_breakers"]] == [
        "urgency",
        "area_wish",
        "rooms_fit",
        "seniority",
        "reference",
    ]
    assert [(c["seeker_id"], c["rank"]) for c in result["candidates"]] == [
        (acute["id"], 1),
        (senior["id"], 2),
        (kontant["id"], 3),  # kontanthjælp is not among the stk. 7 benefits
    ]
    assert [r["code"] for r in result["candidates"][0]["reasons"]] == [
        "urgency",
        "area_wish",
        "rooms_fit",
        "seniority",
        "bans_clear",
    ]
    excluded = {e["seeker_id"]: e["reasons"] for e in result["excluded"]}
    assert excluded[banned["id"]][0]["code"] == "ban_tenancy_terminated"
    assert excluded[banned["id"]][0]["paragraph"] == "ABL § 59 stk. 7, nr. 3"
    assert excluded[shy["id"]][0]["paragraph"] == "ABL § 59 stk. 7, nr. 5"
    assert [r["code"] for r in excluded[big["id"]]] == ["too_few_rooms"]


@pytest.mark.parametrize(
    ("area", "facts", "banned"),
    [
        ("RED-1", {"benefit_periods": [ongoing("kontanthjaelp")]}, True),  # stk. 6 nr. 5
        ("YEL-1", {"non_eu_citizen": True}, True),  # combined letting area: stk. 6
        ("YEL-1", {"non_eu_citizen": True, "non_eu_citizen_is_student": True}, False),
        ("GRN-1", {"released_from_prison_on": "2026-02-01"}, False),  # no designation, no ban
        # The clock says 2 March 2026: 6 calendar months back is 2 September 2025.
        ("RED-1", {"released_from_prison_on": "2025-09-01"}, False),  # the day before: lapsed
        ("RED-1", {"released_from_prison_on": "2025-09-02"}, True),  # on the boundary
        ("RED-1", {"released_from_youth_placement_on": "2025-09-03"}, True),  # after it
        ("PINK-1", {"tenancy_terminated_on": "2025-09-02"}, True),  # stk. 7 nr. 3
        ("PINK-1", {"tenancy_terminated_on": "2025-09-01"}, False),
        # 6 months ending August 2025 (31 August < 2 September): lapsed; ending September: bans
        ("RED-1", {"benefit_periods": [period("kontanthjaelp", "2025-03-01", "2025-08-01")]}, False),
        ("RED-1", {"benefit_periods": [period("kontanthjaelp", "2025-04-01", "2025-09-01")]}, True),
        # ongoing since October 2025: 6 months by March 2026; since November: 5
        ("RED-1", {"benefit_periods": [period("uddannelseshjaelp", "2025-10-01")]}, True),
        ("RED-1", {"benefit_periods": [period("uddannelseshjaelp", "2025-11-01")]}, False),
        # a "date unknown" fact stops the offer until completed, where the item applies
        ("RED-1", {"released_from_prison_date_unknown": True}, True),
        ("GRN-1", {"released_from_prison_date_unknown": True}, False),
    ],
)
async def test_bans_follow_the_areas_designations(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    fake_categorisation: FakeCategorisation,
    area: str,
    facts: dict[str, Any],
    banned: bool,
) -> None:
    receipt = await municipal_vacancy(client, officer, fake_categorisation, area)
    person = await register(client, officer, "Person", **facts)
    result = await ok(await client.get(f"/v1/vacancies/{receipt['id']}/candidates", headers=officer))
    assert (person["id"] in {e["seeker_id"] for e in result["excluded"]}) is banned
    offer = await client.post(
        f"/v1/vacancies/{receipt['id']}/offers", json={"seeker_id": person["id"]}, headers=officer
    )
    assert offer.status_code == (422 if banned else 201), offer.text


async def test_offer_decline_with_consequence_then_accept_and_let(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation, clock: Clock
) -> None:
    receipt = await municipal_vacancy(client, officer, fake_categorisation)
    first = await register(client, officer, "Første", registered_on="2019-01-01")
    second = await register(client, officer, "Anden", registered_on="2021-01-01")
    vacancy_id = receipt["id"]

    offer = await ok(
        await client.post(
            f"/v1/vacancies/{vacancy_id}/offers", json={"seeker_id": first["id"]}, headers=officer
        ),
        201,
    )
    assert offer["reply_by"] == "2026-03-07"  # five days (the default) from 2 March
    assert [(p["seeker_id"], p["rank"]) for p in offer["priority_list"]] == [
        (first["id"], 1),
        (second["id"], 2),
    ]
    # One offer at a time.
    again = await client.post(
        f"/v1/vacancies/{vacancy_id}/offers", json={"seeker_id": second["id"]}, headers=officer
    )
    assert again.status_code == 409

    unknown = await client.post(
        f"/v1/offers/{offer['id']}/decline", json={"reason": "weather"}, headers=officer
    )
    assert unknown.status_code == 422
    declined = await ok(
        await client.post(f"/v1/offers/{offer['id']}/decline", json={"reason": "location"}, headers=officer)
    )
    assert (declined["status"], declined["consequence"], declined["parked_until"]) == (
        "declined",
        "parked",
        "2026-04-01",
    )
    assert declined["decision_priority_list"][0] == {
        "seeker_id": first["id"],
        "reference": first["reference"],
        "rank": 1,
    }
    assert (await client.post(f"/v1/offers/{offer['id']}/accept", headers=officer)).status_code == 409

    ranked = await ok(await client.get(f"/v1/vacancies/{vacancy_id}/candidates", headers=officer))
    assert [c["seeker_id"] for c in ranked["candidates"]] == [second["id"]]
    assert ranked["excluded"][0]["reasons"][0]["params"] == {"until": "2026-04-01"}

    offer = await ok(
        await client.post(
            f"/v1/vacancies/{vacancy_id}/offers", json={"seeker_id": second["id"]}, headers=officer
        ),
        201,
    )
    accepted = await ok(
        await client.post(f"/v1/offers/{offer['id']}/accept", json={"note": "ja"}, headers=officer)
    )
    assert accepted["status"] == "accepted" and accepted["decision_priority_list"] is not None
    wrong = await client.post(
        f"/v1/vacancies/{vacancy_id}/letting",
        json={"channel": "municipal", "let_on": "2026-04-01", "seeker_id": first["id"]},
        headers=officer,
    )
    assert wrong.status_code == 409
    letting = await ok(
        await client.post(
            f"/v1/vacancies/{vacancy_id}/letting",
            json={"channel": "municipal", "let_on": "2026-04-01"},
            headers=officer,
        ),
        201,
    )
    assert (letting["channel"], letting["seeker_id"], letting["offer_id"]) == (
        "municipal",
        second["id"],
        offer["id"],
    )
    housed = await ok(await client.get(f"/v1/seekers/{second['id']}", headers=officer))
    assert housed["status"] == "housed"
    detail = await ok(await client.get(f"/v1/vacancies/{vacancy_id}", headers=officer))
    assert [e["kind"] for e in detail["events"]] == [
        "reported",
        "offered",
        "declined",
        "offered",
        "accepted",
        "let",
    ]
    history = await ok(await client.get(f"/v1/seekers/{first['id']}/offers", headers=officer))
    assert [o["decline_reason"] for o in history] == ["location"]


async def test_removal_and_unanswered_offers(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation, clock: Clock
) -> None:
    receipt = await municipal_vacancy(client, officer, fake_categorisation)
    person = await register(client, officer, "Flyttet")
    other = await register(client, officer, "Tavs")
    offer = await ok(
        await client.post(
            f"/v1/vacancies/{receipt['id']}/offers", json={"seeker_id": person["id"]}, headers=officer
        ),
        201,
    )
    declined = await ok(
        await client.post(
            f"/v1/offers/{offer['id']}/decline", json={"reason": "housed_elsewhere"}, headers=officer
        )
    )
    assert declined["consequence"] == "removed"
    assert (await ok(await client.get(f"/v1/seekers/{person['id']}", headers=officer)))["status"] == "removed"

    silent = await ok(
        await client.post(
            f"/v1/vacancies/{receipt['id']}/offers",
            json={"seeker_id": other["id"], "reply_days": 2},
            headers=officer,
        ),
        201,
    )
    clock.today = date(2026, 3, 5)
    result = await ok(await client.post("/v1/vacancies/return-overdue", headers=officer))
    assert result["offers_expired"] == [silent["id"]] and result["returned"] == []
    expired = await ok(await client.get(f"/v1/offers/{silent['id']}", headers=officer))
    assert (expired["status"], expired["decline_reason"], expired["consequence"]) == (
        "expired",
        "no_reply",
        "parked",
    )
    assert (await ok(await client.get(f"/v1/vacancies/{receipt['id']}", headers=officer)))["status"] == "open"


async def test_only_municipal_vacancies_have_candidates(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    receipt = await ok(await report(client, officer, vacancy("wl", "YEL-1")), 201)
    assert receipt["channel"] != "municipal"
    assert (await client.get(f"/v1/vacancies/{receipt['id']}/candidates", headers=officer)).status_code == 409


async def test_rules_and_decline_reasons_are_published(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    rules = await ok(await client.get("/v1/ranking-rules", headers=officer))
    assert [b["paragraph"] for b in rules["bans"]] == ["ABL § 59 stk. 6", "ABL § 59 stk. 7"]
    reasons = {r["code"]: r for r in await ok(await client.get("/v1/decline-reasons", headers=officer))}
    assert reasons["location"]["consequence"] == "parked" and reasons["location"]["park_days"] == 30
    assert reasons["housed_elsewhere"]["consequence"] == "removed"
    assert LETTING_YEAR == 2026


async def test_a_date_unknown_fact_is_an_exclusion_naming_what_to_complete(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    receipt = await municipal_vacancy(client, officer, fake_categorisation, "RED-1")
    person = await register(client, officer, "Ukendt", tenancy_terminated_date_unknown=True)
    result = await ok(await client.get(f"/v1/vacancies/{receipt['id']}/candidates", headers=officer))
    reasons = {e["seeker_id"]: e["reasons"] for e in result["excluded"]}[person["id"]]
    assert [(r["code"], r["params"]["item"], r["paragraph"]) for r in reasons] == [
        ("ban_date_unknown", "tenancy_terminated", "ABL § 59 stk. 6, nr. 3")
    ]
    # Completed with an end long ago: the ban has lapsed and the seeker is a candidate.
    await ok(
        await client.patch(
            f"/v1/seekers/{person['id']}", json={"tenancy_terminated_on": "2024-01-31"}, headers=officer
        )
    )
    result = await ok(await client.get(f"/v1/vacancies/{receipt['id']}/candidates", headers=officer))
    assert person["id"] in {c["seeker_id"] for c in result["candidates"]}


async def test_the_offer_uses_the_list_in_force_on_its_date(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation, clock: Clock
) -> None:
    """DOMAIN § 3: on 30 November 2026 the list of 2025 governs, on 1 December 2026 the list of 2026."""
    receipt = await municipal_vacancy(client, officer, fake_categorisation, "GRN-1")
    person = await register(client, officer, "Løsladt", released_from_prison_on="2026-10-01")
    url = f"/v1/vacancies/{receipt['id']}/candidates"
    clock.today = date(2026, 11, 30)
    before = await ok(await client.get(url, headers=officer))
    assert (before["list_year"], before["designations_source"], before["designations"]) == (2025, "list", [])
    assert person["id"] in {c["seeker_id"] for c in before["candidates"]}

    # 1 December: list 2026 is in force but not loaded: the agreement stands in, with a warning.
    clock.today = date(2026, 12, 1)
    fallback = await ok(await client.get(url, headers=officer))
    assert (fallback["list_year"], fallback["designations_source"]) == (2026, "agreement")
    assert [w["code"] for w in fallback["warnings"]] == ["list_not_loaded"]

    # The 2026 list designates GRN-1 vulnerable; drafting 2027 from it loads it.
    fake_categorisation.approve(2026, {"GRN-1": ("red", ["vulnerable_area"])})
    await ok(await client.post("/v1/agreements/2027/from-categorisation", headers=officer))
    on_list = await ok(await client.get(url, headers=officer))
    assert (on_list["list_year"], on_list["designations_source"], on_list["warnings"]) == (2026, "list", [])
    assert on_list["designations"] == ["vulnerable_area"]
    assert person["id"] in {e["seeker_id"] for e in on_list["excluded"]}
    clock.today = date(2026, 11, 30)
    again = await ok(await client.get(url, headers=officer))
    assert again["designations"] == [] and person["id"] in {c["seeker_id"] for c in again["candidates"]}
