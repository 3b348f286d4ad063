"""Message catalogues (Babel): Danish by default, English selectable; loaded once at start."""

from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from fastapi import Request

from gateway.state import gateway_state

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "web" / "translations"
LANGUAGES = {"da": "Dansk", "en": "English"}
DEFAULT_LANGUAGE = "da"
LANGUAGE_COOKIE = "lang"


def _compile(po_path: Path, language: str) -> Translations:
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def load_catalogues(directory: Path = TRANSLATIONS_DIR) -> dict[str, NullTranslations]:
    """Compile each language's .po files in memory, so no build step is needed to run.

    Each part of the product keeps its own file (messages.po for the shell, categorisation.po, …),
    so work on one part never rewrites another's; they are merged into one catalogue per language.
    """
    catalogues: dict[str, NullTranslations] = {}
    for language in LANGUAGES:
        files = sorted((directory / language / "LC_MESSAGES").glob("*.po"))
        if not files:
            catalogues[language] = NullTranslations()
            continue
        merged = _compile(files[0], language)
        for po_path in files[1:]:
            merged.merge(_compile(po_path, language))
        catalogues[language] = merged
    return catalogues


def request_language(request: Request) -> str:
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def translations(request: Request) -> NullTranslations:
    catalogues: dict[str, NullTranslations] = gateway_state(request).catalogues
    return catalogues[request_language(request)]


def gettext(request: Request, message: str) -> str:
    """Translate a message for this request's language (for text built outside templates)."""
    return translations(request).gettext(message)
