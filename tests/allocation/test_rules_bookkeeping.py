"""Statutory bookkeeping as pure rules: § 51 b decisions (order, extend, withdraw) and the days the
municipality held a municipal vacancy (ABL § 59 stk. 1)."""

from datetime import date

import pytest

from services.allocation.rules.combined_letting import (
    Decision,
    DecisionKind,
    State,
    list_letting_year,
    problems,
    state_for_letting_year,
    state_on,
)
from services.allocation.rules.holding import days_held

K = DecisionKind
TODAY = date(2026, 6, 1)
ORDERED = [Decision(K.ORDER, date(2026, 3, 1))]


def codes(
    kind: DecisionKind, on: date, *, designated: bool | None = True, earlier: list[Decision] | None = None
) -> list[str]:
    return [
        p.code
        for p in problems(kind=kind, decided_on=on, today=TODAY, designated=designated, earlier=earlier or [])
    ]


def test_only_a_combined_letting_area_may_be_ordered_or_extended() -> None:
    assert codes(K.ORDER, TODAY) == []
    assert codes(K.ORDER, TODAY, designated=False) == ["not_combined_letting_area"]
    assert codes(K.ORDER, TODAY, designated=None) == ["designation_unknown"]
    assert codes(K.EXTEND, TODAY, designated=False, earlier=ORDERED) == ["not_combined_letting_area"]
    # A withdrawal stays possible when the area has left the list.
    assert codes(K.WITHDRAW, TODAY, designated=False, earlier=ORDERED) == []


def test_extend_and_withdraw_need_an_order_in_force() -> None:
    assert codes(K.EXTEND, TODAY) == ["not_ordered"]
    assert codes(K.WITHDRAW, TODAY) == ["not_ordered"]
    assert codes(K.EXTEND, TODAY, earlier=ORDERED) == []
    assert codes(K.ORDER, TODAY, earlier=ORDERED) == ["already_ordered"]
    extended = [*ORDERED, Decision(K.EXTEND, date(2026, 4, 1))]
    assert codes(K.EXTEND, TODAY, earlier=extended) == ["already_extended"]
    withdrawn = [*extended, Decision(K.WITHDRAW, date(2026, 5, 1))]
    assert codes(K.ORDER, TODAY, earlier=withdrawn) == []


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (date(2026, 5, 31), []),
        (TODAY, []),  # the day itself
        (date(2026, 6, 2), ["decision_in_future"]),
    ],
)
def test_a_decision_is_dated_today_or_before(on: date, expected: list[str]) -> None:
    assert codes(K.ORDER, on) == expected


def test_a_decision_cannot_be_dated_before_the_areas_latest() -> None:
    assert codes(K.WITHDRAW, date(2026, 2, 28), earlier=ORDERED) == ["decision_before_latest", "not_ordered"]
    assert codes(K.WITHDRAW, date(2026, 3, 1), earlier=ORDERED) == []  # the same day


def test_the_state_follows_the_decisions_from_their_dates() -> None:
    decisions = [
        Decision(K.ORDER, date(2025, 3, 1)),
        Decision(K.EXTEND, date(2025, 9, 1)),
        Decision(K.WITHDRAW, date(2027, 2, 1)),
    ]
    assert state_on(decisions, date(2025, 2, 28)) == State()
    assert state_on(decisions, date(2025, 3, 1)) == State(ordered=True)
    assert state_on(decisions, date(2025, 9, 1)) == State(ordered=True, extended=True)
    assert state_on(decisions, date(2027, 2, 1)) == State()
    assert state_for_letting_year(decisions, 2024) == State()
    assert state_for_letting_year(decisions, 2025) == State(ordered=True, extended=True)
    assert state_for_letting_year(decisions, 2026) == State(ordered=True, extended=True)
    assert state_for_letting_year(decisions, 2027) == State()


@pytest.mark.parametrize(
    ("on", "year"),
    [(date(2026, 11, 30), 2026), (date(2026, 12, 1), 2027), (date(2026, 1, 1), 2026)],
)
def test_the_list_in_force_changes_on_1_december(on: date, year: int) -> None:
    assert list_letting_year(on) == year


# --- days held ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("available", "reported", "ended", "expected"),
    [
        (date(2026, 4, 1), date(2026, 3, 20), date(2026, 4, 10), 9),  # from available_from
        (date(2026, 4, 1), date(2026, 4, 5), date(2026, 4, 10), 5),  # reported later: from the report
        (date(2026, 4, 1), date(2026, 4, 1), date(2026, 4, 1), 0),  # let the day it was free
        (
            date(2026, 4, 10),
            date(2026, 4, 1),
            date(2026, 4, 5),
            0,
        ),  # let before it was free: 0, never negative
        (date(2026, 4, 1), date(2026, 3, 1), None, 61),  # still held: to today (1 June)
    ],
)
def test_days_held_run_from_free_and_reported_to_letting_return_or_today(
    available: date, reported: date, ended: date | None, expected: int
) -> None:
    assert days_held(available_from=available, reported_on=reported, ended_on=ended, today=TODAY) == expected
