"""Where GNU gettext may break a PO string line: libunistring's line breaking, in Python.

GNU ``msgcat``/``msgmerge`` wrap strings with ``ulc_width_linebreaks`` (Unicode
Standard Annex #14 as libunistring 1.0 implements it, Unicode 14 tables). Writing
byte-identical files means breaking exactly where it does, so this is a port of
``u8_possible_linebreaks_loop`` and ``u8_width_linebreaks_internal``.
"""

from __future__ import annotations

import base64
import re
import zlib
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

from appeal.catalogs._unidata import PACKED, PAIR_TABLE

_DATA = zlib.decompress(base64.b85decode("".join(PACKED)))
_TABLE = [[int(PAIR_TABLE[r * 33 + c]) for c in range(33)] for r in range(33)]

# Class numbers (lbrktables.h); AI, CB, SA and XX are resolved in the data.
BK, CR, LF, CM, ZW, SP = 33, 34, 35, 36, 37, 38
HY, BA, RI, HL, ZWJ = 5, 3, 29, 28, 30
HL_BA = 100
_DIRECT, _INDIRECT = 1, 2


def line_class(char: str) -> int:
    """The resolved line-breaking class of *char*.

    >>> line_class(" ") == SP
    True
    """
    return _DATA[ord(char)] & 63


def width(char: str) -> int:
    """Columns *char* takes: 2 for wide East Asian, 0 combining, -1 control.

    >>> width("a"), width("中"), width("\u0301")
    (1, 2, 0)
    """
    return (_DATA[ord(char)] >> 6) - 1


POSSIBLE, MANDATORY = 1, 2


def possible_breaks(text: str) -> list[int]:
    """``breaks[i]`` is POSSIBLE when a line may break just before ``text[i]``.

    A port of libunistring's ``u8_possible_linebreaks_loop``; MANDATORY marks a
    line-separator character, 0 a prohibited break.
    """
    breaks = [0] * len(text)
    prev = last = BK
    seen_space = False
    ri_count = 0
    data, table = _DATA, _TABLE
    for i, char in enumerate(text):
        prop = data[ord(char)] & 63
        if prop in (BK, LF, CR):
            breaks[i] = MANDATORY
            prev, last, seen_space = prop, BK, False
        elif prop == SP:
            seen_space = True
            prev = SP
        elif prop == ZW:
            last, seen_space, prev = ZW, False, ZW
        elif prop in (CM, ZWJ):
            if last == BK:
                last, seen_space = 20, False
            elif last == ZW or seen_space:
                breaks[i] = POSSIBLE
                last, seen_space = 20, False
            prev = prop
        else:
            if last == BK or prev in (ZWJ, HL_BA):
                pass
            elif last == ZW:
                breaks[i] = POSSIBLE
            elif last == RI and prop == RI:
                breaks[i] = POSSIBLE if seen_space or ri_count % 2 == 0 else 0
            else:
                rule = table[last][prop]
                breaks[i] = POSSIBLE if rule == _DIRECT or (rule == _INDIRECT and seen_space) else 0
            last, seen_space = prop, False
            prev = HL_BA if prev == HL and (prop in (HY, BA)) else prop
        ri_count = ri_count + 1 if prop == RI else 0
    return breaks


class _PackedMap(dict[int, str]):
    """``str.translate`` table: code point -> one character holding its packed byte."""

    def __missing__(self, code: int) -> str:
        self[code] = value = chr(_DATA[code])
        return value


def _byte_class(byte_values: set[int]) -> re.Pattern[bytes]:
    return re.compile(b"[" + re.escape(bytes(sorted(byte_values))) + b"]")


_PACKED = _PackedMap()
_ASCII_PACKED = _DATA[:128] + bytes(128)
# Classes whose rules look further back than the last non-space character.
_CONTEXTUAL = _byte_class({c | k << 6 for c in (BK, CR, LF, CM, ZW, ZWJ, RI, HL) for k in range(4)})
_NOT_ONE_COLUMN = _byte_class({b for b in range(256) if b >> 6 != 2})


def width_breaks(text: str, width_limit: int, start_column: int,
                 prohibited: Sequence[int] = (), *, limit: int = -1) -> list[int]:
    """Indices before which the PO writer starts a new line (at most *limit*).

    The result of ``u8_width_linebreaks_internal``: the text is cut into pieces
    at break opportunities and a piece that would end beyond *width_limit* moves
    to a new line. *prohibited* lists indices where gettext overrides a break
    (inside escape sequences and format directives).
    """
    if text.isascii():
        packed = text.encode("ascii").translate(_ASCII_PACKED)
    else:
        packed = text.translate(_PACKED).encode("latin-1")
    if _CONTEXTUAL.search(packed):
        return _exact(text, width_limit, start_column, prohibited)
    columns = None
    if _NOT_ONE_COLUMN.search(packed):
        columns = list(accumulate((max((b >> 6) - 1, 0) for b in packed), initial=0))
    elif start_column + len(text) <= width_limit:
        return []
    return _lazy(packed, columns, width_limit, start_column, frozenset(prohibited), limit)


def _exact(text: str, width_limit: int, start_column: int, prohibited: Sequence[int]) -> list[int]:
    opportunities = possible_breaks(text)
    for index in prohibited:
        opportunities[index] = 0
    widths = [(_DATA[ord(c)] >> 6) - 1 for c in text]
    return _greedy(opportunities, widths, width_limit, start_column)


def _lazy(packed: bytes, columns: list[int] | None, width_limit: int, start_column: int,
          prohibited: frozenset[int], limit: int) -> list[int]:
    """Cut line by line, testing break opportunities only near each line's end.

    Exact when no character class needs more context than the last non-space
    character (``_CONTEXTUAL`` sends those strings to :func:`_exact`).
    """
    size = len(packed)
    cuts: list[int] = []
    line, column = 0, start_column
    while len(cuts) != limit:
        if columns is None:
            over = line + width_limit - column
        else:
            over = bisect_right(columns, columns[line] + width_limit - column) - 1
        if over >= size:
            break
        over = max(over, line)
        cut = _last_opportunity(packed, line, over, prohibited)
        if cut < 0:
            cut = _first_opportunity(packed, over + 1, prohibited)
            if cut < 0:
                break
        cuts.append(cut)
        line, column = cut, 0
    return cuts


def _is_opportunity(packed: bytes, i: int, prohibited: frozenset[int]) -> bool:
    """Whether a line may break before ``packed[i]`` (the simple, local rules)."""
    cls = packed[i] & 63
    if cls == SP or i in prohibited:
        return False
    j = i - 1
    while j >= 0 and packed[j] & 63 == SP:
        j -= 1
    if j < 0:
        return False
    rule = _TABLE[packed[j] & 63][cls]
    return rule == _DIRECT or (rule == _INDIRECT and j < i - 1)


def _last_opportunity(packed: bytes, line: int, over: int, prohibited: frozenset[int]) -> int:
    """The last break opportunity in ``(line, over]``, or -1."""
    table = _TABLE
    i = over
    while i > line:
        cls = packed[i] & 63
        if cls != SP:
            before = packed[i - 1] & 63
            if before == SP:
                if _is_opportunity(packed, i, prohibited):
                    return i
            elif table[before][cls] == _DIRECT and i not in prohibited:
                return i
        i -= 1
    return -1


def _first_opportunity(packed: bytes, start: int, prohibited: frozenset[int]) -> int:
    for i in range(start, len(packed)):
        if _is_opportunity(packed, i, prohibited):
            return i
    return -1


def _greedy(opportunities: list[int], widths: list[int] | None,
            width_limit: int, start_column: int) -> list[int]:
    """Fill lines piece by piece, as libunistring does (trailing spaces count)."""
    result: list[int] = []
    last_p = -1
    last_column = start_column
    piece = 0
    for i, kind in enumerate(opportunities):
        if kind:
            if last_p >= 0 and last_column + piece > width_limit:
                if not result or result[-1] != last_p:
                    result.append(last_p)
                last_column = 0
            if kind == MANDATORY:
                last_p, last_column, piece = -1, 0, 0
                continue
            last_p = i
            last_column += piece
            piece = 0
        if widths is None:
            piece += 1
        else:
            w = widths[i]
            if w > 0:
                piece += w
    if last_p >= 0 and last_column + piece > width_limit and (not result or result[-1] != last_p):
        result.append(last_p)
    return result
