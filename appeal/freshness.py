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


def fingerprint(paths: Iterable[Path], *, root: Path) -> Fingerprint:
    """Size and mtime of each path; a missing file is recorded as missing.

    >>> fingerprint([Path("/nonexistent/file")], root=Path("/"))
    {'nonexistent/file': [-1, -1]}
    """
    result: Fingerprint = {}
    for path in paths:
        try:
            info = os.stat(path)
            result[_key(path, root)] = [info.st_size, info.st_mtime_ns]
        except FileNotFoundError:
            result[_key(path, root)] = [-1, -1]
    return dict(sorted(result.items()))


def _key(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class StateFile:
    """The fingerprints each stage saw last time, kept in ``.appeal/state.json``.

    The file is a cache: if it is missing or unreadable every stage simply runs.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            self._data = {}

    def is_fresh(self, stage: str, current: object) -> bool:
        """True when *stage* last ran on exactly *current*."""
        return self._data.get(stage) == current

    def get(self, stage: str) -> object:
        """What was last recorded for *stage* (None if nothing), for stages that cache results."""
        return self._data.get(stage)

    def record(self, stage: str, current: object) -> None:
        self._data[stage] = current

    def names(self) -> list[str]:
        return list(self._data)

    def values(self) -> list[object]:
        """Everything recorded, for the runner's manifest."""
        return list(self._data.values())

    def forget(self, stage: str) -> None:
        self._data.pop(stage, None)

    def save(self) -> None:
        text = json.dumps(self._data, indent=1, sort_keys=True, ensure_ascii=False)
        atomic_write(self.path, text.encode("utf-8") + b"\n")
