"""The published site as a whole: its public address, the sitemap, where the index sends readers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from appeal.errors import ConfigError
from appeal.languages import LanguageInfo
from appeal.workspace import SETTINGS_NAME, Workspace, atomic_write

SITEMAP_NAME = "sitemap.xml"


def base_url(ws: Workspace) -> str | None:
    """The address ``dist/`` is published at (``[appeal] base_url``), ending in ``/``.

    Sitemaps, ``og:url`` and links in messenger posts need absolute addresses;
    without a base URL those parts are left out rather than guessed.
    """
    section = ws.settings.get("appeal", {})
    value = section.get("base_url") if isinstance(section, dict) else None
    if value is None or value == "":
        return None
    parts = urlsplit(str(value))
    if not isinstance(value, str) or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"base_url {value!r} is not an http(s) address",
                          path=ws.root / SETTINGS_NAME,
                          hint="write it like base_url = \"https://example.org/appeal/\"")
    if parts.query or parts.fragment:
        raise ConfigError(f"base_url {value!r} must not have a query or fragment",
                          path=ws.root / SETTINGS_NAME)
    return value if value.endswith("/") else value + "/"


def page_path(language: LanguageInfo | str, name: str) -> str:
    """The web page of document *name* in a language, relative to ``dist/``.

    >>> page_path("pt_BR", "appeal")
    'pt_BR/appeal.html'
    """
    code = language.code if isinstance(language, LanguageInfo) else language
    return f"{code}/{name}.html"


def sitemap(base: str, languages: Sequence[LanguageInfo], documents: Sequence[str],
            source: str) -> str:
    """A sitemap listing every page with its translations as ``xhtml:link`` alternates.

    Search engines then show each reader the page in their own language; the
    source language doubles as ``x-default`` for readers of any other.
    """
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
             ' xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for name in documents:
        alternates = [(info.tag, base + page_path(info, name)) for info in languages]
        alternates.append(("x-default", base + page_path(source, name)))
        for info in languages:
            lines.append("<url>")
            lines.append(f"<loc>{xml_escape(base + page_path(info, name))}</loc>")
            lines.extend(f'<xhtml:link rel="alternate" hreflang={quoteattr(tag)}'
                         f" href={quoteattr(href)}/>" for tag, href in alternates)
            lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(ws: Workspace, languages: Sequence[LanguageInfo], out: Path) -> str | None:
    """Write ``out/sitemap.xml``, or say why there is none.

    Sitemaps must use absolute addresses, so without ``base_url`` no sitemap is
    written (an old one is removed, as its addresses may be wrong) and the
    returned note tells the user what to set.
    """
    path = out / SITEMAP_NAME
    base = base_url(ws)
    if base is None:
        path.unlink(missing_ok=True)
        return f"no {SITEMAP_NAME}: set base_url in {SETTINGS_NAME} to publish one"
    names = [document.stem for document in ws.documents()]
    atomic_write(path, sitemap(base, languages, names, ws.source_language).encode("utf-8"),
                 durable=False)
    return None


def redirect_targets(languages: Sequence[LanguageInfo], document: str | None, out: Path,
                     source: str) -> dict[str, str]:
    """Language tag → page, for the index to send a browser to the reader's language.

    Only languages whose page exists count, and of those only the source and
    languages with some reviewed text: a page still wholly in the source
    language would send a reader to the same text under another name.
    """
    if document is None:
        return {}
    return {info.tag: page_path(info, document) for info in languages
            if (out / page_path(info, document)).is_file()
            and (info.code == source or info.percent > 0)}
