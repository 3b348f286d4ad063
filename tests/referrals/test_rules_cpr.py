"""CPR validation by date only (DOMAIN § 6.6): 10 digits, the first six a real date; no modulus-11 rule."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.referrals.rules import cpr


def modulus_11_ok(digits: str) -> bool:
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


@pytest.mark.parametrize(
    ("seventh", "yy", "expected"),
    [
        (0, 0, 1900),
        (3, 99, 1900),
        (4, 0, 2000),
        (4, 36, 2000),
        (4, 37, 1900),
        (9, 36, 2000),
        (9, 37, 1900),
        (5, 57, 2000),
        (5, 58, 1800),
        (8, 0, 2000),
        (8, 99, 1800),
        (6, 57, 2000),
        (7, 58, 1800),
    ],
)
def test_century_from_the_seventh_digit(seventh: int, yy: int, expected: int) -> None:
    assert cpr.century(seventh, yy) == expected


@pytest.mark.parametrize(
    ("text", "born"),
    [
        ("0101901234", date(1990, 1, 1)),
        ("010190-1234", date(1990, 1, 1)),
        (" 010190 1234 ", date(1990, 1, 1)),
        ("2902004000", date(2000, 2, 29)),  # 7th digit 4, year 00: 2000, a leap year
        ("3112995000", date(1899, 12, 31)),
        ("0101374000", date(1937, 1, 1)),
    ],
)
def test_valid_numbers_and_their_birth_dates(text: str, born: date) -> None:
    digits = cpr.normalise(text)
    assert len(digits) == 10
    assert cpr.birth_date(digits) == born


def test_a_number_failing_modulus_11_is_still_valid() -> None:
    number = "0101901235"
    assert not modulus_11_ok(number)
    assert cpr.is_valid(number)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "123",
        "01019012345",  # 11 digits
        "010190123",  # 9 digits
        "0101901a34",
        "010190--1234",
        "3201901234",  # day 32
        "0013901234",  # month 13
        "0000901234",
        "2902011234",  # 1901 is no leap year (7th digit 1)
        "３１０１９０１２３４",  # full-width digits are not digits here
        "0101901234<script>",
    ],
)
def test_malformed_numbers_are_refused(text: str) -> None:
    assert not cpr.is_valid(text)
    with pytest.raises(cpr.InvalidCPR):
        cpr.normalise(text)


def test_29_february_depends_on_the_century_the_seventh_digit_gives() -> None:
    assert cpr.birth_date("2902004000") == date(2000, 2, 29)  # 4 and 00: 2000, a leap year
    assert not cpr.is_valid("2902001234")  # 1 and 00: 1900, not a leap year
    assert cpr.birth_date("2902605000") == date(1860, 2, 29)  # 5 and 60: 1860, a leap year
    assert not cpr.is_valid("2902000999")  # 0 and 00: 1900 again


@given(st.dates(min_value=date(1858, 1, 1), max_value=date(2036, 12, 31)), st.integers(0, 999))
def test_every_real_date_with_a_fitting_seventh_digit_is_valid(born: date, serial: int) -> None:
    yy = born.year % 100
    seventh = next(d for d in range(10) if cpr.century(d, yy) + yy == born.year)
    digits = f"{born:%d%m}{yy:02d}{seventh}{serial:03d}"
    assert cpr.normalise(digits) == digits
    assert cpr.birth_date(digits) == born


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)))
def test_the_day_after_the_last_of_a_month_is_refused(born: date) -> None:
    last = (born.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    day_after = last.day + 1
    if day_after > 31:
        day_after = 32
    digits = f"{day_after:02d}{born:%m}{born.year % 100:02d}1234"
    assert not cpr.is_valid(digits)


def test_masking_keeps_the_date_and_hides_the_serial() -> None:
    assert cpr.mask("0101901234") == "010190-XXXX"
