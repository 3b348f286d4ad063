"""Who may not be allocated or let to where (DOMAIN § 5.4): ABL § 59 stk. 6-7, § 51 b and § 51 c.

Only the facts a rule needs are used (databeskyttelsesloven § 8): an end date, never the offence, the
amount or the case behind it.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from services.allocation.rules.law import (
    EXTENDED_BENEFITS_6_MONTHS,
    INTEGRATION_BENEFITS,
    PARAGRAPH_51_B,
    PARAGRAPH_51_C,
    PASSIVE_BENEFITS,
    BanItem,
    Benefit,
    ban_law_on,
)
from services.allocation.rules.model import Designation, Reason, reason

# "the ban applies when the end lies within the 6 months before the offer date, and lapses by itself
# afterwards" (DOMAIN § 5.4, ABL § 59 stk. 6 nr. 1-3 and 5: "inden for de seneste 6 måneder").
BAN_MONTHS = 6
# ABL § 59 stk. 6 nr. 5, stk. 7 nr. 5 and § 51 b stk. 1: "i 6 sammenhængende (kalender)måneder".
CONSECUTIVE_MONTHS = 6


def months_before(on: date, months: int) -> date:
    """The same day `months` calendar months earlier; a day the month lacks becomes its last day
    (31 August minus 6 months is 28 or 29 February)."""
    index = on.year * 12 + on.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(on.day, _days_in(year, month)))


def _days_in(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - date(year, month, 1)).days


def month_end(month: date) -> date:
    return date(month.year, month.month, _days_in(month.year, month.month))


def months_inclusive(first: date, last: date) -> int:
    """Calendar months from the month of `first` to the month of `last`, both counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def ban_cutoff(on: date) -> date:
    """The earliest end date that still bans on `on`: an end on or after `on` minus 6 calendar months.

    An offer on 2 March 2026 is barred by a release on 2 September 2025 or later and not by one on
    1 September 2025. An end after `on` (an announced release) bans too: its 6 months have not begun.
    """
    return months_before(on, BAN_MONTHS)


def ban_last_day(end: date) -> date:
    """The last offer date on which a period that ended on `end` still bans: the largest d with
    end >= d minus 6 calendar months (31 August 2025 → 28 February 2026; 28 February 2026 → 31 August 2026).
    """
    day = months_before(end, -BAN_MONTHS)
    while months_before(day + timedelta(days=1), BAN_MONTHS) <= end:
        day += timedelta(days=1)
    return day


def benefit_ban_last_day(period: "BenefitPeriod") -> date | None:
    """For an ended period of at least 6 consecutive months, the last offer date it bans; else None
    (an ongoing period bans until 6 months after it ends; a shorter one never does)."""
    if period.first_month is None or period.last_month is None:
        return None
    if months_inclusive(period.first_month, period.last_month) < CONSECUTIVE_MONTHS:
        return None
    return ban_last_day(month_end(period.last_month))


@dataclass(frozen=True, slots=True)
class DatedFact:
    """The end of a period behind § 59 stk. 6 nr. 1-3 (release, end of placement, termination).

    `date_unknown` is a fact recorded before end dates were stored: it happened, but when is unknown, so
    no offer can be made in an area where the item applies until the officer completes the date.
    """

    ended_on: date | None = None
    date_unknown: bool = False


@dataclass(frozen=True, slots=True)
class BenefitPeriod:
    """One period of receipt of a benefit: first and last calendar month (`last_month` None = ongoing).

    `date_unknown`: recorded before periods were dated as "6 consecutive months"; the months are unknown.
    """

    benefit: Benefit
    first_month: date | None = None
    last_month: date | None = None
    date_unknown: bool = False

    def months(self, on: date) -> int:
        """Consecutive calendar months of receipt; an ongoing period is counted up to the month of `on`."""
        if self.first_month is None:
            return 0
        return months_inclusive(self.first_month, self.last_month or on)


@dataclass(frozen=True, slots=True)
class HouseholdFacts:
    """The facts about any member of a household that the bans of § 59 stk. 6-7 turn on."""

    released_from_prison: DatedFact = field(default_factory=DatedFact)
    released_from_youth_placement: DatedFact = field(default_factory=DatedFact)
    tenancy_terminated: DatedFact = field(default_factory=DatedFact)
    non_eu_citizen: bool = False  # a member is not a citizen of an EU/EEA country or Switzerland
    non_eu_citizen_is_student: bool = False  # …and that member is a student (the exception)
    benefit_periods: tuple[BenefitPeriod, ...] = ()


class Finding(StrEnum):
    APPLIES = "applies"
    DATE_UNKNOWN = "date_unknown"
    CLEAR = "clear"


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
        "a member has received kontanthjælp, uddannelseshjælp, selvforsørgelses- og hjemrejseydelse or "
        "overgangsydelse for 6 consecutive months, ending in the last 6 months or still ongoing"
    ),
    BanItem.INTEGRATION_BENEFITS_6_MONTHS: (
        "a member has received selvforsørgelses- og hjemrejseydelse or overgangsydelse for 6 consecutive "
        "months, ending in the last 6 months or still ongoing"
    ),
}
# What the officer completes before an offer, for an item recorded with its date unknown.
UNKNOWN_TEXTS = {
    BanItem.RELEASED_FROM_PRISON: "the release from prison",
    BanItem.RELEASED_FROM_YOUTH_PLACEMENT: "the end of the youth placement",
    BanItem.TENANCY_TERMINATED: "the termination of the tenancy",
    BanItem.PASSIVE_BENEFITS_6_MONTHS: "the period of benefits",
    BanItem.INTEGRATION_BENEFITS_6_MONTHS: "the period of benefits",
}
ITEM_NUMBERS = {
    BanItem.RELEASED_FROM_PRISON: 1,
    BanItem.RELEASED_FROM_YOUTH_PLACEMENT: 2,
    BanItem.TENANCY_TERMINATED: 3,
    BanItem.NOT_EU_CITIZEN: 4,
    BanItem.PASSIVE_BENEFITS_6_MONTHS: 5,
    BanItem.INTEGRATION_BENEFITS_6_MONTHS: 5,
}


def _dated(fact: DatedFact, on: date) -> Finding:
    if fact.ended_on is not None and fact.ended_on >= ban_cutoff(on):
        return Finding.APPLIES
    if fact.ended_on is None and fact.date_unknown:
        return Finding.DATE_UNKNOWN
    return Finding.CLEAR


def _benefits(periods: Iterable[BenefitPeriod], named: frozenset[Benefit], on: date) -> Finding:
    """6 consecutive calendar months of a named benefit whose last month ends within the 6 months before
    `on`, or is still ongoing; each period counted by itself (never added to another)."""
    found = Finding.CLEAR
    for period in periods:
        if period.benefit not in named:
            continue
        if period.date_unknown and period.first_month is None:
            found = Finding.DATE_UNKNOWN
            continue
        if period.months(on) < CONSECUTIVE_MONTHS:
            continue
        if period.last_month is None or month_end(period.last_month) >= ban_cutoff(on):
            return Finding.APPLIES
    return found


def item_finding(item: BanItem, facts: HouseholdFacts, on: date) -> Finding:
    if item is BanItem.RELEASED_FROM_PRISON:
        return _dated(facts.released_from_prison, on)
    if item is BanItem.RELEASED_FROM_YOUTH_PLACEMENT:
        return _dated(facts.released_from_youth_placement, on)
    if item is BanItem.TENANCY_TERMINATED:
        return _dated(facts.tenancy_terminated, on)
    if item is BanItem.NOT_EU_CITIZEN:
        # Item 4 is a standing fact, not a period: it does not lapse.
        barred = facts.non_eu_citizen and not facts.non_eu_citizen_is_student
        return Finding.APPLIES if barred else Finding.CLEAR
    if item is BanItem.PASSIVE_BENEFITS_6_MONTHS:
        return _benefits(facts.benefit_periods, PASSIVE_BENEFITS, on)
    return _benefits(facts.benefit_periods, INTEGRATION_BENEFITS, on)


def item_applies(item: BanItem, facts: HouseholdFacts, on: date) -> bool:
    return item_finding(item, facts, on) is Finding.APPLIES


def applicable_bans(designations: Iterable[Designation], on: date) -> list[tuple[str, tuple[BanItem, ...]]]:
    """The paragraphs (with their items) that bind municipal allocation to an area with `designations`."""
    present = frozenset(designations)
    try:
        law = ban_law_on(on)
    except LookupError:
        return []  # before the first ban law nothing barred municipal allocation
    return [(rule.paragraph, rule.items) for rule in law.rules if rule.designations & present]


def municipal_bans(designations: Iterable[Designation], facts: HouseholdFacts, on: date) -> list[Reason]:
    """Every ban that stops municipal allocation of this household to the area on `on` (the offer date),
    and every item whose date the officer must complete first; empty when allowed."""
    found: list[Reason] = []
    seen: set[BanItem] = set()
    for paragraph, items in applicable_bans(designations, on):
        for item in items:
            if item in seen:
                continue
            finding = item_finding(item, facts, on)
            if finding is Finding.CLEAR:
                continue
            seen.add(item)
            where = f"{paragraph}, nr. {ITEM_NUMBERS[item]}"
            if finding is Finding.APPLIES:
                found.append(
                    reason(
                        f"ban_{item.value}",
                        f"No municipal allocation to this area: {BAN_TEXTS[item]} ({where}).",
                        where,
                        item=item.value,
                    )
                )
            else:
                found.append(
                    reason(
                        "ban_date_unknown",
                        f"Complete the date of {UNKNOWN_TEXTS[item]} before an offer: the fact was recorded "
                        f"without its date, and {where} bars municipal allocation here while it lies within "
                        "the last 6 months.",
                        where,
                        item=item.value,
                    )
                )
    return found


# --- the housing organisations' applicant check ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class BenefitReceipt:
    """A person's latest period of a benefit: received now or not, and its consecutive calendar months
    up to now (or up to its last month, when it has ended)."""

    benefit: Benefit
    received_now: bool
    consecutive_months: int


@dataclass(frozen=True, slots=True)
class PersonFacts:
    receipts: tuple[BenefitReceipt, ...] = ()

    def receiving_now(self) -> frozenset[Benefit]:
        return frozenset(r.benefit for r in self.receipts if r.received_now)


class PartnerRelation(StrEnum):
    """How the applicant's partner is related; a cohabitant of under 2 years is not counted."""

    SPOUSE = "spouse"
    COHABITANT_2_YEARS = "cohabitant_2_years"  # "samlevende i mindst 2 år": as a spouse
    COHABITANT_UNDER_2_YEARS = "cohabitant_under_2_years"  # not covered by § 51 b or § 51 c


COVERED_PARTNERS = frozenset({PartnerRelation.SPOUSE, PartnerRelation.COHABITANT_2_YEARS})


@dataclass(frozen=True, slots=True)
class ApplicantFacts:
    """What a housing organisation tells about a waiting-list applicant's household, per person."""

    lives_in_department: bool = False
    applicant: PersonFacts = field(default_factory=PersonFacts)
    partner: PersonFacts | None = None
    partner_relation: PartnerRelation | None = None

    def covered(self) -> list[tuple[str, PersonFacts]]:
        """The persons § 51 b and § 51 c look at: the applicant and a spouse, or a cohabitant of at least
        2 years ("Med ægtefæller sidestilles andre personer, som i mindst 2 år har været samlevende")."""
        people = [("applicant", self.applicant)]
        if self.partner is not None and self.partner_relation in COVERED_PARTNERS:
            people.append(("partner", self.partner))
        return people


@dataclass(frozen=True, slots=True)
class ApplicantCheck:
    allowed: bool
    paragraphs: tuple[str, ...]  # the rules that were checked
    reasons: tuple[Reason, ...]
    dispensation_possible: bool


def _benefit_names(benefits: Iterable[Benefit]) -> str:
    return ", ".join(sorted(b.value for b in benefits))


def s51b_hits(person: PersonFacts, *, extended: bool) -> frozenset[Benefit]:
    """The benefits that make § 51 b reject for this one person (stk. 1; stk. 2: counted per person).

    Every hit is received NOW ("Afvisning … kan ske, når den boligsøgende og dennes ægtefælle modtager en
    af de … nævnte ydelser"); the four of 1. pkt. and, where extended, dagpenge, sygedagpenge and
    ressourceforløbsydelse also need 6 consecutive calendar months; førtidspension needs none.
    """
    hits: set[Benefit] = set()
    for receipt in person.receipts:
        if not receipt.received_now:
            continue  # a past period with nothing received now never refuses
        six = receipt.consecutive_months >= CONSECUTIVE_MONTHS
        named_6 = PASSIVE_BENEFITS | (EXTENDED_BENEFITS_6_MONTHS if extended else frozenset())
        now_only = frozenset({Benefit.FOERTIDSPENSION}) if extended else frozenset()
        if (receipt.benefit in named_6 and six) or receipt.benefit in now_only:
            hits.add(receipt.benefit)
    return frozenset(hits)


PERSON_TEXTS = {"applicant": "the applicant", "partner": "the spouse or cohabitant"}


def _partner_note(facts: ApplicantFacts) -> list[Reason]:
    if facts.partner is not None and facts.partner_relation is PartnerRelation.COHABITANT_UNDER_2_YEARS:
        return [
            reason(
                "partner_not_covered",
                "The cohabitant has lived with the applicant for less than 2 years, so their benefits do not "
                "count: only a spouse or a cohabitant of at least 2 years is covered.",
                f"{PARAGRAPH_51_B} stk. 1; {PARAGRAPH_51_C} stk. 2",
            )
        ]
    return []


def check_applicant(
    designations: Iterable[Designation],
    facts: ApplicantFacts,
    *,
    combined_letting_ordered: bool,
    combined_letting_extended: bool,
) -> ApplicantCheck:
    """May the housing organisation let to this waiting-list applicant in the area (§ 51 c, § 51 b)?

    Both paragraphs reject only applicants "som ikke allerede har en bolig i afdelingen": a resident of the
    department is never refused. They reject "når den boligsøgende og dennes [eventuelle] ægtefælle"
    receive the benefits: the applicant AND, where there is one, the spouse or cohabitant of at least
    2 years must each meet the condition, each person's 6 months counted by themself (§ 51 b stk. 2:
    "beregnes individuelt for både den boligsøgende og dennes eventuelle ægtefælle"). A couple where one
    of them does not receive a named benefit is not rejected; a cohabitant of under 2 years is not
    counted, so the applicant's own facts decide.
    """
    present = frozenset(designations)
    paragraphs: list[str] = []
    refusals: list[Reason] = []
    passes: list[Reason] = []
    dispensation = False
    people = facts.covered()
    s51c = Designation.TRANSFORMATION_AREA in present
    s51b = Designation.COMBINED_LETTING_AREA in present and combined_letting_ordered
    if s51c:
        paragraphs.append(PARAGRAPH_51_C)
    if s51b:
        paragraphs.append(PARAGRAPH_51_B)
    if paragraphs and facts.lives_in_department:
        passes.append(
            reason(
                "resident",
                f"The applicant already lives in the department, so {' and '.join(paragraphs)} does not "
                "apply.",
                " and ".join(paragraphs),
                paragraphs=" and ".join(paragraphs),
            )
        )
    elif s51c:
        # § 51 c stk. 1: receiving now is enough; no 6-month condition.
        receiving = {who: p.receiving_now() & PASSIVE_BENEFITS for who, p in people}
        if all(receiving.values()):
            dispensation = True
            for who, benefits in receiving.items():
                if benefits:
                    refusals.append(
                        reason(
                            "s51c_benefits",
                            f"Transformation area: {PERSON_TEXTS[who]} receives {_benefit_names(benefits)} "
                            "now, so the applicant must be rejected. The municipality may dispense only in "
                            "very special cases.",
                            PARAGRAPH_51_C,
                            person=who,
                            benefits=_benefit_names(benefits),
                        )
                    )
        elif any(receiving.values()):
            passes.append(
                reason(
                    "s51c_not_both",
                    "Transformation area: only one of the applicant and the spouse or cohabitant receives a "
                    "benefit § 51 c names now; the law rejects only when both do.",
                    PARAGRAPH_51_C,
                )
            )
        else:
            passes.append(
                reason(
                    "s51c_clear",
                    "Transformation area: no one in the household receives the benefits § 51 c names now.",
                    PARAGRAPH_51_C,
                )
            )
    if s51b and not facts.lives_in_department:
        hits = {who: s51b_hits(person, extended=combined_letting_extended) for who, person in people}
        found = all(hits.values())
        for who, hit in hits.items():
            if found:
                refusals.append(
                    reason(
                        "s51b_benefits",
                        f"Combined letting ordered by the municipality: {PERSON_TEXTS[who]} receives "
                        f"{_benefit_names(hit)} now, for 6 consecutive calendar months where the law asks "
                        "it, so the applicant must be rejected.",
                        PARAGRAPH_51_B,
                        person=who,
                        benefits=_benefit_names(hit),
                    )
                )
        if not found and any(hits.values()):
            passes.append(
                reason(
                    "s51b_not_both",
                    "Combined letting: only one of the applicant and the spouse or cohabitant receives a "
                    "named benefit for the required period; the law rejects only when both do.",
                    PARAGRAPH_51_B,
                )
            )
        elif not found:
            passes.append(
                reason(
                    "s51b_clear",
                    "Combined letting: no one in the household receives a named benefit now for the "
                    "required period.",
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
    notes = _partner_note(facts) if paragraphs else []
    return ApplicantCheck(
        allowed=not refusals,
        paragraphs=tuple(paragraphs),
        reasons=tuple((refusals or passes) + notes),
        dispensation_possible=dispensation,
    )
