"""The letter of an acute-housing decision (DOMAIN § 5.6): each criterion a reason, each answer a fact."""

from typing import Any

from services.allocation.letters.wording import (
    ABL_59,
    ABL_59_TEXT,
    NO_HEARING_DA,
    NO_HEARING_EN,
    Body,
    pick,
)
from services.allocation.models import AcuteApplication
from services.kit.letters import Language, Reason


def _answer(value: Any, language: Language) -> str:
    if value is None:
        return pick(language, "ikke oplyst", "not stated")
    if isinstance(value, bool):
        return pick(language, "ja", "yes") if value else pick(language, "nej", "no")
    return pick(language, f"{value} oplyst", f"{value} stated")


def acute_housing(application: AcuteApplication, language: Language) -> Body:
    """The decision criterion by criterion: each is a reason (the municipality's criterion, met or not and
    why), each answer of the application a fact."""
    criteria = application.criteria
    text, why = ("text_da", "why_da") if language == "da" else ("text_en", "why_en")
    unmet = sum(1 for c in criteria if not c["met"])
    if application.eligible:
        decision = pick(
            language,
            "Du opfylder kommunens kriterier for akut boliganvisning. Kommunen anviser dig en bolig, når der "
            "er en ledig bolig, der passer til din situation.",
            "You meet the municipality's criteria for acute housing. The municipality will allocate you a "
            "dwelling when a vacant one suits your situation.",
        )
    else:
        decision = pick(
            language,
            f"Du får afslag på akut boliganvisning, fordi {unmet} af kommunens {len(criteria)} kriterier "
            "ikke er opfyldt.",
            f"Your application for acute housing is refused, because {unmet} of the municipality's "
            f"{len(criteria)} criteria are not met.",
        )
    general = Reason(
        ABL_59[language],
        ABL_59_TEXT[language]
        + pick(
            language,
            " Kommunen anviser en akutbolig, når alle kommunens kriterier for akut boliganvisning er "
            "opfyldt.",
            " The municipality allocates acute housing when every one of its criteria for acute housing is "
            "met.",
        ),
    )
    per_criterion = tuple(
        Reason(pick(language, f"Kriterium {n}", f"Criterion {n}") + f": {c[text].rstrip('.')}", c[why])
        for n, c in enumerate(criteria, start=1)
    )
    facts = tuple(f"{c[text].rstrip('.')}: {_answer(c['answer'], language)}" for c in criteria)
    hearing = pick(
        language,
        "Afgørelsen bygger alene på de oplysninger, du selv har givet i din ansøgning. Vi har ikke brugt "
        "oplysninger om dig fra andre. " + NO_HEARING_DA,
        "The decision rests only on the information you gave in your application. We have not used "
        "information about you from anyone else. " + NO_HEARING_EN,
    )
    return Body(
        subject=pick(language, "Afgørelse om akut boliganvisning", "Decision on acute housing"),
        decision=decision,
        reasons=(general, *per_criterion),
        facts=(
            pick(language, "Dine svar i ansøgningen", "Your answers in the application")
            + f" ({application.reference}):",
            *facts,
        ),
        hearing=hearing,
        recipient=application.applicant_name or None,
    )
