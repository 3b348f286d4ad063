"""Small-number suppression: primary at the threshold, secondary until no hidden figure can be worked out.

Every table is checked by solving it as a reader would (tests/disclosure.py: exact linear programming over
what was published), which is independent of the module's own audit.
"""

from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.kit.suppression import SuppressedTable, exposed, primary, suppress_series, suppress_table
from tests.disclosure import (
    UNPUBLISHED,
    Equation,
    assert_nothing_derivable,
    derivable,
    intervals,
    series_equations,
    table_equations,
)


def published(
    result: SuppressedTable, *, row_totals: bool = True, column_totals: bool = True, total: bool = True
) -> tuple[list[Equation], dict[str, int | None]]:
    lower: dict[str, int | None] = {}
    equations, _ = table_equations(
        "t",
        result.cells,
        result.row_totals if row_totals else UNPUBLISHED,
        result.column_totals if column_totals else UNPUBLISHED,
        result.total if total else UNPUBLISHED,
        lower,
    )
    return equations, lower


def assert_table_safe(
    cells: Sequence[Sequence[int]], result: SuppressedTable, threshold: int, **margins: bool
) -> None:
    """Nothing small shown, zeros and the rest shown truthfully, and no hidden figure can be worked out."""
    equations, lower = published(result, **margins)
    truth = {
        f"t[{r},{c}]": value
        for r, row in enumerate(
            [
                *[[*row, sum(row)] for row in cells],
                [*map(sum, zip(*cells, strict=True)), sum(map(sum, cells))],
            ]
        )
        for c, value in enumerate(row)
    }
    found = intervals(equations, lower)
    for name, (low, high) in found.items():
        if lower[name] is None:
            continue
        assert low != high, f"{name} = {low} can be worked out from {result}"
        assert low <= truth[name] and (high is None or truth[name] <= high)
    shown = [
        *(v for row in result.cells for v in row),
        *(result.row_totals if margins.get("row_totals", True) else ()),
        *(result.column_totals if margins.get("column_totals", True) else ()),
        *((result.total,) if margins.get("total", True) else ()),
    ]
    assert all(v is None or v == 0 or v >= threshold for v in shown)
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            assert result.cells[r][c] in (value, None)
            assert value != 0 or result.cells[r][c] == 0, "a zero is always shown"


# --- primary suppression at its boundary ------------------------------------------------------------


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, None), (4, None), (5, 5), (6, 6)])
def test_primary_hides_from_1_to_under_the_threshold(count: int, shown: int | None) -> None:
    assert primary(count, 5) == shown
    assert suppress_series([count], 5, total=False).counts == (shown,)


def test_without_a_total_only_the_small_counts_are_hidden() -> None:
    assert suppress_series([4, 5, 0, 1, 30], 5, total=False).counts == (None, 5, 0, None, 30)


# --- one-way lists with a total -----------------------------------------------------------------------


def test_a_single_small_count_takes_the_smallest_other_with_it() -> None:
    result = suppress_series([6, 2, 0, 9], 5)
    assert (result.counts, result.total) == ((None, None, 0, 9), 17)
    lower: dict[str, int | None] = {}
    equations, _ = series_equations("s", result.counts, result.total, lower)
    assert_nothing_derivable(equations, lower)


def test_two_hidden_ones_beside_a_total_are_both_given_away_so_a_third_goes() -> None:
    # 1 and 1 hidden, 6 and the total 8 shown: each hidden one is at least 1, so both are exactly 1.
    lower: dict[str, int | None] = {}
    equations, _ = series_equations("s", [None, None, 6, 0], 8, lower)
    assert derivable(equations, lower) == {"s[0]": 1, "s[1]": 1}
    result = suppress_series([1, 1, 6, 0], 5)
    assert (result.counts, result.total) == ((None, None, None, 0), 8)


def test_a_small_total_is_hidden_with_its_only_count() -> None:
    result = suppress_series([0, 0, 3], 5)
    assert (result.counts, result.total) == ((0, 0, None), None)


def test_counts_another_table_rests_on_are_hidden_with_their_complements() -> None:
    result = suppress_series([20, 8, 9, 30], 5, also_hide=[0])
    assert (result.counts, result.total) == ((None, None, 9, 30), 67)
    assert suppress_series([0, 8], 5, also_hide=[0]).counts == (0, 8)  # a zero stays shown


# --- two-way tables -----------------------------------------------------------------------------------


def test_the_row_total_no_longer_gives_away_the_one_hidden_cell() -> None:
    # Issue 12: "Andet" hidden, but 134 − 77 − 32 − 23 = 2 for anyone to read.
    cells = [[77, 32, 23, 2], [60, 25, 30, 40]]
    result = suppress_table(cells, 5)
    assert result.cells[0] == (77, 32, None, None)  # the smallest other cell of the row goes too
    assert result.row_totals[0] == 134
    assert_table_safe(cells, result, 5)


def test_one_small_cell_costs_one_rectangle_not_a_chain_of_complements() -> None:
    # Four "other" lettings in yellow: hiding yellow's and green's municipal and other lettings closes a
    # cycle (100 lettings hidden beside it); one complement per line would have pulled in red and pink.
    cells = [[29, 39, 6, 0], [40, 53, 9, 0], [76, 31, 24, 4], [178, 0, 65, 11]]
    result = suppress_table(cells, 5)
    assert result.hidden == {(2, 2), (2, 3), (3, 2), (3, 3)}
    assert result.row_totals == (74, 102, 135, 254) and result.total == 565
    assert_table_safe(cells, result, 5)


def test_when_the_only_second_candidate_is_in_another_row() -> None:
    # Row 0 holds nothing but its small cell, so its column must find the complement in row 1; that row
    # then needs a second of its own, and the row totals' column too.
    cells = [[3, 0, 0], [8, 9, 7]]
    result = suppress_table(cells, 5)
    assert result.cells[0][0] is None and result.row_totals[0] is None
    assert result.cells[1][0] is None  # column 0: the one candidate, in row 1
    assert_table_safe(cells, result, 5)


def test_a_cell_between_two_groups_of_hidden_cells_is_found_by_the_audit() -> None:
    # Each line holds two or more hidden cells, but (1, 2) is the only link between the two blocks: the
    # rows of block one add up to it, so it can be worked out. The line rule alone would not see it.
    cells = [[9, 9, 9, 9], [9, 9, 9, 9], [9, 9, 9, 9], [9, 9, 9, 9]]
    blocks = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3)}
    assert exposed(cells, blocks | {(1, 2)}) == [(1, 2)]
    lower: dict[str, int | None] = {}
    face = [[None if (r, c) in blocks | {(1, 2)} else 9 for c in range(4)] for r in range(4)]
    equations, _ = table_equations("t", face, [36] * 4, [36] * 4, 144, lower)
    assert set(derivable(equations, lower)) == {"t[1,2]"}
    assert exposed(cells, blocks) == []


def test_a_table_of_one_small_cell_hides_its_row_and_column_totals() -> None:
    cells = [[2]]
    result = suppress_table(cells, 5)
    assert (result.cells, result.row_totals, result.column_totals, result.total) == (
        ((None,),),
        (None,),
        (None,),
        None,
    )


def test_unpublished_margins_are_no_equation() -> None:
    # Rows only add up across (the years of a yearly table have no column totals): each row alone.
    cells = [[7, 2, 9], [8, 8, 8]]
    result = suppress_table(cells, 5, column_totals=False, total=False)
    assert result.cells == ((None, None, 9), (8, 8, 8)) and result.column_totals == (None, None, None)
    assert_table_safe(cells, result, 5, column_totals=False, total=False)


def test_the_same_table_is_suppressed_the_same_way() -> None:
    cells = [[5, 1, 7, 7], [7, 5, 1, 5], [6, 6, 6, 2]]
    assert suppress_table(cells, 5) == suppress_table([list(row) for row in cells], 5)


# --- properties --------------------------------------------------------------------------------------

COUNT = st.one_of(st.integers(0, 4), st.integers(0, 25))
TABLE = st.integers(1, 4).flatmap(
    lambda columns: st.lists(st.lists(COUNT, min_size=columns, max_size=columns), min_size=1, max_size=4)
)
SLOW = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SLOW
@given(TABLE, st.integers(2, 6), st.booleans(), st.booleans(), st.booleans())
def test_no_suppressed_table_gives_away_a_hidden_figure(
    cells: list[list[int]], threshold: int, row_totals: bool, column_totals: bool, total: bool
) -> None:
    margins = {"row_totals": row_totals, "column_totals": column_totals, "total": total}
    result = suppress_table(cells, threshold, **margins)
    assert_table_safe(cells, result, threshold, **margins)
    assert suppress_table(cells, threshold, **margins) == result


@SLOW
@given(st.lists(COUNT, min_size=1, max_size=12), st.integers(2, 6))
def test_no_suppressed_list_gives_away_a_hidden_count(counts: list[int], threshold: int) -> None:
    result = suppress_series(counts, threshold)
    lower: dict[str, int | None] = {}
    equations, _ = series_equations("s", result.counts, result.total, lower)
    assert_nothing_derivable(equations, lower)
    assert all(c is None or c == 0 or c >= threshold for c in (*result.counts, result.total))
    assert all(shown in (count, None) for shown, count in zip(result.counts, counts, strict=True))


@SLOW
@given(TABLE, st.data())
def test_the_audit_finds_exactly_what_a_reader_can_work_out(
    cells: list[list[int]], data: st.DataObject
) -> None:
    """The module's cycle test against linear programming, on any pattern of hidden entries."""
    rows, columns = len(cells), len(cells[0])
    bordered = [[*row, sum(row)] for row in cells] + [
        [*(sum(row[c] for row in cells) for c in range(columns)), sum(map(sum, cells))]
    ]
    non_zero = [(r, c) for r in range(rows + 1) for c in range(columns + 1) if bordered[r][c] > 0]
    hidden = set(data.draw(st.lists(st.sampled_from(non_zero), unique=True)) if non_zero else [])
    face = [
        [None if (r, c) in hidden else bordered[r][c] for c in range(columns + 1)] for r in range(rows + 1)
    ]
    lower: dict[str, int | None] = {}
    equations, _ = table_equations(
        "t",
        [row[:columns] for row in face[:rows]],
        [row[columns] for row in face[:rows]],
        face[rows][:columns],
        face[rows][columns],
        lower,
    )
    worked_out = {tuple(int(n) for n in name[2:-1].split(",")) for name in derivable(equations, lower)}
    assert set(exposed(cells, hidden)) == worked_out
