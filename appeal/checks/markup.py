"""Checks on inline Markdown: the same emphasis and code, the same links, no raw HTML.

Every comparison goes through markdown-it's tokens (:mod:`appeal.checks.inline`),
never through patterns on the text, so ``2 * 3`` or an underscore in a name is
not mistaken for emphasis.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from appeal.checks.inline import inline, reference_names, source_inline, translation_inline
from appeal.checks.registry import Entry, check, quote
from appeal.segments.parsers import refused_destinations, safe_link


@check("markup", "error")
def markup(entry: Entry) -> Iterator[str]:
    """Emphasis, strong emphasis or code spans lost or added."""
    for label, source, text in entry.pairs():
        before, after = source_inline(source), translation_inline(text, source)
        for name, was, now in (("emphasis span", before.emphasis, after.emphasis),
                               ("strong span", before.strong, after.strong),
                               ("code span", before.code, after.code)):
            if was != now:
                yield f"{label}{_count(was, name)} in source, {now} in translation"


def _count(number: int, noun: str) -> str:
    """A number of things, in words a translator reads at a glance.

    >>> _count(1, "code span"), _count(2, "emphasis span")
    ('1 code span', '2 emphasis spans')
    """
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@check("links", "error")
def links(entry: Entry) -> Iterator[str]:
    """Link or image targets changed, lost or added, or links lost."""
    for label, source, text in entry.pairs():
        before, after = source_inline(source), translation_inline(text, source)
        yield from _compare(label, "link", Counter(before.links), Counter(after.links))
        yield from _compare(label, "image", Counter(before.images), Counter(after.images))


def _compare(label: str, kind: str, before: Counter[str], after: Counter[str]) -> Iterator[str]:
    for target in before:
        if target not in after:
            yield f"{label}{kind} target {quote(target)} missing in translation"
        elif after[target] != before[target]:
            yield (f"{label}{kind} target {quote(target)}: {before[target]} in source, "
                   f"{after[target]} in translation")
    for target in after:
        if target not in before:
            yield f"{label}{kind} target {quote(target)} not in source"


@check("html", "error")
def html(entry: Entry) -> Iterator[str]:
    """Raw HTML, script or an unsafe link (javascript:, data:) that the source does not have,
    or inline HTML of the source (``<kbd>``, ``<br>``) that the translation lost."""
    for label, source, text in entry.pairs():
        before, after = inline(source, "permissive", reference_names(source)), \
            inline(text, "permissive", reference_names(source))
        extra = Counter(after.html) - Counter(before.html)
        if extra:
            shown = ", ".join(quote(tag) for tag in extra)
            yield f"{label}raw HTML not in source: {shown} (it is shown as text, not run)"
        lost = Counter(before.html) - Counter(after.html)
        if lost:
            shown = ", ".join(quote(tag) for tag in lost)
            yield f"{label}inline HTML of the source missing in translation: {shown}"
        allowed = set(before.links) | set(before.images)
        written = [t for t in refused_destinations(text) if t not in after.links]
        for target in dict.fromkeys((*after.links, *after.images, *written)):
            if not safe_link(target) and target not in allowed:
                yield f"{label}unsafe link {quote(target)} (refused when published)"
