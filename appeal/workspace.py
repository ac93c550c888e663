"""Where things live in a workspace, what ``appeal.toml`` says, the lock, and atomic writes."""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import os
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from appeal.errors import ConfigError, LockError

SETTINGS_NAME = "appeal.toml"


@dataclass(frozen=True, slots=True)
class Workspace:
    """A workspace directory and its settings, read once from ``appeal.toml``."""

    root: Path
    """The directory holding ``appeal.toml``."""
    source_language: str = "en"
    """The language the content is written in (a CLDR locale id)."""
    languages: tuple[str, ...] = ()
    """Target languages, in the order the settings list them."""
    project: str = "appeal"
    """Project name written into catalog headers."""
    content_dir: str = "content"
    templates_dir: str = "templates"
    locales_dir: str = "locales"
    dist_dir: str = "dist"
    domain: str = "messages"
    formats: tuple[str, ...] = ("html", "md", "txt")
    """Output formats built by default."""
    settings: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
    """The raw ``appeal.toml`` table, for stages with settings of their own."""

    @property
    def content(self) -> Path:
        return self.root / self.content_dir

    @property
    def templates(self) -> Path:
        return self.root / self.templates_dir

    @property
    def locales(self) -> Path:
        return self.root / self.locales_dir

    @property
    def dist(self) -> Path:
        return self.root / self.dist_dir

    @property
    def pot_path(self) -> Path:
        return self.locales / f"{self.domain}.pot"

    @property
    def babel_cfg(self) -> Path:
        return self.root / "babel.cfg"

    @property
    def all_languages(self) -> tuple[str, ...]:
        """The source language first, then every target."""
        return (self.source_language, *self.languages)

    def po_path(self, lang: str) -> Path:
        return self.locales / lang / "LC_MESSAGES" / f"{self.domain}.po"

    def mo_path(self, lang: str) -> Path:
        return self.locales / lang / "LC_MESSAGES" / f"{self.domain}.mo"

    def documents(self) -> list[Path]:
        """The content files, sorted so every run sees them in the same order."""
        return sorted(self.content.glob("*.md"))


def load_workspace(root: Path) -> Workspace:
    """Read ``appeal.toml`` in *root*; errors name the file and line."""
    path = root / SETTINGS_NAME
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("no appeal.toml here", path=path,
                          hint="run 'appeal new DIR' or pass -C DIR") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc.msg}", path=path, line=exc.lineno) from None
    section = data.get("appeal", {})
    languages = section.get("languages", [])
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise ConfigError("'languages' must be a list of language codes", path=path)
    source = section.get("source_language", "en")
    if source in languages:
        raise ConfigError(f"source language {source!r} is also listed as a target", path=path)
    return Workspace(
        root=root.resolve(),
        source_language=source,
        languages=tuple(languages),
        project=section.get("project", "appeal"),
        formats=tuple(section.get("formats", ["html", "md", "txt"])),
        settings=data,
    )


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> bool:
    """Write *data* to *path* through a temporary file and a rename.

    Returns False and leaves the file alone (no mtime churn) when it already
    holds exactly these bytes, so a no-change run changes nothing on disk and a
    killed run leaves every file either old or new, never half-written.
    *durable* also flushes the data to the disk before the rename, so that a
    power cut cannot lose it: worth its cost for catalogs, which hold people's
    work, not for outputs that the next build writes again.
    """
    try:
        if path.read_bytes() == data:
            return False
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return True


@contextlib.contextmanager
def workspace_lock(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the workspace so two runs never write at once."""
    lock_dir = root / ".appeal"
    lock_dir.mkdir(exist_ok=True)
    with open(lock_dir / "lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockError("another appeal run is working in this workspace",
                            path=root, hint="wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_time() -> datetime.datetime:
    """The time to stamp into new catalogs: ``SOURCE_DATE_EPOCH`` when set, else now.

    Honouring the reproducible-builds variable lets two fresh workspaces built
    from the same sources produce byte-identical catalogs.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    return datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
