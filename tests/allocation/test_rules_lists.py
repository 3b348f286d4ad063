"""DOMAIN § 3: the list in force on d is the latest published on or before d; lists come out 1 December."""

from datetime import date

import pytest

from services.allocation.rules.lists import list_year_in_force, published_on


@pytest.mark.parametrize(
    ("on", "list_year"),
    [
        (date(2026, 11, 30), 2025),  # the day before publication
        (date(2026, 12, 1), 2026),  # the day of publication: December already uses the new list
        (date(2026, 12, 31), 2026),
        (date(2027, 1, 1), 2026),
        (date(2027, 6, 30), 2026),
    ],
)
def test_list_in_force(on: date, list_year: int) -> None:
    assert list_year_in_force(on) == list_year


def test_published_on_the_first_of_december() -> None:
    assert published_on(2024) == date(2024, 12, 1)
