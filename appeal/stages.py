"""The cheap stages a build runs when their inputs changed: extract, update, compile.

Each stage compares the size and mtime of the files it reads with what it saw
last time (:mod:`appeal.freshness`) and imports Babel only when it has work to
do. :class:`Catalogs` keeps every catalog read or written in this run, so that
a later stage never parses a file again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from appeal.errors import AppealError
from appeal.freshness import StateFile, fingerprint
from appeal.parallel import fork_map
from appeal.workspace import Workspace

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog


def extraction_inputs(ws: Workspace) -> list[Path]:
    """The files whose change means the template catalog must be extracted again."""
    templates = sorted(ws.templates.rglob("*.j2")) if ws.templates.is_dir() else []
    return [*ws.documents(), *templates, ws.babel_cfg]


class Catalogs:
    """Catalogs read or written during this run, so that each is parsed at most once."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.template: Catalog | None = None
        self._loaded: dict[str, Catalog | AppealError] = {}

    def remember(self, catalogs: Mapping[str, Catalog]) -> None:
        self._loaded.update(catalogs)

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

    def get_template(self) -> Catalog:
        if self.template is None:
            from appeal.catalogs import read_catalog

            self.template = read_catalog(self.ws.pot_path)
        return self.template


def run_extract(ws: Workspace, state: StateFile, catalogs: Catalogs,
                *, force: bool = False) -> bool:
    """Extract ``messages.pot`` if its inputs changed; True when it was rewritten."""
    inputs = extraction_inputs(ws)
    stamp = fingerprint([*inputs, ws.pot_path], root=ws.root)
    if not force and state.is_fresh("extract", stamp):
        return False
    from appeal.catalogs import write_template
    from appeal.extract import build_template

    catalogs.template = build_template(ws)
    changed = write_template(ws.pot_path, catalogs.template)
    state.record("extract", fingerprint([*inputs, ws.pot_path], root=ws.root))
    return changed


def stale_languages(state: StateFile, stage: str, languages: Sequence[str],
                    stamp: Callable[[str], object], *, force: bool) -> list[str]:
    """The languages whose inputs to *stage* changed since it last ran for them."""
    return [lang for lang in languages
            if force or not state.is_fresh(f"{stage}:{lang}", stamp(lang))]


def run_update(ws: Workspace, state: StateFile, catalogs: Catalogs, languages: Sequence[str],
               *, force: bool = False) -> tuple[tuple[str, ...], tuple[AppealError, ...]]:
    """Merge the template into each stale target catalog."""
    def stamp(lang: str) -> object:
        return fingerprint([ws.pot_path, ws.po_path(lang)], root=ws.root)

    stale = stale_languages(state, "update", languages, stamp, force=force)
    if not stale:
        return (), ()
    from appeal.catalogs import update_catalogs

    template = catalogs.get_template()
    # Each language is merged and written on its own, so the work is spread
    # over the cores; the updated catalogs come back for the later stages.
    results = fork_map(lambda lang: update_catalogs(ws, template, [lang]), stale)
    for result in results:
        catalogs.remember(result.catalogs)
    done = {lang for r in results for lang in (*r.created, *r.updated, *r.unchanged)}
    for lang in stale:
        if lang in done:
            state.record(f"update:{lang}", stamp(lang))
        else:
            state.forget(f"update:{lang}")
    changed = tuple(lang for r in results for lang in (*r.created, *r.updated))
    return changed, tuple(error for r in results for error in r.failed)


def run_compile(ws: Workspace, state: StateFile, catalogs: Catalogs, languages: Sequence[str],
                *, force: bool = False) -> tuple[AppealError, ...]:
    """Compile each catalog whose ``.po`` changed into its ``.mo`` (reviewed entries only)."""
    def stamp(lang: str) -> object:
        return fingerprint([ws.po_path(lang), ws.mo_path(lang)], root=ws.root)

    stale = stale_languages(state, "compile", languages, stamp, force=force)
    if not stale:
        return ()
    from appeal.catalogs import compile_catalogs

    result = compile_catalogs(ws, stale, catalogs=catalogs.known())
    for lang in (*result.created, *result.updated, *result.unchanged):
        state.record(f"compile:{lang}", stamp(lang))
    return tuple(result.failed)
