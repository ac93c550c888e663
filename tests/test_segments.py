"""Segments of Markdown documents and the outputs built from their translations."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest

from appeal.errors import SourceError
from appeal.segments import (
    extract_segments,
    parse_document,
    source_parser,
    translate_document,
)
from appeal.segments.frontmatter import front_matter_date

DATA = Path(__file__).parent / "data" / "markdown"
CASES = sorted(path.stem for path in DATA.glob("*.md"))


def document(text: str, name: str = "doc"):
    return parse_document(text, name=name)


@pytest.mark.parametrize("case", CASES)
def test_golden_segments(case: str) -> None:
    path = DATA / f"{case}.md"
    doc = parse_document(path.read_text(encoding="utf-8"), name=case, path=path)
    got = [{"line": s.line, "kind": s.kind, "text": s.text, "comments": list(s.comments)}
           for s in extract_segments(doc)]
    expected = json.loads((DATA / f"{case}.expect.json").read_text(encoding="utf-8"))
    assert got == expected


def test_every_kind_is_extracted() -> None:
    path = DATA / "kinds.md"
    doc = parse_document(path.read_text(encoding="utf-8"), name="kinds", path=path)
    kinds = {segment.kind for segment in extract_segments(doc)}
    assert kinds == {"title", "description", "heading", "paragraph", "list item",
                     "block quote", "table cell", "image alt", "link text", "html block"}
    texts = " ".join(segment.text for segment in extract_segments(doc))
    for absent in ("code is not", "indented code", "bare", "2024"):
        assert absent not in texts


def test_lang_block_is_kept_and_marked() -> None:
    doc = document((DATA / "lang-block.md").read_text(encoding="utf-8"))
    assert all("Поховайте" not in s.text and "Deutsch" not in s.text
               for s in extract_segments(doc))
    out = translate_document(doc, lambda s: "ПЕРЕКЛАД", source_language="en")
    assert '<blockquote lang="uk">' in out.html
    assert "«Поховайте та вставайте,<br />" in out.html
    assert '<p lang="de">Ein Absatz auf Deutsch.</p>' in out.html
    assert "> «Поховайте та вставайте,\\" in out.markdown
    assert "> «Поховайте та вставайте," in out.text
    assert out.html.count("ПЕРЕКЛАД") == 2


def test_fallback_segments_carry_the_source_language() -> None:
    doc = document("# Title\n\nPara one.\n\n- tight item\n\n| A |\n|---|\n| B |\n")
    out = translate_document(doc, lambda s: None, source_language="en")
    assert '<h1 id="title" lang="en" dir="ltr">Title</h1>' in out.html
    assert '<p lang="en" dir="ltr">Para one.</p>' in out.html
    assert '<li><span lang="en" dir="ltr">tight item</span></li>' in out.html
    assert '<th lang="en" dir="ltr">A</th>' in out.html
    assert '<td lang="en" dir="ltr">B</td>' in out.html
    assert out.headings[0].lang == "en" and out.headings[0].direction == "ltr"
    assert (out.segments, out.translated) == (5, 0)
    assert out.markdown == doc.source


def test_partial_translation_counts() -> None:
    doc = document("One.\n\nTwo.\n")
    out = translate_document(doc, {"One.": "Uno."}.get, source_language="en")
    assert "<p>Uno.</p>" in out.html and '<p lang="en" dir="ltr">Two.</p>' in out.html
    assert (out.segments, out.translated) == (2, 1)


HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![x](data:image/png;base64,AAAA)",
    "[x](vbscript:msgbox)",
    "<img src=x onerror=alert(1)>",
    "<javascript:alert(1)>",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_translation_cannot_inject(hostile: str) -> None:
    doc = document("# Heading\n\nParagraph.\n\n- item\n\n| c |\n|---|\n| d |\n\n"
                   "[lone](https://example.org)\n\n![alt](a.png)\n")
    out = translate_document(doc, lambda s: hostile, source_language="en")
    for html in (out.html, source_parser().render(out.markdown)):
        lowered = html.lower()
        assert "<script" not in lowered and "<img src=x" not in lowered
        assert 'href="javascript' not in lowered and 'href="vbscript' not in lowered
        assert 'href="data:' not in lowered
    assert 'src="data:' not in out.html


def test_heading_anchors_are_stable_and_unique() -> None:
    doc = document("# Boris Kagarlitsky\n\n## Boris Kagarlitsky\n\n{#own}\n## Custom\n\n"
                   "## Лев Скорякин\n")
    english = translate_document(doc, lambda s: s, source_language="en")
    german = translate_document(doc, lambda s: "Überschrift", source_language="en")
    anchors = [h.anchor for h in english.headings]
    assert anchors == ["boris-kagarlitsky", "boris-kagarlitsky-2", "own", "лев-скорякин"]
    assert [h.anchor for h in german.headings] == anchors
    assert [h.text for h in german.headings] == ["Überschrift"] * 4
    assert '<h2 id="boris-kagarlitsky-2">Überschrift</h2>' in german.html


def test_plain_text_layout() -> None:
    long = " ".join(["solidarity"] * 30)
    doc = document(f"# Top\n\n### Small\n\n{long} [site](https://a.example) and "
                   "[again](https://a.example) [other](https://b.example).\n\n"
                   "- one\n- two\n\n1. first\n2. second\n\n> quoted\n\n"
                   "| Name | Role |\n|---|---|\n| Ann | chair |\n")
    text = translate_document(doc, lambda s: s, source_language="en").text
    lines = text.split("\n")
    assert lines[:2] == ["Top", "==="]
    assert "Small\n-----" in text
    assert all(len(line) <= 72 for line in lines)
    flat = " ".join(text.split())
    assert "site [1]" in flat and "again [1]" in flat and "other [2]" in flat
    assert text.endswith("[1] https://a.example\n[2] https://b.example\n")
    assert "- one\n- two" in text and "1. first\n2. second" in text
    assert "> quoted" in text
    assert "Name  Role\n----  -----\nAnn   chair" in text


def test_word_count_follows_the_translation() -> None:
    doc = document("one two three\n\n```\nnot counted here\n```\n")
    assert translate_document(doc, lambda s: s, source_language="en").words == 3
    assert translate_document(doc, lambda s: "a b c d e", source_language="en").words == 5


def test_front_matter_translated_in_markdown() -> None:
    doc = document("---\ntitle: Hello\ndate: 2024-08-20\n---\n\nBody.\n")
    out = translate_document(doc, {"Hello": "Привіт: світ"}.get, source_language="en")
    assert out.front_matter["title"] == "Привіт: світ"
    assert out.markdown.startswith("---\ntitle: 'Привіт: світ'\ndate: 2024-08-20\n---\n")
    assert '<p lang="en" dir="ltr">Body.</p>' in out.html


def test_markdown_output_escapes_block_markers() -> None:
    doc = document("Para.\n\n- item\n\n| a |\n|---|\n| b |\n\n### Head\n")
    table = {"Para.": "# not a heading", "item": "- not nested", "b": "x | y",
             "Head": "ends with #"}
    out = translate_document(doc, table.get, source_language="en")
    again = source_parser().render(out.markdown)
    assert "<p># not a heading</p>" in again and "<li>- not nested</li>" in again
    assert "<td>x | y</td>" in again and "ends with #</h3>" in again
    assert _norm(again) == _norm(out.html)


def test_translation_line_breaks_keep_containers() -> None:
    doc = document("> - quoted item\n")
    out = translate_document(doc, lambda s: "line one\\\n= line two", source_language="en")
    assert out.markdown == "> - line one\\\n>   \\= line two\n"
    assert _norm(source_parser().render(out.markdown)) == _norm(out.html)


@pytest.mark.parametrize(("text", "line", "message"), [
    ("---\ntitle: [unclosed\n---\n", 2, "invalid front matter"),
    ("---\n- a list\n---\n", 2, "must be a mapping"),
    ("---\ntitle:\n  - x\n---\n", 2, "'title' must be text"),
    ("Text.\n\n```python\ncode\n", 3, "unclosed code fence"),
    ("Text.\n\n> Quote:\n>\n> ```sh\n> make demo\n", 5, "unclosed code fence"),
    ("---\ntitle: A\n\n# A\n\nText.\n", 1, "front matter is not closed"),
    ("---\r\ntitle: A\r\n", 1, "front matter is not closed"),
    ("---\ntitle: A\ntitel: B\n---\n", 3, "unknown key 'titel'"),
    ("---\ndate: 2024-01-01\n---\n\n# A heading is no title here\n", 1,
     "front matter has no 'title'"),
    ("---\ntitle: A\ndate: 2024-13-01\n---\n", 3, "'date' must be a date like 2024-05-31"),
    ("\ufeff---\ntitle: A\nlang: uk\n---\n", 3, "unknown key 'lang'"),
])
def test_bad_source_names_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(SourceError) as caught:
        parse_document(text, name="bad", path=Path("content/bad.md"))
    assert caught.value.line == line and message in caught.value.message
    assert str(caught.value).startswith(f"content/bad.md:{line}: ")


@pytest.mark.parametrize(("text", "after"), [
    ("> Run:\n>\n> ```sh\n> make demo\n\nThe quote's end closes the fence.\n",
     "THE QUOTE'S END CLOSES THE FENCE."),
    ("- Run:\n\n  ```sh\n  make demo\n- The item's end closes the fence.\n",
     "THE ITEM'S END CLOSES THE FENCE."),
])
def test_a_fence_its_container_closes_is_taken_as_written(text: str, after: str) -> None:
    """Valid CommonMark: a fence in a block quote or list item ends with its container;
    it swallows nothing, so it is not refused (only one running to the end of the file is).
    """
    doc = parse_document(text, name="quoted", path=Path("content/quoted.md"))
    out = translate_document(doc, lambda s: s.upper(), source_language="en")
    assert '<pre><code class="language-sh">make demo\n</code></pre>' in out.html
    assert after in out.html and after in out.markdown
    assert "make demo" in out.markdown and "MAKE DEMO" not in out.html


@pytest.mark.parametrize("text", [
    "# The heading\n\nNo front matter: the heading is the title.\n",
    "The heading\n===========\n\n---\n\nA thematic break later is no front matter.\n",
])
def test_a_document_without_front_matter_is_allowed(text: str) -> None:
    doc = parse_document(text, name="plain", path=Path("content/plain.md"))
    assert doc.front_matter == {} and doc.front_matter_lines == (0, 0)
    out = translate_document(doc, lambda s: s, source_language="en")
    assert out.headings[0].text == "The heading"


@pytest.mark.parametrize("value", ["2024-08-20", "'2024-08-20'", "2024-08-20 10:30:00",
                                   "2024-08-20T10:30:00+02:00"])
def test_front_matter_dates(value: str) -> None:
    doc = document(f"---\ntitle: A\ndate: {value}\n---\n\nBody.\n")
    assert front_matter_date(doc.front_matter) == datetime.date(2024, 8, 20)


def test_a_byte_order_mark_does_not_hide_the_front_matter() -> None:
    doc = document("\ufeff---\ntitle: Hello\n---\n\nBody.\n")
    assert doc.front_matter == {"title": "Hello"}
    assert [(s.line, s.kind) for s in extract_segments(doc)] == [(2, "title"), (5, "paragraph")]


def _norm(html: str) -> str:
    return " ".join(re.sub(r' (id|lang|dir)="[^"]*"', "", html).split())


def test_translator_notes_stay_out_of_the_page() -> None:
    source = "<!-- i18n: keep the names -->\n\nFree *Ivan Petrov* now.\n"
    document = parse_document(source, name="note")
    html = translate_document(document, lambda text: text, source_language="en").html
    assert "keep the names" not in html
    assert "<em>Ivan Petrov</em>" in html
