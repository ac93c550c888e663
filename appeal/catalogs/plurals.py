"""Plural forms: how many a language has and which number takes which, from CLDR via Babel."""

from __future__ import annotations

import gettext
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

MAX_PLURALS = 10
"""More forms than any language has (Arabic has six): a header asking for more is refused."""


@dataclass(frozen=True, slots=True)
class PluralRule:
    """A language's plural forms as gettext states them in ``Plural-Forms``."""

    count: int
    """``nplurals``."""
    expression: str
    """The C expression choosing a form for ``n``."""

    @property
    def header(self) -> str:
        """The ``Plural-Forms`` value.

        >>> plural_rule("de").header
        'nplurals=2; plural=(n != 1);'
        """
        return f"nplurals={self.count}; plural={self.expression};"

    def chooser(self) -> Callable[[int], int]:
        """A function from a number to its form's index (gettext's own evaluator)."""
        return _compiled(self.expression)


@cache
def _compiled(expression: str) -> Callable[[int], int]:
    """gettext's evaluator, made safe: a broken expression picks the first form, never raises.

    >>> _compiled("n%0")(3), _compiled("n >")(1)
    (0, 0)
    """
    try:
        evaluate = gettext.c2py(expression)
    except (ValueError, RecursionError):
        return lambda n: 0

    def choose(n: int) -> int:
        try:
            return int(evaluate(n))
        except (ZeroDivisionError, ValueError, OverflowError, RecursionError):
            return 0

    return choose


@cache
def plural_rule(language: str) -> PluralRule:
    """CLDR's plural rule for *language*; two forms, as in English, when CLDR has none.

    >>> plural_rule("uk").count, plural_rule("ja").count, plural_rule("xx-nowhere").count
    (3, 1, 2)
    """
    from babel.core import UnknownLocaleError
    from babel.messages.plurals import get_plural

    try:
        found = get_plural(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return PluralRule(2, "(n != 1)")
    return PluralRule(found.num_plurals, found.plural_expr)


def single_number_forms(language: str, count: int) -> frozenset[int]:
    """Plural forms used for exactly one number (English ``one`` = 1, Arabic ``two`` = 2).

    Such a form may spell the number out and drop its placeholder, as GNU msgfmt allows.

    >>> sorted(single_number_forms("de", 2)), sorted(single_number_forms("ru", 3))
    ([0], [])
    """
    rule = plural_rule(language)
    if rule.count != count:
        return frozenset()
    choose = rule.chooser()
    hits: dict[int, int] = {}
    for n in range(1001):
        form = choose(n)
        hits[form] = hits.get(form, 0) + 1
    return frozenset(form for form, seen in hits.items() if seen == 1)
