"""Agreements: imposed ≤ 25 %, more only by agreement (ABL § 59 stk. 1-2); flexible criteria; period."""

from datetime import date

import pytest

from services.allocation.rules.agreements import (
    Condition,
    CriteriaGroup,
    Neighbour,
    default_legal_basis,
    flexible_period,
    period_problems,
    problems,
    warnings,
)
from services.allocation.rules.law import quota_law_on
from services.allocation.rules.model import Category, LegalBasis

LAW = quota_law_on(date(2026, 1, 1))


def codes(municipal_bp: int, basis: LegalBasis, groups: tuple[CriteriaGroup, ...] = ()) -> list[str]:
    return [
        p.code
        for p in problems(
            category=Category.GREEN,
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
        category=Category.GREEN,
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
    found = warnings(category=Category.RED, flexible_bp=5000, legal_basis=LegalBasis.IMPOSED, agreed=True)
    assert [w.code for w in found] == ["flexible_mandatory"]
    assert (
        warnings(category=Category.YELLOW, flexible_bp=5000, legal_basis=LegalBasis.IMPOSED, agreed=True)
        == []
    )


def test_the_flexible_period_runs_four_years_in_listed_areas() -> None:
    assert flexible_period(category=Category.RED, year=2026, previous=None) == (2026, 2029)
    assert flexible_period(category=Category.PINK, year=2027, previous=(2026, 2029)) == (2026, 2029)
    assert flexible_period(category=Category.RED, year=2030, previous=(2026, 2029)) == (2030, 2033)
    assert flexible_period(category=Category.GREEN, year=2026, previous=None) is None


@pytest.mark.parametrize(
    ("category", "flexible_bp", "refused"),
    [
        (Category.RED, 10_000, False),
        (Category.RED, 9999, True),
        (Category.PINK, 0, True),
        (Category.PINK, 10_000, False),
        (Category.YELLOW, 5000, False),
        (Category.GREEN, 0, False),
        (Category.GREEN, 10_000, False),
    ],
)
def test_flexible_letting_is_mandatory_and_whole_in_red_and_pink_areas(
    category: Category, flexible_bp: int, refused: bool
) -> None:
    found = problems(
        category=category,
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
    category: Category,
    period: tuple[int, int] | None,
    *,
    year: int = 2027,
    criteria: list[dict[str, object]] | None = None,
    previous: Neighbour | None = None,
) -> list[str]:
    found = period_problems(
        category=category, year=year, period=period, criteria=criteria or [], previous=previous
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
    assert period_codes(Category.RED, period) == expected
    assert period_codes(Category.PINK, period) == expected


@pytest.mark.parametrize("category", [Category.YELLOW, Category.GREEN])
def test_an_area_off_the_lists_has_no_flexible_period(category: Category) -> None:
    assert period_codes(category, (2026, 2029)) == ["period_unlisted"]
    assert period_codes(category, None) == []


def test_a_running_period_continues_with_its_criteria() -> None:
    running = Neighbour(year=2026, period=(2026, 2029), criteria=CRITERIA)
    assert period_codes(Category.RED, (2026, 2029), criteria=CRITERIA, previous=running) == []
    other = [{"code": "work", "share_pct": 50.0, "conditions": []}, {"code": "x", "share_pct": 50.0}]
    assert period_codes(Category.RED, (2026, 2029), criteria=other, previous=running) == ["criteria_fixed"]
    assert period_codes(Category.RED, (2027, 2030), criteria=CRITERIA, previous=running) == ["period_running"]
    # The period of 2023–2026 has ended: 2027 begins a new one, with new criteria.
    ended = Neighbour(year=2026, period=(2023, 2026), criteria=CRITERIA)
    assert period_codes(Category.RED, (2027, 2030), criteria=other, previous=ended) == []
    # Last year the area was off the lists: nothing runs on.
    unlisted = Neighbour(year=2026, period=None, criteria=[])
    assert period_codes(Category.PINK, (2027, 2030), criteria=other, previous=unlisted) == []
