"""`make i18n`: the message template from the code, and every new message added to its part's catalogue.

The catalogue is split per part of the product (web/translations/<language>/LC_MESSAGES/<part>.po, merged when
the gateway starts, gateway/i18n.py), so that work on one part never rewrites another's file. `pybabel update`
knows one file per language and would copy every message into messages.po; this instead appends each message
no catalogue has yet to the file of the part whose code uses it, with an empty translation to fill in, and
leaves every existing entry exactly as it was written. It prints what is untranslated and what is unused.
"""

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import normalize, read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "web" / "translations"
# The msgids are English, so only Danish needs every message; the English files hold only rewordings.
LANGUAGES = ("da",)
METHOD_MAP = [("gateway/**.py", "python"), ("web/templates/**.html", "jinja2")]
OPTIONS = {"web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
# A word of a path that names its part; the plans live under categorisation, so they are looked for first.
PARTS = (
    ("plan", "plans"),
    ("initiative", "plans"),
    ("dialogue", "plans"),
    ("common_agreement", "common_agreements"),
    ("allocation", "allocation"),
    ("referrals", "referrals"),
    ("categorisation", "categorisation"),
    ("confirm", "confirmations"),
)
SHELL = "messages"

MessageId = str | tuple[str, str]


def extracted_messages() -> dict[MessageId, str]:
    """msgid (or singular and plural) → the first place it is used, for every marked message."""
    found: dict[MessageId, str] = {}
    extracted = extract_from_dir(str(ROOT), METHOD_MAP, OPTIONS, KEYWORDS)
    for filename, lineno, message, _comments, _context in extracted:
        msgid = (message[0], message[1]) if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def part_of(where: str) -> str:
    path = where.rsplit(":", 1)[0].lower()
    return next((part for word, part in PARTS if word in path), SHELL)


def read_catalogue(path: Path, language: str) -> Catalog:
    # abort_invalid: a malformed entry is an error to fix, not a warning to scroll past.
    with path.open("rb") as handle:
        return read_po(handle, locale=language, abort_invalid=True)


def _key(message_id: object) -> MessageId:
    if isinstance(message_id, list | tuple):
        return (str(message_id[0]), str(message_id[1]))
    return str(message_id)


def known_messages(language: str) -> dict[MessageId, tuple[str, bool]]:
    """msgid → (the part file holding it, whether it has a translation), over every file of a language."""
    known: dict[MessageId, tuple[str, bool]] = {}
    for path in sorted((TRANSLATIONS / language / "LC_MESSAGES").glob("*.po")):
        for message in read_catalogue(path, language):
            if message.id:
                strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
                known[_key(message.id)] = (path.stem, all(strings))
    return known


def po_entry(msgid: MessageId) -> str:
    if isinstance(msgid, tuple):
        singular, plural = msgid
        return (
            f"msgid {normalize(singular, width=110)}\nmsgid_plural {normalize(plural, width=110)}\n"
            'msgstr[0] ""\nmsgstr[1] ""\n'
        )
    return f'msgid {normalize(msgid, width=110)}\nmsgstr ""\n'


def write_template(messages: dict[MessageId, str]) -> None:
    template = Catalog(project="kommune-boligsocial", fuzzy=False)
    for msgid in messages:
        template.add(msgid)
    buffer = BytesIO()
    write_po(buffer, template, width=110, no_location=True, sort_output=True)
    (TRANSLATIONS / "messages.pot").write_bytes(buffer.getvalue())


def added(messages: dict[MessageId, str], language: str) -> Iterator[tuple[str, MessageId]]:
    known = known_messages(language)
    for msgid, where in sorted(messages.items(), key=lambda item: str(item[0])):
        if msgid not in known:
            yield part_of(where), msgid


def refresh() -> None:
    messages = extracted_messages()
    write_template(messages)
    print(f"{len(messages)} messages in {TRANSLATIONS / 'messages.pot'}")
    for language in LANGUAGES:
        new: dict[str, list[MessageId]] = {}
        for part, msgid in added(messages, language):
            new.setdefault(part, []).append(msgid)
        for part, ids in new.items():
            path = TRANSLATIONS / language / "LC_MESSAGES" / f"{part}.po"
            text = path.read_text(encoding="utf-8").rstrip("\n")
            path.write_text(text + "\n\n" + "\n".join(po_entry(m) for m in ids), encoding="utf-8")
            print(f"{language}/{part}.po: {len(ids)} new, to translate")
        known = known_messages(language)
        untranslated = sorted(str(m) for m, (_, done) in known.items() if not done)
        listed = "".join(f"\n  {m}" for m in untranslated)
        print(f"{language}: {len(untranslated)} without a translation{listed}")
        unused = sorted(f"{part}.po: {m}" for m, (part, _) in known.items() if m not in messages)
        print(f"{language}: {len(unused)} no longer used (kept)" + "".join(f"\n  {m}" for m in unused[:50]))
