"""Decision letters: what § 22–25 require is in every letter, the PDF says what the HTML says, and a
process without complaint guidance for a decision type does not start."""

import base64
import hashlib
import io
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from services.kit.letters import (
    ComplaintGuidance,
    DecisionLetter,
    Reason,
    render_html,
    require_guidance,
    style_source_hash,
)
from services.kit.municipality import MunicipalityConfigError
from services.kit.outbox import DigitalPostChannel, OutgoingLetter, PrintChannel, RecordingDigitalPost
from services.kit.pdf import FontsMissing, html_to_pdf

GUIDANCE = ComplaintGuidance(
    legal_basis="retssikkerhedsloven §§ 66–67",
    deadline_weeks=4,
    text_da="Du kan klage til kommunen, som genvurderer afgørelsen og sender klagen til Ankestyrelsen.",
    text_en="You may complain to the municipality, which reconsiders and forwards the complaint.",
)
LETTER = DecisionLetter(
    decision_type="acute_housing",
    language="da",
    municipality="Testkommune",
    unit="Boligsocialt team",
    reference="AK-2026-0007",
    issued_on=date(2026, 12, 7),
    subject="Afgørelse om akut boliganvisning",
    decision="Du får afslag på akut boliganvisning.",
    reasons=(Reason("ABL § 59, stk. 1", "Dit boligbehov er ikke akut efter kommunens kriterier <b>nu</b>."),),
    facts=("Du bor midlertidigt hos din søster.",),
    hearing="Vi har kun brugt oplysninger, som du selv har givet os.",
    guidance=GUIDANCE,
    recipient="Åse Ærø",
)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_html_letter_states_decision_reasons_facts_hearing_and_complaint_guidance() -> None:
    html = render_html(LETTER)
    for part in (
        "Afgørelse om akut boliganvisning",
        "Du får afslag på akut boliganvisning.",
        "ABL § 59, stk. 1",
        "Du bor midlertidigt hos din søster.",
        "Partshøring",
        "Vi har kun brugt oplysninger, som du selv har givet os.",
        "Klagevejledning",
        GUIDANCE.text_da,
        "4 uger fra du har modtaget afgørelsen",
        "retssikkerhedsloven §§ 66–67",
        "7. december 2026",
        "AK-2026-0007",
    ):
        assert part in html, part
    # What a person typed is text, never markup.
    assert "&lt;b&gt;nu&lt;/b&gt;" in html
    assert '<html lang="da">' in html


def test_the_english_letter_uses_the_english_guidance_and_headings() -> None:
    html = render_html(replace(LETTER, language="en"))
    assert GUIDANCE.text_en in html
    assert "How to complain" in html
    assert "4 weeks from when you received the decision" in html
    assert "7 December 2026" in html
    assert GUIDANCE.text_da not in html


def test_the_pdf_says_what_the_html_says() -> None:
    pdf = html_to_pdf(
        render_html(LETTER, standalone=False), title=LETTER.subject, author=LETTER.municipality, language="da"
    )
    assert pdf.startswith(b"%PDF-")
    text = " ".join(pdf_text(pdf).split())
    for part in (
        "Du får afslag på akut boliganvisning.",
        "ABL § 59, stk. 1: Dit boligbehov er ikke akut efter kommunens kriterier <b>nu</b>.",
        "Klagefrist: 4 uger fra du har modtaget afgørelsen",
        "Klageadgang efter retssikkerhedsloven §§ 66–67",
        "Til: Åse Ærø",
    ):
        assert part in text, part
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None and reader.metadata.title == LETTER.subject
    # The fonts travel with the file (archiving), and the colour space is declared for PDF/A.
    assert b"/FontFile2" in pdf
    assert b"/OutputIntents" in pdf


def _font_names(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"]  # type: ignore[index]
    return {str(font.get_object()["/BaseFont"]).split("+")[-1] for font in fonts.values()}  # type: ignore[attr-defined]


def test_a_pdf_embeds_the_italic_faces_only_when_the_html_has_italics() -> None:
    plain = html_to_pdf("<p>Almindelig og <b>fed</b> tekst.</p>", title="x", author="x", language="da")
    italic = html_to_pdf(
        "<p>Med <i>kursiv</i> og <b><em>begge</em></b>.</p>", title="x", author="x", language="da"
    )

    # Each face added is embedded (a /FontFile2), used or not: the plain text carries two, not four.
    assert _font_names(plain) == {"IBMPlexSans", "IBMPlexSansBold"} and plain.count(b"/FontFile2") == 2
    assert _font_names(italic) == {"IBMPlexSans", "IBMPlexSansItalic", "IBMPlexSansBoldItalic"}
    assert "Med kursiv og begge." in " ".join(pdf_text(italic).split())


def test_a_style_left_out_is_rendered_with_every_face_rather_than_failing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Should the guess of the faces a text needs be wrong, the letter is still made, with all four."""
    monkeypatch.setattr("services.kit.pdf.ITALICS", re.compile("(?!)"))  # never sees italics

    pdf = html_to_pdf("<p>Med <i>kursiv</i>.</p>", title="x", author="x", language="da")

    assert "IBMPlexSansItalic" in _font_names(pdf) and pdf.count(b"/FontFile2") == 4
    assert "Med kursiv." in " ".join(pdf_text(pdf).split())


def test_a_letter_without_a_deadline_says_so() -> None:
    no_route = GUIDANCE.model_copy(
        update={"deadline_weeks": None, "text_da": "Afgørelsen kan ikke påklages."}
    )
    assert "Der er ingen klagefrist" in render_html(replace(LETTER, guidance=no_route))


def test_a_correction_names_the_letter_it_replaces() -> None:
    html = render_html(replace(LETTER, reference="AK-2026-0008", correction_of="AK-2026-0007"))
    assert "erstatter afgørelse AK-2026-0007" in html


def test_missing_fonts_are_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FontsMissing, match="make install"):
        html_to_pdf("<p>x</p>", title="x", author="x", language="da", font_dir=tmp_path)


def test_a_decision_type_without_complaint_guidance_stops_the_process() -> None:
    require_guidance("allocation", {"acute_housing": GUIDANCE}, ["acute_housing"])
    with pytest.raises(MunicipalityConfigError, match="municipal_offer"):
        require_guidance("allocation", {"acute_housing": GUIDANCE}, ["acute_housing", "municipal_offer"])


async def test_digital_post_gets_the_pdf_and_a_letter_without_recipient_is_refused() -> None:
    double = RecordingDigitalPost()
    channel = DigitalPostChannel(double)
    letter = OutgoingLetter(
        letter_id=3, reference="AK-2026-0007", subject="Afgørelse", pdf=b"%PDF-1", recipient="x"
    )
    delivery = await channel.send(letter)
    assert delivery.accepted and delivery.receipt == "dp-1" and delivery.channel == "digital_post"
    assert double.delivered == [
        {"recipient": "x", "subject": "Afgørelse", "pdf": b"%PDF-1", "reference": "AK-2026-0007"}
    ]
    refused = await channel.send(replace(letter, recipient=None))
    assert not refused.accepted and len(double.delivered) == 1


async def test_print_spools_the_pdf_under_its_reference_only(tmp_path: Path) -> None:
    delivery = await PrintChannel(tmp_path).send(
        OutgoingLetter(
            letter_id=3, reference="AK-2026-0007", subject="Afgørelse", pdf=b"%PDF-1", recipient="Åse"
        )
    )
    assert delivery.accepted
    assert (tmp_path / delivery.receipt).read_bytes() == b"%PDF-1"
    assert "Åse" not in delivery.receipt


def test_the_gateway_policy_allows_the_letters_own_style_and_no_other_inline_style() -> None:
    # A stored letter keeps its style inline; the gateway's policy names exactly that block by its hash.
    from gateway.security import CONTENT_SECURITY_POLICY

    html = render_html(LETTER)
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert style_source_hash() == f"'sha256-{digest}'"
    style_src = next(part for part in CONTENT_SECURITY_POLICY.split("; ") if part.startswith("style-src"))
    assert style_src.split() == ["style-src", "'self'", f"'sha256-{digest}'"]
