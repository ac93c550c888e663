"""appeal's markers on a catalog entry: the checks it silences, a term kept as written.

A marker is written as one comment line naming it, Weblate-style names
separated by commas::

    # appeal: ignore-numbers, ignore-length
    #. appeal: do-not-translate

A comment, not a ``#,`` flag, because GNU ``msgcat``, ``msgmerge`` and
``msgattrib`` drop every flag they do not know, so ``#, appeal-ignore-length``
and ``#, do-not-translate`` vanished the first time a catalog went through
them; every tool (GNU gettext, polib, translate-toolkit, Poedit, Weblate)
keeps comments. Translators write the translator comment (``#``), which a
merge keeps in their catalog; a template carries the extracted comment
(``#.``), which ``msgmerge`` and ``appeal update`` copy from the ``.pot`` into
every language's ``.po`` (they do not copy a template's translator comments).

The flags of earlier catalogs, ``#, appeal-ignore-<check>`` and
``#, do-not-translate``, are still read, as the markers they stood for. This
module is the one place that knows either spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TAG = "appeal:"
"""Opens the comment line that holds an entry's markers."""
IGNORE = "ignore-"
"""``ignore-<check>`` silences check ``<check>`` on the entry (as Weblate's flags do)."""
KEEP = "do-not-translate"
"""On a glossary term: keep it as written unless a language gives its own rendering."""

OLD_IGNORE = "appeal-ignore-"
"""The flag ``#, appeal-ignore-<check>`` of earlier catalogs: ``ignore-<check>``."""
_OLD_FLAGS = frozenset({KEEP})
"""Old flags spelt as their marker."""
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def read_markers(comments: Iterable[str], flags: Iterable[str] = ()) -> frozenset[str]:
    """The markers of an entry: its ``appeal:`` comment lines, and the old flags.

    *comments* are the entry's translator and extracted comments, without
    their ``#``/``#.`` mark. Only kebab-case names count, so a note that
    happens to start with ``appeal:`` marks nothing.

    >>> sorted(read_markers(["appeal: ignore-numbers, ignore-length", "checked by Ana"]))
    ['ignore-length', 'ignore-numbers']
    >>> sorted(read_markers(["appeal: see the court papers"], {"fuzzy", "do-not-translate",
    ...                                                          "appeal-ignore-html"}))
    ['do-not-translate', 'ignore-html']
    """
    found: set[str] = set()
    for comment in comments:
        text = comment.strip()
        if text.startswith(TAG):
            found.update(name for name in (part.strip() for part in text[len(TAG):].split(","))
                         if _NAME.fullmatch(name))
    for flag in flags:
        if flag.startswith(OLD_IGNORE):
            found.add(IGNORE + flag[len(OLD_IGNORE):])
        elif flag in _OLD_FLAGS:
            found.add(flag)
    return frozenset(found)


def marker_comment(markers: Iterable[str]) -> str:
    """The comment line (without its ``#`` or ``#.``) that holds *markers*.

    >>> marker_comment(["ignore-numbers", "ignore-length"])
    'appeal: ignore-numbers, ignore-length'
    >>> read_markers([marker_comment(["ignore-numbers"])])
    frozenset({'ignore-numbers'})
    """
    names = list(dict.fromkeys(markers))
    bad = [name for name in names if not _NAME.fullmatch(name)]
    if bad or not names:
        raise ValueError(f"not a marker name: {bad[0] if bad else ''!r}")
    return f"{TAG} {', '.join(names)}"


def ignores(markers: frozenset[str], check: str) -> bool:
    """Whether *markers* silence check *check*.

    >>> ignores(frozenset({"ignore-numbers"}), "numbers"), ignores(frozenset(), "numbers")
    (True, False)
    """
    return IGNORE + check in markers


__all__ = ["IGNORE", "KEEP", "OLD_IGNORE", "TAG", "ignores", "marker_comment", "read_markers"]
