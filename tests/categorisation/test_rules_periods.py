"""Criteria 1 and 2 average the latest two years, for the area and the national average alike (DOMAIN § 3)."""

import pytest

from services.categorisation.rules.model import Designation
from tests.categorisation.factories import criterion, evaluate, row, rows

YEAR = 2024
LAST = YEAR - 1


def test_labour_share_is_the_two_year_average():
    data = [row(LAST, outside_labour_market_pct=30.0), row(YEAR, outside_labour_market_pct=50.0)]

    result = evaluate(data, YEAR)

    labour = criterion(result, "vulnerable", "outside_labour_market")
    assert labour.value == 40.0  # not 50: this year alone would have met "> 40"
    assert labour.period_years == (LAST, YEAR)
    assert labour.complete is True
    assert labour.met is False
    assert criterion(result, "prevention", "outside_labour_market").met is True
    assert result.provisional is False


def test_convicted_share_of_the_area_is_the_two_year_average():
    data = [row(LAST, convicted_pct=2.0), row(YEAR, convicted_pct=4.0)]

    result = evaluate(data, YEAR, national_pct={LAST: 1.0, YEAR: 1.0})

    convicted = criterion(result, "vulnerable", "convicted")
    assert (convicted.value, convicted.threshold, convicted.met) == (3.0, 3.0, True)
    assert convicted.period_years == (LAST, YEAR)


def test_national_average_convicted_is_the_two_year_average_too():
    data = rows((LAST, YEAR), convicted_pct=3.3)

    result = evaluate(data, YEAR, national_pct={LAST: 1.0, YEAR: 1.2})

    convicted = criterion(result, "vulnerable", "convicted")
    # 3 × (1.0 + 1.2) / 2 = 3.3; this year's national figure alone would give 3.6 and "not met".
    assert convicted.threshold == 3.3
    assert convicted.multiple == 3.0
    assert convicted.met is True
    assert convicted.complete is True


@pytest.mark.parametrize(
    ("code", "column", "last", "this"),
    [("basic_education", "basic_education_pct", 70.0, 50.0), ("income", "income_pct_of_region", 40.0, 80.0)],
)
def test_education_and_income_use_this_year_only(code, column, last, this):
    result = evaluate([row(LAST, **{column: last}), row(YEAR, **{column: this})], YEAR)

    found = criterion(result, "vulnerable", code)

    assert found.value == this
    assert found.period_years == (YEAR,)
    assert found.met is False


def test_without_last_years_figures_the_period_is_incomplete_and_the_result_provisional():
    result = evaluate(
        [row(YEAR, outside_labour_market_pct=45.0, convicted_pct=4.0)],
        YEAR,
        national_pct={LAST: 1.0, YEAR: 1.0},
    )

    for list_code in ("vulnerable", "prevention", "local"):
        for code in ("outside_labour_market", "convicted"):
            found = criterion(result, list_code, code)
            assert found.complete is False, (list_code, code)
            assert found.note_code == "period_incomplete"
            assert found.period_years == (YEAR,)
        assert criterion(result, list_code, "basic_education").complete is True
    # This year alone is used, said out loud, and the designation is provisional.
    assert criterion(result, "vulnerable", "outside_labour_market").value == 45.0
    assert Designation.VULNERABLE_AREA in result.designations
    assert result.provisional is True


def test_without_last_years_national_average_the_convicted_criterion_is_incomplete():
    result = evaluate(rows((LAST, YEAR), convicted_pct=3.0), YEAR, national_pct={YEAR: 1.0})

    convicted = criterion(result, "vulnerable", "convicted")

    assert convicted.complete is False
    assert convicted.note_code == "period_incomplete"
    assert convicted.threshold == 3.0
    assert criterion(result, "vulnerable", "outside_labour_market").complete is True
    assert result.provisional is True


def test_without_this_years_national_average_convicted_cannot_be_judged():
    result = evaluate(rows((LAST, YEAR), convicted_pct=9.0), YEAR, national_pct={LAST: 1.0})

    convicted = criterion(result, "vulnerable", "convicted")

    assert convicted.threshold is None
    assert convicted.met is False
    assert convicted.note_code == "national_missing"
    assert result.provisional is True


def test_a_complete_period_is_not_provisional():
    result = evaluate(rows((LAST, YEAR)), YEAR, national_pct={LAST: 1.0, YEAR: 1.0})

    assert result.provisional is False
    assert all(c.complete for c in result.criteria)
    assert all(c.note_code is None for c in result.criteria if c.list != "combined_letting")
