"""What the stages of one run share: the workspace, the catalogs read, the check findings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from appeal.errors import AppealError
from appeal.workspace import Workspace

if TYPE_CHECKING:
    from appeal.catalogs import Catalog
    from appeal.checks.findings import Findings


class CatalogCache:
    """Catalogs read or written during this run, so that each is parsed at most once."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self._template: Catalog | None = None
        self._loaded: dict[str, Catalog | AppealError] = {}

    def remember(self, lang: str, catalog: Catalog) -> None:
        self._loaded[lang] = catalog

    def known(self) -> dict[str, Catalog]:
        return {lang: cat for lang, cat in self._loaded.items() if not isinstance(cat, Exception)}

    def get(self, lang: str) -> Catalog:
        """The catalog of *lang*; a broken file raises its CatalogError (every time)."""
        if lang not in self._loaded:
            from appeal.catalogs import read_catalog

            try:
                self._loaded[lang] = read_catalog(self.ws.po_path(lang), locale=lang)
            except AppealError as error:
                error.language = lang
                self._loaded[lang] = error
        found = self._loaded[lang]
        if isinstance(found, AppealError):
            raise found
        return found

    @property
    def template(self) -> Catalog:
        if self._template is None:
            from appeal.catalogs import read_catalog

            self._template = read_catalog(self.ws.pot_path)
        return self._template

    @template.setter
    def template(self, catalog: Catalog) -> None:
        self._template = catalog


class RunContext:
    """One run's shared state; everything heavy is made on first use only."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.catalogs = CatalogCache(ws)
        self._findings: Findings | None = None

    @property
    def findings(self) -> Findings:
        """Check findings per language (the checks load on first use)."""
        if self._findings is None:
            from appeal.checks.findings import Findings

            self._findings = Findings(self.ws, self.catalogs.get)
        return self._findings
