"""Run the registered checks over a catalog, or over one message."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path

from appeal.catalogs import Catalog
from appeal.catalogs import Entry as CatalogEntry
from appeal.catalogs.markers import ignores
from appeal.catalogs.plurals import plural_rule
from appeal.checks.registry import CHECKS, NO_GLOSSARY, Check, Entry, Problem


def make_entry(message: CatalogEntry, *, language: str, source_language: str, nplurals: int,
               glossary: Mapping[str, str] = NO_GLOSSARY) -> Entry:
    """What the checks see of a catalog entry, with the language it is checked in.

    Format flags on an entry found only in Markdown documents are Babel's guess
    from a ``%`` in prose (a catalog made with ``pybabel extract``); pages never
    format such text, so the checks do not hold it to placeholders.
    """
    flags = message.flags
    if flags & PROSE_FLAGS and message.locations and all(
            name.endswith(MARKDOWN_SUFFIXES) for name, _ in message.locations):
        flags = flags - PROSE_FLAGS
    return Entry(
        msgid=message.id, msgid_plural=message.plural_id,
        msgstr=message.strings if any(message.strings) else (), flags=flags,
        language=language, source_language=source_language, nplurals=nplurals,
        glossary=glossary, python_format="python-format" in flags, markers=message.markers,
    )


PROSE_FLAGS = frozenset({"python-format", "python-brace-format"})
MARKDOWN_SUFFIXES = (".md", ".markdown")


def selected_checks(only: Collection[str] | None) -> list[Check]:
    """The checks to run, in registry order; an unknown id is refused, not ignored."""
    if only is None:
        return list(CHECKS.values())
    unknown = sorted(set(only) - set(CHECKS))
    if unknown:
        raise ValueError(f"unknown check {unknown[0]!r} (known: {', '.join(CHECKS)})")
    return [item for item in CHECKS.values() if item.id in only]


def run_checks(entry: Entry, checks: list[Check], *, path: Path | None, line: int | None,
               draft: bool) -> list[Problem]:
    """Every problem *checks* find in *entry*; an untranslated entry only gets ``untranslated``.

    A check the entry's markers silence (``# appeal: ignore-<id>``) is not run.
    """
    problems: list[Problem] = []
    for item in checks:
        if ignores(entry.markers, item.id):
            continue
        if not entry.msgstr and item.id != "untranslated":
            continue
        problems.extend(
            Problem(check=item.id, severity=item.severity, message=message,
                    msgid=entry.msgid, path=path, line=line, draft=draft)
            for message in item.function(entry))
    return problems


def default_nplurals(language: str) -> int:
    """The number of plural forms CLDR gives *language* (2 when it does not know it)."""
    return plural_rule(language).count


def entry_problems(message: CatalogEntry, *, language: str, source_language: str,
                   path: Path | None = None, nplurals: int | None = None,
                   glossary: Mapping[str, str] = NO_GLOSSARY,
                   only: Collection[str] | None = None) -> list[Problem]:
    """The problems of one message, so that a build can leave out a broken translation.

    *nplurals* is the catalog's (``Catalog.nplurals``); without it CLDR's count
    for the language is used.
    """
    entry = make_entry(message, language=language, source_language=source_language,
                       nplurals=nplurals if nplurals is not None else default_nplurals(language),
                       glossary=glossary)
    return run_checks(entry, selected_checks(only), path=path, line=message.line,
                      draft=message.fuzzy)


def check_catalog(catalog: Catalog, *, path: Path | None, language: str, source_language: str,
                  glossary: Mapping[str, str] = NO_GLOSSARY,
                  only: Collection[str] | None = None) -> list[Problem]:
    """Every check on every entry of *catalog* (the header and obsolete entries excepted).

    Problems come in file order, and in registry order within an entry.
    """
    checks = selected_checks(only)
    problems: list[Problem] = []
    nplurals = catalog.nplurals
    for message in catalog:
        if not message.id:
            continue
        entry = make_entry(message, language=language, source_language=source_language,
                           nplurals=nplurals, glossary=glossary)
        problems.extend(run_checks(entry, checks, path=path, line=message.line,
                                   draft=message.fuzzy))
    return problems
