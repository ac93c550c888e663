"""The catalog stages: extract the template, update each language's catalog, compile it.

Babel and the catalog code are imported only when a stage has work to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from appeal.runner import Done
from appeal.stages.context import RunContext
from appeal.workspace import Workspace, atomic_write


def template_sources(ws: Workspace) -> list[Path]:
    """The workspace's own page templates (the package's come with its version)."""
    return sorted(ws.templates.rglob("*.j2")) if ws.templates.is_dir() else []


class ExtractStage:
    """``locales/messages.pot`` from the content and the workspace's templates."""

    name: ClassVar[str] = "extract"

    def __init__(self, run: RunContext) -> None:
        self.ws = run.ws
        self.cache = run.catalogs

    def inputs(self, lang: str | None) -> list[Path]:
        return [*self.ws.documents(), *template_sources(self.ws), self.ws.babel_cfg]

    def key(self, lang: str | None) -> object:
        return None

    def run(self, lang: str | None) -> Done:
        from appeal.catalogs import write_template
        from appeal.extract import build_template

        self.cache.template = build_template(self.ws)
        changed = write_template(self.ws.pot_path, self.cache.template)
        path = self.ws.pot_path
        return Done(written=(path,) if changed else (), owns=(path,))


class UpdateStage:
    """Each language's catalog brought up to date with the template (created when missing)."""

    name: ClassVar[str] = "update"

    def __init__(self, run: RunContext) -> None:
        self.ws = run.ws
        self.cache = run.catalogs

    def inputs(self, lang: str | None) -> list[Path]:
        assert lang is not None
        return [self.ws.pot_path, self.ws.po_path(lang)]

    def key(self, lang: str | None) -> object:
        return None

    def prepare(self, languages: object) -> None:
        """Read the template once, before the languages are merged in workers."""
        self.cache.template  # noqa: B018 — read now, shared by every worker

    def run(self, lang: str | None) -> Done:
        assert lang is not None
        from appeal.catalogs import merge, new_catalog, read_catalog, save_catalog

        path = self.ws.po_path(lang)
        if path.exists():
            catalog = merge(read_catalog(path, locale=lang), self.cache.template)
        else:
            catalog = new_catalog(self.cache.template, lang)
        changed, written = save_catalog(path, catalog)
        return Done(written=(path,) if changed else (), owns=(path,), data=written)


class CompileStage:
    """Each catalog compiled to ``.mo``, reviewed entries only, for gettext tools."""

    name: ClassVar[str] = "compile"

    def __init__(self, run: RunContext) -> None:
        self.ws = run.ws
        self.cache = run.catalogs

    def inputs(self, lang: str | None) -> list[Path]:
        assert lang is not None
        return [self.ws.po_path(lang)]

    def key(self, lang: str | None) -> object:
        return None

    def run(self, lang: str | None) -> Done:
        assert lang is not None
        from appeal.catalogs import compile_catalog

        target = self.ws.mo_path(lang)
        changed = atomic_write(target, compile_catalog(self.cache.get(lang)))
        return Done(written=(target,) if changed else (), owns=(target,))
