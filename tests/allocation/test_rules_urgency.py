"""How urgent a vacancy is (rules/urgency.py): the date that decides, and the days left to it."""

from datetime import date

import pytest

from services.allocation.rules.urgency import Urgency, UrgencyBasis, urgency

TODAY = date(2026, 12, 7)
DEADLINE = date(2026, 12, 9)


@pytest.mark.parametrize(
    ("channel", "status", "reply_by", "expected"),
    [
        # Waiting for an offer: the municipality's deadline.
        ("municipal", "open", None, Urgency(UrgencyBasis.DEADLINE, DEADLINE, 2)),
        # Offered: the reply deadline, even where the vacancy's own is later.
        ("municipal", "offered", date(2026, 12, 8), Urgency(UrgencyBasis.REPLY_BY, date(2026, 12, 8), 1)),
        # Offered, and no offer awaits a reply: a seeker accepted, and no deadline runs.
        ("municipal", "offered", None, Urgency(UrgencyBasis.PROMISED, None, None)),
        # No longer the municipality's, or never: nothing to act on.
        ("municipal", "let", None, Urgency(UrgencyBasis.NONE, None, None)),
        ("municipal", "returned", None, Urgency(UrgencyBasis.NONE, None, None)),
        ("flexible", "open", None, Urgency(UrgencyBasis.NONE, None, None)),
        ("waiting_list", "open", None, Urgency(UrgencyBasis.NONE, None, None)),
    ],
)
def test_the_date_that_decides(channel: str, status: str, reply_by: date | None, expected: Urgency) -> None:
    deadline = DEADLINE if channel == "municipal" else None
    assert (
        urgency(channel=channel, status=status, deadline=deadline, reply_by=reply_by, today=TODAY) == expected
    )


@pytest.mark.parametrize(
    ("by", "days_left", "overdue"),
    [
        (date(2026, 12, 8), 1, False),
        (TODAY, 0, False),  # on the day itself: still in time (the return takes what is past it)
        (date(2026, 12, 6), -1, True),
        (date(2026, 11, 7), -30, True),
    ],
)
def test_overdue_once_the_day_has_passed(by: date, days_left: int, overdue: bool) -> None:
    found = urgency(channel="municipal", status="open", deadline=by, reply_by=None, today=TODAY)
    assert (found.days_left, found.overdue) == (days_left, overdue)
    offered = urgency(channel="municipal", status="offered", deadline=DEADLINE, reply_by=by, today=TODAY)
    assert (offered.days_left, offered.overdue) == (days_left, overdue)


def test_nothing_to_act_on_is_never_overdue() -> None:
    for status in ("let", "returned"):
        found = urgency(
            channel="municipal", status=status, deadline=date(2020, 1, 1), reply_by=None, today=TODAY
        )
        assert not found.overdue and found.days_left is None
