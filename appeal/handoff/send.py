"""``appeal handoff LANG``: everything one translator needs, in one folder and a ``.zip``.

The folder holds the language's catalog, brought up to date first and
carrying its handoff record (:mod:`appeal.handoff.records`); a preview of the
language's pages with machine drafts shown and marked, beside the source
pages; and a note in the translator's language (the package's page text,
English where it has none) saying which file to edit, what fuzzy means and
how to send it back.
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from appeal.catalogs import (
    Catalog,
    State,
    catalog_stats,
    format_catalog,
    translations,
)
from appeal.errors import AppealError, ConfigError
from appeal.gates import publish_policy
from appeal.handoff.records import FIELD, Record, handed_off
from appeal.languages import language_info
from appeal.pagetext import package_translations
from appeal.render import language_name, page_chrome, render_language
from appeal.runner import Runner
from appeal.segments import parse_document
from appeal.stages.catalogs import updated_catalog
from appeal.stages.context import RunContext
from appeal.workspace import Workspace, atomic_write, build_time, writing_inside

NOTE = "README.txt"
PREVIEW = "preview"
NOTE_TEMPLATE = "handoff.txt.j2"


@dataclass(frozen=True, slots=True)
class Handoff:
    """What ``appeal handoff`` wrote."""

    record: Record
    folder: Path
    archive: Path
    catalog: Path
    """The catalog the translator edits, inside *folder*."""
    needing: int
    """Entries still untranslated, drafted or outdated."""
    problems: tuple[AppealError, ...] = ()
    """What went wrong on the way without stopping the handoff (a broken document)."""


def default_folder(ws: Workspace, lang: str) -> Path:
    return ws.root / "handoff" / lang


def hand_off(ws: Workspace, lang: str, folder: Path | None = None) -> Handoff:
    """Update *lang*'s catalog, keep a copy of it as handed off, and write the folder."""
    if lang not in ws.languages:
        raise ConfigError(f"{lang!r} is not a target language of this workspace "
                          f"(configured: {', '.join(ws.languages)})")
    folder = Path(os.path.abspath(folder or default_folder(ws, lang)))
    archive = folder.with_name(folder.name + ".zip")
    run = RunContext(ws)
    with Runner(ws) as runner:
        current = updated_catalog(runner, run, lang)
        record, given = handed_off(current, lang, build_time())
        data = format_catalog(given)
        atomic_write(record.path(ws), data)
        catalog = folder / f"{lang}.po"
        written = {catalog: data}
        needing = sum(1 for entry in current if entry.state in _needing_states(run.ws, lang))
        written[folder / NOTE] = _note(run.ws, lang, current, catalog.name, needing)
        # The folder may be anywhere (--out): writes go there and to the .zip beside it,
        # but the runner's clean-up of interrupted writes stays inside the workspace.
        with writing_inside(ws.root, folder, archive.parent):
            for path, content in written.items():
                atomic_write(path, content)
            pages = _preview(run.ws, lang, current, folder / PREVIEW)
            atomic_write(archive, _zipped(folder, [*written, *pages], record))
    return Handoff(record, folder, archive, catalog, needing, tuple(runner.errors))


def _needing_states(ws: Workspace, lang: str) -> frozenset[State]:
    """What the translator still has to do: machine drafts approved unchanged too,
    unless the publication gates count those as reviewed."""
    states = {State.UNTRANSLATED, State.DRAFT, State.OUTDATED}
    if not publish_policy(ws, lang).count_unchanged_drafts_as_reviewed:
        states.add(State.APPROVED_DRAFT)
    return frozenset(states)


def _note(ws: Workspace, lang: str, catalog: Catalog, filename: str, needing: int) -> bytes:
    """The note for the translator, in their language where the package has it."""
    shown = translations(catalog, fallback=package_translations(lang))
    chrome = page_chrome(ws, shown)
    text = chrome.render(NOTE_TEMPLATE, {
        "project": ws.project, "language": language_name(lang, lang), "file": filename,
        "needing": needing, "field": FIELD})
    return text.encode("utf-8")


def _preview(ws: Workspace, lang: str, catalog: Catalog, into: Path) -> list[Path]:
    """The language's web pages with drafts shown and marked, and the source's beside them.

    Only these two languages are in the switcher, so every link between the
    pages works inside the folder. Pages of documents gone since an earlier
    handoff into the same folder are removed.
    """
    documents = [parse_document(path.read_text(encoding="utf-8"), name=path.stem, path=path)
                 for path in ws.documents()]
    percent = catalog_stats(catalog).percent_reviewed
    languages = [language_info(ws.source_language), language_info(lang, percent=percent)]
    shown = translations(catalog, use_fuzzy=True, fallback=package_translations(lang))
    made = [*render_language(ws, lang, documents, shown, drafts=True, formats=("html",),
                             out=into, languages=languages).owned,
            *render_language(ws, ws.source_language, documents, None, drafts=False,
                             formats=("html",), out=into, languages=languages).owned]
    for code in (lang, ws.source_language):
        for old in sorted((into / code).glob("*.html")):
            if old not in made:
                old.unlink()
    return made


def _zipped(folder: Path, paths: list[Path], record: Record) -> bytes:
    """The folder's files in a ``.zip``, under the folder's name, in a stable order, each
    dated with the handoff (the same catalog handed off twice gives the same bytes)."""
    when = record.when.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(paths):
            name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
            info = zipfile.ZipInfo(name, date_time=when)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
