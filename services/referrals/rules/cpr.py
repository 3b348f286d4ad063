"""CPR numbers (CPR-loven): valid when 10 digits whose first six are a real date (DOMAIN § 6.6).

The modulus-11 check is deliberately *not* a validity rule: numbers without it have been issued since
2007. The century of the birth date follows from the 7th digit (the first of the serial number).
"""

import re
from datetime import date

_SEPARATED = re.compile(r"^(\d{6})[- ]?(\d{4})$")


class InvalidCPR(ValueError):
    """The text is not a CPR number: wrong shape, or its first six digits are not a real date."""


def century(seventh_digit: int, two_digit_year: int) -> int:
    """The century of the birth year, from the 7th digit and the year's last two digits (CPR rules)."""
    if not 0 <= seventh_digit <= 9 or not 0 <= two_digit_year <= 99:
        raise ValueError("digit out of range")
    if seventh_digit <= 3:
        return 1900
    if seventh_digit in (4, 9):
        return 2000 if two_digit_year <= 36 else 1900
    # 5, 6, 7 and 8
    return 2000 if two_digit_year <= 57 else 1800


def normalise(text: str) -> str:
    """The ten digits of `text` (DDMMYYSSSS or DDMMYY-SSSS, surrounding space ignored), or InvalidCPR."""
    match = _SEPARATED.match(text.strip())
    if match is None:
        raise InvalidCPR("a CPR number has 10 digits, optionally written DDMMYY-SSSS")
    digits = match.group(1) + match.group(2)
    birth_date(digits)
    return digits


def birth_date(digits: str) -> date:
    """The date the first six digits name, in the century the 7th digit gives; InvalidCPR if none."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        raise InvalidCPR("a CPR number has 10 digits")
    day, month, year = int(digits[0:2]), int(digits[2:4]), int(digits[4:6])
    try:
        return date(century(int(digits[6]), year) + year, month, day)
    except ValueError as exc:
        raise InvalidCPR("the first six digits of a CPR number must be a real date (DDMMYY)") from exc


def is_valid(text: str) -> bool:
    try:
        normalise(text)
    except InvalidCPR:
        return False
    return True


def mask(digits: str) -> str:
    """DDMMYY-XXXX: the birth date stays readable, the serial number never shows."""
    return f"{digits[:6]}-XXXX"
