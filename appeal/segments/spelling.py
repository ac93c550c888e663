"""How a segment's source is spelt as a msgid, so that a translation of it still works.

The msgid is the source's inline Markdown, with two changes a translator needs:

- **Reference links are written in full.** ``[Read the guide][]`` and the
  shortcut ``[guide]`` take their target from their own text; once a translator
  changes the text (``[Lisez le guide][]``) the reference no longer resolves and
  the link becomes a dead label. In the msgid they read ``[Read the guide][Read
  the guide]``: the first brackets are the text to translate, the second the
  name of the definition, which stays.
- **Entities for letters are decoded.** ``caf&eacute;`` is shown as ``café``;
  entities for Markdown's or HTML's own characters (``&lt;``, ``&amp;``,
  ``&ast;``) and for invisible ones (``&nbsp;``, ``&shy;``) stay as written,
  since decoding them would change the markup or hide the character.

Both render exactly as the source does. Positions come from markdown-it's own
link, image and entity rules, recorded as they match, so code spans, raw HTML
and link destinations are never touched.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Callable, Mapping
from functools import cache
from string import punctuation
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline, entity, image, link

from appeal.segments.parsers import label_end

_SPANS = "appeal_spans"
Rule = Callable[[StateInline, bool], bool]


def _recording(rule: Rule, kind: str) -> Rule:
    """*rule*, noting where each of its matches starts and ends in the inline source."""

    def recorded(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not rule(state, silent):
            return False
        if not silent and _SPANS in state.env:
            state.env[_SPANS].append((kind, start, state.pos))
        return True

    return recorded


@cache
def _recording_parser() -> MarkdownIt:
    """The source parser's inline rules, with links, images and entities recorded."""
    md = MarkdownIt("commonmark", {"html": True})
    md.inline.ruler.at("link", _recording(link, "link"))
    md.inline.ruler.at("image", _recording(image, "image"))
    md.inline.ruler.at("entity", _recording(entity, "entity"))
    return md


def msgid_spelling(content: str, references: Mapping[str, Any]) -> str:
    """*content* (an inline token's source) spelt for translators, as described above.

    >>> refs = {"READ THE GUIDE": {"href": "g", "title": ""}, "GUIDE": {"href": "h", "title": ""}}
    >>> msgid_spelling("[Read the guide][] or the [guide], caf&eacute; &amp; `&eacute;`", refs)
    '[Read the guide][Read the guide] or the [guide][guide], café &amp; `&eacute;`'
    """
    if "&" not in content and not (references and "[" in content):
        return content
    env: dict[str, Any] = {"references": references, _SPANS: []}
    _recording_parser().parseInline(content, env)
    edits: list[tuple[int, int, str]] = []
    for kind, start, end in env[_SPANS]:
        if kind == "entity":
            char = html.unescape(content[start:end])
            if _decodable(char):
                edits.append((start, end, char))
            continue
        edits.extend(_full_reference(content, start + (kind == "image"), end))
    for start, end, text in sorted(edits, reverse=True):
        content = content[:start] + text + content[end:]
    return content


def _full_reference(content: str, opening: int, end: int) -> list[tuple[int, int, str]]:
    """The edit writing the collapsed or shortcut reference link at *opening* in full."""
    closing = opening + label_end(content[opening:end])
    if closing <= opening:
        return []
    rest = content[closing + 1:end]
    if rest not in ("", "[]"):
        return []  # an inline link, or a full reference already
    label = " ".join(content[opening + 1:closing].split())
    return [(closing + 1, end, f"[{label}]")]


def _decodable(char: str) -> bool:
    """Whether an entity's character can be written as itself without changing the text.

    >>> _decodable("é"), _decodable("<"), _decodable("\\u00a0"), _decodable("—")
    (True, False, False, True)
    """
    if len(char) != 1 or char in punctuation:
        return False
    return unicodedata.category(char)[0] not in "ZCM"
