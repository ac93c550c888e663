"""Write a catalog exactly as GNU gettext 0.21 ``msgcat`` writes it.

Translators' tools, ``msgmerge`` and our own runs then agree byte for byte, so a
catalog that did not change never shows a diff. Babel's and polib's writers wrap
lines differently from GNU (which wraps with Unicode line breaking), hence this
port of ``write-po.c``.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from itertools import pairwise

from appeal.catalogs.formats import gnu_spans
from appeal.catalogs.linebreak import width_breaks
from appeal.catalogs.model import FUZZY, Catalog, Entry, Location

PAGE_WIDTH = 79

# GNU gettext 0.21's format languages, in the order ``#,`` lists them.
FORMAT_LANGUAGES = (
    "c", "objc", "sh", "python", "python-brace", "lisp", "elisp", "librep", "scheme",
    "smalltalk", "java", "csharp", "javascript", "awk", "object-pascal", "ycp", "tcl",
    "perl", "perl-brace", "php", "gcc-internal", "gfc-internal", "qt", "qt-plural", "kde",
    "kde-kuit", "boost", "lua",
)
_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v",
            "\\": "\\", '"': '"'}
_RANGE = re.compile(r"range: *(\d+)\.\.(\d+)")


def format_catalog(catalog: Catalog) -> bytes:
    """The bytes ``msgcat`` would write for *catalog* (page width 79).

    Flags GNU does not know (Weblate's ``#, ignore-length``) are kept, after GNU's own,
    though ``msgcat`` itself would drop them.
    """
    return render_catalog(catalog)[0]


def render_catalog(catalog: Catalog) -> tuple[bytes, Catalog]:
    """The bytes, and the catalog with each entry's ``line`` where its msgid is written.

    A catalog just written can then report findings by line without being read again.
    """
    header = catalog.header
    header_entry = Entry("", (header.text,), flags=frozenset({FUZZY}) if header.fuzzy
                         else frozenset(), translator_comments=header.comments)
    chunks: list[str] = []
    line = 1

    def place(entry: Entry) -> int:
        nonlocal line
        text, offset = _entry(entry)
        chunks.append(text)
        written = line + offset
        line += text.count("\n") + 1
        return written

    def at_its_line(entry: Entry) -> Entry:
        written = place(entry)
        return entry if entry.line == written else entry.replace(line=written)

    header_line = place(header_entry)
    entries = [at_its_line(entry) for entry in catalog.entries]
    obsolete = [at_its_line(entry) if entry.strings[0] else entry
                for entry in catalog.obsolete]
    data = "\n".join(chunks).encode(header.charset)
    placed = catalog.replace(header=dataclasses.replace(header, line=header_line),
                             entries=tuple(entries), obsolete=tuple(obsolete))
    return data, placed


def _entry(entry: Entry) -> tuple[str, int]:
    """One entry, in ``message_print`` / ``message_print_obsolete`` order.

    Also returns how many lines precede the msgid line within the entry.
    """
    out: list[str] = []
    for comment in entry.translator_comments:
        out.extend("# " + part if part else "#" for part in comment.split("\n"))
    out.extend("#. " + c if c else "#." for c in entry.extracted_comments)
    out.extend(_references(entry.locations))
    flags = _flags_line(entry)
    if flags:
        out.append(flags)
    fmt = _format_language(entry.flags)
    wrap = "no-wrap" not in entry.flags
    prefix = "#~ " if entry.obsolete else ""
    previous = "#~| " if entry.obsolete else "#| "
    for name, value in (("msgctxt", entry.previous_context), ("msgid", entry.previous_id),
                        ("msgid_plural", entry.previous_plural_id)):
        if value is not None:
            out.extend(_wrap(previous, name, value, fmt, wrap))
    if entry.context is not None:
        out.extend(_wrap(prefix, "msgctxt", entry.context, fmt, wrap))
    msgid_offset = len(out)
    out.extend(_wrap(prefix, "msgid", entry.id, fmt, wrap))
    if entry.plural_id is not None:
        out.extend(_wrap(prefix, "msgid_plural", entry.plural_id, fmt, wrap))
        for index, string in enumerate(entry.strings):
            out.extend(_wrap(prefix, f"msgstr[{index}]", string, fmt, wrap))
    else:
        out.extend(_wrap(prefix, "msgstr", entry.strings[0], fmt, wrap))
    out.append("")
    return "\n".join(out), msgid_offset


def _references(locations: Sequence[Location]) -> Iterator[str]:
    """``#:`` lines: a new line when the next reference would pass column 79."""
    line, column = "#:", 2
    for filename, lineno in dict.fromkeys(locations):
        while filename.startswith("./"):
            filename = filename[2:]
        ref = filename if lineno is None else f"{filename}:{lineno}"
        if column > 2 and column + len(ref) + 1 > PAGE_WIDTH:
            yield line
            line, column = "#:", 2
        line += " " + ref
        column += len(ref) + 1
    if column > 2:
        yield line


def _flags_line(entry: Entry) -> str:
    """The ``#,`` line: fuzzy (only with a translation), formats, range, no-wrap."""
    if not entry.flags:
        return ""
    return _flags_text(entry.flags, entry.obsolete,
                       FUZZY in entry.flags and (entry.obsolete or bool(entry.strings[0])))


@functools.lru_cache(maxsize=1024)
def _flags_text(flags: frozenset[str], obsolete: bool, fuzzy: bool) -> str:
    """The ``#,`` line for *flags*: a catalog has few distinct sets, so each is made once."""
    known: list[str] = ["fuzzy"] if fuzzy else []
    for lang in FORMAT_LANGUAGES:
        if f"no-{lang}-format" in flags:
            known.append(f"no-{lang}-format")
        elif f"{lang}-format" in flags or f"possible-{lang}-format" in flags:
            known.append(f"{lang}-format")
    ranges = [m for m in map(_RANGE.fullmatch, flags) if m]
    if ranges and not obsolete:  # GNU keeps no range on an obsolete entry
        known.append(f"range: {ranges[0][1]}..{ranges[0][2]}")
    if "no-wrap" in flags:
        known.append("no-wrap")
    extra = sorted(f for f in flags if not _is_gnu_flag(f))
    return "#, " + ", ".join(known + extra) if known or extra else ""


def _is_gnu_flag(flag: str) -> bool:
    if flag in ("fuzzy", "wrap", "no-wrap") or _RANGE.fullmatch(flag):
        return True
    name = flag.removeprefix("no-").removeprefix("possible-")
    return name.endswith("-format") and name[:-7] in FORMAT_LANGUAGES


@functools.lru_cache(maxsize=1024)
def _format_language(flags: frozenset[str]) -> str | None:
    """The first format GNU would parse directives of (it never breaks inside one)."""
    for lang in FORMAT_LANGUAGES:
        if f"{lang}-format" in flags or f"possible-{lang}-format" in flags:
            return lang
    return None


def _directive_inner(value: str, fmt: str | None, translated: bool) -> set[int]:
    """Indices inside a valid format directive (not its first character)."""
    if fmt is None or "%" not in value:
        return set()
    return {i for first, last in gnu_spans(value, fmt, translated=translated)
            for i in range(first + 1, last + 1)}


@functools.lru_cache(maxsize=1 << 16)
def _wrap(prefix: str, name: str, value: str, fmt: str | None, do_wrap: bool
          ) -> tuple[str, ...]:
    """Lines for ``name "value"``, as GNU ``wrap()`` cuts them.

    Remembered: every catalog of a workspace writes the same msgids, and a
    catalog saved batch by batch while drafting writes most of its strings
    again, so most calls have been made before.
    """
    inner = _directive_inner(value, fmt, name.startswith("msgstr"))
    after_break = len(prefix) + 1
    width = (PAGE_WIDTH if do_wrap else 2**31 - 1) - 1 - after_break
    lines: list[str] = []
    first = True
    start = 0
    while True:
        end = value.find("\n", start)
        end = len(value) if end < 0 else end + 1
        escaped, prohibited = _escape(value, start, end, inner)
        column = len(name) + 1
        cuts = width_breaks(escaped, width, column, prohibited) if first else []
        if first and escaped and (end < len(value) or column > width or cuts):
            lines.append(f'{prefix}{name} ""')
            first = False
        if first:
            lines.append(f'{prefix}{name} "{escaped}"')
            first = False
        else:
            cuts = width_breaks(escaped, width, 0, prohibited)
            bounds = [0, *cuts, len(escaped)]
            lines.extend(f'{prefix}"{escaped[a:b]}"' for a, b in pairwise(bounds))
        start = end
        if start >= len(value):
            return tuple(lines)


_TRANSLATE = str.maketrans({char: "\\" + code for char, code in _ESCAPES.items()})
_ESCAPE_PAIR = re.compile(r"\\.")
_SPECIAL = re.compile('[\a\b\f\n\r\t\v\\\\"]')
_RARE = re.compile("[\a\b\f\r\t\v]")


def _escape(value: str, start: int, end: int, inner: set[int]) -> tuple[str, list[int]]:
    """C-escape ``value[start:end]``; indices where a break is overridden.

    Breaks are overridden inside an escape sequence and inside a format
    directive (*inner*: indices into *value*).
    """
    escaped = value[start:end]
    specials = [m.start() for m in _SPECIAL.finditer(escaped)]
    prohibited: list[int] = []
    if specials:
        if _RARE.search(escaped):
            escaped = escaped.translate(_TRANSLATE)
        else:
            escaped = escaped.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        prohibited = [m.start() + 1 for m in _ESCAPE_PAIR.finditer(escaped)]
        if value[end - 1] == "\n":
            prohibited.append(len(escaped) - 2)
    if inner:
        # Each escaped character before a position shifts it by one.
        prohibited.extend(index - start + bisect_left(specials, index - start)
                          for index in inner if start <= index < end)
    return escaped, prohibited
