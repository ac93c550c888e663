"""The plain-text output for e-mail: wrapped at 72 columns, links as numbered references."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Sequence

from markdown_it.token import Token

from appeal.segments.htmlblock import html_text
from appeal.segments.text import plain_inline

WIDTH = 72
AUTOLINKS = ("autolink", "linkify")


def display_width(line: str) -> int:
    """Columns *line* takes on a terminal: wide (CJK) characters two, combining marks none.

    >>> display_width("Appeal"), display_width("呼吁"), display_width("Ё̈")
    (6, 4, 1)
    """
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF"
               else 1 for c in line)


def render_plain(tokens: Sequence[Token], omit: int | None = None) -> tuple[str, int]:
    """Plain text of a (translated) token stream, and how many words its text holds.

    The heading at token *omit* is left out of the text (its words still count):
    it is the document's title, which the plain-text page prints above the body.
    """
    writer = _PlainWriter()
    for index, token in enumerate(tokens):
        if omit is not None and index == omit + 1 and token.type == "inline":
            writer.words += len(plain_inline(token.children or []).split())
            continue
        writer.visit(tokens, index, token)
    return writer.result(), writer.words


_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _line_break_tag(token: Token) -> bool:
    """Whether *token* is an inline ``<br>``, which ends a line in plain text as on the page.

    >>> _line_break_tag(Token("html_inline", "", 0, content="<br />"))
    True
    """
    return token.type == "html_inline" and _BR.fullmatch(token.content) is not None


class _PlainWriter:
    """Writes blocks line by line under a stack of container prefixes (``> ``, ``- ``)."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.containers: list[list[str]] = []
        self.counters: list[int | None] = []
        self.links: dict[str, int] = {}
        self.words = 0
        self.rows: list[list[str]] = []

    def visit(self, tokens: Sequence[Token], index: int, token: Token) -> None:
        kind = token.type
        if kind == "blockquote_open":
            self._gap()
            self.containers.append(["> ", "> "])
        elif kind in ("bullet_list_open", "ordered_list_open"):
            self._open_list(tokens, index, token)
        elif kind == "list_item_open":
            self._open_item()
        elif kind in ("blockquote_close", "list_item_close"):
            self.containers.pop()
        elif kind in ("bullet_list_close", "ordered_list_close"):
            self.counters.pop()
        elif kind == "inline":
            self._inline_block(tokens[index - 1], token)
        elif kind == "html_block":
            self._html_block(token.content)
        elif kind in ("fence", "code_block"):
            self._gap()
            for line in token.content.rstrip("\n").split("\n"):
                self._emit(("    " + line).rstrip())
        elif kind == "hr":
            self._gap()
            self._emit("* * *")
        elif kind == "tr_open":
            self.rows.append([])
        elif kind == "table_close":
            self._table()

    def _open_list(self, tokens: Sequence[Token], index: int, token: Token) -> None:
        tight_nested = (any(c[0] != "> " for c in self.containers)
                        and index + 2 < len(tokens) and tokens[index + 2].hidden)
        if not tight_nested:
            self._gap()
        start = int(token.attrs.get("start", 1)) if token.type == "ordered_list_open" else None
        self.counters.append(start)

    def _open_item(self) -> None:
        number = self.counters[-1]
        marker = "- " if number is None else f"{number}. "
        if number is not None:
            self.counters[-1] = number + 1
        self.containers.append([marker, " " * len(marker)])

    def _inline_block(self, opening: Token, inline: Token) -> None:
        children = inline.children or []
        self.words += len(plain_inline(children).split())
        text = self._text(children)
        if opening.type in ("th_open", "td_open"):
            self.rows[-1].append(" ".join(text.split()))
        elif opening.type == "heading_open":
            self._gap()
            lines = textwrap.wrap(" ".join(text.split()), width=WIDTH, break_long_words=False,
                                  break_on_hyphens=False) or [""]
            for line in lines:
                self._emit(line)
            rule = "=" if opening.tag in ("h1", "h2") else "-"
            self._emit(rule * max(display_width(line) for line in lines))
        else:
            if not opening.hidden:
                self._gap()
            for piece in text.split("\n"):
                self._wrapped(piece)

    def _html_block(self, content: str) -> None:
        """An HTML block's text (see :mod:`appeal.segments.htmlblock`), a paragraph per line."""
        text = html_text(content)
        if not text:
            return
        self.words += len(text.split())
        self._gap()
        for line in text.split("\n"):
            self._wrapped(line)

    def _wrapped(self, text: str) -> None:
        first = self._prefix()
        rest = "".join(c[1] for c in self.containers)
        lines = textwrap.wrap(text, width=WIDTH, initial_indent=first, subsequent_indent=rest,
                              break_long_words=False, break_on_hyphens=False)
        self.out.extend(lines or [first.rstrip()])

    def _text(self, children: Sequence[Token]) -> str:
        out: list[str] = []
        opened: list[Token] = []
        for child in children:
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type == "softbreak":
                out.append(" ")
            elif child.type == "hardbreak" or _line_break_tag(child):
                out.append("\n")
            elif child.type == "image":
                out.append(plain_inline(child.children or []))
            elif child.type == "link_open":
                opened.append(child)
            elif child.type == "link_close" and opened:
                link = opened.pop()
                if link.markup not in AUTOLINKS:
                    href = str(link.attrs.get("href", ""))
                    number = self.links.setdefault(href, len(self.links) + 1)
                    out.append(f" [{number}]")
        return "".join(out)

    def _table(self) -> None:
        rows, self.rows = self.rows, []
        if not rows:
            return
        widths = [max(len(row[col]) if col < len(row) else 0 for row in rows)
                  for col in range(max(len(row) for row in rows))]
        self._gap()
        for number, row in enumerate(rows):
            cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
            self._emit("  ".join(cells).rstrip())
            if number == 0:
                self._emit("  ".join("-" * width for width in widths))

    def _prefix(self) -> str:
        """The prefix for the next line; list markers appear only on an item's first line."""
        prefix = "".join(c[0] for c in self.containers)
        for container in self.containers:
            container[0] = container[1]
        return prefix

    def _emit(self, line: str) -> None:
        self.out.append((self._prefix() + line).rstrip())

    def _gap(self) -> None:
        if self.out and self.out[-1].strip(" >"):
            self.out.append("".join(c[1] for c in self.containers).rstrip())

    def result(self) -> str:
        lines = list(self.out)
        if self.links:
            lines.append("")
            lines.extend(f"[{number}] {href}" for href, number in self.links.items())
        return "\n".join(lines).strip("\n") + "\n" if lines else ""
