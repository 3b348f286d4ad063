"""Decision letters (forvaltningsloven §§ 22–25, DOMAIN § 6.7): one template, rendered to HTML and to PDF.

A decision about a person is a letter that states the decision, its reasons with the rules applied and the
facts relied on (§ 24), the hearing of facts from outside the applicant (§ 19), and complaint guidance with
its deadline (§ 25). The services decide; this module only writes the decision down, the same way for every
kind. A letter is rendered once, stored unchanged with its decision, and never rendered again from newer data:
a correction is a new letter.
"""

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from pydantic import BaseModel, ConfigDict, Field

from services.kit.municipality import MunicipalityConfigError

Language = Literal["da", "en"]
LANGUAGES: tuple[Language, ...] = ("da", "en")


class ComplaintGuidance(BaseModel):
    """How to complain about one type of decision, as the municipality's legal office worded it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    legal_basis: str = Field(min_length=1, description="e.g. retssikkerhedsloven §§ 66–67")
    deadline_weeks: int | None = Field(
        default=None, ge=1, le=52, description="weeks from receipt; none where no complaint route exists"
    )
    text_da: str = Field(min_length=1, description="the guidance as the Danish letter states it")
    text_en: str = Field(min_length=1, description="the same guidance in English, for letters on request")

    def text(self, language: Language) -> str:
        return self.text_da if language == "da" else self.text_en


def require_guidance(
    section: str, guidance: Mapping[str, ComplaintGuidance], decision_types: Iterable[str]
) -> None:
    """Refuse to start when a decision type the process issues has no complaint guidance (§ 25): a letter
    without it would be unlawful, and nobody would notice until a citizen missed a deadline."""
    missing = sorted(set(decision_types) - set(guidance))
    if missing:
        raise MunicipalityConfigError(
            f"[{section}.complaint_guidance] has no guidance for the decision type(s) {', '.join(missing)}: "
            "every decision letter must say whether, where, how and by when one can complain "
            "(forvaltningsloven § 25)"
        )


@dataclass(frozen=True)
class Reason:
    """One reason of a decision: the rule applied and what it meant for this person."""

    rule: str
    text: str


@dataclass(frozen=True)
class DecisionLetter:
    """Everything a decision letter says, already in the reader's language."""

    decision_type: str
    language: Language
    municipality: str
    unit: str
    reference: str
    issued_on: date
    subject: str
    decision: str
    reasons: tuple[Reason, ...]
    facts: tuple[str, ...]
    hearing: str
    guidance: ComplaintGuidance
    recipient: str | None = None
    correction_of: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())


HEADINGS: dict[Language, dict[str, str]] = {
    "da": {
        "decision": "Afgørelse",
        "reasons": "Begrundelse",
        "rules": "Regler, der er anvendt",
        "facts": "Oplysninger, vi har lagt vægt på",
        "hearing": "Partshøring",
        "guidance": "Klagevejledning",
        "deadline": "Klagefrist",
        "weeks": "%(weeks)s uger fra du har modtaget afgørelsen",
        "no_deadline": "Der er ingen klagefrist",
        "reference": "Sagsnummer",
        "date": "Dato",
        "to": "Til",
        "correction": "Denne afgørelse erstatter afgørelse %(reference)s, som indeholdt en fejl.",
        "legal_basis": "Klageadgang efter",
    },
    "en": {
        "decision": "Decision",
        "reasons": "Reasons",
        "rules": "Rules applied",
        "facts": "Facts we relied on",
        "hearing": "Hearing",
        "guidance": "How to complain",
        "deadline": "Deadline",
        "weeks": "%(weeks)s weeks from when you received the decision",
        "no_deadline": "There is no deadline",
        "reference": "Reference",
        "date": "Date",
        "to": "To",
        "correction": "This decision replaces decision %(reference)s, which contained an error.",
        "legal_basis": "Right of complaint under",
    },
}

_environment = Environment(
    loader=PackageLoader("services.kit", "templates"),
    autoescape=select_autoescape(("html",)),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def style_source_hash() -> str:
    """The CSP source (`'sha256-…'`) of the letter's one inline style block.

    A letter is stored as one self-contained HTML document, its style inline, so that it reads the same in
    twenty years; a page policy that forbids inline style (the gateway's) names this block's hash instead.
    """
    source = _environment.loader.get_source(_environment, "letter.html")[0]  # type: ignore[union-attr]
    style = re.search(r"<style>(.*?)</style>", source, flags=re.S)
    assert style is not None, "letter.html has its style block"
    digest = hashlib.sha256(style.group(1).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def render_html(letter: DecisionLetter, *, standalone: bool = True) -> str:
    """The letter as HTML. `standalone` adds the page around it (styles, title) for a browser; the PDF is
    made from the same body without them."""
    words = HEADINGS[letter.language]
    deadline = (
        words["weeks"] % {"weeks": letter.guidance.deadline_weeks}
        if letter.guidance.deadline_weeks
        else words["no_deadline"]
    )
    template = _environment.get_template("letter.html")
    return template.render(
        letter=letter,
        words=words,
        deadline=deadline,
        # British English writes the day first, as Danish does.
        issued=format_date(
            letter.issued_on, format="long", locale="da" if letter.language == "da" else "en_GB"
        ),
        standalone=standalone,
    )
