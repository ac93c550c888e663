"""Translation memory: what engines already said, and what people already reviewed.

Engine answers go into one SQLite table keyed by engine, route label and the
text sent (shield tokens included), so a re-run, another document or another
workspace pointed at the same file asks no engine twice. Write-ahead logging
lets several runs read while one writes, and a commit per batch means a killed
run loses at most the batch in flight.

Reviewed translations come first: an entry whose msgid some catalog of the
workspace already translates (and nobody flagged fuzzy) is offered that text.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType

from appeal.catalogs import Catalog, Entry, read_catalog
from appeal.errors import AppealError, ConfigError
from appeal.workspace import Workspace

DEFAULT_PATH = ".appeal/memory.sqlite"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    engine TEXT NOT NULL,
    route TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (engine, route, source)
) WITHOUT ROWID
"""
_CHUNK = 500
"""Sources per lookup query, below SQLite's limit on bound parameters."""

MsgKey = str | tuple[str, ...]
"""A msgid, or (msgid, msgid_plural) for a plural entry."""


def memory_path(ws: Workspace) -> Path:
    """``[translate] memory`` from ``appeal.toml``, relative to the workspace."""
    table = ws.settings.get("translate", {})
    value = table.get("memory", DEFAULT_PATH) if isinstance(table, Mapping) else None
    if not isinstance(value, str) or not value:
        raise ConfigError("[translate] memory must be a file path", path=ws.root / "appeal.toml")
    return ws.root / Path(value).expanduser()


class Memory:
    """The engine-answer store; use as a context manager so it is always closed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(_SCHEMA)
            self._db.commit()
        except (OSError, sqlite3.Error) as error:
            raise AppealError(f"cannot open translation memory: {error}", path=path) from None

    def __enter__(self) -> Memory:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def lookup(self, engine: str, route: str, sources: Iterable[str]) -> dict[str, str]:
        """The stored answers among ``sources`` (missing ones are simply absent)."""
        wanted = sorted(set(sources))
        found: dict[str, str] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start:start + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT source, target FROM translations WHERE engine = ? AND route = ? "
                f"AND source IN ({marks})", (engine, route, *chunk))
            found.update(rows)
        return found

    def store(self, engine: str, route: str, pairs: Mapping[str, str]) -> None:
        """Record answers and commit them at once, so a kill right after keeps them."""
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?)",
                    [(engine, route, source, target) for source, target in pairs.items()])
        except sqlite3.Error as error:
            raise AppealError(f"cannot write translation memory: {error}",
                              path=self.path) from None

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM translations").fetchone()[0])

    def close(self) -> None:
        self._db.close()


def reviewed(entries: Iterable[Entry]) -> dict[MsgKey, str | tuple[str, ...]]:
    """Reviewed translations by msgid: translated, not fuzzy, every plural form filled.

    Obsolete entries count too: their translation was reviewed when it was in use.
    A machine draft approved unchanged does not: nothing shows a person read it, and
    a memory draft says it was reviewed elsewhere.
    """
    found: dict[MsgKey, str | tuple[str, ...]] = {}
    for entry in entries:
        if not entry.id or entry.fuzzy or not entry.translated or entry.approved_draft:
            continue
        if entry.plural_id is not None:
            found.setdefault(entry.ids, entry.strings)
        else:
            found.setdefault(entry.id, entry.strings[0])
    return found


def reviewed_in_workspace(ws: Workspace, lang: str,
                          catalogs: Sequence[Catalog] = ()) -> dict[MsgKey, str | tuple[str, ...]]:
    """Every reviewed translation into ``lang`` the workspace holds, obsolete ones included.

    ``catalogs`` are already read (the one being drafted); every other ``.po`` of the
    language except the glossary is read from disk.
    """
    found: dict[MsgKey, str | tuple[str, ...]] = {}
    for catalog in catalogs:
        found.update(reviewed([*catalog.entries, *catalog.obsolete]))
    directory = ws.locales / lang / "LC_MESSAGES"
    skip = {ws.po_path(lang).name, "glossary.po"}
    for path in sorted(directory.glob("*.po")) if directory.is_dir() else ():
        if path.name not in skip:
            catalog = read_catalog(path, locale=lang)
            for key, value in reviewed([*catalog.entries, *catalog.obsolete]).items():
                found.setdefault(key, value)
    return found
