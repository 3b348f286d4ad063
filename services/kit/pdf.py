"""HTML to PDF with fpdf2, in the design system's typeface.

Why fpdf2: it is a pure-Python wheel from PyPI, so a fresh machine with nothing but Python renders letters
(WeasyPrint, the usual choice, needs Pango from the operating system); it embeds fonts, so the text is
extractable and the file is self-contained; and it writes the sRGB output intent that PDF/A archiving
needs. It renders the plain HTML of a letter (headings, paragraphs, lists, bold) – which is all a
letter is – from the same template as the HTML version.

The font is IBM Plex Sans as shipped by the design system (`dkfds`, installed by npm), never committed.
"""

import re
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import OutputIntentSubType
from fpdf.errors import FPDFException
from fpdf.output import PDFICCProfile
from PIL import ImageCms

FONT_DIR = (
    Path(__file__).resolve().parents[2]
    / "node_modules"
    / "dkfds"
    / "src"
    / "fonts"
    / "IBMPlexSans"
    / "complete"
) / "ttf"
FONT_FILES = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}
FAMILY = "IBMPlexSans"
# fpdf2 parses and subsets every font added to a document, used or not: half of a letter's rendering time
# went to the two italic faces no letter used. They are added only when the HTML has italics; should a
# style still be missing (an element fpdf2 sets in italics of its own), the document is made again with all.
ITALICS = re.compile(r"<(i|em|cite|var|dfn)\b", re.IGNORECASE)


class FontsMissing(RuntimeError):
    """The design system's fonts are not installed; `make install` (npm ci) installs them."""


@cache
def _srgb_profile() -> bytes:
    # Made by Little CMS inside Pillow: no colour profile file to ship or download.
    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def fonts_present(directory: Path = FONT_DIR) -> bool:
    return all((directory / f"IBMPlexSans-{name}.ttf").is_file() for name in FONT_FILES.values())


def _document(
    *, title: str, author: str, language: str, font_dir: Path, styles: tuple[str, ...] = tuple(FONT_FILES)
) -> FPDF:
    if not fonts_present(font_dir):
        raise FontsMissing(f"the letter font is missing in {font_dir}: run `make install` (npm ci)")
    pdf = FPDF(format="A4")
    pdf.set_lang(language)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator(author)
    pdf.set_creation_date(datetime.now(UTC))
    pdf.set_margins(25, 20, 25)
    for style in styles:
        pdf.add_font(FAMILY, style, str(font_dir / f"IBMPlexSans-{FONT_FILES[style]}.ttf"))
    pdf.set_font(FAMILY, size=11)
    pdf.add_output_intent(
        OutputIntentSubType.PDFA,
        output_condition_identifier="sRGB",
        output_condition="IEC 61966-2.1",
        registry_name="http://www.color.org",
        dest_output_profile=PDFICCProfile(contents=_srgb_profile(), n=3, alternate="DeviceRGB"),
        info="sRGB IEC61966-2.1",
    )
    return pdf


def html_to_pdf(html: str, *, title: str, author: str, language: str, font_dir: Path = FONT_DIR) -> bytes:
    """A PDF of `html` (a letter body: no styles or scripts) with embedded fonts and an sRGB output intent."""
    needed = tuple(FONT_FILES) if ITALICS.search(html) else ("", "B")
    try:
        return _render(html, title=title, author=author, language=language, font_dir=font_dir, styles=needed)
    except FPDFException as exc:
        if needed == tuple(FONT_FILES) or "Undefined font" not in str(exc):
            raise
    return _render(html, title=title, author=author, language=language, font_dir=font_dir)


def _render(
    html: str, *, title: str, author: str, language: str, font_dir: Path, **fonts: tuple[str, ...]
) -> bytes:
    pdf = _document(title=title, author=author, language=language, font_dir=font_dir, **fonts)
    pdf.add_page()
    pdf.write_html(html, font_family=FAMILY)
    return bytes(pdf.output())
