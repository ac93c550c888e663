"""What an output format is, and the registry that holds every one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from appeal.errors import ConfigError

Scope = Literal["document", "language", "site"]
"""Whether a format makes files per document and language, per language, or for the site."""

Writer = Callable[[str, str, "str | None"], dict[str, bytes]]
"""(document name, rendered template, the page's public address) → file name → bytes."""


def plain_file(suffix: str) -> Writer:
    """The rendered text as one UTF-8 file named ``<document>.<suffix>``."""
    def write(name: str, rendered: str, page_url: str | None) -> dict[str, bytes]:
        return {f"{name}.{suffix}": rendered.encode("utf-8")}
    return write


@dataclass(frozen=True, slots=True)
class Format:
    """One output format."""

    name: str
    """What ``--format`` and ``formats = [...]`` in appeal.toml call it."""
    label: str
    """What readers see on the index page."""
    description: str
    """One line for the README and ``--help``: what the format is for."""
    template: str
    """The page template it is rendered from (several formats may share one)."""
    suffix: str
    """The ending of its (first) file's name: ``html``, ``telegram.1.html``."""
    pattern: str
    """A glob for every file it may write for a document: ``{name}.telegram.*.html``."""
    write: Writer
    scope: Scope = "document"

    def first_file(self, document: str) -> str:
        """The file a link to this format of *document* points at.

        >>> get_format("telegram").first_file("appeal")
        'appeal.telegram.1.html'
        """
        return f"{document}.{self.suffix}"

    def files(self, document: str) -> str:
        """A glob matching every file of *document* in this format."""
        return self.pattern.format(name=document)


FORMATS: dict[str, Format] = {}
"""Every format by name, in the order pages list them."""


def register(fmt: Format) -> Format:
    if fmt.name in FORMATS:
        raise ValueError(f"format {fmt.name!r} is registered twice")
    FORMATS[fmt.name] = fmt
    return fmt


def get_format(name: str) -> Format:
    """The format called *name*; an unknown name is a settings error listing the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ConfigError(f"unknown output format {name!r}",
                          hint=f"choose from {', '.join(document_formats())}") from None


def document_formats() -> tuple[str, ...]:
    """The names a user can choose (``--format``, ``formats = [...]``)."""
    return tuple(name for name, fmt in FORMATS.items() if fmt.scope == "document")
