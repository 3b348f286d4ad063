"""Deadlines for personal data (DOMAIN § 6.6), and the medians and shares managers may see (the counts are
suppressed by services.kit.suppression)."""

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
