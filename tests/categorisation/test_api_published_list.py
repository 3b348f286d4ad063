"""Issue 10 through the HTTP API: § 51 b on the year's own share, the 5-year window of a 2019 list, and the
published list deciding the designations wherever one is loaded for the year (DOMAIN § 3)."""

from typing import Any

import httpx

from tests.categorisation.factories import (
    PARALLEL,
    PREVENTION,
    api_criterion,
    by_code,
    get_json,
    put_parameters,
    row,
    rows,
    seed,
)

YEAR = 2024
TWO_YEARS = (YEAR - 1, YEAR)
VULNERABLE = {"outside_labour_market_pct": 45.0, "income_pct_of_region": 50.0, "non_western_pct": 40.0}
LOCAL_YELLOW = {"outside_labour_market_pct": 27.0, "basic_education_pct": 55.0}
OFFICIAL, DATA = "official_list", "data"


async def _post_official(client: httpx.AsyncClient, headers: dict[str, str], lines: list[str]) -> None:
    content = ("year,area_code,designation\n" + "\n".join(lines) + "\n").encode()
    response = await client.post(
        "/v1/official-designations", content=content, headers={**headers, "Content-Type": "text/csv"}
    )
    assert response.status_code == 200, response.text


def _categorisation(items: list[dict[str, Any]]) -> dict[str, tuple[str, list[str], dict[str, str]]]:
    return {i["area_code"]: (i["category"], i["designations"], i["decided_by"]) for i in items}


# --- § 51 b: the list year's own share --------------------------------------------------------------


async def test_combined_letting_on_the_years_own_share_at_each_boundary(client, analyst):
    # (code, residents, last year's share, this year's share): the average falls on the other side.
    cases = [
        ("C-1000-40", 1000, 39.0, 40.0),  # own 40.0 ≥ 40 (average 39.5)
        ("C-1000-3999", 1000, 41.0, 39.99),  # own 39.99 < 40 (average 40.495)
        ("C-5000-30", 5000, 29.0, 30.0),  # own 30.0 ≥ 30 (average 29.5)
        ("C-5000-2999", 5000, 31.0, 29.99),
    ]
    data = [
        figures
        for code, residents, last, this in cases
        for figures in (
            row(YEAR - 1, code, residents=residents, outside_labour_market_pct=last),
            row(YEAR, code, residents=residents, outside_labour_market_pct=this),
        )
    ]
    await seed(client, analyst, data)

    areas = by_code(await get_json(client, analyst, f"/v1/years/{YEAR}/areas"))
    listed = _categorisation(await get_json(client, analyst, f"/v1/years/{YEAR}/categorisation"))

    combined = {code: "combined_letting_area" in area["designations"] for code, area in areas.items()}
    assert combined == {"C-1000-40": True, "C-1000-3999": False, "C-5000-30": True, "C-5000-2999": False}
    assert {code: "combined_letting_area" in item[1] for code, item in listed.items()} == combined
    for code, _residents, _last, this in cases:
        explained = api_criterion(areas[code], "combined_letting", "outside_labour_market")
        assert (explained["value"], explained["period_years"], explained["complete"]) == (this, [YEAR], True)
        assert explained["met"] is combined[code]
    single = await get_json(client, analyst, f"/v1/years/{YEAR}/areas/C-1000-40")
    assert api_criterion(single, "combined_letting", "outside_labour_market")["value"] == 40.0


# --- the transformation window of a 2019 list ---------------------------------------------------------


async def test_a_2019_list_needs_five_parallel_years(client, analyst):
    await seed(
        client,
        analyst,
        [*rows(range(2017, 2020), "T4", **PARALLEL), *rows(range(2017, 2020), "T5", **PARALLEL)],
        national_pct={year: 1.0 for year in range(2015, 2020)},
    )
    parallel = ("vulnerable_area", "parallel_society")
    # 2015-2017 precede the 2018 rule set: their status is the published list's.
    await _post_official(
        client,
        analyst,
        [
            "2015,T4,vulnerable_area",
            *(f"{year},{code},{d}" for year in (2016, 2017) for code in ("T4", "T5") for d in parallel),
            *(f"2015,T5,{d}" for d in parallel),
        ],
    )

    t4 = await get_json(client, analyst, "/v1/years/2019/areas/T4")
    t5 = await get_json(client, analyst, "/v1/years/2019/areas/T5")

    assert t4["rule_version"] == t5["rule_version"] == "ABL-2018-12-01-r2"
    window = api_criterion(t4, "transformation", "parallel_society_years")
    assert (window["value"], window["threshold"], window["met"]) == (4.0, 5.0, False)
    assert window["period_years"] == [2015, 2016, 2017, 2018, 2019]
    assert "transformation_area" not in t4["designations"]
    assert api_criterion(t5, "transformation", "parallel_society_years")["value"] == 5.0
    assert "transformation_area" in t5["designations"]
    # No list of 2019 is loaded: the computation decides that year.
    assert t5["decided_by"] == {"national": DATA, "combined_letting": DATA}


# --- the published list decides ------------------------------------------------------------------------


DATA_2024 = [
    *rows(TWO_YEARS, "V1", area_name="Vestervang", residents=2200, **VULNERABLE),  # listed as prevention
    *rows(
        TWO_YEARS,
        "V2",
        area_name="Vibevej",
        residents=2200,
        **{**VULNERABLE, **LOCAL_YELLOW, "outside_labour_market_pct": 45.0},
    ),
    *rows(TWO_YEARS, "P1", area_name="Pilevang", **PREVENTION),
    *rows(TWO_YEARS, "Y1", area_name="Ydervang", residents=800, **LOCAL_YELLOW),
]
LIST_2024 = [f"{YEAR},V1,prevention_area", f"{YEAR},P1,prevention_area", f"{YEAR},L9,vulnerable_area"]


async def _listed(client: httpx.AsyncClient, analyst: dict[str, str]) -> None:
    await seed(client, analyst, DATA_2024)
    await _post_official(client, analyst, LIST_2024)


async def test_the_published_list_decides_the_area_and_the_categorisation(client, analyst):
    await _listed(client, analyst)

    v1 = await get_json(client, analyst, f"/v1/years/{YEAR}/areas/V1")
    v2 = await get_json(client, analyst, f"/v1/years/{YEAR}/areas/V2")
    listed = _categorisation(await get_json(client, analyst, f"/v1/years/{YEAR}/categorisation"))

    decided = {"national": OFFICIAL, "combined_letting": DATA}
    assert (v1["category"], v1["designations"]) == ("pink", ["prevention_area", "combined_letting_area"])
    assert v1["computed_designations"] == ["vulnerable_area", "combined_letting_area"]
    assert v1["disagreements"] == ["vulnerable_area", "prevention_area"]
    assert v1["decided_by"] == decided
    assert api_criterion(v1, "vulnerable", "outside_labour_market")["met"] is True  # still explained
    # Absent from the loaded list: not designated, whatever its figures; yellow by the local criteria.
    assert (v2["category"], v2["designations"]) == ("yellow", ["combined_letting_area"])
    assert v2["disagreements"] == ["vulnerable_area"]
    assert listed == {
        "L9": ("red", ["vulnerable_area"], {"national": OFFICIAL}),
        "P1": ("pink", ["prevention_area"], decided),
        "V1": ("pink", ["prevention_area", "combined_letting_area"], decided),
        "V2": ("yellow", ["combined_letting_area"], decided),
        "Y1": ("yellow", [], decided),
    }
    # The list of the year decides that year only.
    other = await get_json(client, analyst, f"/v1/years/{YEAR - 1}/areas/V1")
    assert other["designations"] == ["vulnerable_area", "combined_letting_area"]
    assert other["decided_by"] == {"national": DATA, "combined_letting": DATA}


async def test_disagreements_overview_what_if_and_history_follow_the_list(client, analyst):
    await _listed(client, analyst)

    disagreements = await get_json(client, analyst, f"/v1/years/{YEAR}/disagreements")
    overview = await get_json(client, analyst, f"/v1/years/{YEAR}")
    what_if = (
        await client.post(f"/v1/years/{YEAR}/what-if", json={"criteria_needed": 2}, headers=analyst)
    ).json()
    history = await get_json(client, analyst, "/v1/areas/V1/history")

    assert [(d["area_code"], d["designation"], d["official"], d["computed"]) for d in disagreements] == [
        ("V1", "vulnerable_area", False, True),
        ("V1", "prevention_area", True, False),
        ("V2", "vulnerable_area", False, True),
    ]
    assert overview["decided_by"] == {"national": OFFICIAL, "combined_letting": DATA}
    assert overview["disagreements"] == 3
    assert overview["counts"] == {"red": 1, "pink": 2, "yellow": 2, "green": 0}
    assert what_if["counts_before"] == overview["counts"]
    assert history["categories"] == {str(YEAR - 1): "red", str(YEAR): "pink"}


async def test_a_combined_letting_list_decides_combined_letting(client, analyst):
    await seed(client, analyst, DATA_2024)
    await _post_official(client, analyst, [f"{YEAR},Y1,combined_letting_area"])

    listed = _categorisation(await get_json(client, analyst, f"/v1/years/{YEAR}/categorisation"))
    disagreements = await get_json(client, analyst, f"/v1/years/{YEAR}/disagreements")

    decided = {"national": DATA, "combined_letting": OFFICIAL}
    assert listed["V1"] == ("red", ["vulnerable_area"], decided)
    assert listed["Y1"] == ("yellow", ["combined_letting_area"], decided)
    assert {(d["area_code"], d["designation"]) for d in disagreements} == {
        ("V1", "combined_letting_area"),
        ("V2", "combined_letting_area"),
        ("Y1", "combined_letting_area"),
    }


async def test_the_approval_records_which_source_decided_and_reproduces(client, analyst):
    await _listed(client, analyst)

    approval = await client.post(f"/v1/years/{YEAR}/approve", headers=analyst)
    assert approval.status_code == 200, approval.text
    approved = by_code(await get_json(client, analyst, f"/v1/years/{YEAR}/areas"))
    reproduction = await get_json(client, analyst, f"/v1/years/{YEAR}/approvals/1/reproduction")

    assert approval.json()["parameters"]["decided_by"] == {"national": OFFICIAL, "combined_letting": DATA}
    assert approved["V1"]["status"] == "approved"
    assert approved["V1"]["decided_by"] == {"national": OFFICIAL, "combined_letting": DATA}
    assert approved["V1"]["computed_designations"] == ["vulnerable_area", "combined_letting_area"]
    assert approved["V1"]["category"] == "pink"
    assert reproduction["identical"] is True, reproduction["differences"]
    # A new list after the approval changes the live computation, not the approved snapshot.
    await _post_official(client, analyst, [f"{YEAR},V1,vulnerable_area"])
    assert (await get_json(client, analyst, f"/v1/years/{YEAR}/areas/V1"))["category"] == "pink"
    live = await get_json(client, analyst, f"/v1/years/{YEAR}/areas/V1?proposed=true")
    assert (live["category"], live["disagreements"]) == ("red", [])


async def test_without_parameters_for_earlier_years_the_list_still_decides(client, analyst):
    # Only this year's figures and national average: the computation is provisional, the list is not.
    await put_parameters(client, analyst, YEAR, 1.0)
    await seed(client, analyst, rows([YEAR], "V1", residents=2200, **VULNERABLE), national_pct={})
    await _post_official(client, analyst, [f"{YEAR},V1,vulnerable_area"])

    v1 = await get_json(client, analyst, f"/v1/years/{YEAR}/areas/V1")

    assert v1["designations"] == ["vulnerable_area", "combined_letting_area"]
    assert api_criterion(v1, "vulnerable", "outside_labour_market")["complete"] is False
    # The local criteria are incomplete too (they average the same two years): still provisional.
    assert v1["provisional"] is True
