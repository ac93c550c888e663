"""Parse a source document once and find its segments: the walker behind extraction and output."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from appeal.errors import SourceError
from appeal.segments.frontmatter import (
    front_matter_slots,
    front_matter_token,
    read_front_matter,
    source_text,
)
from appeal.segments.htmlblock import has_html_words
from appeal.segments.model import Document, Segment, Slot
from appeal.segments.parsers import breaks_parser, label_end, source_parser
from appeal.segments.spelling import msgid_spelling
from appeal.segments.text import has_words, join_lines, plain_inline, slugify

NOTE_PREFIX = "i18n:"
"""``<!-- i18n: note -->`` before a block is a note to translators of that block."""

CONTAINERS = {"blockquote_open": "block quote", "list_item_open": "list item"}


def parse_document(text: str, *, name: str, path: Path | None = None) -> Document:
    """Parse *text* with the source parser and plan where every segment goes.

    Broken source raises :class:`~appeal.errors.SourceError` naming *path* and
    the line: front matter that breaks the rules of
    :mod:`appeal.segments.frontmatter` (not closed, not YAML, not a mapping, no
    title, an unknown key, a date that is no date) and an unclosed code fence.
    A build that goes on without one broken document catches it here, per
    document; :func:`~appeal.segments.frontmatter.check_front_matter` runs the front-matter
    checks alone.

    A build reads each document twice, once through Babel's extractor and once
    to render it; a Document is never changed after parsing, so the second
    reading of the same text is answered from a cache.
    """
    return _parse_cached(text, name, path)


@functools.lru_cache(maxsize=512)
def _parse_cached(text: str, name: str, path: Path | None) -> Document:
    source = source_text(text)
    env: dict[str, Any] = {}
    tokens = source_parser().parse(source, env)
    lines = source.split("\n")
    front: dict[str, object] = {}
    slots: list[Slot] = []
    front_lines = (0, 0)
    token = front_matter_token(tokens, source, path=path)
    if token is None and tokens and tokens[0].type == "front_matter":
        env = {}  # thematic breaks around Markdown, not front matter
        tokens = breaks_parser().parse(source, env)
    if token is not None:
        front = read_front_matter(token.content, path=path)
        slots.extend(front_matter_slots(token.content, front))
        assert token.map is not None
        front_lines = (token.map[0], token.map[1])
    _check_fences(tokens, lines, path)
    walker = _Walker(tokens, lines, env.get("references") or {})
    walker.walk()
    body = sorted((*walker.slots, *_definition_slots(env)), key=lambda slot: slot.lines[0])
    return Document(name=name, source=source, front_matter=front, tokens=tuple(tokens),
                    env=env, slots=(*slots, *body), anchors=_anchors(tokens),
                    rows=walker.rows, front_matter_lines=front_lines)


def _definition_slots(env: dict[str, Any]) -> list[Slot]:
    """A slot for the title of each link reference definition (``[id]: url "Title"``):
    a reader sees it as the link's tooltip, so it is translated like the text."""
    slots = []
    for name, definition in (env.get("references") or {}).items():
        title = " ".join(str(definition.get("title") or "").split())
        start, end = definition.get("map") or (0, 0)
        if any(char.isalpha() for char in title):
            segment = Segment(text=title, line=start + 1, kind="link title",
                              comments=("link title",))
            slots.append(Slot(segment=segment, part="definition", lines=(start, end),
                              reference=name))
    return slots


def extract_segments(document: Document) -> list[Segment]:
    """Every segment in document order; identical texts stay separate (Babel merges them)."""
    return [slot.segment for slot in document.slots]


def _check_fences(tokens: list[Token], lines: list[str], path: Path | None) -> None:
    """An unclosed fence silently swallows the rest of the file, so refuse it.

    One that the end of its block quote or list item closes (valid CommonMark)
    swallows nothing: text follows it, and it is taken as written.
    """
    content_end = max((number + 1 for number, line in enumerate(lines) if line.strip()),
                      default=0)
    for token in tokens:
        if token.type != "fence" or token.map is None:
            continue
        start, end = token.map
        last = lines[end - 1].lstrip(" \t>") if end - 1 < len(lines) else ""
        closed = end - start >= 2 and last.strip().startswith(token.markup) \
            and set(last.strip()) == {token.markup[0]}
        if not closed and end >= content_end:
            raise SourceError("unclosed code fence", path=path, line=start + 1,
                              hint=f"add a closing {token.markup!r} line")


def _anchors(tokens: list[Token]) -> dict[int, str]:
    """Unique ids for headings from their source text; an author's ``{#id}`` wins."""
    taken = {str(t.attrs["id"]) for t in tokens if t.type == "heading_open" and "id" in t.attrs}
    anchors: dict[int, str] = {}
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        if "id" in token.attrs:
            anchors[index] = str(token.attrs["id"])
            continue
        base = slugify(plain_inline(tokens[index + 1].children or []))
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        anchors[index] = slug
    return anchors


def translator_note(token: Token) -> str | None:
    """The note in an ``<!-- i18n: ... -->`` HTML block, if that is all the block is."""
    text = token.content.strip()
    if not (text.startswith("<!--") and text.endswith("-->")):
        return None
    inner = text[4:-3].strip()
    if not inner.startswith(NOTE_PREFIX):
        return None
    return " ".join(inner[len(NOTE_PREFIX):].split()) or None


def line_prefix(line: str, markers: list[Token]) -> str:
    """The container markers (``>``, list markers opening here, indentation) before a block.

    >>> item = Token("list_item_open", "li", 1, markup=".", info="10")
    >>> line_prefix("> - Hello", []), line_prefix("10. Hi", [item])
    ('> ', '10. ')
    """
    pending = [marker.info + marker.markup for marker in markers]
    pos = 0
    while True:
        while pos < len(line) and line[pos] in " \t":
            pos += 1
        if pos < len(line) and line[pos] == ">":
            pos += 1
        elif pending and line.startswith(pending[0], pos):
            pos += len(pending.pop(0))
        else:
            return line[:pos]


class _Walker:
    """One pass over the block tokens that turns every translatable inline token into a slot."""

    def __init__(self, tokens: list[Token], lines: list[str],
                 references: dict[str, Any]) -> None:
        self.tokens = tokens
        self.lines = lines
        self.references = references
        self.definition_titles = frozenset(str(definition.get("title") or "")
                                           for definition in references.values())
        self.slots: list[Slot] = []
        self.rows: dict[int, tuple[str, tuple[int, ...]]] = {}
        self.stack: list[Token] = []
        self.skip_level: int | None = None
        self.noted: list[tuple[int, tuple[str, ...]]] = []
        self.pending: list[str] = []

    def walk(self) -> None:
        for index, token in enumerate(self.tokens):
            if token.nesting == -1:
                self._close(token)
            elif token.type == "html_block" and (note := translator_note(token)):
                self.pending.append(note)
            elif token.type == "html_block" and self.skip_level is None \
                    and has_html_words(token.content):
                self._html_block(index, token)
            elif token.type == "inline":
                if self.skip_level is None:
                    self._inline(index, token)
            else:
                self._open(index, token)

    def _open(self, index: int, token: Token) -> None:
        if self.pending and token.nesting == 1:
            self.noted.append((token.level, tuple(self.pending)))
        self.pending = []
        if token.nesting != 1:
            return
        self.stack.append(token)
        if self.skip_level is None and "lang" in token.attrs:
            self.skip_level = token.level
        if token.type == "tr_open" and self.skip_level is None:
            self._row(index, token)

    def _close(self, token: Token) -> None:
        self.stack.pop()
        if self.noted and self.noted[-1][0] == token.level:
            self.noted.pop()
        if self.skip_level == token.level:
            self.skip_level = None

    def _html_block(self, index: int, token: Token) -> None:
        """An HTML block with words is one segment (see :mod:`appeal.segments.htmlblock`)."""
        assert token.map is not None
        lines = (token.map[0], token.map[1])
        notes = (*(note for _, group in self.noted for note in group), *self.pending)
        self.pending = []
        segment = Segment(text=token.content.rstrip("\n"), line=lines[0] + 1,
                          kind="html block", comments=("html block", *notes))
        prefix = line_prefix(self.lines[lines[0]], self._markers(lines[0]))
        self.slots.append(Slot(segment=segment, part="html", inline=index, lines=lines,
                               prefix=prefix))

    def _markers(self, line: int) -> list[Token]:
        """List items whose marker is on *line*, outermost first."""
        return [t for t in self.stack if t.type == "list_item_open" and t.map and t.map[0] == line]

    def _row(self, index: int, token: Token) -> None:
        assert token.map is not None
        line = token.map[0]
        cells = []
        for cursor in range(index + 1, len(self.tokens)):
            if self.tokens[cursor].type == "tr_close":
                break
            if self.tokens[cursor].type == "inline":
                cells.append(cursor)
        prefix = line_prefix(self.lines[line], self._markers(line))
        self.rows[line] = (prefix, tuple(cells))

    def _inline(self, index: int, token: Token) -> None:
        parent = self.tokens[index - 1]
        if parent.type in ("th_open", "td_open"):
            row = self.stack[-2].map or [0, 0]
            lines = (row[0], row[0] + 1)
        else:
            assert parent.map is not None
            setext = parent.type == "heading_open" and not parent.markup.startswith("#")
            lines = (parent.map[0], parent.map[1] - 1 if setext else parent.map[1])
        slot = self._shape(index, token, parent)
        if slot is None:
            return
        text, kind, part, head, tail = slot
        element = index - 1 if parent.type != "paragraph_open" or not parent.hidden else -1
        notes = tuple(note for _, group in self.noted for note in group)
        segment = Segment(text=text, line=lines[0] + 1, kind=kind, comments=(kind, *notes))
        prefix = line_prefix(self.lines[lines[0]], self._markers(lines[0]))
        self.slots.append(Slot(segment=segment, part=part, inline=index, element=element,
                               lines=lines, prefix=prefix, head=head, tail=tail))

    def _shape(self, index: int, token: Token,
               parent: Token) -> tuple[str, str, str, str, str] | None:
        """Text, kind, part, head and tail of the segment in *token*, or None to skip it."""
        children = token.children or []
        content = msgid_spelling(token.content, self.references)
        if parent.type in ("th_open", "td_open"):
            return self._worded(content, children, "table cell", "cell")
        if parent.type == "heading_open":
            return self._worded(join_lines(content, children), children, "heading",
                                "inline")
        if len(children) == 1 and children[0].type == "image" and content.startswith("!["):
            end = label_end(content)
            if end > 0 and not _titled_inline(children[0], content[end:]):
                alt = children[0].children or []
                return self._worded(join_lines(content[2:end], alt), alt, "image alt",
                                    "image", "![", content[end:])
        lone = _lone_link(children)
        if lone == "autolink":
            return None
        if lone == "link" and content.startswith("["):
            end = label_end(content)
            if end > 0 and not _titled_inline(children[0], content[end:]):
                inner = children[1:-1]
                return self._worded(join_lines(content[1:end], inner), inner, "link text",
                                    "link", "[", content[end:])
        return self._worded(join_lines(content, children), children, self._kind(),
                            "inline")

    def _worded(self, text: str, children: list[Token], kind: str, part: str, head: str = "",
                tail: str = "") -> tuple[str, str, str, str, str] | None:
        """The segment's shape, or None when it has no letters a translator could change."""
        if not has_words(children, self.definition_titles):
            return None
        return text, kind, part, head, tail

    def _kind(self) -> str:
        for token in reversed(self.stack[:-1]):
            if token.type in CONTAINERS:
                return CONTAINERS[token.type]
        return "paragraph"


def _titled_inline(opening: Token, tail: str) -> bool:
    """Whether a lone link or image writes a title in its own parentheses: then the
    whole of it is the msgid, so that the title is translated with the text (a
    definition's title is a segment of its own)."""
    return bool(opening.attrs.get("title")) and tail.startswith("](")


def _lone_link(children: list[Token]) -> str | None:
    """``link`` or ``autolink`` when *children* are exactly one link, else None."""
    if len(children) < 2 or children[0].type != "link_open" or children[-1].type != "link_close":
        return None
    if any(child.type == "link_open" for child in children[1:]):
        return None
    return "autolink" if children[0].markup in ("autolink", "linkify") else "link"
