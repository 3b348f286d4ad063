"""Agreements: imposed ≤ 25 %, more only by agreement (ABL § 59 stk. 1-2); flexible criteria; period."""

from datetime import date

import pytest

from services.allocation.rules.agreements import (
    Condition,
    CriteriaGroup,
    default_legal_basis,
    flexible_period,
    problems,
    warnings,
)
from services.allocation.rules.law import quota_law_on
from services.allocation.rules.model import Category, LegalBasis

LAW = quota_law_on(date(2026, 1, 1))


def codes(municipal_bp: int, basis: LegalBasis, groups: tuple[CriteriaGroup, ...] = ()) -> list[str]:
    return [
        p.code
        for p in problems(municipal_bp=municipal_bp, flexible_bp=0, legal_basis=basis, groups=groups, law=LAW)
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
        municipal_bp=3000, flexible_bp=0, legal_basis=LegalBasis.IMPOSED, groups=(), law=LAW
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


def test_listed_areas_warn_when_flexible_letting_is_not_whole() -> None:
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
