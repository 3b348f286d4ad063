"""§ 51 c dispensations: the four considerations and the reporting period of the 1 July report."""

from datetime import date

import pytest

from services.allocation.rules.dispensations import (
    Consideration,
    missing_considerations,
    report_period,
    report_year_of,
)


def test_the_report_due_1_july_covers_1_july_the_year_before_to_30_june() -> None:
    period = report_period(2026)
    assert (period.first_day, period.last_day, period.due_on) == (
        date(2025, 7, 1),
        date(2026, 6, 30),
        date(2026, 7, 1),
    )
    assert not period.contains(date(2025, 6, 30))
    assert period.contains(date(2025, 7, 1)) and period.contains(date(2026, 6, 30))
    assert not period.contains(date(2026, 7, 1))
    # Consecutive periods neither overlap nor leave a gap.
    assert report_period(2027).first_day == date(2026, 7, 1)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (date(2026, 6, 30), 2026),
        (date(2026, 7, 1), 2027),
        (date(2026, 1, 1), 2026),
        (date(2025, 12, 31), 2026),
    ],
)
def test_each_decision_belongs_to_one_report(day: date, year: int) -> None:
    assert report_year_of(day) == year
    assert report_period(year).contains(day)


def test_all_four_considerations_must_be_weighed() -> None:
    assert missing_considerations(set(Consideration)) == []
    assert missing_considerations({Consideration.WORK_OR_EDUCATION}) == [
        Consideration.PENSION_TRANSFER,
        Consideration.DWELLING_OUTSIDE,
        Consideration.OTHER_HARDSHIP,
    ]
