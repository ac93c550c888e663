"""What ``appeal update`` would change, worked out in memory: ``appeal update --check``.

The runner's fingerprints only say that a file was touched; a check that CI
trusts must say whether the bytes would differ. So the template is extracted
and each catalog merged exactly as the extract and update stages do (the
template keeps its date when nothing else changed, the catalogs are merged
against it and written as GNU gettext writes them), and the result is compared
with the files. Nothing is written. A catalog that cannot be read fails its
language only, and a document that cannot be read is reported as the build
reports it, its entries taken from the previous template.
"""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from appeal.catalogs import (
    Catalog,
    Entry,
    Key,
    format_catalog,
    merge,
    parse_catalog,
    read_catalog,
    render_catalog,
)
from appeal.catalogs.decoding import decode_catalog
from appeal.catalogs.update import kept_template
from appeal.errors import AppealError, CatalogError
from appeal.extract import extract_workspace
from appeal.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Stale:
    """A file ``appeal update`` would write."""

    path: str
    """Relative to the workspace, as the user types it (``locales/es/LC_MESSAGES/messages.po``)."""
    reason: str
    """What would change, in a few words (``would be created``, ``2 entries would change``)."""


@dataclass(frozen=True, slots=True)
class UpdateCheck:
    """The template's and each catalog's verdict."""

    stale: tuple[Stale, ...] = ()
    failed: tuple[AppealError, ...] = ()
    """Documents and catalogs that could not be read; the others were checked."""


def check_update(ws: Workspace, languages: Sequence[str]) -> UpdateCheck:
    """Compare the template and *languages*' catalogs with what ``appeal update`` would write."""
    previous = _readable(ws)
    found = extract_workspace(ws, lambda: previous)
    template = kept_template(ws.pot_path, found.template)
    stale: list[Stale] = []
    failed: list[AppealError] = list(found.broken)
    if _bytes(ws.pot_path) != format_catalog(template):
        stale.append(Stale(_name(ws, ws.pot_path), _template_reason(ws, previous, template)))
    for lang in languages:
        try:
            verdict = _catalog_verdict(ws, lang, template)
        except AppealError as error:
            error.language = error.language or lang
            failed.append(error)
            continue
        if verdict is not None:
            stale.append(Stale(_name(ws, ws.po_path(lang)), verdict))
    return UpdateCheck(tuple(stale), tuple(failed))


def _catalog_verdict(ws: Workspace, lang: str, template: Catalog) -> str | None:
    """Why *lang*'s catalog would change, or None when ``appeal update`` leaves it alone."""
    path = ws.po_path(lang)
    if not path.exists():
        return "would be created"
    data = _bytes(path) or b""
    current = parse_catalog(decode_catalog(data, path), path=path, locale=lang)
    merged = merge(current, template)
    if render_catalog(merged)[0] == data:
        return None
    return _catalog_reason(current, merged, data)


def _catalog_reason(before: Catalog, after: Catalog, data: bytes) -> str:
    """``3 entries and the header would change``; a file whose entries and header stay
    is one written otherwise than GNU gettext writes it (edited by hand, another wrap,
    a byte-order mark or CRLF line ends, which appeal reads and does not write)."""
    old = _by_key(before)
    new = _by_key(after)
    count = sum(1 for key in old.keys() | new.keys() if old.get(key) != new.get(key))
    parts = [f"{count} {'entry' if count == 1 else 'entries'}"] if count else []
    if before.header != after.header:
        parts.append("the header")
    if not parts:
        layout = [what for what, found in (("a byte-order mark", data.startswith(codecs.BOM_UTF8)),
                                           ("CRLF line ends", b"\r\n" in data)) if found]
        return ("would be rewritten as GNU gettext writes it ("
                + (" and ".join(layout) + " dropped" if layout else "line breaks, spacing or order")
                + ")")
    return f"{' and '.join(parts)} would change"


def _template_reason(ws: Workspace, previous: Catalog | None, template: Catalog) -> str:
    """Which sources the template is older than, named as the user knows them."""
    if not ws.pot_path.exists():
        return "would be created"
    if previous is None:
        return "cannot be read; it would be extracted again"
    before = {_comparable(entry) for entry in previous.entries}
    after = {_comparable(entry) for entry in template.entries}
    sources = sorted({file for entry in before ^ after for file, _ in entry.locations})
    if not sources:
        return "its header would change"
    shown = ", ".join(sources[:3]) + (f" and {len(sources) - 3} more" if len(sources) > 3 else "")
    return f"older than {shown}"


def _by_key(catalog: Catalog) -> dict[Key, Entry]:
    """Every entry, obsolete ones too: one going obsolete is one entry changing."""
    return {entry.key: _comparable(entry) for entry in (*catalog.obsolete, *catalog.entries)}


def _comparable(entry: Entry) -> Entry:
    """The entry without where it stood in its file, which moves with every entry above."""
    return entry.replace(line=None)


def _readable(ws: Workspace) -> Catalog | None:
    """The template as the last extraction left it, if it can be read."""
    try:
        return read_catalog(ws.pot_path) if ws.pot_path.is_file() else None
    except AppealError:
        return None


def _bytes(path: Path) -> bytes | None:
    """The file's bytes; None when there is no file."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise CatalogError(f"cannot read: {error.strerror}", path=path) from None


def _name(ws: Workspace, path: Path) -> str:
    try:
        return path.relative_to(ws.root).as_posix()
    except ValueError:
        return str(path)
