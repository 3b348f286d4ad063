"""Combined-letting areas (ABL § 51 b stk. 3-4) on the list year's own share, never the 2-year average.

DOMAIN § 3: "≥ 1,000 residents and ≥ 40 % of residents aged 18–64 outside the labour market; with ≥ 5,000
residents ≥ 30 % is enough. No averaging: the list year's own figure".
"""

import pytest

from services.categorisation.rules.engine import Engine, Inputs
from services.categorisation.rules.model import Designation
from services.categorisation.rules.rulesets import rule_set_by_version
from tests.categorisation.factories import LOCAL_DEFAULTS, criterion, evaluate, national, row

YEAR = 2024
LAST = YEAR - 1
COMBINED = Designation.COMBINED_LETTING_AREA


def _combined(residents: int, last: float, this: float):  # type: ignore[no-untyped-def]
    result = evaluate(
        [
            row(LAST, residents=residents, outside_labour_market_pct=last),
            row(YEAR, residents=residents, outside_labour_market_pct=this),
        ],
        YEAR,
    )
    return result, criterion(result, "combined_letting", "outside_labour_market")


@pytest.mark.parametrize(
    ("residents", "last", "this", "average", "combined"),
    [
        # The 2-year average and the own figure fall on different sides of each boundary.
        (1000, 39.0, 40.0, 39.5, True),  # "mindst 40 pct.": 40.0 is enough though the average is not
        (1000, 41.0, 39.99, 40.495, False),  # 39.99 is not, though the average is
        (5000, 29.0, 30.0, 29.5, True),  # from 5,000 residents "mindst 30 pct."
        (5000, 31.0, 29.99, 30.495, False),
        (4999, 31.0, 30.0, 30.5, False),  # below 5,000 the 40 % of the 1,000 band applies
        (999, 45.0, 45.0, 45.0, False),  # below 1,000 residents never
    ],
)
def test_the_list_years_own_share_decides(residents, last, this, average, combined):
    result, explained = _combined(residents, last, this)

    assert (COMBINED in result.designations) is combined
    assert explained.met is combined
    assert explained.value == this
    assert explained.period_years == (YEAR,)
    assert explained.complete is True
    # § 61 a's criterion 1 still averages the same figures over the two years.
    assert criterion(result, "vulnerable", "outside_labour_market").value == average


@pytest.mark.parametrize(
    ("residents", "threshold", "note_code"),
    [(1000, 40.0, None), (4999, 40.0, None), (5000, 30.0, None), (999, None, "below_min_residents")],
)
def test_the_band_is_explained(residents, threshold, note_code):
    _, explained = _combined(residents, 20.0, 20.0)

    assert (explained.threshold, explained.comparator, explained.note_code) == (threshold, "ge", note_code)


def test_without_last_years_figures_the_combined_test_is_complete():
    # Criterion 1 cannot be averaged, but § 51 b never averages: it is not what makes this provisional.
    result = evaluate([row(YEAR, outside_labour_market_pct=40.0)], YEAR)

    explained = criterion(result, "combined_letting", "outside_labour_market")
    assert (explained.value, explained.period_years, explained.complete) == (40.0, (YEAR,), True)
    assert COMBINED in result.designations
    assert criterion(result, "vulnerable", "outside_labour_market").complete is False


def test_areas_with_the_same_own_share_share_the_record_but_not_across_bands():
    data = {
        LAST: {
            "A1": row(LAST, "A1", outside_labour_market_pct=50.0),
            "A2": row(LAST, "A2", outside_labour_market_pct=10.0),
            "A3": row(LAST, "A3", residents=6000, outside_labour_market_pct=10.0),
        },
        YEAR: {
            "A1": row(YEAR, "A1", outside_labour_market_pct=35.0),
            "A2": row(YEAR, "A2", outside_labour_market_pct=35.0),
            "A3": row(YEAR, "A3", residents=6000, outside_labour_market_pct=35.0),
        },
    }
    results = Engine(Inputs(rows=data, national_convicted_pct=national((LAST, YEAR)))).categorise(
        YEAR, LOCAL_DEFAULTS
    )

    a1, a2, a3 = (criterion(r, "combined_letting", "outside_labour_market") for r in results)
    assert a1 is a2  # same own share, same band: A1's 42.5 % average plays no part
    assert (a1.met, a3.met) == (False, True)
    assert [COMBINED in r.designations for r in results] == [False, False, True]


def test_approvals_made_under_the_superseded_averaging_reproduce():
    data = {
        LAST: {"A1": row(LAST, outside_labour_market_pct=41.0)},
        YEAR: {"A1": row(YEAR, outside_labour_market_pct=39.99)},
    }
    inputs = Inputs(rows=data, national_convicted_pct=national((LAST, YEAR)))

    old = Engine(inputs, rules_for=lambda _year: rule_set_by_version("ABL-2021-11-30")).area(
        YEAR, "A1", LOCAL_DEFAULTS
    )

    assert old is not None
    explained = criterion(old, "combined_letting", "outside_labour_market")
    assert (explained.value, explained.period_years, explained.met) == (40.495, (LAST, YEAR), True)
    assert COMBINED in old.designations
