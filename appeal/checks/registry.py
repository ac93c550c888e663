"""What a check is, what it sees and what it reports, and the registry that holds them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Literal

Severity = Literal["error", "warning"]

NO_GLOSSARY: Mapping[str, str] = MappingProxyType({})
"""The glossary of a language that has none."""

_KEBAB = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of one check on one catalog entry."""

    check: str
    """The kebab-case id of the check that found it, e.g. ``placeholders``."""
    severity: Severity
    message: str
    """One line, a lower-case fragment: ``"%(min)s" missing in translation``."""
    msgid: str
    """The entry's msgid (its first form for plurals), so tools can find the entry."""
    path: Path | None
    """The ``.po`` file, as the caller named it (the command line makes it workspace-relative)."""
    line: int | None
    """1-based line of the entry's ``msgid`` in the file, when the catalog was read from one."""
    draft: bool
    """The entry is fuzzy: a draft nobody has reviewed, reported but marked as such."""

    def __str__(self) -> str:
        """GNU style, so editors and CI annotators jump to the line.

        >>> print(Problem("placeholders", "error", '"%(min)s" missing in translation', "x",
        ...               Path("locales/de/messages.po"), 123, draft=True))
        locales/de/messages.po:123: error (draft): placeholders: "%(min)s" missing in translation
        """
        place = ""
        if self.path is not None:
            place = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        severity = f"{self.severity} (draft)" if self.draft else self.severity
        return f"{place}{severity}: {self.check}: {self.message}"


@dataclass(frozen=True, slots=True)
class Entry:
    """What a check sees of one catalog entry: plain values, no Babel object to misuse."""

    msgid: str
    msgid_plural: str | None
    msgstr: tuple[str, ...]
    """Every form of the translation; ``()`` when nothing is translated yet."""
    flags: frozenset[str]
    language: str
    """The catalog's language (a CLDR code such as ``de`` or ``pt_BR``)."""
    source_language: str
    nplurals: int
    """How many plural forms the catalog's header declares."""
    glossary: Mapping[str, str]
    """Term → its rendering in this language; a term rendered as itself is never translated
    (:class:`appeal.glossary.Glossary` gives exactly this)."""
    python_format: bool
    """The entry is ``%``-formatted at run time, so a stray ``%`` would break the page."""
    markers: frozenset[str] = frozenset()
    """The catalog entry's markers (:attr:`appeal.catalogs.Entry.markers`): ``ignore-<id>``
    silences check ``<id>`` on this entry, as Weblate's flags do."""

    def pairs(self) -> Iterator[tuple[str, str, str]]:
        """``(label, source, translation)`` for every filled form.

        The label prefixes messages about plural forms (``msgstr[1]: ``); the first form
        is compared with the singular source, the others with the plural source, and a
        language with one form only (Japanese, Chinese) compares it with the plural.
        """
        if self.msgid_plural is None:
            for text in self.msgstr[:1]:
                yield "", self.msgid, text
            return
        for index, text in enumerate(self.msgstr):
            if text:
                source = self.msgid if index == 0 and self.nplurals > 1 else self.msgid_plural
                yield f"msgstr[{index}]: ", source, text


CheckFunction = Callable[[Entry], Iterator[str]]
"""A check: yields one message per problem it sees in the entry, and never raises for them."""


@dataclass(frozen=True, slots=True)
class Check:
    """A registered check: the function and what the report says about it."""

    id: str
    """Kebab-case, also the suffix of the marker that silences it (``ignore-<id>``)."""
    severity: Severity
    title: str
    """What the check catches, from the first line of its docstring."""
    function: CheckFunction


CHECKS: dict[str, Check] = {}
"""Every check by id, in the order reports list them."""


def check(id: str, severity: Severity) -> Callable[[CheckFunction], CheckFunction]:
    """Register the decorated function as check *id*; its docstring's first line is the title."""
    if not _KEBAB.fullmatch(id):
        raise ValueError(f"check id {id!r} is not kebab-case")
    if severity not in ("error", "warning"):
        raise ValueError(f"severity {severity!r} is neither 'error' nor 'warning'")

    def register(function: CheckFunction) -> CheckFunction:
        if id in CHECKS:
            raise ValueError(f"check id {id!r} is registered twice")
        title = (function.__doc__ or "").strip().split("\n", 1)[0].rstrip(".")
        if not title:
            raise ValueError(f"check {id!r} needs a docstring: its first line is the title")
        CHECKS[id] = Check(id=id, severity=severity, title=title, function=function)
        return function

    return register


def quote(value: str) -> str:
    """Show a value in a one-line message: double quotes, newlines visible.

    >>> quote("a\\nb")
    '"a\\\\nb"'
    """
    return '"' + value.replace("\n", "\\n") + '"'
