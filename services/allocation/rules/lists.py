"""Which published list of designations is in force on a date (DOMAIN § 3).

"A list published on 1 December of year Y governs from that day until the next one. A ban, a § 51 c or
§ 51 b check or an offer on date d uses the latest list published on or before d (so December of Y
already uses list Y)." (ABL § 61 a stk. 5: the minister publishes the lists on 1 December.)
"""

from datetime import date

PUBLISHED_MONTH, PUBLISHED_DAY = 12, 1


def published_on(list_year: int) -> date:
    """The day the list of `list_year` is published and starts to govern."""
    return date(list_year, PUBLISHED_MONTH, PUBLISHED_DAY)


def list_year_in_force(on: date) -> int:
    """The list year of the latest list published on or before `on`: 30 November 2026 → 2025,
    1 December 2026 → 2026."""
    return on.year if on >= published_on(on.year) else on.year - 1
