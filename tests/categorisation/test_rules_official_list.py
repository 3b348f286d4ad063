"""The published list governs (DOMAIN § 3): where it is loaded for the year its designations decide.

"The legal effects follow the published list ... where an official list for the year is loaded, its
designations are the ones the allocation rules use and the red/pink category derives from; the computation
stays beside it as explanation and as the disagreement view."
"""

from collections.abc import Iterable, Mapping

import pytest

from services.categorisation.rules.engine import Engine, Inputs
from services.categorisation.rules.model import AreaResult, Category, Designation, HousingRow
from tests.categorisation.factories import LOCAL_DEFAULTS, PARALLEL, PREVENTION, national, rows

YEAR = 2024
D = Designation
OFFICIAL, DATA = "official_list", "data"
# Vulnerable (labour, income) with 2,200 residents and 45 % outside the labour market: also § 51 b.
VULNERABLE = {"outside_labour_market_pct": 45.0, "income_pct_of_region": 50.0, "non_western_pct": 40.0}
# Yellow by the local criteria (labour > 25 %, basic education > 50 %), nothing national.
LOCAL_YELLOW = {"outside_labour_market_pct": 27.0, "basic_education_pct": 55.0}


def _engine(
    data: Iterable[HousingRow],
    official: Mapping[int, Mapping[str, frozenset[Designation]]],
    official_lists: Mapping[int, frozenset[str]] | None = None,
) -> Engine:
    by_year: dict[int, dict[str, HousingRow]] = {}
    for item in data:
        by_year.setdefault(item.year, {})[item.area_code] = item
    return Engine(
        Inputs(
            rows=by_year,
            national_convicted_pct=national(range(YEAR - 7, YEAR + 1)),
            official=official,
            official_lists=official_lists,
        )
    )


def _year(
    data: Iterable[HousingRow], official: Mapping[str, frozenset[Designation]]
) -> dict[str, AreaResult]:
    results = _engine(data, {YEAR: official}).categorise(YEAR, LOCAL_DEFAULTS)
    return {r.area_code: r for r in results}


TWO_YEARS = (YEAR - 1, YEAR)


def test_the_list_decides_an_area_computed_otherwise():
    data = [*rows(TWO_YEARS, "V1", residents=2200, **VULNERABLE), *rows(TWO_YEARS, "P1", **PREVENTION)]

    v1 = _year(data, {"V1": frozenset({D.PREVENTION_AREA}), "P1": frozenset({D.PREVENTION_AREA})})["V1"]

    # § 51 b has no list loaded this year: combined letting stays computed from the figures.
    assert v1.designations == [D.PREVENTION_AREA, D.COMBINED_LETTING_AREA]
    assert v1.computed_designations == [D.VULNERABLE_AREA, D.COMBINED_LETTING_AREA]
    assert v1.disagreements == [D.VULNERABLE_AREA, D.PREVENTION_AREA]
    assert v1.computed_category is Category.PINK  # from the list, not red from the figures
    assert v1.decided_by == {"national": OFFICIAL, "combined_letting": DATA}
    assert v1.source == DATA  # the area's row is still its figures, every criterion explained
    assert any(c.list == "vulnerable" and c.met for c in v1.criteria)


def test_an_area_with_figures_absent_from_a_loaded_list_is_not_designated():
    data = [
        *rows(
            TWO_YEARS,
            "V1",
            residents=2200,
            **{**VULNERABLE, **LOCAL_YELLOW, "outside_labour_market_pct": 45.0},
        ),
        *rows(TWO_YEARS, "P1", **PREVENTION),
    ]

    v1 = _year(data, {"P1": frozenset({D.PREVENTION_AREA})})["V1"]

    assert v1.designations == [D.COMBINED_LETTING_AREA]
    assert v1.computed_designations == [D.VULNERABLE_AREA, D.COMBINED_LETTING_AREA]
    assert v1.disagreements == [D.VULNERABLE_AREA]
    assert v1.computed_category is Category.YELLOW  # local criteria (labour, basic education) still apply


def test_agreement_has_no_disagreements():
    data = rows(TWO_YEARS, "V1", residents=2200, **VULNERABLE)

    v1 = _year(data, {"V1": frozenset({D.VULNERABLE_AREA})})["V1"]

    assert (v1.designations, v1.disagreements, v1.computed_category) == (
        [D.VULNERABLE_AREA, D.COMBINED_LETTING_AREA],
        [],
        Category.RED,
    )


def test_a_loaded_combined_letting_list_decides_combined_letting():
    data = [
        *rows(TWO_YEARS, "C1", residents=2200, outside_labour_market_pct=45.0),  # computed § 51 b
        *rows(TWO_YEARS, "C2", residents=2200),  # not computed § 51 b
    ]

    results = _year(data, {"C2": frozenset({D.COMBINED_LETTING_AREA})})

    assert (results["C1"].designations, results["C1"].disagreements) == ([], [D.COMBINED_LETTING_AREA])
    assert (results["C2"].designations, results["C2"].disagreements) == (
        [D.COMBINED_LETTING_AREA],
        [D.COMBINED_LETTING_AREA],
    )
    # Only the § 51 b list is loaded: the national designations stay computed.
    assert results["C1"].decided_by == {"national": DATA, "combined_letting": OFFICIAL}


def test_without_a_list_for_the_year_the_computation_decides():
    data = rows(range(YEAR - 2, YEAR + 1), "V1", residents=2200, **VULNERABLE)
    # A list of last year, not of this year.
    engine = _engine(data, {YEAR - 1: {"X9": frozenset({D.PREVENTION_AREA})}})

    (v1,) = engine.categorise(YEAR, LOCAL_DEFAULTS)

    assert v1.designations == v1.computed_designations == [D.VULNERABLE_AREA, D.COMBINED_LETTING_AREA]
    assert (v1.decided_by, v1.disagreements) == ({"national": DATA, "combined_letting": DATA}, [])
    assert v1.computed_category is Category.RED


def test_lists_given_apart_decide_for_an_area_loaded_alone():
    # One area's inputs hold only its own designations: the year's lists come with them.
    engine = _engine(
        rows(TWO_YEARS, "V1", residents=2200, **VULNERABLE),
        {},
        official_lists={YEAR: frozenset({"national"})},
    )

    v1 = engine.area(YEAR, "V1", LOCAL_DEFAULTS)

    assert v1 is not None
    assert v1.designations == [D.COMBINED_LETTING_AREA]
    assert v1.disagreements == [D.VULNERABLE_AREA]


def test_inputs_frozen_before_the_list_decided_are_computed_from_the_figures():
    # An approval frozen without "official_lists" reproduces as it was computed: from the figures.
    engine = _engine(
        rows(TWO_YEARS, "V1", residents=2200, **VULNERABLE),
        {YEAR: {"V1": frozenset({D.PREVENTION_AREA})}},
        official_lists={},
    )

    v1 = engine.area(YEAR, "V1", LOCAL_DEFAULTS)

    assert v1 is not None
    assert v1.designations == [D.VULNERABLE_AREA, D.COMBINED_LETTING_AREA]
    assert v1.decided_by == {"national": DATA, "combined_letting": DATA}


def test_a_listed_designation_is_not_provisional_for_a_window_the_figures_could_not_judge():
    # Parallel in 2021-2024 by the figures; 2020 unknown: the computed transformation test is incomplete.
    data = rows(range(YEAR - 3, YEAR + 1), "T1", **PARALLEL)
    listed = frozenset({D.VULNERABLE_AREA, D.PARALLEL_SOCIETY, D.TRANSFORMATION_AREA})

    computed = _engine(data, {}).area(YEAR, "T1", LOCAL_DEFAULTS)
    decided = _engine(data, {YEAR: {"T1": listed}}).area(YEAR, "T1", LOCAL_DEFAULTS)

    assert computed is not None and decided is not None
    assert computed.provisional is True
    assert D.TRANSFORMATION_AREA not in computed.designations
    assert decided.provisional is False  # the published list decides; the local criteria are complete
    assert D.TRANSFORMATION_AREA in decided.designations
    assert decided.disagreements == [D.TRANSFORMATION_AREA]


def test_an_area_known_only_from_the_list_says_so():
    engine = _engine([], {YEAR: {"L1": frozenset({D.VULNERABLE_AREA})}})

    (l1,) = engine.categorise(YEAR, LOCAL_DEFAULTS)

    assert (l1.source, l1.computed_designations, l1.decided_by) == (OFFICIAL, None, {"national": OFFICIAL})


@pytest.mark.parametrize(
    "official",
    [
        {},
        {"V1": frozenset({D.PREVENTION_AREA})},
        {"P1": frozenset({D.VULNERABLE_AREA})},
        {"V1": frozenset({D.VULNERABLE_AREA}), "X1": frozenset({D.PREVENTION_AREA})},
    ],
)
def test_the_what_if_categories_follow_the_list_as_the_categorisation_does(official):
    data = [
        *rows(TWO_YEARS, "V1", residents=2200, **VULNERABLE),
        *rows(TWO_YEARS, "P1", **PREVENTION),
        *rows(TWO_YEARS, "Y1", **LOCAL_YELLOW),
    ]
    engine = _engine(data, {YEAR: official})

    full = [r.computed_category for r in engine.categorise(YEAR, LOCAL_DEFAULTS)]
    quick = [c.categories[0] for c in engine.categories(YEAR, [LOCAL_DEFAULTS])]

    assert quick == full
