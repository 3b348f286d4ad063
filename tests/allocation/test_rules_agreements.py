"""Agreements: imposed ≤ 25 %, more only by agreement (ABL § 59 stk. 1-2); flexible criteria and their period
by the national designation (ABL § 60 stk. 4); the rehousing share; the share applied while a draft."""

from datetime import date
from fractions import Fraction

import pytest

from services.allocation.rules.agreements import (
    Condition,
    CriteriaGroup,
    Neighbour,
    applied_municipal_share,
    default_legal_basis,
    flexible_period,
    period_problems,
    problems,
    warnings,
)
from services.allocation.rules.law import quota_law_on
from services.allocation.rules.model import Designation, LegalBasis

LAW = quota_law_on(date(2026, 1, 1))
D = Designation
LISTED = [
    [D.VULNERABLE_AREA],
    [D.PARALLEL_SOCIETY],
    [D.TRANSFORMATION_AREA],
    [D.PREVENTION_AREA],
    [D.VULNERABLE_AREA, D.PARALLEL_SOCIETY, D.COMBINED_LETTING_AREA],
]
UNLISTED: list[list[Designation]] = [[], [D.COMBINED_LETTING_AREA]]
RED = [D.VULNERABLE_AREA]
PINK = [D.PREVENTION_AREA]


def codes(municipal_bp: int, basis: LegalBasis, groups: tuple[CriteriaGroup, ...] = ()) -> list[str]:
    return [
        p.code
        for p in problems(
            designations=[],
            municipal_bp=municipal_bp,
            flexible_bp=0,
            legal_basis=basis,
            groups=groups,
            law=LAW,
        )
    ]


@pytest.mark.parametrize(
    ("bp", "basis", "refused"),
    [
        (2500, LegalBasis.IMPOSED, False),  # exactly every 4th: allowed
        (2501, LegalBasis.IMPOSED, True),
        (3000, LegalBasis.IMPOSED, True),
        (3000, LegalBasis.AGREEMENT, False),
        (10_000, LegalBasis.AGREEMENT, False),
        (0, LegalBasis.IMPOSED, False),
    ],
)
def test_more_than_a_quarter_needs_a_voluntary_agreement(bp: int, basis: LegalBasis, refused: bool) -> None:
    assert ("imposed_above_limit" in codes(bp, basis)) is refused


def test_the_refusal_cites_both_paragraphs() -> None:
    (problem,) = problems(
        designations=[],
        municipal_bp=3000,
        flexible_bp=0,
        legal_basis=LegalBasis.IMPOSED,
        groups=(),
        law=LAW,
    )
    assert problem.field == "municipal_share_pct"
    assert "ABL § 59 stk. 1" in problem.text and "ABL § 59 stk. 2" in problem.text


def test_default_basis_follows_the_share() -> None:
    assert default_legal_basis(2500, LAW) is LegalBasis.IMPOSED
    assert default_legal_basis(3000, LAW) is LegalBasis.AGREEMENT


def test_flexible_groups_must_add_up_to_100_percent_and_never_use_citizenship() -> None:
    good = (CriteriaGroup("work", 8000), CriteriaGroup("students", 1000), CriteriaGroup("seniors", 1000))
    assert codes(1500, LegalBasis.IMPOSED, good) == []
    assert codes(1500, LegalBasis.IMPOSED, good[:2]) == ["groups_total"]
    bad = (CriteriaGroup("x", 10_000, (Condition("citizenship"),)),)
    assert codes(1500, LegalBasis.IMPOSED, bad) == ["forbidden_condition"]


def test_an_agreement_stored_before_the_rule_still_warns() -> None:
    work = (CriteriaGroup("work", 10_000, (Condition("employed_months_min", Fraction(6)),)),)
    found = warnings(
        designations=RED, flexible_bp=5000, legal_basis=LegalBasis.IMPOSED, agreed=True, groups=work
    )
    assert [w.code for w in found] == ["flexible_mandatory"]
    assert (
        warnings(
            designations=[D.COMBINED_LETTING_AREA],
            flexible_bp=5000,
            legal_basis=LegalBasis.IMPOSED,
            agreed=True,
        )
        == []
    )


def test_the_flexible_period_runs_four_years_in_listed_areas() -> None:
    assert flexible_period(designations=RED, year=2026, previous=None) == (2026, 2029)
    assert flexible_period(designations=PINK, year=2027, previous=(2026, 2029)) == (2026, 2029)
    assert flexible_period(designations=RED, year=2030, previous=(2026, 2029)) == (2030, 2033)
    assert flexible_period(designations=[], year=2026, previous=None) is None
    assert flexible_period(designations=[D.COMBINED_LETTING_AREA], year=2026, previous=None) is None


@pytest.mark.parametrize(
    ("designations", "flexible_bp", "refused"),
    [
        *[(d, 10_000, False) for d in LISTED],
        *[(d, 9999, True) for d in LISTED],
        *[(d, 0, True) for d in LISTED],
        *[(d, 5000, False) for d in UNLISTED],
        *[(d, 0, False) for d in UNLISTED],
        *[(d, 10_000, False) for d in UNLISTED],
    ],
)
def test_flexible_letting_is_mandatory_and_whole_in_every_designated_area(
    designations: list[Designation], flexible_bp: int, refused: bool
) -> None:
    """The rule reads the designations only: no colour can switch it on or off (ABL § 60 stk. 4)."""
    found = problems(
        designations=designations,
        municipal_bp=1000,
        flexible_bp=flexible_bp,
        legal_basis=LegalBasis.IMPOSED,
        groups=(),
        law=LAW,
    )
    assert [(p.field, p.code, p.paragraph) for p in found] == (
        [("flexible_share_pct", "flexible_mandatory", "ABL § 60 stk. 4")] if refused else []
    )


CRITERIA = [{"code": "work", "share_pct": 100.0, "conditions": []}]


def period_codes(
    designations: list[Designation],
    period: tuple[int, int] | None,
    *,
    year: int = 2027,
    criteria: list[dict[str, object]] | None = None,
    previous: Neighbour | None = None,
) -> list[str]:
    found = period_problems(
        designations=designations, year=year, period=period, criteria=criteria or [], previous=previous
    )
    return [p.code for p in found]


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ((2026, 2029), []),
        ((2027, 2030), []),
        ((2024, 2027), []),
        ((2027, 2027), ["period_length"]),
        ((2026, 2031), ["period_length"]),
        ((2020, 2026), ["period_length", "period_year"]),
        ((2028, 2031), ["period_year"]),
        (None, ["period_missing"]),
    ],
)
def test_a_listed_areas_flexible_period_is_four_years_including_the_letting_year(
    period: tuple[int, int] | None, expected: list[str]
) -> None:
    for designations in LISTED:
        assert period_codes(designations, period) == expected


@pytest.mark.parametrize("designations", UNLISTED)
def test_an_area_off_the_lists_has_no_flexible_period(designations: list[Designation]) -> None:
    assert period_codes(designations, (2026, 2029)) == ["period_unlisted"]
    assert period_codes(designations, None) == []


def test_a_running_period_continues_with_its_criteria() -> None:
    running = Neighbour(year=2026, period=(2026, 2029), criteria=CRITERIA)
    assert period_codes(RED, (2026, 2029), criteria=CRITERIA, previous=running) == []
    other = [{"code": "work", "share_pct": 50.0, "conditions": []}, {"code": "x", "share_pct": 50.0}]
    assert period_codes(RED, (2026, 2029), criteria=other, previous=running) == ["criteria_fixed"]
    assert period_codes(RED, (2027, 2030), criteria=CRITERIA, previous=running) == ["period_running"]
    # The period of 2023–2026 has ended: 2027 begins a new one, with new criteria.
    ended = Neighbour(year=2026, period=(2023, 2026), criteria=CRITERIA)
    assert period_codes(RED, (2027, 2030), criteria=other, previous=ended) == []
    # Last year the area was off the lists: nothing runs on.
    unlisted = Neighbour(year=2026, period=None, criteria=[])
    assert period_codes(PINK, (2027, 2030), criteria=other, previous=unlisted) == []


# --- a listed area's agreement is agreed only with employment or education criteria ------------------


def agreed_codes(
    designations: list[Designation], groups: tuple[CriteriaGroup, ...], *, agreed: bool
) -> list[str]:
    found = problems(
        designations=designations,
        municipal_bp=1000,
        flexible_bp=10_000,
        legal_basis=LegalBasis.IMPOSED,
        groups=groups,
        law=LAW,
        agreed=agreed,
    )
    return [p.code for p in found]


def group(code: str, share_bp: int, *conditions: str) -> CriteriaGroup:
    return CriteriaGroup(code, share_bp, tuple(Condition(c) for c in conditions))


@pytest.mark.parametrize(
    ("groups", "accepted"),
    [
        ((), False),
        ((group("seniors", 10_000, "age_min", "resident_of_municipality"),), False),
        ((group("work", 10_000, "single_hours_per_week_min"),), True),
        ((group("work", 10_000, "couple_one_full_time_or_both_hours_min"),), True),
        ((group("work", 10_000, "employed_months_min"),), True),
        ((group("students", 10_000, "full_time_student"),), True),
        # The group must have a share of the vacancies: a work group of 0 % is none.
        ((group("work", 0, "employed_months_min"), group("seniors", 10_000, "age_min")), False),
        ((group("work", 1, "employed_months_min"), group("seniors", 9999, "age_min")), True),
    ],
)
def test_a_listed_area_is_agreed_only_with_employment_or_education_criteria(
    groups: tuple[CriteriaGroup, ...], accepted: bool
) -> None:
    for designations in LISTED:
        codes = agreed_codes(designations, groups, agreed=True)
        assert ("criteria_employment_education" not in codes) is accepted
        # A draft may still be without them.
        assert "criteria_employment_education" not in agreed_codes(designations, groups, agreed=False)
    for designations in UNLISTED:
        assert "criteria_employment_education" not in agreed_codes(designations, groups, agreed=True)


def test_the_refusal_of_an_agreement_without_employment_criteria_names_the_field_and_paragraph() -> None:
    (problem,) = problems(
        designations=PINK,
        municipal_bp=1000,
        flexible_bp=10_000,
        legal_basis=LegalBasis.IMPOSED,
        groups=(),
        law=LAW,
        agreed=True,
    )
    assert (problem.field, problem.code, problem.paragraph) == (
        "flexible_criteria",
        "criteria_employment_education",
        "ABL § 60 stk. 4",
    )


# --- the rehousing share: up to every 3rd vacancy (ABL § 59 stk. 1) ----------------------------------


@pytest.mark.parametrize(
    ("bp", "codes"),
    [
        (0, []),
        (2500, []),
        (3333, []),  # 33.33 % < 1/3: within
        (3334, ["rehousing_above_limit"]),  # 33.34 % > 1/3
        (5000, ["rehousing_above_limit"]),
        (10_001, ["share_range"]),
        (-1, ["share_range"]),
    ],
)
def test_the_rehousing_share_is_at_most_a_third(bp: int, codes: list[str]) -> None:
    found = problems(
        designations=[],
        municipal_bp=1000,
        flexible_bp=0,
        legal_basis=LegalBasis.IMPOSED,
        groups=(),
        law=LAW,
        rehousing_bp=bp,
    )
    assert [p.code for p in found] == codes
    assert all(p.field == "rehousing_share_pct" for p in found)
    assert LAW.rehousing_max == Fraction(1, 3)


# --- the share applied: above 25 % only once agreed (ABL § 59 stk. 1-2) ------------------------------


@pytest.mark.parametrize(
    ("bp", "agreed", "applied", "basis"),
    [
        (2500, False, Fraction(1, 4), "imposed"),
        (2500, True, Fraction(1, 4), "imposed"),
        (2501, False, Fraction(1, 4), "capped"),
        (2501, True, Fraction(2501, 10_000), "agreed"),
        (3000, False, Fraction(1, 4), "capped"),
        (3000, True, Fraction(3, 10), "agreed"),
        (1000, False, Fraction(1, 10), "imposed"),
        (0, False, Fraction(0), "imposed"),
    ],
)
def test_a_share_above_25_percent_applies_only_once_agreed(
    bp: int, agreed: bool, applied: Fraction, basis: str
) -> None:
    result = applied_municipal_share(municipal_bp=bp, agreed=agreed, law=LAW)
    assert (result.share, result.basis, result.agreement_share) == (applied, basis, Fraction(bp, 10_000))


def test_the_reason_of_a_capped_share_says_which_share_and_why() -> None:
    capped = applied_municipal_share(municipal_bp=3000, agreed=False, law=LAW).reason
    assert capped.code == "share_capped"
    assert capped.text == (
        "The agreement's 30 % rests on a voluntary agreement not yet agreed, so 25 % (ABL § 59 stk. 1) was "
        "applied."
    )
    assert capped.param_dict() == {"agreement_share": "30 %", "applied_share": "25 %"}
    agreed = applied_municipal_share(municipal_bp=3000, agreed=True, law=LAW).reason
    assert agreed.code == "share_agreed" and agreed.paragraph == "ABL § 59 stk. 2"
    imposed = applied_municipal_share(municipal_bp=2500, agreed=False, law=LAW).reason
    assert imposed.code == "share_imposed" and imposed.paragraph == "ABL § 59 stk. 1"


def test_a_draft_above_25_percent_warns_which_share_applies() -> None:
    found = warnings(
        designations=[],
        flexible_bp=0,
        legal_basis=LegalBasis.AGREEMENT,
        agreed=False,
        municipal_bp=2501,
        law=LAW,
    )
    assert [w.code for w in found] == ["share_capped", "agreement_pending"]
    assert found[0].param_dict() == {"share": "25.01 %", "applied": "25 %"}
    at_limit = warnings(
        designations=[],
        flexible_bp=0,
        legal_basis=LegalBasis.IMPOSED,
        agreed=False,
        municipal_bp=2500,
        law=LAW,
    )
    assert at_limit == []
