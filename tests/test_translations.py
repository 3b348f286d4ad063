"""Every text a Danish user reads has a Danish translation: templates and N_()-marked labels alike."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.support import NullTranslations

from gateway.i18n import load_catalogues

ROOT = Path(__file__).resolve().parent.parent
METHOD_MAP = [("gateway/**.py", "python"), ("web/templates/**.html", "jinja2")]
OPTIONS = {"web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def extracted_messages() -> dict[str | tuple[str, str], str]:
    """msgid (or singular and plural) -> where it is used, for every marked message."""
    found: dict[str | tuple[str, str], str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), METHOD_MAP, OPTIONS, keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    ):
        msgid = tuple(message[:2]) if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def _translated(catalogue: NullTranslations, msgid: str | tuple[str, str]) -> bool:
    if isinstance(msgid, tuple):
        return catalogue.ngettext(msgid[0], msgid[1], 2) != msgid[1]
    return catalogue.gettext(msgid) != msgid


def test_every_message_has_danish_text():
    danish = load_catalogues()["da"]
    messages = extracted_messages()
    assert len(messages) > 50, "the extraction found too few messages to be looking at the right files"
    missing = {
        msgid: where
        for msgid, where in messages.items()
        if (
            danish.ngettext(*msgid, 2) == msgid[1]
            if isinstance(msgid, tuple)
            else danish.gettext(msgid) == msgid
        )
    }
    # A few words are the same in both languages; they are listed here on purpose.
    same_in_danish = {"Version", "demo", "Administrator", "Problem", "Revision", "revision", "Upload"}
    missing = {m: w for m, w in missing.items() if m not in same_in_danish}
    assert not missing, "No Danish text for:\n" + "\n".join(
        f"  {w}: {m!r}" for m, w in sorted(missing.items())
    )


def test_english_needs_no_translation_but_loads():
    english = load_catalogues()["en"]
    assert english.gettext("Log in") == "Log in"
