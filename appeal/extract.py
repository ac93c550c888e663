"""The Babel extractor for Markdown content, and the template catalog Babel extracts."""

from __future__ import annotations

import datetime
import os
from collections.abc import Collection, Iterator, Mapping
from dataclasses import replace
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
    replacement characters in the template.
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


def build_template(ws: Workspace) -> Catalog:
    """Extract every message in the workspace into a template catalog, as ``pybabel extract`` does.

    Locations are relative to the workspace root and entries stay in the order
    Babel walks the files (sorted by path), so the template is the same on
    every run and on every machine.
    """
    method_map, options_map = read_mapping(ws.babel_cfg)
    now = build_time()
    catalog = BabelCatalog(project=ws.project, charset="utf-8", creation_date=now)
    current: list[str] = [""]
    extracted = extract_from_dir(str(ws.root), method_map, options_map,
                                 keywords=DEFAULT_KEYWORDS,
                                 callback=lambda name, method, options: current.append(name))
    try:
        for filename, lineno, message, comments, context in extracted:
            location = os.path.normpath(filename).replace(os.sep, "/")
            catalog.add(message, None, [(location, lineno)], auto_comments=comments,
                        context=context)
    except TemplateSyntaxError as exc:
        raise SourceError(f"template syntax error: {exc.message}", path=Path(current[-1]),
                          line=exc.lineno) from None
    template = from_babel(catalog)
    return template.replace(header=replace(template.header,
                                           comments=header_comments(ws.project, now)))


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
