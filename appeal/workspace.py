"""Where things live in a workspace, what ``appeal.toml`` says, the lock, and atomic writes."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import errno
import fcntl
import functools
import os
import re
import stat
import tempfile
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from appeal.errors import ConfigError, LockError, WriteError

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
    review_dir: str = "review"
    domain: str = "messages"
    formats: tuple[str, ...] = ("html", "md", "txt")
    """Output formats built by default."""
    settings: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
    """The raw ``appeal.toml`` table, for stages with settings of their own."""
    left_out: frozenset[str] = field(default=frozenset(), compare=False)
    """Documents this run does not publish: their source has an error it reported."""

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
    def review(self) -> Path:
        """Where the coordinators' pages go (review pages, dashboard): never in ``dist/``,
        which is published as it is."""
        return self.root / self.review_dir

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

    @property
    def glossary_template(self) -> Path:
        """``locales/glossary.pot``: the terms every language's glossary renders."""
        return self.locales / "glossary.pot"

    def glossary_path(self, lang: str) -> Path:
        """A language's glossary catalog, beside its messages catalog."""
        return self.locales / lang / "LC_MESSAGES" / "glossary.po"

    def documents(self) -> list[Path]:
        """The content files, sorted so every run sees them in the same order
        (without those :attr:`left_out`)."""
        return [path for path in _markdown_files(self.content) if path.stem not in self.left_out]


_LISTED: dict[Path, tuple[int, list[Path]]] = {}


def _markdown_files(folder: Path) -> list[Path]:
    """``folder/*.md``, sorted; listed again only when the folder changed (its mtime), since
    every stage's inputs name the documents."""
    try:
        changed = os.stat(folder).st_mtime_ns
    except FileNotFoundError:
        return []
    known = _LISTED.get(folder)
    if known is None or known[0] != changed:
        known = (changed, sorted(path for path in folder.glob("*.md") if path.is_file()))
        _LISTED[folder] = known
    return list(known[1])


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
        message, line = toml_error(exc, raw)
        raise ConfigError(f"invalid TOML: {message}", path=path, line=line) from None
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


_WRITE_ROOTS: contextvars.ContextVar[tuple[Path, ...]] = contextvars.ContextVar(
    "write_roots", default=())


@contextlib.contextmanager
def writing_inside(*roots: Path) -> Iterator[None]:
    """Refuse, while the block runs, every write that would land outside *roots*.

    A symlinked ``locales/es`` or ``dist`` leading elsewhere would otherwise
    make the tool write into whatever it points at.
    """
    token = _WRITE_ROOTS.set(tuple(root.resolve() for root in roots))
    try:
        yield
    finally:
        _WRITE_ROOTS.reset(token)


def _check_inside(path: Path) -> None:
    roots = _WRITE_ROOTS.get()
    if not roots:
        return
    real = path.parent.resolve()
    if not any(real.is_relative_to(root) for root in roots):
        raise WriteError(f"refusing to write: {path.parent} leads outside the workspace "
                         f"(to {real})", path=path,
                         hint="replace the symbolic link with a real directory")


def write_failure(error: OSError, path: Path) -> WriteError:
    """An OSError while writing *path*, as the error the user reads (disk full, read-only …)."""
    reason = error.strerror or str(error)
    hints = {errno.ENOSPC: "free some disk space and run the command again",
             errno.EROFS: "the file system is mounted read-only",
             errno.EACCES: "check the permissions of the folder",
             errno.EDQUOT: "the disk quota is used up"}
    return WriteError(f"cannot write: {reason}", path=path, hint=hints.get(error.errno or 0))


def toml_error(error: ValueError, source: str) -> tuple[str, int | None]:
    """The message and line of a TOML error in *source* (Python 3.11 has them only in its text).

    >>> toml_error(ValueError("Invalid value (at line 3, column 1)"), "")
    ('invalid value (column 1)', 3)
    >>> toml_error(ValueError("Invalid value (at end of document)"), "[a]\\nb = [\\n")
    ('invalid value (at the end)', 2)
    """
    text = str(error)
    message = text[:1].lower() + text[1:]
    if (match := re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)):
        return f"{message[:match.start()]} (column {match[2]})", int(match[1])
    if (match := re.search(r"\s*\(at end of document\)$", message)):
        return f"{message[:match.start()]} (at the end)", max(1, len(source.splitlines()))
    return message, None


def atomic_write(path: Path, data: bytes, *, durable: bool = True) -> bool:
    """Write *data* to *path* through a temporary file and a rename.

    Returns False and leaves the file alone (no mtime churn) when it already
    holds exactly these bytes, so a no-change run changes nothing on disk and a
    killed run leaves every file either old or new, never half-written.
    *durable* also flushes the data to the disk before the rename, so that a
    power cut cannot lose it: worth its cost for catalogs, which hold people's
    work, not for outputs that the next build writes again. Every failure is a
    :class:`WriteError` naming the path.
    """
    try:
        if path.read_bytes() == data:
            return False
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    except OSError as error:
        raise write_failure(error, path) from None
    _check_inside(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _replace(path, data, durable=durable)
    except OSError as error:
        raise write_failure(error, path) from None
    return True


TEMPORARY = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")
"""How :func:`atomic_write` names its temporary files (``tempfile.mkstemp``'s eight characters)."""


def remove_temporary_files(roots: Iterable[Path]) -> list[Path]:
    """Delete the temporary files of writes an earlier run did not finish.

    Only called with the lock held exclusively, so no other run is writing them.
    """
    removed: list[Path] = []
    for root in roots:
        for path in _walk(root):
            if TEMPORARY.match(path.name):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed.append(path)
    return removed


def _walk(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for directory, _, files in os.walk(root):
        for name in files:
            if name.startswith("."):
                yield Path(directory) / name


@functools.cache
def _umask() -> int:
    """The process's umask, read once (setting it to read it is not safe later, in threads)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def file_mode(path: Path) -> int:
    """The mode a written file gets: its old one when it exists, else ``0666 & ~umask``.

    ``mkstemp`` makes its file readable by its owner only; published pages
    copied to a web server as they are (``rsync -a``) must be readable by the
    server, and catalogs by the group a committee shares them with.
    """
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def _replace(path: Path, data: bytes, *, durable: bool) -> None:
    mode = file_mode(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def workspace_lock(root: Path, *, shared: bool = False) -> Iterator[None]:
    """Hold the workspace lock: exclusive for a run that writes, shared for one that reads.

    Two writing runs never overlap, and a reading run never sees a writer's
    half-done work. The lock file is opened without following a symbolic link
    and without truncating it, so a link planted there cannot damage its target.
    """
    lock_dir = root / ".appeal"
    path = lock_dir / "lock"
    try:
        lock_dir.mkdir(exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise LockError("refusing a lock file that is a symbolic link", path=path,
                            hint="delete it; appeal creates its own") from None
        if shared and error.errno in (errno.EROFS, errno.EACCES):
            yield  # a read-only workspace has no writer to wait for
            return
        raise write_failure(error, path) from None
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockError("another appeal run is working in this workspace",
                            path=root, hint="wait for it to finish") from None
        yield
    finally:
        os.close(fd)


def build_time() -> datetime.datetime:
    """The time to stamp into new catalogs: ``SOURCE_DATE_EPOCH`` when set, else now.

    Honouring the reproducible-builds variable lets two fresh workspaces built
    from the same sources produce byte-identical catalogs.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
    return datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
