"""The page stages: every format of every document per language, then the site's own files.

A language's render depends on the documents, the templates (the
workspace's and the package's), the settings, its catalog and the package's
page text for it; the list of held-back languages and the entries left out
for a check error are part of its key, since every language switcher and
each page's text change with them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from appeal.errors import AppealError
from appeal.pagetext import TEMPLATES, language_catalogs, package_translations
from appeal.runner import Done
from appeal.stages.catalogs import template_sources
from appeal.stages.context import RunContext
from appeal.workspace import SETTINGS_NAME, Workspace

if TYPE_CHECKING:
    from appeal.languages import LanguageInfo
    from appeal.segments import Document

@dataclass(frozen=True, slots=True)
class PageOptions:
    """What to render, and where."""

    formats: tuple[str, ...]
    out: Path
    drafts: bool = False
    """Use fuzzy machine drafts too, and mark every page as an unreviewed draft."""


def page_inputs(ws: Workspace) -> list[Path]:
    """Files every page depends on, whatever its language."""
    return [*ws.documents(), *template_sources(ws), *sorted(TEMPLATES.glob("*.j2")),
            ws.root / SETTINGS_NAME]


class PageShared:
    """What every language's pages share, parsed once in the parent before workers fork."""

    def __init__(self, run: RunContext, held: Sequence[str]) -> None:
        self.run = run
        self.held = tuple(held)
        self._documents: list[Document] | None = None
        self._languages: list[LanguageInfo] | None = None

    @property
    def documents(self) -> list[Document]:
        if self._documents is None:
            from appeal.segments import parse_document

            self._documents = [
                parse_document(path.read_text(encoding="utf-8"), name=path.stem, path=path)
                for path in self.run.ws.documents()]
        return self._documents

    @property
    def languages(self) -> list[LanguageInfo]:
        """Every published language with its completeness, for switchers and the index."""
        if self._languages is None:
            from appeal.catalogs import catalog_stats
            from appeal.languages import language_info

            ws = self.run.ws
            infos = []
            for lang in ws.all_languages:
                if lang in self.held:
                    continue
                percent = 100.0
                if lang != ws.source_language:
                    try:
                        percent = catalog_stats(self.run.catalogs.get(lang)).percent_reviewed
                    except AppealError:
                        percent = 0.0
                infos.append(language_info(lang, percent=percent))
            self._languages = infos
        return self._languages


class RenderStage:
    """One language's pages: every chosen format of every document."""

    name: ClassVar[str] = "render"

    def __init__(self, run: RunContext, shared: PageShared, options: PageOptions,
                 withheld: dict[str, frozenset[str]]) -> None:
        self.ws = run.ws
        self.run_context = run
        self.shared = shared
        self.options = options
        self.withheld = withheld

    def wants(self, lang: str) -> bool:
        return lang not in self.shared.held

    def inputs(self, lang: str | None) -> list[Path]:
        assert lang is not None
        own = [] if lang == self.ws.source_language else [self.ws.po_path(lang)]
        package = language_catalogs(lang)
        return [*page_inputs(self.ws), *own, *package]

    def key(self, lang: str | None) -> object:
        assert lang is not None
        return {"formats": list(self.options.formats), "out": str(self.options.out),
                "drafts": self.options.drafts, "held": list(self.shared.held),
                "withheld": sorted(self.withheld.get(lang, ()))}

    def prepare(self, languages: Sequence[str]) -> None:
        """Parse and compile in the parent, so forked workers inherit the work."""
        from appeal.render import precompile_templates

        self.shared.documents  # noqa: B018
        self.shared.languages  # noqa: B018
        if len(languages) > 1:
            precompile_templates(self.ws)

    def run(self, lang: str | None) -> Done:
        assert lang is not None
        from appeal.catalogs import translations
        from appeal.render import render_language

        shown = None
        if lang != self.ws.source_language:
            shown = translations(self.run_context.catalogs.get(lang),
                                 use_fuzzy=self.options.drafts,
                                 leave_out=self.withheld.get(lang, frozenset()),
                                 fallback=package_translations(lang))
        made = render_language(self.ws, lang, self.shared.documents, shown,
                               drafts=self.options.drafts, formats=self.options.formats,
                               out=self.options.out, languages=self.shared.languages)
        return Done(written=made.written, owns=made.owned)
