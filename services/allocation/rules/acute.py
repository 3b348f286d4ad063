"""Acute housing (DOMAIN § 5.6): an administrative decision against the municipality's criteria.

The criteria are configuration (Gladsaxe has five); every one must be met. The decision says, per
criterion, met or not and why, in Danish and English, and gives a text for the citizen and for the officer.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AcuteCriterionSpec:
    code: str
    text_da: str
    text_en: str
    minimum: int | None = None  # a count that must reach `minimum`; otherwise a yes/no answer


@dataclass(frozen=True, slots=True)
class CriterionOutcome:
    code: str
    met: bool
    text_da: str
    text_en: str
    why_da: str
    why_en: str
    answer: bool | int | None


@dataclass(frozen=True, slots=True)
class AcuteDecision:
    eligible: bool
    criteria: tuple[CriterionOutcome, ...]
    citizen_text_da: str
    citizen_text_en: str
    officer_text_da: str
    officer_text_en: str


def _outcome(spec: AcuteCriterionSpec, answer: bool | int | None) -> CriterionOutcome:
    if answer is None:
        return CriterionOutcome(
            spec.code,
            False,
            spec.text_da,
            spec.text_en,
            "Ikke opfyldt: oplysningen mangler i ansøgningen.",
            "Not met: the application does not answer this.",
            None,
        )
    if spec.minimum is not None:
        count = int(answer)
        met = count >= spec.minimum
        return CriterionOutcome(
            spec.code,
            met,
            spec.text_da,
            spec.text_en,
            f"{'Opfyldt' if met else 'Ikke opfyldt'}: {count} angivet, mindst {spec.minimum} kræves.",
            f"{'Met' if met else 'Not met'}: {count} stated, at least {spec.minimum} required.",
            count,
        )
    met = answer is True
    return CriterionOutcome(
        spec.code,
        met,
        spec.text_da,
        spec.text_en,
        "Opfyldt: ansøgningen oplyser, at det er tilfældet."
        if met
        else "Ikke opfyldt: ansøgningen oplyser, at det ikke er tilfældet.",
        "Met: the application states that this is so."
        if met
        else "Not met: the application states that this is not so.",
        bool(answer),
    )


def unanswered(criteria: Sequence[AcuteCriterionSpec], answers: Mapping[str, bool | int | None]) -> list[str]:
    """The configured criteria the application leaves without a fitting answer: a count where a count is
    asked (a yes/no is no count), yes or no elsewhere. A decision needs every one (issue 12: nothing binding
    is recorded from nothing, so a missing answer is never read as "not met")."""
    missing = []
    for spec in criteria:
        answer = answers.get(spec.code)
        is_count = isinstance(answer, int) and not isinstance(answer, bool)
        if answer is None or (spec.minimum is not None) != is_count:
            missing.append(spec.code)
    return missing


def decide(criteria: Sequence[AcuteCriterionSpec], answers: Mapping[str, bool | int | None]) -> AcuteDecision:
    """Evaluate every configured criterion; eligible only when all are met."""
    outcomes = tuple(_outcome(spec, answers.get(spec.code)) for spec in criteria)
    eligible = all(o.met for o in outcomes)
    unmet = [o for o in outcomes if not o.met]
    if eligible:
        citizen_da = (
            "Du opfylder alle betingelserne for at blive anvist en akutbolig. Kommunen kontakter dig, når "
            "der er en bolig, der passer til din situation."
        )
        citizen_en = (
            "You meet every condition for acute housing. The municipality will contact you when a dwelling "
            "that suits your situation is available."
        )
        officer_da = f"Alle {len(outcomes)} kriterier er opfyldt: ansøgeren kan anvises en akutbolig."
        officer_en = f"All {len(outcomes)} criteria are met: the applicant may be allocated acute housing."
    else:
        citizen_da = (
            "Du opfylder ikke alle betingelserne for at blive anvist en akutbolig. Det drejer sig om: "
            + " ".join(o.text_da for o in unmet)
            + " Du kan klage over afgørelsen eller søge om en almindelig bolig gennem boligorganisationerne."
        )
        citizen_en = (
            "You do not meet every condition for acute housing. The conditions not met are: "
            + " ".join(o.text_en for o in unmet)
            + " You may appeal the decision or apply for an ordinary dwelling through the housing "
            "organisations."
        )
        # Named by their texts, as the officer reads them on the decision, never by their codes.
        officer_da = (
            f"{len(unmet)} af {len(outcomes)} kriterier er ikke opfyldt: "
            + " ".join(o.text_da for o in unmet)
            + " Ansøgningen afslås."
        )
        officer_en = (
            f"{len(unmet)} of {len(outcomes)} criteria are not met: "
            + " ".join(o.text_en for o in unmet)
            + " The application is refused."
        )
    return AcuteDecision(eligible, outcomes, citizen_da, citizen_en, officer_da, officer_en)
