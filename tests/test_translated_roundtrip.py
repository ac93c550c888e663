"""Property tests: a translation that changes every word keeps everything else.

The property tests of ``test_roundtrip`` translate with the identity or wrap a
whole msgid, so the translated text never has to be parsed as the translator
wrote it. Here every segment is translated with :func:`tests.pseudo.pseudo`,
which accents the vowels and keeps the markup, as a careful translator does:
the outputs must then hold the source's structure around new words. The
documents are richer than ``test_roundtrip``'s too: inline HTML, reference
links of the three kinds with their definitions, link and image titles,
footnotes, front matter with comments and a timestamp, entities, raw HTML
blocks, and block quotes holding code and lists.
"""

from __future__ import annotations

import difflib
import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from appeal.render import language_info, page_chrome, page_context, render_document
from appeal.segments import (
    Document,
    TranslatedDocument,
    extract_segments,
    parse_document,
    source_parser,
    translate_document,
)
from appeal.workspace import Workspace
from tests.pseudo import KEPT, pseudo

WORDS = st.sampled_from(["solidarity", "Union", "strike", "free", "Ана", "prisoners",
                         "court", "2024", "KSD", "letters", "ça", "the"])
"""The words of ``test_roundtrip``'s documents."""
NAME = "leaflet"
"""The document's name: its title when it has neither front matter nor a heading."""

TITLE_WORDS = st.sampled_from(["Appeal", "Campaign", "Release", "Justice", "Freedom", "Now"])
"""Words only titles use, so that counting a title in a page counts nothing else."""
FIRST_WORDS = st.sampled_from(["solidarity", "Union", "strike", "free", "Ана", "prisoners",
                               "court", "letters", "ça", "the"])
"""Words a YAML value may start with and stay text (``2024`` alone would be a number)."""
INLINE_TITLES = st.sampled_from(["Inline title", "Open the page"])
DEFINITION_TITLES = st.sampled_from(["Reference title", "About the hearing"])
"""Titles of reference definitions, none of which an inline link or image uses."""
LETTER_ENTITIES = st.sampled_from(["caf&eacute;", "&eacute;t&eacute;", "na&iuml;ve"])
SYMBOL_ENTITIES = st.sampled_from(["&amp;", "&copy; 2024", "&mdash;", "&nbsp;", "&#8212;"])
WORDLESS = st.sampled_from([
    "`make install`", "&copy; 2024", "<https://example.org/bare>", "`a` &amp; `b`",
    "[https://example.org/as-text](https://example.org/as-text)", "2024", "&mdash;",
    "<kbd>`Ctrl`</kbd> + `C`", "`x`<br>`y`", "&eacute;",
])
"""Inline text with no word a translator could change: code, addresses, symbols, and a
letter spelt as an entity (which, if offered, the msgid must spell as the letter)."""

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
FRONT_MATTER_KEYS = ("title", "description")
WORD = re.compile(r"\w+")
INLINE_ELEMENTS = frozenset({"a", "abbr", "b", "code", "em", "i", "img", "kbd", "s", "span",
                             "strong", "sub", "sup", "u"})
"""Elements that do not part the words around them on a page (every other one does)."""
TEXT_ATTRIBUTES = frozenset({"alt", "title"})
"""Attributes whose values are text a translation changes, so not structure."""
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


# --- Documents ----------------------------------------------------------------------------


def _phrase(draw: st.DrawFn, low: int = 1, high: int = 3) -> str:
    return " ".join(draw(st.lists(WORDS, min_size=low, max_size=high)))


def _label(text: str) -> str:
    """A reference label as CommonMark matches it: case and white space do not count."""
    return " ".join(text.casefold().split())


class Links:
    """The reference definitions and footnotes a document uses, gathered while it is drawn."""

    def __init__(self) -> None:
        self.definitions: dict[str, str] = {}
        self.notes: dict[str, str] = {}

    def define(self, draw: st.DrawFn, label: str) -> None:
        if _label(label) in self.definitions:
            return
        target = f"https://example.org/ref/{len(self.definitions) + 1}"
        title = draw(DEFINITION_TITLES)
        style = draw(st.sampled_from(["bare", "double", "single", "parenthesis", "angle",
                                      "next-line"]))
        self.definitions[_label(label)] = {
            "bare": f"[{label}]: {target}",
            "double": f'[{label}]: {target} "{title}"',
            "single": f"[{label}]: {target} '{title}'",
            "parenthesis": f"[{label}]: {target} ({title})",
            "angle": f"[{label}]: <{target}>",
            "next-line": f'[{label}]: {target}\n  "{title}"',
        }[style]

    def reference(self, draw: st.DrawFn, words: str) -> str:
        kind = draw(st.sampled_from(["full", "collapsed", "shortcut"]))
        if kind == "full":
            label = f"ref{draw(st.integers(1, 3))}"
            self.define(draw, label)
            return f"[{words}][{label}]"
        self.define(draw, words)
        return f"[{words}][]" if kind == "collapsed" else f"[{words}]"

    def footnote(self, draw: st.DrawFn) -> str:
        mark = f"[^{draw(st.integers(1, 2))}]"
        if mark not in self.notes:
            # Two words at least: "[^1]: word" alone would be a link reference definition.
            self.notes[mark] = f"{mark}: {_phrase(draw, 2, 4)}."
        return mark

    def blocks(self) -> list[str]:
        notes = list(self.notes.values())
        definitions = "\n".join(self.definitions.values())
        return [*notes, *([definitions] if definitions else [])]


@st.composite
def piece(draw: st.DrawFn, links: Links) -> str:
    """One run of inline Markdown: words, emphasis, code, a link, an image, HTML …"""
    words = _phrase(draw)
    style = draw(st.sampled_from(["plain", "em", "strong", "underscore", "code", "link",
                                  "titled-link", "image", "titled-image", "reference",
                                  "letter-entity", "symbol-entity", "kbd", "sub", "span",
                                  "comment", "br", "footnote"]))
    if style == "reference":
        return links.reference(draw, words)
    if style == "footnote":
        return words + links.footnote(draw)
    if style == "letter-entity":
        return f"{words} {draw(LETTER_ENTITIES)}"
    if style == "symbol-entity":
        return f"{words} {draw(SYMBOL_ENTITIES)} {_phrase(draw, 1, 2)}"
    if style in ("span", "br"):
        more = _phrase(draw, 1, 2)
        return f'{words} <span class="x">{more}</span>' if style == "span" else f"{words}<br>{more}"
    if style in ("link", "titled-link", "image", "titled-image"):
        number = draw(st.integers(1, 3))
        title = f' "{draw(INLINE_TITLES)}"' if style.startswith("titled") else ""
        if style.endswith("link"):
            return f"[{words}](https://example.org/{number}{title})"
        return f"![{words}](pic{number}.png{title})"
    return {
        "plain": words,
        "em": f"*{words}*",
        "strong": f"**{words}**",
        "underscore": f"_{words}_",
        "code": f"`{words}`",
        "kbd": f"press <kbd>{words}</kbd>",
        "sub": f"{words} H<sub>2</sub>O",
        "comment": f"{words} <!-- note -->",
    }[style]


@st.composite
def inline(draw: st.DrawFn, links: Links, *, wordless: bool = False) -> str:
    """A line of inline Markdown; with *wordless*, sometimes one without a single word."""
    if wordless and draw(st.integers(0, 5)) == 0:
        return draw(WORDLESS)
    return " ".join(draw(st.lists(piece(links), min_size=1, max_size=3)))


@st.composite
def paragraph(draw: st.DrawFn, links: Links) -> str:
    lines = draw(st.lists(inline(links), min_size=1, max_size=3))
    breaks = draw(st.lists(st.sampled_from(["\n", "\\\n", "  \n"]), min_size=len(lines),
                           max_size=len(lines)))
    return "".join(line + sep for line, sep in zip(lines, breaks, strict=True)).rstrip("\\ \n")


@st.composite
def bullet_list(draw: st.DrawFn, links: Links, depth: int = 0) -> str:
    ordered = draw(st.booleans())
    # A nested list starting at another number than 1 could not interrupt its item's text.
    start = draw(st.sampled_from([1, 1, 3, 10])) if ordered and not depth else 1
    delimiter = draw(st.sampled_from([".", ")"]))
    bullet = draw(st.sampled_from(["-", "*", "+"]))
    items = []
    for number in range(start, start + draw(st.integers(1, 3))):
        marker = f"{number}{delimiter} " if ordered else f"{bullet} "
        item = marker + draw(inline(links, wordless=True))
        if depth < 2 and draw(st.booleans()):
            nested = draw(bullet_list(links, depth + 1))
            item += "\n" + "\n".join(" " * len(marker) + line for line in nested.split("\n"))
        items.append(item)
    return "\n".join(items)


@st.composite
def table(draw: st.DrawFn, links: Links) -> str:
    columns = draw(st.integers(1, 3))
    rows = [[draw(inline(links, wordless=True)) for _ in range(columns)]
            for _ in range(draw(st.integers(2, 4)))]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "".join(draw(st.sampled_from(["---|", ":--|", ":-:|", "--:|"]))
                                  for _ in range(columns)))
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return "\n".join(("> " + line).rstrip() for line in text.split("\n"))


@st.composite
def fence(draw: st.DrawFn) -> str:
    ticks = draw(st.sampled_from(["```", "~~~"]))
    info = draw(st.sampled_from(["", "text", "sh"]))
    body = "\n".join(_phrase(draw) for _ in range(draw(st.integers(1, 2))))
    return f"{ticks}{info}\n{body}\n{ticks}"


@st.composite
def raw_html(draw: st.DrawFn, links: Links) -> str:
    """An HTML block as READMEs write them: centred text or a logo, a collapsed section."""
    kind = draw(st.sampled_from(["centred", "details", "logo", "empty"]))
    if kind == "centred":
        return f'<p align="center">{_phrase(draw)}</p>'
    if kind == "logo":
        return f'<p align="center"><img src="logo.png" alt="{_phrase(draw)}"></p>'
    if kind == "empty":
        return '<div align="center"><br></div>'
    return (f"<details><summary>{_phrase(draw)}</summary>\n\n{draw(paragraph(links))}"
            "\n\n</details>")


@st.composite
def block(draw: st.DrawFn, links: Links) -> str:
    kind = draw(st.sampled_from(["heading", "setext", "paragraph", "paragraph", "list", "quote",
                                 "quoted-list", "quoted-fence", "table", "fence", "lone-image",
                                 "lone-link", "lone-reference", "raw-html", "wordless",
                                 "rule"]))
    if kind == "heading":
        return "#" * draw(st.integers(2, 4)) + " " + draw(inline(links))
    if kind == "setext":
        return draw(inline(links)) + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind == "list":
        return draw(bullet_list(links))
    if kind == "quote":
        return _quoted(draw(paragraph(links)))
    if kind == "quoted-list":
        return _quoted(draw(bullet_list(links)))
    if kind == "quoted-fence":
        return _quoted(draw(fence()) + "\n\n" + draw(bullet_list(links)))
    if kind == "table":
        return draw(table(links))
    if kind == "fence":
        return draw(fence())
    if kind in ("lone-image", "lone-link"):
        title = f' "{draw(INLINE_TITLES)}"' if draw(st.booleans()) else ""
        if kind == "lone-image":
            return f"![{_phrase(draw)}](photo.jpg{title})"
        return f"[{_phrase(draw)}](https://example.org/lone{title})"
    if kind == "lone-reference":
        return links.reference(draw, _phrase(draw))
    if kind == "raw-html":
        return draw(raw_html(links))
    if kind == "wordless":
        return draw(WORDLESS)
    if kind == "rule":
        return "***"
    return draw(paragraph(links))


def _yaml_value(draw: st.DrawFn, text: str) -> str:
    quote = draw(st.sampled_from(["", '"', "'"]))
    return f"{quote}{text}{quote}"


@st.composite
def front_matter(draw: st.DrawFn, title: str) -> str:
    """Front matter as an author writes it: comments, quoting, a timestamp."""
    lines = [f"title: {_yaml_value(draw, title)}"]
    if draw(st.booleans()):
        description = draw(FIRST_WORDS) + " " + _phrase(draw, 0, 4)
        comment = draw(st.sampled_from(["", "  # shown under the title"]))
        lines.append(f"description: {_yaml_value(draw, description.strip())}{comment}")
    if draw(st.booleans()):
        date = draw(st.sampled_from(["2024-05-01", "2024-05-01 10:30:00", "2024-05-01T10:30:00Z",
                                     "2024-05-01 10:30:00 +02:00", "'2024-05-01'"]))
        comment = draw(st.sampled_from(["", "  # last changed"]))
        lines.append(f"date: {date}{comment}")
    lines = list(draw(st.permutations(lines)))
    for _ in range(draw(st.integers(0, 2))):
        lines.insert(draw(st.integers(0, len(lines))), "# " + _phrase(draw))
    return "---\n" + "\n".join(lines) + "\n---"


@st.composite
def title_heading(draw: st.DrawFn, title: str, *, front: bool) -> str:
    """The heading a document opens with: its title, as written or with markup around it."""
    written = draw(st.sampled_from([title, f"*{title}*", f"[{title}](https://example.org/t)",
                                    f"{title} <!-- note -->"]))
    level = 1 if front else draw(st.integers(1, 2))
    if draw(st.booleans()):
        return "#" * level + " " + written
    return written + "\n" + ("===" if level == 1 else "---")


@st.composite
def documents(draw: st.DrawFn, front: bool | None = None) -> str:
    """A Markdown document; *front* forces front matter on or off."""
    links = Links()
    title = " ".join(draw(st.lists(TITLE_WORDS, min_size=1, max_size=3, unique=True)))
    parts: list[str] = []
    with_front = draw(st.booleans()) if front is None else front
    if with_front:
        parts.append(draw(front_matter(title)))
        opening = draw(st.sampled_from(["title", "other", "none"]))
    else:
        opening = "title"  # so that the title is made of title words
    if opening == "title":
        parts.append(draw(title_heading(title, front=with_front)))
    elif opening == "other":
        parts.append("# " + draw(inline(links)))
    parts.extend(draw(st.lists(block(links), min_size=1, max_size=5)))
    parts.extend(links.blocks())
    return "\n\n".join(parts) + "\n"


# --- Reading outputs ----------------------------------------------------------------------


class Html(HTMLParser):
    """What the tests compare in a rendering: its markup, its text, its links."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.shape: list[str] = []
        """Every tag with its attributes, comments too; no text, ids or text attributes."""
        self.stream: list[str] = []
        """The text as it is written between the tags, alt text in the image's place."""
        self.visible: list[str] = []
        """The text a reader sees, block elements and line breaks parting words."""
        self.chunks: list[str] = []
        """Each text outside code, and every alt and title: what a reader reads."""
        self.titles: list[str] = []
        self.hrefs: list[str] = []
        self.code = 0
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = "".join(f" {name}={value!r}" for name, value in attrs
                       if name not in TEXT_ATTRIBUTES and not (name == "id" and tag in HEADINGS))
        self.shape.append(f"<{tag}{kept}>")
        values = dict(attrs)
        if tag == "a":
            self.hrefs.append(values.get("href") or "")
        if tag == "img" and values.get("alt"):
            self.stream.append(values["alt"] or "")
            self.chunks.append(values["alt"] or "")
        if values.get("title"):
            self.titles.append(values["title"] or "")
            self.chunks.append(values["title"] or "")
        if tag in ("code", "pre"):
            self.code += 1
        if tag not in INLINE_ELEMENTS:
            self.visible.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.shape.append(f"</{tag}>")
        if tag in ("code", "pre"):
            self.code -= 1
        if tag not in INLINE_ELEMENTS:
            self.visible.append("\n")

    def handle_data(self, data: str) -> None:
        self.stream.append(data)
        self.visible.append(data)
        if not self.code:
            self.chunks.append(data)

    def handle_comment(self, data: str) -> None:
        self.shape.append(f"<!--{data}-->")


def flat(children: Sequence[Token]) -> str:
    """Inline tokens as the text a rendering writes between its tags."""
    out = []
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type == "image":
            out.append(flat(child.children or []))
    return "".join(out)


def _reader() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True})


READER = _reader()
"""A plain CommonMark parser, independent of appeal's, to read what a segment says."""


def segment_text(markdown: str, document: Document) -> str:
    env = {"references": document.env.get("references", {})}
    return flat(READER.parseInline(markdown, env)[0].children or [])


def words(text: str) -> str:
    """*text*'s words, one space apart and one space around: for finding a run of words."""
    return " " + " ".join(WORD.findall(text)) + " "


def norm(html: str) -> str:
    """Whitespace-normalised HTML without the heading ids translation adds, as
    ``test_roundtrip`` compares renderings."""
    return " ".join(re.sub(r'(<h[1-6]) id="[^"]*"', r"\1", html).split())


def squash(text: str) -> str:
    return " ".join(text.split())


def body_slots(document: Document) -> list[tuple[str, str]]:
    """Each body segment's msgid and its translation."""
    return [(slot.segment.text, pseudo(slot.segment.text)) for slot in document.slots
            if slot.part not in FRONT_MATTER_KEYS]


def written_slots(document: Document) -> list[tuple[str, str]]:
    """Each body segment as its block writes it (a lone link with its brackets and label,
    a lone image with its destination), and the same translated."""
    return [(slot.head + slot.segment.text + slot.tail,
             slot.head + pseudo(slot.segment.text) + slot.tail) for slot in document.slots
            if slot.part not in FRONT_MATTER_KEYS]


def translate(source: str) -> tuple[Document, TranslatedDocument]:
    document = parse_document(source, name=NAME)
    return document, translate_document(document, pseudo, source_language="en")


def diff(expected: Iterable[str], got: Iterable[str]) -> str:
    return "\n".join(difflib.unified_diff(list(expected), list(got), "expected", "got",
                                          lineterm="", n=3))


def html_lines(text: str) -> list[str]:
    """Normalised HTML cut at each tag, so that a diff points at the element."""
    return norm(text).replace("><", ">\n<").split("\n")


# --- Properties ---------------------------------------------------------------------------


@SETTINGS
@given(source=documents())
def test_html_keeps_the_source_structure_around_translated_text(source: str) -> None:
    """The page of a translation is the source's page with other words.

    A translation may change words, never elements: the same tags with the
    same attributes in the same order (links to the same places, the same
    classes, the same raw HTML), whichever words the translator wrote. Text
    attributes (alt, title) and the heading ids appeal adds are not
    structure. And the translator's words must reach the page: the text of
    every translated segment appears in it, as a run of words.
    """
    document, out = translate(source)
    expected, got = Html(source_parser().render(source)), Html(out.html)
    assert got.shape == expected.shape, (
        f"translated HTML has other elements than the source's (segments as written and"
        f" translated: {written_slots(document)!r}):\n" + diff(expected.shape, got.shape))
    shown = words("".join(got.stream))
    titles = [words(title) for title in got.titles]
    for msgid, translation in body_slots(document):
        needle = words(segment_text(translation, document))
        if needle.strip():
            assert needle in shown or any(needle in title for title in titles), (
                f"segment {msgid!r} translated as {translation!r}: its words {needle.strip()!r}"
                f" are not in the HTML output {squash(''.join(got.stream))!r}")


@SETTINGS
@given(source=documents())
def test_translated_markdown_renders_as_the_translated_html(source: str) -> None:
    """The Markdown file of a translation publishes what its page shows.

    Whoever builds a site from the translated .md (another generator, a
    repository's own rendering) must get the same page as appeal's HTML: the
    translated text is parsed by appeal for the page, so the Markdown it
    writes must say the same when parsed again.
    """
    document, out = translate(source)
    rendered = source_parser().render(out.markdown)
    assert norm(rendered) == norm(out.html), (
        "the translated Markdown renders otherwise than the translated HTML"
        f" (segments {body_slots(document)!r}):\nMarkdown:\n{out.markdown}\n"
        + diff(html_lines(out.html), html_lines(rendered)))


def expected_front_matter(source: str) -> list[str]:
    """The source's front-matter lines with the title and description translated, each
    written as the author wrote it: the same key, spacing, quotes and comment."""
    lines = source.split("\n")
    end = lines.index("---", 1)
    expected = []
    value = re.compile(r"(?P<head>(?:title|description):[ \t]+)(?P<quote>[\"']?)"
                       r"(?P<text>.*?)(?P=quote)(?P<comment>[ \t]+#.*)?")
    for line in lines[:end + 1]:
        match = value.fullmatch(line)
        if match:
            line = (match["head"] + match["quote"] + pseudo(squash(match["text"]))
                    + match["quote"] + (match["comment"] or ""))
        expected.append(line)
    return expected


@SETTINGS
@given(source=documents(front=True))
def test_markdown_keeps_the_front_matter_as_written(source: str) -> None:
    """A translated .md file's front matter is the author's, with the title and
    description translated.

    Everything else in it is the author's and means something to the tools that
    read it: comments, the quoting chosen, the timestamp with its time and zone.
    Rewriting it through a YAML dumper loses the comments, changes quotes and
    turns ``2024-05-01T10:30:00Z`` into another spelling.
    """
    _, out = translate(source)
    expected = expected_front_matter(source)
    got = out.markdown.split("\n")[:len(expected)]
    assert got == expected, ("the Markdown output's front matter is not the source's with "
                             "the title and description translated:\n" + diff(expected, got))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return Workspace(root=tmp_path_factory.mktemp("workspace"), source_language="en",
                     languages=("de",))


def text_page(ws: Workspace, document: Document, out: TranslatedDocument) -> str:
    """The .txt file a build writes for *out*."""
    languages = [language_info("en"), language_info("de")]
    context = page_context(ws, languages[1], document, out, drafts=False, languages=languages)
    files = render_document(page_chrome(ws, None), context, ["txt"])
    return files[f"{NAME}.txt"].decode("utf-8")


@SETTINGS
@given(source=documents())
def test_plain_text_has_the_title_once_and_every_word_the_page_shows(
        workspace: Workspace, source: str) -> None:
    """The .txt file, read in an e-mail, says what the page says.

    It starts with the document's title, which the body's first heading often
    repeats: the reader must see the title once, not twice, and no heading
    dropped for being taken for the title. And nothing the HTML page shows
    may be missing from it, raw HTML blocks included.
    """
    document, out = translate(source)
    page = text_page(workspace, document, out)
    if "title" in document.front_matter:
        title = pseudo(squash(str(document.front_matter["title"])))
    else:
        title = out.headings[0].text if out.headings else NAME
    count = squash(page).count(squash(title))
    assert count == 1, f"the title {title!r} appears {count} times in the .txt file:\n{page}"
    shown = Counter(WORD.findall("".join(Html(out.html).visible)))
    missing = shown - Counter(WORD.findall(page))
    assert not missing, (f"words the HTML output shows are missing from the .txt file: "
                         f"{dict(missing)!r}\nHTML:\n{out.html}\n.txt:\n{page}")


def wordless(msgid: str) -> bool:
    """Whether *msgid* has no letter outside what a translator keeps as written (code spans,
    addresses, tags, entities, reference labels, placeholders), the titles of its links
    and images excepted: a tooltip is read, and translated."""
    children = source_parser().parseInline(msgid)[0].children or []
    titles = " ".join(str(child.attrs.get("title") or "") for child in children
                      if child.type in ("link_open", "image"))
    return not any(char.isalpha() for char in KEPT.sub(" ", msgid) + titles)


@SETTINGS
@given(source=documents())
def test_no_segment_without_a_word_is_offered(source: str) -> None:
    """A segment of only code, addresses, tags or entities is the same in every language.

    Offered, it costs every translator a look, every catalog an entry that is
    either copied or wrongly changed, and the translation statistics a
    segment that can never differ from its source.
    """
    document = parse_document(source, name=NAME)
    offered = [segment.text for segment in extract_segments(document)]
    empty = [text for text in offered if wordless(text)]
    assert not empty, f"segments with no word are offered: {empty!r} (all: {offered!r})"


def reference_targets(document: Document) -> set[str]:
    return {str(entry["href"]) for entry in document.env.get("references", {}).values()}


@SETTINGS
@given(source=documents())
def test_reference_links_stay_links(source: str) -> None:
    """A reference link's text is translated, so its label is too when the label is
    that text (``[text][]``, ``[text]``).

    A translator who translates the words of a collapsed or shortcut reference
    breaks its link unless appeal keeps the label; a full reference's label is
    left as written. Either way every link of the source must be a link to the
    same place in the page and in the Markdown file.
    """
    document, out = translate(source)
    targets = reference_targets(document)

    def links(rendering: str) -> Counter[str]:
        return Counter(href for href in Html(rendering).hrefs if href in targets)

    expected = links(source_parser().render(source))
    in_html, in_markdown = links(out.html), links(source_parser().render(out.markdown))
    holding = [(text, translation) for text, translation in written_slots(document)
               if "[" in text]
    assert in_html == expected, (
        f"reference links in the HTML output: expected {dict(expected)!r}, got"
        f" {dict(in_html)!r}; segments with brackets, as written and translated: {holding!r}")
    assert in_markdown == expected, (
        f"reference links in the Markdown output: expected {dict(expected)!r}, got"
        f" {dict(in_markdown)!r}; segments with brackets, as written and translated:"
        f" {holding!r}\nMarkdown output:\n{out.markdown}")


@SETTINGS
@given(source=documents())
def test_every_text_a_reader_sees_is_offered(source: str) -> None:
    """Every text of the source's page with a word in it is in some segment.

    What a reader sees (text, alt text, a link's title) and no translator is
    offered stays in the source language in every translation. Definitions'
    titles and the text of raw HTML blocks are as visible as a paragraph. The
    attribute values of a raw HTML block are not offered, by the documented
    policy (:mod:`appeal.segments.htmlblock`), so they are left out here.
    """
    document = parse_document(source, name=NAME)
    in_block_attributes = {squash(html.unescape(value)) for token in document.tokens
                           if token.type == "html_block"
                           for value in re.findall(r'(?:alt|title)="([^"]*)"', token.content)}
    texts = []
    for segment in extract_segments(document):
        texts.append(squash(segment_text(segment.text, document)))
        texts.append(squash(html.unescape(segment.text)))
    for chunk in Html(source_parser().render(source)).chunks:
        if wordless(chunk) or squash(chunk) in in_block_attributes:
            continue
        assert any(squash(chunk) in text for text in texts), (
            f"{squash(chunk)!r} is on the page but in no segment; segments:"
            f" {[segment.text for segment in extract_segments(document)]!r}")

