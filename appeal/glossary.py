"""The per-language glossary: names, abbreviations and terms every draft must render alike.

The glossary is a gettext catalog, so translators edit it with the tools they
already use for the text: ``locales/glossary.pot`` lists the terms and
``locales/<lang>/LC_MESSAGES/glossary.po`` gives each its rendering. A term
flagged ``#, do-not-translate`` is kept as written unless a language gives a
rendering of its own (Russian spells ``Kagarlitsky`` as ``Кагарлицкий``). Fuzzy
renderings are unreviewed and not applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog

from appeal.catalogs import read_catalog
from appeal.workspace import Workspace

DOMAIN = "glossary"
KEEP_FLAG = "do-not-translate"


@dataclass(frozen=True, slots=True)
class Glossary:
    """The terms of one language, each with the text a draft must carry for it."""

    language: str
    terms: dict[str, str] = field(default_factory=dict)
    """Source term → rendering (the term itself for do-not-translate entries)."""
    paths: tuple[Path, ...] = ()
    """The files read, for messages and for freshness."""


def template_path(ws: Workspace) -> Path:
    return ws.locales / f"{DOMAIN}.pot"


def glossary_path(ws: Workspace, lang: str) -> Path:
    return ws.locales / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def terms_from(catalog: Catalog) -> dict[str, str]:
    """The renderings a catalog gives: reviewed msgstr first, else the term when kept.

    >>> from babel.messages.catalog import Catalog
    >>> cat = Catalog(locale="de")
    >>> _ = cat.add("Kagarlitsky", "Kagarlizki", flags=["do-not-translate"])
    >>> _ = cat.add("SAC", "", flags=["do-not-translate"])
    >>> _ = cat.add("Left Bloc", "Linker Block", flags=["fuzzy"])
    >>> terms_from(cat)
    {'Kagarlitsky': 'Kagarlizki', 'SAC': 'SAC'}
    """
    terms: dict[str, str] = {}
    for message in catalog:
        if not message.id or not isinstance(message.id, str):
            continue
        string = message.string if isinstance(message.string, str) else ""
        if string and "fuzzy" not in message.flags:
            terms[message.id] = string
        elif KEEP_FLAG in message.flags:
            terms[message.id] = message.id
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
