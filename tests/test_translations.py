"""Every text a Danish user reads has a Danish translation: templates and N_()-marked labels alike."""

import shutil
from pathlib import Path

from babel.support import NullTranslations

import ops.i18n
from gateway.i18n import TRANSLATIONS_DIR, load_catalogues
from ops.i18n import extracted_messages, part_of, read_catalogue


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


def test_every_catalogue_file_reads_without_a_malformed_entry():
    files = sorted(TRANSLATIONS_DIR.glob("*/LC_MESSAGES/*.po"))
    assert len(files) >= 2
    for path in files:
        assert len(read_catalogue(path, path.parent.parent.name)) > 0, path  # raises on a malformed entry


def test_make_i18n_puts_a_new_message_in_the_file_of_the_part_that_uses_it():
    assert part_of("web/templates/allocation/overview.html:3") == "allocation"
    assert part_of("gateway/pages/categorisation/plans.py:40") == "plans"
    assert part_of("web/templates/categorisation/areas.html:9") == "categorisation"
    assert part_of("web/templates/referrals/case.html:1") == "referrals"
    assert part_of("web/templates/allocation/common_agreement.html:1") == "common_agreements"
    assert part_of("web/templates/base.html:1") == "messages"


def test_make_i18n_appends_only_what_is_new_and_leaves_every_other_entry_as_written(tmp_path, monkeypatch):
    copy = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS_DIR, copy)
    before = {p.relative_to(copy): p.read_bytes() for p in copy.glob("*/LC_MESSAGES/*.po")}
    messages = extracted_messages()
    new = "A sentence no catalogue has yet"
    plural = ("%(count)s new thing", "%(count)s new things")
    monkeypatch.setattr(ops.i18n, "TRANSLATIONS", copy)
    monkeypatch.setattr(
        ops.i18n,
        "extracted_messages",
        lambda: {**messages, new: "web/templates/allocation/x.html:1", plural: "gateway/pages/plans.py:2"},
    )
    ops.i18n.refresh()
    allocation = Path("da/LC_MESSAGES/allocation.po")
    plans = Path("da/LC_MESSAGES/plans.po")
    for path, content in before.items():
        now = (copy / path).read_bytes()
        if path in (allocation, plans):
            assert now.startswith(content.rstrip(b"\n")), path  # appended, nothing above rewritten
        else:
            assert now == content, path
    stored = read_catalogue(copy / allocation, "da")
    assert stored[new] is not None and stored[new].string == ""
    assert read_catalogue(copy / plans, "da")[plural[0]].id == plural
    assert f'msgid "{new}"' in (copy / "messages.pot").read_text()
    ops.i18n.refresh()  # a second run adds nothing
    assert (copy / allocation).read_text().count(f'msgid "{new}"') == 1
