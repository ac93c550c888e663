"""The site around the pages: link previews, sitemap, base URL, index links, e-mail text."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from appeal.catalogs import Catalog, Entry
from appeal.errors import CatalogError, ConfigError
from appeal.formats import FORMATS
from appeal.languages import language_info
from appeal.render import render_index
from appeal.segments import parse_document
from appeal.site import base_url
from appeal.stages.site import index_titles
from appeal.workspace import Workspace
from tests.conftest import (
    BASE_URL,
    PLANTED,
    PUBLISHED_FORMATS,
    copy_sample,
    plant_translations,
    run_appeal,
)
from tests.test_render import Page

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def meta(page: Page) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for attrs in page.all("meta"):
        key = attrs.get("property") or attrs.get("name")
        if key:
            found.setdefault(str(key), []).append(str(attrs.get("content")))
    return found


@pytest.mark.parametrize(("lang", "locale"), [("ru", "ru_RU"), ("ar", "ar_EG"), ("en", "en_US")])
def test_link_preview_metadata_is_in_the_page_language(published: Path, lang: str,
                                                       locale: str) -> None:
    page = Page((published / "dist" / lang / "appeal.html").read_text(encoding="utf-8"))
    tags = meta(page)
    title = PLANTED[lang]["SAC's appeal to left-wing organizations"] if lang in PLANTED \
        else "SAC's appeal to left-wing organizations"
    assert tags["og:title"] == [title] and page.text("title") == title
    assert tags["og:locale"] == [locale]
    assert sorted(tags["og:locale:alternate"]) == sorted(
        {"en_US", "ru_RU", "uk_UA", "ar_EG"} - {locale})
    assert tags["og:type"] == ["article"] and tags["twitter:card"] == ["summary"]
    assert tags["og:url"] == [f"{BASE_URL}{lang}/appeal.html"]
    assert tags["og:description"][0]
    alternates = {a["hreflang"]: a["href"] for a in page.all("link") if a.get("rel") == "alternate"}
    assert alternates["x-default"] == f"{BASE_URL}en/appeal.html"
    assert alternates["uk"] == f"{BASE_URL}uk/appeal.html"


def test_sitemap_lists_every_page_with_its_alternates(published: Path) -> None:
    root = ET.parse(published / "dist" / "sitemap.xml").getroot()
    urls = root.findall(f"{SITEMAP}url")
    locations = [url.findtext(f"{SITEMAP}loc") for url in urls]
    assert locations == [f"{BASE_URL}{lang}/{name}.html" for name in ("appeal", "digest")
                         for lang in ("en", "ru", "uk", "ar")]
    for url in urls:
        links = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        name = url.findtext(f"{SITEMAP}loc").rsplit("/", 1)[1]
        assert links == {**{lang: f"{BASE_URL}{lang}/{name}" for lang in ("en", "ru", "uk", "ar")},
                         "x-default": f"{BASE_URL}en/{name}"}


def test_index_links_every_format_to_a_file_that_exists(published: Path) -> None:
    """The build was given fewer formats than the settings name (no md): the index links
    only what it built."""
    built = PUBLISHED_FORMATS.split(",")
    assert "md" not in built
    page = Page((published / "dist" / "index.html").read_text(encoding="utf-8"))
    hrefs = [attrs["href"] for attrs, _ in page.links]
    for href in hrefs:
        assert (published / "dist" / href).is_file(), href
    endings = {"html": ("appeal.html", "digest.html"), "txt": (".txt",), "pdf": (".pdf",),
               "telegram": (".telegram.1.html",)}
    for fmt in built:
        assert sum(href.endswith(endings[fmt]) for href in hrefs) == 4 * 2, fmt
    assert not any(href.endswith(".md") for href in hrefs)


def test_without_base_url_no_sitemap_and_a_note(small_sample: Path) -> None:
    (small_sample / "dist").mkdir()
    (small_sample / "dist" / "sitemap.xml").write_text("old", encoding="utf-8")
    result = run_appeal("-C", small_sample, "build", "--format", "html,telegram")
    assert result.exit_code == 0, result.output
    assert "note: no sitemap.xml: set base_url in appeal.toml" in result.output
    assert not (small_sample / "dist" / "sitemap.xml").exists()
    page = Page((small_sample / "dist" / "en" / "appeal.html").read_text(encoding="utf-8"))
    assert "og:url" not in meta(page)
    assert "canonical" not in {a.get("rel") for a in page.all("link")}
    assert (small_sample / "dist" / "en" / "appeal.telegram.1.html").is_file()


def test_stale_posts_are_removed_when_a_document_shrinks(small_sample: Path) -> None:
    assert run_appeal("-C", small_sample, "build", "--lang", "en",
                      "--format", "telegram").exit_code == 0
    posts = sorted((small_sample / "dist" / "en").glob("digest.telegram.*.html"))
    assert len(posts) >= 3
    (small_sample / "content" / "digest.md").write_text(
        "---\ntitle: Short\n---\n\nOne paragraph.\n", encoding="utf-8")
    assert run_appeal("-C", small_sample, "build", "--lang", "en",
                      "--format", "telegram").exit_code == 0
    assert [p.name for p in (small_sample / "dist" / "en").glob("digest.telegram.*.html")] == [
        "digest.telegram.1.html"]


@pytest.mark.parametrize(("value", "expected"), [
    ("https://example.org/appeal", "https://example.org/appeal/"),
    ("http://example.org/", "http://example.org/"), ("", None), (None, None)])
def test_base_url_is_normalised(tmp_path: Path, value: str | None, expected: str | None) -> None:
    settings = {"appeal": {} if value is None else {"base_url": value}}
    assert base_url(Workspace(root=tmp_path, settings=settings)) == expected


@pytest.mark.parametrize("value", ["example.org", "javascript:alert(1)", "https://x.org/?a=1",
                                   "ftp://x.org/", 42])
def test_bad_base_url_is_a_config_error(tmp_path: Path, value: object) -> None:
    with pytest.raises(ConfigError, match="base_url") as caught:
        base_url(Workspace(root=tmp_path, settings={"appeal": {"base_url": value}}))
    assert caught.value.path == tmp_path / "appeal.toml"


def test_plain_text_is_wrapped_with_headings_underlined(published: Path) -> None:
    text = (published / "dist" / "en" / "digest.txt").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert all(len(line) <= 72 for line in lines)
    index = lines.index("Boris Kagarlitsky")
    assert lines[index + 1] == "=" * len("Boris Kagarlitsky")


class IndexRows(HTMLParser):
    """The index's table as a reader sees it: per language code, each document's title
    (text, lang, dir) and its links (href, text, aria-label)."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self._row: list[dict[str, Any]] = []
        self._in: str | None = None
        self._code = ""
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "tr":
            self._row, self._code = [], ""
        elif tag == "code":
            self._in = "code"
        elif tag == "span" and found.get("class") == "title":
            self._row.append({"title": "", "lang": found.get("lang"), "dir": found.get("dir"),
                              "links": []})
            self._in = "title"
        elif tag == "a" and self._row:
            self._row[-1]["links"].append([found.get("href"), "", found.get("aria-label")])
            self._in = "a"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "span", "a"):
            self._in = None
        if tag == "tr" and self._code:
            self.rows[self._code] = self._row

    def handle_data(self, data: str) -> None:
        if self._in == "code":
            self._code += data
        elif self._in == "title":
            self._row[-1]["title"] += data
        elif self._in == "a":
            self._row[-1]["links"][-1][1] += data


SOURCE_DOC = """---
title: "Free  the
  prisoners"
---

Text.
"""


def test_index_titles_are_reviewed_translations_else_the_source() -> None:
    documents = [parse_document(SOURCE_DOC, name="appeal"),
                 parse_document("---\ntitle: Write letters\n---\n\nText.\n", name="letters"),
                 parse_document("Just text.\n", name="notes")]
    catalogs = {
        "de": Catalog(locale="de", entries=(
            Entry("Free the prisoners", ("Freiheit  für die\nGefangenen",)),
            Entry("Write letters", ("Briefe schreiben",), flags=frozenset({"fuzzy"})))),
        "ar": Catalog(locale="ar", entries=(
            Entry("Free the prisoners", ("الحرية للسجناء",)),
            Entry("Write letters", ("اكتبوا الرسائل",)))),
    }

    def catalog(lang: str) -> Catalog:
        if lang not in catalogs:
            raise CatalogError("broken", path=Path(f"{lang}.po"), line=3)
        return catalogs[lang]

    languages = [language_info(code) for code in ("en", "de", "ar", "ru")]
    titles = index_titles("en", documents, languages, catalog,
                          withheld={"ar": frozenset({"Write letters"})})
    shown = {lang: {name: (title.text, title.language.code) for name, title in row.items()}
             for lang, row in titles.items()}
    source = {"appeal": ("Free the prisoners", "en"), "letters": ("Write letters", "en"),
              "notes": ("notes", "en")}
    assert shown == {
        "en": source,
        "de": {**source, "appeal": ("Freiheit für die Gefangenen", "de")},  # fuzzy: source
        "ar": {**source, "appeal": ("الحرية للسجناء", "ar")},  # withheld: source
        "ru": source,  # the catalog cannot be read
    }
    assert titles["ar"]["appeal"].language.rtl and not titles["ar"]["letters"].language.rtl


def test_index_names_formats_by_their_labels(tmp_path: Path) -> None:
    ws = Workspace(root=tmp_path, source_language="en", languages=("de",),
                   formats=("html", "md", "txt", "pdf", "telegram"))
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "appeal.md").write_text(SOURCE_DOC, encoding="utf-8")
    languages = [language_info("en"), language_info("de")]
    path = render_index(ws, languages, tmp_path / "dist")
    rows = IndexRows(path.read_text(encoding="utf-8")).rows
    labels = [text for _, text, _ in rows["de"][0]["links"]]
    assert labels == [FORMATS[name].label for name in FORMATS]
    assert labels == ["Web page", "Markdown", "Plain text", "Telegram posts", "PDF for printing"]
    assert rows["de"][0]["title"] == "appeal" and rows["de"][0]["lang"] == "en", \
        "without titles, the file name, in the source language"


def plant_fuzzy(root: Path, lang: str, msgid: str, msgstr: str) -> None:
    import polib

    path = root / "locales" / lang / "LC_MESSAGES" / "messages.po"
    catalog = polib.pofile(str(path), wrapwidth=76)
    entry = catalog.find(msgid)
    assert entry is not None, msgid
    entry.msgstr = msgstr
    entry.flags = sorted({*entry.flags, "fuzzy"})
    catalog.save(str(path))


APPEAL_TITLE = "SAC's appeal to left-wing organizations"
DIGEST_TITLE = "Digest of cases of political repression in which the SAC took/is taking part"


def test_index_lists_translated_titles_and_every_post(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    root = copy_sample(tmp_path / "ws", languages=["ru", "ar"], formats=("html", "telegram"))
    for args in (("extract",), ("update",)):
        assert run_appeal("-C", root, *args).exit_code == 0
    plant_translations(root, "ru", {APPEAL_TITLE: PLANTED["ru"][APPEAL_TITLE]})
    plant_fuzzy(root, "ar", APPEAL_TITLE, PLANTED["ar"][APPEAL_TITLE])
    result = run_appeal("-C", root, "build", "--drafts")
    assert result.exit_code == 0, result.output
    rows = IndexRows((root / "dist" / "index.html").read_text(encoding="utf-8")).rows
    assert list(rows) == ["en", "ru", "ar"]
    titles = {code: [(d["title"], d["lang"], d["dir"]) for d in row] for code, row in rows.items()}
    source = [(APPEAL_TITLE, "en", "ltr"), (DIGEST_TITLE, "en", "ltr")]
    assert titles == {"en": source, "ru": [(PLANTED["ru"][APPEAL_TITLE], "ru", "ltr"), source[1]],
                      "ar": source}, "a fuzzy title is not listed, even in a draft build"
    assert PLANTED["ar"][APPEAL_TITLE] in (root / "dist" / "ar" / "appeal.html").read_text(
        encoding="utf-8"), "the draft page itself shows the draft"
    for code, row in rows.items():
        for document, name in zip(row, ("appeal", "digest"), strict=True):
            posts = sorted((root / "dist" / code).glob(f"{name}.telegram.*.html"),
                           key=lambda path: int(path.name.split(".")[-2]))
            links = document["links"]
            assert links[0] == [f"{code}/{name}.html", "Web page", None]
            if len(posts) == 1:
                assert links[1:] == [[f"{code}/{name}.telegram.1.html", "Telegram posts", None]]
            else:
                assert len(posts) >= 4 if name == "digest" else True
                assert links[1:] == [[f"{code}/{post.name}", str(number),
                                      f"Telegram posts {number}/{len(posts)}"]
                                     for number, post in enumerate(posts, 1)]
    assert "Telegram posts:" in (root / "dist" / "index.html").read_text(encoding="utf-8")


def test_index_follows_the_posts_a_later_build_writes(small_sample: Path) -> None:
    """Only the posts change between the two builds (the web pages are written alike), and
    the index is made again to link every one."""
    settings = small_sample / "appeal.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'formats = ["html", "md", "txt"]', 'formats = ["html", "telegram"]'), encoding="utf-8")
    build = ("-C", small_sample, "build", "--lang", "en")
    assert run_appeal(*build, "--format", "html").exit_code == 0
    index = small_sample / "dist" / "index.html"
    page = small_sample / "dist" / "en" / "appeal.html"
    before = page.stat().st_mtime_ns
    assert "en/digest.telegram.2.html" not in index.read_text(encoding="utf-8")
    assert run_appeal(*build, "--format", "html,telegram").exit_code == 0
    assert page.stat().st_mtime_ns == before
    hrefs = [attrs["href"] for attrs, _ in Page(index.read_text(encoding="utf-8")).links]
    posts = list((small_sample / "dist" / "en").glob("digest.telegram.*.html"))
    assert len(posts) >= 4
    assert [href for href in hrefs if href.startswith("en/digest.telegram.")] == [
        f"en/digest.telegram.{n}.html" for n in range(1, len(posts) + 1)]
    for href in hrefs:
        if href.startswith("en/"):
            assert (small_sample / "dist" / href).is_file(), href
