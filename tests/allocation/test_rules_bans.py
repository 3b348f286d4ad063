"""The bans of ABL § 59 stk. 6-7 per designation, and the applicant checks of § 51 c and § 51 b."""

from datetime import date

import pytest

from services.allocation.rules.bans import ApplicantFacts, HouseholdFacts, check_applicant, municipal_bans
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
ITEMS = {
    "released_from_prison": HouseholdFacts(released_from_prison_6m=True),
    "released_from_youth_placement": HouseholdFacts(released_from_youth_placement_6m=True),
    "tenancy_terminated": HouseholdFacts(tenancy_terminated_6m=True),
    "not_eu_citizen": HouseholdFacts(non_eu_citizen=True),
}


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
    facts = HouseholdFacts(benefits_6_consecutive_months=frozenset({benefit}))
    assert codes([designation], facts) == (["ban_passive_benefits_6_months"] if stk_6 else [])
    assert codes([D.PREVENTION_AREA], facts) == (["ban_integration_benefits_6_months"] if stk_7 else [])


def test_prevention_areas_had_no_ban_before_the_2021_law() -> None:
    assert codes([D.PREVENTION_AREA], ITEMS["released_from_prison"], date(2021, 6, 1)) == []
    assert codes([D.VULNERABLE_AREA], ITEMS["released_from_prison"], date(2021, 6, 1)) == [
        "ban_released_from_prison"
    ]


def test_an_area_under_both_paragraphs_lists_each_ban_once() -> None:
    facts = HouseholdFacts(
        released_from_prison_6m=True,
        benefits_6_consecutive_months=frozenset({Benefit.OVERGANGSYDELSE}),
    )
    assert codes([D.PREVENTION_AREA, D.COMBINED_LETTING_AREA], facts) == [
        "ban_released_from_prison",
        "ban_passive_benefits_6_months",
        "ban_integration_benefits_6_months",
    ]


# --- § 51 c and § 51 b ----------------------------------------------------------------------------


@pytest.mark.parametrize("benefit", sorted(Benefit))
def test_s51c_rejects_applicants_receiving_the_named_benefits_in_transformation_areas(
    benefit: Benefit,
) -> None:
    facts = ApplicantFacts(receives_now=frozenset({benefit}))
    result = check_applicant(
        [D.TRANSFORMATION_AREA], facts, combined_letting_ordered=False, combined_letting_extended=False
    )
    named = benefit in {
        Benefit.KONTANTHJAELP,
        Benefit.UDDANNELSESHJAELP,
        Benefit.SELVFORSOERGELSES_HJEMREJSEYDELSE,
        Benefit.OVERGANGSYDELSE,
    }
    assert result.allowed is not named
    assert result.paragraphs == ("ABL § 51 c",)
    assert result.dispensation_possible is named
    if named:
        assert result.reasons[0].code == "s51c_benefits"


def test_s51c_does_not_apply_to_applicants_already_living_in_the_department() -> None:
    facts = ApplicantFacts(lives_in_department=True, receives_now=frozenset({Benefit.KONTANTHJAELP}))
    result = check_applicant(
        [D.TRANSFORMATION_AREA, D.PARALLEL_SOCIETY],
        facts,
        combined_letting_ordered=False,
        combined_letting_extended=False,
    )
    assert result.allowed and result.reasons[0].code == "s51c_resident"


def test_s51c_applies_only_in_transformation_areas() -> None:
    facts = ApplicantFacts(receives_now=frozenset({Benefit.KONTANTHJAELP}))
    result = check_applicant(
        [D.PARALLEL_SOCIETY, D.VULNERABLE_AREA],
        facts,
        combined_letting_ordered=False,
        combined_letting_extended=False,
    )
    assert result.allowed and result.paragraphs == ()


@pytest.mark.parametrize(
    ("ordered", "extended", "benefit", "allowed"),
    [
        (False, False, Benefit.KONTANTHJAELP, True),  # not ordered: no check
        (True, False, Benefit.KONTANTHJAELP, False),
        (True, False, Benefit.DAGPENGE, True),  # only with the extended order
        (True, True, Benefit.DAGPENGE, False),
        (True, True, Benefit.FOERTIDSPENSION, False),
    ],
)
def test_s51b_rejects_six_months_of_benefits_where_the_municipality_ordered_it(
    ordered: bool, extended: bool, benefit: Benefit, allowed: bool
) -> None:
    facts = ApplicantFacts(received_6_consecutive_months=frozenset({benefit}))
    result = check_applicant(
        [D.COMBINED_LETTING_AREA], facts, combined_letting_ordered=ordered, combined_letting_extended=extended
    )
    assert result.allowed is allowed
    assert result.paragraphs == (("ABL § 51 b",) if ordered else ())


def test_no_ban_applies_before_the_first_ban_law():
    """Agreements for 2010-2017 exist (the quota law is older); reading one crashed with a 500 before."""
    assert codes(STK_6_AREAS, ITEMS["released_from_prison"], on=date(2015, 1, 1)) == []
