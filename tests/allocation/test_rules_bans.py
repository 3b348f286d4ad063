"""The bans of ABL § 59 stk. 6-7 per designation, and the applicant checks of § 51 c and § 51 b."""

from datetime import date

import pytest

from services.allocation.rules.bans import BenefitPeriod, DatedFact, HouseholdFacts, municipal_bans
from services.allocation.rules.law import Benefit
from services.allocation.rules.model import Designation as D

TODAY = date(2026, 3, 1)
STK_6_AREAS = [
    D.VULNERABLE_AREA,
    D.PARALLEL_SOCIETY,
    D.TRANSFORMATION_AREA,
    D.COMBINED_LETTING_AREA,
]
# One household per item, each with exactly that one fact.
RECENT = DatedFact(date(2026, 1, 15))
ITEMS = {
    "released_from_prison": HouseholdFacts(released_from_prison=RECENT),
    "released_from_youth_placement": HouseholdFacts(released_from_youth_placement=RECENT),
    "tenancy_terminated": HouseholdFacts(tenancy_terminated=RECENT),
    "not_eu_citizen": HouseholdFacts(non_eu_citizen=True),
}


def six_months_ongoing(benefit: Benefit) -> BenefitPeriod:
    return BenefitPeriod(benefit, first_month=date(2025, 9, 1))  # Sep-Mar: 7 months by 1 March 2026


def codes(designations: list[D], facts: HouseholdFacts, on: date = TODAY) -> list[str]:
    return [r.code for r in municipal_bans(designations, facts, on)]


@pytest.mark.parametrize("designation", STK_6_AREAS)
@pytest.mark.parametrize("item", sorted(ITEMS))
def test_items_1_to_4_bar_every_stk_6_area(designation: D, item: str) -> None:
    bans = municipal_bans([designation], ITEMS[item], TODAY)
    assert [b.code for b in bans] == [f"ban_{item}"]
    assert bans[0].paragraph is not None and bans[0].paragraph.startswith("ABL § 59 stk. 6, nr.")


@pytest.mark.parametrize("item", sorted(ITEMS))
def test_items_1_to_4_bar_prevention_areas_under_stk_7(item: str) -> None:
    bans = municipal_bans([D.PREVENTION_AREA], ITEMS[item], TODAY)
    assert [b.code for b in bans] == [f"ban_{item}"]
    assert bans[0].paragraph is not None and bans[0].paragraph.startswith("ABL § 59 stk. 7, nr.")


@pytest.mark.parametrize("item", sorted(ITEMS))
def test_no_ban_in_an_area_without_designations(item: str) -> None:
    assert codes([], ITEMS[item]) == []


def test_a_student_is_excepted_from_the_citizenship_item() -> None:
    student = HouseholdFacts(non_eu_citizen=True, non_eu_citizen_is_student=True)
    assert codes([D.PARALLEL_SOCIETY], student) == []


@pytest.mark.parametrize(
    ("benefit", "stk_6", "stk_7"),
    [
        (Benefit.KONTANTHJAELP, True, False),
        (Benefit.UDDANNELSESHJAELP, True, False),
        (Benefit.SELVFORSOERGELSES_HJEMREJSEYDELSE, True, True),
        (Benefit.OVERGANGSYDELSE, True, True),
        (Benefit.DAGPENGE, False, False),
        (Benefit.FOERTIDSPENSION, False, False),
    ],
)
@pytest.mark.parametrize("designation", STK_6_AREAS)
def test_six_months_of_benefits_bar_stk_6_areas_and_only_integration_benefits_stk_7(
    designation: D, benefit: Benefit, stk_6: bool, stk_7: bool
) -> None:
    """DOMAIN § 5.4: item 5 in every area of § 59 stk. 6 (vulnerable, parallel society, transformation,
    § 51 b), and in prevention areas (stk. 7) only for the two integration benefits."""
    facts = HouseholdFacts(benefit_periods=(six_months_ongoing(benefit),))
    assert codes([designation], facts) == (["ban_passive_benefits_6_months"] if stk_6 else [])
    assert codes([D.PREVENTION_AREA], facts) == (["ban_integration_benefits_6_months"] if stk_7 else [])


def test_prevention_areas_had_no_ban_before_the_2021_law() -> None:
    released = HouseholdFacts(released_from_prison=DatedFact(date(2021, 5, 1)))
    assert codes([D.PREVENTION_AREA], released, date(2021, 6, 1)) == []
    assert codes([D.VULNERABLE_AREA], released, date(2021, 6, 1)) == ["ban_released_from_prison"]


def test_an_area_under_both_paragraphs_lists_each_ban_once() -> None:
    facts = HouseholdFacts(
        released_from_prison=RECENT,
        benefit_periods=(six_months_ongoing(Benefit.OVERGANGSYDELSE),),
    )
    assert codes([D.PREVENTION_AREA, D.COMBINED_LETTING_AREA], facts) == [
        "ban_released_from_prison",
        "ban_passive_benefits_6_months",
        "ban_integration_benefits_6_months",
    ]


def test_no_ban_applies_before_the_first_ban_law() -> None:
    """Agreements for 2010-2017 exist (the quota law is older); reading one crashed with a 500 before."""
    released = HouseholdFacts(released_from_prison=DatedFact(date(2014, 12, 1)))
    assert codes(STK_6_AREAS, released, on=date(2015, 1, 1)) == []
