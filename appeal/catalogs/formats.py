"""Where format directives are, so the PO writer never breaks a line inside one.

GNU ``write-po.c`` parses strings flagged ``python-format`` and forbids breaks
inside each valid directive; parsing stops at the first invalid one. This follows
gettext's ``format-python.c``. (Its ``python-brace-format`` parser marks no
directives, so gettext 0.21 breaks freely inside ``{...}``.)
"""

from __future__ import annotations

_PY_CONVERSIONS = frozenset("%csriduoxXegEfG")
_DIGITS = frozenset("0123456789")


def python_spans(value: str) -> list[tuple[int, int]]:
    """``(first, last)`` index pairs of the valid ``%`` directives, in order.

    >>> python_spans("%(n)d of %s")
    [(0, 4)]
    >>> python_spans("100% sure")
    [(3, 5)]
    """
    spans: list[tuple[int, int]] = []
    named = unnamed = 0
    size = len(value)
    i = value.find("%")
    while 0 <= i < size:
        start, i = i, i + 1
        name = None
        if i < size and value[i] == "(":
            depth, i = 0, i + 1
            name_start = i
            while i < size and not (value[i] == ")" and depth == 0):
                depth += {"(": 1, ")": -1}.get(value[i], 0)
                i += 1
            if i >= size:
                return spans
            name, i = value[name_start:i], i + 1
        while i < size and value[i] in "-+ #0":
            i += 1
        for star_allowed in (True, False):
            if i < size and value[i] == "*":
                if named:
                    return spans
                unnamed, i = unnamed + 1, i + 1
            else:
                while i < size and value[i] in _DIGITS:
                    i += 1
            if not star_allowed or i >= size or value[i] != ".":
                break
            i += 1
        if i < size and value[i] in "hlL":
            i += 1
        if i >= size or value[i] not in _PY_CONVERSIONS:
            return spans
        if name is not None:
            if unnamed:
                return spans
            named += 1
        elif value[i] != "%":
            if named:
                return spans
            unnamed += 1
        spans.append((start, i))
        i = value.find("%", i + 1)
    return spans
