"""GET /v1/years/{year}/areas?q=…: the search a form's area picker uses (issue 16). It ignores case and
accents, and æ, ø, å may be typed as Danes write them without those keys (ae, oe, aa) or as a foreign
keyboard leaves them (ae, o, a); with `limit` it pages and counts the matches like any other filter."""

import httpx
import pytest

from tests.categorisation.factories import get_json, rows, seed

YEAR = 2024
TWO_YEARS = (YEAR - 1, YEAR)
AREAS = [
    *rows(TWO_YEARS, "DK-01", area_name="Åbakken"),
    *rows(TWO_YEARS, "DK-02", area_name="Møllegården"),
    *rows(TWO_YEARS, "DK-03", area_name="Sæbyvang"),
    *rows(TWO_YEARS, "DK-04", area_name="Søndre Allé"),
    *rows(TWO_YEARS, "DK-05", area_name="Aabenraavej"),
    *rows(TWO_YEARS, "DK-06", area_name="Molevej"),
    *rows(TWO_YEARS, "DK-07", area_name="Michaelsvej"),
    *rows(TWO_YEARS, "XY-08", area_name="Vestervang"),
]
PATH = f"/v1/years/{YEAR}/areas"


@pytest.fixture
async def seeded(client: httpx.AsyncClient, analyst: dict[str, str]) -> httpx.AsyncClient:
    await seed(client, analyst, AREAS)
    return client


@pytest.mark.parametrize(
    ("q", "codes"),
    [
        ("åbakken", ["DK-01"]),
        ("ÅBAKKEN", ["DK-01"]),
        ("aabakken", ["DK-01"]),  # å written the Danish way
        ("abakken", ["DK-01"]),  # å without its ring
        ("mølle", ["DK-02"]),
        ("MØLLE", ["DK-02"]),
        ("moelle", ["DK-02"]),
        ("molle", ["DK-02"]),  # not Molevej: "mole" is not "molle"
        ("mollegaarden", ["DK-02"]),  # ø and å written two ways in one word
        ("gården", ["DK-02"]),
        ("gaarden", ["DK-02"]),
        ("sæby", ["DK-03"]),
        ("saeby", ["DK-03"]),
        ("søndre alle", ["DK-04"]),  # é without its accent
        ("SONDRE ALLÉ", ["DK-04"]),
        ("aabenraa", ["DK-05"]),  # a name written with aa is found as typed…
        ("åbenrå", ["DK-05"]),  # …and with å
        ("mole", ["DK-06"]),
        ("dk-0", ["DK-01", "DK-02", "DK-03", "DK-04", "DK-05", "DK-06", "DK-07"]),  # part of a code
        ("xy", ["XY-08"]),
        ("ø", ["DK-02", "DK-04", "DK-06"]),  # ø as o, like é as e
        ("elsvej", ["DK-07"]),  # found as typed, though "ae" is one of the spelled-out letters
        ("michael", ["DK-07"]),
        ("zz", []),
    ],
)
async def test_the_search_ignores_case_accents_and_the_spelling_of_æøå(
    seeded: httpx.AsyncClient, analyst: dict[str, str], q: str, codes: list[str]
) -> None:
    areas = await get_json(seeded, analyst, f"{PATH}?{httpx.QueryParams({'q': q})}")

    assert [a["area_code"] for a in areas] == codes


async def test_a_search_in_pages_counts_every_match_and_pages_only_them(
    seeded: httpx.AsyncClient, analyst: dict[str, str]
) -> None:
    params = {"q": "DK", "sort": "area_name", "limit": 4}
    first = await seeded.get(PATH, params=params, headers=analyst)
    second = await seeded.get(
        PATH, params={**params, "cursor": first.headers["x-next-cursor"]}, headers=analyst
    )

    assert first.status_code == second.status_code == 200
    assert first.headers["x-total-count"] == second.headers["x-total-count"] == "7"
    names = [a["area_name"] for a in [*first.json(), *second.json()]]
    assert names == [
        "Aabenraavej",
        "Michaelsvej",
        "Molevej",
        "Møllegården",
        "Sæbyvang",
        "Søndre Allé",
        "Åbakken",
    ]
    assert "x-next-cursor" not in second.headers


async def test_without_a_search_every_area_is_listed(
    seeded: httpx.AsyncClient, analyst: dict[str, str]
) -> None:
    areas = await get_json(seeded, analyst, PATH)

    assert [a["area_code"] for a in areas] == [f"DK-0{n}" for n in range(1, 8)] + ["XY-08"]
