"""Write a Babel catalog exactly as GNU gettext 0.21 ``msgcat`` writes it.

Translators' tools, ``msgmerge`` and our own runs then agree byte for byte, so a
catalog that did not change never shows a diff. Babel's and polib's writers wrap
lines differently from GNU (which wraps with Unicode line breaking), hence this
port of ``write-po.c``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import pairwise

from babel.messages.catalog import Catalog, Message

from appeal.catalogs.formats import python_spans
from appeal.catalogs.linebreak import width_breaks

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

    Flags GNU does not know (``#, appeal-ignore-...``) are kept, after GNU's own,
    though ``msgcat`` itself would drop them. Each message's ``lineno`` is set to
    the line its msgid is written on, as Babel's reader would set it, so that a
    catalog just written can report findings by line without being read again.
    """
    chunks: list[str] = []
    entries = iter(catalog)
    header = next(entries)
    header_comments = [_comment_text(line) for line in catalog.header_comment.splitlines()]
    written = [(header, _entry(header, header_comments, obsolete=False))]
    written += [(message, _entry(message, message.user_comments, obsolete=False))
                for message in entries]
    written += [(message, _entry(message, message.user_comments, obsolete=True))
                for message in catalog.obsolete.values() if _strings(message)[0]]
    line = 1
    for message, (text, offset) in written:
        message.lineno = line + offset
        chunks.append(text)
        line += text.count("\n") + 1
    return "\n".join(chunks).encode(catalog.charset or "utf-8")


def _comment_text(line: str) -> str:
    if line.startswith("#"):
        line = line[1:]
        return line[1:] if line.startswith(" ") else line
    return line


def _strings(message: Message) -> tuple[str, ...]:
    string = message.string
    if isinstance(string, (list, tuple)):
        return tuple(s or "" for s in string) or ("",)
    return (string or "",)


def _entry(message: Message, comments: Sequence[str], *, obsolete: bool) -> tuple[str, int]:
    """One entry, in ``message_print`` / ``message_print_obsolete`` order.

    Also returns how many lines precede the msgid line within the entry.
    """
    out: list[str] = []
    for comment in comments:
        out.extend("# " + part if part else "#" for part in comment.split("\n"))
    out.extend("#. " + c if c else "#." for c in message.auto_comments)
    out.extend(_references(message.locations))
    strings = _strings(message)
    flags = _flags_line(message, strings[0], obsolete=obsolete)
    if flags:
        out.append(flags)
    fmt = _format_language(message.flags)
    wrap = "no-wrap" not in message.flags
    ids = [message.id] if isinstance(message.id, str) else list(message.id)
    prefix = "#~ " if obsolete else ""
    for name, value in zip(("msgid", "msgid_plural"), message.previous_id, strict=False):
        out.extend(_wrap("#~| " if obsolete else "#| ", name, value, fmt, wrap))
    if message.context is not None:
        out.extend(_wrap(prefix, "msgctxt", message.context, fmt, wrap))
    msgid_offset = len(out)
    out.extend(_wrap(prefix, "msgid", ids[0], fmt, wrap))
    if len(ids) > 1:
        out.extend(_wrap(prefix, "msgid_plural", ids[1], fmt, wrap))
        for index, string in enumerate(strings):
            out.extend(_wrap(prefix, f"msgstr[{index}]", string, fmt, wrap))
    else:
        out.extend(_wrap(prefix, "msgstr", strings[0], fmt, wrap))
    out.append("")
    return "\n".join(out), msgid_offset


def _references(locations: Sequence[tuple[str, int | None]]) -> Iterator[str]:
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


def _flags_line(message: Message, first_string: str, *, obsolete: bool) -> str:
    """The ``#,`` line: fuzzy (only with a translation), formats, range, no-wrap."""
    flags = message.flags
    if not flags:
        return ""
    fuzzy = "fuzzy" in flags and (obsolete or bool(first_string))
    if obsolete:
        return "#, fuzzy" if fuzzy else ""
    known: list[str] = ["fuzzy"] if fuzzy else []
    for lang in FORMAT_LANGUAGES:
        if f"no-{lang}-format" in flags:
            known.append(f"no-{lang}-format")
        elif f"{lang}-format" in flags or f"possible-{lang}-format" in flags:
            known.append(f"{lang}-format")
    ranges = [m for m in map(_RANGE.fullmatch, flags) if m]
    if ranges:
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


def _format_language(flags: set[str]) -> str | None:
    """The first format GNU would parse directives of (it never breaks inside one)."""
    if not flags or flags == {"fuzzy"}:
        return None
    for lang in FORMAT_LANGUAGES:
        if f"{lang}-format" in flags or f"possible-{lang}-format" in flags:
            return lang
    return None


def _directive_inner(value: str, fmt: str | None) -> set[int]:
    """Indices inside a valid format directive (not its first character)."""
    if fmt != "python" or "%" not in value:
        return set()
    return {i for first, last in python_spans(value) for i in range(first + 1, last + 1)}


def _wrap(prefix: str, name: str, value: str, fmt: str | None, do_wrap: bool) -> list[str]:
    """Lines for ``name "value"``, as GNU ``wrap()`` cuts them."""
    inner = _directive_inner(value, fmt)
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
            return lines


_TRANSLATE = str.maketrans({char: "\\" + code for char, code in _ESCAPES.items()})
_ESCAPE_PAIR = re.compile(r"\\.")
_SPECIAL = re.compile('[\a\b\f\n\r\t\v\\\\"]')
_RARE = re.compile("[\a\b\f\r\t\v]")


def _escape(value: str, start: int, end: int, inner: set[int]) -> tuple[str, list[int]]:
    """C-escape ``value[start:end]``; indices where a break is overridden."""
    if not inner:
        escaped = value[start:end]
        if _SPECIAL.search(escaped) is None:
            return escaped, []
        if _RARE.search(escaped):
            escaped = escaped.translate(_TRANSLATE)
        else:
            escaped = escaped.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        prohibited = [m.start() + 1 for m in _ESCAPE_PAIR.finditer(escaped)]
        if value[end - 1] == "\n":
            prohibited.append(len(escaped) - 2)
        return escaped, prohibited
    out: list[str] = []
    prohibited: list[int] = []
    position = 0
    for index in range(start, end):
        char = value[index]
        if index in inner:
            prohibited.append(position)
        escape = _ESCAPES.get(char)
        if escape is None:
            out.append(char)
            position += 1
        else:
            out.append("\\" + escape)
            prohibited.append(position + 1)
            position += 2
    if end > start and value[end - 1] == "\n":
        prohibited.append(position - 2)
    return "".join(out), prohibited
