"""``appeal receive FILE``: merge a catalog a translator sent back into the workspace.

The file is read with the strict reader (an error names its file and line,
and nothing is written), as an editor saved it: CRLF, a byte-order mark,
another wrap width, its own header fields. It is refused when its language is
not the target's, when it was handed off for another language, or when most
of its messages are unknown here (another project's or another template's
file). It is then merged against the catalog it was handed off from
(:mod:`appeal.catalogs.threeway`), and the result is written in the
workspace's own form, its header kept but for who translated last and when.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from appeal.catalogs import (
    Catalog,
    merge,
    new_catalog,
    read_catalog,
    render_catalog,
    save_catalog,
)
from appeal.catalogs.threeway import Decision, ThreeWay, known_share, merge_returned
from appeal.errors import AppealError, CatalogError, ConfigError
from appeal.extract import extract_workspace
from appeal.handoff.records import Record, recorded
from appeal.render import language_name
from appeal.runner import Runner
from appeal.stages.catalogs import updated_catalog
from appeal.stages.context import RunContext
from appeal.workspace import Workspace, workspace_lock

KNOWN_SHARE = 0.5
"""Below this share of known msgids a file is taken to belong to another template."""
TRANSLATOR_FIELDS = ("Last-Translator", "PO-Revision-Date", "Language-Team")
"""Header fields taken from the returned file when some of its work is merged."""


@dataclass(frozen=True, slots=True)
class Received:
    """What merging a returned catalog did (or, in a dry run, would do)."""

    language: str
    path: Path
    """The workspace's catalog the file was merged into."""
    record: Record | None
    """The handoff the file names; None for a file from elsewhere."""
    base_found: bool
    """Whether the catalog as handed off was found, to merge against."""
    merged: ThreeWay
    lines: dict[tuple[str | None, str], int] = field(default_factory=dict)
    """Each entry's line in the merged catalog, for the report."""
    written: bool = False

    def count(self, decision: Decision) -> int:
        return self.merged.count(decision)

    @property
    def conflicts(self) -> int:
        return self.merged.count(Decision.CONFLICT)


def receive(ws: Workspace, path: Path, lang: str | None = None, *, dry_run: bool = False
            ) -> Received:
    """Merge the catalog at *path* into its language's catalog; see the module docstring."""
    returned = read_catalog(path)
    target = target_language(ws, returned, lang, path)
    record = recorded(returned)
    if record is not None and record.language != target:
        raise CatalogError(f"this file was handed off for {record.language!r}, not {target!r}",
                           path=path, line=returned.header.line,
                           hint=f"receive it with --lang {record.language}, or check "
                                "that the right file was sent")
    returned = returned.replace(locale=target)
    base_path = record.path(ws) if record is not None else None
    base = read_catalog(base_path, locale=target) \
        if base_path is not None and base_path.is_file() else None
    with _current(ws, target, dry_run=dry_run) as (template, current):
        share = known_share(returned, template, current, *([base] if base else []))
        if share < KNOWN_SHARE:
            raise CatalogError(
                f"this file belongs to another template: only {share:.0%} of its messages "
                f"are in {ws.pot_path.relative_to(ws.root)}", path=path,
                hint="check that the translator sent back the file they were given")
        merged = merge_returned(current, returned, base, template, origin=path.name)
        catalog = _with_translator(merged, returned)
        target_path = ws.po_path(target)
        if dry_run:
            written, placed = False, render_catalog(catalog)[1]
        else:
            written, placed = save_catalog(target_path, catalog)
    lines = {entry.key: entry.line for entry in placed if entry.line is not None}
    return Received(target, target_path, record, base is not None,
                    ThreeWay(placed, merged.decisions), lines, written)


@contextlib.contextmanager
def _current(ws: Workspace, lang: str, *, dry_run: bool) -> Iterator[tuple[Catalog, Catalog]]:
    """The template and *lang*'s catalog brought up to date, under the workspace lock.

    A real merge updates them on disk first, as ``appeal update`` does; a dry
    run works on copies in memory and changes no file.
    """
    if dry_run:
        with workspace_lock(ws.root, shared=True):
            template = extract_workspace(ws, lambda: _readable(ws.pot_path)).template
            path = ws.po_path(lang)
            current = merge(read_catalog(path, locale=lang), template) if path.is_file() \
                else new_catalog(template, lang)
            yield template, current
        return
    run = RunContext(ws)
    with Runner(ws) as runner:
        current = updated_catalog(runner, run, lang)
        yield run.catalogs.template, current


def _readable(path: Path) -> Catalog | None:
    try:
        return read_catalog(path) if path.is_file() else None
    except AppealError:
        return None


def _with_translator(merged: ThreeWay, returned: Catalog) -> Catalog:
    """The merged catalog, with who translated last and when taken from the returned file
    when some of its work went in."""
    catalog = merged.catalog
    if not any(item.decision in (Decision.TAKEN, Decision.OUTDATED, Decision.OBSOLETE)
               for item in merged.decisions):
        return catalog
    header = catalog.header
    for name in TRANSLATOR_FIELDS:
        value = returned.header.get(name)
        if value:
            header = header.with_field(name, value)
    return catalog.replace(header=header)


def target_language(ws: Workspace, returned: Catalog, asked: str | None, path: Path) -> str:
    """The configured language a returned file is merged into.

    Its header's ``Language`` decides (``pt-BR`` and ``pt_BR`` alike, and
    ``es_ES`` for a workspace translating into ``es``); ``--lang`` must agree
    with it, and names the language of a file whose header has none.
    """
    declared = (returned.header.get("Language") or "").strip()
    line = returned.header.line
    if asked is not None:
        if asked not in ws.languages:
            raise ConfigError(f"{asked!r} is not a target language of this workspace "
                              f"(configured: {', '.join(ws.languages)})")
        if declared and not same_language(declared, asked):
            raise CatalogError(
                f"this file is in {_named(declared)} (Language: {declared}), "
                f"not in {_named(asked)}", path=path, line=line,
                hint="check that the translator sent back the right file")
        return asked
    if not declared:
        raise CatalogError("the header names no language", path=path, line=line,
                           hint="say which it is with --lang")
    exact = [code for code in ws.languages if _normal(code) == _normal(declared)]
    near = [code for code in ws.languages if same_language(code, declared)]
    if exact or len(near) == 1:
        return (exact or near)[0]
    raise CatalogError(
        f"this file is in {_named(declared)} (Language: {declared}), which is not a target "
        f"language here (configured: {', '.join(ws.languages)})", path=path, line=line,
        hint="add the language to appeal.toml first, or give --lang for a file "
             "whose header is wrong")


def same_language(one: str, other: str) -> bool:
    """Whether two codes name the same language, a bare code matching its regions.

    >>> same_language("pt-BR", "pt_BR"), same_language("es_ES", "es")
    (True, True)
    >>> same_language("fr", "es"), same_language("pt_PT", "pt_BR")
    (False, False)
    """
    a, b = _normal(one), _normal(other)
    if a == b:
        return True
    base_a, base_b = a.split("_")[0], b.split("_")[0]
    return base_a == base_b and (a == base_a or b == base_b)


def _normal(code: str) -> str:
    return code.strip().replace("-", "_").lower()


def _named(code: str) -> str:
    """*code*'s language in English, for a message; the code itself if CLDR has no name."""
    try:
        return language_name(code.replace("-", "_"), "en")
    except (ValueError, LookupError, TypeError):
        return code
