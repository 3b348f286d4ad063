"""Transformation areas (ABL § 61 a stk. 4), the 2018 rule set and which set judges which year."""

from datetime import date

import pytest

from services.categorisation.rules.engine import Engine, Inputs
from services.categorisation.rules.model import Designation
from services.categorisation.rules.rulesets import RULE_SETS, NoRuleSet, rule_set_by_version, rule_set_for
from tests.categorisation.factories import (
    LOCAL_DEFAULTS,
    PARALLEL,
    PREVENTION,
    criterion,
    evaluate,
    national,
    row,
    rows,
)

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
    assert (years.value, years.met) == (5.0, True)
    assert years.source == "data+official_list"
    assert Designation.TRANSFORMATION_AREA in result.designations
    # 2023 has figures but 2022 only a listing, so 2023's two-year averages could not be formed.
    assert years.complete is False
    assert years.note_code == "window_incomplete"
    assert years.note == "period incomplete: 2023 judged without 2022"
    assert result.provisional is True


def test_an_official_list_without_parallel_society_breaks_the_streak():
    official = {
        2020: {"A1": PARALLEL_LISTED},
        2021: {"A1": frozenset({Designation.VULNERABLE_AREA})},
        2022: {"A1": frozenset({Designation.TRANSFORMATION_AREA})},
    }

    result = evaluate(rows((2023, 2024), **PARALLEL), YEAR, official=official)

    assert criterion(result, "transformation", "parallel_society_years").value == 3.0
    assert Designation.TRANSFORMATION_AREA not in result.designations


def test_a_lookback_year_without_rules_is_read_from_the_official_list_although_it_has_figures():
    # 2017 precedes every rule set here: its figures only feed 2018's averages, its status is the list's.
    official = {2017: {"A1": PARALLEL_LISTED}}

    result = evaluate(rows(range(2017, 2022), **PARALLEL), 2021, official=official)

    years = criterion(result, "transformation", "parallel_society_years")
    assert (years.value, years.threshold, years.met) == (5.0, 5.0, True)
    assert years.period_years == (2017, 2018, 2019, 2020, 2021)
    assert years.source == "data+official_list"
    assert (years.complete, years.note_code) == (True, None)  # 2018 is averaged with 2017's figures
    assert Designation.TRANSFORMATION_AREA in result.designations
    assert result.provisional is False


def test_a_lookback_year_listed_without_parallel_society_ends_the_streak_although_it_has_figures():
    official = {2017: {"A1": frozenset({Designation.VULNERABLE_AREA})}}

    result = evaluate(rows(range(2017, 2022), **PARALLEL), 2021, official=official)

    years = criterion(result, "transformation", "parallel_society_years")
    assert (years.value, years.met, years.complete) == (4.0, False, True)
    assert Designation.TRANSFORMATION_AREA not in result.designations


def test_a_lookback_year_with_figures_but_neither_rules_nor_a_listing_is_unknown():
    result = evaluate(rows(range(2017, 2022), **PARALLEL), 2021)

    years = criterion(result, "transformation", "parallel_society_years")
    assert (years.value, years.met, years.complete) == (4.0, False, False)
    assert years.note_code == "year_unknown"
    assert years.note == "no data or official list for 2017"
    assert result.provisional is True


# --- an incomplete period in an earlier year of the window ------------------------------------------


def test_an_earlier_year_judged_on_one_year_alone_makes_the_designation_provisional():
    # No 2018 figures: 2019's two-year averages cannot be formed, so its status rests on 2019 alone.
    result = evaluate(rows(range(2019, 2024), **PARALLEL), 2023)

    years = criterion(result, "transformation", "parallel_society_years")
    assert (years.value, years.met) == (5.0, True)
    assert Designation.TRANSFORMATION_AREA in result.designations
    assert years.complete is False
    assert years.note_code == "window_incomplete"
    assert years.note == "period incomplete: 2019 judged without 2018"
    # This year's own criteria are complete: only the window makes the designation provisional.
    assert all(c.complete for c in result.criteria if c.list != "transformation")
    assert result.provisional is True


def test_an_earlier_year_without_its_national_average_is_not_silently_not_met():
    # Vulnerable through labour and convicted (4 % ≥ 3 × 1.0); 2020's national average is missing.
    figures = {**PARALLEL, "basic_education_pct": 20.0, "income_pct_of_region": 100.0, "convicted_pct": 4.0}
    national = {year: 1.0 for year in range(2016, 2024) if year != 2020}

    result = evaluate(rows(range(2018, 2024), **figures), 2023, national_pct=national)

    years = criterion(result, "transformation", "parallel_society_years")
    # 2020 cannot be judged on convicted, so the streak stops there – but says why.
    assert (years.value, years.met) == (3.0, False)
    assert years.complete is False
    assert years.note_code == "window_incomplete"
    assert years.note == (
        "period incomplete: 2021 judged without 2020; national average share convicted missing for 2020"
    )
    assert all(c.complete for c in result.criteria if c.list != "transformation")
    assert result.provisional is True


def test_a_year_decided_by_its_own_figures_alone_keeps_the_window_complete():
    # No 2019 figures, but 2020 is no parallel society on its non-western share, which needs no average.
    data = [row(2020, **NOT_PARALLEL), *rows(range(2021, YEAR + 1), **PARALLEL)]

    result = evaluate(data, YEAR)

    years = criterion(result, "transformation", "parallel_society_years")
    assert (years.value, years.met, years.complete, years.note_code) == (4.0, False, True, None)
    assert result.provisional is False


# --- which rule set ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "version"),
    [
        (2018, "ABL-2018-12-01-r2"),
        (2019, "ABL-2018-12-01-r2"),
        (2020, "ABL-2018-12-01-r2"),
        (2021, "ABL-2021-11-30-r2"),  # L 23 in force 30 November 2021, before the list of 1 December 2021
        (2022, "ABL-2021-11-30-r2"),
        (2026, "ABL-2021-11-30-r2"),
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

    assert old.rule_version == "ABL-2018-12-01-r2"
    assert not [c for c in old.criteria if c.list == "prevention"]
    assert Designation.PREVENTION_AREA not in old.designations
    assert old.computed_category == "yellow"  # the local criteria still apply
    assert new.rule_version == "ABL-2021-11-30-r2"
    assert Designation.PREVENTION_AREA in new.designations
    assert new.computed_category == "pink"


# DOMAIN § 3: "For the lists of 2018–2020 too: the 2018 act said 4 years but the lists of 2018–2020 were
# read with 5 (transitional reading), and L 23 (2021) made 5 permanent – so every list from 2018 on uses 5".


def test_a_2019_list_needs_five_parallel_years_not_four():
    # 2015-2017 precede every rule set: their status is the published list's; 2018 and 2019 are judged
    # from the figures (2017's figures feed 2018's averages).
    figures = rows(range(2017, 2020), **PARALLEL)
    listed_four = {2015: {"A1": frozenset({Designation.VULNERABLE_AREA})}, 2016: _P, 2017: _P}
    listed_five = {2015: _P, 2016: _P, 2017: _P}

    four = evaluate(figures, 2019, official=listed_four, national_pct=_NATIONAL)
    five = evaluate(figures, 2019, official=listed_five, national_pct=_NATIONAL)

    four_years = criterion(four, "transformation", "parallel_society_years")
    five_years = criterion(five, "transformation", "parallel_society_years")
    assert four.rule_version == five.rule_version == "ABL-2018-12-01-r2"
    assert (four_years.value, four_years.threshold, four_years.met) == (4.0, 5.0, False)
    assert four_years.period_years == five_years.period_years == (2015, 2016, 2017, 2018, 2019)
    assert Designation.PARALLEL_SOCIETY in four.designations
    assert Designation.TRANSFORMATION_AREA not in four.designations
    assert (five_years.value, five_years.threshold, five_years.met) == (5.0, 5.0, True)
    assert Designation.TRANSFORMATION_AREA in five.designations


_P = {"A1": PARALLEL_LISTED}
_NATIONAL = {year: 1.0 for year in range(2014, 2021)}


def test_2018_rules_need_five_parallel_years():
    official = {2017: {"A1": PARALLEL_LISTED}}

    result = evaluate(rows((2018, 2019, 2020), **PARALLEL), 2020, official=official)

    years = criterion(result, "transformation", "parallel_society_years")
    assert (years.value, years.threshold, years.met) == (4.0, 5.0, False)
    assert years.period_years == (2016, 2017, 2018, 2019, 2020)
    assert years.note_code == "year_unknown"  # 2016: neither figures nor a list
    assert Designation.TRANSFORMATION_AREA not in result.designations


def test_the_superseded_four_year_reading_still_reproduces_approvals_made_under_it():
    official = {2017: {"A1": PARALLEL_LISTED}}
    inputs = Inputs(
        rows={y: {"A1": r} for y, r in ((r.year, r) for r in rows((2018, 2019, 2020), **PARALLEL))},
        national_convicted_pct=national(range(2013, 2021)),
        official=official,
    )

    result = Engine(inputs, rules_for=lambda _year: rule_set_by_version("ABL-2018-12-01")).area(
        2020, "A1", LOCAL_DEFAULTS
    )

    assert result is not None
    years = criterion(result, "transformation", "parallel_society_years")
    assert (years.value, years.threshold, years.met) == (4.0, 4.0, True)
    assert result.rule_version == "ABL-2018-12-01"
    assert rule_set_for(2020).version == "ABL-2018-12-01-r2"  # never chosen for a list


def test_from_2021_four_parallel_years_are_not_enough():
    official = {2017: {"A1": frozenset({Designation.VULNERABLE_AREA})}}

    result = evaluate(rows(range(2018, 2022), **PARALLEL), 2021, official=official)

    years = criterion(result, "transformation", "parallel_society_years")
    assert (years.value, years.threshold, years.met) == (4.0, 5.0, False)
    assert Designation.TRANSFORMATION_AREA not in result.designations
