"""Where a machine draft came from, written into and read from its translator comment.

A draft carries ``# appeal-draft: apertium eng→spa→por sha256:1a2b3c4d``: the
route (or ``memory``) and a fingerprint of the text the engine wrote, one
``# appeal-draft-warning: …`` line per shield that did not come back, and
``# appeal-draft-unknown: leftist, unjust`` for the words the engine did not
know and left as they were (which the review page highlights). Translator
comments survive msgmerge, msgcat, Poedit and Weblate, so a later run can tell
an untouched draft (the fingerprint matches) from one a person edited. This
module is the one place that writes and reads that comment.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DRAFT_TAG = "appeal-draft:"
WARNING_TAG = "appeal-draft-warning:"
UNKNOWN_TAG = "appeal-draft-unknown:"
TAGS = (DRAFT_TAG, WARNING_TAG, UNKNOWN_TAG)
"""Every translator comment this module writes starts with one of these."""

_DRAFT = re.compile(r"^appeal-draft:\s*(?P<label>.*?)\s*(?P<print>\bsha256:\S*)?\s*$")


def fingerprint(forms: Sequence[str]) -> str:
    """A short hash of a draft's text, to notice later whether a person changed it.

    >>> fingerprint(["Hola"])
    'sha256:e633f4fc'
    """
    return "sha256:" + hashlib.sha256("\0".join(forms).encode("utf-8")).hexdigest()[:8]


@dataclass(frozen=True, slots=True)
class Provenance:
    """What the draft comment says."""

    label: str
    """The route (``apertium eng→spa``) or ``memory``; empty if the comment names none."""
    fingerprint: str | None
    """``sha256:…`` of the text as drafted; None in a comment without one."""
    warnings: tuple[str, ...] = ()
    """Shields the engine lost, for the reviewer."""
    unknown: tuple[str, ...] = ()
    """Words the engine did not know and left as they were, for the reviewer."""

    def matches(self, forms: Sequence[str]) -> bool:
        """Whether *forms* are still exactly the drafted text."""
        return self.fingerprint == fingerprint(forms)


def read_provenance(comments: Iterable[str]) -> Provenance | None:
    """The provenance in an entry's translator comments, None for human work.

    >>> read_provenance(["checked", "appeal-draft: apertium eng→spa sha256:e633f4fc"])
    Provenance(label='apertium eng→spa', fingerprint='sha256:e633f4fc', warnings=(), unknown=())
    """
    found: Provenance | None = None
    warnings: list[str] = []
    unknown: list[str] = []
    for comment in comments:
        text = comment.strip()
        if found is None and (match := _DRAFT.match(text)):
            found = Provenance(match["label"], match["print"])
        elif text.startswith(WARNING_TAG):
            warnings.append(text[len(WARNING_TAG):].strip())
        elif text.startswith(UNKNOWN_TAG):
            unknown.extend(word for word in text[len(UNKNOWN_TAG):].replace(",", " ").split())
    if found is None:
        return None
    return Provenance(found.label, found.fingerprint, tuple(warnings), tuple(unknown))


def draft_comments(label: str, forms: Sequence[str], warnings: Sequence[str] = (),
                   unknown: Sequence[str] = ()) -> tuple[str, ...]:
    """The translator comments that mark *forms* as drafted along *label*.

    >>> for line in draft_comments("apertium eng→spa", ["Hola"], ["lost X1X"], ["leftist"]):
    ...     print(line)
    appeal-draft: apertium eng→spa sha256:e633f4fc
    appeal-draft-warning: lost X1X
    appeal-draft-unknown: leftist
    """
    return (f"{DRAFT_TAG} {label} {fingerprint(forms)}",
            *(f"{WARNING_TAG} {warning}" for warning in warnings),
            *_unknown_lines(unknown))


COMMENT_WIDTH = 76
"""Characters of a comment line after ``# ``: polib rewraps longer ones at 78 columns,
which would cut a list of words off its tag."""


def _unknown_lines(unknown: Sequence[str]) -> list[str]:
    """``appeal-draft-unknown:`` lines short enough that no tool rewraps them.

    >>> _unknown_lines(["Kagarlitsky"] * 8)  # doctest: +NORMALIZE_WHITESPACE
    ['appeal-draft-unknown: Kagarlitsky, Kagarlitsky, Kagarlitsky, Kagarlitsky,',
     'appeal-draft-unknown: Kagarlitsky, Kagarlitsky, Kagarlitsky, Kagarlitsky']
    """
    lines: list[str] = []
    line = ""
    for word in unknown:
        if line and len(line) + len(word) + 3 > COMMENT_WIDTH:  # ", word" and a comma
            lines.append(line + ",")
            line = ""
        line = f"{line}, {word}" if line else f"{UNKNOWN_TAG} {word}"
    return [*lines, line] if line else lines


def without_provenance(comments: Iterable[str]) -> tuple[str, ...]:
    """The translator comments a person wrote, the draft marks left out."""
    return tuple(c for c in comments if not c.strip().startswith(TAGS))
