"""Averaging periods and comparators are data of the rule set: an earlier or later law may differ in them."""

import dataclasses
from collections.abc import Iterable

from services.categorisation.rules.engine import Engine, Inputs
from services.categorisation.rules.model import (
    AreaResult,
    CombinedLettingBand,
    Comparator,
    Designation,
    HousingRow,
    Indicator,
    RuleSet,
    Threshold,
)
from services.categorisation.rules.rulesets import RULE_SETS, rule_set_for
from tests.categorisation.factories import LOCAL_DEFAULTS, PARALLEL, criterion, national, row

YEAR = 2024
CURRENT = rule_set_for(YEAR)


def _run(
    data: Iterable[HousingRow], rules: RuleSet, national_pct: dict[int, float] | None = None
) -> AreaResult:
    by_year: dict[int, dict[str, HousingRow]] = {}
    for item in data:
        by_year.setdefault(item.year, {})[item.area_code] = item
    pcts = national(range(YEAR - 7, YEAR + 1)) if national_pct is None else national_pct
    engine = Engine(Inputs(rows=by_year, national_convicted_pct=pcts), rules_for=lambda _year: rules)
    result = engine.area(YEAR, "A1", LOCAL_DEFAULTS)
    assert result is not None
    return result


def test_the_rule_sets_average_criteria_1_and_2_over_two_years():
    for rules in RULE_SETS:
        assert rules.years_averaged(Indicator.OUTSIDE_LABOUR_MARKET) == 2
        assert rules.years_averaged(Indicator.CONVICTED) == 2
        assert rules.years_averaged(Indicator.BASIC_EDUCATION) == 1
        assert rules.years_averaged(Indicator.INCOME) == 1


def test_a_rule_set_may_use_this_years_labour_share_alone():
    rules = dataclasses.replace(CURRENT, averaged_years=((Indicator.CONVICTED, 2),))

    result = _run(
        [row(YEAR - 1, outside_labour_market_pct=30.0), row(YEAR, outside_labour_market_pct=50.0)], rules
    )

    labour = criterion(result, "vulnerable", "outside_labour_market")
    assert (labour.value, labour.period_years, labour.complete, labour.met) == (50.0, (YEAR,), True, True)
    # Under the current rules the same figures average to 40.0, which is not above 40.
    assert (
        criterion(
            _run(
                [row(YEAR - 1, outside_labour_market_pct=30.0), row(YEAR, outside_labour_market_pct=50.0)],
                CURRENT,
            ),
            "vulnerable",
            "outside_labour_market",
        ).met
        is False
    )


def test_a_rule_set_may_average_over_three_years_for_the_area_and_the_national_average_alike():
    rules = dataclasses.replace(
        CURRENT, averaged_years=((Indicator.OUTSIDE_LABOUR_MARKET, 2), (Indicator.CONVICTED, 3))
    )
    data = [row(YEAR - 2, convicted_pct=1.0), row(YEAR - 1, convicted_pct=2.0), row(YEAR, convicted_pct=6.0)]

    result = _run(data, rules, national_pct={YEAR - 2: 0.7, YEAR - 1: 1.0, YEAR: 1.3})

    convicted = criterion(result, "vulnerable", "convicted")
    assert convicted.value == 3.0
    assert convicted.period_years == (YEAR - 2, YEAR - 1, YEAR)
    assert convicted.threshold == 3.0  # 3 × (0.7 + 1.0 + 1.3) / 3
    assert (convicted.met, convicted.complete) == (True, True)


def test_a_three_year_period_with_a_gap_averages_the_years_there_and_says_which_is_missing():
    rules = dataclasses.replace(CURRENT, averaged_years=((Indicator.OUTSIDE_LABOUR_MARKET, 3),))
    data = [row(YEAR - 2, outside_labour_market_pct=30.0), row(YEAR, outside_labour_market_pct=50.0)]

    result = _run(data, rules)

    labour = criterion(result, "vulnerable", "outside_labour_market")
    assert (labour.value, labour.period_years) == (40.0, (YEAR - 2, YEAR))
    assert (labour.complete, labour.note_code) == (False, "period_incomplete")
    assert labour.note == f"period incomplete: {YEAR - 1} missing, {YEAR - 2}, {YEAR} used"
    assert result.provisional is True


def test_the_size_non_western_and_combined_letting_comparators_are_the_rule_sets():
    figures = {**PARALLEL, "residents": 1000, "non_western_pct": 50.0, "outside_labour_market_pct": 40.0}
    data = [row(YEAR - 1, **figures), row(YEAR, **figures)]
    strict = dataclasses.replace(
        CURRENT,
        size=Threshold(Indicator.RESIDENTS, Comparator.GT, 999),
        parallel_non_western=Threshold(Indicator.NON_WESTERN, Comparator.GE, 50.0),
        combined_letting_bands=(
            CombinedLettingBand(
                Threshold(Indicator.RESIDENTS, Comparator.GE, 1000),
                Threshold(Indicator.OUTSIDE_LABOUR_MARKET, Comparator.GT, 40.0),
            ),
        ),
    )

    current = _run(data, CURRENT)
    changed = _run(data, strict)

    # The current law: "overstiger 50 %" – exactly 50 % is no parallel society; ≥ 40 % is combined letting.
    assert current.designations == [Designation.VULNERABLE_AREA, Designation.COMBINED_LETTING_AREA]
    assert changed.designations == [Designation.VULNERABLE_AREA, Designation.PARALLEL_SOCIETY]
    size = criterion(changed, "size", "residents")
    assert (size.comparator, size.threshold, size.met) == ("gt", 999, True)
    non_western = criterion(changed, "parallel_society", "non_western")
    assert (non_western.comparator, non_western.met) == ("ge", True)
    combined = criterion(changed, "combined_letting", "outside_labour_market")
    assert (combined.comparator, combined.threshold, combined.met) == ("gt", 40.0, False)


def test_an_earlier_years_status_is_judged_with_that_years_averaging():
    # Parallel in each of five years under rules averaging labour over this year alone: no lookback needed.
    rules = dataclasses.replace(CURRENT, averaged_years=())

    result = _run([row(year, **PARALLEL) for year in range(YEAR - 4, YEAR + 1)], rules)

    years = criterion(result, "transformation", "parallel_society_years")
    assert (years.value, years.met, years.complete) == (5.0, True, True)
    assert result.provisional is False
