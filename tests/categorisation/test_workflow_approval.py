"""Approval freezes the year (DOMAIN § 4): a reproducible snapshot that changes only by a new revision."""

import copy

from sqlalchemy import select

from services.categorisation.models import Approval
from services.kit.state import process_of
from tests.categorisation.factories import (
    PREVENTION,
    YELLOW,
    by_code,
    csv_bytes,
    get_json,
    post_csv,
    put_parameters,
    row,
    rows,
    seed,
)

YEAR = 2024
DATA = [
    *rows((YEAR - 1, YEAR), "P1", residents=1250, **PREVENTION),
    *rows((YEAR - 1, YEAR), "Y1", residents=900, **YELLOW),
    *rows((YEAR - 1, YEAR), "G1", residents=1600),
]
# This year's figures alone make G1 yellow (basic education and income are not averaged).
G1_YELLOW = row(YEAR, "G1", residents=1600, basic_education_pct=55.0, income_pct_of_region=65.0)
NOTE = "Revideret efter rettede boligdata fra Landsbyggefonden."


async def _approve(client, headers, note=None):
    return await client.post(
        f"/v1/years/{YEAR}/approve", json=None if note is None else {"note": note}, headers=headers
    )


async def test_approval_needs_the_national_average_first(client, analyst):
    await post_csv(client, analyst, csv_bytes(DATA))

    response = await _approve(client, analyst)

    assert response.status_code == 409
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "national" in response.json()["detail"]
    assert await get_json(client, analyst, f"/v1/years/{YEAR}/approvals") == []
    areas = await get_json(client, analyst, f"/v1/years/{YEAR}/areas")
    assert {a["status"] for a in areas} == {"proposed"}


async def test_approval_needs_something_to_approve(client, analyst):
    await put_parameters(client, analyst, YEAR, 1.0)

    response = await _approve(client, analyst)

    assert response.status_code == 409


async def test_approval_freezes_a_snapshot_that_reproduces(client, analyst):
    await seed(client, analyst, DATA)

    response = await _approve(client, analyst)

    assert response.status_code == 200, response.text
    approval = response.json()
    assert (approval["year"], approval["revision"], approval["approved_by"]) == (YEAR, 1, "user:analyst")
    assert approval["rule_version"] == "ABL-2021-11-30-r2"
    assert len(approval["input_sha256"]) == 64
    assert approval["thresholds"]["outside_labour_market_pct_above"] == 25.0
    assert approval["thresholds"]["version"] == 0
    assert approval["parameters"]["national_convicted_pct"] == {str(YEAR - 1): 1.0, str(YEAR): 1.0}
    assert approval["counts"] == {"red": 0, "pink": 1, "yellow": 1, "green": 1}
    listed = await client.get(f"/v1/years/{YEAR}/areas", headers=analyst)
    assert listed.headers["x-categorisation-status"] == "approved"
    assert {a["status"] for a in listed.json()} == {"approved"}
    assert (await get_json(client, analyst, f"/v1/years/{YEAR}/areas/P1"))["status"] == "approved"
    assert await get_json(client, analyst, "/v1/years") == [
        {"year": YEAR, "status": "approved", "approved_revision": 1},
        {"year": YEAR - 1, "status": "proposed", "approved_revision": None},
    ]
    reproduction = await get_json(client, analyst, f"/v1/years/{YEAR}/approvals/1/reproduction")
    assert reproduction == {"year": YEAR, "revision": 1, "identical": True, "differences": []}
    overview = await get_json(client, analyst, f"/v1/years/{YEAR}")
    assert (overview["status"], overview["approved_revision"], overview["phase"]) == (
        "approved",
        1,
        "implementation",
    )


async def test_later_changes_do_not_change_the_approved_answer(client, analyst):
    await seed(client, analyst, DATA)
    await _approve(client, analyst)
    approved_list = await get_json(client, analyst, f"/v1/years/{YEAR}/areas")
    approved_area = await get_json(client, analyst, f"/v1/years/{YEAR}/areas/G1")
    approved_categorisation = await get_json(client, analyst, f"/v1/years/{YEAR}/categorisation")

    # New figures make G1 yellow, an override makes P1 green, new thresholds move Y1; a new national average.
    assert (await post_csv(client, analyst, csv_bytes([G1_YELLOW]))).is_success
    override = await client.put(
        f"/v1/years/{YEAR}/areas/P1/override",
        json={"category": "green", "justification": "Efter dialogen: ny helhedsplan vedtaget."},
        headers=analyst,
    )
    assert override.status_code == 200
    assert override.json()["status"] == "proposed"
    thresholds = await client.put(
        f"/v1/years/{YEAR}/local-thresholds",
        json={
            "outside_labour_market_pct_above": 30.0,
            "convicted_multiple_at_least": 1.5,
            "basic_education_pct_above": 50.0,
            "income_pct_of_region_below": 70.0,
            "criteria_needed": 2,
            "reason": "Byrådets beslutning",
        },
        headers=analyst,
    )
    assert thresholds.status_code == 200
    assert (await put_parameters(client, analyst, YEAR, 2.0)).status_code == 200

    assert await get_json(client, analyst, f"/v1/years/{YEAR}/areas") == approved_list
    assert await get_json(client, analyst, f"/v1/years/{YEAR}/areas/G1") == approved_area
    assert await get_json(client, analyst, f"/v1/years/{YEAR}/categorisation") == approved_categorisation
    live = by_code(await get_json(client, analyst, f"/v1/years/{YEAR}/areas?proposed=true"))
    assert {c: (a["category"], a["status"]) for c, a in live.items()} == {
        "G1": ("yellow", "proposed"),
        "P1": ("green", "proposed"),
        "Y1": ("green", "proposed"),  # 27 % outside the labour market is not above the new 30 %
    }
    assert live["P1"]["computed_category"] == "pink"
    single = await get_json(client, analyst, f"/v1/years/{YEAR}/areas/G1?proposed=true")
    assert single["status"] == "proposed"
    assert single["criteria"] != approved_area["criteria"]
    reproduction = await get_json(client, analyst, f"/v1/years/{YEAR}/approvals/1/reproduction")
    assert reproduction["identical"] is True, reproduction["differences"]


async def test_an_area_added_after_approval_is_only_in_the_proposed_answer(client, analyst):
    await seed(client, analyst, DATA)
    await _approve(client, analyst)

    await post_csv(client, analyst, csv_bytes([row(YEAR, "N1", area_name="Nybyg")]))

    assert (await client.get(f"/v1/years/{YEAR}/areas/N1", headers=analyst)).status_code == 404
    assert "N1" not in by_code(await get_json(client, analyst, f"/v1/years/{YEAR}/areas"))
    live = await get_json(client, analyst, f"/v1/years/{YEAR}/areas/N1?proposed=true")
    assert (live["area_name"], live["status"], live["provisional"]) == ("Nybyg", "proposed", True)


async def test_a_second_approval_needs_a_note_and_leaves_revision_1_unchanged(client, analyst):
    await seed(client, analyst, DATA)
    await _approve(client, analyst)
    (revision_1,) = await get_json(client, analyst, f"/v1/years/{YEAR}/approvals")
    await post_csv(client, analyst, csv_bytes([G1_YELLOW]))

    without = await _approve(client, analyst)
    too_short = await _approve(client, analyst, "rettelse")

    for refused in (without, too_short):
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["loc"] == ["body", "note"]
    assert len(await get_json(client, analyst, f"/v1/years/{YEAR}/approvals")) == 1

    second = await _approve(client, analyst, NOTE)

    assert second.status_code == 200, second.text
    assert (second.json()["revision"], second.json()["note"]) == (2, NOTE)
    assert second.json()["input_sha256"] != revision_1["input_sha256"]
    revisions = await get_json(client, analyst, f"/v1/years/{YEAR}/approvals")
    assert [r["revision"] for r in revisions] == [1, 2]
    assert revisions[0] == revision_1
    assert revisions[1]["counts"] == {"red": 0, "pink": 1, "yellow": 2, "green": 0}
    assert (await get_json(client, analyst, f"/v1/years/{YEAR}/areas/G1"))["category"] == "yellow"
    for revision in (1, 2):
        reproduction = await get_json(client, analyst, f"/v1/years/{YEAR}/approvals/{revision}/reproduction")
        assert reproduction["identical"] is True
    missing = await client.get(f"/v1/years/{YEAR}/approvals/3/reproduction", headers=analyst)
    assert missing.status_code == 404


async def test_reproduction_notices_a_tampered_snapshot(client, analyst, categorisation_app):
    await seed(client, analyst, DATA)
    await _approve(client, analyst)

    async with process_of(categorisation_app).session_factory() as session:
        approval = await session.scalar(select(Approval).where(Approval.year == YEAR))
        assert approval is not None
        results = copy.deepcopy(approval.results)
        next(r for r in results if r["area_code"] == "G1")["computed_category"] = "red"
        inputs = copy.deepcopy(approval.inputs)
        inputs["national_convicted_pct"][str(YEAR)] = 1.01
        approval.results, approval.inputs = results, inputs
        await session.commit()

    reproduction = await get_json(client, analyst, f"/v1/years/{YEAR}/approvals/1/reproduction")

    assert reproduction["identical"] is False
    assert "the frozen inputs no longer match their hash" in reproduction["differences"]
    assert "G1: computed_category differs" in reproduction["differences"]
