"""Transformation areas (ABL § 61 a stk. 4), the 2018 rule set and which set judges which year."""

from datetime import date

import pytest

from services.categorisation.rules.model import Designation
from services.categorisation.rules.rulesets import RULE_SETS, NoRuleSet, rule_set_for
from tests.categorisation.factories import PARALLEL, PREVENTION, criterion, evaluate, row, rows

YEAR = 2024
PARALLEL_LISTED = frozenset({Designation.VULNERABLE_AREA, Designation.PARALLEL_SOCIETY})
NOT_PARALLEL = {**PARALLEL, "non_western_pct": 40.0}  # vulnerable, but not a parallel society


def test_five_parallel_years_make_a_transformation_area():
    result = evaluate(rows(range(2019, YEAR + 1), **PARALLEL), YEAR)

    years = criterion(result, "transformation", "parallel_society_years")

    assert result.designations == [
        Designation.VULNERABLE_AREA,
        Designation.PARALLEL_SOCIETY,
        Designation.TRANSFORMATION_AREA,
        Designation.COMBINED_LETTING_AREA,  # 45 % outside the labour market at 2,000 residents
    ]
    assert (years.value, years.threshold, years.comparator, years.met) == (5.0, 5.0, "ge", True)
    assert years.period_years == (2020, 2021, 2022, 2023, 2024)
    assert years.complete is True
    assert years.source == "data"
    assert result.computed_category == "red"


def test_four_parallel_years_are_not_enough():
    data = [row(2020, **NOT_PARALLEL), *rows(range(2021, YEAR + 1), **PARALLEL)]

    result = evaluate(data, YEAR)

    years = criterion(result, "transformation", "parallel_society_years")
    assert (years.value, years.met, years.complete) == (4.0, False, True)
    assert Designation.PARALLEL_SOCIETY in result.designations
    assert Designation.TRANSFORMATION_AREA not in result.designations


def test_a_year_that_is_not_parallel_breaks_the_streak():
    data = [*rows((2020, 2021, 2023, 2024), **PARALLEL), row(2022, **NOT_PARALLEL)]

    result = evaluate(data, YEAR)

    years = criterion(result, "transformation", "parallel_society_years")
    assert (years.value, years.met, years.complete) == (2.0, False, True)
    assert Designation.TRANSFORMATION_AREA not in result.designations


def test_a_missing_year_breaks_the_streak_and_marks_it_incomplete():
    data = rows((2020, 2021, 2023, 2024), **PARALLEL)

    result = evaluate(data, YEAR)

    years = criterion(result, "transformation", "parallel_society_years")
    assert (years.value, years.met) == (2.0, False)
    assert years.complete is False
    assert years.note_code == "year_unknown"
    assert "2022" in (years.note or "")
    assert Designation.TRANSFORMATION_AREA not in result.designations
    assert result.provisional is True


def test_earlier_years_may_come_from_the_official_list():
    official = {year: {"A1": PARALLEL_LISTED} for year in (2020, 2021, 2022)}

    result = evaluate(rows((2023, 2024), **PARALLEL), YEAR, official=official)

    years = criterion(result, "transformation", "parallel_society_years")
    assert (years.value, years.met, years.complete) == (5.0, True, True)
    assert years.source == "data+official_list"
    assert Designation.TRANSFORMATION_AREA in result.designations


def test_an_official_list_without_parallel_society_breaks_the_streak():
    official = {
        2020: {"A1": PARALLEL_LISTED},
        2021: {"A1": frozenset({Designation.VULNERABLE_AREA})},
        2022: {"A1": frozenset({Designation.TRANSFORMATION_AREA})},
    }

    result = evaluate(rows((2023, 2024), **PARALLEL), YEAR, official=official)

    assert criterion(result, "transformation", "parallel_society_years").value == 3.0
    assert Designation.TRANSFORMATION_AREA not in result.designations


# --- which rule set ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "version"),
    [
        (2018, "ABL-2018-12-01"),
        (2019, "ABL-2018-12-01"),
        (2020, "ABL-2018-12-01"),
        (2021, "ABL-2021-11-30"),  # L 23 in force 30 November 2021, before the list of 1 December 2021
        (2022, "ABL-2021-11-30"),
        (2026, "ABL-2021-11-30"),
    ],
)
def test_rule_set_for_each_year(year, version):
    assert rule_set_for(year).version == version


def test_no_rule_set_before_2018():
    with pytest.raises(NoRuleSet):
        rule_set_for(2017)


@pytest.mark.parametrize(
    ("valid_from", "year", "new"),
    [
        (date(2030, 12, 1), 2030, True),  # in force on the day of publication
        (date(2030, 12, 2), 2030, False),  # one day too late for that year's list
        (date(2030, 12, 2), 2031, True),
        (date(2030, 11, 30), 2029, False),
    ],
)
def test_the_rule_set_in_force_on_1_december_judges_the_list(valid_from, year, new):
    amended = RULE_SETS[-1].__class__(
        **{**_fields(RULE_SETS[-1]), "version": "NEW", "valid_from": valid_from}
    )

    chosen = rule_set_for(year, (*RULE_SETS, amended))

    assert (chosen.version == "NEW") is new


def _fields(rules):  # type: ignore[no-untyped-def]
    return {name: getattr(rules, name) for name in rules.__dataclass_fields__}


# --- the 2018 rule set ---------------------------------------------------------------------------------


def test_2018_rules_have_no_prevention_areas():
    old = evaluate(rows((2019, 2020), **PREVENTION), 2020)
    new = evaluate(rows((2021, 2022), **PREVENTION), 2022)

    assert old.rule_version == "ABL-2018-12-01"
    assert not [c for c in old.criteria if c.list == "prevention"]
    assert Designation.PREVENTION_AREA not in old.designations
    assert old.computed_category == "yellow"  # the local criteria still apply
    assert new.rule_version == "ABL-2021-11-30"
    assert Designation.PREVENTION_AREA in new.designations
    assert new.computed_category == "pink"


def test_2018_rules_need_four_parallel_years():
    official = {2017: {"A1": PARALLEL_LISTED}}

    result = evaluate(rows((2018, 2019, 2020), **PARALLEL), 2020, official=official)

    years = criterion(result, "transformation", "parallel_society_years")
    assert (years.value, years.threshold, years.met) == (4.0, 4.0, True)
    assert years.period_years == (2017, 2018, 2019, 2020)
    assert Designation.TRANSFORMATION_AREA in result.designations


def test_from_2021_four_parallel_years_are_not_enough():
    official = {2017: {"A1": frozenset({Designation.VULNERABLE_AREA})}}

    result = evaluate(rows(range(2018, 2022), **PARALLEL), 2021, official=official)

    years = criterion(result, "transformation", "parallel_society_years")
    assert (years.value, years.threshold, years.met) == (4.0, 5.0, False)
    assert Designation.TRANSFORMATION_AREA not in result.designations
