"""The catalog stages: extract the template, update each language's catalog, compile it.

Babel and the catalog code are imported only when a stage has work to do.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from appeal.errors import AppealError, SourceError
from appeal.runner import Done, Outcome, Runner
from appeal.stages.context import RunContext
from appeal.workspace import Workspace, atomic_write

if TYPE_CHECKING:
    from appeal.catalogs import Catalog


def template_sources(ws: Workspace) -> list[Path]:
    """The workspace's own page templates (the package's come with its version)."""
    return sorted(ws.templates.rglob("*.j2")) if ws.templates.is_dir() else []


class ExtractStage:
    """``locales/messages.pot`` from the content and the workspace's templates.

    A document that cannot be read does not stop it: its error is the task's
    value (so it is reported again on every run until the file changes) and the
    template keeps what that document had in the previous one.
    """

    name: ClassVar[str] = "extract"

    def __init__(self, run: RunContext) -> None:
        self.ws = run.ws
        self.cache = run.catalogs

    def inputs(self, lang: str | None) -> list[Path]:
        return [*self.ws.documents(), *template_sources(self.ws), self.ws.babel_cfg]

    def key(self, lang: str | None) -> object:
        return None

    def run(self, lang: str | None) -> Done:
        from appeal.catalogs import write_catalog
        from appeal.catalogs.update import kept_template
        from appeal.extract import extract_workspace

        path = self.ws.pot_path
        found = extract_workspace(self.ws, self._previous)
        # the catalogs merged in this run take the date of the template as written
        self.cache.template = kept_template(path, found.template)
        changed = write_catalog(path, self.cache.template)
        value = {"broken": [error.as_record() for error in found.broken]} \
            if found.broken else None
        return Done(written=(path,) if changed else (), owns=(path,), value=value)

    def _previous(self) -> Catalog | None:
        """The template as the last extraction left it, if it can be read."""
        from appeal.catalogs import read_catalog

        try:
            return read_catalog(self.ws.pot_path) if self.ws.pot_path.is_file() else None
        except AppealError:
            return None


def extract(runner: Runner, run: RunContext) -> Outcome:
    """Run the extract stage; report each broken document and leave it out of this run.

    Its error goes to ``runner.errors`` (the command exits 1) and *run*'s
    workspace stops listing it, so no later stage renders, lists or links it.
    """
    outcome = runner.run(ExtractStage(run))
    value = outcome.done.value if outcome.done is not None else None
    records = value.get("broken", []) if isinstance(value, dict) else []
    broken = [SourceError.from_record(record) for record in records]
    runner.errors.extend(broken)
    content = run.ws.content.resolve()
    documents = {error.path.stem for error in broken
                 if error.path is not None and error.path.parent.resolve() == content}
    if documents:
        run.ws = replace(run.ws, left_out=frozenset(documents))
    return outcome


def updated_catalog(runner: Runner, run: RunContext, lang: str) -> Catalog:
    """*lang*'s catalog brought up to date with the content, as ``appeal update`` leaves it:
    the template extracted and the catalog merged on disk, the language's failure raised."""
    from appeal.catalogs import read_catalog

    extract(runner, run)
    runner.run_each(UpdateStage(run), [lang])
    if lang in runner.failed:
        raise runner.failed[lang]
    return read_catalog(run.ws.po_path(lang), locale=lang)


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
