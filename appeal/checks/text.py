"""Checks on the translation as text: missing, unchanged, spacing, breaks, length, invisibles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache

from appeal.checks.inline import source_inline, translation_inline
from appeal.checks.registry import Entry, check, quote
from appeal.errors import ConfigError
from appeal.languages import is_rtl

WORD = re.compile(r"[^\W\d_]+")
LENGTH_FACTOR = 3
LENGTH_SLACK = 20

ALWAYS_SUSPECT = frozenset({0x200B, 0xFEFF, *range(0x202A, 0x202F)})
"""Zero-width space and byte-order mark (invisible, break search and copying) and the
bidi embeddings and overrides, which can make displayed text differ from stored text."""
DIRECTION_MARKS = frozenset({0x200E, 0x200F, *range(0x2066, 0x206A)})
"""LRM, RLM and the bidi isolates: right-to-left text needs them around Latin names and
numbers, left-to-right text does not. ZWNJ and ZWJ (U+200C, U+200D) are spelling in
Persian, the Indic scripts and emoji, so they are never reported."""


@check("untranslated", "warning")
def untranslated(entry: Entry) -> Iterator[str]:
    """No translation yet: the source text is published instead."""
    if not entry.msgstr:
        yield "not translated"


def _base(language: str) -> str:
    """The language without region or script: en and en_GB need no translation of each other.

    >>> _base("pt_BR"), _base("sr-Latn")
    ('pt', 'sr')
    """
    return language.replace("-", "_").split("_", 1)[0].lower()


def looks_like_name(text: str) -> bool:
    """Names, acronyms and numbers read the same in every language.

    >>> looks_like_name("Boris Kagarlitsky"), looks_like_name("CPRF, 2023")
    (True, True)
    >>> looks_like_name("Solidarity forever!"), looks_like_name("Contents")
    (False, False)
    """
    words = WORD.findall(text)
    if all(word.isupper() for word in words):
        return True
    return len(words) >= 2 and all(word[0].isupper() for word in words)


@check("unchanged", "warning")
def unchanged(entry: Entry) -> Iterator[str]:
    """Translation identical to the source although the language differs."""
    if _base(entry.language) == _base(entry.source_language):
        return
    pairs = list(entry.pairs())
    if not pairs or any(text.strip() != source.strip() for _, source, text in pairs):
        return
    if looks_like_name(source_inline(entry.msgid).text):
        return
    if entry.glossary.get(entry.msgid.strip()) == entry.msgid.strip():
        return
    yield "translation is the same as the source"


def _lead(text: str) -> str:
    return text[:len(text) - len(text.lstrip())]


def _trail(text: str) -> str:
    return text[len(text.rstrip()):]


@check("whitespace", "warning")
def whitespace(entry: Entry) -> Iterator[str]:
    """Leading or trailing whitespace that differs from the source."""
    for label, source, text in entry.pairs():
        for side, cut in (("leading", _lead), ("trailing", _trail)):
            if cut(source) != cut(text):
                yield (f"{label}{side} whitespace {quote(cut(text))}, "
                       f"source has {quote(cut(source))}")


@check("line-breaks", "warning")
def line_breaks(entry: Entry) -> Iterator[str]:
    """A different number of line breaks (verse, addresses) than the source."""
    for label, source, text in entry.pairs():
        was, now = source.strip().count("\n"), text.strip().count("\n")
        if was != now:
            yield f"{label}{was} line breaks in source, {now} in translation"
            continue
        hard, kept = source_inline(source).hard_breaks, translation_inline(text, source).hard_breaks
        if hard != kept:
            yield (f"{label}{hard} hard line breaks in source, {kept} in translation "
                   "(end a line with a backslash to keep it)")


@check("length", "warning")
def length(entry: Entry) -> Iterator[str]:
    """Translation far longer than the source (more than 3 times + 20 characters)."""
    for label, source, text in entry.pairs():
        if len(text) > LENGTH_FACTOR * len(source) + LENGTH_SLACK:
            yield (f"{label}translation has {len(text)} characters, source {len(source)}: "
                   "something pasted twice or an explanation added?")


@cache
def right_to_left(language: str) -> bool:
    try:
        return is_rtl(language)
    except ConfigError:
        return False


def _invisible(entry: Entry, suspects: frozenset[int]) -> Iterator[str]:
    """Characters from *suspects* that the translation has and its source does not."""
    for label, source, text in entry.pairs():
        seen: list[str] = []
        for char in text:
            if ord(char) in suspects and char not in source and char not in seen:
                seen.append(char)
                name = unicodedata.name(char, "?")
                yield f"{label}invisible character U+{ord(char):04X} {name}"


@check("invisible-characters", "error")
def invisible_characters(entry: Entry) -> Iterator[str]:
    """Zero-width or bidi control characters that could hide or reorder text."""
    suspects = ALWAYS_SUSPECT
    if not right_to_left(entry.language):
        suspects = suspects | DIRECTION_MARKS
    yield from _invisible(entry, suspects)


@check("direction-marks", "warning")
def direction_marks(entry: Entry) -> Iterator[str]:
    """Direction marks in a right-to-left translation, to be checked by eye."""
    if right_to_left(entry.language):
        yield from _invisible(entry, DIRECTION_MARKS)
