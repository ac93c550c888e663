"""Pages from translated documents: HTML, Markdown, text, Telegram posts and PDF, and the index."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import math
import textwrap
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date
from markupsafe import Markup

from appeal.catalogs import Translations, whole_percent
from appeal.chrome import Chrome, make_chrome
from appeal.chrome import Translations as ChromeTranslations
from appeal.formats import FORMATS, Format, get_format
from appeal.languages import LanguageInfo, babel_locale, language_info
from appeal.pagetext import TEMPLATES, package_translations
from appeal.segments import Document, Heading, Lookup, TranslatedDocument, translate_document
from appeal.segments.frontmatter import front_matter_date
from appeal.site import base_url, page_path, redirect_targets
from appeal.workspace import Workspace, atomic_write

__all__ = ["LanguageInfo", "language_info", "page_chrome",
           "reading_time", "render_index", "render_language"]

WORDS_PER_MINUTE = (250, 200)
"""A fast and a slow reader; the reading time shown is the range between them."""
WIDTH = 72


@dataclass(frozen=True, slots=True)
class Rendered:
    """The files one language's render wrote (bytes changed), and every file it made."""

    written: tuple[Path, ...]
    owned: tuple[Path, ...]


@dataclass(frozen=True, slots=True)
class ReadingTime:
    """Minutes for a fast and for a slow reader; equal when the range would be one number."""

    low: int
    high: int


def reading_time(words: int) -> ReadingTime:
    """Whole minutes, never zero, so even a short page shows a sensible range.

    >>> reading_time(1000), reading_time(10)
    (ReadingTime(low=4, high=5), ReadingTime(low=1, high=1))
    """
    fast, slow = WORDS_PER_MINUTE
    return ReadingTime(low=max(1, math.ceil(words / fast)), high=max(1, math.ceil(words / slow)))


def wrap(text: str, width: int = WIDTH) -> str:
    """Wrap each paragraph of plain text; long words and URLs stay whole so they still work."""
    return "\n".join(textwrap.fill(line, width, break_long_words=False, break_on_hyphens=False)
                     if line.strip() else "" for line in str(text).split("\n"))


def underline(text: str, char: str = "=") -> str:
    """A rule as wide as the longest line of *text* on a terminal (CJK counts double).

    >>> underline("Appeal"), underline("呼吁")
    ('======', '====')
    """
    def width(line: str) -> int:
        return sum(0 if unicodedata.combining(c) else
                   2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
    return char * max((width(line) for line in wrap(text).split("\n")), default=0)


def _document_date(document: Document, ws: Workspace) -> dt.date | None:
    """The document's date; :func:`parse_document` has already refused one that is no date."""
    return front_matter_date(document.front_matter, path=ws.content / f"{document.name}.md")


def _toc(headings: Sequence[Heading]) -> list[Heading]:
    """Sections to list: below the title when the document has one, else every heading."""
    if any(heading.level == 1 for heading in headings):
        return [heading for heading in headings if heading.level >= 2]
    return list(headings)


@dataclass(frozen=True, slots=True)
class Notices:
    """What a page must tell its reader about its translation, in the reader's language."""

    draft: bool = False
    """It shows machine drafts or other translations nobody reviewed."""
    outdated: bool = False
    """Passages changed in the original and are shown in it until translated again."""
    partial: bool = False
    """Passages not translated yet are shown in the original."""
    untranslated: bool = False
    """Nothing is translated yet: the whole page is the original."""
    source_name: str = ""
    """The original's language, named in the page's language ("inglés")."""


def notices_for(document: Document, translated: TranslatedDocument,
                translations: Translations | None, *, lang: str, source: str,
                drafts: bool) -> Notices:
    """The notices a page in *lang* carries: only those that are true of it.

    >>> notices_for(None, None, None, lang="en", source="en", drafts=False)
    Notices(draft=False, outdated=False, partial=False, untranslated=False, source_name='')
    """
    if translations is None or lang == source:
        return Notices()
    ids = [slot.segment.text for slot in document.slots]
    shown = [msgid for msgid in ids if translations.lookup(msgid)]
    outdated = any(msgid in translations.outdated and msgid not in shown for msgid in ids)
    left = len(ids) - len(shown)
    return Notices(draft=drafts and any(msgid in translations.drafts for msgid in shown),
                   outdated=outdated, partial=len(shown) > 0 and left > 0 and not outdated,
                   untranslated=bool(ids) and not shown,
                   source_name=language_name(source, lang))


@functools.cache
def language_name(code: str, reader: str) -> str:
    """*code*'s language named in *reader*'s language, as a sentence uses it.

    >>> language_name("en", "es"), language_name("en", "ru")
    ('inglés', 'английский')
    """
    locale = babel_locale(reader)
    target = babel_locale(code)
    return locale.languages.get(target.language) or target.get_display_name(locale) or code


def page_context(ws: Workspace, language: LanguageInfo, document: Document,
                 translated: TranslatedDocument, *, drafts: bool,
                 languages: Sequence[LanguageInfo],
                 notices: Notices | None = None) -> dict[str, Any]:
    """Everything a page template may use; the same for every output format."""
    date = _document_date(document, ws)
    front = translated.front_matter
    first = translated.headings[0].text if translated.headings else document.name
    base = base_url(ws)
    return {
        "name": document.name,
        "site": base or "../",
        "page_url": base + page_path(language, document.name) if base else None,
        "language": language,
        "languages": list(languages),
        "source": _info(ws.source_language, languages),
        "title": str(front.get("title") or first),
        "description": str(front.get("description") or ""),
        "show_title": not any(heading.level == 1 for heading in translated.headings),
        "date": format_date(date, format="long", locale=babel_locale(language.code))
                if date else None,
        "date_iso": date.isoformat() if date else None,
        "reading": reading_time(translated.words),
        "toc": _toc(translated.headings),
        "drafts": drafts,
        "notices": notices or Notices(draft=drafts),
        "title_source": _info(ws.source_language, languages)
                        if translated.title_fallback and language.code != ws.source_language
                        else None,
        "body": Markup(translated.html),  # the segments module escaped every translation
        "markdown": translated.markdown,
        "text": translated.text_body.strip("\n"),
    }


def _info(code: str, languages: Sequence[LanguageInfo]) -> LanguageInfo:
    return next((info for info in languages if info.code == code), None) or language_info(code)


def template_search_path(ws: Workspace) -> list[Path]:
    """Where templates are looked up: the workspace's own first, then the package's.

    A workspace overrides one of appeal's templates by putting a file of the
    same name in its ``templates/``; every other template comes from the package.
    """
    own = [ws.templates] if ws.templates.is_dir() else []
    return [*own, TEMPLATES]


def page_chrome(ws: Workspace, translations: ChromeTranslations | None,
                fallback: tuple[str, str] | None = None) -> Chrome:
    """The environments for one language, with the text filters the page templates use.

    *fallback* (the source language's tag and direction) marks page text a
    language has no translation for.
    """
    chrome = make_chrome(template_search_path(ws), translations, fallback)
    for env in (chrome.html, chrome.plain):
        env.filters.update(wrap=wrap, underline=underline, whole_percent=whole_percent)
    return chrome


def precompile_templates(ws: Workspace) -> None:
    """Compile every template once here, before worker processes fork.

    Compiled templates live in a per-process cache (:mod:`appeal.chrome`);
    filled in the parent, it is inherited by every forked worker, which would
    otherwise each compile every template again. A template that does not
    compile is left for the render to report, with its file and line.
    """
    chrome = page_chrome(ws, None)
    for env in (chrome.html, chrome.plain):
        for name in env.list_templates(extensions=["j2"]):
            with contextlib.suppress(jinja2.TemplateError):
                env.get_template(name)


def render_document(chrome: Chrome, context: dict[str, Any], formats: Sequence[str]
                    ) -> dict[str, bytes]:
    """One document's files in each format: file name → bytes.

    Formats that share a template (the web page and the PDF) render it once.
    """
    chosen = [get_format(name) for name in formats]
    pages = {template: chrome.render(template, context)
             for template in dict.fromkeys(fmt.template for fmt in chosen)}
    files: dict[str, bytes] = {}
    for fmt in chosen:
        files.update(fmt.write(context["name"], pages[fmt.template], context["page_url"]))
    return files


def remove_stale_files(directory: Path, name: str, formats: Sequence[str],
                       files: dict[str, bytes]) -> list[Path]:
    """Delete files of a format this render did not write (posts beyond the current count)."""
    stale = [path for fmt in formats for path in sorted(directory.glob(get_format(fmt).files(name)))
             if path.name not in files]
    for path in stale:
        path.unlink()
    return stale


def render_language(ws: Workspace, lang: str, documents: Sequence[Document],
                    translations: Translations | None, *, drafts: bool,
                    formats: Sequence[str], out: Path,
                    languages: Sequence[LanguageInfo]) -> Rendered:
    """Write ``out/<lang>/<name>.<format>`` for every document.

    *translations* serve the page chrome and the documents' segments; None
    means the source language, whose page text may still come from the
    package. Returns the files whose bytes changed, so that a rebuild with
    nothing new reports nothing and leaves every timestamp alone, and every
    file made.
    """
    source = lang == ws.source_language
    origin = _info(ws.source_language, languages)
    direction = "rtl" if origin.rtl else "ltr"
    lookup: Lookup = (lambda msgid: msgid) if translations is None else translations.lookup
    chrome = page_chrome(ws, package_translations(lang), None) if translations is None else \
        page_chrome(ws, translations, (origin.tag, direction))
    language = _info(lang, languages)
    written: list[Path] = []
    owned: list[Path] = []
    for document in documents:
        translated = translate_document(document, lookup, source_language=origin.tag,
                                        source_direction=direction)
        notices = notices_for(document, translated, translations, lang=lang,
                              source=ws.source_language, drafts=drafts and not source)
        context = page_context(ws, language, document, translated, drafts=drafts and not source,
                               languages=languages, notices=notices)
        files = render_document(chrome, context, formats)
        for filename, data in files.items():
            path = out / lang / filename
            owned.append(path)
            if atomic_write(path, data, durable=False):
                written.append(path)
        written.extend(remove_stale_files(out / lang, document.name, formats, files))
    return Rendered(tuple(written), tuple(owned))


@dataclass(frozen=True, slots=True)
class IndexTitle:
    """A document's title as one language's row of the index shows it."""

    text: str
    language: LanguageInfo
    """The language *text* is in: the row's own, or the source language when the title
    has no reviewed translation; the index marks it with that ``lang`` and ``dir``."""


@dataclass(frozen=True, slots=True)
class IndexLink:
    """One link of the index: the file (relative to the index) and its number in a series."""

    href: str
    number: int | None = None
    """1, 2 … for a format written as a numbered series (Telegram posts), else None."""


@dataclass(frozen=True, slots=True)
class IndexFormat:
    """One format of one document in one language: its human name and its files."""

    label: str
    links: tuple[IndexLink, ...]
    """One link, or one per file of a numbered series (every Telegram post)."""


@dataclass(frozen=True, slots=True)
class IndexDocument:
    """One document in one language's row of the index."""

    name: str
    title: IndexTitle
    formats: tuple[IndexFormat, ...]


def numbered_series(directory: Path, fmt: Format, name: str) -> list[str]:
    """The file names of a format written as a numbered series, in order of their numbers.

    A format whose :attr:`~appeal.formats.Format.pattern` has one ``*``
    (``{name}.telegram.*.html``) writes files numbered 1, 2 …; what exists in
    *directory* is what the last build of the language wrote.
    """
    pattern = fmt.files(name)
    if pattern.count("*") != 1 or not directory.is_dir():
        return []
    head, tail = pattern.split("*")
    found = []
    for path in directory.glob(pattern):
        middle = path.name[len(head):len(path.name) - len(tail)]
        if middle.isascii() and middle.isdigit():
            found.append((int(middle), path.name))
    return [file for _, file in sorted(found)]


def _index_format(out: Path, language: LanguageInfo, name: str, fmt: Format) -> IndexFormat:
    series = numbered_series(out / language.code, fmt, name)
    if len(series) > 1:
        links = tuple(IndexLink(f"{language.code}/{file}", number)
                      for number, file in enumerate(series, 1))
    else:
        links = (IndexLink(f"{language.code}/{fmt.first_file(name)}"),)
    return IndexFormat(fmt.label, links)


def index_documents(ws: Workspace, language: LanguageInfo, out: Path,
                    titles: Mapping[str, IndexTitle] | None = None,
                    built: Sequence[str] | None = None) -> list[IndexDocument]:
    """One language's documents as the index lists them: title, then each format's links.

    A document *titles* does not name is listed by its file name, in the source language.
    Only the formats *built* (default: the workspace's) are linked.
    """
    source = language_info(ws.source_language)
    formats = _built_formats(ws, built)
    listed = []
    for path in ws.documents():
        title = (titles or {}).get(path.stem) or IndexTitle(path.stem, source)
        listed.append(IndexDocument(path.stem, title, tuple(
            _index_format(out, language, path.stem, fmt) for fmt in formats)))
    return listed


def _built_formats(ws: Workspace, built: Sequence[str] | None) -> list[Format]:
    """The formats a build made (``--format``), in the order the index lists them."""
    chosen = ws.formats if built is None else built
    return [fmt for name, fmt in FORMATS.items() if name in chosen]


def render_index(ws: Workspace, languages: Sequence[LanguageInfo], out: Path, *,
                 titles: Mapping[str, Mapping[str, IndexTitle]] | None = None,
                 built: Sequence[str] | None = None) -> Path:
    """Write ``out/index.html``: every language with its documents and how much is reviewed.

    The page is in the source language. Each language's documents are listed by
    *titles* (language code → document name → title, each marked with the
    language it is in), every format by its human name
    (:attr:`~appeal.formats.Format.label`), and a numbered series (Telegram
    posts) with a link to every file. A small inline script sends a browser on
    to the first document in the reader's language when that page is published
    (see :func:`redirect_targets`). Only the formats *built* are linked: a build
    with ``--format html`` publishes no PDF to link to.
    """
    chrome = page_chrome(ws, package_translations(ws.source_language))
    documents = [path.stem for path in ws.documents()]
    titles = titles or {}
    page = chrome.render("index.html.j2", {
        "project": ws.project,
        "source": _info(ws.source_language, languages),
        "languages": list(languages),
        "documents": documents,
        "formats": _built_formats(ws, built),
        "listed": {info.code: index_documents(ws, info, out, titles.get(info.code), built)
                   for info in languages},
        "redirects": redirect_targets(languages, documents[0] if documents else None, out,
                                      ws.source_language),
    })
    path = out / "index.html"
    atomic_write(path, page.encode("utf-8"), durable=False)
    return path


def render_report(ws: Workspace, name: str, context: dict[str, Any]) -> str:
    """Render a coordinator's report template (status, review), the workspace's copy first."""
    return page_chrome(ws, None).render(name, context)
