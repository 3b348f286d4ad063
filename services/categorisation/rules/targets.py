"""An area plan's measurable target (DOMAIN § 7), judged on the indicator as the categorisation measures it.

A target names one of the four criteria of ABL § 61 a stk. 1 by its housing-data column (CONTRACT § 4 and
§ 8), a comparator and a value, e.g. "outside the labour market below 40 % by 2028". Its figure is the
criterion's own value for the year, averaged over the criterion's period (rules.averaging): the target is
met exactly when the categorisation's figure satisfies it, so the plan and the categorisation never tell
two stories about the same area and year.
"""

import operator
from collections.abc import Callable
from enum import StrEnum

from services.categorisation.rules.averaging import quantised
from services.categorisation.rules.model import COLUMN, CRITERION_INDICATORS, Indicator


class TargetComparator(StrEnum):
    """The comparators a target may use; unlike the law's, a plan may also say "at most" and "at least"."""

    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="


HOLDS: dict[TargetComparator, Callable[[float, float], bool]] = {
    TargetComparator.LT: operator.lt,
    TargetComparator.LE: operator.le,
    TargetComparator.GT: operator.gt,
    TargetComparator.GE: operator.ge,
}

# A target's indicator by its housing-data column: only the four criteria, never the non-western share
# (a plan's target is the area's own socio-economic indicator, not its residents' origin) nor the size.
TARGET_INDICATORS: dict[str, Indicator] = {COLUMN[indicator]: indicator for indicator in CRITERION_INDICATORS}


def target_met(actual: float | None, comparator: TargetComparator, value: float) -> bool | None:
    """Whether `actual` meets the target; None when there is no figure to judge.

    Both sides are quantised as the categorisation quantises its averages, so a target of 40 is met by
    "<= 40" and missed by "< 40" when the two years average to exactly 40.
    """
    if actual is None:
        return None
    return HOLDS[comparator](quantised(actual), quantised(value))
