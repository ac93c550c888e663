"""Find the old message an edited one came from, in near-linear time.

Babel's ``Catalog.update`` compares every new msgid with every old one through
``difflib`` (quadratic: minutes on a 10,000-entry catalog). Edited prose keeps most
of its rarer words, so an inverted index over words (character trigrams for short
strings) yields a handful of candidates; only those are scored with the same
``SequenceMatcher`` ratio and cutoff Babel uses, so the answers agree on real text.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Iterable
from difflib import SequenceMatcher

CUTOFF = 0.6
"""Babel's ``get_close_matches`` cutoff."""
CANDIDATES = 12
"""How many best-sharing candidates get the full ``SequenceMatcher`` ratio."""
SHORT = 48
"""Strings shorter than this are indexed by character trigrams, not words."""

_WORD = re.compile(r"\w+")


def match_key(msgid: str) -> str:
    """Babel's fuzzy key: the msgid, lower-cased and stripped.

    >>> match_key("  Hello World ")
    'hello world'
    """
    return msgid.lower().strip()


def _tokens(text: str, short: bool) -> set[str]:
    if short:
        padded = f" {text} "
        return {padded[i:i + 3] for i in range(len(padded) - 2)}
    return set(_WORD.findall(text))


class FuzzyIndex:
    """Old translated msgids, indexed for :meth:`best` look-ups."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys: list[str] = list(dict.fromkeys(keys))
        self._words: dict[str, list[int]] = defaultdict(list)
        self._grams: dict[str, list[int]] = defaultdict(list)
        for number, key in enumerate(self.keys):
            for token in _tokens(key, short=False):
                self._words[token].append(number)
            if len(key) < SHORT * 2.5:
                for token in _tokens(key, short=True):
                    self._grams[token].append(number)

    def best(self, key: str) -> str | None:
        """The old key Babel's ``get_close_matches(key, keys, 1)`` would pick."""
        short = len(key) < SHORT
        postings = self._grams if short else self._words
        tokens = sorted((t for t in _tokens(key, short) if t in postings),
                        key=lambda t: len(postings[t]))
        scores: dict[int, float] = defaultdict(float)
        budget = 4000
        for token in tokens:
            numbers = postings[token]
            if budget <= 0:
                break
            budget -= len(numbers)
            weight = 1.0 / len(numbers)
            for number in numbers:
                scores[number] += weight
        chosen = heapq.nlargest(CANDIDATES, scores, key=scores.__getitem__)
        return self._score(key, (self.keys[n] for n in chosen))

    @staticmethod
    def _score(key: str, candidates: Iterable[str]) -> str | None:
        """Best ``(ratio, candidate)`` as Babel ranks them, skipping hopeless ones.

        ``real_quick_ratio`` and ``quick_ratio`` are upper bounds of ``ratio``, so a
        candidate whose bound is below the best ratio so far cannot win (nor tie).
        """
        matcher = SequenceMatcher(autojunk=False)
        matcher.set_seq2(key)
        best: tuple[float, str] | None = None
        for candidate in candidates:
            floor = best[0] if best else CUTOFF
            matcher.set_seq1(candidate)
            if (matcher.real_quick_ratio() >= floor and matcher.quick_ratio() >= floor
                    and (ratio := matcher.ratio()) >= CUTOFF
                    and (best is None or (ratio, candidate) > best)):
                best = (ratio, candidate)
        return best[1] if best else None
