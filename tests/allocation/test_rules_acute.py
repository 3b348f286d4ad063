"""Acute housing: every configured criterion must be met; each is explained in Danish and English."""

import pytest

from services.allocation.rules.acute import AcuteCriterionSpec, decide, unanswered

GLADSAXE = (
    AcuteCriterionSpec("resident_of_municipality", "Borger i kommunen.", "Resident."),
    AcuteCriterionSpec("acute_unforeseen_situation", "Akut situation.", "Acute situation."),
    AcuteCriterionSpec("had_own_dwelling", "Egen bolig.", "Own dwelling."),
    AcuteCriterionSpec("divorce_with_children_under_18", "Skilsmisse med børn.", "Divorce with children."),
    AcuteCriterionSpec(
        "registered_housing_organisations", "To boligorganisationer.", "Two organisations.", 2
    ),
)
ALL_MET: dict[str, bool | int | None] = {
    "resident_of_municipality": True,
    "acute_unforeseen_situation": True,
    "had_own_dwelling": True,
    "divorce_with_children_under_18": True,
    "registered_housing_organisations": 2,
}


def test_all_met_is_eligible() -> None:
    decision = decide(GLADSAXE, ALL_MET)
    assert decision.eligible
    assert [c.met for c in decision.criteria] == [True] * 5
    assert (
        decision.criteria[0].text_da == "Borger i kommunen." and decision.criteria[0].text_en == "Resident."
    )
    assert "opfylder alle" in decision.citizen_text_da


@pytest.mark.parametrize("code", sorted(ALL_MET))
def test_any_one_unmet_criterion_refuses(code: str) -> None:
    answers = {**ALL_MET, code: 1 if code == "registered_housing_organisations" else False}
    decision = decide(GLADSAXE, answers)
    assert not decision.eligible
    (failed,) = [c for c in decision.criteria if not c.met]
    assert failed.code == code
    # The officer's text names the criterion as people read it, never by its code.
    assert failed.text_da in decision.officer_text_da and failed.text_en in decision.officer_text_en
    assert code not in decision.officer_text_da and code not in decision.officer_text_en


def test_the_minimum_is_inclusive_and_explained() -> None:
    outcome = decide(GLADSAXE, {**ALL_MET, "registered_housing_organisations": 1}).criteria[-1]
    assert not outcome.met
    assert outcome.why_da == "Ikke opfyldt: 1 angivet, mindst 2 kræves."
    assert decide(GLADSAXE, {**ALL_MET, "registered_housing_organisations": 3}).eligible


def test_an_unanswered_criterion_is_not_met() -> None:
    answers = {k: v for k, v in ALL_MET.items() if k != "had_own_dwelling"}
    outcome = next(c for c in decide(GLADSAXE, answers).criteria if c.code == "had_own_dwelling")
    assert not outcome.met and outcome.answer is None and "mangler" in outcome.why_da


def test_another_municipalitys_criteria_are_just_configuration() -> None:
    two = GLADSAXE[:2]
    assert decide(two, {"resident_of_municipality": True, "acute_unforeseen_situation": True}).eligible


def test_every_answered_criterion_leaves_nothing_unanswered() -> None:
    assert unanswered(GLADSAXE, ALL_MET) == []
    # A count of 0 and a "no" are answers (not met, but answered); only their absence is missing.
    answered_no = {**ALL_MET, "registered_housing_organisations": 0, "had_own_dwelling": False}
    assert unanswered(GLADSAXE, answered_no) == []


@pytest.mark.parametrize("code", sorted(ALL_MET))
def test_each_unanswered_criterion_is_named(code: str) -> None:
    assert unanswered(GLADSAXE, {**ALL_MET, code: None}) == [code]
    assert unanswered(GLADSAXE, {k: v for k, v in ALL_MET.items() if k != code}) == [code]


def test_an_answer_of_the_wrong_kind_is_no_answer() -> None:
    """A count where yes/no is asked, or yes/no where a count is: the decision would read it wrongly."""
    assert unanswered(GLADSAXE, {**ALL_MET, "registered_housing_organisations": True}) == [
        "registered_housing_organisations"
    ]
    assert unanswered(GLADSAXE, {**ALL_MET, "had_own_dwelling": 1}) == ["had_own_dwelling"]
    assert unanswered(GLADSAXE, {}) == [spec.code for spec in GLADSAXE]
