"""Red, pink, yellow, green (DOMAIN § 4), their precedence, and results from the official list alone."""

from dataclasses import replace

import pytest

from services.categorisation.rules.engine import Engine, Inputs, category_for
from services.categorisation.rules.model import Category, Designation, HousingRow, LocalThresholds
from tests.categorisation.factories import LOCAL_DEFAULTS, PARALLEL, PREVENTION, YELLOW, evaluate, rows

YEAR = 2024
D = Designation


@pytest.mark.parametrize(
    ("designations", "local_met", "category"),
    [
        ([D.VULNERABLE_AREA], False, Category.RED),
        ([D.VULNERABLE_AREA, D.PARALLEL_SOCIETY], False, Category.RED),
        ([D.TRANSFORMATION_AREA], False, Category.RED),
        ([D.PARALLEL_SOCIETY], True, Category.RED),
        ([D.VULNERABLE_AREA, D.PREVENTION_AREA], True, Category.RED),  # red wins over pink
        ([D.PREVENTION_AREA], False, Category.PINK),
        ([D.PREVENTION_AREA], True, Category.PINK),  # pink wins over yellow
        ([D.PREVENTION_AREA, D.COMBINED_LETTING_AREA], True, Category.PINK),
        ([D.COMBINED_LETTING_AREA], True, Category.YELLOW),
        ([D.COMBINED_LETTING_AREA], False, Category.GREEN),  # § 51 b alone is not a list designation
        ([], True, Category.YELLOW),
        ([], False, Category.GREEN),
    ],
)
def test_category_for(designations, local_met, category):
    assert category_for(designations, local_met) is category


@pytest.mark.parametrize(
    ("figures", "category", "designations"),
    [
        (PARALLEL, Category.RED, {D.VULNERABLE_AREA, D.PARALLEL_SOCIETY, D.COMBINED_LETTING_AREA}),
        (PREVENTION, Category.PINK, {D.PREVENTION_AREA}),
        (YELLOW, Category.YELLOW, set()),
        ({}, Category.GREEN, set()),
    ],
    ids=["red", "pink", "yellow", "green"],
)
def test_engine_categories(figures, category, designations):
    result = evaluate(rows((YEAR - 1, YEAR), **figures), YEAR)

    assert result.computed_category is category
    assert set(result.designations) == designations
    assert result.source == "data"


def test_vulnerable_with_prevention_figures_is_red_and_never_a_prevention_area():
    # Vulnerable (labour 45, income 50); every prevention criterion is met too, non-western 40 % > 30 %.
    result = evaluate(
        rows(
            (YEAR - 1, YEAR), outside_labour_market_pct=45.0, income_pct_of_region=50.0, non_western_pct=40.0
        ),
        YEAR,
    )

    assert result.met_counts["prevention"] >= 2
    assert Designation.VULNERABLE_AREA in result.designations
    assert Designation.PARALLEL_SOCIETY not in result.designations
    assert Designation.PREVENTION_AREA not in result.designations
    assert result.computed_category is Category.RED


def test_prevention_needs_more_than_30_percent_non_western():
    result = evaluate(rows((YEAR - 1, YEAR), **{**PREVENTION, "non_western_pct": 30.0}), YEAR)

    assert result.met_counts["prevention"] == 2
    assert Designation.PREVENTION_AREA not in result.designations
    assert result.computed_category is Category.YELLOW


def test_local_criteria_need_the_configured_count():
    three_needed = LOCAL_DEFAULTS.__class__(
        **{
            **{f: getattr(LOCAL_DEFAULTS, f) for f in LOCAL_DEFAULTS.__dataclass_fields__},
            "criteria_needed": 3,
        }
    )

    result = evaluate(rows((YEAR - 1, YEAR), **YELLOW), YEAR, local=three_needed)

    assert result.met_counts["local"] == 2
    assert result.computed_category is Category.GREEN


def _official_only(listed: frozenset[Designation]):  # type: ignore[no-untyped-def]
    inputs = Inputs(rows={}, national_convicted_pct={}, official={YEAR: {"OFF-1": listed}})
    return Engine(inputs).categorise(YEAR, LOCAL_DEFAULTS)


@pytest.mark.parametrize(
    ("listed", "category", "provisional"),
    [
        ({D.VULNERABLE_AREA, D.PARALLEL_SOCIETY}, Category.RED, False),
        ({D.TRANSFORMATION_AREA}, Category.RED, False),
        ({D.PREVENTION_AREA}, Category.PINK, False),
        # Without figures the local criteria cannot be judged: green only provisionally.
        ({D.COMBINED_LETTING_AREA}, Category.GREEN, True),
    ],
)
def test_results_from_the_official_list_alone(listed, category, provisional):
    (result,) = _official_only(frozenset(listed))

    assert result.source == "official_list"
    assert result.computed_category is category
    assert set(result.designations) == listed
    assert result.provisional is provisional
    assert result.residents is None
    assert result.rule_version == "ABL-2021-11-30-r2"
    assert {c.code for c in result.criteria} == {d.value for d in listed}
    for found in result.criteria:
        assert (found.list, found.source, found.met, found.value, found.comparator) == (
            "official",
            "official_list",
            True,
            None,
            "listed",
        )


def test_a_loaded_official_list_decides_and_official_only_areas_are_included():
    inputs = Inputs(
        rows={
            YEAR - 1: {r.area_code: r for r in rows([YEAR - 1], "B1")},
            YEAR: {r.area_code: r for r in rows([YEAR], "B1")},
        },
        national_convicted_pct={YEAR - 1: 1.0, YEAR: 1.0},
        official={YEAR: {"B1": frozenset({D.VULNERABLE_AREA}), "A0": frozenset({D.PREVENTION_AREA})}},
    )

    results = Engine(inputs).categorise(YEAR, LOCAL_DEFAULTS)

    assert [(r.area_code, r.source, r.computed_category) for r in results] == [
        ("A0", "official_list", Category.PINK),
        ("B1", "data", Category.RED),  # the published list decides; the figures explain and compare
    ]
    b1 = results[1]
    assert (b1.designations, b1.computed_designations, b1.disagreements) == (
        [D.VULNERABLE_AREA],
        [],
        [D.VULNERABLE_AREA],
    )


def _thresholds(**changes: float) -> LocalThresholds:
    return replace(LOCAL_DEFAULTS, **changes)


def test_categories_under_several_thresholds_match_a_full_categorisation():
    data = [
        *rows((YEAR - 1, YEAR), "A-red", **PARALLEL),
        *rows((YEAR - 1, YEAR), "B-pink", **PREVENTION),
        *rows((YEAR - 1, YEAR), "C-yellow", **YELLOW),
        *rows((YEAR - 1, YEAR), "D-green"),
        *rows([YEAR], "E-new", residents=400, outside_labour_market_pct=26.0, basic_education_pct=51.0),
    ]
    by_year: dict[int, dict[str, HousingRow]] = {}
    for item in data:
        by_year.setdefault(item.year, {})[item.area_code] = item
    inputs = Inputs(
        rows=by_year,
        national_convicted_pct={YEAR - 1: 1.0, YEAR: 1.0},
        official={YEAR: {"F-listed": frozenset({D.PREVENTION_AREA})}},
    )
    options = [
        LOCAL_DEFAULTS,
        _thresholds(basic_education_pct_above=60.0),
        _thresholds(outside_labour_market_pct_above=5.0, criteria_needed=1),
        _thresholds(income_pct_of_region_below=101.0, criteria_needed=3),
    ]

    compared = Engine(inputs).categories(YEAR, options)

    runs = [Engine(inputs).categorise(YEAR, local) for local in options]
    expected = {r.area_code: tuple(run[i].computed_category for run in runs) for i, r in enumerate(runs[0])}
    assert {c.area_code: c.categories for c in compared} == expected
    assert expected["C-yellow"] == (Category.YELLOW, Category.GREEN, Category.YELLOW, Category.YELLOW)
    assert expected["D-green"] == (Category.GREEN, Category.GREEN, Category.YELLOW, Category.GREEN)
    assert expected["F-listed"] == (Category.PINK,) * 4
    assert {c.area_code: (c.area_name, c.residents) for c in compared}["E-new"] == ("Area E-new", 400)
