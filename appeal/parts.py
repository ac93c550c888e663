"""The parts of the publication a catalog entry belongs to: a document, or the page chrome."""

from __future__ import annotations

from pathlib import PurePosixPath

from appeal.catalogs import Entry
from appeal.workspace import Workspace

CHROME = "chrome"
"""The part name for strings of the page templates (language names, reading time ...)."""


def part_of(location: str, ws: Workspace) -> str:
    """The document a ``#:`` location belongs to; anything outside content/ is chrome.

    >>> from pathlib import Path
    >>> ws = Workspace(Path("/w"))
    >>> part_of("content/digest.md", ws), part_of("templates/page.html.j2", ws)
    ('digest', 'chrome')
    """
    path = PurePosixPath(location)
    if path.suffix == ".md" and path.parent == PurePosixPath(ws.content_dir):
        return path.stem
    return CHROME


def message_parts(message: Entry, ws: Workspace) -> list[str]:
    """Every part that uses *message* (a sentence in both documents counts in both)."""
    return list(dict.fromkeys(part_of(location, ws) for location, _ in message.locations)) \
        or [CHROME]
