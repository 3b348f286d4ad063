"""The housing organisations' applicant check (ABL § 51 c, § 51 b; DOMAIN § 5.4), per person."""

from collections.abc import Iterable

import pytest

from services.allocation.rules.bans import (
    ApplicantCheck,
    ApplicantFacts,
    BenefitReceipt,
    PartnerRelation,
    PersonFacts,
    check_applicant,
    s51b_hits,
)
from services.allocation.rules.law import PASSIVE_BENEFITS, Benefit
from services.allocation.rules.model import Designation as D

B = Benefit
COMBINED = [D.COMBINED_LETTING_AREA]
TRANSFORMATION = [D.TRANSFORMATION_AREA, D.PARALLEL_SOCIETY, D.VULNERABLE_AREA]


def person(*receipts: tuple[Benefit, bool, int]) -> PersonFacts:
    return PersonFacts(tuple(BenefitReceipt(b, now, months) for b, now, months in receipts))


def check(
    designations: Iterable[D],
    applicant: PersonFacts,
    *,
    partner: PersonFacts | None = None,
    relation: PartnerRelation | None = None,
    resident: bool = False,
    ordered: bool = True,
    extended: bool = False,
) -> ApplicantCheck:
    facts = ApplicantFacts(resident, applicant, partner, relation)
    return check_applicant(
        list(designations), facts, combined_letting_ordered=ordered, combined_letting_extended=extended
    )


# --- § 51 b ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("benefit", sorted(PASSIVE_BENEFITS))
@pytest.mark.parametrize(("months", "refused"), [(5, False), (6, True), (7, True)])
def test_s51b_needs_6_consecutive_calendar_months_and_receipt_now(
    benefit: Benefit, months: int, refused: bool
) -> None:
    result = check(COMBINED, person((benefit, True, months)))
    assert result.allowed is not refused
    assert result.paragraphs == ("ABL § 51 b",)
    assert [r.code for r in result.reasons] == (["s51b_benefits"] if refused else ["s51b_clear"])


@pytest.mark.parametrize("months", [6, 24])
def test_s51b_a_past_period_with_nothing_received_now_never_refuses(months: int) -> None:
    """Received for 6 months, ended last month: "Afvisning … kan ske, når den boligsøgende … modtager"."""
    assert check(COMBINED, person((B.KONTANTHJAELP, False, months))).allowed
    assert check(COMBINED, person((B.FOERTIDSPENSION, False, months)), extended=True).allowed


@pytest.mark.parametrize(
    ("benefit", "now", "months", "extended", "refused"),
    [
        (B.FOERTIDSPENSION, True, 1, False, False),  # not without the extension
        (B.FOERTIDSPENSION, True, 1, True, True),  # received now: no 6-month condition
        (B.DAGPENGE, True, 6, False, False),
        (B.DAGPENGE, True, 5, True, False),
        (B.DAGPENGE, True, 6, True, True),
        (B.SYGEDAGPENGE, True, 6, True, True),
        (B.SYGEDAGPENGE, True, 5, True, False),
        (B.RESSOURCEFORLOEBSYDELSE, True, 6, True, True),
        (B.RESSOURCEFORLOEBSYDELSE, False, 12, True, False),
    ],
)
def test_s51b_extension_only_where_the_municipality_decided_it(
    benefit: Benefit, now: bool, months: int, extended: bool, refused: bool
) -> None:
    assert check(COMBINED, person((benefit, now, months)), extended=extended).allowed is not refused


def test_s51b_only_once_ordered() -> None:
    result = check(COMBINED, person((B.KONTANTHJAELP, True, 12)), ordered=False)
    assert result.allowed and result.paragraphs == () and result.reasons[0].code == "no_rule"


@pytest.mark.parametrize(
    ("applicant", "partner", "refused"),
    [
        # each person's 6 months by themself (stk. 2): 3 + 3 are not 6
        (person((B.KONTANTHJAELP, True, 3)), person((B.KONTANTHJAELP, True, 3)), False),
        # the spouse's 6 months are not added to the applicant's 5
        (person((B.KONTANTHJAELP, True, 5)), person((B.UDDANNELSESHJAELP, True, 6)), False),
        # "den boligsøgende og dennes eventuelle ægtefælle": the spouse alone does not make the household
        (person(), person((B.KONTANTHJAELP, True, 6)), False),
        # ...nor the applicant alone, when the spouse does not receive
        (person((B.KONTANTHJAELP, True, 12)), person((B.KONTANTHJAELP, False, 12)), False),
        # both, each for 6 months, with different benefits
        (person((B.KONTANTHJAELP, True, 6)), person((B.OVERGANGSYDELSE, True, 7)), True),
    ],
)
def test_s51b_rejects_only_when_the_applicant_and_the_spouse_each_meet_it(
    applicant: PersonFacts, partner: PersonFacts, refused: bool
) -> None:
    result = check(COMBINED, applicant, partner=partner, relation=PartnerRelation.SPOUSE)
    assert result.allowed is not refused
    if refused:
        assert [r.param_dict()["person"] for r in result.reasons] == ["applicant", "partner"]
    elif any(s51b_hits(p, extended=False) for p in (applicant, partner)):
        assert result.reasons[0].code == "s51b_not_both"


def test_a_cohabitant_of_at_least_2_years_counts_as_a_spouse_and_one_under_2_years_does_not() -> None:
    receiving = person((B.KONTANTHJAELP, True, 8))
    working = person()
    # A cohabitant of 2 years who works keeps the household off the rule, as a spouse would.
    covered = check(COMBINED, receiving, partner=working, relation=PartnerRelation.COHABITANT_2_YEARS)
    assert covered.allowed
    # Under 2 years the cohabitant does not count: the applicant's own facts decide.
    short = check(COMBINED, receiving, partner=working, relation=PartnerRelation.COHABITANT_UNDER_2_YEARS)
    assert not short.allowed
    assert [r.code for r in short.reasons] == ["s51b_benefits", "partner_not_covered"]
    short_51c = check(
        TRANSFORMATION, working, partner=receiving, relation=PartnerRelation.COHABITANT_UNDER_2_YEARS
    )
    assert short_51c.allowed


# --- residents ------------------------------------------------------------------------------------


def test_a_resident_of_the_department_is_never_refused() -> None:
    """Both paragraphs reject only those "som ikke allerede har en bolig i afdelingen"."""
    heavy = person((B.KONTANTHJAELP, True, 24), (B.FOERTIDSPENSION, True, 24))
    for designations in (COMBINED, TRANSFORMATION, [*TRANSFORMATION, D.COMBINED_LETTING_AREA]):
        result = check(
            designations, heavy, partner=heavy, relation=PartnerRelation.SPOUSE, resident=True, extended=True
        )
        assert result.allowed, designations
        assert result.reasons[0].code == "resident" and not result.dispensation_possible


# --- § 51 c ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("benefit", sorted(Benefit))
def test_s51c_refuses_current_receipt_of_the_four_benefits_without_a_6_month_condition(
    benefit: Benefit,
) -> None:
    result = check(TRANSFORMATION, person((benefit, True, 1)), ordered=False)
    named = benefit in PASSIVE_BENEFITS
    assert result.allowed is not named
    assert result.paragraphs == ("ABL § 51 c",)
    assert result.dispensation_possible is named
    assert result.reasons[0].code == ("s51c_benefits" if named else "s51c_clear")


def test_s51c_ended_receipt_does_not_refuse_and_the_spouse_is_covered() -> None:
    assert check(TRANSFORMATION, person((B.KONTANTHJAELP, False, 12)), ordered=False).allowed
    only_spouse = check(
        TRANSFORMATION,
        person(),
        partner=person((B.OVERGANGSYDELSE, True, 1)),
        relation=PartnerRelation.SPOUSE,
        ordered=False,
    )
    assert only_spouse.allowed and only_spouse.reasons[0].code == "s51c_not_both"
    both = check(
        TRANSFORMATION,
        person((B.KONTANTHJAELP, True, 1)),
        partner=person((B.OVERGANGSYDELSE, True, 1)),
        relation=PartnerRelation.SPOUSE,
        ordered=False,
    )
    assert not both.allowed and both.dispensation_possible


def test_s51c_applies_only_in_transformation_areas() -> None:
    result = check([D.PARALLEL_SOCIETY, D.VULNERABLE_AREA], person((B.KONTANTHJAELP, True, 9)), ordered=False)
    assert result.allowed and result.paragraphs == ()
