"""The one exception family every stage raises, so the CLI can name file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any


class AppealError(Exception):
    """A failure the user can act on; printed GNU style as ``path:line: message``.

    Subclasses carry the place so that the command line, and not the library,
    decides how to show it (only :mod:`appeal.cli` prints).
    """

    def __init__(self, message: str, *, path: Path | str | None = None,
                 line: int | None = None, hint: str | None = None,
                 language: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.language = language
        """The language the failure belongs to, when other languages can go on."""
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __reduce__(self) -> tuple[object, ...]:
        """Keep the place and hint when the error crosses a process boundary."""
        return (_rebuild, (type(self), self.message, self.path, self.line, self.hint,
                           self.language))

    def as_record(self) -> dict[str, object]:
        """The error as JSON, for a stage to report it again while its input is unchanged."""
        return {"message": self.message, "path": str(self.path) if self.path else None,
                "line": self.line, "hint": self.hint}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> AppealError:
        """The error :meth:`as_record` wrote."""
        return cls(str(record["message"]), path=record.get("path"), line=record.get("line"),
                   hint=record.get("hint"))

    def __str__(self) -> str:
        place = ""
        if self.path is not None:
            place = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{place}{self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class ConfigError(AppealError):
    """``appeal.toml`` is missing, unreadable or names something impossible."""


class SourceError(AppealError):
    """A content file or template cannot be read or parsed."""


class CatalogError(AppealError):
    """A ``.po``/``.pot`` file is malformed (bad syntax, escape, charset, binary)."""


class WriteError(AppealError):
    """A file could not be written: disk full, no permission, read-only, outside the workspace."""


class LockError(AppealError):
    """Another ``appeal`` run holds the workspace lock."""


class EngineError(AppealError):
    """A machine-translation engine failed or is unreachable."""


def _rebuild(cls: type[AppealError], message: str, path: Path | None, line: int | None,
             hint: str | None, language: str | None) -> AppealError:
    return cls(message, path=path, line=line, hint=hint, language=language)
