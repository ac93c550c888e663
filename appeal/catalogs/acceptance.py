"""What a language's catalog must hold beyond its grammar: GNU ``msgfmt --check-header``.

A file the PO grammar accepts can still be unusable: no header, plural entries
without ``Plural-Forms``, fewer forms than the header declares, or a plural
expression that divides by zero or picks a form that does not exist. GNU msgfmt
refuses those, so a catalog appeal read would fail the translator's own
``msgfmt --check``. The rules here are msgfmt's (``msgl-check.c``), with two
deliberate differences, both harmless to gettext at run time:

- plural forms beyond ``nplurals`` are accepted when they are empty (Weblate
  starts a one-form language's catalog from the template's two forms);
- ``nplurals`` is bounded by :data:`~appeal.catalogs.plurals.MAX_PLURALS`, so a
  header cannot make appeal allocate millions of forms.

Templates (read without a language) are held only to the grammar: a ``.pot``
has no header values to check yet.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable, Sequence
from pathlib import Path

from appeal.catalogs.model import Entry, Header
from appeal.catalogs.plurals import MAX_PLURALS, plural_rule
from appeal.errors import CatalogError

MAX_EXPRESSION = 1000
"""Characters of a plural expression: real ones have under 200 (Arabic's is 120)."""
_PROBED = range(1001)
"""The numbers msgfmt evaluates a plural expression for."""


def check_language_catalog(header: Header | None, entries: Sequence[Entry], *,
                           path: Path | None, locale: str, empty: bool,
                           field_line: Callable[[str], int | None]) -> None:
    """Refuse what ``msgfmt --check-header`` refuses, naming the line to fix.

    *field_line* gives the line of a header field, so a message about
    ``Plural-Forms`` points at it rather than at the header's first line.
    """
    if header is None:
        what = "an empty file" if empty else "no header entry"
        raise CatalogError(f"{what}: a catalog starts with its header (msgid \"\")",
                           path=path, line=1,
                           hint=f"start it with a header declaring Content-Type and Plural-Forms "
                                f"(e.g. \"{plural_rule(locale).header}\"), or delete the file "
                                "and run `appeal update` to make a new one")
    # Like msgfmt, only what would be compiled is held to the header: fuzzy
    # entries and entries whose first form is empty are left out of a .mo.
    compiled = [entry for entry in entries
                if entry.plural_id is not None and not entry.fuzzy and entry.strings[0]]
    plural = compiled[0] if compiled else None
    count = header.nplurals
    expression = header.plural_expression
    if plural is not None and (count is None or expression is None):
        raise CatalogError("plural entries, but the header declares no "
                           "\"Plural-Forms: nplurals=…; plural=…;\"",
                           path=path, line=plural.line,
                           hint=f"add to the header (line {field_line('Plural-Forms')}): "
                                f"\"Plural-Forms: {plural_rule(locale).header}\\n\"")
    if count is not None and not 1 <= count <= MAX_PLURALS:
        raise CatalogError(f"the header declares nplurals={count}, which no language has",
                           path=path, line=field_line("Plural-Forms"),
                           hint=f"a language has 1 to {MAX_PLURALS} plural forms; CLDR's rule "
                                f"for this language is \"{plural_rule(locale).header}\"")
    if count is not None and expression is not None:
        problem = plural_expression_problem(expression, count)
        if problem is not None:
            raise CatalogError(f"Plural-Forms: {problem}", path=path,
                               line=field_line("Plural-Forms"),
                               hint=f"CLDR's rule for this language is "
                                    f"\"{plural_rule(locale).header}\"")
    if count is None:
        return
    for entry in compiled:
        forms = len(entry.strings)
        if forms < count:
            raise CatalogError(
                f"{forms} plural forms, but the header declares nplurals={count}",
                path=path, line=entry.line,
                hint=f"add msgstr[{forms}]" + (f" to msgstr[{count - 1}]" if count - forms > 1
                                               else "") + " (an empty one is untranslated)")
        extra = next((index for index in range(count, forms) if entry.strings[index]), None)
        if extra is not None:
            raise CatalogError(
                f"msgstr[{extra}] is translated, but the header declares nplurals={count}",
                path=path, line=entry.line,
                hint="fix the header's Plural-Forms, or move the text to a form "
                     f"below msgstr[{count}]")


@functools.lru_cache(maxsize=64)
def plural_expression_problem(expression: str, count: int) -> str | None:
    """Why *expression* cannot choose among *count* forms, or None when it can.

    >>> plural_expression_problem("(n != 1)", 2) is None
    True
    >>> plural_expression_problem("n%0", 2), plural_expression_problem("n>5?2:n", 2)
    ('the expression divides by zero', 'the expression gives 2 for n=2, but nplurals=2')
    >>> plural_expression_problem("n-1", 2), plural_expression_problem("n +* 1", 2)
    ('the expression gives -1 for n=0', 'not a valid C expression: "n +* 1"')
    """
    if len(expression) > MAX_EXPRESSION:
        return f"the expression has {len(expression)} characters (at most {MAX_EXPRESSION})"
    try:
        choose = gettext.c2py(expression)
    except (ValueError, RecursionError, SyntaxError):
        return f"not a valid C expression: \"{expression}\""
    for n in _PROBED:
        try:
            form = int(choose(n))
        except ZeroDivisionError:
            return "the expression divides by zero"
        except (ValueError, OverflowError, RecursionError, TypeError):
            return f"the expression cannot be evaluated for n={n}"
        if form < 0 or form >= count:
            return (f"the expression gives {form} for n={n}"
                    + (f", but nplurals={count}" if form >= 0 else ""))
    return None
