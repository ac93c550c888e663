"""Check the catalogs of a workspace language by language, as ``appeal check`` reports them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
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

STATE_CHECKS = frozenset({"untranslated"})
"""Checks that only restate an entry's state: their findings are counted as that state
(the untranslated entries), never as warnings."""


def counts_as_warning(problem: Problem) -> bool:
    """Whether *problem* is one of the warnings every report counts.

    A warning says something about a translation that exists; ``untranslated``
    says there is none, which the untranslated counts already show. Counting it
    as a warning too would make a language's warnings mirror its untranslated
    entries and hide the few warnings a reviewer must read.
    """
    return problem.severity == "warning" and problem.check not in STATE_CHECKS


def is_finding(problem: Problem) -> bool:
    """An error, or a warning as :func:`counts_as_warning` decides: what a reviewer acts on."""
    return problem.severity == "error" or counts_as_warning(problem)


@dataclass(frozen=True, slots=True)
class FindingCounts:
    """The one way findings are counted: by ``appeal check``, ``appeal status``, the
    dashboard and the review pages."""

    errors: int = 0
    """Errors, drafts included (a draft build would publish them)."""
    warnings: int = 0
    """Warnings, drafts included, except those of :data:`STATE_CHECKS`."""
    untranslated: int = 0
    """Findings of :data:`STATE_CHECKS`: entries not translated yet."""
    draft_errors: int = 0
    """Of the errors, those in fuzzy entries."""
    draft_warnings: int = 0
    """Of the warnings, those in fuzzy entries."""


def count_findings(problems: Iterable[Problem]) -> FindingCounts:
    """Count *problems* as every report shows them.

    >>> def found(check, severity, draft=False):
    ...     return Problem(check, severity, "m", "x", None, None, draft=draft)
    >>> count_findings([found("html", "error", draft=True), found("numbers", "warning"),
    ...                 found("untranslated", "warning")])
    FindingCounts(errors=1, warnings=1, untranslated=1, draft_errors=1, draft_warnings=0)
    """
    errors = warnings = untranslated = draft_errors = draft_warnings = 0
    for problem in problems:
        if problem.severity == "error":
            errors += 1
            draft_errors += problem.draft
        elif counts_as_warning(problem):
            warnings += 1
            draft_warnings += problem.draft
        else:
            untranslated += 1
    return FindingCounts(errors=errors, warnings=warnings, untranslated=untranslated,
                         draft_errors=draft_errors, draft_warnings=draft_warnings)


@dataclass(frozen=True, slots=True)
class LanguageReport:
    """The findings for one language's catalog."""

    language: str
    path: Path
    """The catalog, relative to the workspace root (as the findings name it)."""
    problems: tuple[Problem, ...]
    readable: bool = True
    """False when the catalog could not be read; its one problem then says why."""

    @property
    def counts(self) -> FindingCounts:
        """The findings counted as every report counts them (:func:`count_findings`)."""
        return count_findings(self.problems)

    @property
    def errors(self) -> int:
        return self.counts.errors

    @property
    def warnings(self) -> int:
        """Warnings as every report counts them: ``untranslated`` findings are not among them."""
        return self.counts.warnings


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
            reports.append(LanguageReport(language=language, path=path, readable=False,
                                          problems=(unreadable_problem(ws, error),)))
            continue
        problems: list[Problem] = []
        try:
            terms = load(language)
        except CatalogError as error:  # a broken glossary must not hide the text's problems
            problems.append(unreadable_problem(ws, error))
            terms = NO_GLOSSARY
        problems += check_catalog(catalog, path=path, language=language,
                                  source_language=ws.source_language, glossary=terms,
                                  only=only)
        reports.append(LanguageReport(language=language, path=path, problems=tuple(problems)))
    return reports


def _workspace_glossary(ws: Workspace) -> GlossaryLoader:
    """The glossary catalogs of the workspace (``locales/<lang>/LC_MESSAGES/glossary.po``)."""
    return lambda language: read_glossary(ws, language).terms


def unreadable_problem(ws: Workspace, error: CatalogError) -> Problem:
    """A catalog (or glossary) that cannot be read, as the error ``appeal check`` reports."""
    message = f"{error.message} ({error.hint})" if error.hint else error.message
    path = error.path
    if path is not None and path.is_relative_to(ws.root):
        path = path.relative_to(ws.root)
    return Problem(check=UNREADABLE, severity="error", message=message, msgid="",
                   path=path, line=error.line, draft=False)
