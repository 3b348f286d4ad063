"""Deadlines for personal data (DOMAIN § 6.6) and small-number suppression for managers."""

from collections.abc import Sequence
from datetime import date, timedelta
from statistics import median


def deletion_date(closed_on: date, retention_days: int) -> date:
    """The day a closed case is deleted (after its archive export): its type's deadline after closure."""
    return closed_on + timedelta(days=retention_days)


def anonymisation_date(closed_on: date, anonymise_after_days: int) -> date:
    """The day the reporter's contact details are removed; earlier than the case's deletion."""
    return closed_on + timedelta(days=anonymise_after_days)


def is_due(deadline: date, today: date) -> bool:
    return today >= deadline


def suppressed(count: int, threshold: int) -> int | None:
    """The count, or None when it rests on fewer than `threshold` cases (zero is shown: it names nobody)."""
    return count if count == 0 or count >= threshold else None


def suppressed_group(counts: Sequence[int], threshold: int) -> list[int | None]:
    """The cells of one table with small numbers suppressed, and the disclosure by difference closed.

    Suppressing each small count alone is not enough when the group's total is known (the outcomes add
    up to the year's cases, which the monthly report counts publish; the months add up to the same): a
    single hidden cell is the total minus the others. So when exactly one cell is hidden, the next
    smallest shown non-zero cell is hidden too (secondary suppression); when there is none, the whole
    group is hidden.
    """
    cells = [suppressed(count, threshold) for count in counts]
    hidden = [index for index, cell in enumerate(cells) if cell is None]
    if len(hidden) != 1:
        return cells
    shown = [(count, index) for index, count in enumerate(counts) if cells[index] is not None and count > 0]
    if not shown:
        return [None] * len(cells)
    cells[min(shown)[1]] = None
    return cells


def suppressed_median(values: list[float], threshold: int) -> float | None:
    """The median, or None when fewer than `threshold` cases lie under it."""
    if len(values) < threshold:
        return None
    return round(float(median(values)), 1)


def suppressed_share(part: int, whole: int, threshold: int) -> float | None:
    """part/whole in percent, hidden when either rests on too few cases."""
    if whole < threshold or 0 < part < threshold or 0 < whole - part < threshold:
        return None
    return round(100.0 * part / whole, 1)
