"""`GET /v1/years/{year}/areas` serialises a criterion that many areas share once (issue 16): the kept areas
share their criterion objects, live and approved, and the answer is made from each object's JSON once,
byte for byte what FastAPI made of `list[AreaRead]` before."""

import json
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import TypeAdapter

from services.categorisation import versions
from services.categorisation.area_json import AreaJson
from services.categorisation.schemas import AreaRead
from services.categorisation.state import CategorisationState
from services.kit.auth import Role
from services.kit.state import state_of
from tests.categorisation.factories import YELLOW, rows, seed

YEAR = 2024
TWO_YEARS = (YEAR - 1, YEAR)
PATH = f"/v1/years/{YEAR}/areas"
# Four areas with the same figures, two yellow ones alike and two small ones alike (their figures hidden
# from all but the analyst): most of their criteria are one engine record each.
AREAS = [
    *(row for n in range(1, 5) for row in rows(TWO_YEARS, f"N{n}", area_name=f"Nørrevang {n}")),
    *rows(TWO_YEARS, "Y1", area_name="Ygdrasil", **YELLOW),
    *rows(TWO_YEARS, "Y2", area_name="Ydun", **YELLOW),
    *rows(TWO_YEARS, "S1", area_name="Smalby", residents=4),
    *rows(TWO_YEARS, "S2", area_name="Småvang", residents=4),
]
LIST = TypeAdapter(list[AreaRead])


@pytest.fixture
async def seeded(client: httpx.AsyncClient, analyst: dict[str, str]) -> httpx.AsyncClient:
    await seed(client, analyst, AREAS)
    return client


def kept(app: FastAPI, key: Any) -> Any:
    """What the process keeps under `key` at the current version of the data."""
    results: versions.Results = state_of(app, CategorisationState).results
    found = results.peek(results._stamp, key)
    assert found is not versions._MISSING, f"nothing kept under {key}"
    return found


def as_fastapi_made_it(areas: list[AreaRead]) -> bytes:
    """FastAPI's answer for `response_model=list[AreaRead]`: the model dumped for JSON, then JSONResponse."""
    content = LIST.dump_python(areas, mode="json")
    return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def criterion_objects(areas: list[AreaRead]) -> tuple[int, int]:
    """How many criteria the areas show, and how many distinct objects they are."""
    every = [c for a in areas for c in a.criteria]
    return len(every), len({id(c) for c in every})


@pytest.mark.parametrize("approved", [False, True])
async def test_each_shared_criterion_is_serialised_once(seeded, analyst, categorisation_app, approved):
    if approved:
        assert (await seeded.post(f"/v1/years/{YEAR}/approve", headers=analyst)).status_code == 200

    response = await seeded.get(PATH, headers=analyst)
    status, areas = kept(categorisation_app, ("areas", YEAR, False))
    memo: AreaJson = kept(categorisation_app, ("json", YEAR, False))
    shown, distinct = criterion_objects(areas)

    assert response.status_code == 200
    assert response.headers["x-categorisation-status"] == status == ("approved" if approved else "proposed")
    assert response.content == as_fastapi_made_it(areas) == LIST.dump_json(areas)
    assert distinct * 2 < shown, "the areas do not share their criteria"
    assert len(memo._criteria) == distinct  # each object once, and only those shown
    assert len(memo._areas) == len(areas)


async def test_the_hidden_copy_of_a_shared_criterion_is_serialised_once(seeded, as_role, categorisation_app):
    """The officer's areas hide small numbers; areas that shared a criterion share its hidden copy."""
    response = await seeded.get(PATH, headers=as_role(Role.ALLOCATION_OFFICER))
    suppressed = kept(categorisation_app, ("suppressed", YEAR, False))
    areas = [suppressed[a["area_code"]] for a in response.json()]
    memo: AreaJson = kept(categorisation_app, ("json", YEAR, False))
    shown, distinct = criterion_objects(areas)
    small = [a for a in areas if a.area_code in ("S1", "S2")]
    hidden = [[id(c) for c in a.criteria if c.suppressed] for a in small]

    assert response.content == as_fastapi_made_it(areas)
    assert [a.residents for a in small] == [None, None]
    assert hidden[0] and hidden[0] == hidden[1], "the small areas do not share their hidden criteria"
    assert distinct * 2 < shown
    assert len(memo._criteria) == distinct


async def test_without_limit_and_cursor_the_answer_is_the_whole_list_as_before(
    seeded, analyst, categorisation_app
):
    """CONTRACT § 5: every area, in code order, with no paging headers; the same bytes a page-by-page read
    joins up to."""
    whole = await seeded.get(PATH, headers=analyst)
    pages = [await seeded.get(PATH, params={"limit": 3}, headers=analyst)]
    while "x-next-cursor" in pages[-1].headers:
        cursor = pages[-1].headers["x-next-cursor"]
        pages.append(await seeded.get(PATH, params={"limit": 3, "cursor": cursor}, headers=analyst))
    _, areas = kept(categorisation_app, ("areas", YEAR, False))

    assert whole.content == as_fastapi_made_it(areas)
    assert [a["area_code"] for a in whole.json()] == ["N1", "N2", "N3", "N4", "S1", "S2", "Y1", "Y2"]
    assert not {"x-total-count", "x-next-cursor", "link"} & set(whole.headers)
    assert [a for page in pages for a in page.json()] == whole.json()
    assert [p.headers["x-total-count"] for p in pages] == ["8"] * 3
