"""The Markdown output: the author's file with translated text spliced into each segment's place."""

from __future__ import annotations

from typing import Any

from appeal.segments.frontmatter import TRANSLATABLE, splice_front_matter
from appeal.segments.htmlblock import block_tags
from appeal.segments.model import Document, Slot
from appeal.segments.parsers import defuse_links, inline_tags, label_end, source_parser
from appeal.segments.text import ends_escaped
from appeal.segments.walk import translator_note

BLOCK_STARTS = frozenset("#>-+*=_`~<{[|")
"""First characters that may turn a line of text into some other block."""


def render_markdown(document: Document, changed: dict[int, str],
                    front: dict[str, Any] | None) -> str:
    """Replace the lines of every changed segment; every other line stays as written,
    but for the ``<!-- i18n: ... -->`` notes, which are for translators, not readers."""
    lines = document.source.split("\n")
    replace: dict[int, tuple[int, list[str]]] = {
        token.map[0]: (token.map[1], []) for token in document.tokens
        if token.type == "html_block" and token.map and translator_note(token)}
    if front is not None:
        start, end = document.front_matter_lines
        yaml_text = "\n".join(lines[start + 1:end - 1])
        spliced = splice_front_matter(yaml_text, {key: str(front[key]) for key in TRANSLATABLE
                                                  if key in front})
        replace[start + 1] = (end - 1, spliced.split("\n"))
    rows: dict[int, dict[int, str]] = {}
    for number, text in changed.items():
        slot = document.slots[number]
        if slot.part in TRANSLATABLE:
            continue
        if slot.part == "cell":
            rows.setdefault(slot.lines[0], {})[slot.inline] = text
        elif slot.part == "html":
            replace[slot.lines[0]] = (slot.lines[1], _html_lines(document, slot, text))
        elif slot.part == "definition":
            start, end = slot.lines
            replace[start] = (end, retitled_definition(lines[start:end], text).split("\n"))
        else:
            replace[slot.lines[0]] = (slot.lines[1], _block_lines(document, slot, text))
    for line, cells in rows.items():
        prefix, indices = document.rows[line]
        texts = [(cells.get(index, document.tokens[index].content), _tags(document, index))
                 for index in indices]
        row = " | ".join(defuse_links(defuse_html(text, tags)).replace("|", "\\|")
                         for text, tags in texts)
        replace[line] = (line + 1, [f"{prefix}| {row} |"])
    out: list[str] = []
    index = 0
    while index < len(lines):
        if index in replace:
            end, new = replace[index]
            out.extend(new)
            index = end
        else:
            out.append(lines[index])
            index += 1
    return "\n".join(out)


def _block_lines(document: Document, slot: Slot, text: str) -> list[str]:
    """The new source lines of a heading or paragraph reading *text*."""
    text = defuse_links(defuse_html(text, _tags(document, slot.inline)))
    opening = document.tokens[slot.inline - 1]
    if opening.type == "heading_open" and opening.markup.startswith("#"):
        if text.endswith("#"):
            text = text[:-1] + "\\#"
        return [f"{slot.prefix}{opening.markup} {text}"]
    if slot.head:
        text = _balanced_label(text)
    pieces = (slot.head + text + slot.tail).split("\n")
    follow = "".join(char if char in " \t>" else " " for char in slot.prefix)
    out = [slot.prefix + guard_line(pieces[0], first=True)]
    written = pieces[0]
    for piece in pieces[1:]:
        in_comment = written.rfind("<!--") > written.rfind("-->")
        out.append(follow + (piece if in_comment else guard_line(piece, first=False)))
        written += "\n" + piece
    return out


def _html_lines(document: Document, slot: Slot, text: str) -> list[str]:
    """The new source lines of an HTML block reading *text*, its tags only the source's."""
    text = defuse_html(text, block_tags(document.tokens[slot.inline].content))
    follow = "".join(char if char in " \t>" else " " for char in slot.prefix)
    pieces = text.split("\n")
    return [slot.prefix + pieces[0], *(follow + piece for piece in pieces[1:])]


def retitled_definition(lines: list[str], title: str) -> str:
    r"""A link reference definition's source lines with its title replaced by *title*.

    >>> retitled_definition(['> [id]: https://example.org', '>   "Old \\"one\\""'], 'Nouveau')
    '> [id]: https://example.org\n>   "Nouveau"'
    >>> retitled_definition(["[x]: y (A \\(b\\))"], 'C "d"')
    '[x]: y (C "d")'
    """
    text = "\n".join(lines).rstrip()
    closing = text[-1:]
    opening = {'"': '"', "'": "'", ")": "("}.get(closing)
    if opening is None:
        return "\n".join(lines)
    position = len(text) - 1
    while position > 0:
        position -= 1
        if text[position] == opening and not ends_escaped(text[:position]):
            break
    specials = {"\\", opening, closing}
    escaped = "".join("\\" + char if char in specials else char for char in title)
    return text[:position + 1] + escaped + closing


def guard_line(line: str, *, first: bool) -> str:
    r"""Escape the start of a line of text that Markdown would read as a new block.

    >>> guard_line("# not a heading", first=True), guard_line("1. not a list", first=True)
    ('\\# not a heading', '1\\. not a list')
    >>> guard_line("=== not underline", first=False), guard_line("3.5 million", first=True)
    ('\\=== not underline', '3.5 million')
    """
    text = line.lstrip(" \t")
    if not text:
        return text
    if text[0].isdigit():
        digits = len(text) - len(text.lstrip("0123456789"))
        after = text[digits + 1:digits + 2]
        if text[digits:digits + 1] in (".", ")") and after in ("", " ", "\t"):
            return f"{text[:digits]}\\{text[digits:]}"
        return text
    if text[0] not in BLOCK_STARTS:
        return text
    if (not first and text[0] in "=-|") or not _plain_paragraph(text):
        return "\\" + text
    return text


def _plain_paragraph(text: str) -> bool:
    """Whether *text* alone parses as one paragraph holding exactly itself."""
    tokens = source_parser().parse(text)
    return (len(tokens) == 3 and tokens[0].type == "paragraph_open"
            and tokens[1].content == text.strip())


def _tags(document: Document, inline: int) -> frozenset[str]:
    """The raw inline HTML the source segment at token *inline* holds."""
    return inline_tags(document.tokens[inline].children or [])


def defuse_html(text: str, allowed: frozenset[str] = frozenset()) -> str:
    """Write raw HTML in a translation as text, so the Markdown file cannot carry markup
    either, but for the tags in *allowed*: the source segment's own, which the page
    keeps as tags too.

    >>> defuse_html("a <script>alert(1)</script> `x`")
    'a &lt;script>alert(1)&lt;/script> `x`'
    >>> defuse_html("<kbd>Ctrl</kbd> <b>x</b>", frozenset({"<kbd>", "</kbd>"}))
    '<kbd>Ctrl</kbd> &lt;b>x&lt;/b>'
    """
    for _ in range(8):
        if "<" not in text:
            return text
        children = source_parser().parseInline(text)[0].children or []
        raw = {child.content for child in children if child.type == "html_inline"} - allowed
        if not raw:
            return text
        for tag in sorted(raw, key=len, reverse=True):
            text = text.replace(tag, "&lt;" + tag[1:])
    return text


def _balanced_label(text: str) -> str:
    """Escape brackets that would end a link or image text early."""
    if "[" not in text and "]" not in text:
        return text
    candidate = f"[{text}]"
    if label_end(candidate) == len(candidate) - 1:
        return text
    return text.replace("[", "\\[").replace("]", "\\]")
