"""Results kept per version of the data (services/categorisation/versions.py): each cached read shows a change
made through the API at once, in this process and in another replica on the same database (issue 16).

Every read below is kept: the second round of reads computes nothing (`made` stays). Then one input is
changed through the API, and every read shows the change.
"""

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app
from services.categorisation.state import CategorisationState
from services.kit.auth import Role
from services.kit.clock import today
from services.kit.state import process_of, state_of
from tests.categorisation.factories import (
    PREVENTION,
    YELLOW,
    by_code,
    csv_bytes,
    get_json,
    post_csv,
    put_parameters,
    rows,
    seed,
)
from tests.categorisation.plan_factories import DIALOGUE, INITIATIVE, add_target, create_plan, evaluation
from tests.support import KeyPair, asgi_client

YEAR = 2024
TWO_YEARS = (YEAR - 1, YEAR)
# G1 meets one local criterion (outside the labour market 27 % > 25 %): green, until one more is met.
G1 = {"outside_labour_market_pct": 27.0, "basic_education_pct": 45.0, "convicted_pct": 1.2}
AREAS = [
    *rows(TWO_YEARS, "G1", area_name="Grønnevang", **G1),
    *rows(TWO_YEARS, "Y1", area_name="Ygdrasil", **YELLOW),
    *rows(TWO_YEARS, "P1", area_name="Pilevang", residents=1300, **PREVENTION),
]
READS = (
    f"/v1/years/{YEAR}/areas",
    f"/v1/years/{YEAR}/areas?limit=2",
    f"/v1/years/{YEAR}/areas/G1",
    f"/v1/years/{YEAR}",
    f"/v1/years/{YEAR}/summary",
    f"/v1/years/{YEAR}/categorisation",
    f"/v1/years/{YEAR}/disagreements",
    f"/v1/years/{YEAR}/area-names",
    f"/v1/years/{YEAR}/areas?sort=category&descending=true",
)
CATEGORY_RANK = {"red": 0, "pink": 1, "yellow": 2, "green": 3}


def results(app: FastAPI) -> Any:
    return state_of(app, CategorisationState).results


async def read_all(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    """Every cached read; the area list, its first page, and the compact categorisation by area code."""
    found = {path: await get_json(client, headers, path) for path in READS}
    first_page = await client.get(f"/v1/years/{YEAR}/areas?limit=2", headers=headers)
    rest = await client.get(
        f"/v1/years/{YEAR}/areas", params={"cursor": first_page.headers["x-next-cursor"]}, headers=headers
    )
    return {
        "areas": by_code(found[READS[0]]),
        "paged": by_code([*found[READS[1]], *rest.json()]),
        "area": found[READS[2]],
        "overview": found[READS[3]],
        "summary": found[READS[4]],
        "categorisation": {i["area_code"]: i for i in found[READS[5]]},
        "disagreements": found[READS[6]],
        "names": {n["area_code"]: n["area_name"] for n in found[READS[7]]},
        "by_category": [(a["area_code"], a["category"]) for a in found[READS[8]]],
    }


def categories_of_g1(seen: dict[str, Any]) -> set[str]:
    """G1's category in every read that shows one area's category."""
    return {
        seen["areas"]["G1"]["category"],
        seen["paged"]["G1"]["category"],
        seen["area"]["category"],
        seen["categorisation"]["G1"]["category"],
        dict(seen["by_category"])["G1"],
    }


def in_category_order(seen: dict[str, Any]) -> bool:
    """The list sorted by category, descending: green first (the key is the rank and then the code)."""
    keys = [(CATEGORY_RANK[category], code) for code, category in seen["by_category"]]
    return keys == sorted(keys, reverse=True)


@pytest.fixture
async def seeded(client: httpx.AsyncClient, analyst: dict[str, str]) -> httpx.AsyncClient:
    await seed(client, analyst, AREAS)
    return client


async def test_reads_are_kept_until_the_data_changes(seeded, analyst, categorisation_app):
    first = await read_all(seeded, analyst)
    made = results(categorisation_app).made

    again = await read_all(seeded, analyst)

    assert again == first
    assert results(categorisation_app).made == made, "the second round computed something again"
    assert categories_of_g1(first) == {"green"}
    assert first["overview"]["counts"] == {"red": 0, "pink": 1, "yellow": 1, "green": 1}


async def _import(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    response = await post_csv(
        client, headers, csv_bytes(rows(TWO_YEARS, "G1", area_name="Grønnevang Nord", **YELLOW))
    )
    assert response.status_code == 200, response.text


async def _thresholds(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    body = {
        "outside_labour_market_pct_above": 25.0,
        "convicted_multiple_at_least": 1.5,
        "basic_education_pct_above": 40.0,  # G1's 45 % is now over it too
        "income_pct_of_region_below": 70.0,
        "criteria_needed": 2,
        "reason": "Byrådets beslutning af 1. marts",
    }
    response = await client.put(f"/v1/years/{YEAR}/local-thresholds", json=body, headers=headers)
    assert response.status_code == 200, response.text


async def _parameters(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    # The national average over the two years falls to 0.7, so 1.5 × it is 1.05: G1's 1.2 % meets it.
    response = await put_parameters(client, headers, YEAR, 0.4)
    assert response.status_code == 200, response.text


async def _override(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    body = {"category": "yellow", "justification": "Dialogmødet 3. maj: udviklingen går den forkerte vej"}
    response = await client.put(f"/v1/years/{YEAR}/areas/G1/override", json=body, headers=headers)
    assert response.status_code == 200, response.text


async def _official_list(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    content = f"year,area_code,designation\n{YEAR},G1,prevention_area\n{YEAR},P1,prevention_area\n"
    response = await client.post(
        "/v1/official-designations", content=content.encode(), headers={**headers, "Content-Type": "text/csv"}
    )
    assert response.status_code == 200, response.text


# Each input of a year's results, changed through the API, and G1's category everywhere afterwards.
CHANGES: dict[str, tuple[Callable[[httpx.AsyncClient, dict[str, str]], Awaitable[None]], str]] = {
    "housing file": (_import, "yellow"),
    "local thresholds": (_thresholds, "yellow"),
    "national figures": (_parameters, "yellow"),
    "override": (_override, "yellow"),
    "official list": (_official_list, "pink"),  # the published list decides (DOMAIN § 3)
}


@pytest.mark.parametrize("change", CHANGES)
async def test_a_change_through_the_api_shows_in_every_kept_read(
    seeded, analyst, as_role, categorisation_app, change
):
    """The analyst's reads and the officer's (small numbers hidden, kept apart) both follow the change."""
    write, category = CHANGES[change]
    officer = as_role(Role.ALLOCATION_OFFICER)
    before = await read_all(seeded, analyst)
    officer_before = await read_all(seeded, officer)
    await read_all(seeded, analyst)  # kept by now
    await read_all(seeded, officer)
    made = results(categorisation_app).made

    await write(seeded, analyst)
    after = await read_all(seeded, analyst)
    officer_after = await read_all(seeded, officer)

    assert categories_of_g1(before) == categories_of_g1(officer_before) == {"green"}
    assert categories_of_g1(after) == categories_of_g1(officer_after) == {category}, change
    assert in_category_order(before) and in_category_order(after)
    assert officer_after["overview"] == after["overview"]
    assert after["overview"]["counts"][category] == before["overview"]["counts"][category] + 1
    assert after["overview"]["counts"]["green"] == 0
    assert after["summary"]["counts"] == after["overview"]["counts"]
    assert results(categorisation_app).made > made, "nothing was computed anew after the change"
    if change == "housing file":
        assert before["names"]["G1"] == "Grønnevang"
        assert after["names"]["G1"] == after["areas"]["G1"]["area_name"] == "Grønnevang Nord"
    if change == "override":
        assert after["overview"]["overrides"] == 1
        assert after["areas"]["G1"]["computed_category"] == "green"
    if change == "official list":
        # G1's figures make it no prevention area: the list and the computation disagree about it.
        assert [(d["area_code"], d["official"], d["computed"]) for d in after["disagreements"]] == [
            ("G1", True, False)
        ]
        assert before["disagreements"] == []


async def test_an_approval_shows_in_every_kept_read(seeded, analyst):
    before = await read_all(seeded, analyst)
    await read_all(seeded, analyst)

    response = await seeded.post(f"/v1/years/{YEAR}/approve", headers=analyst)
    assert response.status_code == 200, response.text
    after = await read_all(seeded, analyst)
    # A later input changes the live computation, not what the approved year shows.
    await _import(seeded, analyst)
    later = await read_all(seeded, analyst)
    proposed = by_code(await get_json(seeded, analyst, f"/v1/years/{YEAR}/areas?proposed=true"))

    assert before["overview"]["status"] == "proposed" and before["overview"]["approved_revision"] is None
    assert after["overview"]["status"] == "approved" and after["overview"]["approved_revision"] == 1
    assert {a["status"] for a in after["areas"].values()} == {"approved"}
    assert {a["status"] for a in after["categorisation"].values()} == {"approved"}
    assert after["area"]["status"] == "approved"
    assert categories_of_g1(later) == {"green"}
    assert proposed["G1"]["category"] == "yellow"


async def test_the_overview_follows_the_date_at_the_same_data(seeded, analyst, categorisation_app):
    """The phase depends on the date as well as the data: a kept overview is one day's."""
    assert (await seeded.post(f"/v1/years/{YEAR}/approve", headers=analyst)).status_code == 200
    phases = []
    for day in (date(YEAR, 12, 20), date(YEAR + 1, 1, 2), date(YEAR, 12, 20)):
        categorisation_app.dependency_overrides[today] = lambda day=day: day
        phases.append((await get_json(seeded, analyst, f"/v1/years/{YEAR}"))["phase"])

    assert phases == ["agreement", "implementation", "agreement"]


@pytest.fixture
async def replica(
    categorisation_app: FastAPI, client: httpx.AsyncClient, keys: KeyPair, tmp_path: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """A second process of the service on the same database (its own kept results), as another replica."""
    first = process_of(categorisation_app)
    settings = CategorisationSettings(
        database_url=first.settings.database_url,
        VAR_DIR=str(tmp_path),
        JWT_PUBLIC_KEY_FILE=str(keys.public_path),
    )
    second = create_app(settings)
    # The test's one rolled-back connection, which the first app uses too (tests.support.rolled_back).
    process_of(second).session_factory = first.session_factory
    async with asgi_client(second) as http:
        yield http
    await process_of(second).engine.dispose()


async def test_a_change_through_one_replica_shows_in_the_other(seeded, replica, analyst, as_role):
    officer = as_role(Role.ALLOCATION_OFFICER)
    before = await read_all(replica, officer)
    await read_all(replica, officer)

    await _thresholds(seeded, analyst)  # through the first replica
    after = await read_all(replica, officer)

    assert categories_of_g1(before) == {"green"}
    assert categories_of_g1(after) == {"yellow"}


async def test_what_the_officer_sees_is_kept_apart_from_what_the_analyst_sees(seeded, analyst, as_role):
    """The officer's areas have their small numbers hidden; the analyst's, read from the same kept
    results before and after, do not."""
    small = rows(TWO_YEARS, "S1", area_name="Smalby", residents=4)
    response = await post_csv(seeded, analyst, csv_bytes(small))
    assert response.status_code == 200, response.text
    officer = as_role(Role.ALLOCATION_OFFICER)

    analyst_first = by_code(await get_json(seeded, analyst, f"/v1/years/{YEAR}/areas"))
    officer_areas = by_code(await get_json(seeded, officer, f"/v1/years/{YEAR}/areas"))
    officer_page = await get_json(seeded, officer, f"/v1/years/{YEAR}/areas?q=S1&limit=1")
    analyst_again = by_code(await get_json(seeded, analyst, f"/v1/years/{YEAR}/areas"))

    assert analyst_first["S1"]["residents"] == 4 == analyst_again["S1"]["residents"]
    assert officer_areas["S1"]["residents"] is None
    assert officer_page == [officer_areas["S1"]]
    assert any(c["suppressed"] for c in officer_areas["S1"]["criteria"])
    assert not any(c["suppressed"] for c in analyst_again["S1"]["criteria"])
    assert analyst_again == analyst_first


async def test_a_plans_evaluation_follows_a_new_revision_of_an_approved_year(seeded, analyst):
    """An approved year's snapshot is kept for the plans' evaluation too; a new revision replaces it."""
    plan = await create_plan(seeded, analyst, area_codes=["G1"], period_from=YEAR - 1, period_to=2028)
    await add_target(seeded, analyst, plan["id"], area_code="G1", comparator="<", value=26.0)
    assert (await seeded.post(f"/v1/years/{YEAR}/approve", headers=analyst)).status_code == 200
    first = (await evaluation(seeded, analyst, plan["id"], YEAR))["targets"][0]
    counted = await get_json(seeded, analyst, f"/v1/years/{YEAR}/target-evaluation")

    corrected = rows(TWO_YEARS, "G1", area_name="Grønnevang", **{**G1, "outside_labour_market_pct": 24.0})
    assert (await post_csv(seeded, analyst, csv_bytes(corrected))).status_code == 200
    unchanged = (await evaluation(seeded, analyst, plan["id"], YEAR))["targets"][0]
    revision = await seeded.post(
        f"/v1/years/{YEAR}/approve", json={"note": "Rettet fil fra Danmarks Statistik"}, headers=analyst
    )
    assert revision.status_code == 200, revision.text
    second = (await evaluation(seeded, analyst, plan["id"], YEAR))["targets"][0]
    recounted = await get_json(seeded, analyst, f"/v1/years/{YEAR}/target-evaluation")

    assert (first["actual"], first["met"]) == (27.0, False)
    assert (unchanged["actual"], unchanged["met"]) == (27.0, False)  # the approved snapshot still decides
    assert (second["actual"], second["met"], second["provisional"]) == (24.0, True, False)
    assert (counted["met"], recounted["met"]) == (0, 1)


async def test_a_withdrawn_override_shows_in_every_kept_read(seeded, analyst):
    await _override(seeded, analyst)
    overridden = await read_all(seeded, analyst)
    await read_all(seeded, analyst)

    body = {"category": None, "justification": "Dialogmødet 9. juni: tilbage til den beregnede kategori"}
    response = await seeded.put(f"/v1/years/{YEAR}/areas/G1/override", json=body, headers=analyst)
    assert response.status_code == 200, response.text
    withdrawn = await read_all(seeded, analyst)

    assert categories_of_g1(overridden) == {"yellow"}
    assert categories_of_g1(withdrawn) == {"green"}
    assert (overridden["overview"]["overrides"], withdrawn["overview"]["overrides"]) == (1, 0)


async def test_figures_of_an_earlier_year_show_in_the_year_they_are_averaged_into(
    seeded, analyst, categorisation_app
):
    """A year's results read the earlier years' figures too (the averages): a file of the year before alone
    is a change of this year's inputs."""
    before = await read_all(seeded, analyst)
    await read_all(seeded, analyst)
    made = results(categorisation_app).made

    earlier = rows([YEAR - 1], "G1", area_name="Grønnevang", **{**G1, "convicted_pct": 3.0})
    assert (await post_csv(seeded, analyst, csv_bytes(earlier))).status_code == 200
    after = await read_all(seeded, analyst)

    def convicted(seen: dict[str, Any]) -> Any:
        return next(c["value"] for c in seen["areas"]["G1"]["criteria"] if c["code"] == "convicted")

    assert results(categorisation_app).made > made
    assert convicted(after) != convicted(before)
    assert after["area"] == after["areas"]["G1"]


async def test_what_changes_no_input_keeps_every_read(seeded, analyst, categorisation_app):
    """What-ifs, plans, targets, initiatives and dialogues, and refused writes, change no input of a year's
    results: every kept read stays, nothing is computed again, and no what-if shows in any read."""
    before = await read_all(seeded, analyst)
    await read_all(seeded, analyst)
    made = results(categorisation_app).made

    what_if = await seeded.post(
        f"/v1/years/{YEAR}/what-if", json={"basic_education_pct_above": 40.0}, headers=analyst
    )
    plan = await create_plan(seeded, analyst, area_codes=["G1"], period_from=YEAR, period_to=YEAR + 4)
    await add_target(seeded, analyst, plan["id"], area_code="G1", comparator="<", value=26.0)
    initiative = await seeded.post(
        "/v1/initiatives", json={**INITIATIVE, "area_codes": ["G1"]}, headers=analyst
    )
    dialogue = await seeded.post("/v1/dialogues", json={**DIALOGUE, "year": YEAR}, headers=analyst)
    refused = [
        await post_csv(seeded, analyst, b"year,area_code\n2024,\n"),  # an invalid file: nothing stored
        await seeded.put(
            f"/v1/years/{YEAR}/areas/NOPE/override",
            json={"category": "red", "justification": "Et område uden tal for året"},
            headers=analyst,
        ),
        await seeded.post(f"/v1/years/{YEAR + 1}/approve", headers=analyst),  # no national figure yet
    ]
    after = await read_all(seeded, analyst)

    assert what_if.status_code == 200 and what_if.json()["changes"], what_if.text
    assert initiative.status_code == 201, initiative.text
    assert dialogue.status_code == 201, dialogue.text
    assert [r.status_code for r in refused] == [422, 404, 409], [r.text for r in refused]
    assert after == before
    assert categories_of_g1(after) == {"green"}  # the what-if's yellow shows nowhere
    assert results(categorisation_app).made == made, "a change of no input computed something again"
