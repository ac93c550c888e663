"""The data a parsed document and its translations are made of."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markdown_it.token import Token

Lookup = Callable[[str], "str | None"]
"""Maps a msgid to its translation, or to None when the source text must stay."""


@dataclass(frozen=True, slots=True)
class Segment:
    """One translatable unit, as a translator sees it in the catalog."""

    text: str
    """The msgid: inline Markdown, soft line breaks joined with one space."""
    line: int
    """1-based line of the segment in the file."""
    kind: str
    """What the text is: title, description, heading, paragraph, list item, table cell,
    block quote, image alt or link text."""
    comments: tuple[str, ...]
    """Extracted comments (``#.``): the kind, then any ``<!-- i18n: note -->`` notes."""


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading of a translated document, for tables of contents and links."""

    level: int
    text: str
    """Plain text, translated."""
    anchor: str
    """The element id, slugged from the source text so links stay stable across languages."""
    lang: str | None = None
    """The source language when the heading is not translated (shown as written)."""
    direction: str | None = None
    """``ltr`` or ``rtl`` with *lang*: the direction of the text as shown."""


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a segment sits in the token stream and the source lines."""

    segment: Segment
    part: str
    """``inline`` (the whole inline token), ``image`` (a lone image's alt), ``link`` (a lone
    link's text), ``cell`` (a table cell), ``html`` (a raw HTML block), ``definition`` (the
    title of a link reference definition), or ``title``/``description`` (front matter)."""
    inline: int = -1
    """Index of the inline token in the document's tokens."""
    element: int = -1
    """Index of the opening token that carries ``lang`` on fallback; -1 means wrap in a span."""
    lines: tuple[int, int] = (0, 0)
    """0-based half-open range of source lines the segment occupies."""
    prefix: str = ""
    """Container markers before the text on the first line (``> - ``, indentation)."""
    tail: str = ""
    """Source text after the segment inside its block (a lone link's destination)."""
    head: str = ""
    """Source text before the segment inside its block (``[`` or ``![``)."""
    reference: str = ""
    """For a ``definition`` slot, the normalised name of the link reference definition
    whose title it holds."""


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed source file: parse once, translate many times."""

    name: str
    """The file stem, e.g. ``appeal``."""
    source: str
    front_matter: dict[str, Any]
    tokens: tuple[Token, ...]
    """Block tokens of the source; shared by every translation and never mutated."""
    env: dict[str, Any]
    """The parser environment (link reference definitions) for parsing translations."""
    slots: tuple[Slot, ...]
    anchors: dict[int, str]
    """Heading-open token index to its id."""
    rows: dict[int, tuple[str, tuple[int, ...]]]
    """Table row line to its container prefix and the inline token index of each cell."""
    front_matter_lines: tuple[int, int] = (0, 0)
    """0-based half-open range of the front matter's lines, ``---`` included."""


@dataclass(frozen=True, slots=True)
class TranslatedDocument:
    """One document in one language, in every output form."""

    front_matter: dict[str, Any]
    """Title and description translated; other keys as in the source."""
    html: str
    """Body HTML; headings carry ids; fallback segments carry ``lang`` of the source."""
    markdown: str
    """Front matter and body as Markdown, the author's layout kept around translated text."""
    text: str
    """Plain-text body wrapped at 72 columns, links as numbered references."""
    text_body: str
    """The plain text without the heading that is the document's title, which the
    plain-text page prints once, above the date."""
    headings: tuple[Heading, ...]
    words: int
    """Words of translated body text, for reading time."""
    segments: int
    """How many segments were looked up."""
    translated: int
    """How many of them had a translation."""
    title_fallback: bool = False
    """The front-matter title has no translation and is shown as the source writes it."""
