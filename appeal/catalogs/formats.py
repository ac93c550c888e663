"""The one parser of format directives, for every format kind the catalogs flag.

``%(name)s`` and ``%d`` (``python-format``), ``{name}`` (``python-brace-format``)
and C's ``%1$s`` or ``%.*s`` (``c-format``) are filled in at run time. Four
places need to find them: the PO writer (GNU never breaks a line inside one),
the placeholders check, the page chrome (which falls back to the source when a
translation's placeholders differ) and the machine-draft shields. They all ask
this module, so they agree on what ``%ld`` or ``100% sure`` is.

The grammars follow Python's ``%`` operator and ``str.format``, and for C
gettext's ``format-c.c``; a ``%`` (or brace) that starts no directive is
recorded as invalid and scanning goes on after it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

PYTHON_CONVERSIONS = frozenset("diouxXeEfFgGcrsa%")
C_CONVERSIONS = frozenset("diouxXeEfFgGaAcspnCSm%")
_PYTHON_FLAGS = frozenset("-+ #0")
_C_FLAGS = frozenset("-+ #0'I")
_C_SIZES = ("hh", "ll", "h", "l", "L", "q", "j", "z", "Z", "t")
_DIGITS = frozenset("0123456789")
KINDS = ("python", "python-brace", "c")


@dataclass(frozen=True, slots=True)
class Directive:
    """One directive found in a text."""

    start: int
    end: int
    """Index just past its last character."""
    text: str
    name: str | None = None
    """``%(name)s`` and ``{name}``'s name, C's ``%2$s`` argument number; None if unnamed."""
    conversion: str = ""
    """The conversion character: ``s``, ``d`` …, ``%`` for ``%%``; for braces, empty."""
    starred: bool = False
    """Width or precision taken from an argument (``%*d``, ``%.*s``)."""

    @property
    def escape(self) -> bool:
        """``%%``, ``{{`` or ``}}``: a literal character, not a placeholder."""
        return self.text in ("%%", "{{", "}}")


@dataclass(frozen=True, slots=True)
class Scan:
    """Every directive of a text, and where a directive was begun but not finished."""

    directives: tuple[Directive, ...]
    invalid: tuple[int, ...]
    """Positions of ``%`` or braces that start no valid directive."""

    @property
    def placeholders(self) -> tuple[Directive, ...]:
        """The directives that take a value (escapes left out)."""
        return tuple(d for d in self.directives if not d.escape)


def scan(text: str, kind: str) -> Scan:
    """The directives of *kind* (``python``, ``python-brace`` or ``c``) in *text*.

    >>> [d.text for d in scan("%(n)d of %s, 100%% and %ld", "python").directives]
    ['%(n)d', '%s', '%%', '%ld']
    >>> scan("50% of 7 %", "python").invalid    # "% o" is a valid (octal) directive
    (9,)
    >>> [d.text for d in scan("{{x}} {n:>3} {", "python-brace").placeholders]
    ['{n:>3}']
    """
    parse = _PARSERS[kind]
    found: list[Directive] = []
    invalid: list[int] = []
    index = _next_mark(text, 0, kind)
    while index >= 0:
        directive = parse(text, index)
        if directive is None:
            invalid.append(index)
            index = _next_mark(text, index + 1, kind)
        else:
            found.append(directive)
            index = _next_mark(text, directive.end, kind)
    return Scan(tuple(found), tuple(invalid))


def _next_mark(text: str, start: int, kind: str) -> int:
    if kind != "python-brace":
        return text.find("%", start)
    braces = [i for i in (text.find("{", start), text.find("}", start)) if i >= 0]
    return min(braces, default=-1)


def _python(text: str, start: int) -> Directive | None:
    """``%[(name)][flags][width][.precision][length]conversion``, as Python's ``%`` reads it."""
    i, size, name = start + 1, len(text), None
    if i < size and text[i] == "(":
        depth, i = 0, i + 1
        begin = i
        while i < size and not (text[i] == ")" and depth == 0):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        if i >= size:
            return None
        name, i = text[begin:i], i + 1
    while i < size and text[i] in _PYTHON_FLAGS:
        i += 1
    i, star_width = _number_or_star(text, i)
    star_precision = False
    if i < size and text[i] == ".":
        i, star_precision = _number_or_star(text, i + 1)
    if i < size and text[i] in "hlL":
        i += 1
    if i >= size or text[i] not in PYTHON_CONVERSIONS:
        return None
    return Directive(start, i + 1, text[start:i + 1], name, text[i],
                     starred=star_width or star_precision)


def _number_or_star(text: str, i: int) -> tuple[int, bool]:
    if i < len(text) and text[i] == "*":
        return i + 1, True
    while i < len(text) and text[i] in _DIGITS:
        i += 1
    return i, False


def _c(text: str, start: int) -> Directive | None:
    """``%[n$][flags][width][.precision][size]conversion``, as gettext's format-c reads it."""
    i, size = start + 1, len(text)
    name = None
    digits_end, _ = _number_or_star(text, i)
    if digits_end > i and digits_end < size and text[digits_end] == "$":
        name, i = text[i:digits_end], digits_end + 1
    while i < size and text[i] in _C_FLAGS:
        i += 1
    i, starred = _c_number(text, i)
    if i < size and text[i] == ".":
        i, star_precision = _c_number(text, i + 1)
        starred = starred or star_precision
    i += next((len(s) for s in _C_SIZES if text.startswith(s, i)), 0)
    if i >= size or text[i] not in C_CONVERSIONS:
        return None
    return Directive(start, i + 1, text[start:i + 1], name, text[i], starred=starred)


def _c_number(text: str, i: int) -> tuple[int, bool]:
    """A width or precision: digits, ``*`` or ``*n$``."""
    i, starred = _number_or_star(text, i)
    if starred:
        end, _ = _number_or_star(text, i)
        if end > i and end < len(text) and text[end] == "$":
            i = end + 1
    return i, starred


def _brace(text: str, start: int) -> Directive | None:
    """``{{``, ``}}`` or ``{field[!conversion][:spec]}``, as ``str.format`` reads it."""
    size = len(text)
    if text[start] == "}":
        if text.startswith("}}", start):
            return Directive(start, start + 2, "}}")
        return None
    if text.startswith("{{", start):
        return Directive(start, start + 2, "{{")
    depth, i = 1, start + 1
    while i < size and depth:
        depth += {"{": 1, "}": -1}.get(text[i], 0)
        i += 1
    if depth:
        return None
    inner = text[start + 1:i - 1]
    field = inner.split("!", 1)[0].split(":", 1)[0]
    head = field.split(".", 1)[0].split("[", 1)[0]
    if head and not (head.isdigit() or head.isidentifier()):
        return None
    return Directive(start, i, text[start:i], field or None)


_PARSERS: dict[str, Callable[[str, int], Directive | None]] = {
    "python": _python, "c": _c, "python-brace": _brace}


def format_kinds(flags: frozenset[str] | set[str]) -> tuple[str, ...]:
    """The kinds an entry's flags declare, in the order GNU gettext lists them.

    >>> format_kinds(frozenset({"fuzzy", "python-format", "no-c-format"}))
    ('python',)
    """
    return tuple(kind for kind in ("c", "python", "python-brace")
                 if f"{kind}-format" in flags or f"possible-{kind}-format" in flags)


def gnu_spans(text: str, kind: str, *, translated: bool = False) -> list[tuple[int, int]]:
    """``(first, last)`` indices of the directives GNU gettext sees in a flagged string.

    GNU's writer never breaks a line inside one. Like gettext, it stops at the
    first invalid directive, and for Python at the first that mixes named and
    unnamed arguments. *translated* is true for a msgstr, where C's ``I`` flag
    is allowed.

    >>> gnu_spans("%(n)d of %s", "python"), gnu_spans("100% sure", "python")
    ([(0, 4)], [(3, 5)])
    >>> gnu_spans("%.*s and %s%", "c"), gnu_spans("%<PRId64> %s %1$s", "c")
    ([(0, 3), (9, 10)], [(0, 8), (10, 11)])
    """
    if kind == "c":
        return _gnu_c_spans(text, translated)
    if kind == "python-brace":
        return _gnu_brace_spans(text)
    if kind != "python":
        return []
    found = scan(text, kind)
    stop = found.invalid[0] if found.invalid else len(text)
    spans: list[tuple[int, int]] = []
    named = unnamed = False
    for directive in found.directives:
        if directive.start > stop:
            break
        if not directive.escape:
            if directive.name is not None:
                named = True
            else:
                unnamed = True
            if named and (unnamed or directive.starred):
                break
        spans.append((directive.start, directive.end - 1))
    return spans


def _gnu_brace_spans(text: str) -> list[tuple[int, int]]:
    """Where GNU's writer sees a ``python-brace-format`` directive (gettext 0.21 to 0.26).

    gettext's ``format-python-brace.c`` marks each directive's start and end
    relative to the directive itself rather than to the string, so every valid
    directive is recorded at the string's start: the writer then keeps the
    first characters of the string together, as many as the shortest directive
    is long (or up to where the first invalid one went wrong), and nothing
    inside the directives themselves. That is what ``msgcat`` writes, so it is
    what appeal writes.

    >>> _gnu_brace_spans("x/y {name} {0:>10}"), _gnu_brace_spans("{x!r} {0}")
    ([(0, 5)], [])
    >>> _gnu_brace_spans("{0} {x!r}"), _gnu_brace_spans("{{ {}")
    ([], [])
    """
    ends: list[int] = []
    error: int | None = None
    start = text.find("{")
    while start >= 0:
        if text.startswith("{{", start):
            start = text.find("{", start + 2)
            continue
        end, failed = _brace_directive(text, start, nested=False)
        if end is None:
            error = failed - start
            break
        ends.append(end - start)
        start = text.find("{", end + 1)
    if not ends:
        return []
    first = min(ends)
    if error is not None and error <= first:
        return []
    return [(0, first)]


def _brace_name_end(text: str, i: int) -> int:
    """Past the identifier or number at *i* (*i* itself when there is none)."""
    if i < len(text) and (text[i] == "_" or (text[i].isascii() and text[i].isalpha())):
        i += 1
        while i < len(text) and (text[i] == "_" or (text[i].isascii() and text[i].isalnum())):
            i += 1
        return i
    return _digits_end(text, i)


def _brace_directive(text: str, start: int, *, nested: bool) -> tuple[int | None, int]:
    """``(index of the closing brace, 0)``, or ``(None, where GNU finds it invalid)``."""
    i = start + 1
    end = _brace_name_end(text, i)
    if end == i:
        return None, i
    i = end
    while i < len(text) and text[i] in ".[":
        opener, i = text[i], i + 1
        end = _brace_name_end(text, i)
        if end == i or (opener == "." and text[i] in _DIGITS):
            return None, i
        i = end
        if opener == "[":
            if not text.startswith("]", i):
                return None, i - 1
            i += 1
    if text.startswith(":", i):
        if nested:
            return None, i
        i += 1
        if i >= len(text):
            return None, i - 1
        if text[i] == "{":
            inner, failed = _brace_directive(text, i, nested=True)
            if inner is None:
                return None, failed
            i = inner + 1
        else:
            i = _standard_spec_end(text, i)
    if not text.startswith("}", i):
        return None, i - 1
    return i, 0


def _standard_spec_end(text: str, i: int) -> int:
    """Past ``[[fill]align][sign][#][0][width][.precision][type]`` (PEP 3101)."""
    if text[i + 1:i + 2] in ("<", ">", "=", "^") and i + 1 < len(text):
        i += 2
    elif text[i] in "<>=^":
        i += 1
    for optional in ("+- ", "#", "0"):
        if i < len(text) and text[i] in optional:
            i += 1
    i = _digits_end(text, i)
    if text.startswith(".", i) and _digits_end(text, i + 1) > i + 1:
        i = _digits_end(text, i + 1)
    if i < len(text) and text[i] in "bcdoxXneEfFgG%":
        i += 1
    return i


_C_MACRO_SIZES = ("MAX", "PTR", "LEAST8", "LEAST16", "LEAST32", "LEAST64", "FAST8", "FAST16",
                  "FAST32", "FAST64", "8", "16", "32", "64")
_C_INTEGER_SIZES = ("hh", "h", "ll", "l", "q", "j", "z", "Z", "t")


class _Numbering:
    """C forbids mixing ``%1$s`` and ``%s`` arguments in one string; GNU stops there."""

    def __init__(self) -> None:
        self.numbered = self.unnumbered = False

    def take(self, numbered: bool) -> bool:
        """Record one argument; False when it mixes the two styles."""
        if (self.unnumbered if numbered else self.numbered):
            return False
        if numbered:
            self.numbered = True
        else:
            self.unnumbered = True
        return True


def _gnu_c_spans(text: str, translated: bool) -> list[tuple[int, int]]:
    """C directives as gettext's ``format-c.c`` delimits them, up to the first invalid one."""
    spans: list[tuple[int, int]] = []
    arguments = _Numbering()
    start = text.find("%")
    while start >= 0:
        end = _gnu_c_directive(text, start, translated, arguments)
        if end is None:
            return spans
        spans.append((start, end))
        start = text.find("%", end + 1)
    return spans


def _gnu_c_directive(text: str, start: int, translated: bool,
                     arguments: _Numbering) -> int | None:
    """The index of the directive's last character, or None where GNU finds it invalid."""
    i, size = start + 1, len(text)
    digits = _digits_end(text, i)
    numbered = False
    if digits > i and digits < size and text[digits] == "$":
        if int(text[i:digits]) == 0:
            return None
        numbered, i = True, digits + 1
    while i < size and (text[i] in " +-#0'" or (translated and text[i] == "I")):
        i += 1
    for precision in (False, True):
        if precision:
            if i >= size or text[i] != ".":
                break
            i += 1
        if i < size and text[i] == "*":
            i += 1
            digits = _digits_end(text, i)
            star_numbered = digits > i and digits < size and text[digits] == "$"
            if star_numbered:
                if int(text[i:digits]) == 0:
                    return None
                i = digits + 1
            if not arguments.take(star_numbered):
                return None
        else:
            i = _digits_end(text, i)
    if text.startswith("<", i):
        end = _c_macro_end(text, i)
        if end is None:
            return None
        return end if arguments.take(numbered) else None
    integer = next((s for s in _C_INTEGER_SIZES if text.startswith(s, i)), "")
    if not integer and text.startswith("L", i):
        integer = "L"
    i += len(integer)
    if i >= size:
        return None
    conversion = text[i]
    if conversion in "%m":
        return i
    if conversion not in "cCsSdiouxXeEfFgGaApn":
        return None
    return i if arguments.take(numbered) else None


def _digits_end(text: str, i: int) -> int:
    while i < len(text) and text[i] in _DIGITS:
        i += 1
    return i


def _c_macro_end(text: str, i: int) -> int | None:
    """``<PRId64>`` and its kin (ISO C99 ``<inttypes.h>``): the index of the ``>``."""
    if not text.startswith("PRI", i + 1) or i + 4 >= len(text) or text[i + 4] not in "diouxX":
        return None
    rest = i + 5
    size = next((s for s in _C_MACRO_SIZES if text.startswith(s, rest)), None)
    if size is None or not text.startswith(">", rest + len(size)):
        return None
    return rest + len(size)


def named_placeholders(text: str) -> frozenset[str] | None:
    """The ``%(name)s`` names in *text*, or None when a conversion is unnamed or malformed.

    Page chrome is formatted with a dict of variables: an unnamed ``%s`` or a
    ``%`` that starts no conversion would raise or print junk.

    >>> sorted(named_placeholders("Approximate reading time: %(low)s-%(high)s minutes"))
    ['high', 'low']
    >>> named_placeholders("100%% done"), named_placeholders("%(minutes) !")
    (frozenset(), None)
    >>> named_placeholders("%s left"), named_placeholders("%(n)%")
    (None, None)
    """
    found = scan(text, "python")
    if found.invalid or any(d.name is None or d.conversion == "%" for d in found.placeholders):
        return None
    return frozenset(d.name for d in found.placeholders if d.name is not None)


def without_directives(text: str, kinds: tuple[str, ...] = ("python-brace", "python")) -> str:
    """*text* with every directive of *kinds* replaced by a blank, in that order.

    >>> without_directives("%(n)s of {total} in 2023")
    '  of   in 2023'
    """
    for kind in kinds:
        directives = scan(text, kind).directives
        for directive in reversed(directives):
            text = text[:directive.start] + " " + text[directive.end:]
    return text
