"""Message catalogues (Babel): Danish by default, English selectable; loaded once at start."""

from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from fastapi import Request

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "web" / "translations"
LANGUAGES = {"da": "Dansk", "en": "English"}
DEFAULT_LANGUAGE = "da"
LANGUAGE_COOKIE = "lang"


def load_catalogues(directory: Path = TRANSLATIONS_DIR) -> dict[str, NullTranslations]:
    """Compile each language's .po file in memory, so no build step is needed to run."""
    catalogues: dict[str, NullTranslations] = {}
    for language in LANGUAGES:
        po_path = directory / language / "LC_MESSAGES" / "messages.po"
        if not po_path.is_file():
            catalogues[language] = NullTranslations()
            continue
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        buffer = BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        catalogues[language] = Translations(buffer)
    return catalogues


def request_language(request: Request) -> str:
    chosen = request.cookies.get(LANGUAGE_COOKIE, "")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def translations(request: Request) -> NullTranslations:
    catalogues: dict[str, NullTranslations] = request.app.state.catalogues
    return catalogues[request_language(request)]


def gettext(request: Request, message: str) -> str:
    """Translate a message for this request's language (for text built outside templates)."""
    return translations(request).gettext(message)
