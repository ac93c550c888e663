"""Pages from translated documents: HTML, Markdown, text, Telegram posts and PDF, and the index."""

from __future__ import annotations

import contextlib
import datetime as dt
import gettext
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

from appeal.chrome import Chrome, make_chrome
from appeal.errors import ConfigError, SourceError
from appeal.languages import LanguageInfo, babel_locale, language_info
from appeal.segments import Document, Heading, Lookup, TranslatedDocument, translate_document
from appeal.site import base_url, page_path, redirect_targets
from appeal.workspace import Workspace, atomic_write

__all__ = ["LanguageInfo", "default_templates_dir", "language_info", "page_chrome", "reading_time",
           "render_index", "render_language"]

FORMATS = ("html", "md", "txt", "telegram", "pdf")
TEMPLATES = {"html": "page.html.j2", "md": "page.md.j2", "txt": "page.txt.j2",
             "telegram": "page.telegram.html.j2", "pdf": "page.html.j2"}
"""The template each format is rendered from; a PDF is the web page laid out for print."""
SUFFIXES = {"telegram": "telegram.1.html"}
"""File name endings that differ from the format's name (the first of several posts)."""
WORDS_PER_MINUTE = (250, 200)
"""A fast and a slow reader; the reading time shown is the range between them."""
WIDTH = 72


def default_templates_dir() -> Path:
    """The templates shipped in the package, which ``appeal new`` copies into a workspace."""
    return Path(__file__).parent / "skeleton" / "templates"


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


def catalog_lookup(translations: gettext.NullTranslations) -> Lookup:
    """Look msgids up so that "not in the catalog" and "translated as itself" differ.

    ``gettext()`` returns the msgid in both cases; the segments module needs to
    know which, to mark untranslated text with the source language. The parsed
    ``.mo`` table is the only place that tells.
    """
    table: Mapping[object, str] = getattr(translations, "_catalog", {})

    def lookup(msgid: str) -> str | None:
        found = table.get(msgid)
        return found if found else None

    return lookup


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


def templates_dir(ws: Workspace) -> Path:
    """The workspace's own templates, or the shipped ones when it has none."""
    return ws.templates if ws.templates.is_dir() else default_templates_dir()


def page_chrome(ws: Workspace, translations: gettext.NullTranslations | None) -> Chrome:
    """The environments for one language, with the text filters the page templates use."""
    chrome = make_chrome(templates_dir(ws), translations)
    # A workspace made by an older version lacks newer templates (Telegram
    # posts): those come from the shipped set, the workspace's own win.
    search = list(dict.fromkeys([templates_dir(ws), default_templates_dir()]))
    for env in (chrome.html, chrome.plain):
        env.loader = jinja2.FileSystemLoader(search)
        env.filters.update(wrap=wrap, underline=underline)
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
                    ) -> dict[str, str]:
    """One document's outputs by format as text (for a PDF, the HTML it is laid out from)."""
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise ConfigError(f"unknown output format {unknown[0]!r}",
                          hint=f"choose from {', '.join(FORMATS)}")
    pages: dict[str, str] = {}
    for template in dict.fromkeys(TEMPLATES[fmt] for fmt in formats):
        pages[template] = chrome.render(template, context)
    return {fmt: pages[TEMPLATES[fmt]] for fmt in formats}


def output_files(name: str, rendered: dict[str, str], *, page_url: str | None
                 ) -> dict[str, bytes]:
    """File name → bytes for one document: a PDF is laid out, a post split into messages."""
    files: dict[str, bytes] = {}
    for fmt, text in rendered.items():
        if fmt == "pdf":
            from appeal.pdf import render_pdf

            files[f"{name}.pdf"] = render_pdf(text)
        elif fmt == "telegram":
            from appeal.telegram import telegram_messages

            for number, message in enumerate(telegram_messages(text, base=page_url), 1):
                files[f"{name}.telegram.{number}.html"] = message.encode("utf-8")
        else:
            files[f"{name}.{fmt}"] = text.encode("utf-8")
    return files


def remove_stale_posts(directory: Path, name: str, files: dict[str, bytes]) -> list[Path]:
    """Delete posts beyond the current count, left from a longer version of the document."""
    stale = [path for path in sorted(directory.glob(f"{name}.telegram.*.html"))
             if path.name not in files]
    for path in stale:
        path.unlink()
    return stale


def render_language(ws: Workspace, lang: str, documents: Sequence[Document],
                    translations: gettext.NullTranslations, *, drafts: bool,
                    formats: Sequence[str], out: Path,
                    languages: Sequence[LanguageInfo]) -> list[Path]:
    """Write ``out/<lang>/<name>.<format>`` for every document.

    Returns only the files whose bytes changed, so that a rebuild with nothing
    new reports nothing and leaves every timestamp alone.
    """
    source = lang == ws.source_language
    lookup: Lookup = (lambda msgid: msgid) if source else catalog_lookup(translations)
    chrome = page_chrome(ws, None if source else translations)
    language = _info(lang, languages)
    written: list[Path] = []
    for document in documents:
        translated = translate_document(document, lookup, source_language=ws.source_language)
        context = page_context(ws, language, document, translated, drafts=drafts and not source,
                               languages=languages)
        rendered = render_document(chrome, context, formats)
        files = output_files(document.name, rendered, page_url=context["page_url"])
        for filename, data in files.items():
            path = out / lang / filename
            if atomic_write(path, data, durable=False):
                written.append(path)
        if "telegram" in formats:
            written.extend(remove_stale_posts(out / lang, document.name, files))
    return written


def render_index(ws: Workspace, languages: Sequence[LanguageInfo], out: Path) -> Path:
    """Write ``out/index.html``: every language with its documents and how much is reviewed.

    A small inline script sends a browser on to the first document in the
    reader's language when that page is published (see :func:`redirect_targets`).
    """
    chrome = page_chrome(ws, None)
    documents = [path.stem for path in ws.documents()]
    page = chrome.render("index.html.j2", {
        "project": ws.project,
        "source": _info(ws.source_language, languages),
        "languages": list(languages),
        "documents": documents,
        "formats": [fmt for fmt in FORMATS if fmt in ws.formats],
        "suffixes": {fmt: SUFFIXES.get(fmt, fmt) for fmt in FORMATS},
        "redirects": redirect_targets(languages, documents[0] if documents else None, out,
                                      ws.source_language),
    })
    path = out / "index.html"
    atomic_write(path, page.encode("utf-8"), durable=False)
    return path
