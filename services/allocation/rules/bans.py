"""Who may not be allocated or let to where (DOMAIN § 5.4): ABL § 59 stk. 6-7, § 51 b and § 51 c.

Only yes/no facts about a household are used (databeskyttelsesloven § 8): never the offence, the amount
or the case behind them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from services.allocation.rules.law import (
    EXTENDED_BENEFITS,
    INTEGRATION_BENEFITS,
    PARAGRAPH_51_B,
    PARAGRAPH_51_C,
    PASSIVE_BENEFITS,
    BanItem,
    Benefit,
    ban_law_on,
)
from services.allocation.rules.model import Designation, Reason, reason


@dataclass(frozen=True, slots=True)
class HouseholdFacts:
    """The facts about any member of a household that the bans of § 59 stk. 6-7 turn on."""

    released_from_prison_6m: bool = False
    released_from_youth_placement_6m: bool = False
    tenancy_terminated_6m: bool = False
    non_eu_citizen: bool = False  # a member is not a citizen of an EU/EEA country or Switzerland
    non_eu_citizen_is_student: bool = False  # …and that member is a student (the exception)
    benefits_6_consecutive_months: frozenset[Benefit] = field(default_factory=frozenset)


BAN_TEXTS = {
    BanItem.RELEASED_FROM_PRISON: "a member was convicted and released from prison in the last 6 months",
    BanItem.RELEASED_FROM_YOUTH_PLACEMENT: (
        "a member under 18 was convicted and released from placement in the last 6 months"
    ),
    BanItem.TENANCY_TERMINATED: "a member had a tenancy terminated for gross misconduct in the last 6 months",
    BanItem.NOT_EU_CITIZEN: (
        "a member is not a citizen of an EU/EEA country or Switzerland (and not a student)"
    ),
    BanItem.PASSIVE_BENEFITS_6_MONTHS: (
        "the household has received kontanthjælp, uddannelseshjælp, selvforsørgelses- og hjemrejseydelse or "
        "overgangsydelse for 6 consecutive months"
    ),
    BanItem.INTEGRATION_BENEFITS_6_MONTHS: (
        "the household has received selvforsørgelses- og hjemrejseydelse or overgangsydelse for 6 "
        "consecutive months"
    ),
}
ITEM_NUMBERS = {
    BanItem.RELEASED_FROM_PRISON: 1,
    BanItem.RELEASED_FROM_YOUTH_PLACEMENT: 2,
    BanItem.TENANCY_TERMINATED: 3,
    BanItem.NOT_EU_CITIZEN: 4,
    BanItem.PASSIVE_BENEFITS_6_MONTHS: 5,
    BanItem.INTEGRATION_BENEFITS_6_MONTHS: 5,
}


def item_applies(item: BanItem, facts: HouseholdFacts) -> bool:
    if item is BanItem.RELEASED_FROM_PRISON:
        return facts.released_from_prison_6m
    if item is BanItem.RELEASED_FROM_YOUTH_PLACEMENT:
        return facts.released_from_youth_placement_6m
    if item is BanItem.TENANCY_TERMINATED:
        return facts.tenancy_terminated_6m
    if item is BanItem.NOT_EU_CITIZEN:
        return facts.non_eu_citizen and not facts.non_eu_citizen_is_student
    if item is BanItem.PASSIVE_BENEFITS_6_MONTHS:
        return bool(facts.benefits_6_consecutive_months & PASSIVE_BENEFITS)
    return bool(facts.benefits_6_consecutive_months & INTEGRATION_BENEFITS)


def applicable_bans(designations: Iterable[Designation], on: date) -> list[tuple[str, tuple[BanItem, ...]]]:
    """The paragraphs (with their items) that bind municipal allocation to an area with `designations`."""
    present = frozenset(designations)
    try:
        law = ban_law_on(on)
    except LookupError:
        return []  # before the first ban law nothing barred municipal allocation
    return [(rule.paragraph, rule.items) for rule in law.rules if rule.designations & present]


def municipal_bans(designations: Iterable[Designation], facts: HouseholdFacts, on: date) -> list[Reason]:
    """Every ban that stops municipal allocation of this household to the area; empty when allowed."""
    found: list[Reason] = []
    seen: set[BanItem] = set()
    for paragraph, items in applicable_bans(designations, on):
        for item in items:
            if item in seen or not item_applies(item, facts):
                continue
            seen.add(item)
            found.append(
                reason(
                    f"ban_{item.value}",
                    f"No municipal allocation to this area: {BAN_TEXTS[item]} "
                    f"({paragraph}, nr. {ITEM_NUMBERS[item]}).",
                    f"{paragraph}, nr. {ITEM_NUMBERS[item]}",
                    item=item.value,
                )
            )
    return found


# --- the housing organisations' applicant check ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class ApplicantFacts:
    """What a housing organisation tells about a waiting-list applicant's household, yes or no."""

    lives_in_department: bool = False
    receives_now: frozenset[Benefit] = field(default_factory=frozenset)
    received_6_consecutive_months: frozenset[Benefit] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class ApplicantCheck:
    allowed: bool
    paragraphs: tuple[str, ...]  # the rules that were checked
    reasons: tuple[Reason, ...]
    dispensation_possible: bool


def _benefit_names(benefits: Iterable[Benefit]) -> str:
    return ", ".join(sorted(b.value for b in benefits))


def check_applicant(
    designations: Iterable[Designation],
    facts: ApplicantFacts,
    *,
    combined_letting_ordered: bool,
    combined_letting_extended: bool,
) -> ApplicantCheck:
    """May the housing organisation let to this waiting-list applicant in the area (§ 51 c, § 51 b)?"""
    present = frozenset(designations)
    paragraphs: list[str] = []
    refusals: list[Reason] = []
    passes: list[Reason] = []
    dispensation = False
    if Designation.TRANSFORMATION_AREA in present:
        paragraphs.append(PARAGRAPH_51_C)
        hit = facts.receives_now & PASSIVE_BENEFITS
        if facts.lives_in_department:
            passes.append(
                reason(
                    "s51c_resident",
                    "The applicant already lives in the department, so § 51 c does not apply.",
                    PARAGRAPH_51_C,
                )
            )
        elif hit:
            dispensation = True
            refusals.append(
                reason(
                    "s51c_benefits",
                    "Transformation area: the household receives "
                    f"{_benefit_names(hit)} and must be rejected. The municipality may dispense only in very "
                    "special cases.",
                    PARAGRAPH_51_C,
                    benefits=_benefit_names(hit),
                )
            )
        else:
            passes.append(
                reason(
                    "s51c_clear",
                    "Transformation area: the household receives none of the benefits § 51 c names.",
                    PARAGRAPH_51_C,
                )
            )
    if Designation.COMBINED_LETTING_AREA in present and combined_letting_ordered:
        paragraphs.append(PARAGRAPH_51_B)
        named = PASSIVE_BENEFITS | (EXTENDED_BENEFITS if combined_letting_extended else frozenset())
        hit = facts.received_6_consecutive_months & named
        if hit:
            refusals.append(
                reason(
                    "s51b_benefits",
                    "Combined letting ordered by the municipality: the household has received "
                    f"{_benefit_names(hit)} for 6 consecutive months and must be rejected.",
                    PARAGRAPH_51_B,
                    benefits=_benefit_names(hit),
                )
            )
        else:
            passes.append(
                reason(
                    "s51b_clear",
                    "Combined letting: the household has not received the named benefits for 6 consecutive "
                    "months.",
                    PARAGRAPH_51_B,
                )
            )
    if not paragraphs:
        passes.append(
            reason(
                "no_rule",
                "Neither § 51 c (transformation area) nor an order under § 51 b (combined letting) applies "
                "to the area.",
            )
        )
    return ApplicantCheck(
        allowed=not refusals,
        paragraphs=tuple(paragraphs),
        reasons=tuple(refusals or passes),
        dispensation_possible=dispensation,
    )
