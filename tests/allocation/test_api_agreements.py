"""Agreements (CONTRACT § 6): drafted from the categorisation over HTTP, read, changed field by field."""

import httpx
import pytest

from services.kit.auth import Role
from tests.allocation.factories import (
    AREAS,
    EMPLOYMENT_GROUP,
    LETTING_YEAR,
    FakeCategorisation,
    ok,
    setup_areas,
)

Y = LETTING_YEAR


async def test_drafting_creates_one_agreement_per_area_with_the_default_shares(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    result = await setup_areas(client, officer, fake_categorisation)
    assert result == {
        "year": Y,
        "source_year": Y - 1,
        "source_status": "approved",
        "created": sorted(AREAS),
        "replaced": [],
        "kept": [],
    }
    # The caller's own token went to the categorisation service.
    assert fake_categorisation.calls[0].url.path == f"/v1/years/{Y - 1}/categorisation"
    assert fake_categorisation.calls[0].headers["authorization"] == officer["Authorization"]

    agreements = {
        a["area_code"]: a for a in await ok(await client.get(f"/v1/agreements/{Y}", headers=officer))
    }
    red, yellow, green = agreements["RED-1"], agreements["YEL-1"], agreements["GRN-1"]
    assert (red["category"], red["designations"], red["source_year"]) == ("red", AREAS["RED-1"][1], Y - 1)
    assert (red["municipal_share_pct"], red["flexible_share_pct"], red["legal_basis"]) == (10, 100, "imposed")
    assert (yellow["municipal_share_pct"], yellow["flexible_share_pct"]) == (20, 50)
    # Green's default 30 % is more than the municipality may impose: drafted as a voluntary agreement.
    assert (green["municipal_share_pct"], green["legal_basis"], green["status"]) == (30, "agreement", "draft")
    # Until it is agreed, its vacancies go at the 25 % the municipality may impose (ABL § 59 stk. 1).
    assert green["applied_municipal_share_pct"] == 25 and red["applied_municipal_share_pct"] == 10
    assert [w["code"] for w in green["warnings"]] == ["share_capped", "agreement_pending"]
    assert green["rehousing_share_pct"] == 0
    # A listed area cannot be agreed before it has employment or education criteria.
    assert [w["code"] for w in red["warnings"]] == ["criteria_employment_education"]
    assert (red["flexible_mandatory"], green["flexible_mandatory"]) == (True, False)
    assert red["bans"] == ["ABL § 59 stk. 6"] and agreements["PINK-1"]["bans"] == ["ABL § 59 stk. 7"]
    assert green["area_name"] == "Area GRN-1" and green["housing_org"] == "org-a"
    # Flexible criteria run 4 years at a time in listed areas only.
    assert (red["flexible_period_from"], red["flexible_period_to"]) == (Y, Y + 3)
    assert green["flexible_period_from"] is None


async def test_drafting_again_keeps_what_exists_unless_drafts_are_refreshed(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    agreed = {"status": "agreed", "flexible_criteria": [EMPLOYMENT_GROUP]}
    await ok(await client.put(f"/v1/agreements/{Y}/RED-1", json=agreed, headers=officer))
    await ok(await client.put(f"/v1/agreements/{Y}/GRN-1", json={"municipal_share_pct": 20}, headers=officer))
    again = await ok(await client.post(f"/v1/agreements/{Y}/from-categorisation", headers=officer))
    assert again["created"] == [] and again["kept"] == sorted(AREAS)

    refreshed = await ok(
        await client.post(f"/v1/agreements/{Y}/from-categorisation?replace_drafts=true", headers=officer)
    )
    assert refreshed["kept"] == ["RED-1"]  # agreed agreements are never overwritten
    assert "GRN-1" in refreshed["replaced"]
    green = await ok(await client.get(f"/v1/agreements/{Y}/GRN-1", headers=officer))
    assert green["municipal_share_pct"] == 30


async def test_an_explicit_source_year_is_used_and_stored(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    fake_categorisation.approve(2023, {"OLD-1": ("yellow", [])})
    result = await ok(
        await client.post(f"/v1/agreements/{Y}/from-categorisation?source_year=2023", headers=officer)
    )
    assert result["source_year"] == 2023
    assert (await ok(await client.get(f"/v1/agreements/{Y}/OLD-1", headers=officer)))["source_year"] == 2023


async def test_a_proposed_categorisation_is_not_drafted_from(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    fake_categorisation.approve(Y - 1, {"A-1": ("green", [])}, status="proposed")
    response = await client.post(f"/v1/agreements/{Y}/from-categorisation", headers=officer)
    assert response.status_code == 409
    assert "not approved" in response.json()["detail"]
    missing = await client.post(f"/v1/agreements/{Y + 5}/from-categorisation", headers=officer)
    assert missing.status_code == 409 and missing.json()["service"] == "categorisation"


async def test_the_categorisation_service_down_gives_a_clear_503_and_changes_nothing(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    fake_categorisation.down = True
    response = await client.post(f"/v1/agreements/{Y}/from-categorisation", headers=officer)
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["service"] == "categorisation"
    assert "categorisation service" in body["detail"] and "nothing was changed" in body["detail"]
    assert "Traceback" not in response.text and "ConnectError" not in response.text
    assert await ok(await client.get(f"/v1/agreements/{Y}", headers=officer)) == []
    assert await ok(await client.get("/v1/areas", headers=officer)) == []
    assert await ok(await client.get("/v1/agreement-years", headers=officer)) == []


async def test_a_put_changes_only_the_fields_sent_and_records_the_change(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    before = await ok(await client.get(f"/v1/agreements/{Y}/YEL-1", headers=officer))
    after = await ok(
        await client.put(f"/v1/agreements/{Y}/YEL-1", json={"flexible_share_pct": 60}, headers=officer)
    )
    assert after["flexible_share_pct"] == 60
    unchanged = {
        k: v for k, v in before.items() if k not in ("flexible_share_pct", "updated_at", "updated_by")
    }
    assert {k: after[k] for k in unchanged} == unchanged
    changes = await ok(await client.get(f"/v1/agreements/{Y}/YEL-1/changes", headers=officer))
    assert changes[-1]["changes"] == {"flexible_share_bp": [5000, 6000]}
    assert changes[-1]["changed_by"] == "user:allocation_officer"


@pytest.mark.parametrize("share", [25.01, 30, 100])
async def test_more_than_25_percent_imposed_is_refused(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation, share: float
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    response = await client.put(
        f"/v1/agreements/{Y}/YEL-1",
        json={"municipal_share_pct": share, "legal_basis": "imposed"},
        headers=officer,
    )
    assert response.status_code == 422
    body = response.json()
    assert "ABL § 59 stk. 1" in body["detail"]
    assert body["errors"][0]["loc"] == ["body", "municipal_share_pct"]
    assert (await ok(await client.get(f"/v1/agreements/{Y}/YEL-1", headers=officer)))[
        "municipal_share_pct"
    ] == 20
    # The green area already rests on an agreement: going back to 'imposed' alone is refused too.
    response = await client.put(f"/v1/agreements/{Y}/GRN-1", json={"legal_basis": "imposed"}, headers=officer)
    assert response.status_code == 422


async def test_more_than_25_percent_by_voluntary_agreement_is_accepted(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    body = {"municipal_share_pct": 33.33, "legal_basis": "agreement", "status": "agreed"}
    agreement = await ok(await client.put(f"/v1/agreements/{Y}/YEL-1", json=body, headers=officer))
    assert (agreement["municipal_share_pct"], agreement["legal_basis"]) == (33.33, "agreement")
    assert agreement["status"] == "agreed" and agreement["agreed_by"] == "user:allocation_officer"
    assert agreement["warnings"] == []


@pytest.mark.parametrize(
    "body",
    [
        {"municipal_share_pct": 12.345},
        {"municipal_share_pct": -1},
        {"flexible_share_pct": 101},
        {"category": "green"},
        {"status": "signed"},
        {"municipal_share_pct": None},
    ],
)
async def test_invalid_changes_are_refused(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    fake_categorisation: FakeCategorisation,
    body: dict[str, object],
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    response = await client.put(f"/v1/agreements/{Y}/YEL-1", json=body, headers=officer)
    assert response.status_code == 422, response.text


HOEJE_GLADSAXE = [
    {
        "code": "labour_market",
        "share_pct": 80,
        "label_da": "Tilknytning til arbejdsmarkedet",
        "conditions": [
            {"code": "single_hours_per_week_min", "value": 37},
            {"code": "couple_one_full_time_or_both_hours_min", "value": 25},
            {"code": "employed_months_min", "value": 6},
        ],
    },
    {"code": "students", "share_pct": 10, "conditions": [{"code": "full_time_student"}]},
    {"code": "seniors", "share_pct": 10, "conditions": [{"code": "age_min", "value": 55}]},
]


async def test_flexible_criteria_groups_like_hoeje_gladsaxe(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    body = {"municipal_share_pct": 15, "flexible_share_pct": 100, "flexible_criteria": HOEJE_GLADSAXE}
    agreement = await ok(await client.put(f"/v1/agreements/{Y}/RED-1", json=body, headers=officer))
    groups = agreement["flexible_criteria"]
    assert [(g["code"], g["share_pct"]) for g in groups] == [
        ("labour_market", 80),
        ("students", 10),
        ("seniors", 10),
    ]
    assert groups[0]["conditions"][0] == {"code": "single_hours_per_week_min", "value": 37}

    short = [*HOEJE_GLADSAXE[:2]]
    response = await client.put(
        f"/v1/agreements/{Y}/RED-1", json={"flexible_criteria": short}, headers=officer
    )
    assert response.status_code == 422 and response.json()["errors"][0]["code"] == "groups_total"
    citizenship = [{"code": "all", "share_pct": 100, "conditions": [{"code": "citizenship"}]}]
    response = await client.put(
        f"/v1/agreements/{Y}/RED-1", json={"flexible_criteria": citizenship}, headers=officer
    )
    assert response.status_code == 422 and response.json()["errors"][0]["code"] == "forbidden_condition"


async def test_next_years_draft_continues_the_four_year_period_and_its_criteria(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    await ok(
        await client.put(
            f"/v1/agreements/{Y}/RED-1", json={"flexible_criteria": HOEJE_GLADSAXE}, headers=officer
        )
    )
    fake_categorisation.approve(Y, AREAS)
    await ok(await client.post(f"/v1/agreements/{Y + 1}/from-categorisation", headers=officer))
    following = await ok(await client.get(f"/v1/agreements/{Y + 1}/RED-1", headers=officer))
    assert (following["flexible_period_from"], following["flexible_period_to"]) == (Y, Y + 3)
    assert [g["code"] for g in following["flexible_criteria"]] == ["labour_market", "students", "seniors"]
    assert await ok(await client.get("/v1/agreement-years", headers=officer)) == [Y + 1, Y]


async def test_an_agreement_by_hand_for_an_area_outside_the_categorisation(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    body = {"area_code": "NEW-1", "category": "yellow"}
    created = await ok(await client.post(f"/v1/agreements/{Y}", json=body, headers=officer), 201)
    assert (created["source_status"], created["source_year"], created["municipal_share_pct"]) == (
        "manual",
        None,
        20,
    )
    again = await client.post(f"/v1/agreements/{Y}", json=body, headers=officer)
    assert again.status_code == 409


async def test_agreement_years_before_the_ban_laws_and_before_the_quota_law(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    """Both were 500s the API fuzzer found: no rule set in force must be an answer, not a crash."""
    body = {"area_code": "NEW-1", "category": "red"}
    before_bans = await ok(await client.post("/v1/agreements/2015", json=body, headers=officer), 201)
    assert before_bans["bans"] == []
    before_quota = await client.post("/v1/agreements/2005", json=body, headers=officer)
    assert before_quota.status_code == 422
    assert "2005" in before_quota.json()["detail"]


async def test_a_housing_organisation_reads_only_its_own_agreements(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    org_b: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    own = await ok(await client.get(f"/v1/agreements/{Y}", headers=org_b))
    assert [a["area_code"] for a in own] == ["GRN-2"]
    assert (await client.get(f"/v1/agreements/{Y}/GRN-2", headers=org_b)).status_code == 200
    assert (await client.get(f"/v1/agreements/{Y}/GRN-1", headers=org_b)).status_code == 403
    assert (
        await client.put(f"/v1/agreements/{Y}/GRN-2", json={"note": "x"}, headers=org_b)
    ).status_code == 403
    assert [a["code"] for a in await ok(await client.get("/v1/areas", headers=org_b))] == ["GRN-2"]
    assert len(await ok(await client.get(f"/v1/agreements/{Y}", headers=org_a))) == 4


async def test_readers_of_agreements(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation, as_role
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    for role in (Role.ADMIN, Role.ANALYST, Role.SYSTEM):
        assert len(await ok(await client.get(f"/v1/agreements/{Y}", headers=as_role(role)))) == len(AREAS)
    for role in (Role.MANAGER, Role.CASEWORKER):
        assert (await client.get(f"/v1/agreements/{Y}", headers=as_role(role))).status_code == 403


def error_codes(response: httpx.Response) -> list[str]:
    assert response.status_code == 422, response.text
    return [e["code"] for e in response.json()["errors"]]


@pytest.mark.parametrize(("area", "refused"), [("RED-1", True), ("PINK-1", True), ("YEL-1", False)])
async def test_flexible_letting_below_100_percent_is_refused_in_red_and_pink_areas(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    fake_categorisation: FakeCategorisation,
    area: str,
    refused: bool,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    response = await client.put(
        f"/v1/agreements/{Y}/{area}", json={"flexible_share_pct": 60}, headers=officer
    )
    if refused:
        assert error_codes(response) == ["flexible_mandatory"]
        assert "100 %" in response.json()["detail"]
        stored = await ok(await client.get(f"/v1/agreements/{Y}/{area}", headers=officer))
        assert stored["flexible_share_pct"] == 100
    else:
        assert (await ok(response))["flexible_share_pct"] == 60
    by_hand = await client.post(
        f"/v1/agreements/{Y}",
        json={
            "area_code": "NEW-9",
            "category": "green",
            "designations": ["prevention_area"],
            "flexible_share_pct": 0,
        },
        headers=officer,
    )
    assert error_codes(by_hand) == ["flexible_mandatory"]
    # The colour alone switches nothing on: pink by hand, on no list, may let by the waiting list.
    pink_unlisted = await client.post(
        f"/v1/agreements/{Y}",
        json={"area_code": "NEW-8", "category": "pink", "flexible_share_pct": 0},
        headers=officer,
    )
    assert (await ok(pink_unlisted, 201))["flexible_share_pct"] == 0


@pytest.mark.parametrize(
    ("area", "period", "code"),
    [
        ("GRN-1", (Y, Y + 3), "period_unlisted"),
        ("YEL-1", (Y, Y + 3), "period_unlisted"),
        ("RED-1", (Y, Y + 1), "period_length"),
        ("RED-1", (Y - 4, Y + 4), "period_length"),
        ("PINK-1", (Y + 1, Y + 4), "period_year"),
        ("RED-1", (None, None), "period_missing"),
        ("RED-1", (Y, None), "period_incomplete"),
    ],
)
async def test_the_flexible_period_is_four_years_in_listed_areas_only(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    fake_categorisation: FakeCategorisation,
    area: str,
    period: tuple[int | None, int | None],
    code: str,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    body = {"flexible_period_from": period[0], "flexible_period_to": period[1]}
    assert code in error_codes(await client.put(f"/v1/agreements/{Y}/{area}", json=body, headers=officer))
    # Another 4 years including the letting year is fine in a listed area.
    moved = {"flexible_period_from": Y - 1, "flexible_period_to": Y + 2}
    assert (await ok(await client.put(f"/v1/agreements/{Y}/RED-1", json=moved, headers=officer)))[
        "flexible_period_from"
    ] == Y - 1


async def test_the_criteria_cannot_change_while_their_period_runs(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    await ok(
        await client.put(
            f"/v1/agreements/{Y}/RED-1", json={"flexible_criteria": HOEJE_GLADSAXE}, headers=officer
        )
    )
    fake_categorisation.approve(Y, AREAS)
    await ok(await client.post(f"/v1/agreements/{Y + 1}/from-categorisation", headers=officer))
    other = [{"code": "all", "share_pct": 100, "conditions": [{"code": "employed_months_min", "value": 6}]}]
    changed = await client.put(
        f"/v1/agreements/{Y + 1}/RED-1", json={"flexible_criteria": other}, headers=officer
    )
    assert error_codes(changed) == ["criteria_fixed"]
    restarted = await client.put(
        f"/v1/agreements/{Y + 1}/RED-1",
        json={"flexible_period_from": Y + 1, "flexible_period_to": Y + 4, "flexible_criteria": other},
        headers=officer,
    )
    assert error_codes(restarted) == ["period_running"]
    # The same criteria again, or any other field, is no change of criteria.
    same = {"flexible_criteria": HOEJE_GLADSAXE, "note": "uændret"}
    await ok(await client.put(f"/v1/agreements/{Y + 1}/RED-1", json=same, headers=officer))
    # In the period's first year the criteria are still being set.
    await ok(
        await client.put(f"/v1/agreements/{Y}/RED-1", json={"flexible_criteria": other}, headers=officer)
    )


async def test_a_redraft_gives_a_changed_category_its_own_period(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    fake_categorisation.approve(
        Y - 1, {**AREAS, "RED-1": ("green", []), "GRN-1": ("pink", ["prevention_area"])}
    )
    await ok(
        await client.post(f"/v1/agreements/{Y}/from-categorisation?replace_drafts=true", headers=officer)
    )
    now_green = await ok(await client.get(f"/v1/agreements/{Y}/RED-1", headers=officer))
    assert (now_green["category"], now_green["flexible_period_from"], now_green["flexible_period_to"]) == (
        "green",
        None,
        None,
    )
    now_pink = await ok(await client.get(f"/v1/agreements/{Y}/GRN-1", headers=officer))
    assert (now_pink["category"], now_pink["flexible_share_pct"]) == ("pink", 100)
    assert (now_pink["flexible_period_from"], now_pink["flexible_period_to"]) == (Y, Y + 3)
    assert [w["code"] for w in now_pink["warnings"]] == ["criteria_employment_education"]
