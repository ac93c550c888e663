"""Word-level differences between an entry's previous source text and its new one.

When a paragraph changes, its translation turns fuzzy with the old msgid kept
as ``#| msgid``.  A translator then has to find what changed in a long
paragraph; a character diff is noise and a line diff shows the whole
paragraph, so the review page marks whole words that were deleted or inserted.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)

Operation = Literal["equal", "delete", "insert"]


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text that is unchanged, deleted from the old text or inserted in the new."""

    op: Operation
    text: str


def tokens(text: str) -> list[str]:
    """Words, runs of white space and single punctuation marks, which join back to *text*.

    >>> tokens("Ford plant, 28 days")
    ['Ford', ' ', 'plant', ',', ' ', '28', ' ', 'days']
    """
    return _TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn *old* into *new*, adjacent pieces of one kind merged.

    A replaced word shows as its deletion followed by its insertion, and a
    single space between two changes joins them, so that a changed phrase
    reads as one change rather than as alternating words.

    >>> [(p.op, p.text) for p in word_diff("the 28-day strike", "the 30-day strike")]
    [('equal', 'the '), ('delete', '28'), ('insert', '30'), ('equal', '-day strike')]
    >>> [(p.op, p.text) for p in word_diff("to aid jailed people", "to free all people")]
    [('equal', 'to '), ('delete', 'aid jailed'), ('insert', 'free all'), ('equal', ' people')]
    """
    before, after = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    opcodes = matcher.get_opcodes()
    pieces: list[Piece] = []
    deleted: list[str] = []
    inserted: list[str] = []
    for number, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between = 0 < number < len(opcodes) - 1
        if tag == "equal" and not (between and "".join(before[i1:i2]).isspace()):
            _flush(pieces, deleted, inserted)
            _add(pieces, "equal", "".join(before[i1:i2]))
            continue
        deleted.extend(before[i1:i2])
        inserted.extend(after[j1:j2])
    _flush(pieces, deleted, inserted)
    return pieces


def _flush(pieces: list[Piece], deleted: list[str], inserted: list[str]) -> None:
    """Emit the pending change: what was deleted, then what was inserted."""
    _add(pieces, "delete", "".join(deleted))
    _add(pieces, "insert", "".join(inserted))
    deleted.clear()
    inserted.clear()


def _add(pieces: list[Piece], op: Operation, text: str) -> None:
    if not text:
        return
    if pieces and pieces[-1].op == op:
        pieces[-1] = Piece(op, pieces[-1].text + text)
    else:
        pieces.append(Piece(op, text))
