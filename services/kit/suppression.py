"""Small-number suppression of tables of counts and their totals, so that no hidden count can be worked out.

Pure: plain integers in, the published face of the table out; no database, no web framework.

**Primary suppression.** A count from 1 to `threshold` − 1 may point to a person, so it is hidden. Zero is
shown: it names nobody. Totals follow the same rule.

**Secondary suppression.** Hiding the small counts is not enough where totals are shown: a row with one
hidden cell gives it away as its total minus the cells shown (134 − 77 − 32 − 23). So more entries (cells or
totals) are hidden, the complementary ones, until no hidden entry can be derived exactly by a reader who
knows everything shown, that the cells add up to the totals, and that a hidden entry is at least 1 (zeros are
always shown, so "hidden" itself says "not zero"; that is why two hidden 1s beside a shown total are still
given away, and why zeros are never used as complements).

1. Around each hidden entry that can still be derived, the cheapest rectangle is hidden: a second row and
   a second column (cells or totals) whose three other corners are not zero and protect it, chosen for the
   smallest sum of the values it adds (ties in reading order). A rectangle is a cycle a reader cannot rule
   out, so its four corners protect each other; choosing the whole rectangle at once, rather than one
   complement per line, keeps a row's complement and a column's complement from each pulling in more.
2. Then every row and column that adds up to a shown total and holds exactly one hidden entry gets a
   second: its smallest shown non-zero entry (ties: the first in reading order, cells before the total);
   repeated until no line holds exactly one.
3. Last, the table is audited exactly (`exposed`): a cell can still be derived from a combination of rows
   and columns (when it is the only link between two groups of hidden cells), or from the lower bound of 1.
   While an entry can be derived, one more is hidden: the smallest shown entry in its row or column that
   protects it on its own (else the smallest there, else anywhere); ties in reading order. Each round
   hides one more entry, and a table with every non-zero entry hidden gives nothing away, so this ends.

The same table gives the same result every time.

**The audit.** Border the table with its totals and give each total a minus sign: every row and column of
the bordered table then adds up to zero, and the values a reader could still choose for the hidden entries
differ from the true ones by a sum of cycles through hidden entries (rows and columns alternating, +1 and −1
alternating along the cycle). A hidden entry can be derived exactly when no such cycle through it can be
walked without bringing another hidden entry under 1; that is a reachability question in a small directed
graph. The test is exact for a two-way table with its margins, and for a one-way list with its total (a table
of one row). A margin that is not published at all (`row_totals=False`, ...) is no equation for the reader.
"""

from collections import deque
from collections.abc import Collection, Sequence
from dataclasses import dataclass

Position = tuple[int, int]  # (row, column) in the table bordered by its totals: the last row and column
Node = tuple[str, int]  # ("r", row) or ("c", column) of the bordered table

# What a reader knows of a hidden entry: zeros are always shown, so a hidden one is at least this.
LOWEST_HIDDEN = 1


def is_small(count: int, threshold: int) -> bool:
    """Whether primary suppression hides `count`: from 1 to threshold − 1 (0 is shown)."""
    return 0 < count < threshold


def primary(count: int, threshold: int) -> int | None:
    """The count, or None when it is small; for a figure with no total beside it."""
    return None if is_small(count, threshold) else count


@dataclass(frozen=True, slots=True)
class SuppressedTable:
    """The published face of a table: None where an entry is hidden, or where a margin is not published."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    total: int | None
    hidden: frozenset[Position]  # in bordered positions; only published entries that were hidden

    @property
    def suppressed(self) -> bool:
        return bool(self.hidden)


@dataclass(frozen=True, slots=True)
class SuppressedSeries:
    """The published face of a list of counts with its total."""

    counts: tuple[int | None, ...]
    total: int | None  # None also when the total is not published


@dataclass(frozen=True, slots=True)
class _Bordered:
    """A table with its totals as the last row and column; `free` are the margins nobody is told."""

    values: dict[Position, int]
    rows: int  # the inner rows; the totals row is number `rows`
    columns: int  # the inner columns; the totals column is number `columns`
    free: frozenset[Position]

    def line_of_row(self, row: int) -> list[Position]:
        return [(row, column) for column in range(self.columns + 1)]

    def line_of_column(self, column: int) -> list[Position]:
        return [(row, column) for row in range(self.rows + 1)]

    def lines(self) -> list[list[Position]]:
        """Every equation a reader has: a row or column of the bordered table with no untold margin in it."""
        every = [self.line_of_row(r) for r in range(self.rows + 1)]
        every += [self.line_of_column(c) for c in range(self.columns + 1)]
        return [line for line in every if not any(p in self.free for p in line)]

    def sign(self, position: Position) -> int:
        """+1 for a cell and the grand total, −1 for a row or column total (so each line sums to zero)."""
        row, column = position
        return 1 if (row == self.rows) == (column == self.columns) else -1


def _border(
    cells: Sequence[Sequence[int]], *, row_totals: bool, column_totals: bool, total: bool
) -> _Bordered:
    rows = len(cells)
    columns = len(cells[0]) if rows else 0
    if any(len(row) != columns for row in cells):
        raise ValueError("every row of a table has the same number of cells")
    if any(count < 0 for row in cells for count in row):
        raise ValueError("a count is never negative")
    values: dict[Position, int] = {}
    for r, row in enumerate(cells):
        for c, count in enumerate(row):
            values[(r, c)] = count
        values[(r, columns)] = sum(row)
    for c in range(columns):
        values[(rows, c)] = sum(row[c] for row in cells)
    values[(rows, columns)] = sum(values[(r, columns)] for r in range(rows))
    free: set[Position] = set()
    if not row_totals:
        free |= {(r, columns) for r in range(rows)}
    if not column_totals:
        free |= {(rows, c) for c in range(columns)}
    if not total:
        free.add((rows, columns))
    return _Bordered(values, rows, columns, frozenset(free))


def _arcs(table: _Bordered, hidden: Collection[Position]) -> dict[Node, list[tuple[Node, Position]]]:
    """The moves a reader cannot rule out: along each arc the entry goes up (always possible) or down (only
    while it stays at least 1, or freely for a margin nobody is told)."""
    arcs: dict[Node, list[tuple[Node, Position]]] = {}
    for position in (*hidden, *table.free):
        row, column = ("r", position[0]), ("c", position[1])
        up = (row, column) if table.sign(position) > 0 else (column, row)
        arcs.setdefault(up[0], []).append((up[1], position))
        if position in table.free or table.values[position] > LOWEST_HIDDEN:
            arcs.setdefault(up[1], []).append((up[0], position))
    return arcs


def _reaches(arcs: dict[Node, list[tuple[Node, Position]]], start: Node, goal: Node, avoid: Position) -> bool:
    seen = {start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for target, position in arcs.get(node, ()):
            if position != avoid and target not in seen:
                seen.add(target)
                queue.append(target)
    return False


def _derivable(table: _Bordered, hidden: Collection[Position], position: Position) -> bool:
    """Whether the hidden entry at `position` has one possible value: no cycle through it can be walked."""
    arcs = _arcs(table, hidden)
    row, column = ("r", position[0]), ("c", position[1])
    for tail, head in ((row, column), (column, row)):
        if any(p == position for h, p in arcs.get(tail, ()) if h == head) and _reaches(
            arcs, head, tail, position
        ):
            return False
    return True


def _exposed(table: _Bordered, hidden: Collection[Position]) -> list[Position]:
    return sorted(p for p in hidden if p not in table.free and _derivable(table, hidden, p))


def exposed(
    cells: Sequence[Sequence[int]],
    hidden: Collection[Position],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    total: bool = True,
) -> list[Position]:
    """The hidden entries (bordered positions) a reader of the rest can work out exactly, in reading order."""
    table = _border(cells, row_totals=row_totals, column_totals=column_totals, total=total)
    return _exposed(table, hidden)


def _shown_candidates(
    table: _Bordered, hidden: set[Position], positions: Collection[Position]
) -> list[Position]:
    """Entries that may serve as complements, smallest first: shown, published and not zero."""
    found = {p for p in positions if p not in hidden and p not in table.free and table.values[p] > 0}
    return sorted(found, key=lambda p: (table.values[p], p))


def _rectangle(table: _Bordered, hidden: set[Position], target: Position) -> list[Position]:
    """The cheapest rectangle of entries around `target` that protects it: the three other corners of a
    row and column through it, each not zero, with the smallest sum of the values still to hide (a margin
    nobody is told costs nothing); ties in reading order. Empty when no rectangle protects it."""
    best: tuple[int, Position, list[Position]] | None = None
    for row in range(table.rows + 1):
        for column in range(table.columns + 1):
            if row == target[0] or column == target[1]:
                continue
            corners = [(target[0], column), (row, target[1]), (row, column)]
            if any(table.values[p] == 0 and p not in table.free for p in corners):
                continue
            new = [p for p in corners if p not in hidden and p not in table.free]
            cost = sum(table.values[p] for p in new)
            if (best is None or (cost, (row, column)) < best[:2]) and not _derivable(
                table, hidden | set(new), target
            ):
                best = (cost, (row, column), new)
    return best[2] if best else []


def _protect(table: _Bordered, hidden: set[Position]) -> set[Position]:
    """Secondary suppression: hide complements until no hidden entry can be derived (see the module)."""
    for target in sorted(hidden):  # step 1: the cheapest rectangle around each hidden entry still exposed
        if _derivable(table, hidden, target):
            hidden |= set(_rectangle(table, hidden, target))
    changed = True
    while changed:  # step 2: no line that adds up to a shown total holds exactly one hidden entry
        changed = False
        for line in table.lines():
            candidates = _shown_candidates(table, hidden, line)
            if candidates and sum(p in hidden for p in line) == 1:
                hidden.add(candidates[0])
                changed = True
    while found := _exposed(table, hidden):  # step 3: the exact audit
        target = found[0]
        nearby = _shown_candidates(
            table, hidden, {*table.line_of_row(target[0]), *table.line_of_column(target[1])}
        )
        protecting = [p for p in nearby if not _derivable(table, hidden | {p}, target)]
        choice = (protecting or nearby or _shown_candidates(table, hidden, table.values))[0]
        hidden.add(choice)
    return hidden


def _suppressed(table: _Bordered, threshold: int, also_hide: Collection[Position]) -> set[Position]:
    hidden = {
        p
        for p, count in table.values.items()
        if p not in table.free and (is_small(count, threshold) or (p in also_hide and count > 0))
    }
    return _protect(table, hidden)


def suppress_table(
    cells: Sequence[Sequence[int]],
    threshold: int,
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    total: bool = True,
) -> SuppressedTable:
    """A two-way table of counts with the totals it is published with, suppressed (see the module).

    The totals are the sums of `cells`: a table that leaves out some counts must carry them as a row of its
    own (published or not), or its totals would not add up. A margin marked False is not published: it is
    None in the result and no equation for the reader.
    """
    table = _border(cells, row_totals=row_totals, column_totals=column_totals, total=total)
    hidden = _suppressed(table, threshold, ())

    def face(position: Position) -> int | None:
        return None if position in hidden or position in table.free else table.values[position]

    rows, columns = table.rows, table.columns
    return SuppressedTable(
        cells=tuple(tuple(face((r, c)) for c in range(columns)) for r in range(rows)),
        row_totals=tuple(face((r, columns)) for r in range(rows)),
        column_totals=tuple(face((rows, c)) for c in range(columns)),
        total=face((rows, columns)),
        hidden=frozenset(hidden),
    )


def suppress_series(
    counts: Sequence[int],
    threshold: int,
    *,
    total: bool = True,
    also_hide: Collection[int] = (),
    also_hide_total: bool = False,
) -> SuppressedSeries:
    """A list of counts and its total, suppressed (see the module); `total=False` when no total is shown
    or can be known, which leaves primary suppression alone.

    `also_hide` names counts that must be hidden whatever their size, because a figure published elsewhere
    rests on them; their complements are chosen as for any other hidden count (a zero stays shown).
    """
    width = len(counts)
    table = _border([list(counts)], row_totals=total, column_totals=False, total=False)
    forced = {(0, index) for index in also_hide} | ({(0, width)} if also_hide_total else set())
    hidden = _suppressed(table, threshold, forced)
    shown = tuple(None if (0, i) in hidden else count for i, count in enumerate(counts))
    return SuppressedSeries(counts=shown, total=None if (0, width) in hidden or not total else sum(counts))
