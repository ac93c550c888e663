"""Checks against the language's glossary: agreed renderings, and terms never translated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from appeal.checks.inline import source_inline, translation_inline
from appeal.checks.registry import Entry, check, quote


@lru_cache(maxsize=1024)
def term_pattern(term: str) -> re.Pattern[str]:
    """*term* as a whole word, its first letter in either case (it may open a sentence).

    >>> bool(term_pattern("trade union").search("Trade union activists"))
    True
    >>> bool(term_pattern("SAC").search("the SACK")), bool(term_pattern("SAC").search("sac"))
    (False, False)
    """
    first, rest = term[:1], re.escape(term[1:])
    head = f"[{re.escape(first.upper())}{re.escape(first.lower())}]" if first.isalpha() \
        else re.escape(first)
    return re.compile(rf"(?<!\w){head}{rest}(?!\w)")


def _terms(entry: Entry, text: str) -> Iterator[tuple[str, str]]:
    """Glossary entries whose term occurs in the source *text*, longest first."""
    for term in sorted(entry.glossary, key=len, reverse=True):
        if term.strip() and term_pattern(term).search(text):
            yield term, entry.glossary[term]


@check("glossary", "warning")
def glossary(entry: Entry) -> Iterator[str]:
    """A glossary term not rendered as the language's glossary says."""
    for label, source, text in entry.pairs():
        seen = translation_inline(text, source).text.casefold()
        for term, rendering in _terms(entry, source_inline(source).text):
            if rendering != term and rendering.casefold() not in seen:
                yield f"{label}{quote(term)} should be rendered {quote(rendering)}"


@check("do-not-translate", "error")
def do_not_translate(entry: Entry) -> Iterator[str]:
    """A term the glossary marks as never translated is not kept as written."""
    for label, source, text in entry.pairs():
        seen = translation_inline(text, source).text
        for term, rendering in _terms(entry, source_inline(source).text):
            if rendering == term and term not in seen:
                yield f"{label}{quote(term)} must stay as written (the glossary says so)"
