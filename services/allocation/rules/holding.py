"""How long the municipality held a municipal vacancy (DOMAIN § 5.3, ABL § 59 stk. 1).

"The municipality carries the rent loss while it holds the dwelling (ABL § 59 stk. 1)." It holds a municipal
vacancy from the day it is both reported to it and free – the later of `available_from` and the report date,
the same day its deadline counts from – until the dwelling is let through municipal allocation (the letting
date) or returned to the housing organisation (the return date); while it still holds it, until today. A
dwelling let or returned before it was free was held 0 days.
"""

from datetime import date


def held_from(available_from: date, reported_on: date) -> date:
    """The first day the municipality holds the dwelling: it is free and the municipality knows of it."""
    return max(available_from, reported_on)


def days_held(*, available_from: date, reported_on: date, ended_on: date | None, today: date) -> int:
    """Days from the start of the holding to its end (let or returned), or to today while it is held."""
    end = ended_on if ended_on is not None else today
    return max(0, (end - held_from(available_from, reported_on)).days)
