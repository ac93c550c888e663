"""Shield markup, placeholders, numbers and glossary terms from engines, then put them back.

An engine sees a segment whose fragile pieces are replaced by tokens shaped like
``X7X``: the letter X, a number, the letter X. Tried against every installed
Apertium pair (and two-hop routes through Spanish), this shape came back intact
where bracketed (``[X7X]``), all-letter (``ZQXA``, which Esperanto inflects to
``ZQXAa``) and longer mixed shapes (``XZ7ZX``, which Galician splits at the
digits) did not. The engine treats a token as an unknown word and leaves it be.

Paired markup (``*``, ``**``, ``[`` … ``](url)``) sits against a word in
Markdown; gluing a token to the word would make the word unknown too, so such a
token is set apart by a space and the space is taken away again on restore.

A rule-based engine reads an unknown token as an unknown word, and its grammar
then goes wrong around it: Apertium drops the possessive of ``X1X's appeal``
(``X1X  apelación``) and capitalises the word after a token that opens a
sentence (``X1X Pasó``). For such engines a glossary term is shielded by a
first name instead (``John``), which every installed pair knows as a proper
noun and leaves as it is: ``John's appeal`` becomes ``La apelación de John``,
and the name is then replaced by the term. :data:`NAME_SHIELDS` holds the
names that came back unchanged, once, through every pair and two-hop route
installed here, as subject, object and possessive; consonant-initial male
names, so that neither elision nor agreement depends on the name chosen.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from appeal.catalogs.formats import scan

TOKEN = re.compile(r"X(\d+)X", re.IGNORECASE)
"""Any token in an engine's answer; only the ones handed out are restored."""

NAME_SHIELDS = ("John", "Paul", "David", "Peter", "Thomas", "James", "Robert", "Richard",
                "Charles", "Joseph", "Daniel", "Steven", "Kevin", "Brian", "Ronald", "Kenneth",
                "Jason", "Jeffrey", "Gary", "Timothy", "Larry", "Scott", "Stephen", "Raymond",
                "Gregory", "Joshua", "Jerry", "Dennis", "Walter", "Patrick", "Harold",
                "Douglas", "Henry", "Carl", "Ryan", "Roger")
"""Proper nouns that stand in for glossary terms before a rule-based engine."""
_NAMES = re.compile(r"(?<!\w)(?:" + "|".join(NAME_SHIELDS) + r")(?!\w)", re.IGNORECASE)

_PIECES = [
    ("whole", r"(?P<tick>`+)(?:(?!(?P=tick)).)+?(?P=tick)"),
    ("whole", r"<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>"),
    ("closer", r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)|\]\[[^\]]*\]"),
    ("opener", r"!?\[(?=[^\]]*\](?:\(|\[))"),
    ("whole", r"(?:https?|ftp)://[^\s<>()]*[^\s<>().,;:!?'\"“”«»]"),
    ("placeholder", None),
    ("whole", r"\\\n|\\[!-/:-@\[-`{-~]"),
    ("emphasis", r"\*+|~~|(?<![^\W_])_+|_+(?![^\W_])"),
    ("term", None),
    ("whole", r"(?<![\w.,])\d+(?:[.,:]\d+)*(?![\w])"),
]


@dataclass(frozen=True, slots=True)
class Protected:
    """A segment ready for an engine, and what its tokens stand for."""

    masked: str
    """The text with every shielded piece replaced by its token."""
    tokens: dict[str, str] = field(default_factory=dict)
    """Token → the text it becomes again (a glossary term becomes its rendering)."""
    openers: frozenset[str] = frozenset()
    """Tokens set apart from the word after them; the space goes on restore."""
    closers: frozenset[str] = frozenset()
    """Tokens set apart from the word before them; the space goes on restore."""
    names: frozenset[str] = frozenset()
    """Tokens that are names (:data:`NAME_SHIELDS`), found again only as whole words."""
    source: str = ""
    """The text before shielding, which tidying compares the translation with."""

    @property
    def translatable(self) -> bool:
        """False when nothing but tokens, blanks and punctuation is left for an engine.

        >>> protect("**205.2**").translatable, protect("the *cat*").translatable
        (False, True)
        """
        rest = TOKEN.sub("", self.masked)
        if self.names:
            rest = _NAMES.sub("", rest)
        return any(ch.isalpha() for ch in rest)


@dataclass(frozen=True, slots=True)
class Restored:
    """A translation with its tokens put back, and what did not come back as sent."""

    text: str
    problems: tuple[str, ...] = ()
    """One line per token lost or repeated by the engine; empty when all is intact."""


def _pattern(terms: Mapping[str, str], placeholders: Sequence[str]) -> re.Pattern[str]:
    parts = []
    for index, (kind, regex) in enumerate(_PIECES):
        if kind in ("term", "placeholder"):
            words = terms if kind == "term" else placeholders
            if not words:
                continue
            ordered = sorted(set(words), key=lambda t: (-len(t), t))
            regex = "|".join(map(re.escape, ordered))
            if kind == "term":
                regex = r"(?<![\w])(?:" + regex + r")(?![\w])"
        parts.append(f"(?P<p{index}>{regex})")
    return re.compile("|".join(parts), re.DOTALL)


def placeholders_in(text: str) -> list[str]:
    """The ``%`` and ``{}`` placeholders an engine must leave alone, as the catalogs see them.

    >>> placeholders_in("%(n)s of {total}, 100%% and %ld; {{literal}}")
    ['%(n)s', '%%', '%ld', '{total}']
    """
    return [*(d.text for d in scan(text, "python").directives),
            *(d.text for d in scan(text, "python-brace").placeholders)]


def _role(text: str, start: int, end: int) -> str:
    """Whether an emphasis run opens (word after it), closes (word before) or neither."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    opens = not after.isspace() and (before.isspace() or not before.isalnum())
    closes = not before.isspace() and (after.isspace() or not after.isalnum())
    if opens and not closes:
        return "opener"
    if closes and not opens:
        return "closer"
    return "whole"


def protect(text: str, *, terms: Mapping[str, str] | None = None,
            names: bool = False) -> Protected:
    """Replace what an engine must not touch by tokens; ``terms`` maps a term to its rendering.

    With *names*, terms are shielded by names from :data:`NAME_SHIELDS` that
    the text does not hold (tokens again once they run out).

    >>> protect("The SAC's appeal, by SAC", terms={"SAC": "SAC"}, names=True).masked
    "The John's appeal, by John"

    >>> p = protect("The *SAC* paid %(n)s in 2023, see [site](https://x.org).",
    ...             terms={"SAC": "SAC"})
    >>> p.masked
    'The X1X X2X X3X paid X4X in X5X, see X6X site X7X.'
    >>> restore(p.masked.replace("paid", "pagó"), p).text
    'The *SAC* pagó %(n)s in 2023, see [site](https://x.org).'
    """
    terms = terms or {}
    taken = {int(m[1]) for m in TOKEN.finditer(text)}
    counter = 0
    tokens: dict[str, str] = {}
    openers: set[str] = set()
    closers: set[str] = set()
    present = {found.lower() for found in _NAMES.findall(text)} if names else set()
    free = [name for name in NAME_SHIELDS if name.lower() not in present] if names else []
    named: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        nonlocal counter
        piece = match[0]
        kind = _PIECES[int(str(match.lastgroup)[1:])][0]
        if kind == "term" and (piece in named or free):
            if piece not in named:
                named[piece] = free.pop(0)
                tokens[named[piece]] = terms.get(piece, piece)
            return named[piece]
        counter += 1
        while counter in taken:
            counter += 1
        token = f"X{counter}X"
        tokens[token] = terms.get(piece, piece) if kind == "term" else piece
        kind = "whole" if kind == "placeholder" else kind
        if kind == "emphasis":
            kind = _role(text, match.start(), match.end())
        after = text[match.end()] if match.end() < len(text) else " "
        before = text[match.start() - 1] if match.start() else " "
        # A token glued to a letter or digit would read as part of a word ("X1X1X"
        # from "X1`0`"), so it gets a space that restore() takes away again.
        masked = token
        if (kind == "opener" and not after.isspace()) or after.isalnum():
            openers.add(token)
            masked = masked + " "
        if (kind == "closer" and not before.isspace()) or before.isalnum():
            closers.add(token)
            masked = " " + masked
        return masked

    masked = _pattern(terms, placeholders_in(text)).sub(replace, text)
    return Protected(masked, tokens, frozenset(openers), frozenset(closers),
                     frozenset(named.values()), text)


def restore(translation: str, protected: Protected) -> Restored:
    """Put every token's text back and report tokens lost or repeated on the way.

    >>> p = protect("Article 205.2 applies.")
    >>> restore("Artículo X1X se aplica.", p)
    Restored(text='Artículo 205.2 se aplica.', problems=())
    >>> restore("Artículo se aplica.", p).problems
    ("lost '205.2'",)
    """
    if not protected.tokens:
        return Restored(translation)
    names = sorted(protected.tokens, key=len, reverse=True)
    number = {token.upper(): index for index, token in enumerate(names)}
    pattern = "|".join(rf"(?<!\w){re.escape(token)}(?!\w)" if token in protected.names
                       else re.escape(token) for token in names)
    marked = re.sub(pattern, lambda m: f"\ue000{number[m[0].upper()]}\ue001", translation,
                    flags=re.IGNORECASE)
    for token in protected.openers:
        marked = re.sub(f"(\ue000{number[token.upper()]}\ue001)[ \t]+", r"\1", marked)
    for token in protected.closers:
        marked = re.sub(f"[ \t]+(\ue000{number[token.upper()]}\ue001)", r"\1", marked)
    counts = dict.fromkeys(protected.tokens, 0)

    def put_back(match: re.Match[str]) -> str:
        token = names[int(match[1])]
        counts[token] += 1
        return protected.tokens[token]

    text = re.sub("\ue000(\\d+)\ue001", put_back, marked)
    sent = {token: (len(re.findall(rf"(?<!\w){token}(?!\w)", protected.masked))
                    if token in protected.names else 1) for token in protected.tokens}
    problems = [f"lost {protected.tokens[t]!r}" for t, n in counts.items() if n < sent[t]]
    problems += [f"repeated {protected.tokens[t]!r}" for t, n in counts.items() if n > sent[t]]
    return Restored(text, tuple(problems))
