"""Checks on facts a translation must carry over: addresses, and numbers, years, article numbers.

Both look at the words a reader sees (markup and link targets left out, see
:mod:`appeal.checks.inline`); link targets are the ``links`` check's business.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

from appeal.catalogs.formats import without_directives
from appeal.checks.inline import source_inline, translation_inline
from appeal.checks.registry import Entry, check, quote
from appeal.segments.text import EMAIL, URL

NUMBER = re.compile(r"\d+(?:[.,\u066b\u066c\u00a0\u202f\u2009]\d+)*")
"""Digits of any script, with decimal or grouping separators between them (1.5, 1,5, 1 500)."""
_TRAILING = ".,;:!?»”’'\""


def addresses(text: str) -> list[str]:
    """URLs and e-mail addresses in running text, without the punctuation after them.

    >>> addresses("Write to sac@example.org or see https://example.org/orlov.")
    ['https://example.org/orlov', 'sac@example.org']
    """
    found = []
    for match in URL.finditer(text):
        url = match[0].rstrip(_TRAILING)
        if url.endswith(")") and url.count("(") < url.count(")"):
            url = url[:-1].rstrip(_TRAILING)
        found.append(url)
    without_urls = URL.sub(" ", text)
    found.extend(match[0].rstrip(".") for match in EMAIL.finditer(without_urls))
    return found


def _kind(address: str) -> str:
    return "e-mail address" if "@" in address and "://" not in address else "URL"


def _targets(links: Iterable[str]) -> set[str]:
    return {link.removeprefix("mailto:") for link in links}


@check("urls", "error")
def urls(entry: Entry) -> Iterator[str]:
    """URLs or e-mail addresses in the text changed, lost or added."""
    for label, source, text in entry.pairs():
        before, after = source_inline(source), translation_inline(text, source)
        written = addresses(before.text)
        if not written and not addresses(after.text):
            continue
        kept = set(addresses(after.text)) | _targets((*after.links, *after.images))
        for address in dict.fromkeys(written):
            if address not in kept:
                yield f"{label}{_kind(address)} {quote(address)} missing in translation"
        known = set(written) | _targets((*before.links, *before.images))
        for address in dict.fromkeys(addresses(after.text)):
            if address not in known:
                yield f"{label}{_kind(address)} {quote(address)} not in source"


def _ascii_digits(text: str) -> str:
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)


def numbers_in(text: str) -> dict[str, tuple[str, ...]]:
    """Each number's spelling → its digit groups, with URLs and placeholders left out.

    >>> numbers_in("Part 2 of article 205.2, on December 12, 2023 (%(n)s)")
    {'2': ('2',), '205.2': ('205', '2'), '12': ('12',), '2023': ('2023',)}
    """
    text = without_directives(text)
    text = EMAIL.sub(" ", URL.sub(" ", text))
    found: dict[str, tuple[str, ...]] = {}
    for match in NUMBER.finditer(text):
        groups = re.split(r"\D", _ascii_digits(match[0]))
        found.setdefault(match[0], tuple(groups))
    return found


def carries(number: tuple[str, ...], candidates: Iterable[tuple[str, ...]]) -> bool:
    """Whether the translation writes *number* in some local way.

    Accepted: the same groups (``1.5`` as ``1,5``), other grouping (``1,500`` as
    ``1500`` or ``1 500``), and a scale word written out (``800 thousand`` as ``800.000``).

    >>> carries(("1", "5"), [("1", "5")]), carries(("800",), [("800", "000")])
    (True, True)
    >>> carries(("205", "2"), [("205",), ("3",)])
    False
    """
    joined = "".join(number)
    for other in candidates:
        if other == number or "".join(other) == joined:
            return True
        size = len(number)
        if other[:size] == number and all(group == "000" for group in other[size:]):
            return True
    return False


@check("numbers", "warning")
def numbers(entry: Entry) -> Iterator[str]:
    """Numbers, years or article numbers (205.2) missing from the translation."""
    for label, source, text in entry.pairs():
        wanted = numbers_in(source_inline(source).text)
        if not wanted:
            continue
        have = numbers_in(translation_inline(text, source).text).values()
        for spelling, groups in wanted.items():
            if not carries(groups, have):
                yield f"{label}number {quote(spelling)} missing in translation"
