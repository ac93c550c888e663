"""Remember what each stage last saw, so a run with no change does no work.

A stage's inputs are summarised by the size and modification time of each
file.  That costs one ``stat`` per file and no parsing, which keeps a no-change
``appeal build`` from importing Babel, Jinja2 or markdown-it at all.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from appeal.workspace import atomic_write

Fingerprint = dict[str, list[int]]


def fingerprint(paths: Iterable[Path | str], *, root: Path) -> Fingerprint:
    """Size and mtime of each path; a missing file is recorded as missing.

    >>> fingerprint([Path("/nonexistent/file")], root=Path("/"))
    {'nonexistent/file': [-1, -1]}
    """
    result: Fingerprint = {}
    inside = str(root).rstrip("/") + "/"
    for path in paths:
        name = str(path)
        key = name[len(inside):] if name.startswith(inside) else Path(name).as_posix()
        try:
            info = os.stat(name)
            result[key] = [info.st_size, info.st_mtime_ns]
        except FileNotFoundError:
            result[key] = [-1, -1]
    return dict(sorted(result.items()))


class StateFile:
    """The fingerprints each stage saw last time, kept in ``.appeal/state.json``.

    The file is a cache: if it is missing or unreadable every stage simply runs.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._changed = False
        try:
            self._data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            self._data = {}
            self._changed = True

    def is_fresh(self, stage: str, current: object) -> bool:
        """True when *stage* last ran on exactly *current*."""
        return self._data.get(stage) == current

    def get(self, stage: str) -> object:
        """What was last recorded for *stage* (None if nothing), for stages that cache results."""
        return self._data.get(stage)

    def record(self, stage: str, current: object) -> None:
        if self._data.get(stage) != current:
            self._data[stage] = current
            self._changed = True

    def names(self) -> list[str]:
        return list(self._data)

    def values(self) -> list[object]:
        """Everything recorded, for the runner's manifest."""
        return list(self._data.values())

    def forget(self, stage: str) -> None:
        if self._data.pop(stage, None) is not None:
            self._changed = True

    def save(self) -> None:
        """Write the state, unless nothing was recorded or forgotten since it was read."""
        if not self._changed:
            return
        text = json.dumps(self._data, indent=1, sort_keys=True, ensure_ascii=False)
        atomic_write(self.path, text.encode("utf-8") + b"\n")
