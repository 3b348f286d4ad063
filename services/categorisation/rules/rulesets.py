"""The statutory rule sets, newest last. A year's list is judged by the set valid on 1 December of it.

Sources: Almenboligloven §§ 61 a, 61 b and 51 b as amended by L 38 (2018) and L 23 (2021, in force
30 November 2021). The 2018 set had no prevention areas.

Transformation window (DOMAIN § 3): "every list from 2018 on uses 5". The 2018 act said "de seneste fire
år", but its transitional rule defined a "hårdt ghettoområde for årene 2018-2020 som et boligområde, der de
seneste fem år har opfyldt betingelserne for at være et ghettoområde" (the ministry's note on the list of
1 December 2020, ft.dk BOU alm. del bilag 33: its two new areas "har været på ghettolisten i alle år i
perioden 2016-2020"), and L 23 (2021) made 5 permanent: § 61 a stk. 4 "de seneste 5 år".

Combined letting (ABL § 51 b stk. 3-4, DOMAIN § 3): "No averaging: the list year's own figure (the statute
says 'er uden for arbejdsmarkedet', unlike § 61 a's 'opgjort som gennemsnit over de seneste 2 år')".

A rule set is named by its version, and an approval reproduces its result under the versions it recorded.
So a correction of a set's reading is a new version; the set it replaces stays in SUPERSEDED_RULE_SETS,
found by version only, never chosen for a list.
"""

from dataclasses import replace
from datetime import date

from services.categorisation.rules.model import (
    CombinedLettingBand,
    Comparator,
    CriteriaList,
    Indicator,
    RuleSet,
    Threshold,
)


def _socio_economic(
    code: str, labour: float, convicted: float, education: float, income: float
) -> CriteriaList:
    return CriteriaList(
        code=code,
        thresholds=(
            Threshold(Indicator.OUTSIDE_LABOUR_MARKET, Comparator.GT, labour),
            Threshold(Indicator.CONVICTED, Comparator.GE, convicted),
            Threshold(Indicator.BASIC_EDUCATION, Comparator.GT, education),
            Threshold(Indicator.INCOME, Comparator.LT, income),
        ),
        needed=2,
    )


def _non_western_above(share: float) -> Threshold:
    return Threshold(Indicator.NON_WESTERN, Comparator.GT, share)


SIZE = Threshold(Indicator.RESIDENTS, Comparator.GE, 1000)
# ABL § 51 b: at least 40 % outside the labour market from 1,000 residents, at least 30 % from 5,000.
COMBINED_LETTING = (
    CombinedLettingBand(
        Threshold(Indicator.RESIDENTS, Comparator.GE, 1000),
        Threshold(Indicator.OUTSIDE_LABOUR_MARKET, Comparator.GE, 40.0),
    ),
    CombinedLettingBand(
        Threshold(Indicator.RESIDENTS, Comparator.GE, 5000),
        Threshold(Indicator.OUTSIDE_LABOUR_MARKET, Comparator.GE, 30.0),
    ),
)
# Criteria 1 and 2 over the latest two years (area and national average alike); the others this year only.
TWO_YEAR_AVERAGES = ((Indicator.OUTSIDE_LABOUR_MARKET, 2), (Indicator.CONVICTED, 2))


RULE_SETS: tuple[RuleSet, ...] = (
    RuleSet(
        version="ABL-2018-12-01-r2",
        valid_from=date(2018, 12, 1),
        legal_basis=(
            "ABL § 61 a (L 38 af 2018): udsat boligområde, ghettoområde, hårdt ghettoområde "
            "(5 år for listerne 2018-2020); § 51 b på årets egen andel"
        ),
        size=SIZE,
        vulnerable=_socio_economic("vulnerable", 40.0, 3.0, 60.0, 55.0),
        parallel_non_western=_non_western_above(50.0),
        transformation_years=5,
        prevention=None,
        prevention_non_western=None,
        combined_letting_bands=COMBINED_LETTING,
        averaged_years=TWO_YEAR_AVERAGES,
    ),
    RuleSet(
        version="ABL-2021-11-30-r2",
        valid_from=date(2021, 11, 30),
        legal_basis=(
            "ABL §§ 61 a, 61 b, 51 b (L 23 af 2021): udsat, parallelsamfund, omdannelse (5 år), "
            "forebyggelse; § 51 b på årets egen andel"
        ),
        size=SIZE,
        vulnerable=_socio_economic("vulnerable", 40.0, 3.0, 60.0, 55.0),
        parallel_non_western=_non_western_above(50.0),
        transformation_years=5,
        prevention=_socio_economic("prevention", 30.0, 2.0, 60.0, 65.0),
        prevention_non_western=_non_western_above(30.0),
        combined_letting_bands=COMBINED_LETTING,
        averaged_years=TWO_YEAR_AVERAGES,
    ),
)

# Superseded readings, kept so that approvals made under them reproduce: a 4-year window for the lists of
# 2018-2020, and § 51 b judged on the 2-year average of criterion 1.
SUPERSEDED_RULE_SETS: tuple[RuleSet, ...] = (
    replace(
        RULE_SETS[0],
        version="ABL-2018-12-01",
        legal_basis="ABL § 61 a (L 38 af 2018): udsat boligområde, ghettoområde, hårdt ghettoområde (4 år)",
        transformation_years=4,
        combined_letting_averaged=True,
    ),
    replace(
        RULE_SETS[1],
        version="ABL-2021-11-30",
        legal_basis=(
            "ABL §§ 61 a, 61 b, 51 b (L 23 af 2021): udsat, parallelsamfund, omdannelse (5 år), forebyggelse"
        ),
        combined_letting_averaged=True,
    ),
)


class NoRuleSet(LookupError):
    """No statutory list existed for that year."""


def rule_set_for(year: int, rule_sets: tuple[RuleSet, ...] = RULE_SETS) -> RuleSet:
    """The rule set under which the list of `year` (published 1 December) is made."""
    published = date(year, 12, 1)
    valid = [rules for rules in rule_sets if rules.valid_from <= published]
    if not valid:
        raise NoRuleSet(f"no statutory rule set for the list of {year}")
    return max(valid, key=lambda rules: rules.valid_from)


def rule_set_by_version(
    version: str, rule_sets: tuple[RuleSet, ...] = RULE_SETS + SUPERSEDED_RULE_SETS
) -> RuleSet:
    for rules in rule_sets:
        if rules.version == version:
            return rules
    raise NoRuleSet(f"unknown rule set {version!r}")
