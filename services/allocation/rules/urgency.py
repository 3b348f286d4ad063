"""How soon the municipality must act on a vacancy it holds: the date its right to allocate, or an offer's
wait for a reply, runs out (DOMAIN § 5.3, § 5.5).

A municipal vacancy waiting for an offer must be let before its deadline, or it goes back to the housing
organisation (ABL § 59 stk. 1; `vacancies.return_overdue`). Once it is offered, the seeker's reply deadline
comes first (an offer never runs past the vacancy's deadline: `offers.make`), and an offer not answered by
then expires. A vacancy whose offer a seeker accepted is promised until the letting is recorded: no deadline
runs for it. Every other vacancy (not municipal, or let or returned) is not the municipality's to act on.

`vacancies.URGENT_BY` is the same choice in SQL, so that the most urgent are sorted first by the database.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.allocation.rules.model import Channel
from services.allocation.rules.statuses import VacancyStatus


class UrgencyBasis(StrEnum):
    """Which date decides how urgent a vacancy is."""

    DEADLINE = "deadline"  # waiting for an offer: the municipality's deadline (ABL § 59 stk. 1)
    REPLY_BY = "reply_by"  # offered: the seeker's reply deadline
    PROMISED = "promised"  # an offer accepted: held for the seeker until let, no deadline runs
    NONE = "none"  # not the municipality's to act on


@dataclass(frozen=True)
class Urgency:
    """The date that decides, and the whole days left until it as of `today` (negative once past)."""

    basis: UrgencyBasis
    by: date | None
    days_left: int | None

    @property
    def overdue(self) -> bool:
        """Past the date: the vacancy is due to go back, or the offer to expire."""
        return self.days_left is not None and self.days_left < 0


def urgency(
    *, channel: str, status: str, deadline: date | None, reply_by: date | None, today: date
) -> Urgency:
    """How urgent a vacancy is on `today`; `reply_by` is the reply deadline of its offer awaiting reply."""
    if channel != Channel.MUNICIPAL:
        return Urgency(UrgencyBasis.NONE, None, None)
    if status == VacancyStatus.OFFERED:
        if reply_by is None:
            return Urgency(UrgencyBasis.PROMISED, None, None)
        return Urgency(UrgencyBasis.REPLY_BY, reply_by, (reply_by - today).days)
    if status == VacancyStatus.OPEN and deadline is not None:
        return Urgency(UrgencyBasis.DEADLINE, deadline, (deadline - today).days)
    return Urgency(UrgencyBasis.NONE, None, None)
