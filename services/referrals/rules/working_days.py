"""Danish working days: Monday to Friday, except the public holidays (helligdage) of Danish law.

The holidays are the Church's public holidays (helligdagsloven, lov om folkekirkens helligdage): New
Year's Day, Maundy Thursday, Good Friday, Easter Sunday and Monday, Ascension Day, Whit Sunday and Monday,
Christmas Day and Boxing Day. Great Prayer Day (store bededag) was one until 2023; the act abolishing it
as a public holiday (2023) took effect from 2024. Grundlovsdag,
Christmas Eve and New Year's Eve are not public holidays by law (many offices close by agreement); a
municipality that closes its single entry on them is a local choice, not modelled here.

Written out rather than taken from a library: eleven dates and the Easter rule are fewer lines than a
dependency, and the law they follow is named above.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


@dataclass(frozen=True, slots=True)
class MovableHoliday:
    """A holiday counted in days from Easter Sunday, in force from one year to another (both included)."""

    name: str
    days_from_easter: int
    first_year: int | None = None
    last_year: int | None = None

    def in_force(self, year: int) -> bool:
        return (self.first_year is None or year >= self.first_year) and (
            self.last_year is None or year <= self.last_year
        )


FIXED_HOLIDAYS = (("nytårsdag", 1, 1), ("juledag", 12, 25), ("2. juledag", 12, 26))
MOVABLE_HOLIDAYS = (
    MovableHoliday("skærtorsdag", -3),
    MovableHoliday("langfredag", -2),
    MovableHoliday("påskedag", 0),
    MovableHoliday("2. påskedag", 1),
    # Abolished as a public holiday from 2024 (lov om afskaffelse af store bededag som helligdag, 2023).
    MovableHoliday("store bededag", 26, last_year=2023),
    MovableHoliday("Kristi himmelfartsdag", 39),
    MovableHoliday("pinsedag", 49),
    MovableHoliday("2. pinsedag", 50),
)


@cache
def public_holidays(year: int) -> frozenset[date]:
    """The Danish public holidays of `year`."""
    easter = easter_sunday(year)
    fixed = {date(year, month, day) for _, month, day in FIXED_HOLIDAYS}
    movable = {easter + timedelta(days=h.days_from_easter) for h in MOVABLE_HOLIDAYS if h.in_force(year)}
    return frozenset(fixed | movable)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def working_day_on_or_after(day: date) -> date:
    """`day` itself when it is a working day, else the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, days: int) -> date:
    """The working day `days` working days after `day` (0: `day`, or the next working day)."""
    current = working_day_on_or_after(day)
    for _ in range(days):
        current = working_day_on_or_after(current + timedelta(days=1))
    return current
