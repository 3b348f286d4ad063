"""The figures an area is judged on: each criterion averaged over the years its rule set says.

DOMAIN § 3: criteria 1 and 2 of ABL § 61 a stk. 1 are averaged over the latest 2 years ("opgjort som
gennemsnit over de seneste 2 år"), the national average share convicted over the same years as the area's;
criteria 3 and 4 are this year's figures. "When the 2-year average cannot be formed (the previous year is
missing), the evaluation says so explicitly": the years there are averaged and the figure is incomplete.
"""

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from services.categorisation.rules.model import COLUMN, CRITERION_INDICATORS, HousingRow, RuleSet
from services.categorisation.rules.rulesets import RULE_SETS

# An area's figure for a criterion: (value, the years it covers, whether all those years were there).
Value = tuple[float, tuple[int, ...], bool]
# The national average share convicted: (value or None when the year's is missing, complete, its years).
National = tuple[float | None, bool, tuple[int, ...]]
# A figure's place in a HousingRow (a named tuple): indexing is cheaper than looking the name up.
INDEX = {name: index for index, name in enumerate(HousingRow._fields)}


class Averaged(NamedTuple):
    """How one figure of a year is averaged, worked out once per year rather than once per area."""

    column: str
    position: int  # the figure's place in a HousingRow
    earlier: tuple[tuple[int, Mapping[str, HousingRow]], ...]  # the period's earlier years and their rows
    span: int  # the period's length in years


# The year alone as a period, and how each criterion's figure of the year is averaged.
Plan = tuple[tuple[int], tuple[Averaged, ...]]


def spans(rules: RuleSet) -> tuple[tuple[str, int], ...]:
    """(column, years averaged over) for each criterion's figure, under `rules`."""
    return tuple((COLUMN[indicator], rules.years_averaged(indicator)) for indicator in CRITERION_INDICATORS)


# A year before every rule set still has figures (they feed the next year's averages, and the area's
# trend shows them): they are averaged as the earliest rule set averages them.
EARLIEST = min(RULE_SETS, key=lambda rules: rules.valid_from)
EARLIEST_SPANS = spans(EARLIEST)


def quantised(value: float) -> float:
    """`value` without the binary artefacts of computing it.

    Figures are published with at most two decimals; rounding computed averages and multiples to nine
    decimals removes binary artefacts (3 × 1.1 = 3.3000000000000003) so boundaries are exact.
    """
    return round(value, 9)


def plan(
    rows: Mapping[int, Mapping[str, HousingRow]], year: int, columns: tuple[tuple[str, int], ...]
) -> Plan:
    """How each figure of `year` is averaged: its (column, span) pairs with the rows of the earlier years."""
    return (
        (year,),
        tuple(
            Averaged(
                column,
                INDEX[column],
                tuple((past, rows.get(past, {})) for past in range(year - span + 1, year)),
                span,
            )
            for column, span in columns
        ),
    )


def area_values(averaging: Plan, year: int, code: str, row: HousingRow) -> dict[str, Value]:
    """Every criterion's figure of the area's row by column, averaged as `averaging` says."""
    this_year, columns = averaging
    values: dict[str, Value] = {}
    for column, position, earlier, span in columns:
        current = float(row[position])
        if not earlier:
            values[column] = (current, this_year, True)
            continue
        total = None
        period: list[int] = []
        for past, past_rows in earlier:
            previous = past_rows.get(code)
            if previous is not None:
                figure = float(previous[position])
                total = figure if total is None else total + figure
                period.append(past)
        if total is None:
            values[column] = (current, this_year, False)
        else:
            period.append(year)
            values[column] = (quantised((total + current) / len(period)), tuple(period), len(period) == span)
    return values


def national_average(national_pct: Mapping[int, float], year: int, span: int) -> National:
    """The national average share convicted over `span` years, as the area's share is averaged."""
    current = national_pct.get(year)
    if current is None:
        return None, False, ()
    total = None
    period: list[int] = []
    for past in range(year - span + 1, year):
        previous = national_pct.get(past)
        if previous is not None:
            total = previous if total is None else total + previous
            period.append(past)
    if total is None:
        return current, span == 1, (year,)
    period.append(year)
    return quantised((total + current) / len(period)), len(period) == span, tuple(period)


def missing_years(year: int, span: int, used: Sequence[int]) -> list[int]:
    """The years of the `span`-year period ending in `year` that are not in `used`."""
    return [y for y in range(year - span + 1, year + 1) if y not in used]


def years_text(years: Sequence[int]) -> str:
    """E.g. "2023, 2024", for the notes that explain an incomplete period."""
    return ", ".join(str(y) for y in years)
