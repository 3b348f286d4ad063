"""What each decision letter states, in Danish and in English, from the decision as it was recorded.

A letter names the rules applied and the facts relied on (forvaltningsloven § 24) and says where the facts
came from and whether the person was heard on them (§ 19). The texts are written from the decision's records
(plus, for an offer, the configured consequence of not replying), so that a correction issued later says
the same about the same decision; one module per kind of decision, the shared pieces here.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

from services.kit.letters import Language, Reason

ORE_PER_KRONE = Decimal(100)
NO_HEARING_DA = "Der har derfor ikke været partshøring (forvaltningsloven § 19)."
NO_HEARING_EN = "There was therefore no hearing (section 19 of the Public Administration Act)."
ABL_59 = {"da": "Almenboligloven § 59, stk. 1", "en": "Social Housing Act, section 59(1)"}
ABL_59_TEXT = {
    "da": "Kommunen kan anvise ledige almene familieboliger til løsning af påtrængende boligsociale opgaver.",
    "en": "The municipality may allocate vacant social family dwellings to solve pressing social housing "
    "needs.",
}


@dataclass(frozen=True)
class Body:
    """A letter's own part, in one language; issuing adds the letterhead and the complaint guidance."""

    subject: str
    decision: str
    reasons: tuple[Reason, ...]
    facts: tuple[str, ...]
    hearing: str
    recipient: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())


def day(value: date, language: Language) -> str:
    """7. december 2026 / 7 December 2026, as the letter's date is written (kit/letters.py)."""
    return format_date(value, format="long", locale="da" if language == "da" else "en_GB")


def kroner(ore: int, language: Language) -> str:
    amount = format_decimal(Decimal(ore) / ORE_PER_KRONE, locale="da" if language == "da" else "en_GB")
    return f"{amount} kr." if language == "da" else f"DKK {amount}"


def rooms(count: int, language: Language) -> str:
    if language == "da":
        return f"{count} værelse" if count == 1 else f"{count} værelser"
    return f"{count} room" if count == 1 else f"{count} rooms"


def pick(language: Language, da: str, en: str) -> str:
    return da if language == "da" else en
