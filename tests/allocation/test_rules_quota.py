"""The quota rule of DOMAIN § 5.3: after n vacancies exactly floor(n × share), for any share and any n."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.allocation.rules.model import Channel
from services.allocation.rules.quota import (
    Tally,
    assign,
    bp_from_pct,
    due,
    fulfilment,
    pct_from_bp,
    share_from_bp,
)

shares_bp = st.integers(min_value=0, max_value=10_000)


def run(n: int, municipal_bp: int, flexible_bp: int) -> tuple[Tally, list[Channel]]:
    tally = Tally()
    channels = []
    for _ in range(n):
        assignment = assign(
            tally, municipal_share=share_from_bp(municipal_bp), flexible_share=share_from_bp(flexible_bp)
        )
        assert assignment.sequence == tally.vacancies + 1
        channels.append(assignment.channel)
        tally = tally.after(assignment.channel)
    return tally, channels


@settings(max_examples=300, deadline=None)
@given(municipal_bp=shares_bp, flexible_bp=shares_bp, n=st.integers(min_value=0, max_value=400))
def test_after_every_vacancy_exactly_floor_n_times_share_went_each_way(
    municipal_bp: int, flexible_bp: int, n: int
) -> None:
    municipal, flexible = Fraction(municipal_bp, 10_000), Fraction(flexible_bp, 10_000)
    tally = Tally()
    for count in range(1, n + 1):
        tally = tally.after(assign(tally, municipal_share=municipal, flexible_share=flexible).channel)
        # The law's arithmetic, written independently: integer floor of an exact product.
        assert tally.municipal == (count * municipal_bp) // 10_000
        others = count - tally.municipal
        assert tally.flexible == (others * flexible_bp) // 10_000
        assert tally.waiting_list == others - tally.flexible
        assert tally.vacancies == count


@settings(max_examples=200, deadline=None)
@given(
    municipal=st.fractions(min_value=0, max_value=1, max_denominator=1000),
    flexible=st.fractions(min_value=0, max_value=1, max_denominator=1000),
    n=st.integers(min_value=1, max_value=300),
)
def test_the_rule_holds_for_any_rational_share(municipal: Fraction, flexible: Fraction, n: int) -> None:
    tally = Tally()
    for _ in range(n):
        tally = tally.after(assign(tally, municipal_share=municipal, flexible_share=flexible).channel)
    assert tally.municipal == int(n * municipal)
    assert tally.flexible == int((n - tally.municipal) * flexible)


@settings(max_examples=100, deadline=None)
@given(first=shares_bp, second=shares_bp, flexible_bp=shares_bp, n=st.integers(0, 100), m=st.integers(1, 100))
def test_a_share_changed_during_the_year_is_followed_from_then_on(
    first: int, second: int, flexible_bp: int, n: int, m: int
) -> None:
    tally, _ = run(n, first, flexible_bp)
    given_before = tally.municipal
    share = share_from_bp(second)
    for _ in range(m):
        tally = tally.after(
            assign(tally, municipal_share=share, flexible_share=share_from_bp(flexible_bp)).channel
        )
    target = due(tally.vacancies, share)
    # Never more than the new share asks for (unless the old share had already given more), and the
    # rule catches up one vacancy at a time when the new share asks for more.
    assert tally.municipal <= max(target, given_before)
    assert tally.municipal >= min(target, given_before + m)


def test_every_fourth_vacancy_is_municipal_at_25_percent() -> None:
    _, channels = run(12, 2500, 0)
    assert [i + 1 for i, c in enumerate(channels) if c is Channel.MUNICIPAL] == [4, 8, 12]
    assert set(channels) == {Channel.MUNICIPAL, Channel.WAITING_LIST}


def test_red_area_lets_every_non_municipal_vacancy_flexibly() -> None:
    tally, channels = run(20, 1000, 10_000)
    assert (tally.municipal, tally.flexible, tally.waiting_list) == (2, 18, 0)
    assert channels[9] is Channel.MUNICIPAL and channels[19] is Channel.MUNICIPAL


def test_yellow_area_splits_the_rest_half_and_half() -> None:
    tally, channels = run(10, 2000, 5000)
    assert (tally.municipal, tally.flexible, tally.waiting_list) == (2, 4, 4)
    assert channels[:5] == [
        Channel.WAITING_LIST,
        Channel.FLEXIBLE,
        Channel.WAITING_LIST,
        Channel.FLEXIBLE,
        Channel.MUNICIPAL,
    ]


def test_the_reason_shows_the_arithmetic() -> None:
    tally, _ = run(3, 2500, 0)
    assignment = assign(tally, municipal_share=share_from_bp(2500), flexible_share=share_from_bp(0))
    assert assignment.channel is Channel.MUNICIPAL
    assert "floor(4 × 25 %) = 1" in assignment.reason.text
    assert assignment.reason.paragraph == "ABL § 59"


@pytest.mark.parametrize(
    ("pct", "bp"), [("25", 2500), ("33.33", 3333), ("0", 0), ("100", 10_000), ("12.5", 1250)]
)
def test_percentages_become_basis_points_exactly(pct: str, bp: int) -> None:
    assert bp_from_pct(Decimal(pct)) == bp
    assert pct_from_bp(bp) == Decimal(pct)


@pytest.mark.parametrize("pct", ["33.333", "-1", "100.01"])
def test_finer_or_out_of_range_shares_are_refused(pct: str) -> None:
    with pytest.raises(ValueError):
        bp_from_pct(Decimal(pct))


def test_forecast_extrapolates_the_vacancy_rate_to_year_end() -> None:
    # Half the year gone, 20 vacancies at 25 %: 5 due so far, 10 at year end; 3 let, 1 open, 1 returned.
    # The 5 still to come are filled at the rate so far (3 of 4 decided): 3 + 1 + 5 × 3/4 = 7.75 of 10.
    result = fulfilment(
        vacancies=20,
        municipal_share=Fraction(1, 4),
        allocated=3,
        pending=1,
        returned=1,
        elapsed_days=182,
        year_days=364,
        alert_below=Fraction(9, 10),
    )
    assert result.due == 5
    assert result.fulfilment == Fraction(3, 5)
    assert result.forecast_vacancies == 40
    assert result.forecast_due == 10
    assert result.fill_rate == Fraction(3, 4)
    assert result.forecast_allocated == Fraction(31, 4)
    assert result.forecast_fulfilment == Fraction(31, 40)
    assert result.behind


def test_small_areas_are_not_behind_by_rounding() -> None:
    # 27 vacancies at 10 % by day 327: 2 due and both allocated; 3 due by year end, filled as so far.
    result = fulfilment(
        vacancies=27,
        municipal_share=Fraction(1, 10),
        allocated=2,
        pending=0,
        returned=0,
        elapsed_days=327,
        year_days=365,
        alert_below=Fraction(9, 10),
    )
    assert (result.forecast_due, result.forecast_allocated, result.forecast_fulfilment) == (3, 3, 1)
    assert not result.behind


def test_an_area_on_track_is_not_behind() -> None:
    result = fulfilment(
        vacancies=8,
        municipal_share=Fraction(1, 4),
        allocated=2,
        pending=0,
        returned=0,
        elapsed_days=365,
        year_days=365,
        alert_below=Fraction(9, 10),
    )
    assert result.fulfilment == 1 and result.forecast_fulfilment == 1 and not result.behind
