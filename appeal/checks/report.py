"""Check the catalogs of a workspace language by language, as ``appeal check`` reports them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from appeal.catalogs import read_catalog
from appeal.checks.registry import NO_GLOSSARY, Problem
from appeal.checks.runner import check_catalog, selected_checks
from appeal.errors import CatalogError
from appeal.glossary import read_glossary
from appeal.workspace import Workspace

UNREADABLE = "catalog"
"""The check id under which a catalog that cannot be read is reported (always an error)."""

GlossaryLoader = Callable[[str], Mapping[str, str]]


@dataclass(frozen=True, slots=True)
class LanguageReport:
    """The findings for one language's catalog."""

    language: str
    path: Path
    """The catalog, relative to the workspace root (as the findings name it)."""
    problems: tuple[Problem, ...]
    readable: bool = True
    """False when the catalog could not be read; its one problem then says why."""

    def count(self, severity: str, *, draft: bool | None = None) -> int:
        """Problems of *severity*, only drafts or only reviewed entries when *draft* is given."""
        return sum(1 for p in self.problems
                   if p.severity == severity and (draft is None or p.draft == draft))

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")


def check_workspace(ws: Workspace, languages: Sequence[str], *,
                    only: Collection[str] | None = None,
                    glossary: GlossaryLoader | None = None) -> list[LanguageReport]:
    """Check each language's catalog; an unreadable one is reported and the others go on.

    *glossary* gives a language's glossary (term → rendering; itself: keep as is).
    """
    selected_checks(only)  # refuse an unknown id before reading anything
    load = glossary if glossary is not None else _workspace_glossary(ws)
    reports: list[LanguageReport] = []
    for language in languages:
        path = ws.po_path(language).relative_to(ws.root)
        try:
            catalog = read_catalog(ws.root / path, locale=language)
        except CatalogError as error:
            reports.append(LanguageReport(language=language, path=path,
                                          problems=(_unreadable(ws, error),), readable=False))
            continue
        problems: list[Problem] = []
        try:
            terms = load(language)
        except CatalogError as error:  # a broken glossary must not hide the text's problems
            problems.append(_unreadable(ws, error))
            terms = NO_GLOSSARY
        problems += check_catalog(catalog, path=path, language=language,
                                  source_language=ws.source_language, glossary=terms,
                                  only=only)
        reports.append(LanguageReport(language=language, path=path, problems=tuple(problems)))
    return reports


def _workspace_glossary(ws: Workspace) -> GlossaryLoader:
    """The glossary catalogs of the workspace (``locales/<lang>/LC_MESSAGES/glossary.po``)."""
    return lambda language: read_glossary(ws, language).terms


def _unreadable(ws: Workspace, error: CatalogError) -> Problem:
    message = f"{error.message} ({error.hint})" if error.hint else error.message
    path = error.path
    if path is not None and path.is_relative_to(ws.root):
        path = path.relative_to(ws.root)
    return Problem(check=UNREADABLE, severity="error", message=message, msgid="",
                   path=path, line=error.line, draft=False)
