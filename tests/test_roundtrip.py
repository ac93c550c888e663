"""Property tests: translating never loses, adds or corrupts structure (DESIGN invariant 1)."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appeal.segments import (
    extract_segments,
    parse_document,
    source_parser,
    translate_document,
    translation_parser,
)

WORDS = st.sampled_from(["solidarity", "Union", "strike", "free", "Ана", "prisoners",
                         "court", "2024", "KSD", "letters", "ça", "the"])


def _phrase(draw: st.DrawFn, low: int = 1, high: int = 5) -> str:
    return " ".join(draw(st.lists(WORDS, min_size=low, max_size=high)))


@st.composite
def inline(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        words = _phrase(draw)
        style = draw(st.sampled_from(["plain", "em", "strong", "code", "link", "image"]))
        parts.append({"plain": words, "em": f"*{words}*", "strong": f"**{words}**",
                      "code": f"`{words}`", "link": f"[{words}](https://example.org/{len(words)})",
                      "image": f"![{words}](pic{len(words)}.png)"}[style])
    return " ".join(parts)


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    lines = draw(st.lists(inline(), min_size=1, max_size=3))
    breaks = draw(st.lists(st.sampled_from(["\n", "\\\n", "  \n"]), min_size=len(lines),
                           max_size=len(lines)))
    return "".join(line + sep for line, sep in zip(lines, breaks, strict=True)).rstrip("\\ \n")


@st.composite
def bullet_list(draw: st.DrawFn, depth: int = 0) -> str:
    ordered = draw(st.booleans())
    items = []
    for number in range(1, draw(st.integers(1, 3)) + 1):
        marker = f"{number}. " if ordered else "- "
        item = marker + draw(inline())
        if depth < 2 and draw(st.booleans()):
            nested = draw(bullet_list(depth + 1))
            item += "\n" + "\n".join(" " * len(marker) + line for line in nested.split("\n"))
        items.append(item)
    return "\n".join(items)


@st.composite
def table(draw: st.DrawFn) -> str:
    columns = draw(st.integers(1, 3))
    rows = [[_phrase(draw, 1, 3) for _ in range(columns)]
            for _ in range(draw(st.integers(2, 4)))]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "---|" * columns)
    return "\n".join(lines)


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["heading", "setext", "paragraph", "list", "quote", "table",
                                 "fence", "lone-image", "lone-link", "quoted-list"]))
    if kind == "heading":
        return "#" * draw(st.integers(1, 4)) + " " + draw(inline())
    if kind == "setext":
        return _phrase(draw) + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind == "list":
        return draw(bullet_list())
    if kind in ("quote", "quoted-list"):
        inner = draw(paragraph() if kind == "quote" else bullet_list())
        return "\n".join("> " + line for line in inner.split("\n"))
    if kind == "table":
        return draw(table())
    if kind == "fence":
        return "```\n" + _phrase(draw) + "\n```"
    if kind == "lone-image":
        return f"![{_phrase(draw)}](photo.jpg)"
    if kind == "lone-link":
        return f"[{_phrase(draw)}](https://example.org/lone)"
    return draw(paragraph())


documents = st.lists(block(), min_size=1, max_size=6).map(lambda blocks: "\n\n".join(blocks))
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


def norm(html: str) -> str:
    """Whitespace-normalised HTML without the heading ids translation adds.

    The reference is markdown-it's own rendering of the source, which has no ids;
    removing them from both sides compares everything else exactly.
    """
    return " ".join(re.sub(r'(<h[1-6]) id="[^"]*"', r"\1", html).split())


@SETTINGS
@given(documents)
def test_identity_html_equals_source_rendering(source: str) -> None:
    doc = parse_document(source, name="prop")
    out = translate_document(doc, lambda s: s, source_language="en")
    assert norm(out.html) == norm(source_parser().render(source))
    assert out.markdown == doc.source
    assert out.translated == out.segments == len(extract_segments(doc))


@SETTINGS
@given(documents)
def test_msgids_reparse_to_the_source_inline(source: str) -> None:
    """Every msgid, parsed as a translation, renders as its source did: nothing is lost."""
    doc = parse_document(source, name="prop")
    md, safe = source_parser(), translation_parser()
    env = {"references": doc.env.get("references", {})}
    for slot in doc.slots:
        if slot.part not in ("inline", "cell"):
            continue
        expected = md.renderer.render(doc.tokens[slot.inline].children, md.options, {})
        got = safe.renderer.render(safe.parseInline(slot.segment.text, env)[0].children,
                                   safe.options, {})
        assert norm(got) == norm(expected)


@SETTINGS
@given(documents)
def test_translated_markdown_renders_like_translated_html(source: str) -> None:
    doc = parse_document(source, name="prop")
    out = translate_document(doc, lambda s: "«" + s + "»", source_language="en")
    assert norm(source_parser().render(out.markdown)) == norm(out.html)


@SETTINGS
@given(documents)
def test_no_segment_is_lost(source: str) -> None:
    doc = parse_document(source, name="prop")
    texts = sorted({segment.text for segment in extract_segments(doc)})
    marks = {text: f"ZQ{number}QZ" for number, text in enumerate(texts)}
    out = translate_document(doc, lambda s: f"{marks[s]} {s.upper()}", source_language="en")
    for mark in marks.values():
        assert mark in out.html and mark in out.markdown and mark in out.text
    assert norm(source_parser().render(out.markdown)) == norm(out.html)
