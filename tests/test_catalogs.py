"""Reading strictly, updating like msgmerge, compiling, counting."""

from __future__ import annotations

import datetime
import gettext
import io
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from appeal.catalogs import (
    catalog_stats,
    compile_catalog,
    compile_catalogs,
    format_catalog,
    read_catalog,
    update_catalogs,
    write_catalog,
    write_template,
)
from appeal.errors import CatalogError
from appeal.workspace import Workspace

BAD = Path(__file__).parent / "data" / "bad"
CREATED = datetime.datetime(2024, 8, 20, 10, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(("name", "line", "words"), [
    ("unterminated-string", 8, "unterminated string"),
    ("bad-escape", 9, "invalid escape sequence '\\q'"),
    ("wrong-charset", 8, "not valid in the declared charset 'UTF-8'"),
    ("binary-nul", 4, "binary file"),
    ("random-bytes", 1, "binary file"),
    ("compiled-mo", 1, "compiled .mo catalog"),
    ("missing-msgstr", 8, "missing msgstr"),
    ("duplicate-msgid", 8, "duplicate message definition"),
    ("unknown-keyword", 8, "unknown keyword 'msgtxt'"),
    ("unknown-charset", 3, "unknown charset 'KLINGON-8'"),
])
def test_each_malformed_file_names_its_line(name: str, line: int, words: str) -> None:
    path = BAD / f"{name}.po"
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    assert caught.value.line == line
    assert caught.value.path == path
    assert words in caught.value.message
    assert str(caught.value).startswith(f"{path}:{line}: ")


def make_template(*paragraphs: str) -> Catalog:
    template = Catalog(project="appeal", creation_date=CREATED)
    for number, text in enumerate(paragraphs):
        template.add(text, locations=[("content/appeal.md", 10 * number + 1)],
                     auto_comments=["paragraph"])
    return template


FIRST = "The Committee for Solidary Actions is a political group of left-wing activists."
SECOND = "We have been and are still fighting for the release of political prisoners."
THIRD = "At the moment, the main purpose is to support repressed trade union activists."


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(root=tmp_path, languages=("uk", "de"))


def translate(ws: Workspace, lang: str, strings: dict[str, str]) -> None:
    catalog = read_catalog(ws.po_path(lang))
    for msgid, msgstr in strings.items():
        catalog[msgid].string = msgstr
        catalog[msgid].user_comments = ["checked by Olena"]
        catalog[msgid].flags.add("appeal-ignore-end-stop")
    write_catalog(ws.po_path(lang), catalog)


def test_new_catalogs_get_language_and_plural_forms(ws: Workspace) -> None:
    result = update_catalogs(ws, make_template(FIRST, SECOND), ["uk", "de"])
    assert result.created == ("uk", "de") and not result.failed
    catalog = read_catalog(ws.po_path("uk"))
    assert str(catalog.locale) == "uk" and catalog.num_plurals == 3
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
    catalog = read_catalog(ws.po_path("uk"))
    fuzzy = catalog[edited]
    assert fuzzy.fuzzy and fuzzy.string == "Перший" and fuzzy.previous_id == [FIRST]
    assert fuzzy.user_comments == ["checked by Olena"]
    assert "appeal-ignore-end-stop" in fuzzy.flags
    assert catalog[THIRD].locations == [("content/appeal.md", 1)]
    assert catalog[THIRD].auto_comments == ["paragraph"] and not catalog[THIRD].fuzzy
    assert catalog.obsolete[SECOND].string == "Другий"
    text = ws.po_path("uk").read_text(encoding="utf-8")
    assert f'#| msgid "{FIRST[:40]}' in text.replace('"\n#| "', "")
    assert "#~ msgid" in text
    again = update_catalogs(ws, make_template(THIRD, edited), ["uk"])
    assert again.unchanged == ("uk",), "a second run must not drop #| or #~ entries"


def test_a_source_that_comes_back_gets_its_translation_back(ws: Workspace) -> None:
    update_catalogs(ws, make_template(FIRST, SECOND), ["uk"])
    translate(ws, "uk", {SECOND: "Другий"})
    update_catalogs(ws, make_template(FIRST), ["uk"])
    assert SECOND in read_catalog(ws.po_path("uk")).obsolete
    update_catalogs(ws, make_template(FIRST, SECOND), ["uk"])
    catalog = read_catalog(ws.po_path("uk"))
    assert catalog[SECOND].string == "Другий" and SECOND not in catalog.obsolete


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


def test_template_keeps_its_date_when_nothing_else_changed(tmp_path: Path) -> None:
    path = tmp_path / "messages.pot"
    assert write_template(path, make_template(FIRST)) is True
    later = make_template(FIRST)
    later.creation_date = CREATED + datetime.timedelta(days=3)
    assert write_template(path, later) is False
    assert "2024-08-20 10:00+0000" in path.read_text(encoding="utf-8")
    changed = make_template(FIRST, SECOND)
    changed.creation_date = CREATED + datetime.timedelta(days=3)
    assert write_template(path, changed) is True
    assert "2024-08-23 10:00+0000" in path.read_text(encoding="utf-8")


def msgfmt_check(path: Path) -> None:
    done = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_compiled_catalog_is_read_by_stdlib_gettext(ws: Workspace) -> None:
    update_catalogs(ws, make_template(FIRST, SECOND, THIRD), ["uk"])
    translate(ws, "uk", {FIRST: "Перший", SECOND: "Другий"})
    catalog = read_catalog(ws.po_path("uk"))
    catalog[SECOND].flags.add("fuzzy")
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
    catalog = Catalog(locale="uk")
    catalog.add("one two three", "один два три")
    catalog.add("four five", "чотири пʼять", flags=["fuzzy"])
    catalog.add("six", "")
    catalog.add(("a case", "cases"), ("справа", "справи", ""))
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
    template.add(("%(num)d case", "%(num)d cases"), locations=[("templates/index.j2", 3)])
    update_catalogs(ws, template, ["ar", "es"])
    text = ws.po_path("ar").read_text(encoding="utf-8")
    assert 'msgstr[5] ""' in text and "msgstr[6]" not in text
    msgfmt_check(ws.po_path("ar"))
    result = update_catalogs(ws, template, ["ar", "es"])
    assert result.unchanged == ("ar", "es")
