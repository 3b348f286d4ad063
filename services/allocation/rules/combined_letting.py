"""The municipality's decisions on combined letting (ABL § 51 b, DOMAIN § 5.4): order, extend, withdraw.

"The municipality may decide that the housing organisation must reject waiting-list applicants … It may also
decide (the extension, stk. 1 2. pkt.) to reject applicants who receive førtidspension now … The municipality
reports its decisions (to order, to extend, to withdraw) to the minister."

A decision is recorded with its date and takes effect from it. The agreements carry the result per letting
year (`combined_letting_ordered`, `combined_letting_extended`, which the applicant check reads): the agreement
of letting year Y holds the state after every decision dated in Y or before. Decisions form one line per
area: none may be dated before the area's latest, so that each one is judged against the state it changes.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from services.allocation.rules.lists import list_year_in_force

PARAGRAPH = "ABL § 51 b"


class DecisionKind(StrEnum):
    """A municipality's § 51 b decision: order combined letting, extend it, or withdraw it."""

    ORDER = "order"  # stk. 1 1. pkt.: reject applicants on the passive benefits for 6 months
    EXTEND = "extend"  # stk. 1 2. pkt.: also førtidspension, dagpenge, sygedagpenge, ressourceforløbsydelse
    WITHDRAW = "withdraw"  # the municipality ends its decision


@dataclass(frozen=True, slots=True)
class Decision:
    kind: DecisionKind
    decided_on: date


@dataclass(frozen=True, slots=True)
class State:
    ordered: bool = False
    extended: bool = False


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    code: str
    text: str
    paragraph: str | None = PARAGRAPH


def after(state: State, kind: DecisionKind) -> State:
    if kind is DecisionKind.ORDER:
        return State(ordered=True, extended=state.extended)
    if kind is DecisionKind.EXTEND:
        return State(ordered=True, extended=True)
    return State()


def state_on(decisions: Sequence[Decision], on: date) -> State:
    """The state after every decision dated on or before `on`, in date order (recorded order within a day)."""
    state = State()
    for decision in sorted(decisions, key=lambda d: d.decided_on):
        if decision.decided_on <= on:
            state = after(state, decision.kind)
    return state


def state_for_letting_year(decisions: Sequence[Decision], year: int) -> State:
    """What the agreement of letting year `year` carries: every decision dated in that year or before."""
    return state_on(decisions, date(year, 12, 31))


def problems(
    *,
    kind: DecisionKind,
    decided_on: date,
    today: date,
    designated: bool | None,
    earlier: Sequence[Decision],
) -> list[Problem]:
    """Why the decision cannot be recorded; `designated` is whether the list in force on its date names
    the area a combined-letting area (None: no agreement holds that list for the area)."""
    found: list[Problem] = []
    if decided_on > today:
        found.append(
            Problem(
                "decided_on",
                "decision_in_future",
                "A decision is recorded once it is made: its date cannot be after today.",
                None,
            )
        )
    latest = max((d.decided_on for d in earlier), default=None)
    if latest is not None and decided_on < latest:
        found.append(
            Problem(
                "decided_on",
                "decision_before_latest",
                f"The area's latest § 51 b decision is dated {latest.isoformat()}; a new decision cannot be "
                "dated before it.",
                None,
            )
        )
    current = state_on(earlier, decided_on)
    if kind in (DecisionKind.ORDER, DecisionKind.EXTEND):
        if designated is None:
            found.append(
                Problem(
                    "area_code",
                    "designation_unknown",
                    "The area has no letting agreement holding the list in force on the decision's date, so "
                    "it is not known to be a combined-letting area.",
                )
            )
        elif not designated:
            found.append(
                Problem(
                    "area_code",
                    "not_combined_letting_area",
                    "Only an area on the list of combined-letting areas (≥ 1,000 residents and ≥ 40 % – "
                    "≥ 30 % with ≥ 5,000 residents – outside the labour market) may be ordered combined "
                    "letting.",
                )
            )
    if kind is DecisionKind.ORDER and current.ordered:
        found.append(Problem("kind", "already_ordered", "Combined letting is already ordered in the area."))
    if kind is DecisionKind.EXTEND:
        if not current.ordered:
            found.append(
                Problem(
                    "kind",
                    "not_ordered",
                    "The extension adds to an order of combined letting: order it first (ABL § 51 b stk. 1).",
                )
            )
        elif current.extended:
            found.append(Problem("kind", "already_extended", "The order is already extended."))
    if kind is DecisionKind.WITHDRAW and not current.ordered:
        found.append(Problem("kind", "not_ordered", "There is no order of combined letting to withdraw."))
    return found


def list_letting_year(on: date) -> int:
    """The letting year whose agreement holds the list in force on `on` (DOMAIN § 3): the list of year L,
    published 1 December L, governs from that day, and the agreements of letting year L + 1 are drafted
    from it."""
    return list_year_in_force(on) + 1
