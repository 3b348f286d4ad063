"""Bans are periods that expire (ABL § 59 stk. 6 nr. 1-3 and 5, stk. 7; DOMAIN § 5.4): the ban applies
when the end lies within the 6 months before the offer date, i.e. end >= the offer date minus 6 calendar
months, and lapses by itself after. A fact recorded without its date stops an offer until completed."""

from datetime import date, timedelta

import pytest

from services.allocation.rules.bans import (
    BenefitPeriod,
    DatedFact,
    HouseholdFacts,
    ban_cutoff,
    ban_last_day,
    benefit_ban_last_day,
    months_before,
    municipal_bans,
)
from services.allocation.rules.law import Benefit
from services.allocation.rules.model import Designation as D

DATED = ["released_from_prison", "released_from_youth_placement", "tenancy_terminated"]
OFFER = date(2026, 3, 2)  # minus 6 calendar months: 2 September 2025


def codes(facts: HouseholdFacts, on: date = OFFER, area: D = D.VULNERABLE_AREA) -> list[str]:
    return [r.code for r in municipal_bans([area], facts, on)]


def test_months_before_keeps_the_day_and_clamps_to_the_month_end() -> None:
    assert months_before(date(2026, 3, 2), 6) == date(2025, 9, 2)
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2028, 8, 31), 6) == date(2028, 2, 29)
    assert months_before(date(2026, 1, 15), 6) == date(2025, 7, 15)
    assert ban_cutoff(OFFER) == date(2025, 9, 2)


@pytest.mark.parametrize(
    "fact", ["released_from_prison", "released_from_youth_placement", "tenancy_terminated"]
)
@pytest.mark.parametrize(
    ("ended_on", "banned"),
    [
        (date(2025, 9, 1), False),  # the day before the boundary: lapsed
        (date(2025, 9, 2), True),  # on the boundary: exactly 6 months before the offer
        (date(2025, 9, 3), True),  # after it
        (OFFER, True),
        (date(2026, 4, 1), True),  # an announced release: the 6 months have not begun
    ],
)
def test_items_1_to_3_ban_for_6_months_after_the_end(fact: str, ended_on: date, banned: bool) -> None:
    facts = HouseholdFacts(**{fact: DatedFact(ended_on)})  # type: ignore[arg-type]
    assert codes(facts) == ([f"ban_{fact}"] if banned else [])


def test_the_same_release_lapses_by_itself_as_the_offer_date_moves_on() -> None:
    facts = HouseholdFacts(released_from_prison=DatedFact(date(2025, 9, 2)))
    assert codes(facts, on=date(2026, 3, 2)) == ["ban_released_from_prison"]
    assert codes(facts, on=date(2026, 3, 3)) == []


@pytest.mark.parametrize(
    ("period", "banned"),
    [
        # ended: 6 months, last month ends 31 August 2025 < 2 September 2025: lapsed
        (BenefitPeriod(Benefit.KONTANTHJAELP, date(2025, 3, 1), date(2025, 8, 1)), False),
        # ended: 6 months, last month September 2025 ends 30 September >= 2 September: bans
        (BenefitPeriod(Benefit.KONTANTHJAELP, date(2025, 4, 1), date(2025, 9, 1)), True),
        # ended: only 5 consecutive months, however recent
        (BenefitPeriod(Benefit.KONTANTHJAELP, date(2025, 9, 1), date(2026, 1, 1)), False),
        # ongoing: October 2025 to March 2026 is 6 months counted up to the offer's month
        (BenefitPeriod(Benefit.KONTANTHJAELP, date(2025, 10, 1)), True),
        # ongoing: November 2025 to March 2026 is 5
        (BenefitPeriod(Benefit.KONTANTHJAELP, date(2025, 11, 1)), False),
        # a benefit item 5 does not name
        (BenefitPeriod(Benefit.DAGPENGE, date(2024, 1, 1)), False),
    ],
)
def test_item_5_needs_6_consecutive_months_ending_within_6_months_or_ongoing(
    period: BenefitPeriod, banned: bool
) -> None:
    assert codes(HouseholdFacts(benefit_periods=(period,))) == (
        ["ban_passive_benefits_6_months"] if banned else []
    )


def test_two_short_periods_are_not_added_together() -> None:
    periods = (
        BenefitPeriod(Benefit.KONTANTHJAELP, date(2025, 6, 1), date(2025, 8, 1)),
        BenefitPeriod(Benefit.UDDANNELSESHJAELP, date(2025, 9, 1), date(2025, 11, 1)),
    )
    assert codes(HouseholdFacts(benefit_periods=periods)) == []


def test_stk_7_counts_only_the_integration_benefits_with_the_same_expiry() -> None:
    recent = BenefitPeriod(Benefit.OVERGANGSYDELSE, date(2025, 4, 1), date(2025, 9, 1))
    lapsed = BenefitPeriod(Benefit.OVERGANGSYDELSE, date(2025, 3, 1), date(2025, 8, 1))
    cash = BenefitPeriod(Benefit.KONTANTHJAELP, date(2025, 4, 1))
    assert codes(HouseholdFacts(benefit_periods=(recent,)), area=D.PREVENTION_AREA) == [
        "ban_integration_benefits_6_months"
    ]
    assert codes(HouseholdFacts(benefit_periods=(lapsed, cash)), area=D.PREVENTION_AREA) == []


@pytest.mark.parametrize(
    "fact", ["released_from_prison", "released_from_youth_placement", "tenancy_terminated"]
)
def test_a_fact_with_its_date_unknown_must_be_completed_where_the_item_applies(fact: str) -> None:
    facts = HouseholdFacts(**{fact: DatedFact(date_unknown=True)})  # type: ignore[arg-type]
    found = municipal_bans([D.PREVENTION_AREA], facts, OFFER)
    assert [(r.code, r.param_dict()["item"]) for r in found] == [("ban_date_unknown", fact)]
    assert found[0].paragraph == f"ABL § 59 stk. 7, nr. {DATED.index(fact) + 1}"
    assert municipal_bans([], facts, OFFER) == []  # an area without bans: nothing to complete


def test_a_benefit_period_with_its_dates_unknown_must_be_completed_only_where_it_counts() -> None:
    facts = HouseholdFacts(benefit_periods=(BenefitPeriod(Benefit.KONTANTHJAELP, date_unknown=True),))
    assert codes(facts) == ["ban_date_unknown"]
    # In a prevention area kontanthjælp does not count (stk. 7 nr. 5): nothing to complete.
    assert codes(facts, area=D.PREVENTION_AREA) == []


def test_a_known_recent_period_bans_even_beside_an_unknown_one() -> None:
    facts = HouseholdFacts(
        benefit_periods=(
            BenefitPeriod(Benefit.KONTANTHJAELP, date_unknown=True),
            BenefitPeriod(Benefit.UDDANNELSESHJAELP, date(2025, 1, 1)),
        )
    )
    assert codes(facts) == ["ban_passive_benefits_6_months"]


def test_a_completed_date_replaces_unknown() -> None:
    facts = HouseholdFacts(released_from_prison=DatedFact(date(2025, 1, 1), date_unknown=True))
    assert codes(facts) == []


@pytest.mark.parametrize(
    ("end", "last"),
    [
        (date(2025, 9, 2), date(2026, 3, 2)),
        (date(2025, 8, 31), date(2026, 2, 28)),  # no 31 February: the ban ends with February
        (date(2026, 2, 28), date(2026, 8, 31)),  # 28 February is 6 months before 28-31 August
        (date(2027, 8, 31), date(2028, 2, 29)),
    ],
)
def test_ban_last_day_is_the_last_offer_date_the_end_still_bans(end: date, last: date) -> None:
    facts = HouseholdFacts(released_from_prison=DatedFact(end))
    assert ban_last_day(end) == last
    assert codes(facts, on=last) == ["ban_released_from_prison"]
    assert codes(facts, on=last + timedelta(days=1)) == []


def test_benefit_ban_last_day_only_for_an_ended_period_of_6_months() -> None:
    six = BenefitPeriod(Benefit.KONTANTHJAELP, date(2025, 4, 1), date(2025, 9, 1))
    assert benefit_ban_last_day(six) == date(2026, 3, 31)
    assert codes(HouseholdFacts(benefit_periods=(six,)), on=date(2026, 3, 31)) == [
        "ban_passive_benefits_6_months"
    ]
    assert codes(HouseholdFacts(benefit_periods=(six,)), on=date(2026, 4, 1)) == []
    assert (
        benefit_ban_last_day(BenefitPeriod(Benefit.KONTANTHJAELP, date(2025, 5, 1), date(2025, 9, 1))) is None
    )
    assert benefit_ban_last_day(BenefitPeriod(Benefit.KONTANTHJAELP, date(2025, 1, 1))) is None
