"""What a yearly letting agreement may say (DOMAIN § 5.2): legal basis, flexible criteria, their period, the
rehousing share, and which municipal share applies to the vacancies while it is a draft."""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from services.allocation.rules.law import QuotaLaw
from services.allocation.rules.model import (
    Designation,
    LegalBasis,
    Reason,
    flexible_mandatory,
    reason,
)
from services.allocation.rules.quota import WHOLE_BP, share_from_bp, show_share
from services.allocation.rules.statuses import ShareBasis

FLEXIBLE_PERIOD_YEARS = 4  # ABL § 60 stk. 4: flexible criteria in listed areas run 4 years at a time
FLEXIBLE_PARAGRAPH = "ABL § 60 stk. 4"
# Conditions the law forbids in flexible letting: citizenship may never be a criterion.
FORBIDDEN_CONDITIONS = frozenset({"citizenship", "nationality", "ethnicity", "country_of_origin"})
# DOMAIN § 5.2: in a listed area the vacancies go "by flexible criteria that include employment and education
# criteria set by the municipality". A criteria group counts as one of employment or education when it has a
# positive share and at least one of these conditions: hours of work a week (single, couple) and months in
# employment are the employment criteria, full-time study the education criterion. Age, residence and the
# like are allowed criteria, but a group of only those is not one of employment or education.
EMPLOYMENT_CONDITIONS = frozenset(
    {"single_hours_per_week_min", "couple_one_full_time_or_both_hours_min", "employed_months_min"}
)
EDUCATION_CONDITIONS = frozenset({"full_time_student"})
EMPLOYMENT_EDUCATION_CONDITIONS = EMPLOYMENT_CONDITIONS | EDUCATION_CONDITIONS


@dataclass(frozen=True, slots=True)
class Condition:
    code: str
    value: Fraction | None = None


@dataclass(frozen=True, slots=True)
class CriteriaGroup:
    """One group of flexible letting (e.g. 80 % to people attached to the labour market)."""

    code: str
    share_bp: int
    conditions: tuple[Condition, ...] = ()


@dataclass(frozen=True, slots=True)
class Problem:
    """Why an agreement cannot be stored as it is; `field` names the input at fault."""

    field: str
    code: str
    text: str
    paragraph: str | None = None


def default_legal_basis(municipal_bp: int, law: QuotaLaw) -> LegalBasis:
    """Impose what the law allows; a larger share can only be a voluntary agreement."""
    return LegalBasis.IMPOSED if share_from_bp(municipal_bp) <= law.imposed_max else LegalBasis.AGREEMENT


def has_employment_or_education_group(groups: Sequence[CriteriaGroup]) -> bool:
    """At least one group with a share of the flexible vacancies and an employment or education criterion."""
    return any(
        g.share_bp > 0 and any(c.code in EMPLOYMENT_EDUCATION_CONDITIONS for c in g.conditions)
        for g in groups
    )


def rehousing_within_limit(rehousing_bp: int, law: QuotaLaw) -> bool:
    """Up to every 3rd vacancy for rehousing (ABL § 59 stk. 1). A third is no whole number of basis points:
    compared exactly, 33.33 % (3,333 bp) lies within it and 33.34 % (3,334 bp) beyond it."""
    return share_from_bp(rehousing_bp) <= law.rehousing_max


def problems(
    *,
    designations: Collection[Designation],
    municipal_bp: int,
    flexible_bp: int,
    legal_basis: LegalBasis,
    groups: Sequence[CriteriaGroup],
    law: QuotaLaw,
    rehousing_bp: int = 0,
    agreed: bool = False,
) -> list[Problem]:
    """Every reason the agreement would break the law or not add up; empty when it may be stored.

    `agreed` is the state the agreement would have: a listed area's agreement is agreed only with a criteria
    group of employment or education (ABL § 60 stk. 4, DOMAIN § 5.2)."""
    found: list[Problem] = []
    for name, bp in (
        ("municipal_share_pct", municipal_bp),
        ("flexible_share_pct", flexible_bp),
        ("rehousing_share_pct", rehousing_bp),
    ):
        if not 0 <= bp <= WHOLE_BP:
            found.append(Problem(name, "share_range", "A share lies between 0 and 100 %."))
    if found:
        return found
    listed = flexible_mandatory(designations)
    if listed and flexible_bp != WHOLE_BP:
        found.append(
            Problem(
                "flexible_share_pct",
                "flexible_mandatory",
                "Flexible letting is mandatory in areas designated vulnerable area, parallel society, "
                "transformation area or prevention area, whatever their colour: the flexible share of the "
                "vacancies not allocated by the municipality must be 100 %, not "
                f"{show_share(share_from_bp(flexible_bp))}.",
                FLEXIBLE_PARAGRAPH,
            )
        )
    if listed and agreed and not has_employment_or_education_group(groups):
        found.append(
            Problem(
                "flexible_criteria",
                "criteria_employment_education",
                "In an area on the national lists the flexible criteria include employment and education "
                "criteria set by the municipality: the agreement cannot be agreed before at least one "
                "criteria group with a share holds an employment criterion (hours of work, months employed) "
                "or an education criterion (full-time student).",
                FLEXIBLE_PARAGRAPH,
            )
        )
    if not rehousing_within_limit(rehousing_bp, law):
        found.append(
            Problem(
                "rehousing_share_pct",
                "rehousing_above_limit",
                f"Up to every 3rd vacancy may be required for rehousing ({law.rehousing_paragraph}): "
                f"{show_share(share_from_bp(rehousing_bp))} is more than a third (at most 33.33 %).",
                law.rehousing_paragraph,
            )
        )
    share = share_from_bp(municipal_bp)
    if legal_basis is LegalBasis.IMPOSED and share > law.imposed_max:
        found.append(
            Problem(
                "municipal_share_pct",
                "imposed_above_limit",
                f"The municipality may impose at most {show_share(law.imposed_max)} of the vacancies "
                f"({law.imposed_paragraph}); {show_share(share)} needs a voluntary agreement with the "
                f"housing organisation ({law.agreement_paragraph}). Set legal_basis to 'agreement' or "
                "lower the share.",
                law.imposed_paragraph,
            )
        )
    if groups:
        total = sum(g.share_bp for g in groups)
        if total != WHOLE_BP:
            found.append(
                Problem(
                    "flexible_criteria",
                    "groups_total",
                    "The shares of the flexible criteria groups add up to "
                    f"{show_share(share_from_bp(total))} when they must add up to 100 %."
                    if total <= WHOLE_BP
                    else "The shares of the flexible criteria groups add up to more than 100 %.",
                )
            )
        codes = [g.code for g in groups]
        if len(set(codes)) != len(codes):
            found.append(Problem("flexible_criteria", "groups_duplicate", "Each group needs its own code."))
        for group in groups:
            for condition in group.conditions:
                if condition.code in FORBIDDEN_CONDITIONS:
                    found.append(
                        Problem(
                            "flexible_criteria",
                            "forbidden_condition",
                            f"'{condition.code}' may never be a criterion of flexible letting: citizenship "
                            "and origin are not allowed.",
                            "ABL § 60",
                        )
                    )
    return found


def warnings(
    *,
    designations: Collection[Designation],
    flexible_bp: int,
    legal_basis: LegalBasis,
    agreed: bool,
    municipal_bp: int = 0,
    groups: Sequence[CriteriaGroup] = (),
    law: QuotaLaw | None = None,
) -> list[Reason]:
    """What the officer should know about an agreement that may nonetheless be stored."""
    found = []
    listed = flexible_mandatory(designations)
    if listed and flexible_bp < WHOLE_BP:
        # Refused since flexible letting became mandatory here; only an agreement stored before says so.
        found.append(
            reason(
                "flexible_mandatory",
                "Flexible letting is mandatory in areas on the national lists: the flexible share must be "
                "100 % of the non-municipal vacancies.",
                FLEXIBLE_PARAGRAPH,
            )
        )
    if listed and not has_employment_or_education_group(groups):
        found.append(
            reason(
                "criteria_employment_education",
                "The area is on a national list: the agreement can be agreed only with at least one criteria "
                "group of employment or education criteria.",
                FLEXIBLE_PARAGRAPH,
            )
        )
    if law is not None and not agreed and share_from_bp(municipal_bp) > law.imposed_max:
        applied = applied_municipal_share(municipal_bp=municipal_bp, agreed=agreed, law=law)
        found.append(
            reason(
                "share_capped",
                f"Until the agreement is agreed, vacancies are assigned at {show_share(applied.share)}, not "
                f"{show_share(share_from_bp(municipal_bp))}: a share above "
                f"{show_share(law.imposed_max)} takes effect only once the housing organisation has agreed "
                f"({law.agreement_paragraph}).",
                law.imposed_paragraph,
                share=show_share(share_from_bp(municipal_bp)),
                applied=show_share(applied.share),
            )
        )
    if legal_basis is LegalBasis.AGREEMENT and not agreed:
        found.append(
            reason(
                "agreement_pending",
                "The municipal share rests on a voluntary agreement; mark the agreement as agreed once the "
                "housing organisation has accepted it.",
                "ABL § 59 stk. 2",
            )
        )
    return found


def flexible_period(
    *, designations: Collection[Designation], year: int, previous: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The 4-year period of the flexible criteria in a listed area, continued while it runs."""
    if not flexible_mandatory(designations):
        return None
    if previous is not None and previous[0] <= year <= previous[1]:
        return previous
    return (year, year + FLEXIBLE_PERIOD_YEARS - 1)


@dataclass(frozen=True, slots=True)
class Neighbour:
    """The same area's agreement of the letting year before: its flexible period and criteria."""

    year: int
    period: tuple[int, int] | None
    criteria: Sequence[Mapping[str, Any]]


def period_problems(
    *,
    designations: Collection[Designation],
    year: int,
    period: tuple[int, int] | None,
    criteria: Sequence[Mapping[str, Any]],
    previous: Neighbour | None,
) -> list[Problem]:
    """The period rule of ABL § 60 stk. 4 (DOMAIN § 5.2): in a listed area the flexible criteria run for
    exactly 4 years that include the letting year, and a period that has begun runs on with the same
    criteria; an area off the lists has no such period."""
    if not flexible_mandatory(designations):
        if period is None:
            return []
        return [
            Problem(
                "flexible_period_from",
                "period_unlisted",
                "Only areas designated vulnerable area, parallel society, transformation area or prevention "
                "area have a 4-year period of flexible criteria; this area is on none of those lists, so it "
                "has no period.",
                FLEXIBLE_PARAGRAPH,
            )
        ]
    if period is None:
        return [
            Problem(
                "flexible_period_from",
                "period_missing",
                "In an area on the national lists the flexible criteria run for "
                f"{FLEXIBLE_PERIOD_YEARS} years at a time: give the period's first and last letting year.",
                FLEXIBLE_PARAGRAPH,
            )
        ]
    start, end = period
    found: list[Problem] = []
    if end - start + 1 != FLEXIBLE_PERIOD_YEARS:
        found.append(
            Problem(
                "flexible_period_to",
                "period_length",
                f"The flexible criteria run for {FLEXIBLE_PERIOD_YEARS} years at a time: {start}–{end} is "
                f"{end - start + 1} years (a period from {start} ends in "
                f"{start + FLEXIBLE_PERIOD_YEARS - 1}).",
                FLEXIBLE_PARAGRAPH,
            )
        )
    if not start <= year <= end:
        found.append(
            Problem(
                "flexible_period_from",
                "period_year",
                f"The period {start}–{end} does not include the letting year {year}.",
                FLEXIBLE_PARAGRAPH,
            )
        )
    running = previous.period if previous is not None else None
    if previous is not None and running is not None and running[0] <= year <= running[1]:
        if period != running:
            found.append(
                Problem(
                    "flexible_period_from",
                    "period_running",
                    f"The period {running[0]}–{running[1]} of letting year {previous.year} still runs in "
                    f"{year}; a new period begins only when it has ended.",
                    FLEXIBLE_PARAGRAPH,
                )
            )
        elif list(criteria) != list(previous.criteria):
            found.append(
                Problem(
                    "flexible_criteria",
                    "criteria_fixed",
                    f"The flexible criteria of the period {running[0]}–{running[1]} run unchanged for its "
                    f"{FLEXIBLE_PERIOD_YEARS} years: they must stay as in letting year {previous.year}.",
                    FLEXIBLE_PARAGRAPH,
                )
            )
    return found


@dataclass(frozen=True, slots=True)
class AppliedShare:
    """The municipal share the quota rule uses for an area-year's next vacancy, and why."""

    share: Fraction
    agreement_share: Fraction
    basis: ShareBasis
    reason: Reason


def applied_municipal_share(*, municipal_bp: int, agreed: bool, law: QuotaLaw) -> AppliedShare:
    """DOMAIN § 5.2: "A share above 25 % takes effect only once the agreement is `agreed`: while it is a
    draft (the organisation has not agreed yet), vacancies are assigned at min(share, 25 %), and the
    vacancy's reason says so." Up to 25 % the municipality imposes (ABL § 59 stk. 1), agreed or not; more
    rests on the voluntary agreement of ABL § 59 stk. 2, which exists only once the agreement is agreed."""
    share = share_from_bp(municipal_bp)
    shown = show_share(share)
    limit = show_share(law.imposed_max)
    if share <= law.imposed_max:
        return AppliedShare(
            share,
            share,
            ShareBasis.IMPOSED,
            reason(
                "share_imposed",
                f"The agreement's municipal share of {shown} was applied: the municipality may impose up to "
                f"{limit} ({law.imposed_paragraph}).",
                law.imposed_paragraph,
                agreement_share=shown,
                applied_share=shown,
            ),
        )
    if agreed:
        return AppliedShare(
            share,
            share,
            ShareBasis.AGREED,
            reason(
                "share_agreed",
                f"The agreement's municipal share of {shown} was applied: it rests on a voluntary agreement "
                f"the housing organisation has agreed to ({law.agreement_paragraph}).",
                law.agreement_paragraph,
                agreement_share=shown,
                applied_share=shown,
            ),
        )
    return AppliedShare(
        law.imposed_max,
        share,
        ShareBasis.CAPPED,
        reason(
            "share_capped",
            f"The agreement's {shown} rests on a voluntary agreement not yet agreed, so {limit} "
            f"({law.imposed_paragraph}) was applied.",
            law.imposed_paragraph,
            agreement_share=shown,
            applied_share=limit,
        ),
    )


# The Høje Gladsaxe model (DOMAIN § 5.2): within flexible letting, 80 % to people attached to the labour
# market, 10 % to full-time students, 10 % to seniors over 55 living in the municipality.
HOEJE_GLADSAXE_GROUPS: tuple[dict[str, object], ...] = (
    {
        "code": "labour_market",
        "share_pct": 80,
        "label_da": "Tilknytning til arbejdsmarkedet",
        "label_en": "Attached to the labour market",
        "conditions": [
            {"code": "single_hours_per_week_min", "value": 37},
            {"code": "couple_one_full_time_or_both_hours_min", "value": 25},
            {"code": "employed_months_min", "value": 6},
        ],
    },
    {
        "code": "students",
        "share_pct": 10,
        "label_da": "Fuldtidsstuderende",
        "label_en": "Full-time students",
        "conditions": [{"code": "full_time_student", "value": None}],
    },
    {
        "code": "seniors",
        "share_pct": 10,
        "label_da": "Seniorer over 55 år bosat i kommunen",
        "label_en": "Seniors over 55 living in the municipality",
        "conditions": [{"code": "age_min", "value": 55}, {"code": "resident_of_municipality", "value": None}],
    },
)
