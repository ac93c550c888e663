"""Inline Markdown of a msgid or msgstr, parsed once and summed up for the markup checks.

Sources are parsed as the renderer parses the author's text (raw HTML on) and
translations as it parses theirs (raw HTML off, unsafe links refused), so a
check sees exactly what would be published. A third, permissive parse shows what
a translation *tries* to do, so that raw HTML and refused links can be reported
instead of silently dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from appeal.segments import source_parser, translation_parser
from appeal.segments.parsers import source_tags_only, tag_reading_parser
from appeal.segments.text import plain_inline

Parse = Literal["source", "translation", "permissive"]


@dataclass(frozen=True, slots=True)
class Inline:
    """The parts of one inline text that must survive translation."""

    emphasis: int
    strong: int
    code: int
    """Code spans."""
    links: tuple[str, ...]
    """Link targets (``href``) in order, autolinks included."""
    images: tuple[str, ...]
    """Image sources in order."""
    html: tuple[str, ...]
    """Raw inline HTML (tags, comments), as written."""
    text: str
    """The words a reader sees: text and code, markup and link targets left out."""
    hard_breaks: int

    def link_counts(self) -> Counter[str]:
        return Counter(self.links)


@cache
def permissive_parser() -> MarkdownIt:
    """Raw HTML on and every link accepted: to see what a translation attempts."""
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


_PARSERS = {"source": source_parser, "translation": translation_parser,
            "permissive": permissive_parser}


_FULL_REFERENCE = re.compile(r"\]\[([^\[\]]+)\]")
"""The name part of a full reference link, ``[text][name]``: how msgids write every
reference link (:mod:`appeal.segments.spelling`)."""


def reference_names(source: str) -> tuple[str, ...]:
    """The reference names a msgid uses, which its translation must use as well.

    >>> reference_names("[Read the guide][Read the guide] and [x](y)")
    ('Read the guide',)
    """
    if "][" not in source:
        return ()
    return tuple(dict.fromkeys(_FULL_REFERENCE.findall(source)))


def _references(names: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Stand-in definitions for *names*: a catalog holds no document's definitions, but a
    link must resolve in a translation exactly when it does in its msgid. The target
    shown in messages is the reference, ``[name]``."""
    return {normalizeReference(name): {"href": f"[{name}]", "title": ""} for name in names}


def inline(text: str, parse: Parse, names: tuple[str, ...] = (),
           tags: frozenset[str] = frozenset()) -> Inline:
    """Sum up *text* as the given parser reads it, with the references *names* defined;
    for a translation, the source's own *tags* are read as tags, as the page reads them."""
    return _inline(text, parse, names, tags)


@lru_cache(maxsize=4096)
def _inline(text: str, parse: Parse, names: tuple[str, ...],
            tags: frozenset[str]) -> Inline:
    """Sum up *text* as the given parser reads it (cached: every check asks again).

    >>> inline("*Free* [Azat](https://example.org/azat) `now`", "translation")
    ... # doctest: +NORMALIZE_WHITESPACE
    Inline(emphasis=1, strong=0, code=1, links=('https://example.org/azat',), images=(),
           html=(), text='Free Azat now', hard_breaks=0)
    """
    env = {"references": _references(names)} if names else {}
    if parse == "translation" and tags and "<" in text:
        read = tag_reading_parser().parseInline(text, env)
        children = source_tags_only(read[0].children or [] if read else [], tags)
    else:
        tokens = _PARSERS[parse]().parseInline(text, env)
        children = tokens[0].children or [] if tokens else []
    counts: Counter[str] = Counter()
    links: list[str] = []
    images: list[str] = []
    html: list[str] = []
    _walk(children, counts, links, images, html)
    return Inline(emphasis=counts["em_open"], strong=counts["strong_open"],
                  code=counts["code_inline"], links=tuple(links), images=tuple(images),
                  html=tuple(html), text=plain_inline(children),
                  hard_breaks=counts["hardbreak"])


def _walk(children: Sequence[Token], counts: Counter[str], links: list[str],
          images: list[str], html: list[str]) -> None:
    """Count the markup and collect link targets, images and raw HTML, images' alt included."""
    for child in children:
        counts[child.type] += 1
        if child.type == "link_open":
            links.append(str(child.attrs.get("href", "")))
        elif child.type == "image":
            images.append(str(child.attrs.get("src", "")))
            _walk(child.children or [], counts, links, images, html)
        elif child.type == "html_inline":
            html.append(child.content)


def source_inline(text: str) -> Inline:
    """A msgid as the page reads it, its reference links resolved."""
    return inline(text, "source", reference_names(text))


def translation_inline(text: str, source: str) -> Inline:
    """A translation of *source* as the page reads it: the msgid's references resolve."""
    tags = frozenset(source_inline(source).html) if "<" in source else frozenset()
    return inline(text, "translation", reference_names(source), tags)
