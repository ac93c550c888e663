"""Reading strictly, updating like msgmerge, compiling, counting."""

from __future__ import annotations

import datetime
import gettext
import io
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog as BabelCatalog

from appeal.catalogs import (
    Catalog,
    Entry,
    State,
    catalog_stats,
    compile_catalog,
    compile_catalogs,
    format_catalog,
    read_catalog,
    update_catalogs,
    write_catalog,
    write_template,
)
from appeal.catalogs.bridge import from_babel
from appeal.catalogs.provenance import draft_comments
from appeal.errors import CatalogError
from appeal.workspace import Workspace

BAD = Path(__file__).parent / "data" / "bad"
CREATED = datetime.datetime(2024, 8, 20, 10, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(("name", "line", "words"), [
    ("unterminated-string", 8, "unterminated string"),
    ("bad-escape", 9, "invalid escape sequence '\\q'"),
    ("wrong-charset", 8, "not valid in the charset 'UTF-8' the header declares on line 3"),
    ("binary-nul", 4, "binary file"),
    ("random-bytes", 1, "binary file"),
    ("compiled-mo", 1, "compiled .mo catalog"),
    ("missing-msgstr", 8, "missing msgstr"),
    ("duplicate-msgid", 8, "duplicate message definition"),
    ("unknown-keyword", 8, "unknown keyword 'msgtxt'"),
    ("unknown-charset", 3, "unknown charset 'KLINGON-8'"),
    ("plain-msgstr-on-plural", 9, "a plain msgstr on an entry with msgid_plural"),
    ("indexed-msgstr-on-singular", 9, "msgstr[N] on an entry without msgid_plural"),
    ("active-and-obsolete-duplicate", 9, "duplicate message definition"),
    ("too-many-plurals", 1, "nplurals=11, which no language has"),
    ("partly-obsolete", 10, "an entry partly marked obsolete with '#~'"),
])
def test_each_malformed_file_names_its_line(name: str, line: int, words: str) -> None:
    path = BAD / f"{name}.po"
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    assert caught.value.line == line
    assert caught.value.path == path
    assert words in caught.value.message
    assert str(caught.value).startswith(f"{path}:{line}: ")


def make_template(*paragraphs: str, created: datetime.datetime = CREATED) -> Catalog:
    """A template as extraction makes it: Babel's header, one entry per paragraph."""
    header = from_babel(BabelCatalog(project="appeal", creation_date=created)).header
    return Catalog(header=header, entries=tuple(
        Entry(text, locations=(("content/appeal.md", 10 * number + 1),),
              extracted_comments=("paragraph",))
        for number, text in enumerate(paragraphs)))


def obsolete_entry(catalog: Catalog, msgid: str) -> Entry | None:
    return next((entry for entry in catalog.obsolete if entry.id == msgid), None)


FIRST = "The Committee for Solidary Actions is a political group of left-wing activists."
SECOND = "We have been and are still fighting for the release of political prisoners."
THIRD = "At the moment, the main purpose is to support repressed trade union activists."


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(root=tmp_path, languages=("uk", "de"))


def translate(ws: Workspace, lang: str, strings: dict[str, str]) -> None:
    catalog = read_catalog(ws.po_path(lang), locale=lang)
    changed = []
    for msgid, msgstr in strings.items():
        entry = catalog.get(msgid)
        assert entry is not None
        changed.append(entry.replace(strings=(msgstr,), translator_comments=("checked by Olena",),
                                     flags=entry.flags | {"appeal-ignore-end-stop"}))
    write_catalog(ws.po_path(lang), catalog.replaced(changed))


def test_new_catalogs_get_language_and_plural_forms(ws: Workspace) -> None:
    result = update_catalogs(ws, make_template(FIRST, SECOND), ["uk", "de"])
    assert result.created == ("uk", "de") and not result.failed
    catalog = read_catalog(ws.po_path("uk"))
    assert catalog.header.get("Language") == "uk" and catalog.header.nplurals == 3
    text = ws.po_path("uk").read_text(encoding="utf-8")
    assert '"Language: uk\\n"' in text and '"Plural-Forms: nplurals=3;' in text
    assert "charset=utf-8" in text and text.startswith("# Ukrainian translations")


def test_nothing_changed_means_nothing_written(ws: Workspace) -> None:
    template = make_template(FIRST, SECOND)
    update_catalogs(ws, template, ["uk"])
    translate(ws, "uk", {FIRST: "Перший"})
    before = ws.po_path("uk").read_bytes()
    mtime = ws.po_path("uk").stat().st_mtime_ns
    result = update_catalogs(ws, make_template(FIRST, SECOND), ["uk"])
    assert result.unchanged == ("uk",) and result.updated == ()
    assert ws.po_path("uk").read_bytes() == before
    assert ws.po_path("uk").stat().st_mtime_ns == mtime


def test_edited_source_becomes_fuzzy_and_removed_one_obsolete(ws: Workspace) -> None:
    update_catalogs(ws, make_template(FIRST, SECOND, THIRD), ["uk"])
    translate(ws, "uk", {FIRST: "Перший", SECOND: "Другий", THIRD: "Третій"})
    edited = FIRST.replace("political group", "political organisation")
    result = update_catalogs(ws, make_template(THIRD, edited), ["uk"])
    assert result.updated == ("uk",)
    catalog = read_catalog(ws.po_path("uk"), locale="uk")
    fuzzy, third = catalog.get(edited), catalog.get(THIRD)
    assert fuzzy is not None and third is not None
    assert fuzzy.fuzzy and fuzzy.strings == ("Перший",) and fuzzy.previous_id == FIRST
    assert fuzzy.state is State.OUTDATED
    assert fuzzy.translator_comments == ("checked by Olena",)
    assert "appeal-ignore-end-stop" in fuzzy.flags
    assert third.locations == (("content/appeal.md", 1),)
    assert third.extracted_comments == ("paragraph",) and not third.fuzzy
    removed = obsolete_entry(catalog, SECOND)
    assert removed is not None and removed.strings == ("Другий",) and removed.obsolete
    text = ws.po_path("uk").read_text(encoding="utf-8")
    assert f'#| msgid "{FIRST[:40]}' in text.replace('"\n#| "', "")
    assert "#~ msgid" in text
    again = update_catalogs(ws, make_template(THIRD, edited), ["uk"])
    assert again.unchanged == ("uk",), "a second run must not drop #| or #~ entries"


def test_a_source_that_comes_back_gets_its_translation_back(ws: Workspace) -> None:
    update_catalogs(ws, make_template(FIRST, SECOND), ["uk"])
    translate(ws, "uk", {SECOND: "Другий"})
    update_catalogs(ws, make_template(FIRST), ["uk"])
    assert obsolete_entry(read_catalog(ws.po_path("uk")), SECOND) is not None
    update_catalogs(ws, make_template(FIRST, SECOND), ["uk"])
    catalog = read_catalog(ws.po_path("uk"))
    back = catalog.get(SECOND)
    assert back is not None and back.strings == ("Другий",) and not back.obsolete
    assert obsolete_entry(catalog, SECOND) is None


def test_one_bad_catalog_fails_only_its_language(ws: Workspace) -> None:
    update_catalogs(ws, make_template(FIRST), ["uk", "de"])
    ws.po_path("uk").write_bytes((BAD / "unterminated-string.po").read_bytes())
    result = update_catalogs(ws, make_template(FIRST, SECOND), ["uk", "de"])
    assert result.updated == ("de",)
    assert len(result.failed) == 1 and result.failed[0].path == ws.po_path("uk")
    assert result.failed[0].line == 8


def test_unknown_language_fails_only_itself(ws: Workspace) -> None:
    result = update_catalogs(ws, make_template(FIRST), ["xx-nowhere", "de"])
    assert result.created == ("de",) and len(result.failed) == 1
    assert result.failed[0].language == "xx-nowhere" and "xx-nowhere" in result.failed[0].message
    assert not ws.po_path("xx-nowhere").exists()


def test_template_keeps_its_date_when_nothing_else_changed(tmp_path: Path) -> None:
    path = tmp_path / "messages.pot"
    assert write_template(path, make_template(FIRST)) is True
    later = CREATED + datetime.timedelta(days=3)
    assert write_template(path, make_template(FIRST, created=later)) is False
    assert "2024-08-20 10:00+0000" in path.read_text(encoding="utf-8")
    assert write_template(path, make_template(FIRST, SECOND, created=later)) is True
    assert "2024-08-23 10:00+0000" in path.read_text(encoding="utf-8")


def msgfmt_check(path: Path) -> None:
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_compiled_catalog_is_read_by_stdlib_gettext(ws: Workspace) -> None:
    update_catalogs(ws, make_template(FIRST, SECOND, THIRD), ["uk"])
    translate(ws, "uk", {FIRST: "Перший", SECOND: "Другий"})
    catalog = read_catalog(ws.po_path("uk"), locale="uk")
    second = catalog.get(SECOND)
    assert second is not None
    catalog = catalog.replaced([second.replace(flags=second.flags | {"fuzzy"})])
    write_catalog(ws.po_path("uk"), catalog)
    msgfmt_check(ws.po_path("uk"))
    published = gettext.GNUTranslations(io.BytesIO(compile_catalog(catalog)))
    assert published.gettext(FIRST) == "Перший"
    assert published.gettext(SECOND) == SECOND and published.gettext(THIRD) == THIRD
    drafts = gettext.GNUTranslations(io.BytesIO(compile_catalog(catalog, use_fuzzy=True)))
    assert drafts.gettext(SECOND) == "Другий"
    assert published.ngettext("one", "many", 5) == "many"


def test_compile_catalogs_writes_each_mo(ws: Workspace) -> None:
    update_catalogs(ws, make_template(FIRST), ["uk", "de"])
    translate(ws, "de", {FIRST: "Erste"})
    result = compile_catalogs(ws, ["uk", "de"])
    assert result.created == ("uk", "de") and not result.failed
    with ws.mo_path("de").open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext(FIRST) == "Erste"
    assert compile_catalogs(ws, ["uk", "de"]).unchanged == ("uk", "de")
    ws.po_path("uk").write_bytes(b"\x00")
    assert len(compile_catalogs(ws, ["uk", "de"]).failed) == 1


def test_stats_count_words_by_state() -> None:
    catalog = Catalog(locale="uk", entries=(
        Entry("one two three", ("один два три",)),
        Entry("four five", ("чотири пʼять",), flags=frozenset({"fuzzy"})),
        Entry("six", ("",)),
        Entry("a case", ("справа", "справи", ""), plural_id="cases"),
    ), obsolete=(Entry("seven", ("сім",), obsolete=True),))
    stats = catalog_stats(catalog)
    assert (stats.segments, stats.words) == (4, 8)
    assert (stats.reviewed, stats.reviewed_words) == (1, 3)
    assert (stats.fuzzy, stats.fuzzy_words) == (1, 2)
    assert (stats.untranslated, stats.untranslated_words) == (2, 3)
    assert stats.percent_reviewed == pytest.approx(37.5)
    assert catalog_stats(Catalog()).percent_reviewed == 0.0


def test_written_catalog_round_trips(ws: Workspace) -> None:
    update_catalogs(ws, make_template(FIRST, SECOND), ["de"])
    data = ws.po_path("de").read_bytes()
    assert format_catalog(read_catalog(ws.po_path("de"))) == data
    msgfmt_check(ws.po_path("de"))


def test_plural_entries_get_every_form_of_the_language(ws: Workspace) -> None:
    template = make_template(FIRST)
    template = template.with_entries([*template.entries, Entry(
        "%(num)d case", ("", ""), plural_id="%(num)d cases",
        locations=(("templates/index.j2", 3),))])
    update_catalogs(ws, template, ["ar", "es"])
    text = ws.po_path("ar").read_text(encoding="utf-8")
    assert 'msgstr[5] ""' in text and "msgstr[6]" not in text
    msgfmt_check(ws.po_path("ar"))
    result = update_catalogs(ws, template, ["ar", "es"])
    assert result.unchanged == ("ar", "es")


def test_a_translated_plural_of_a_one_form_language_stays_reviewed(ws: Workspace) -> None:
    """Japanese and Chinese have one plural form, so a translated plural entry has one
    string: that is a plural translation, not a singular one to be made fuzzy."""
    template = make_template(FIRST)
    template = template.with_entries([*template.entries, Entry(
        "%(num)d case", ("", ""), plural_id="%(num)d cases",
        locations=(("templates/index.j2", 3),))])
    update_catalogs(ws, template, ["ja"])
    catalog = read_catalog(ws.po_path("ja"))
    plural = next(entry for entry in catalog if entry.plural_id)
    write_catalog(ws.po_path("ja"), catalog.with_entries(
        [entry.replace(strings=("%(num)d 件",)) if entry is plural else entry
         for entry in catalog]))
    result = update_catalogs(ws, template, ["ja"])
    assert result.unchanged == ("ja",)
    kept = next(entry for entry in read_catalog(ws.po_path("ja")) if entry.plural_id)
    assert kept.strings == ("%(num)d 件",) and kept.state is State.REVIEWED
    msgfmt_check(ws.po_path("ja"))


HEADER = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
WRITTEN_HEADER = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
"""The same header as GNU msgcat writes it (a single line fits after ``msgstr``)."""


def test_a_byte_order_mark_is_read_and_not_written_back(tmp_path: Path) -> None:
    """Some Windows editors start a file with a BOM; GNU gettext 0.21 calls it a syntax error."""
    path = tmp_path / "bom.po"
    path.write_bytes(b"\xef\xbb\xbf" + HEADER + b'msgid "One"\nmsgstr "Eins"\n')
    catalog = read_catalog(path)
    assert catalog.header.get("Content-Type") == "text/plain; charset=UTF-8"
    one = catalog.get("One")
    assert one is not None and one.strings == ("Eins",) and one.line == 5
    write_catalog(path, catalog)
    assert path.read_bytes() == WRITTEN_HEADER + b'msgid "One"\nmsgstr "Eins"\n'
    msgfmt_check(path)


def test_crlf_line_ends_are_read_as_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "crlf.po"
    text = HEADER + b'#. note\nmsgid "One"\nmsgstr ""\n"Ei"\n"ns"\n'
    path.write_bytes(text.replace(b"\n", b"\r\n"))
    msgfmt_check(path)
    one = read_catalog(path).get("One")
    assert one is not None and one.strings == ("Eins",)
    assert one.extracted_comments == ("note",) and one.line == 6
    write_catalog(path, read_catalog(path))
    assert b"\r" not in path.read_bytes()
    msgfmt_check(path)


def test_octal_and_hex_escapes_are_characters(tmp_path: Path) -> None:
    path = tmp_path / "escapes.po"
    path.write_bytes(HEADER + b'msgid "\\101\\x42 \\x7e"\nmsgstr "\\141\\x62 \\176"\n')
    msgfmt_check(path)
    catalog = read_catalog(path)
    entry = catalog.get("AB ~")
    assert entry is not None and entry.strings == ("ab ~",)
    write_catalog(path, catalog)
    assert path.read_bytes().endswith(b'msgid "AB ~"\nmsgstr "ab ~"\n')
    msgfmt_check(path)


def test_previous_context_and_empty_extracted_lines_survive_a_round_trip(
        tmp_path: Path) -> None:
    """``#| msgctxt`` and bare ``#.`` lines (the Babel-based reader lost both) come back as read."""
    path = tmp_path / "kept.po"
    data = WRITTEN_HEADER + (
        b"#. paragraph\n#.\n#. keep the names\n"
        b'#, fuzzy\n#| msgctxt "menu"\n#| msgid "Old"\nmsgctxt "menu item"\nmsgid "New"\n'
        b'msgstr "Neu"\n')
    path.write_bytes(data)
    msgfmt_check(path)
    catalog = read_catalog(path)
    entry = catalog.get("New", "menu item")
    assert entry is not None
    assert (entry.previous_context, entry.previous_id) == ("menu", "Old")
    assert entry.extracted_comments == ("paragraph", "", "keep the names")
    assert format_catalog(catalog) == data


MACHINE = draft_comments("apertium eng→ukr", ("Привіт",))


@pytest.mark.parametrize(("entry", "state"), [
    (Entry("Hello", ("Привіт",)), State.REVIEWED),
    (Entry("Hello"), State.UNTRANSLATED),
    (Entry("a day", ("день", "", "днів"), plural_id="days"), State.UNTRANSLATED),
    (Entry("Hello", ("Привіт",), flags=frozenset({"fuzzy"})), State.DRAFT),
    (Entry("Hello", ("Привіт",), flags=frozenset({"fuzzy"}), translator_comments=MACHINE),
     State.DRAFT),
    (Entry("Hello", ("Привіт",), flags=frozenset({"fuzzy"}), previous_id="Hi"),
     State.OUTDATED),
    (Entry("Hello", ("Привіт",), flags=frozenset({"fuzzy"}), previous_id="Hi",
           translator_comments=MACHINE), State.DRAFT),
    (Entry("Hello", ("Привіт!",), flags=frozenset({"fuzzy"}), previous_id="Hi",
           translator_comments=MACHINE), State.OUTDATED),
    (Entry("Hello", ("Привіт",), previous_id="Hi"), State.REVIEWED),
    (Entry("Hello", ("Привіт",), obsolete=True), State.OBSOLETE),
], ids=["reviewed", "empty", "plural-form-missing", "fuzzy", "machine-draft",
        "human-translation-of-older-source", "untouched-draft-of-older-source",
        "edited-draft-of-older-source", "previous-without-fuzzy", "obsolete"])
def test_each_entry_has_one_state(entry: Entry, state: State) -> None:
    """Outdated: fuzzy, with the ``#|`` source it was made for, and not an untouched draft."""
    assert entry.state is state


def test_stats_count_outdated_translations_among_the_fuzzy() -> None:
    catalog = Catalog(entries=(
        Entry("one two", ("один два",), flags=frozenset({"fuzzy"}), previous_id="one"),
        Entry("three", ("три",), flags=frozenset({"fuzzy"}))))
    stats = catalog_stats(catalog)
    assert (stats.fuzzy, stats.fuzzy_words) == (2, 3)
    assert (stats.outdated, stats.outdated_words) == (1, 2)
