"""Small pure functions on inline Markdown text and tokens, shared by every output."""

from __future__ import annotations

import re
from collections.abc import Sequence

from markdown_it.token import Token

URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`]+|\bwww\.[^\s<>\"'`]+", re.IGNORECASE)
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def count_breaks(children: Sequence[Token]) -> tuple[int, int]:
    """Soft and hard line breaks among *children*, image alt text included."""
    soft = hard = 0
    for child in children:
        if child.type == "softbreak":
            soft += 1
        elif child.type == "hardbreak":
            hard += 1
        elif child.type == "image" and child.children:
            more_soft, more_hard = count_breaks(child.children)
            soft, hard = soft + more_soft, hard + more_hard
    return soft, hard


def join_lines(content: str, children: Sequence[Token]) -> str:
    r"""Turn an inline token's source into a one-line msgid, keeping hard breaks.

    Translators should not have to reproduce the author's line wrapping, so soft
    breaks become one space; hard breaks are kept, spelt ``\`` + newline. When a
    newline sits where the tokens see no break (inside code or a link title) the
    text is returned unchanged rather than guessed at.

    >>> join_lines("one\ntwo  \nthree", [])
    'one two\\\nthree'
    """
    if "\n" not in content:
        return content
    lines = content.split("\n")
    out: list[str] = []
    soft = hard = 0
    for index, line in enumerate(lines):
        text = line if index == 0 else line.lstrip(" \t")
        if index == len(lines) - 1:
            out.append(text)
            break
        bare = text.rstrip(" ")
        if ends_escaped(bare):
            out.append(bare + "\n")
            hard += 1
        elif len(text) - len(bare) >= 2:
            out.append(bare + "\\\n")
            hard += 1
        else:
            out.append(bare + " ")
            soft += 1
    if children and count_breaks(children) != (soft, hard):
        return content
    return "".join(out)


def ends_escaped(text: str) -> bool:
    """Whether *text* ends in an odd run of backslashes (a hard break marker)."""
    run = len(text) - len(text.rstrip("\\"))
    return run % 2 == 1


def clean_translation(text: str, *, one_line: bool) -> str:
    r"""Normalise a translation so the HTML and Markdown outputs read it alike.

    Blank lines would end a paragraph in Markdown, so they go; headings and
    table cells hold a single line.

    >>> clean_translation("  a\r\n\n   b ", one_line=False)
    'a\nb'
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = [line.lstrip(" \t") for line in lines if line.strip()]
    if one_line:
        return " ".join(line.strip() for line in kept)
    return "\n".join(kept).rstrip()


def plain_inline(children: Sequence[Token]) -> str:
    """Inline tokens as plain text: markup dropped, code kept, breaks as spaces.

    >>> from appeal.segments.parsers import source_parser
    >>> plain_inline(source_parser().parseInline("*a* `b` [c](d)")[0].children)
    'a b c'
    """
    out: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image" and child.children:
            out.append(plain_inline(child.children))
    return "".join(out)


def has_words(children: Sequence[Token], shared_titles: frozenset[str] = frozenset()) -> bool:
    """Whether inline tokens hold a word a translator could change.

    Code spans, raw HTML, addresses (a link whose text is its URL, an autolink)
    and entities for symbols are the same in every language: a segment of only
    those is kept as written instead of being offered. An image's alt text is
    words (a screen reader speaks it), so a badge with alt text is offered, and so is
    the title of a link or image (its tooltip), but for *shared_titles*: those of
    link reference definitions, which are segments of their own.

    >>> from appeal.segments.parsers import source_parser
    >>> [has_words(source_parser().parseInline(text)[0].children) for text in
    ...  ["`make test`", "[https://example.org](https://example.org) <br>", "&copy; 2024",
    ...   "![Build status](https://ci.example.org/badge.svg)", "Run `make`",
    ...   '![2024](photo.jpg "The rally")']]
    [False, False, False, True, True, True]
    """
    return any(_speaks(child, shared_titles) for child in children)


def _speaks(token: Token, shared_titles: frozenset[str]) -> bool:
    """Whether one inline token holds a word: in its text, a link's or image's own title,
    or an image's alt text."""
    if token.type == "text":
        return any(char.isalpha() for char in EMAIL.sub("", URL.sub("", token.content)))
    if token.type not in ("image", "link_open"):
        return False
    title = str(token.attrs.get("title") or "")
    if title not in shared_titles and any(char.isalpha() for char in title):
        return True
    return token.type == "image" and has_words(token.children or [], shared_titles)


def slugify(text: str) -> str:
    """An id for a heading: lower-case letters and digits of any script joined by dashes.

    >>> slugify("Boris Kagarlitsky: 2023!"), slugify("Лев Скорякин"), slugify("?")
    ('boris-kagarlitsky-2023', 'лев-скорякин', 'section')
    """
    out: list[str] = []
    for char in text.lower():
        if char.isalnum():
            out.append(char)
        elif char in " \t-_" and out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-") or "section"
