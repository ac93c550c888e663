"""What ``dist/`` holds after a build: exactly the published files, and why others went.

The runner's manifest names every file a recorded task owns; the build keeps,
per output folder, the list it published last time. A file published last
time that no task owns now is removed, with the reason a user can act on: its
language is held back or no longer configured, its document was removed, its
format is no longer built. Files appeal never wrote are left alone.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from appeal.formats import FORMATS
from appeal.workspace import Workspace

SITE_NAMES = frozenset({"index.html", "sitemap.xml", "status.html"})
"""Files appeal writes (or, for the dashboard, once wrote) at the top of the output folder."""
COORDINATORS = frozenset({"status.html", "review.html"})
"""The dashboard and review pages older versions wrote into the output folder."""


@dataclass(frozen=True, slots=True)
class Removed:
    """A file a build took out of the publication."""

    path: Path
    reason: str
    """Why, as the build prints it: ``de is held back: 42% reviewed, needs 100%``."""


@dataclass(frozen=True, slots=True)
class Publication:
    """One language's place in this build's publication."""

    language: str
    state: str
    """``published``, ``held back`` or ``withdrawn`` (held back after being published)."""
    detail: str = ""
    """Why it is held back, or how many entries are outdated."""

    def __str__(self) -> str:
        """``es published with 1 outdated entry``, as the build prints it."""
        return f"{self.language} {self.state}{': ' + self.detail if self.detail else ''}"


def appeal_named(path: Path, out: Path) -> bool:
    """Whether *path* under *out* has a name appeal gives its outputs.

    Only for a folder appeal has no record of (built by an older version):
    such files are appeal's own and may be taken out of the publication.

    >>> out = Path("/d")
    >>> appeal_named(Path("/d/es/appeal.telegram.2.html"), out)
    True
    >>> appeal_named(Path("/d/CNAME"), out), appeal_named(Path("/d/es/notes.odt"), out)
    (False, False)
    """
    parts = path.relative_to(out).parts
    if len(parts) == 1:
        return parts[0] in SITE_NAMES
    if len(parts) != 2:
        return False
    name = parts[1]
    return name == "review.html" or any(
        Path(name).match(fmt.pattern.format(name="*")) for fmt in FORMATS.values())


def previously_published(recorded: object, out: Path) -> set[str]:
    """The files the last build into *out* published, relative to it (``es/appeal.html``);
    appeal-named files if it kept no list."""
    if isinstance(recorded, Mapping) and recorded.get("out") == str(out):
        return set(recorded.get("files", []))
    if not out.is_dir():
        return set()
    return {path.relative_to(out).as_posix() for path in out.rglob("*")
            if path.is_file() and appeal_named(path, out)}


def reason_for(path: Path, out: Path, ws: Workspace, formats: Sequence[str],
               held: Mapping[str, str]) -> str:
    """Why *path*, published last time, is not part of this build's publication."""
    parts = path.relative_to(out).parts
    if parts[-1] in COORDINATORS and len(parts) == (1 if parts[-1] == "status.html" else 2):
        return f"coordinators' pages are written to {ws.review_dir}/, outside the publication"
    if len(parts) == 2:
        lang, name = parts
        if lang not in ws.all_languages:
            return f"{lang} is no longer configured"
        if lang in held:
            return f"{lang} is held back: {held[lang]}"
        document = name.split(".", 1)[0]
        if document in ws.left_out:
            return f"{ws.content_dir}/{document}.md has an error (see above)"
        if document not in {doc.stem for doc in ws.documents()}:
            return f"document {document!r} was removed"
        for fmt in FORMATS.values():
            if Path(name).match(fmt.pattern.format(name="*")) and fmt.name not in formats:
                return f"format {fmt.name!r} is not built"
    return "no longer written"


def take_out(paths: Iterable[Path], out: Path, why: Reasoner) -> list[Removed]:
    """Delete each file (and the folders it leaves empty); what went, and why."""
    removed: list[Removed] = []
    for path in sorted(paths):
        reason = why(path)
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        removed.append(Removed(path, reason))
        _prune_empty(path.parent, out)
    return removed


def _prune_empty(folder: Path, out: Path) -> None:
    while folder != out and folder.is_relative_to(out):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = folder.parent


class Reasoner:
    """Why a file left the publication, for the files of one build."""

    def __init__(self, ws: Workspace, out: Path, formats: Sequence[str],
                 held: Mapping[str, str]) -> None:
        self.ws, self.out, self.formats, self.held = ws, out, formats, held

    def __call__(self, path: Path) -> str:
        return reason_for(path, self.out, self.ws, self.formats, self.held)
