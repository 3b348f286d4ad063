"""Every comparator of every list at, just above and just below its threshold (ABL §§ 61 a, 61 b, 51 b)."""

from typing import Any

import pytest

from services.categorisation.rules.model import Designation
from tests.categorisation.factories import criterion, evaluate, national, rows

YEAR = 2024
NATIONAL = 1.2  # the convicted thresholds become 3.6, 2.4 and 1.8 (3 × 1.2 is 3.5999999999999996 in floats)
EPSILON = 0.01

# (list, criterion code, column, threshold the API reports, comparator)
CRITERIA = [
    ("vulnerable", "outside_labour_market", "outside_labour_market_pct", 40.0, "gt"),
    ("vulnerable", "convicted", "convicted_pct", 3.6, "ge"),
    ("vulnerable", "basic_education", "basic_education_pct", 60.0, "gt"),
    ("vulnerable", "income", "income_pct_of_region", 55.0, "lt"),
    ("prevention", "outside_labour_market", "outside_labour_market_pct", 30.0, "gt"),
    ("prevention", "convicted", "convicted_pct", 2.4, "ge"),
    ("prevention", "basic_education", "basic_education_pct", 60.0, "gt"),
    ("prevention", "income", "income_pct_of_region", 65.0, "lt"),
    ("prevention", "non_western", "non_western_pct", 30.0, "gt"),
    ("parallel_society", "non_western", "non_western_pct", 50.0, "gt"),
    ("local", "outside_labour_market", "outside_labour_market_pct", 25.0, "gt"),
    ("local", "convicted", "convicted_pct", 1.8, "ge"),
    ("local", "basic_education", "basic_education_pct", 50.0, "gt"),
    ("local", "income", "income_pct_of_region", 70.0, "lt"),
    ("size", "residents", "residents", 1000, "ge"),
]
# Where the value sits against the threshold -> whether each comparator holds.
POSITIONS = {
    "below": (-1, {"gt": False, "ge": False, "lt": True}),
    "at": (0, {"gt": False, "ge": True, "lt": False}),
    "above": (1, {"gt": True, "ge": True, "lt": False}),
}


def _judge(year: int = YEAR, **figures: Any):  # type: ignore[no-untyped-def]
    """The area with the same figures this year and last (so the 2-year averages equal the figures)."""
    return evaluate(
        rows((year - 1, year), **figures), year, national_pct=national((year - 1, year), NATIONAL)
    )


@pytest.mark.parametrize("position", list(POSITIONS))
@pytest.mark.parametrize(
    ("list_code", "code", "column", "threshold", "comparator"),
    CRITERIA,
    ids=[f"{c[0]}-{c[1]}" for c in CRITERIA],
)
def test_criterion_boundary(list_code, code, column, threshold, comparator, position):
    step, expected = POSITIONS[position]
    value = threshold + step * (1 if column == "residents" else EPSILON)
    if column == "residents":
        value = int(value)
    result = _judge(**{column: value})

    found = criterion(result, list_code, code)

    assert found.value == pytest.approx(value)
    assert found.threshold == threshold  # exact: no binary artefact may leak into the threshold
    assert found.comparator == comparator
    assert found.met is expected[comparator]
    assert found.source == "data"


# Designations change exactly at the boundary: (designation, column, threshold, comparator, other figures
# that make the tested criterion the deciding one).
DECIDING = [
    (Designation.VULNERABLE_AREA, "outside_labour_market_pct", 40.0, "gt", {"income_pct_of_region": 54.0}),
    (Designation.VULNERABLE_AREA, "convicted_pct", 3.6, "ge", {"income_pct_of_region": 54.0}),
    (Designation.VULNERABLE_AREA, "basic_education_pct", 60.0, "gt", {"income_pct_of_region": 54.0}),
    (Designation.VULNERABLE_AREA, "income_pct_of_region", 55.0, "lt", {"basic_education_pct": 61.0}),
    (
        Designation.PREVENTION_AREA,
        "outside_labour_market_pct",
        30.0,
        "gt",
        {"income_pct_of_region": 64.0, "non_western_pct": 40.0},
    ),
    (
        Designation.PREVENTION_AREA,
        "convicted_pct",
        2.4,
        "ge",
        {"income_pct_of_region": 64.0, "non_western_pct": 40.0},
    ),
    (
        Designation.PREVENTION_AREA,
        "basic_education_pct",
        60.0,
        "gt",
        {"income_pct_of_region": 64.0, "non_western_pct": 40.0},
    ),
    (
        Designation.PREVENTION_AREA,
        "income_pct_of_region",
        65.0,
        "lt",
        {"outside_labour_market_pct": 35.0, "non_western_pct": 40.0},
    ),
    (
        Designation.PREVENTION_AREA,
        "non_western_pct",
        30.0,
        "gt",
        {"outside_labour_market_pct": 35.0, "income_pct_of_region": 64.0},
    ),
    (
        Designation.PARALLEL_SOCIETY,
        "non_western_pct",
        50.0,
        "gt",
        {"outside_labour_market_pct": 45.0, "income_pct_of_region": 54.0},
    ),
    (
        Designation.VULNERABLE_AREA,
        "residents",
        1000,
        "ge",
        {"outside_labour_market_pct": 45.0, "income_pct_of_region": 54.0},
    ),
    (
        Designation.PREVENTION_AREA,
        "residents",
        1000,
        "ge",
        {"outside_labour_market_pct": 35.0, "income_pct_of_region": 64.0, "non_western_pct": 40.0},
    ),
]


@pytest.mark.parametrize("position", list(POSITIONS))
@pytest.mark.parametrize(
    ("designation", "column", "threshold", "comparator", "others"),
    DECIDING,
    ids=[f"{d[0].value}-{d[1]}" for d in DECIDING],
)
def test_designation_turns_at_the_boundary(designation, column, threshold, comparator, others, position):
    step, expected = POSITIONS[position]
    value = threshold + step * (1 if column == "residents" else EPSILON)
    if column == "residents":
        value = int(value)

    result = _judge(**{**others, column: value})

    assert (designation in result.designations) is expected[comparator], result.designations


# ABL § 51 b: >= 40 % outside the labour market from 1,000 residents, >= 30 % from 5,000 residents.
COMBINED = [
    (999, 50.0, None, False),
    (1000, 39.99, 40.0, False),
    (1000, 40.0, 40.0, True),
    (1000, 40.01, 40.0, True),
    (4999, 39.99, 40.0, False),
    (4999, 35.0, 40.0, False),  # the gap band: enough at 5,000 residents, not at 4,999
    (4999, 30.0, 40.0, False),
    (5000, 29.99, 30.0, False),
    (5000, 30.0, 30.0, True),
    (5000, 30.01, 30.0, True),
    (5000, 35.0, 30.0, True),
    (5000, 40.0, 30.0, True),
]


@pytest.mark.parametrize(("residents", "labour", "threshold", "met"), COMBINED)
def test_combined_letting_bands(residents, labour, threshold, met):
    result = _judge(residents=residents, outside_labour_market_pct=labour)

    found = criterion(result, "combined_letting", "outside_labour_market")

    assert found.threshold == threshold
    assert found.comparator == "ge"
    assert found.met is met
    assert (Designation.COMBINED_LETTING_AREA in result.designations) is met
    if threshold is None:
        assert found.note_code == "below_min_residents"


@pytest.mark.parametrize(("met_count", "designated"), [(1, False), (2, True), (3, True), (4, True)])
def test_two_of_four_criteria_make_a_vulnerable_area(met_count, designated):
    vulnerable = [
        ("outside_labour_market_pct", 45.0),
        ("convicted_pct", 4.0),
        ("basic_education_pct", 65.0),
        ("income_pct_of_region", 50.0),
    ]
    result = _judge(**dict(vulnerable[:met_count]))

    assert result.met_counts["vulnerable"] == met_count
    assert (Designation.VULNERABLE_AREA in result.designations) is designated


def test_small_areas_are_never_listed_but_still_categorised_locally():
    result = _judge(
        residents=999, outside_labour_market_pct=45.0, basic_education_pct=65.0, non_western_pct=60.0
    )

    assert Designation.VULNERABLE_AREA not in result.designations
    assert Designation.PARALLEL_SOCIETY not in result.designations
    assert result.computed_category == "yellow"


def test_national_average_multiples_have_no_binary_artefacts():
    # 3 × 1.1 = 3.3000000000000003, 2 × 1.1 = 2.2, 1.5 × 1.1 = 1.6500000000000001 in binary floats.
    figures = {"convicted_pct": 3.3}
    result = evaluate(rows((YEAR - 1, YEAR), **figures), YEAR, national_pct=national((YEAR - 1, YEAR), 1.1))
    vulnerable = criterion(result, "vulnerable", "convicted")
    assert (vulnerable.threshold, vulnerable.met, vulnerable.multiple) == (3.3, True, 3.0)

    at_local = evaluate(
        rows((YEAR - 1, YEAR), convicted_pct=1.65), YEAR, national_pct=national((YEAR - 1, YEAR), 1.1)
    )
    local = criterion(at_local, "local", "convicted")
    assert (local.threshold, local.met) == (1.65, True)


def test_two_year_average_has_no_binary_artefacts():
    # (1.89 + 2.51) / 2 is 2.1999999999999997 in floats; the law's figure is 2.2 = 2 × 1.1: met.
    data = [*rows([YEAR - 1], convicted_pct=1.89), *rows([YEAR], convicted_pct=2.51)]
    result = evaluate(data, YEAR, national_pct=national((YEAR - 1, YEAR), 1.1))

    prevention = criterion(result, "prevention", "convicted")

    assert prevention.value == 2.2
    assert prevention.threshold == 2.2
    assert prevention.met is True
