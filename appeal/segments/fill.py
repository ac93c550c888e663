"""Fill a parsed document with translations and render every output form of it."""

from __future__ import annotations

from typing import Any

from markdown_it.token import Token

from appeal.segments.frontmatter import TRANSLATABLE
from appeal.segments.htmlblock import block_tags
from appeal.segments.markdown import defuse_html, render_markdown
from appeal.segments.model import Document, Heading, Lookup, Slot, TranslatedDocument
from appeal.segments.parsers import (
    inline_tags,
    source_parser,
    source_tags_only,
    tag_reading_parser,
    translation_parser,
)
from appeal.segments.plaintext import render_plain
from appeal.segments.text import clean_translation, plain_inline
from appeal.segments.walk import translator_note

ONE_LINE_PARTS = ("cell", "definition", *TRANSLATABLE)


def translate_document(document: Document, lookup: Lookup, *, source_language: str,
                       source_direction: str = "ltr") -> TranslatedDocument:
    """Render *document* with each segment replaced by ``lookup(msgid)``.

    A segment left in the source language carries that language and its
    direction (``lang``, ``dir``), so a right-to-left page keeps an English
    sentence in order and a screen reader reads it in English. Works on a copy
    of the token list, replacing only the tokens that change, so the parsed
    source is shared by every language and never parsed again.
    """
    retitled = _definition_titles(document, lookup)
    env = {"references": _with_titles(document.env.get("references", {}), retitled)}
    tokens = list(document.tokens)
    front = dict(document.front_matter)
    changed: dict[int, str] = {}
    found = 0
    title_fallback = False
    for number, slot in enumerate(document.slots):
        raw = lookup(slot.segment.text)
        if raw is None or not raw.strip():
            title_fallback = title_fallback or slot.part == "title"
            if slot.part not in (*TRANSLATABLE, "html"):
                _mark_fallback(tokens, slot, source_language, source_direction)
            continue
        found += 1
        one_line = slot.part in ONE_LINE_PARTS or tokens[slot.inline - 1].type == "heading_open"
        text = clean_translation(raw, one_line=one_line)
        if slot.part in TRANSLATABLE:
            front[slot.part] = text
        elif slot.part == "definition":
            pass  # applied to every link of the definition, below
        elif slot.part == "html":
            if text != slot.segment.text:
                block = tokens[slot.inline]
                tokens[slot.inline] = block.copy(
                    content=defuse_html(text, block_tags(block.content)) + "\n")
        elif text != slot.segment.text:
            tokens[slot.inline] = _substitute(tokens[slot.inline], slot, text, env)
        if text != slot.segment.text:
            changed[number] = text
    if retitled:
        _retitle_links(tokens, document.env.get("references", {}), retitled)
    headings = _add_anchors(tokens, document.anchors)
    _drop_translator_notes(tokens)
    md = source_parser()
    plain, words = render_plain(tokens)
    title = _title_heading(document, front, headings)
    body = render_plain(tokens, omit=title)[0] if title is not None else plain
    front_changed = any(document.slots[n].part in TRANSLATABLE for n in changed)
    return TranslatedDocument(
        front_matter=front,
        html=md.renderer.render(tokens, md.options, {}),
        markdown=render_markdown(document, changed, front if front_changed else None),
        text=plain,
        text_body=body,
        headings=headings,
        words=words,
        segments=len(document.slots),
        translated=found,
        title_fallback=title_fallback,
    )


def _definition_titles(document: Document, lookup: Lookup) -> dict[str, str]:
    """The translated title of each link reference definition that has one, by name."""
    titles = {}
    for slot in document.slots:
        if slot.part == "definition":
            raw = lookup(slot.segment.text)
            if raw and raw.strip():
                titles[slot.reference] = clean_translation(raw, one_line=True)
    return titles


def _with_titles(references: dict[str, Any], titles: dict[str, str]) -> dict[str, Any]:
    """The document's definitions with their titles translated, for parsing translations."""
    if not titles:
        return references
    return {name: {**definition, "title": titles[name]} if name in titles else definition
            for name, definition in references.items()}


def _retitle_links(tokens: list[Token], references: dict[str, Any],
                   titles: dict[str, str]) -> None:
    """Give the links and images of untranslated segments their definition's new title."""
    wanted = {(str(references[name]["href"]), str(references[name]["title"])): title
              for name, title in titles.items() if name in references}

    def retitled(children: list[Token]) -> list[Token] | None:
        changed = False
        out = []
        for child in children:
            key = (str(child.attrs.get("href", child.attrs.get("src", ""))),
                   str(child.attrs.get("title", "")))
            inner = retitled(child.children) if child.children else None
            if child.type in ("link_open", "image") and key in wanted:
                child = child.copy(attrs={**child.attrs, "title": wanted[key]})
                changed = True
            if inner is not None:
                child = child.copy(children=inner)
                changed = True
            out.append(child)
        return out if changed else None

    for index, token in enumerate(tokens):
        if token.type == "inline" and token.children:
            new = retitled(token.children)
            if new is not None:
                tokens[index] = token.copy(children=new)


def _title_heading(document: Document, front: dict[str, Any],
                   headings: tuple[Heading, ...]) -> int | None:
    """The heading that is the document's title, printed once above the plain text:
    the first heading, when there is no front-matter title (the title is taken from
    it) or when it reads as that title; None when every heading is body text."""
    if not headings:
        return None
    title = front.get("title")
    if title is not None and " ".join(str(title).split()) != " ".join(headings[0].text.split()):
        return None
    return min(document.anchors)


def parse_translation(text: str, env: dict[str, Any],
                      allowed: frozenset[str] = frozenset()) -> list[Token]:
    """Inline tokens of a translation, from the parser that refuses unsafe links and raw
    HTML, but for the tags in *allowed* (the source segment's own), which stay tags."""
    if not allowed or "<" not in text:
        return translation_parser().parseInline(text, env)[0].children or []
    children = tag_reading_parser().parseInline(text, env)[0].children or []
    return source_tags_only(children, allowed)


def _substitute(inline: Token, slot: Slot, text: str, env: dict[str, Any]) -> Token:
    """A copy of *inline* whose segment reads *text*; the source token stays untouched."""
    source = inline.children or []
    parsed = parse_translation(text, env, inline_tags(source))
    if slot.part == "image":
        image = source[0]
        children = [image.copy(children=parsed, attrs=dict(image.attrs))]
    elif slot.part == "link":
        # A link inside a link is invalid HTML: the translation keeps only its text.
        inner = [t for t in parsed if t.type not in ("link_open", "link_close")]
        children = [source[0], *inner, source[-1]]
    else:
        children = parsed
    return inline.copy(children=children)


def _mark_fallback(tokens: list[Token], slot: Slot, language: str, direction: str) -> None:
    """Tag an untranslated segment with the source language so readers and screen readers know."""
    if slot.element >= 0:
        element = tokens[slot.element]
        tokens[slot.element] = element.copy(
            attrs={**element.attrs, "lang": language, "dir": direction})
        return
    inline = tokens[slot.inline]
    opening = Token("html_inline", "", 0,
                    content=f'<span lang="{_attr(language)}" dir="{_attr(direction)}">')
    closing = Token("html_inline", "", 0, content="</span>")
    tokens[slot.inline] = inline.copy(children=[opening, *(inline.children or []), closing])


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _add_anchors(tokens: list[Token], anchors: dict[int, str]) -> tuple[Heading, ...]:
    """Give each heading its source-derived id, and list the headings as translated."""
    headings = []
    for index, anchor in anchors.items():
        token = tokens[index]
        attrs = {"id": anchor, **{k: v for k, v in token.attrs.items() if k != "id"}}
        tokens[index] = token.copy(attrs=attrs)
        text = plain_inline(tokens[index + 1].children or [])
        lang = token.attrs.get("lang")
        headings.append(Heading(level=int(token.tag[1]), text=text, anchor=anchor,
                                lang=str(lang) if lang else None,
                                direction=str(token.attrs.get("dir", "")) or None))
    return tuple(headings)


def _drop_translator_notes(tokens: list[Token]) -> None:
    """Empty the ``<!-- i18n: ... -->`` blocks: notes are for translators, not readers."""
    for index, token in enumerate(tokens):
        if token.type == "html_block" and translator_note(token):
            tokens[index] = token.copy(content="")
