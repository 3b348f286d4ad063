"""The rules of the common letting agreement (allocation/rules/common_agreements.py), on plain data."""

import pytest

from services.allocation.rules import common_agreements as rules
from services.allocation.rules.statuses import CommonAgreementStatus

SENT, AGREED = CommonAgreementStatus.SENT, CommonAgreementStatus.AGREED


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        ([], 2025),  # no agreements: the lists of the year before govern the letting year (DOMAIN § 5.2)
        ([None, None], 2025),  # agreements made by hand name no list year
        ([2025, 2025, None], 2025),
        ([2024], 2024),  # drafted from an explicitly chosen list year
        ([2024, 2025], 2025),  # mixed: the latest
    ],
)
def test_the_categorisation_year_is_the_agreements_source_year(sources, expected) -> None:
    assert rules.categorisation_year(2026, sources) == expected


def test_a_document_with_approved_categorisation_and_every_agreement_may_be_sent() -> None:
    assert (
        rules.send_problems(
            year=2026,
            list_year=2025,
            area_codes=["A1", "A2"],
            categorisation_found=True,
            categorisation_approved=True,
            without_agreement=[],
        )
        == []
    )


def test_every_reason_not_to_send_is_named() -> None:
    found = rules.send_problems(
        year=2026,
        list_year=2025,
        area_codes=["A1", "A2", "A3"],
        categorisation_found=True,
        categorisation_approved=False,
        without_agreement=["A2", "A3"],
    )

    assert [(p.code, p.param_dict()) for p in found] == [
        ("categorisation_not_approved", {"list_year": "2025"}),
        ("area_without_agreement", {"area_code": "A2", "year": "2026"}),
        ("area_without_agreement", {"area_code": "A3", "year": "2026"}),
    ]
    assert "A2" in found[1].text


def test_no_categorisation_and_no_areas_are_named_too() -> None:
    found = rules.send_problems(
        year=2026,
        list_year=2025,
        area_codes=[],
        categorisation_found=False,
        categorisation_approved=False,
        without_agreement=[],
    )

    assert [p.code for p in found] == ["no_areas", "categorisation_missing"]


@pytest.mark.parametrize(
    ("latest", "expected"),
    [(None, 1), (rules.Stored(1, SENT), 2), (rules.Stored(1, AGREED), 2), (rules.Stored(7, SENT), 8)],
)
def test_each_version_sent_is_the_next_number(latest, expected) -> None:
    assert rules.next_version(latest) == expected


def test_only_a_version_sent_can_be_agreed() -> None:
    assert "Nothing has been sent" in (rules.agree_refusal(None, year=2026) or "")
    assert "already agreed" in (rules.agree_refusal(rules.Stored(2, AGREED), year=2026) or "")
    assert rules.agree_refusal(rules.Stored(2, SENT), year=2026) is None


def test_a_document_generated_again_is_the_same_when_only_the_moment_differs() -> None:
    stored = {"year": 2026, "generated_at": "2025-12-05T09:00:00Z", "areas": [{"area_code": "A1"}]}

    assert not rules.changed(stored, {**stored, "generated_at": "2026-03-02T10:00:00Z"})
    assert rules.changed(stored, {**stored, "areas": [{"area_code": "A1"}, {"area_code": "A2"}]})
