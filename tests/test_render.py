"""Pages per language: structure, localized chrome, drafts, escaping and determinism."""

from __future__ import annotations

import dataclasses
import filecmp
import gettext
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import write_po

from appeal.catalogs import Translations, read_catalog, translations
from appeal.errors import ConfigError, SourceError
from appeal.pagetext import TEMPLATES
from appeal.render import (
    LanguageInfo,
    language_info,
    page_chrome,
    page_context,
    render_document,
    render_index,
    render_language,
    template_search_path,
)
from appeal.segments import Heading, TranslatedDocument, parse_document
from appeal.workspace import Workspace
from tests.conftest import compiled

REPO = Path(__file__).resolve().parent.parent
SKELETON = REPO / "appeal" / "skeleton"
READING_ONE = ("Approximate reading time: %(minutes)s minute",
               "Approximate reading time: %(minutes)s minutes")
READING_RANGE = ("Approximate reading time: %(low)s\u2013%(high)s minute",
                 "Approximate reading time: %(low)s\u2013%(high)s minutes")
LAST_CHANGED = "Last changed on %(date)s"
DRAFT = "Machine-translated draft, not reviewed."
SOURCE = """---
title: Free the prisoners
description: An appeal
date: 2024-05-01
---

# Free the prisoners

We ask for your *solidarity*.

## Who we are

A committee.

## What we ask

### Letters

Write to them.
"""


class Page(HTMLParser):
    """The parts of a page the tests look at, found by parsing rather than by pattern."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.texts: dict[str, list[str]] = {}
        self.links: list[tuple[dict[str, str | None], str]] = []
        self._link: dict[str, str | None] | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in {"meta", "link", "br", "img"}:
            self.stack.append(tag)
        if tag == "a":
            self._link = dict(attrs)
            self.links.append((self._link, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]
        if tag == "a":
            self._link = None

    def handle_data(self, data: str) -> None:
        for tag in set(self.stack):
            self.texts.setdefault(tag, []).append(data)
        if self._link is not None:
            attrs, text = self.links[-1]
            self.links[-1] = (attrs, text + data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.elements if name == tag]

    def text(self, tag: str) -> str:
        return " ".join("".join(self.texts.get(tag, [])).split())


def workspace(tmp_path: Path, languages: tuple[str, ...] = ("de", "ar", "ru")) -> Workspace:
    return Workspace(root=tmp_path, source_language="en", languages=languages)


def infos(ws: Workspace) -> list[LanguageInfo]:
    return [language_info(code, 100.0 if code == ws.source_language else 40.0)
            for code in ws.all_languages]


def stand_in(words: int = 100, headings: tuple[Heading, ...] = ()) -> TranslatedDocument:
    """A translated document with exactly the numbers a test needs."""
    return TranslatedDocument(front_matter={"title": "T"}, html="<p>Body</p>\n",
                              markdown="Body\n", text="Body\n", text_body="Body\n",
                              headings=headings,
                              words=words, segments=1, translated=1)


def render_one(ws: Workspace, lang: str, translations: Translations | None,
               translated: TranslatedDocument, *, drafts: bool = False,
               fmt: str = "html") -> str:
    document = parse_document(SOURCE, name="appeal")
    context = page_context(ws, language_info(lang), document, translated, drafts=drafts,
                           languages=infos(ws))
    files = render_document(page_chrome(ws, translations), context, [fmt])
    return files[f"appeal.{fmt}"].decode("utf-8")


@pytest.fixture
def built(tmp_path: Path) -> tuple[Workspace, Path]:
    ws = workspace(tmp_path)
    document = parse_document(SOURCE, name="appeal")
    de = compiled("de", {"Free the prisoners": "Freiheit für die Gefangenen",
                         "Who we are": "Wer wir sind", "Contents": "Inhalt",
                         "Languages": "Sprachen"})
    render_language(ws, "de", [document], de, drafts=False, formats=["html", "md", "txt"],
                    out=ws.dist, languages=infos(ws))
    return ws, ws.dist / "de" / "appeal.html"


def test_page_declares_language_direction_and_alternates(built: tuple[Workspace, Path]) -> None:
    _, path = built
    page = Page(path.read_text(encoding="utf-8"))
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>\n")
    assert page.all("html") == [{"lang": "de", "dir": "ltr"}]
    assert {"charset": "utf-8"} in page.all("meta")
    assert page.text("title") == "Freiheit für die Gefangenen"
    alternates = {a["hreflang"]: a["href"] for a in page.all("link") if a.get("rel") == "alternate"}
    assert alternates == {"en": "../en/appeal.html", "de": "../de/appeal.html",
                          "ar": "../ar/appeal.html", "ru": "../ru/appeal.html",
                          "x-default": "../en/appeal.html"}


def test_switcher_names_each_language_in_its_own_language(built: tuple[Workspace, Path]) -> None:
    _, path = built
    page = Page(path.read_text(encoding="utf-8"))
    switcher = {attrs["href"]: (text, attrs["lang"]) for attrs, text in page.links
                if attrs.get("hreflang") and not str(attrs["href"]).startswith("#")}
    assert switcher == {"../en/appeal.html": ("English", "en"),
                        "../de/appeal.html": ("Deutsch", "de"),
                        "../ar/appeal.html": ("العربية", "ar"),
                        "../ru/appeal.html": ("Русский", "ru")}
    current = [attrs["href"] for attrs, _ in page.links if "aria-current" in attrs]
    assert current == ["../de/appeal.html"]
    assert "Sprachen" in page.text("nav")


def test_main_holds_exactly_the_body_and_chrome_comes_before(built: tuple[Workspace, Path]
                                                             ) -> None:
    _, path = built
    html = path.read_text(encoding="utf-8")
    assert len(Page(html).all("main")) == 1
    before, rest = html.split("<main>")
    body = rest.split("</main>")[0]
    assert "<h1 id=\"free-the-prisoners\">Freiheit für die Gefangenen</h1>" in body
    assert "Inhalt" not in body and "Approximate reading time" not in body
    assert "Inhalt" in before and "Approximate reading time: 1 minute" in before
    header = Page(before)
    assert header.all("time") == [{"datetime": "2024-05-01"}]
    assert "Last changed on 1. Mai 2024" in header.text("time")


def test_table_of_contents_links_to_sections_below_the_title(built: tuple[Workspace, Path]
                                                             ) -> None:
    _, path = built
    html = path.read_text(encoding="utf-8")
    body = Page(html.split("<main>")[1])
    ids = {attrs["id"] for _, attrs in body.elements if attrs.get("id")}
    toc = Page(html.split('<nav class="toc"')[1].split("</nav>")[0])
    entries = [(attrs["href"], text) for attrs, text in toc.links]
    assert entries == [("#who-we-are", "Wer wir sind"), ("#what-we-ask", "What we ask"),
                       ("#letters", "Letters")]
    assert {href[1:] for href, _ in entries} <= ids
    assert not Page(html.split("<main>")[0]).all("h1")  # the body's h1 is the only title


def test_without_a_level_one_heading_every_heading_is_listed_and_title_shown(tmp_path: Path
                                                                            ) -> None:
    headings = (Heading(2, "A", "a"), Heading(3, "B", "b"))
    html = render_one(workspace(tmp_path), "en", None, stand_in(headings=headings))
    toc = Page(html.split('<nav class="toc"')[1])
    assert [attrs["href"] for attrs, _ in toc.links] == ["#a", "#b"]
    assert Page(html.split("<main>")[0]).text("h1") == "T"


def test_markdown_and_text_outputs(built: tuple[Workspace, Path]) -> None:
    ws, _ = built
    markdown = (ws.dist / "de" / "appeal.md").read_text(encoding="utf-8")
    assert markdown.startswith("---\n")
    assert "# Freiheit für die Gefangenen" in markdown
    text = (ws.dist / "de" / "appeal.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[:2] == ["Freiheit für die Gefangenen", "=" * len("Freiheit für die Gefangenen")]
    assert "Last changed on 1. Mai 2024" in lines
    assert "Approximate reading time: 1 minute" in lines
    assert "Write to them." in text
    assert all(len(line) <= 72 for line in lines)


def test_main_is_the_translated_html_verbatim(tmp_path: Path) -> None:
    html = render_one(workspace(tmp_path), "de", None, stand_in())
    assert html.split("<main>")[1].split("</main>")[0] == "<p>Body</p>\n"
    assert html.endswith("</main>\n</body>\n</html>\n")


def test_markdown_output_is_the_translated_markdown(tmp_path: Path) -> None:
    translated = stand_in()
    assert render_one(workspace(tmp_path), "de", None, translated, fmt="md") == "Body\n"


def test_text_chrome_is_wrapped_at_72(tmp_path: Path) -> None:
    long = "Ein maschinell übersetzter Entwurf, der noch von niemandem durchgesehen wurde " * 3
    de = compiled("de", {DRAFT: long.strip()})
    text = render_one(workspace(tmp_path), "de", de, stand_in(), drafts=True, fmt="txt")
    notice = [line for line in text.split("\n") if "Entwurf" in line or "wurde" in line]
    assert len(notice) >= 3
    assert all(len(line) <= 72 for line in text.split("\n"))


def po_compiled_by_msgfmt(tmp_path: Path, locale: str,
                          entries: dict[tuple[str, str], tuple[str, ...]]) -> Translations:
    """Write a real .po, let GNU msgfmt check and compile it, and read it as a build does.

    The .mo msgfmt wrote is the reference: its plural forms must match ours.
    """
    catalog = Catalog(locale=locale)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr, flags=["python-format"])
    po, mo = tmp_path / f"{locale}.po", tmp_path / f"{locale}.mo"
    with po.open("wb") as handle:
        write_po(handle, catalog)
    subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)
    ours = translations(read_catalog(po, locale=locale))
    with mo.open("rb") as handle:
        reference = gettext.GNUTranslations(handle)
    for (singular, plural) in entries:
        for n in (0, 1, 2, 3, 5, 11, 21, 22, 25, 101, 111, 1000):
            assert ours.ngettext(singular, plural, n) == reference.ngettext(singular, plural, n)
    return ours


RU = {READING_ONE: ("Время чтения: около %(minutes)s минуты",
                    "Время чтения: около %(minutes)s минут",
                    "Время чтения: около %(minutes)s минут"),
      READING_RANGE: ("Время чтения: %(low)s\u2013%(high)s минута",
                      "Время чтения: %(low)s\u2013%(high)s минуты",
                      "Время чтения: %(low)s\u2013%(high)s минут")}
PL = {READING_ONE: ("Czas czytania: %(minutes)s minuta", "Czas czytania: %(minutes)s minuty",
                    "Czas czytania: %(minutes)s minut"),
      READING_RANGE: ("Czas czytania: %(low)s\u2013%(high)s minuta",
                      "Czas czytania: %(low)s\u2013%(high)s minuty",
                      "Czas czytania: %(low)s\u2013%(high)s minut")}


@pytest.mark.parametrize(("locale", "entries", "words", "expected"), [
    ("ru", RU, 100, "Время чтения: около 1 минуты"),
    ("ru", RU, 550, "Время чтения: около 3 минут"),
    ("ru", RU, 1000, "Время чтения: 4\u20135 минут"),
    ("ru", RU, 800, "Время чтения: около 4 минут"),
    ("ru", RU, 4100, "Время чтения: 17\u201321 минута"),
    ("ru", RU, 4400, "Время чтения: 18\u201322 минуты"),
    ("pl", PL, 100, "Czas czytania: 1 minuta"),
    ("pl", PL, 550, "Czas czytania: 3 minuty"),
    ("pl", PL, 1000, "Czas czytania: 4\u20135 minut"),
    ("pl", PL, 4400, "Czas czytania: 18\u201322 minuty"),
])
def test_reading_time_uses_the_language_plural_forms(tmp_path: Path, locale: str,
                                                     entries: dict, words: int,
                                                     expected: str) -> None:
    translations = po_compiled_by_msgfmt(tmp_path, locale, entries)
    text = render_one(workspace(tmp_path), locale, translations, stand_in(words), fmt="txt")
    assert expected in text.split("\n")
    html = render_one(workspace(tmp_path), locale, translations, stand_in(words))
    assert expected in Page(html.split("<main>")[0]).text("p")


@pytest.mark.parametrize(("lang", "expected"), [
    ("de", "1. Mai 2024"), ("fr", "1 mai 2024"), ("ar", "1 مايو 2024"),
    ("ru", "1 мая 2024 г."), ("en", "May 1, 2024"),
])
def test_date_is_formatted_for_the_locale(tmp_path: Path, lang: str, expected: str) -> None:
    fr = compiled(lang, {LAST_CHANGED: "Modifié le %(date)s"}) if lang == "fr" else None
    html = render_one(workspace(tmp_path), lang, fr, stand_in())
    label = "Modifié le" if lang == "fr" else "Last changed on"
    assert Page(html).text("time") == f"{label} {expected}"


@pytest.mark.parametrize(("lang", "direction"), [("ar", "rtl"), ("he", "rtl"), ("fa", "rtl"),
                                                  ("de", "ltr"), ("ru", "ltr")])
def test_right_to_left_languages_get_dir_rtl(tmp_path: Path, lang: str, direction: str) -> None:
    html = render_one(workspace(tmp_path), lang, None, stand_in())
    assert Page(html).all("html") == [{"lang": lang, "dir": direction}]


def test_draft_notice_only_in_drafts_builds(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    drafted_id = "We ask for your *solidarity*."
    de = dataclasses.replace(compiled("de", {
        DRAFT: "Maschinell übersetzter Entwurf, nicht durchgesehen.",
        drafted_id: "Wir bitten um eure *Solidarität*."}), drafts=frozenset({drafted_id}))
    document = parse_document(SOURCE, name="appeal")
    for drafts, out in ((True, tmp_path / "drafts"), (False, tmp_path / "final")):
        for lang, shown in (("de", de), ("en", None)):
            render_language(ws, lang, [document], shown, drafts=drafts,
                            formats=["html", "txt"], out=out, languages=infos(ws))
    drafted = Page((tmp_path / "drafts" / "de" / "appeal.html").read_text(encoding="utf-8"))
    notes = [attrs for attrs in drafted.all("p") if "draft" in attrs.get("class", "").split()]
    assert notes == [{"class": "notice draft", "role": "note"}]
    assert drafted.elements.index(("p", notes[0])) < drafted.elements.index(("main", {}))
    assert "Maschinell übersetzter Entwurf" in drafted.text("header")
    assert "Maschinell übersetzter Entwurf" in (tmp_path / "drafts" / "de" / "appeal.txt"
                                                ).read_text(encoding="utf-8")
    for path in [tmp_path / "final" / "de" / "appeal.html", tmp_path / "final" / "de" /
                 "appeal.txt", tmp_path / "drafts" / "en" / "appeal.html"]:
        text = path.read_text(encoding="utf-8")
        assert "Entwurf" not in text and "draft" not in text.split("<style>")[-1].split(
            "</style>")[-1]


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>",
                                     '"><img src=x onerror=alert(1)>'])
def test_hostile_chrome_translations_are_escaped_in_the_page(tmp_path: Path,
                                                             hostile: str) -> None:
    strings = {"Contents": hostile, "Languages": hostile, DRAFT: hostile,
               LAST_CHANGED: hostile + " %(date)s",
               READING_RANGE: (hostile + " %(low)s\u2013%(high)s",) * 2}
    headings = (Heading(1, "T", "t"), Heading(2, "S", "s"))
    html = render_one(workspace(tmp_path), "de", compiled("de", strings),
                      stand_in(1000, headings), drafts=True)
    assert "<script" not in html and "<img" not in html
    assert html.count("&lt;script&gt;" if "script" in hostile else "&lt;img") == 5


def test_hostile_front_matter_and_headings_are_escaped(tmp_path: Path) -> None:
    translated = TranslatedDocument(
        front_matter={"title": "</title><script>x()</script>", "description": '"><b>'},
        html="<p>Body</p>", markdown="", text="", text_body="", words=5, segments=1,
        translated=1,
        headings=(Heading(2, "<img src=x>", 'a" onclick="x'),))
    html = render_one(workspace(tmp_path), "de", None, translated)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert 'href="#a&#34; onclick=&#34;x"' in html


def test_real_segments_untranslated_text_is_marked_with_the_source_language(
        built: tuple[Workspace, Path]) -> None:
    _, path = built
    body = path.read_text(encoding="utf-8").split("<main>")[1]
    assert '<h2 id="what-we-ask" lang="en" dir="ltr">' in body


def test_renders_are_byte_identical_and_unchanged_files_are_not_rewritten(tmp_path: Path
                                                                         ) -> None:
    ws = workspace(tmp_path)
    document = parse_document(SOURCE, name="appeal")
    de = compiled("de", {"Who we are": "Wer wir sind"})
    for out in (tmp_path / "one", tmp_path / "two"):
        for lang in ws.all_languages:
            written = render_language(ws, lang, [document], de if lang == "de" else
                                      None, drafts=True,
                                      formats=["html", "md", "txt"], out=out,
                                      languages=infos(ws))
            assert len(written.written) == 3 and written.owned == written.written
        render_index(ws, infos(ws), out)
    comparison = filecmp.dircmp(tmp_path / "one", tmp_path / "two")
    assert comparison.left_list == comparison.right_list
    for lang in ws.all_languages:
        for name in ("appeal.html", "appeal.md", "appeal.txt"):
            assert ((tmp_path / "one" / lang / name).read_bytes()
                    == (tmp_path / "two" / lang / name).read_bytes())
    assert (tmp_path / "one/index.html").read_bytes() == (tmp_path / "two/index.html").read_bytes()
    again = render_language(ws, "de", [document], de, drafts=True,
                            formats=["html", "md", "txt"], out=tmp_path / "one",
                            languages=infos(ws))
    assert again.written == () and len(again.owned) == 3


def test_index_lists_every_language_escaped(tmp_path: Path) -> None:
    ws = Workspace(root=tmp_path, source_language="en", languages=("de", "ar"),
                   project="<script>p()</script>", formats=("html", "txt"))
    (tmp_path / "content").mkdir()
    for name in ("digest", "appeal"):
        (tmp_path / "content" / f"{name}.md").write_text("x\n", encoding="utf-8")
    languages = [*infos(ws), LanguageInfo(code="xx", native_name="<b>X</b>", rtl=False,
                                          percent=66.6)]
    path = render_index(ws, languages, tmp_path / "dist")
    assert path == tmp_path / "dist" / "index.html"
    html = path.read_text(encoding="utf-8")
    assert "<script>" not in html and "<b>" not in html
    page = Page(html)
    hrefs = [attrs["href"] for attrs, _ in page.links]
    assert hrefs == [f"{code}/{name}.{fmt}" for code in ("en", "de", "ar", "xx")
                     for name in ("appeal", "digest") for fmt in ("html", "txt")]
    assert page.texts["code"] == ["en", "de", "ar", "xx"]
    names = [attrs for attrs in page.all("td") if "lang" in attrs]
    assert names == [{"lang": "en", "dir": "ltr"}, {"lang": "de", "dir": "ltr"},
                     {"lang": "ar", "dir": "rtl"}, {"lang": "xx", "dir": "ltr"}]
    cells = page.text("td")
    for expected in ("English", "Deutsch", "العربية", "<b>X</b>", "100%", "40%", "66%"):
        assert expected in cells, "shares are rounded down, as every table shows them"


def test_unknown_format_is_a_config_error(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    with pytest.raises(ConfigError, match="'docx'"):
        render_language(ws, "en", [parse_document(SOURCE, name="appeal")],
                        None, drafts=False, formats=["docx"],
                        out=tmp_path / "dist", languages=infos(ws))


def test_bad_front_matter_date_names_the_document(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    document = parse_document(SOURCE, name="appeal")  # built by hand: the parser refuses it
    document = dataclasses.replace(document, front_matter={**document.front_matter,
                                                           "date": "first of May"})
    with pytest.raises(SourceError, match="first of May") as caught:
        render_language(ws, "en", [document], None, drafts=False,
                        formats=["html"], out=tmp_path / "dist", languages=infos(ws))
    assert caught.value.path == ws.content / "appeal.md"


def test_workspace_templates_override_the_shipped_ones(tmp_path: Path) -> None:
    ws = workspace(tmp_path)
    ws.templates.mkdir()
    (ws.templates / "page.txt.j2").write_text("{{ title }}!\n", encoding="utf-8")
    render_language(ws, "en", [parse_document(SOURCE, name="appeal")],
                    None, drafts=False, formats=["txt"],
                    out=ws.dist, languages=infos(ws))
    assert (ws.dist / "en" / "appeal.txt").read_text(encoding="utf-8") == "Free the prisoners!\n"


def test_a_workspace_template_overrides_the_package_one_of_the_same_name(tmp_path: Path
                                                                         ) -> None:
    ws = workspace(tmp_path)
    before = render_one(ws, "en", None, stand_in(), fmt="txt")
    ws.templates.mkdir()
    (ws.templates / "page.txt.j2").write_text("Our own: {{ title }}\n", encoding="utf-8")
    assert render_one(ws, "en", None, stand_in(), fmt="txt") == "Our own: T\n"
    assert render_one(ws, "en", None, stand_in(), fmt="md") == "Body\n", "others still shipped"
    assert before != "Our own: T\n"
    assert template_search_path(ws) == [ws.templates, TEMPLATES]


def extracted_chrome() -> list[str | tuple[str, ...]]:
    """The msgids Babel extracts from the shipped templates, with the shipped babel.cfg."""
    with (SKELETON / "babel.cfg").open(encoding="utf-8") as handle:
        _, options_map = parse_mapping_cfg(handle)
    options = next(opts for pattern, opts in options_map.items() if pattern.endswith(".j2"))
    messages = []
    for path in sorted(TEMPLATES.glob("*.j2")):
        with path.open("rb") as handle:
            messages += [message for _, message, _, _ in extract("jinja2", handle,
                                                                 options=options)]
    return messages


def test_extracted_msgids_are_the_ones_the_pages_look_up(tmp_path: Path) -> None:
    messages = extracted_chrome()
    for expected in (READING_ONE, READING_RANGE, LAST_CHANGED, DRAFT, "Contents", "Languages"):
        assert expected in messages
    marked = {m: (tuple(f"@{form}" for form in m) if isinstance(m, tuple) else f"@{m}")
              for m in messages}
    headings = (Heading(1, "T", "t"), Heading(2, "S", "s"))
    for words in (100, 1000):
        html = render_one(workspace(tmp_path), "de", compiled("de", marked),
                          stand_in(words, headings), drafts=True)
        header = Page(html.split("<main>")[0].split("</style>")[1])
        chrome = [part for part in header.texts.get("header", []) if part.strip()]
        untranslated = [part for part in chrome
                        if not part.strip().startswith("@") and part.strip() not in
                        {info.native_name for info in infos(workspace(tmp_path))} | {"S"}]
        assert untranslated == []


def test_shipped_babel_cfg_maps_content_and_templates() -> None:
    with (SKELETON / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    assert method_map == [("content/**.md", "markdown"), ("templates/**.j2", "jinja2")]
    options = options_map["templates/**.j2"]
    assert options["extensions"] == "jinja2.ext.i18n"
    assert (options["silent"], options["trimmed"], options["newstyle_gettext"]) == (
        "false", "true", "true")


def test_every_message_in_extracted_chrome_is_valid_for_msgfmt(tmp_path: Path) -> None:
    catalog = Catalog(locale="de")
    for message in extracted_chrome():
        catalog.add(message, tuple(message) if isinstance(message, tuple) else message)
    po = tmp_path / "de.po"
    with po.open("wb") as handle:
        write_po(handle, catalog)
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert shutil.which("msgfmt")
