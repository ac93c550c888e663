"""A deterministic translation that changes the words and keeps the markup.

Translations equal to their msgid never exercise the code that parses a
translator's Markdown (the source tokens are reused), so fidelity tests
translate with this instead: pseudo-localisation, as Weblate and Transifex
offer it, turning each vowel into an accented one (``Read the guide`` →
``Rèàd thè güïdè``). Everything a translator must keep is kept as written:
code spans, link destinations and titles, reference labels, footnote marks,
HTML tags and comments, entities, placeholders, escapes and bare addresses.
"""

from __future__ import annotations

import re

ACCENTED = str.maketrans("aeiouyAEIOUY", "àèïöüÿÀÈÏÖÜŸ")

KEPT = re.compile(
    r"""
      (?P<ticks>`+).*?(?P=ticks)          # a code span, with its own run of backticks
    | \]\((?:[^()]|\([^()]*\))*\)         # a link's destination and title
    | \]\[[^\]]*\]                        # a full reference's label
    | \[\^[^\]]*\]                        # a footnote mark
    | <!--.*?-->                          # an HTML comment
    | </?[A-Za-z][^<>]*>                  # an HTML tag or an autolink
    | &\#?[A-Za-z0-9]+;                   # an entity
    | %\([A-Za-z_]\w*\)[sdif] | %[sd]     # placeholders
    | \{[A-Za-z_]\w*\} | \{:[^{}\n]*\}  # a placeholder, a kramdown attribute list
    | \\.                                 # a backslash escape
    | (?:https?|ftp)://[^\s<>()\]]+ | www\.[^\s<>()\]]+   # bare addresses
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+        # an e-mail address
    """,
    re.VERBOSE | re.DOTALL,
)


def pseudo(text: str) -> str:
    """*text* with every vowel outside markup accented.

    >>> pseudo("Read [the guide](https://example.org/guide) or `run it` <kbd>now</kbd>.")
    'Rèàd [thè güïdè](https://example.org/guide) ör `run it` <kbd>nöw</kbd>.'
    >>> pseudo("See [docs][ref], &eacute;t&eacute; and %(count)s items[^1].")
    'Sèè [döcs][ref], &eacute;t&eacute; ànd %(count)s ïtèms[^1].'
    """
    out: list[str] = []
    end = 0
    for kept in KEPT.finditer(text):
        out.append(text[end:kept.start()].translate(ACCENTED))
        out.append(kept.group())
        end = kept.end()
    out.append(text[end:].translate(ACCENTED))
    return "".join(out)
