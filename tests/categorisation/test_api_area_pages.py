"""GET /v1/years/{year}/areas in pages (`limit`, `cursor`): the pages together are the whole list, in every
order and filter, and without them the answer is the whole list as CONTRACT § 5 has it (issue 16)."""

import json
from typing import Any

import httpx
import pytest
from pydantic import TypeAdapter

from services.categorisation import paging
from services.categorisation.area_json import AreaJson
from services.categorisation.schemas import AreaRead
from services.kit.auth import Role
from tests.categorisation.factories import PREVENTION, YELLOW, csv_bytes, get_json, post_csv, rows, seed

YEAR = 2024
TWO_YEARS = (YEAR - 1, YEAR)
VULNERABLE = {"outside_labour_market_pct": 45.0, "income_pct_of_region": 50.0, "non_western_pct": 40.0}
# Eleven areas: several share a residents figure and a category, and names differ from the codes' order.
AREAS = [
    *rows(TWO_YEARS, "A01", area_name="Østerlund", residents=1200, **YELLOW),
    *rows(TWO_YEARS, "A02", area_name="bakken", residents=2000),
    *rows(TWO_YEARS, "A03", area_name="Cedervej", residents=2000, **PREVENTION),
    *rows(TWO_YEARS, "A04", area_name="Anemonevej", residents=900, **YELLOW),
    *rows(TWO_YEARS, "A05", area_name="Birkely", residents=2000, **VULNERABLE),
    *rows(TWO_YEARS, "A06", area_name="Askely", residents=3100),
    *rows(TWO_YEARS, "A07", area_name="Dalvej", residents=1200, **PREVENTION),
    *rows(TWO_YEARS, "A08", area_name="Egevang", residents=2000, **YELLOW),
    *rows(TWO_YEARS, "A09", area_name="Fyrrely", residents=4),
    *rows(TWO_YEARS, "A10", area_name="Grønly", residents=1200),
    *rows(TWO_YEARS, "A11", area_name="Hasselvej", residents=2000, **VULNERABLE),
]
PATH = f"/v1/years/{YEAR}/areas"
COUNT = len(AREAS) // len(TWO_YEARS)


@pytest.fixture
async def seeded(client: httpx.AsyncClient, analyst: dict[str, str]) -> httpx.AsyncClient:
    await seed(client, analyst, AREAS)
    return client


async def all_pages(
    client: httpx.AsyncClient, headers: dict[str, str], params: dict[str, Any], limit: int
) -> tuple[list[dict[str, Any]], list[httpx.Response]]:
    """Every page of the list, following X-Next-Cursor; the areas in order and each page's answer."""
    areas: list[dict[str, Any]] = []
    answers = []
    cursor = None
    while True:
        query = {**params, "limit": limit, **({"cursor": cursor} if cursor else {})}
        response = await client.get(PATH, params=query, headers=headers)
        assert response.status_code == 200, response.text
        answers.append(response)
        areas += response.json()
        cursor = response.headers.get("x-next-cursor")
        if cursor is None:
            return areas, answers
        assert len(answers) <= len(AREAS), "the pages never end"


@pytest.mark.parametrize("sort", ["area_code", "area_name", "residents", "category"])
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("limit", [1, 3, 11])
async def test_the_pages_together_are_the_whole_list(seeded, analyst, sort, descending, limit):
    params = {"sort": sort, "descending": str(descending).lower()}
    whole = await get_json(seeded, analyst, f"{PATH}?sort={sort}&descending={params['descending']}")

    paged, answers = await all_pages(seeded, analyst, params, limit)

    assert [a["area_code"] for a in paged] == [a["area_code"] for a in whole]
    assert paged == whole
    assert [len(r.json()) for r in answers] == [limit] * (COUNT // limit) + (
        [COUNT % limit] if COUNT % limit else []
    )
    assert {r.headers["x-total-count"] for r in answers} == {str(COUNT)}
    assert "x-next-cursor" not in answers[-1].headers and "link" not in answers[-1].headers
    for answer in answers[:-1]:
        assert answer.headers["link"].startswith("<?") and answer.headers["link"].endswith('>; rel="next"')
        assert f"cursor={answer.headers['x-next-cursor']}" in answer.headers["link"]


async def test_ties_keep_the_code_order_either_way(seeded, analyst):
    """Five areas have 2,000 residents: within them the codes ascend, sorted up or down."""
    up = await get_json(seeded, analyst, f"{PATH}?sort=residents")
    down = await get_json(seeded, analyst, f"{PATH}?sort=residents&descending=true")
    paged_down, _ = await all_pages(seeded, analyst, {"sort": "residents", "descending": "true"}, 2)

    def tied(areas: list[dict[str, Any]]) -> list[str]:
        return [a["area_code"] for a in areas if a["residents"] == 2000]

    assert tied(up) == tied(down) == tied(paged_down) == ["A02", "A03", "A05", "A08", "A11"]


async def test_pages_of_a_filtered_list(seeded, analyst):
    whole = await get_json(seeded, analyst, f"{PATH}?category=yellow&sort=area_name")

    paged, answers = await all_pages(seeded, analyst, {"category": "yellow", "sort": "area_name"}, 2)

    assert (
        [a["area_name"] for a in paged]
        == ["Anemonevej", "Egevang", "Østerlund"]
        == [a["area_name"] for a in whole]
    )
    assert answers[0].headers["x-total-count"] == "3"


async def test_without_limit_or_cursor_nothing_changes(seeded, analyst):
    response = await seeded.get(PATH, headers=analyst)
    areas = response.json()

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["x-categorisation-status"] == "proposed"
    assert "x-total-count" not in response.headers and "x-next-cursor" not in response.headers
    assert [a["area_code"] for a in areas] == [f"A{n:02d}" for n in range(1, 12)]
    # Each area's fields in the model's order, as FastAPI serialises a list[AreaRead].
    assert [list(a) for a in areas] == [list(AreaRead.model_fields)] * len(areas)
    assert TypeAdapter(list[AreaRead]).validate_python(areas) is not None


async def test_a_page_starts_after_the_last_area_shown_even_when_the_data_changed(seeded, analyst):
    first = await seeded.get(PATH, params={"limit": 3}, headers=analyst)
    # A new area that sorts before the cursor, and one after it.
    response = await post_csv(seeded, analyst, csv_bytes([*rows(TWO_YEARS, "A00"), *rows(TWO_YEARS, "A99")]))
    assert response.status_code == 200, response.text

    rest = await get_json(seeded, analyst, f"{PATH}?cursor={first.headers['x-next-cursor']}")

    assert [a["area_code"] for a in first.json()] == ["A01", "A02", "A03"]
    assert [a["area_code"] for a in rest] == [*(f"A{n:02d}" for n in range(4, 12)), "A99"]


@pytest.mark.parametrize(
    "query",
    [
        {"cursor": "not-a-cursor"},
        {"cursor": "W10"},  # base64 of "[]"
        {"cursor": paging.encode("area_code", False, 1, "A01")},  # a number where the code's key is text
        {"cursor": paging.encode("category", False, [0], "A01")},  # a category's key is (rank, code)
        {"cursor": "abc$"},
        {"limit": 0},
        {"limit": 1001},
    ],
)
async def test_a_bad_cursor_or_limit_is_422(seeded, analyst, query):
    response = await seeded.get(PATH, params=query, headers=analyst)

    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["loc"][:2] == ["query", next(iter(query))]


async def test_a_cursor_is_for_its_own_order(seeded, analyst):
    first = await seeded.get(PATH, params={"limit": 2, "sort": "area_name"}, headers=analyst)
    cursor = first.headers["x-next-cursor"]

    other_sort = await seeded.get(PATH, params={"cursor": cursor, "sort": "residents"}, headers=analyst)
    other_direction = await seeded.get(
        PATH, params={"cursor": cursor, "sort": "area_name", "descending": "true"}, headers=analyst
    )
    same = await seeded.get(PATH, params={"cursor": cursor, "sort": "area_name", "limit": 2}, headers=analyst)

    assert other_sort.status_code == other_direction.status_code == 422
    assert [a["area_name"] for a in first.json()] == ["Anemonevej", "Askely"]
    assert [a["area_name"] for a in same.json()] == ["bakken", "Birkely"]


async def test_another_role_sees_the_same_pages_with_small_numbers_hidden(seeded, analyst, as_role):
    officer = as_role(Role.ALLOCATION_OFFICER)
    analyst_view = await get_json(seeded, analyst, PATH)

    paged, _ = await all_pages(seeded, officer, {}, 4)

    assert [a["area_code"] for a in paged] == [a["area_code"] for a in analyst_view]
    small = next(a for a in paged if a["area_code"] == "A09")
    assert small["residents"] is None and any(c["suppressed"] for c in small["criteria"])
    assert next(a for a in analyst_view if a["area_code"] == "A09")["residents"] == 4


async def test_the_json_is_what_pydantic_makes_of_the_list(seeded, analyst):
    """area_json joins each area's JSON around its criteria: the bytes are the model's own, with each
    shared criterion object serialised once."""
    areas = TypeAdapter(list[AreaRead]).validate_python(await get_json(seeded, analyst, PATH))
    shared = areas[0].criteria[0]
    areas[1].criteria[0] = shared  # one object in two areas
    memo = AreaJson()

    made = memo.array(areas)

    assert made == TypeAdapter(list[AreaRead]).dump_json(areas)
    assert json.loads(made)[1]["criteria"][0] == shared.model_dump(mode="json")
    assert len(memo._criteria) < sum(len(a.criteria) for a in areas)


async def test_only_the_areas_asked_for(seeded, analyst):
    chosen = await get_json(
        seeded, analyst, f"{PATH}?area_code=A07&area_code=A02&area_code=NOPE&sort=area_name"
    )
    paged = await seeded.get(PATH, params={"area_code": ["A07", "A02", "A05"], "limit": 2}, headers=analyst)

    assert [a["area_code"] for a in chosen] == ["A02", "A07"]  # bakken, Dalvej
    assert [a["area_code"] for a in paged.json()] == ["A02", "A05"]
    assert paged.headers["x-total-count"] == "3"


async def test_the_area_names_of_a_year(seeded, analyst, as_role):
    names = await get_json(seeded, analyst, f"/v1/years/{YEAR}/area-names")
    manager = await seeded.get(f"/v1/years/{YEAR}/area-names", headers=as_role(Role.MANAGER))
    missing = await seeded.get(f"/v1/years/{YEAR + 5}/area-names", headers=analyst)

    assert names[:2] == [
        {"area_code": "A01", "area_name": "Østerlund"},
        {"area_code": "A02", "area_name": "bakken"},
    ]
    assert [n["area_code"] for n in names] == [f"A{n:02d}" for n in range(1, 12)]
    assert manager.status_code == 403  # managers see aggregates only
    assert missing.status_code == 404
