"""What a reader can work out from published figures: the interval of values each hidden figure could have.

The check of every suppressed table in the tests. It reads only what was published – the shown figures, which
of them are totals of which, and that a hidden figure is at least 1 (zeros are shown) – and solves for each
hidden figure its smallest and largest possible value by linear programming in exact fractions (a plain
two-phase simplex with Bland's rule). That is independent of the cycle argument the suppression module uses,
so each checks the other. For tables of counts with their totals the bounds found are whole numbers and are
exactly the integer bounds (the equations of a two-way table are totally unimodular); where several tables
are joined the bounds may be wider than the integer ones, never narrower.

An equation is a list of (coefficient, term) that sums to zero; a term is a variable's name or a known number.
"""

from collections.abc import Mapping, Sequence
from fractions import Fraction

Term = str | int
Equation = list[tuple[int, Term]]
Interval = tuple[Fraction, Fraction | None]  # None: no upper bound


class Unpublished:
    """A margin nobody is told: a variable without bounds."""


UNPUBLISHED = Unpublished()
Shown = int | None | Unpublished


def _pivot(rows: list[list[Fraction]], basis: list[int], r: int, column: int) -> None:
    pivot = rows[r][column]
    rows[r] = [v / pivot for v in rows[r]]
    for i, row in enumerate(rows):
        if i != r and row[column] != 0:
            factor = row[column]
            rows[i] = [a - factor * b for a, b in zip(row, rows[r], strict=True)]
    basis[r] = column


def _minimise(rows: list[list[Fraction]], basis: list[int], cost: list[Fraction], allowed: range) -> bool:
    """Simplex with Bland's rule from a feasible basis; False when the objective has no lower bound."""
    while True:
        entering = next(
            (
                j
                for j in allowed
                if cost[j] - sum((cost[b] * row[j] for b, row in zip(basis, rows, strict=True)), Fraction(0))
                < 0
            ),
            None,
        )
        if entering is None:
            return True
        ratios = [(row[-1] / row[entering], basis[i], i) for i, row in enumerate(rows) if row[entering] > 0]
        if not ratios:
            return False
        _pivot(rows, basis, min(ratios)[2], entering)


def _value(rows: list[list[Fraction]], basis: list[int], cost: list[Fraction]) -> Fraction:
    return sum((cost[b] * row[-1] for b, row in zip(basis, rows, strict=True)), Fraction(0))


def intervals(equations: Sequence[Equation], lower: Mapping[str, int | None]) -> dict[str, Interval]:
    """For each variable with a lower bound, the smallest and largest value the equations allow.

    `lower` names every variable: its lower bound, or None for a free one. Raises when nothing fits (the
    published figures contradict each other).
    """
    names = sorted(lower)
    # Standard form: a bounded variable is bound + z (z ≥ 0); a free one is p − q.
    columns: dict[str, list[int]] = {}
    width = 0
    for name in names:
        columns[name] = [width] if lower[name] is not None else [width, width + 1]
        width += len(columns[name])
    rows: list[list[Fraction]] = []
    for equation in equations:
        row = [Fraction(0)] * (width + 1)
        constant = Fraction(0)
        for coefficient, term in equation:
            if isinstance(term, int):
                constant += coefficient * term
                continue
            bound = lower[term]
            if bound is not None:
                row[columns[term][0]] += coefficient
                constant += coefficient * bound
            else:
                row[columns[term][0]] += coefficient
                row[columns[term][1]] -= coefficient
        row[-1] = -constant
        if row[-1] < 0:
            row = [-v for v in row]
        if any(row[:-1]) or row[-1] != 0:
            rows.append(row)
    # Phase 1: an artificial variable per equation, minimised away.
    count = len(rows)
    tableau = [
        [*row[:-1], *(Fraction(int(i == k)) for k in range(count)), row[-1]] for i, row in enumerate(rows)
    ]
    basis = [width + i for i in range(count)]
    phase_one = [Fraction(0)] * width + [Fraction(1)] * count
    _minimise(tableau, basis, phase_one, range(width + count))
    if _value(tableau, basis, phase_one) != 0:
        raise ValueError("the published figures contradict each other")
    for i in reversed(range(len(tableau))):
        if basis[i] >= width:
            column = next((j for j in range(width) if tableau[i][j] != 0), None)
            if column is None:  # a redundant equation
                del tableau[i], basis[i]
            else:
                _pivot(tableau, basis, i, column)
    found: dict[str, Interval] = {}
    for name in names:
        bound = lower[name]
        if bound is None:
            continue
        ends: list[Fraction | None] = []
        for sign in (1, -1):
            rows_now, basis_now = [list(r) for r in tableau], list(basis)
            cost = [Fraction(0)] * (width + count)
            cost[columns[name][0]] = Fraction(sign)
            bounded = _minimise(rows_now, basis_now, cost, range(width))
            ends.append(sign * _value(rows_now, basis_now, cost) + bound if bounded else None)
        low, high = ends
        assert low is not None  # z ≥ 0 bounds it below
        found[name] = (low, high)
    return found


def derivable(equations: Sequence[Equation], lower: Mapping[str, int | None]) -> dict[str, Fraction]:
    """The hidden figures whose value the published ones fix, with that value."""
    return {name: low for name, (low, high) in intervals(equations, lower).items() if low == high}


# --- published tables as equations ----------------------------------------------------------------


def _term(shown: Shown, name: str, lower: dict[str, int | None]) -> Term:
    if isinstance(shown, Unpublished):
        lower[name] = None
        return name
    if shown is None:
        lower[name] = 1  # zeros are shown, so a hidden figure is at least 1
        return name
    return shown


def table_equations(
    prefix: str,
    cells: Sequence[Sequence[int | None]],
    row_totals: Sequence[Shown] | Unpublished,
    column_totals: Sequence[Shown] | Unpublished,
    total: Shown,
    lower: dict[str, int | None],
) -> tuple[list[Equation], dict[tuple[int, int], Term]]:
    """The equations a reader has of a published two-way table (None = hidden), and the term of each entry
    in bordered positions (the totals row and column last); hidden entries are named `prefix[r,c]`."""
    rows = len(cells)
    columns = len(cells[0]) if rows else 0
    terms: dict[tuple[int, int], Term] = {}
    for r in range(rows):
        for c in range(columns):
            terms[(r, c)] = _term(cells[r][c], f"{prefix}[{r},{c}]", lower)
        shown = UNPUBLISHED if isinstance(row_totals, Unpublished) else row_totals[r]
        terms[(r, columns)] = _term(shown, f"{prefix}[{r},{columns}]", lower)
    for c in range(columns):
        shown = UNPUBLISHED if isinstance(column_totals, Unpublished) else column_totals[c]
        terms[(rows, c)] = _term(shown, f"{prefix}[{rows},{c}]", lower)
    terms[(rows, columns)] = _term(total, f"{prefix}[{rows},{columns}]", lower)
    equations: list[Equation] = []
    for r in range(rows + 1):
        equations.append([*((1, terms[(r, c)]) for c in range(columns)), (-1, terms[(r, columns)])])
    for c in range(columns + 1):
        equations.append([*((1, terms[(r, c)]) for r in range(rows)), (-1, terms[(rows, c)])])
    return equations, terms


def series_equations(
    prefix: str, counts: Sequence[int | None], total: Shown, lower: dict[str, int | None]
) -> tuple[list[Equation], list[Term]]:
    """The equation of a published list and its total; hidden counts are named `prefix[i]`."""
    terms = [_term(count, f"{prefix}[{i}]", lower) for i, count in enumerate(counts)]
    total_term = _term(total, f"{prefix}[total]", lower)
    return [[*((1, t) for t in terms), (-1, total_term)]], terms


def assert_nothing_derivable(equations: Sequence[Equation], lower: Mapping[str, int | None]) -> None:
    found = derivable(equations, lower)
    assert not found, f"hidden figures a reader can work out: {found}"
