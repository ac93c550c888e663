"""Check findings per language, computed at most once in a run and shared by its parts.

The gates, the status dashboard and the review pages all need the checks'
findings of a catalog; this keeps them in one place for a run.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from appeal.catalogs import Catalog
from appeal.checks.registry import NO_GLOSSARY, Problem
from appeal.checks.report import unreadable_problem
from appeal.checks.runner import check_catalog
from appeal.errors import AppealError, CatalogError
from appeal.glossary import read_glossary
from appeal.workspace import Workspace


class Findings:
    """Check problems per language, computed at most once in a run and shared by its parts."""

    def __init__(self, ws: Workspace, catalog: Callable[[str], Catalog]) -> None:
        self.ws = ws
        self.catalog = catalog
        self._found: dict[str, list[Problem]] = {}

    def get(self, lang: str) -> list[Problem]:
        """Every problem of *lang*'s catalog; a broken catalog raises its CatalogError.

        Paths in the findings are relative to the workspace, as ``appeal check`` names them.
        """
        if lang not in self._found:
            path = self.ws.po_path(lang)
            self._found[lang] = check_catalog(
                self.catalog(lang), path=path.relative_to(self.ws.root), language=lang,
                source_language=self.ws.source_language, glossary=self.glossary(lang))
        return self._found[lang]

    def reported(self, lang: str) -> list[Problem]:
        """:meth:`get`, after the error of a glossary that cannot be read: the findings as
        ``appeal check`` reports them, for the status, the dashboard and the review page.

        The gates judge by :meth:`get`: a broken glossary stops ``appeal check``, and is
        shown to coordinators, but holds back no reviewed translation.
        """
        return [*self._glossary_problems(lang), *self.get(lang)]

    def glossary(self, lang: str) -> Mapping[str, str]:
        """The language's glossary; a broken one is for :meth:`reported` to report."""
        try:
            return read_glossary(self.ws, lang).terms
        except AppealError:
            return NO_GLOSSARY

    def _glossary_problems(self, lang: str) -> list[Problem]:
        try:
            read_glossary(self.ws, lang)
        except CatalogError as error:
            return [unreadable_problem(self.ws, error)]
        return []
