"""The per-language glossary: names, abbreviations and terms every draft must render alike.

The glossary is a gettext catalog, so translators edit it with the tools they
already use for the text: ``locales/glossary.pot`` lists the terms and
``locales/<lang>/LC_MESSAGES/glossary.po`` gives each its rendering. A term
marked ``#. appeal: do-not-translate`` (the marker of
:mod:`appeal.catalogs.markers`, a comment ``msgmerge`` copies from the template
into every language's file) is kept as written unless a language gives a
rendering of its own (Russian spells ``Kagarlitsky`` as ``Кагарлицкий``). Fuzzy
renderings are unreviewed and not applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from appeal.catalogs import Catalog, read_catalog
from appeal.catalogs.markers import KEEP
from appeal.workspace import Workspace

DOMAIN = "glossary"


@dataclass(frozen=True, slots=True)
class Glossary:
    """The terms of one language, each with the text a draft must carry for it."""

    language: str
    terms: dict[str, str] = field(default_factory=dict)
    """Source term → rendering; a term rendered as itself is never translated."""
    paths: tuple[Path, ...] = ()
    """The files read, for messages and for freshness."""


def template_path(ws: Workspace) -> Path:
    return ws.glossary_template


def glossary_path(ws: Workspace, lang: str) -> Path:
    return ws.glossary_path(lang)


def terms_from(catalog: Catalog) -> dict[str, str]:
    """The renderings a catalog gives: reviewed msgstr first, else the term when kept.

    >>> from appeal.catalogs import Entry
    >>> keep = ("appeal: do-not-translate",)
    >>> cat = Catalog(entries=(
    ...     Entry("Kagarlitsky", ("Kagarlizki",), extracted_comments=keep),
    ...     Entry("SAC", extracted_comments=keep),
    ...     Entry("MPRA", flags=frozenset({"do-not-translate"})),
    ...     Entry("Left Bloc", ("Linker Block",), flags=frozenset({"fuzzy"}))))
    >>> terms_from(cat)
    {'Kagarlitsky': 'Kagarlizki', 'SAC': 'SAC', 'MPRA': 'MPRA'}
    """
    terms: dict[str, str] = {}
    for entry in catalog:
        if not entry.id or entry.plural_id is not None:
            continue
        if entry.strings[0] and not entry.fuzzy:
            terms[entry.id] = entry.strings[0]
        elif KEEP in entry.markers:
            terms[entry.id] = entry.id
    return terms


def read_glossary(ws: Workspace, lang: str) -> Glossary:
    """The glossary of ``lang``: the template's kept terms, overridden by the language's file.

    Either file may be missing (a workspace without a glossary drafts without one);
    a malformed one raises its ``CatalogError`` naming file and line.
    """
    terms: dict[str, str] = {}
    paths: list[Path] = []
    for path in (template_path(ws), glossary_path(ws, lang)):
        if path.is_file():
            terms.update(terms_from(read_catalog(path, locale=None)))
            paths.append(path)
    return Glossary(lang, terms, tuple(paths))
