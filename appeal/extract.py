"""The Babel extractor for Markdown content, and the template catalog Babel extracts."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import DEFAULT_HEADER
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from jinja2 import TemplateSyntaxError

from appeal.catalogs import Catalog
from appeal.catalogs.bridge import from_babel
from appeal.errors import ConfigError, SourceError
from appeal.pagetext import DOMAIN, EXTRACTION, PACKAGE
from appeal.segments import extract_segments, parse_document
from appeal.workspace import Workspace, build_time

Extracted = tuple[int, str | None, str, list[str]]


def extract_markdown(fileobj: IO[bytes], keywords: Collection[str],
                     comment_tags: Collection[str],
                     options: Mapping[str, Any]) -> Iterator[Extracted]:
    """Babel's extractor protocol over :func:`appeal.segments.extract_segments`.

    Registered as the ``markdown`` method, so ``pybabel extract -F babel.cfg``
    and :func:`build_template` read content the same way. Bytes that are not
    valid in the configured encoding stop extraction instead of turning into
    replacement characters in the template, and so does broken source (front
    matter that breaks a rule of :mod:`appeal.segments.frontmatter`, an unclosed
    code fence): a :class:`SourceError` naming the file Babel opened and the line.
    """
    name = getattr(fileobj, "name", None)
    path = Path(name) if isinstance(name, str) else None
    encoding = options.get("encoding", "utf-8")
    try:
        text = fileobj.read().decode(encoding, errors="strict")
    except UnicodeDecodeError as exc:
        raise SourceError(f"not valid {encoding}: {exc.reason}", path=path) from None
    document = parse_document(text, name=path.stem if path else "", path=path)
    for segment in extract_segments(document):
        yield segment.line, None, segment.text, list(segment.comments)


def read_mapping(path: Path) -> tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]:
    """The method map and options from a ``babel.cfg``, as ``pybabel extract -F`` reads them."""
    try:
        with path.open(encoding="utf-8") as handle:
            found: tuple[list[tuple[str, str]], dict[str, dict[str, Any]]] = \
                parse_mapping_cfg(handle, filename=str(path))  # type: ignore[no-untyped-call]
            return found
    except FileNotFoundError:
        raise ConfigError("no babel.cfg in the workspace", path=path,
                          hint="it maps content/**.md to the markdown extractor") from None
    except Exception as exc:  # configparser and Babel raise several unrelated types here
        raise ConfigError(f"cannot read extraction map: {exc}", path=path) from None


MARKDOWN_METHODS = frozenset({"markdown", "appeal.extract:extract_markdown",
                              "appeal.extract.extract_markdown"})
"""How a ``babel.cfg`` may name :func:`extract_markdown`."""


@dataclass(frozen=True, slots=True)
class Extraction:
    """A template and the documents that could not be read into it."""

    template: Catalog
    broken: tuple[SourceError, ...] = ()
    """One error per content file that stopped extraction; the template keeps the
    entries the previous template had from that file, so its translations are
    not marked obsolete in every catalog over a typo in its front matter."""


def build_template(ws: Workspace) -> Catalog:
    """Extract every message in the workspace into a template catalog, as ``pybabel extract`` does.

    Broken content stops it with that document's :class:`SourceError`; see
    :func:`extract_workspace` for the build, which goes on without it.
    """
    found = extract_workspace(ws)
    if found.broken:
        raise found.broken[0]
    return found.template


def extract_workspace(ws: Workspace,
                      previous: Callable[[], Catalog | None] = lambda: None) -> Extraction:
    """Extract every message in the workspace into a template catalog, as ``pybabel extract`` does.

    Locations are relative to the workspace root and entries stay in the order
    Babel walks the files (sorted by path), so the template is the same on
    every run and on every machine. A content file the Markdown extractor
    cannot read is reported in :attr:`Extraction.broken`, and its entries
    come from *previous* (read only then), as they were when it last extracted.
    """
    method_map, options_map = read_mapping(ws.babel_cfg)
    broken: list[SourceError] = []
    keeping = _KeptEntries(ws.root, previous, broken)
    methods: list[tuple[str, Any]] = [  # Babel calls a callable method as it is
        (pattern, keeping.extractor if method in MARKDOWN_METHODS else method)
        for pattern, method in method_map]
    now = build_time()
    catalog = BabelCatalog(project=ws.project, charset="utf-8", creation_date=now)
    current: list[str] = [""]
    markdown: set[str] = set()

    def visiting(name: str, method: Any, options: Any) -> None:
        current.append(name)
        if method == keeping.extractor:  # a bound method: equal, not the same object
            markdown.add(os.path.normpath(name).replace(os.sep, "/"))

    extracted = extract_from_dir(str(ws.root), methods, options_map,
                                 keywords=DEFAULT_KEYWORDS, callback=visiting)
    try:
        for filename, lineno, message, comments, context in extracted:
            location = os.path.normpath(filename).replace(os.sep, "/")
            catalog.add(message, None, [(location, lineno)], auto_comments=comments,
                        context=context)
    except TemplateSyntaxError as exc:
        raise SourceError(f"template syntax error: {exc.message}", path=Path(current[-1]),
                          line=exc.lineno) from None
    template = without_prose_formats(from_babel(catalog), markdown)
    return Extraction(template.replace(header=replace(
        template.header, comments=header_comments(ws.project, now))), tuple(broken))


PROSE_FLAGS = frozenset({"python-format", "python-brace-format"})
"""What Babel guesses from a ``%`` or ``{}`` in any message; in Markdown prose they are
text ("100% sure", a URL's ``%22``, ``${var%suffix}``), never formatted."""


def without_prose_formats(template: Catalog, markdown: Collection[str]) -> Catalog:
    """*template* without Babel's format flags on entries found only in Markdown documents.

    Babel sets ``python-format`` on every message holding a ``%``; on prose that
    would make ``msgfmt --check`` and the placeholders check refuse a correct
    translation ("100 %") and the original itself (``%22`` in a link).
    """
    changed = [entry.replace(flags=entry.flags - PROSE_FLAGS) for entry in template
               if entry.flags & PROSE_FLAGS and entry.locations
               and all(name in markdown for name, _ in entry.locations)]
    return template.replaced(changed) if changed else template


class _KeptEntries:
    """The Markdown extractor for :func:`extract_workspace`: a broken file's error is
    kept, and the file gives the entries the previous template had from it."""

    def __init__(self, root: Path, previous: Callable[[], Catalog | None],
                 broken: list[SourceError]) -> None:
        self.root = root
        self.previous = previous
        self.broken = broken
        self._by_file: dict[str, list[Extracted]] | None = None

    def extractor(self, fileobj: IO[bytes], keywords: Collection[str],
                  comment_tags: Collection[str], options: Mapping[str, Any]
                  ) -> Iterator[Extracted]:
        try:
            found = list(extract_markdown(fileobj, keywords, comment_tags, options))
        except SourceError as error:
            self.broken.append(error)
            name = getattr(fileobj, "name", "")
            location = os.path.relpath(name, self.root).replace(os.sep, "/")
            found = self.kept().get(location, [])
        yield from found

    def kept(self) -> dict[str, list[Extracted]]:
        """The previous template's entries by file, in line order."""
        if self._by_file is None:
            self._by_file = {}
            for entry in (catalog.entries if (catalog := self.previous()) else ()):
                if entry.context is not None or entry.plural_id is not None:
                    continue  # the Markdown extractor writes neither
                for location, line in entry.locations:
                    self._by_file.setdefault(location, []).append(
                        (line or 0, None, entry.id, list(entry.extracted_comments)))
            for found in self._by_file.values():
                found.sort(key=lambda item: item[0])
        return self._by_file


def header_comments(project: str, now: datetime.datetime) -> tuple[str, ...]:
    """Babel's template header comment, its year from the build time.

    Babel would put the current year into the copyright line; a fixed build
    time (``SOURCE_DATE_EPOCH``) must give the same bytes on any day.
    """
    text = DEFAULT_HEADER.replace("PROJECT", project).replace("YEAR", f"{now:%Y}")
    return tuple(line[2:] if line.startswith("# ") else line[1:] for line in text.splitlines())


def build_package_template(now: datetime.datetime) -> Catalog:
    """The template of appeal's own page text: the package's templates, extracted as a
    workspace's ``babel.cfg`` would extract its own (see :mod:`appeal.pagetext`)."""
    catalog = BabelCatalog(project=DOMAIN, charset="utf-8", creation_date=now)
    found = extract_from_dir(str(PACKAGE), [("templates/**.j2", "jinja2")],
                             {"templates/**.j2": EXTRACTION}, keywords=DEFAULT_KEYWORDS)
    for filename, lineno, message, comments, context in found:
        location = os.path.normpath(filename).replace(os.sep, "/")
        catalog.add(message, None, [(f"appeal/{location}", lineno)], auto_comments=comments,
                    context=context)
    return from_babel(catalog)
