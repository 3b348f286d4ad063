"""Danish working days and the acute first-contact deadline (DOMAIN § 6.4), at their boundaries."""

from datetime import date

import pytest

from services.referrals.rules.workflow import acute_first_contact_due, contact_deadline
from services.referrals.rules.working_days import (
    add_working_days,
    easter_sunday,
    is_working_day,
    public_holidays,
    working_day_on_or_after,
)


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2023, date(2023, 4, 9)),
        (2024, date(2024, 3, 31)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
    ],
)
def test_easter_sunday(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


def test_the_public_holidays_of_2026() -> None:
    assert public_holidays(2026) == {
        date(2026, 1, 1),  # nytårsdag
        date(2026, 4, 2),  # skærtorsdag
        date(2026, 4, 3),  # langfredag
        date(2026, 4, 5),  # påskedag
        date(2026, 4, 6),  # 2. påskedag
        date(2026, 5, 14),  # Kristi himmelfartsdag
        date(2026, 5, 24),  # pinsedag
        date(2026, 5, 25),  # 2. pinsedag
        date(2026, 12, 25),  # juledag
        date(2026, 12, 26),  # 2. juledag
    }


def test_great_prayer_day_was_a_holiday_until_2023_only() -> None:
    assert not is_working_day(date(2023, 5, 5))  # store bededag 2023, a Friday
    assert is_working_day(date(2024, 4, 26))  # the Friday it would have been in 2024


def test_christmas_eve_and_constitution_day_are_not_holidays_by_law() -> None:
    assert is_working_day(date(2026, 12, 24))  # a Thursday
    assert is_working_day(date(2026, 6, 5))  # a Friday


def test_weekends_are_not_working_days() -> None:
    assert is_working_day(date(2026, 12, 4))  # Friday
    assert not is_working_day(date(2026, 12, 5))  # Saturday
    assert not is_working_day(date(2026, 12, 6))  # Sunday
    assert working_day_on_or_after(date(2026, 12, 5)) == date(2026, 12, 7)


def test_counting_working_days_skips_weekends_and_holidays() -> None:
    assert add_working_days(date(2026, 12, 4), 0) == date(2026, 12, 4)
    assert add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 7)
    # Thursday 24 December 2026: the next working day is Monday the 28th (25, 26 holidays, 27 Sunday).
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 12, 4), date(2026, 12, 4)),  # Friday: the same day
        (date(2026, 12, 5), date(2026, 12, 7)),  # Saturday: Monday
        (date(2026, 12, 6), date(2026, 12, 7)),  # Sunday: Monday
        (date(2026, 4, 2), date(2026, 4, 7)),  # Maundy Thursday: the Tuesday after Easter Monday
        (date(2026, 4, 6), date(2026, 4, 7)),  # Easter Monday: Tuesday
        (date(2026, 12, 31), date(2026, 12, 31)),  # New Year's Eve is a working day by law
        (date(2027, 1, 1), date(2027, 1, 4)),  # New Year's Day (a Friday): Monday
    ],
)
def test_an_acute_report_is_due_the_same_working_day(received: date, due: date) -> None:
    assert acute_first_contact_due(received, 0) == due
    assert contact_deadline(received, acute=True, days=5, acute_working_days=0) == due


def test_the_normal_deadline_counts_calendar_days_and_the_acute_never_comes_later() -> None:
    assert contact_deadline(date(2026, 12, 5), acute=False, days=5, acute_working_days=0) == date(
        2026, 12, 10
    )
    # A municipality may choose more working days; over Easter they must not pass the normal deadline.
    assert contact_deadline(date(2026, 4, 2), acute=True, days=5, acute_working_days=3) == date(2026, 4, 7)
    assert contact_deadline(date(2026, 12, 7), acute=True, days=5, acute_working_days=1) == date(2026, 12, 8)
