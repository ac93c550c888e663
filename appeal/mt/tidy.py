"""Tidy a machine draft: undo what the engine did to the text's spacing and capitals.

A reviewer should spend their time on the translation, not on artefacts.
Apertium leaves a double space where it drops a word it cannot place
(``grupo político  de izquierda`` for "political group of left-wing"), and
capitalises the word after a protected term that opens a sentence as if the
term were not there; some pairs start a title in lower case
(``l'atractiu de SAC`` for "SAC's appeal"). These are undone here, comparing
the draft with its source: a double space the source has is kept, only a word
the source writes in lower case is lowered again, and the first letter takes
the case of the source's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_RUN = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_WORD = re.compile(r"\w+")


def tidy(draft: str, source: str, terms: Iterable[str] = ()) -> str:
    """*draft* with the engine's spacing and capitalisation artefacts undone.

    >>> tidy("un grupo político  de izquierda", "a political group of left-wing")
    'un grupo político de izquierda'
    >>> tidy("Kagarlitsky Pasó por allí.", "Kagarlitsky happened to be there.", ["Kagarlitsky"])
    'Kagarlitsky pasó por allí.'
    >>> tidy("Two  spaces kept", "Two  spaces")
    'Two  spaces kept'
    >>> tidy("l'atractiu de SAC", "SAC's appeal")
    "L'atractiu de SAC"
    """
    if not _RUN.search(source):
        draft = _RUN.sub(" ", draft)
    return _first_letter_as_source(_lower_after_term(draft, source, terms), source)


def _first_letter_as_source(draft: str, source: str) -> str:
    """A draft whose source opens with a capital opens with one too (not inside code, a tag
    or an autolink, whose case is not the language's).

    >>> tidy("`npm` instala", "Install `npm`")
    '`npm` instala'
    """
    first = next((ch for ch in source if ch.isalpha()), "")
    index = next((n for n, ch in enumerate(draft) if ch.isalpha()), None)
    if index is None or not first.isupper() or not draft[index].islower() \
            or any(mark in draft[:index] for mark in "`<\\"):
        return draft
    return draft[:index] + draft[index].upper() + draft[index + 1:]


def _lower_after_term(draft: str, source: str, terms: Iterable[str]) -> str:
    """Lower the word after a term that opens the draft, when the source's is lower case."""
    lead = len(draft) - len(draft.lstrip())
    for term in sorted(set(terms), key=len, reverse=True):
        if not term or not draft.startswith(term, lead) or not source.lstrip().startswith(term):
            continue
        after_source = _WORD.search(source.lstrip()[len(term):])
        rest = draft[lead + len(term):]
        after_draft = _WORD.search(rest)
        if after_source is None or after_draft is None or not rest[:1].isspace():
            return draft
        if after_source[0][:1].islower() and after_draft[0][:1].isupper() \
                and not after_draft[0].isupper():
            start = lead + len(term) + after_draft.start()
            return draft[:start] + draft[start].lower() + draft[start + 1:]
        return draft
    return draft
