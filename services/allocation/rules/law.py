"""The law as data with a validity date: quota limits and the bans of ABL §§ 59, 51 b and 51 c.

Sources: Almenboligloven § 59 stk. 1-2 (the municipality may impose every 4th vacancy, more only by
voluntary agreement), § 59 stk. 6 (L 38 af 2018) and stk. 7 (L 23 af 2021, prevention areas), § 51 b
(combined letting) and § 51 c (transformation areas). A decision is judged by the set valid on its date;
when the law changes again, a new entry is added here and the old ones stay for earlier decisions.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import TypeVar

from services.allocation.rules.model import Designation


class Benefit(StrEnum):
    """Public benefits the bans name; a household fact is only ever "received" or "not received"."""

    KONTANTHJAELP = "kontanthjaelp"
    UDDANNELSESHJAELP = "uddannelseshjaelp"
    SELVFORSOERGELSES_HJEMREJSEYDELSE = "selvforsoergelses_hjemrejseydelse"
    OVERGANGSYDELSE = "overgangsydelse"
    FOERTIDSPENSION = "foertidspension"
    DAGPENGE = "dagpenge"
    SYGEDAGPENGE = "sygedagpenge"
    RESSOURCEFORLOEBSYDELSE = "ressourceforloebsydelse"


# ABL § 59 stk. 6 nr. 5, § 51 b and § 51 c: the four "passive" benefits.
PASSIVE_BENEFITS = frozenset(
    {
        Benefit.KONTANTHJAELP,
        Benefit.UDDANNELSESHJAELP,
        Benefit.SELVFORSOERGELSES_HJEMREJSEYDELSE,
        Benefit.OVERGANGSYDELSE,
    }
)
# ABL § 59 stk. 7: only these two count in prevention areas.
INTEGRATION_BENEFITS = frozenset({Benefit.SELVFORSOERGELSES_HJEMREJSEYDELSE, Benefit.OVERGANGSYDELSE})
# ABL § 51 b stk. 1, 2. pkt.: what the municipality may add when it orders combined letting; førtidspension
# "modtager" (now, no 6-month condition), the other three "i 6 sammenhængende kalendermåneder".
EXTENDED_BENEFITS_6_MONTHS = frozenset(
    {Benefit.DAGPENGE, Benefit.SYGEDAGPENGE, Benefit.RESSOURCEFORLOEBSYDELSE}
)
EXTENDED_BENEFITS = EXTENDED_BENEFITS_6_MONTHS | {Benefit.FOERTIDSPENSION}


@dataclass(frozen=True, slots=True)
class QuotaLaw:
    """How much of an area's vacancies the municipality may take, and on which basis."""

    version: str
    valid_from: date
    imposed_max: Fraction  # every 4th vacancy
    rehousing_max: Fraction  # every 3rd, for rehousing after demolition or renewal
    imposed_paragraph: str
    agreement_paragraph: str
    rehousing_paragraph: str = "ABL § 59 stk. 1"


QUOTA_LAWS: tuple[QuotaLaw, ...] = (
    QuotaLaw(
        version="ABL-59-2010",
        valid_from=date(2010, 1, 1),
        imposed_max=Fraction(1, 4),
        rehousing_max=Fraction(1, 3),
        imposed_paragraph="ABL § 59 stk. 1",
        agreement_paragraph="ABL § 59 stk. 2",
    ),
)


class BanItem(StrEnum):
    """The household facts that bar municipal allocation to an area (ABL § 59 stk. 6 and 7)."""

    RELEASED_FROM_PRISON = "released_from_prison"  # nr. 1
    RELEASED_FROM_YOUTH_PLACEMENT = "released_from_youth_placement"  # nr. 2
    TENANCY_TERMINATED = "tenancy_terminated"  # nr. 3
    NOT_EU_CITIZEN = "not_eu_citizen"  # nr. 4, students excepted
    PASSIVE_BENEFITS_6_MONTHS = "passive_benefits_6_months"  # stk. 6 nr. 5
    INTEGRATION_BENEFITS_6_MONTHS = "integration_benefits_6_months"  # stk. 7 nr. 5


@dataclass(frozen=True, slots=True)
class BanRule:
    paragraph: str
    designations: frozenset[Designation]
    items: tuple[BanItem, ...]


@dataclass(frozen=True, slots=True)
class BanLaw:
    version: str
    valid_from: date
    rules: tuple[BanRule, ...]


STK_6_ITEMS = (
    BanItem.RELEASED_FROM_PRISON,
    BanItem.RELEASED_FROM_YOUTH_PLACEMENT,
    BanItem.TENANCY_TERMINATED,
    BanItem.NOT_EU_CITIZEN,
    BanItem.PASSIVE_BENEFITS_6_MONTHS,
)
STK_7_ITEMS = (*STK_6_ITEMS[:4], BanItem.INTEGRATION_BENEFITS_6_MONTHS)

BAN_LAWS: tuple[BanLaw, ...] = (
    BanLaw(
        version="ABL-59-2018",
        valid_from=date(2018, 7, 1),
        rules=(
            BanRule(
                "ABL § 59 stk. 6",
                frozenset(
                    {
                        Designation.VULNERABLE_AREA,
                        Designation.PARALLEL_SOCIETY,
                        Designation.TRANSFORMATION_AREA,
                        Designation.COMBINED_LETTING_AREA,
                    }
                ),
                STK_6_ITEMS,
            ),
        ),
    ),
    BanLaw(
        version="ABL-59-2021",
        valid_from=date(2021, 11, 30),
        rules=(
            BanRule(
                "ABL § 59 stk. 6",
                frozenset(
                    {
                        Designation.VULNERABLE_AREA,
                        Designation.PARALLEL_SOCIETY,
                        Designation.TRANSFORMATION_AREA,
                        Designation.COMBINED_LETTING_AREA,
                    }
                ),
                STK_6_ITEMS,
            ),
            BanRule("ABL § 59 stk. 7", frozenset({Designation.PREVENTION_AREA}), STK_7_ITEMS),
        ),
    ),
)

# The applicant checks the housing organisations make on waiting-list applicants.
PARAGRAPH_51_C = "ABL § 51 c"
PARAGRAPH_51_B = "ABL § 51 b"


LawT = TypeVar("LawT", QuotaLaw, BanLaw)


def _valid_on(laws: tuple[LawT, ...], on: date) -> LawT:
    valid = [law for law in laws if law.valid_from <= on]
    if not valid:
        raise LookupError(f"no rule set valid on {on.isoformat()}")
    return max(valid, key=lambda law: law.valid_from)


def quota_law_on(on: date) -> QuotaLaw:
    return _valid_on(QUOTA_LAWS, on)


def ban_law_on(on: date) -> BanLaw:
    return _valid_on(BAN_LAWS, on)
