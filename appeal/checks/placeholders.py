"""Checks on what is filled in at run time: placeholders, and the forms of plural entries.

A lost or invented placeholder is not a matter of style: Python's ``%`` raises
on it and the page fails to build, or a number silently disappears. Placeholders
are gettext syntax, not Markdown, so regular expressions are the right tool here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from appeal.catalogs.formats import Directive, scan
from appeal.catalogs.plurals import single_number_forms
from appeal.checks.registry import Entry, check, quote

FORMAT_FLAGS = frozenset({"python-format", "c-format"})
_PROSE_CONVERSIONS = frozenset("sdif")
"""Unnamed conversions that count in prose: ``%s`` and ``%d``, not the ``% o`` of ``50% off``."""


def _prose_placeholder(text: str, directive: Directive) -> bool:
    """A ``%`` directive that counts in text not flagged as a format: prose has ``50%`` too."""
    if directive.name is not None:
        return directive.name.isidentifier() and directive.text == \
            f"%({directive.name}){directive.conversion}" and directive.conversion in "sdifr"
    following = text[directive.end:directive.end + 1]
    return (directive.text == f"%{directive.conversion}"
            and directive.conversion in _PROSE_CONVERSIONS and not following.isalpha())


def percent_placeholders(text: str, *, formatted: bool) -> list[str]:
    """The ``%`` placeholders in *text*, in order.

    >>> percent_placeholders("%(low)s–%(high)s min, 100%%", formatted=True)
    ['%(low)s', '%(high)s']
    >>> percent_placeholders("50% of %s", formatted=False)
    ['%s']
    """
    found = scan(text, "python").placeholders
    if formatted:
        return [d.text for d in found]
    return [d.text for d in found if _prose_placeholder(text, d)]


def stray_percent(text: str) -> bool:
    """Whether a ``%`` in *text* starts no conversion, which Python's ``%`` refuses.

    >>> stray_percent("100%% sure"), stray_percent("50 %"), stray_percent("%(n)s")
    (False, True, False)
    """
    return bool(scan(text, "python").invalid)


def brace_placeholders(text: str) -> list[str]:
    """``{name}`` placeholders in *text*, in order, escapes left out.

    >>> brace_placeholders("{{not}} {name} and {0:>3}")
    ['{name}', '{0:>3}']
    """
    return [d.text for d in scan(text, "python-brace").placeholders]


def placeholders_in(text: str, entry: Entry, *, kinds: frozenset[str]) -> Counter[str]:
    """All placeholders of the *kinds* (``percent``, ``brace``) that this entry uses."""
    found: Counter[str] = Counter()
    if "percent" in kinds:
        found.update(percent_placeholders(text, formatted=_formatted(entry)))
    if "brace" in kinds:
        found.update(brace_placeholders(text))
    return found


def _formatted(entry: Entry) -> bool:
    return entry.python_format or bool(entry.flags & FORMAT_FLAGS)


def placeholder_kinds(entry: Entry) -> frozenset[str]:
    """The kinds of placeholder the source uses (or its flags declare), and so to compare."""
    sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
    kinds = set()
    if _formatted(entry) or any(percent_placeholders(s, formatted=False) for s in sources):
        kinds.add("percent")
    if "python-brace-format" in entry.flags or any(brace_placeholders(s) for s in sources):
        kinds.add("brace")
    return frozenset(kinds)


def source_placeholders(entry: Entry, kinds: frozenset[str]) -> Counter[str]:
    """What the source offers; a plural entry offers the union of its two forms."""
    found = placeholders_in(entry.msgid, entry, kinds=kinds)
    if entry.msgid_plural is not None:
        found |= placeholders_in(entry.msgid_plural, entry, kinds=kinds)
    return found


@check("placeholders", "error")
def placeholders(entry: Entry) -> Iterator[str]:
    """Placeholders (%(name)s, {name}, %s) missing, added, reordered or broken."""
    kinds = placeholder_kinds(entry)
    if not kinds:
        return
    offered = source_placeholders(entry, kinds)
    for label, source, text in entry.pairs():
        found = placeholders_in(text, entry, kinds=kinds)
        for extra in (found - offered):
            yield f"{label}{quote(extra)} not in source"
        if _formatted(entry) and stray_percent(text):
            yield f'{label}stray "%" (write "%%" for a percent sign)'
        if entry.msgid_plural is not None:
            continue  # missing placeholders in plural forms: the plurals check
        expected = placeholders_in(source, entry, kinds=kinds)
        for missing in (expected - found):
            yield f"{label}{quote(missing)} missing in translation"
        yield from _order(label, expected, found)


def _order(label: str, expected: Counter[str], found: Counter[str]) -> Iterator[str]:
    """Unnamed ``%s``/``%d`` are filled by position, so their order must stay."""
    def unnamed(counter: Counter[str]) -> list[str]:
        return [p for p in counter.elements() if p.startswith("%") and not p.startswith("%(")]
    before, after = unnamed(expected), unnamed(found)
    if sorted(before) == sorted(after) and before != after:
        yield (f"{label}unnamed placeholders reordered ({', '.join(after)}); "
               "name them, e.g. %(count)d, to reorder")


@check("plurals", "error")
def plurals(entry: Entry) -> Iterator[str]:
    """Plural forms missing, empty, or not all carrying the source's placeholders."""
    if entry.msgid_plural is None or not entry.msgstr:
        return
    if len(entry.msgstr) != entry.nplurals:
        yield (f"{len(entry.msgstr)} plural forms, but the catalog's header declares "
               f"nplurals={entry.nplurals}")
    for index, text in enumerate(entry.msgstr):
        if not text.strip():
            yield f"msgstr[{index}] is empty while other forms are translated"
    kinds = placeholder_kinds(entry)
    if not kinds:
        return
    expected = placeholders_in(entry.msgid_plural, entry, kinds=kinds)
    optional = single_number_forms(entry.language, entry.nplurals)
    for index, text in enumerate(entry.msgstr):
        if text.strip() and index not in optional:
            for missing in expected - placeholders_in(text, entry, kinds=kinds):
                yield f"msgstr[{index}]: {quote(missing)} missing in this plural form"
