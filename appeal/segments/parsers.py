"""The two Markdown parsers: a trusted one for the author's source, a safe one for translations."""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

REFUSED_SCHEMES = ("javascript:", "vbscript:", "file:", "data:")
"""Link schemes a translation may never produce; ``data:`` is refused whole, images included."""


def safe_link(url: str) -> bool:
    """Accept *url* unless its scheme could run code or read local files.

    Translations come from volunteers and machines, so unlike the source they
    get no ``data:image`` exception.

    >>> safe_link("https://example.org"), safe_link(" JavaScript:alert(1)")
    (True, False)
    """
    probe = "".join(url.split()).lower()
    return not probe.startswith(REFUSED_SCHEMES)


@cache
def source_parser() -> MarkdownIt:
    """The parser for source documents: raw HTML on (comments steer extraction), tables, attrs."""
    md = MarkdownIt("commonmark", {"html": True})
    md.enable("table")
    md.use(front_matter_plugin)
    md.use(attrs_block_plugin)
    return md


@cache
def translation_parser() -> MarkdownIt:
    """The parser for translated text: raw HTML off and unsafe link schemes refused."""
    md = MarkdownIt("commonmark", {"html": False})
    md.validateLink = safe_link  # type: ignore[method-assign]
    return md
