"""Pages from translated documents: HTML, Markdown, text, Telegram posts and PDF, and the index."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import textwrap
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date
from markupsafe import Markup

from appeal.catalogs import Translations, whole_percent
from appeal.chrome import Chrome, make_chrome
from appeal.chrome import Translations as ChromeTranslations
from appeal.errors import SourceError
from appeal.formats import FORMATS, get_format
from appeal.languages import LanguageInfo, babel_locale, language_info
from appeal.pagetext import TEMPLATES, package_translations
from appeal.segments import Document, Heading, Lookup, TranslatedDocument, translate_document
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
    value = document.front_matter.get("date")
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise SourceError(f"front matter date {value!r} is not a date like 2024-05-31",
                          path=ws.content / f"{document.name}.md") from None


def _toc(headings: Sequence[Heading]) -> list[Heading]:
    """Sections to list: below the title when the document has one, else every heading."""
    if any(heading.level == 1 for heading in headings):
        return [heading for heading in headings if heading.level >= 2]
    return list(headings)


def _text_body(text: str, headings: Sequence[Heading]) -> str:
    """The plain-text body without its leading title, which the page prints above the date.

    >>> _text_body("Appeal\\n======\\n\\nBody", [Heading(1, "Appeal", "appeal")])
    'Body'
    """
    lines = text.split("\n")
    if headings and headings[0].level == 1:
        for number, line in enumerate(lines[:8]):
            if line and set(line) == {"="}:
                if " ".join(" ".join(lines[:number]).split()) == headings[0].text.strip():
                    return "\n".join(lines[number + 1:]).strip("\n")
                break
    return text.strip("\n")


def page_context(ws: Workspace, language: LanguageInfo, document: Document,
                 translated: TranslatedDocument, *, drafts: bool,
                 languages: Sequence[LanguageInfo]) -> dict[str, Any]:
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
        "body": Markup(translated.html),  # the segments module escaped every translation
        "markdown": translated.markdown,
        "text": _text_body(translated.text, translated.headings),
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


def page_chrome(ws: Workspace, translations: ChromeTranslations | None) -> Chrome:
    """The environments for one language, with the text filters the page templates use."""
    chrome = make_chrome(template_search_path(ws), translations)
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
    lookup: Lookup = (lambda msgid: msgid) if translations is None else translations.lookup
    chrome = page_chrome(ws, package_translations(lang) if translations is None
                         else translations)
    language = _info(lang, languages)
    written: list[Path] = []
    owned: list[Path] = []
    for document in documents:
        translated = translate_document(document, lookup, source_language=ws.source_language)
        context = page_context(ws, language, document, translated, drafts=drafts and not source,
                               languages=languages)
        files = render_document(chrome, context, formats)
        for filename, data in files.items():
            path = out / lang / filename
            owned.append(path)
            if atomic_write(path, data, durable=False):
                written.append(path)
        written.extend(remove_stale_files(out / lang, document.name, formats, files))
    return Rendered(tuple(written), tuple(owned))


def render_index(ws: Workspace, languages: Sequence[LanguageInfo], out: Path) -> Path:
    """Write ``out/index.html``: every language with its documents and how much is reviewed.

    A small inline script sends a browser on to the first document in the
    reader's language when that page is published (see :func:`redirect_targets`).
    """
    chrome = page_chrome(ws, package_translations(ws.source_language))
    documents = [path.stem for path in ws.documents()]
    page = chrome.render("index.html.j2", {
        "project": ws.project,
        "source": _info(ws.source_language, languages),
        "languages": list(languages),
        "documents": documents,
        "formats": [fmt for name, fmt in FORMATS.items() if name in ws.formats],
        "redirects": redirect_targets(languages, documents[0] if documents else None, out,
                                      ws.source_language),
    })
    path = out / "index.html"
    atomic_write(path, page.encode("utf-8"), durable=False)
    return path


def render_report(ws: Workspace, name: str, context: dict[str, Any]) -> str:
    """Render a coordinator's report template (status, review), the workspace's copy first."""
    return page_chrome(ws, None).render(name, context)
