"""Raw HTML blocks of the source: the words in them, and their text for the plain output.

The policy: an HTML block (``<p align="center">…</p>``, ``<details>`` with its
``<summary>``) that holds words outside its tags is one segment, its whole
source text the msgid. The translation keeps the tags, as for inline HTML:
tags the source block does not hold are shown as text (and the ``html``
check reports them and lost ones). Comments, scripts and styles are not
words, and a block of only tags, comments or images is kept as written.
Attribute values (``alt``, ``title``) are not offered. In the plain-text
output the block is its text, tags dropped and entities decoded.
"""

from __future__ import annotations

from functools import lru_cache
from html.parser import HTMLParser

from appeal.segments.parsers import inline_tags, source_parser

_HIDDEN = frozenset({"script", "style", "template"})
_BREAKS = frozenset({"br", "p", "div", "li", "tr", "summary", "details", "h1", "h2", "h3",
                     "h4", "h5", "h6", "table", "ul", "ol", "blockquote", "hr", "section"})


class _TextReader(HTMLParser):
    """Collects the text a reader sees, a line break where a block element starts or ends."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_text(content: str) -> str:
    """The text of an HTML block as a reader sees it, one line per block element.

    >>> html_text('<p align="center">Free <b>them</b> &amp; us<br>now</p><!-- x -->')
    'Free them & us\\nnow'
    """
    reader = _TextReader()
    reader.feed(content)
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def has_html_words(content: str) -> bool:
    """Whether an HTML block holds a word for translators (see the module's policy).

    >>> has_html_words("<p>Hello</p>"), has_html_words('<img src="a.png" alt="A">')
    (True, False)
    >>> has_html_words("<!-- a note -->"), has_html_words("<script>let a</script>")
    (False, False)
    """
    return any(char.isalpha() for char in html_text(content))


@lru_cache(maxsize=1024)
def block_tags(content: str) -> frozenset[str]:
    """The tags and comments of an HTML block, each as written: those its translation
    may hold as tags (asked for by the page and the Markdown of every language, so
    parsed once)."""
    return inline_tags(source_parser().parseInline(content)[0].children or [])
