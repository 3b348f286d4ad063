"""HTML to PDF with fpdf2, in the design system's typeface.

Why fpdf2: it is a pure-Python wheel from PyPI, so a fresh machine with nothing but Python renders letters
(WeasyPrint, the usual choice, needs Pango from the operating system); it embeds fonts, so the text is
extractable and the file is self-contained; and it writes the sRGB output intent that PDF/A archiving
needs. It renders the plain HTML of a letter (headings, paragraphs, lists, bold) – which is all a
letter is – from the same template as the HTML version.

The font is IBM Plex Sans as shipped by the design system (`dkfds`, installed by npm), never committed.
"""

from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import OutputIntentSubType
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


class FontsMissing(RuntimeError):
    """The design system's fonts are not installed; `make install` (npm ci) installs them."""


@cache
def _srgb_profile() -> bytes:
    # Made by Little CMS inside Pillow: no colour profile file to ship or download.
    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def fonts_present(directory: Path = FONT_DIR) -> bool:
    return all((directory / f"IBMPlexSans-{name}.ttf").is_file() for name in FONT_FILES.values())


def _document(*, title: str, author: str, language: str, font_dir: Path) -> FPDF:
    if not fonts_present(font_dir):
        raise FontsMissing(f"the letter font is missing in {font_dir}: run `make install` (npm ci)")
    pdf = FPDF(format="A4")
    pdf.set_lang(language)
    pdf.set_title(title)
    pdf.set_author(author)
    pdf.set_creator(author)
    pdf.set_creation_date(datetime.now(UTC))
    pdf.set_margins(25, 20, 25)
    for style, name in FONT_FILES.items():
        pdf.add_font(FAMILY, style, str(font_dir / f"IBMPlexSans-{name}.ttf"))
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
    pdf = _document(title=title, author=author, language=language, font_dir=font_dir)
    pdf.add_page()
    pdf.write_html(html, font_family=FAMILY)
    return bytes(pdf.output())
