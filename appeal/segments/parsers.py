"""The two Markdown parsers: a trusted one for the author's source, a safe one for translations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkLabel
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

REFUSED_SCHEMES = ("javascript:", "vbscript:", "file:", "data:")
"""Link schemes a translation may never produce; ``data:`` is refused whole, images included."""


def safe_link(url: str) -> bool:
    """Accept *url* unless its scheme could run code or read local files.

    Translations come from volunteers and machines, so unlike the source they
    get no ``data:image`` exception.

    Control characters are left out of the comparison as white space is: a
    browser or another Markdown library (Python-Markdown, which MkDocs and
    Pelican use) drops them and runs ``\\x01javascript:`` as ``javascript:``.

    >>> safe_link("https://example.org"), safe_link(" JavaScript:alert(1)")
    (True, False)
    >>> safe_link(chr(1) + "java" + chr(9) + "script:alert(1)"), safe_link("%01javascript:x")
    (False, True)
    """
    probe = "".join(ch for ch in url if ch.isprintable() and not ch.isspace()).lower()
    return not probe.startswith(REFUSED_SCHEMES)


_DESTINATION = re.compile(r"(\]\(\s*)(<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)")
"""A link or image destination after ``](``: in angle brackets, or bare with balanced
parentheses, as CommonMark reads it."""


def refused_destinations(text: str) -> list[str]:
    """The link destinations in *text*, as written, that :func:`safe_link` refuses: what a
    Markdown library other than markdown-it (which percent-encodes a control character)
    would make a live link of."""
    if "](" not in text:
        return []
    found = [match[2][1:-1] if match[2].startswith("<") else match[2]
             for match in _DESTINATION.finditer(text)]
    return [target for target in found if not safe_link(target)]


def defuse_links(text: str) -> str:
    """A translation's Markdown with every link destination :func:`safe_link` refuses
    replaced by ``#``, so that the Markdown file never carries a link the page refused.

    >>> defuse_links(f"[x]({chr(1)}javascript:alert(1)) [y](https://example.org/a_(b))")
    '[x](#) [y](https://example.org/a_(b))'
    """
    if "](" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        target = match[2][1:-1] if match[2].startswith("<") else match[2]
        return match[0] if safe_link(target) else match[1] + "#"

    return _DESTINATION.sub(replace, text)


@cache
def source_parser() -> MarkdownIt:
    """The parser for source documents: raw HTML on (comments steer extraction), tables, attrs."""
    md = MarkdownIt("commonmark", {"html": True})
    md.enable("table")
    md.use(front_matter_plugin)
    md.use(attrs_block_plugin)
    return md


@cache
def breaks_parser() -> MarkdownIt:
    """The source parser without front matter: for a document whose first ``---`` lines
    are thematic breaks around Markdown (see ``frontmatter.breaks_around_markdown``)."""
    md = MarkdownIt("commonmark", {"html": True})
    md.enable("table")
    md.use(attrs_block_plugin)
    return md


@cache
def translation_parser() -> MarkdownIt:
    """The parser for translated text: raw HTML off and unsafe link schemes refused."""
    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = safe_link  # type: ignore[method-assign]
    return md


@cache
def tag_reading_parser() -> MarkdownIt:
    """The translation parser reading raw inline HTML as tags, unsafe links still refused:
    for a segment whose source holds inline HTML (``<kbd>``, ``<br>``), so that the
    translator's copies of those very tags stay tags (see :func:`source_tags_only`)."""
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = safe_link  # type: ignore[method-assign]
    return md


def inline_tags(children: Sequence[Token]) -> frozenset[str]:
    """The raw inline HTML of a source segment, each tag or comment as written."""
    return frozenset(child.content for child in children if child.type == "html_inline")


def source_tags_only(children: Sequence[Token], allowed: frozenset[str]) -> list[Token]:
    """*children* with every raw inline HTML that the source does not hold turned into
    text: a translation may repeat the author's tags, never bring its own.

    >>> parsed = tag_reading_parser().parseInline("<kbd>Ctrl</kbd> <b>x</b>")[0].children
    >>> [(t.type, t.content) for t in source_tags_only(parsed, frozenset({"<kbd>", "</kbd>"}))]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('html_inline', '<kbd>'), ('text', 'Ctrl'), ('html_inline', '</kbd>'), ('text', ' '),
     ('text', '<b>'), ('text', 'x'), ('text', '</b>')]
    """
    return [child if child.type != "html_inline" or child.content in allowed
            else Token("text", "", 0, content=child.content) for child in children]


def label_end(content: str) -> int:
    """Where the text of a link or image starting at *content*'s ``[`` ends (its ``]``)."""
    state = StateInline(content, source_parser(), {}, [])
    start = content.index("[")
    return parseLinkLabel(state, start)
