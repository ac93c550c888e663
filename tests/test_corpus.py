"""Real documents from public projects go through appeal whole: nothing refused, lost or bent.

The property tests (``test_roundtrip.py``) draw documents from a small grammar;
real READMEs, changelogs, contributing guides and documentation pages hold what
no grammar thought of: badges in centred ``<p align="center">`` blocks,
``<details>``, reference links of every kind with titled definitions,
footnotes, code inside lists and block quotes, front matter, entities, inline
HTML and other scripts. ``tests/data/corpus/`` holds such documents unchanged
(``SOURCES.md`` says where each comes from and under which licence), and every
segment is translated with :func:`tests.pseudo.pseudo`, which changes every
word and keeps every piece of markup, so that any difference between the
source and the outputs is the tool's doing.

Each failure names the document, the line and what was expected and found,
so that it can be fixed from the message alone.
"""

from __future__ import annotations

import functools
import html
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from difflib import SequenceMatcher, get_close_matches
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, NamedTuple

import polib  # type: ignore[import-untyped]
import pytest
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token

from appeal.errors import SourceError
from appeal.formats import FORMATS, document_formats
from appeal.segments import (
    Document,
    TranslatedDocument,
    parse_document,
    source_parser,
    translate_document,
)
from appeal.segments.frontmatter import breaks_around_markdown
from tests.conftest import run_appeal, write_workspace
from tests.pseudo import pseudo

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
FOREIGN_FRONT_MATTER = {
    "hugo-docs--content-en-contribute-documentation-index.md": (4, "unknown key 'categories'"),
    "opensource.guide--_articles-es-code-of-conduct.md": (2, "unknown key 'lang'"),
}
"""Documents whose front matter has keys appeal refuses by design (the README's "Write
the content": a misspelt or foreign key is an error, not silently copied)."""
DOCUMENTS = sorted(path for path in CORPUS.glob("*.md")
                   if path.name != "SOURCES.md" and path.name not in FOREIGN_FRONT_MATTER)


@pytest.mark.parametrize("name", sorted(FOREIGN_FRONT_MATTER))
def test_front_matter_with_foreign_keys_is_refused_at_its_line(name: str) -> None:
    """Hugo's and Jekyll's own keys (``categories``, ``lang``) are not appeal's: the
    document is refused with the file, the key's line and the known keys."""
    from appeal.errors import SourceError

    path = CORPUS / name
    line, words = FOREIGN_FRONT_MATTER[name]
    with pytest.raises(SourceError) as refused:
        parse_document(path.read_text(encoding="utf-8"), name=path.stem, path=path)
    assert refused.value.line == line and words in str(refused.value)
    assert "known keys: 'title', 'description', 'date'" in str(refused.value)
EPOCH = "1724112000"
"""The fixed build date the other tests use (``SOURCE_DATE_EPOCH``)."""

UNACCENT = str.maketrans("àèïöüÿÀÈÏÖÜŸ", "aeiouyAEIOUY")
"""Undoes :func:`tests.pseudo.pseudo` on text it changed (alt texts, titles)."""

WORD = re.compile(r"[^\W_]+")
ADDRESS = re.compile(r"(?:https?|ftp)://[^\s<>]+|www\.[^\s<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
"""A bare web or e-mail address in text, which is kept as written like a link's."""
SPACED = re.compile(r"[^\u0e00-\u0eff\u2e80-\U0010ffff]+")
"""A run of characters of scripts that space their words (below Thai, or between Lao and
the CJK radicals): the rest are the scripts written without spaces."""
HEADING = re.compile(r"h[1-6]")
TEXT_ATTRIBUTES = ("alt", "title")
"""Attributes whose values readers see (as alt text or tooltip): translated text."""
INVISIBLE = ("script", "style", "template")
"""Elements whose content no reader sees."""
BLOCKS = frozenset({"address", "article", "aside", "blockquote", "br", "dd", "details", "div",
                    "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
                    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "picture", "pre",
                    "section", "summary", "table", "td", "th", "tr", "ul"})
"""Elements that end a word: text on either side of them is never one word."""
NOTE = re.compile(r"<!--\s*i18n:.*-->", re.DOTALL)
"""A note to translators (``<!-- i18n: … -->``), which no output shows."""
SHOWN = 6
"""How many differences a failure message lists; the count says how many more there are."""


def test_the_corpus_is_there() -> None:
    """The parametrised tests below would pass vacuously on an empty folder."""
    assert len(DOCUMENTS) >= 32, f"only {len(DOCUMENTS)} documents in {CORPUS}"
    sources = (CORPUS / "SOURCES.md").read_text(encoding="utf-8")
    unlisted = [path.name for path in DOCUMENTS if f"`{path.name}`" not in sources]
    assert not unlisted, f"documents with no source or licence in SOURCES.md: {unlisted}"


# -- reading HTML ---------------------------------------------------------------------------


Event = tuple[str, str]
"""``("tag", "<a href=…>")``, ``("tag", "</a>")``, ``("tag", "<!--…-->")`` or ``("text", run)``."""


class _Events(HTMLParser):
    """HTML as a list of events: a start tag with its attributes, an end tag, a comment,
    and (when *text*) a run of text, white space collapsed."""

    def __init__(self, *, text: bool, attribute: Callable[[str, str, str], str | None]) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.attribute = attribute
        self.events: list[Event] = []
        self.pending: list[str] = []

    def _flush(self) -> None:
        if self.pending:
            run = " ".join("".join(self.pending).split())
            self.pending = []
            if run and self.text:
                self.events.append(("text", run))

    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], end: str) -> None:
        self._flush()
        kept = []
        for name, value in sorted(attrs, key=lambda pair: pair[0]):
            shown = self.attribute(tag, name, value or "")
            if shown is not None:
                kept.append(f' {name}="{shown}"')
        self.events.append(("tag", f"<{tag}{''.join(kept)}{end}>"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, attrs, " /")

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        self.events.append(("tag", f"</{tag}>"))

    def handle_comment(self, data: str) -> None:
        self._flush()
        self.events.append(("tag", f"<!--{data}-->"))

    def handle_data(self, data: str) -> None:
        self.pending.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _structure_attribute(tag: str, name: str, value: str) -> str | None:
    """An attribute as the structure comparison sees it: heading ids (which appeal adds)
    left out, alt texts and titles with the pseudo-translation undone."""
    if name == "id" and HEADING.fullmatch(tag):
        return None
    if name in TEXT_ATTRIBUTES:
        return value.translate(UNACCENT)
    return value


def _page_attribute(tag: str, name: str, value: str) -> str | None:
    """An attribute as the Markdown-against-page comparison sees it: only heading ids
    (which the Markdown cannot carry) left out."""
    if name == "id" and HEADING.fullmatch(tag):
        return None
    return value


def events(markup: str, *, text: bool,
           attribute: Callable[[str, str, str], str | None]) -> list[Event]:
    """The events of *markup*; see :class:`_Events`."""
    parser = _Events(text=text, attribute=attribute)
    parser.feed(markup)
    parser.close()
    return parser.events


class Piece(NamedTuple):
    """The HTML of one token of a document, and where in the Markdown it comes from."""

    token: Token
    html: str
    first: int
    """1-based line of the block the token belongs to (a closing token: the block before)."""
    last: int
    """The block's last line."""


def pieces(md: MarkdownIt, tokens: Sequence[Token], env: dict[str, Any]) -> Iterable[Piece]:
    """The HTML of each block token, as the renderer writes it, with the lines of the
    Markdown block it comes from."""
    first = last = 1
    renderer = md.renderer
    assert isinstance(renderer, RendererHTML)
    for index, token in enumerate(tokens):
        if token.map:
            first, last = token.map[0] + 1, max(token.map[1], token.map[0] + 1)
        if token.type == "inline":
            piece = renderer.renderInline(token.children or [], md.options, env)
        elif token.type in renderer.rules:
            piece = renderer.rules[token.type](tokens, index, md.options, env)
        else:
            piece = renderer.renderToken(tokens, index, md.options, env)
        yield Piece(token, piece, first, last)


def located_events(md: MarkdownIt, tokens: Sequence[Token], env: dict[str, Any], *,
                   text: bool, attribute: Callable[[str, str, str], str | None]
                   ) -> tuple[list[Event], list[int]]:
    """The events of rendering *tokens*, and the Markdown line each comes from.

    Rendering block by block gives the events of rendering the whole, but for a run of
    text that two blocks continue (raw HTML blocks); it is joined as a whole parse joins it.
    """
    found: list[Event] = []
    lines: list[int] = []
    for piece in pieces(md, tokens, env):
        for event in events(piece.html, text=text, attribute=attribute):
            if event[0] == "text" and found and found[-1][0] == "text":
                found[-1] = ("text", f"{found[-1][1]} {event[1]}")
                continue
            found.append(event)
            lines.append(piece.first)
    return found, lines


def shown(found: Sequence[Event]) -> str:
    """Events as a failure message quotes them: tags as written, text in quotes."""
    return " ".join(repr(value) if kind == "text" else value for kind, value in found)


def differences(expected: list[Event], got: list[Event], lines: list[int],
                source: list[str], *, where: str,
                context: Callable[[int], str] | None = None) -> list[str]:
    """Each place where *got* departs from *expected*, as lines of a failure message.

    *lines* give the Markdown line of each event of the side named *where*, whose text
    *source* holds: the line quoted is the one to look at, and *context* may say more
    of it (the segment there and its translation).
    """
    matcher = SequenceMatcher(None, expected, got, autojunk=False)
    found = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        at = i1 if where == "expected" else j1
        span = lines or [1]
        line = span[min(at, len(span) - 1)]
        quoted = source[line - 1].strip() if 0 < line <= len(source) else ""
        more = context(line) if context else ""
        found.append(f"  line {line}: {_clip(quoted, 100)!r}\n"
                     f"    expected: {_clip(shown(expected[i1:i2]) or '(nothing)', 300)}\n"
                     f"    got:      {_clip(shown(got[j1:j2]) or '(nothing)', 300)}"
                     + (f"\n    {more}" if more else ""))
    return found


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def _report(found: list[str]) -> str:
    more = f"\n  … and {len(found) - SHOWN} more" if len(found) > SHOWN else ""
    return "\n".join(found[:SHOWN]) + more


# -- the documents, parsed and translated ---------------------------------------------------


@functools.cache
def source_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@functools.cache
def _parse(path: Path) -> Document | str:
    try:
        return parse_document(source_of(path), name=path.stem, path=path)
    except SourceError as exc:
        return str(exc)


def parsed(path: Path) -> Document:
    """The document parsed, or a failure saying that appeal refused it (the other checks
    cannot run on a document the tool will not read)."""
    document = _parse(path)
    if isinstance(document, str):
        pytest.fail(f"{path.name}: parse_document refused it: {document}", pytrace=False)
    return document


@functools.cache
def translated(path: Path) -> TranslatedDocument:
    """The document with every segment pseudo-translated."""
    return translate_document(parsed(path), pseudo, source_language="en")


def references(document: Document) -> dict[str, Any]:
    return {"references": dict(document.env.get("references", {}))}


def segment_at(document: Document, line: int) -> str:
    """The first segment of the block at 1-based *line*, and its pseudo-translation."""
    for slot in document.slots:
        if slot.segment.line == line:
            text = slot.segment.text
            return f"msgid {_clip(text, 120)!r}, translated {_clip(pseudo(text), 120)!r}"
    return ""


@pytest.mark.parametrize("path", DOCUMENTS, ids=[path.name for path in DOCUMENTS])
def test_parse_document_accepts_it(path: Path) -> None:
    """A document other tools publish is never refused: appeal reads it as CommonMark does.

    The reason a document is refused is the first thing its author sees, and the one
    thing that stops every other output of it.
    """
    document = _parse(path)
    if isinstance(document, str):
        pytest.fail(f"{path.name}: parse_document refused it: {document}", pytrace=False)


@pytest.mark.parametrize("path", DOCUMENTS, ids=[path.name for path in DOCUMENTS])
def test_translation_keeps_the_structure(path: Path) -> None:
    """Translating changes words, never markup.

    The translated page must have the tags and attributes of the source's own
    rendering, in the same order (text aside, and the heading ids appeal adds); and
    the translated Markdown, rendered again, must give that very page, text included,
    since sites that publish the Markdown show it to readers too.
    """
    document = parsed(path)
    out = translated(path)
    md = source_parser()
    source_lines = document.source.split("\n")
    expected, lines = located_events(md, document.tokens, references(document), text=False,
                                     attribute=_structure_attribute)
    got = events(out.html, text=False, attribute=_structure_attribute)
    problems = []
    found = differences(expected, got, lines, source_lines, where="expected",
                        context=functools.partial(segment_at, document))
    if found:
        problems.append(f"the translated page's tags differ from the source's rendering in "
                        f"{len(found)} places (source lines):\n{_report(found)}")
    tokens, env = reparsed(out.markdown)
    page = events(out.html, text=True, attribute=_page_attribute)
    again, again_lines = located_events(md, tokens, env, text=True, attribute=_page_attribute)
    found = differences(page, again, again_lines, out.markdown.split("\n"), where="got")
    if found:
        problems.append(f"the translated Markdown renders otherwise than the translated page "
                        f"in {len(found)} places (lines of the translated Markdown; expected "
                        f"is the page):\n{_report(found)}")
    if problems:
        pytest.fail(f"{path.name}: " + "\n".join(problems), pytrace=False)


def held_lines(document: Document) -> set[int]:
    """The 0-based source lines that hold a segment, which the translated Markdown rewrites:
    a block's lines, a table row, a front-matter key's line and its value's continuation."""
    held: set[int] = set()
    lines = document.source.split("\n")
    end = document.front_matter_lines[1]
    for slot in document.slots:
        if slot.part in ("title", "description"):
            first = slot.segment.line - 1
            following = (n for n in range(first + 1, end - 1)
                         if lines[n][:1] not in ("", " ", "\t"))
            held.update(range(first, next(following, end - 1)))
        else:
            held.update(range(slot.lines[0], max(slot.lines[1], slot.lines[0] + 1)))
    for token in document.tokens:
        if token.type == "html_block" and token.map and NOTE.fullmatch(token.content.strip()):
            held.update(range(*token.map))  # a note to translators, never published
    return held


@pytest.mark.parametrize("path", DOCUMENTS, ids=[path.name for path in DOCUMENTS])
def test_the_markdown_keeps_every_line_it_does_not_translate(path: Path) -> None:
    """The translated Markdown is the author's file with translations spliced in: every line
    that holds no segment (code, raw HTML, link definitions, front matter other than the
    title and description, blank lines) is there as written, in its order, so that the
    site that publishes it renders the author's layout.
    """
    document = parsed(path)
    out = translated(path)
    source = document.source.split("\n")
    written = out.markdown.split("\n")
    held = held_lines(document)
    at = 0
    lost = []
    for number, line in enumerate(source):
        if number in held:
            continue
        found = next((n for n in range(at, len(written)) if written[n] == line), None)
        if found is None:
            if line.strip():
                close = get_close_matches(line, written[at:at + 200], n=1, cutoff=0.5)
                instead = f", closest: {_clip(close[0], 100)!r}" if close else ""
                lost.append(f"  line {number + 1}: {_clip(line, 100)!r}{instead}")
            continue
        at = found + 1
    if lost:
        pytest.fail(f"{path.name}: {len(lost)} lines that hold no segment are not in the "
                    f"translated Markdown as written (in order):\n" + _report(lost),
                    pytrace=False)


# -- words ----------------------------------------------------------------------------------


def words(text: str) -> set[str]:
    """The words of *text*: runs of letters and digits holding at least one letter (an
    underscore, like any punctuation, ends a word: ``_Note_`` is emphasis around one)."""
    return {word for word in WORD.findall(text) if any(char.isalpha() for char in word)}


def ordered_words(text: str) -> list[str]:
    """The words of *text* in the order they come, as :func:`words` finds them."""
    return [word for word in WORD.findall(text) if any(char.isalpha() for char in word)]


def _unspaced(word: str) -> bool:
    """Whether *word* holds a script written without spaces (Han, kana, Hangul, Thai…),
    where a run of letters is a phrase that markup, or wrapping, may cut anywhere."""
    return SPACED.fullmatch(word) is None


def present(word: str, found: set[str], squeezed: str) -> bool:
    """Whether *word* is among *found*; one in a script without spaces is present when each
    of its runs of one kind of script is somewhere in *squeezed*, the text it should be in
    with white space removed (markup, wrapping and link numbers may cut it anywhere)."""
    if word in found:
        return True
    runs = [*SPACED.split(word), *SPACED.findall(word)]
    return _unspaced(word) and all(run in squeezed for run in runs if run)


def squeeze(text: str) -> str:
    return "".join(text.split())


class _Visible(HTMLParser):
    """What a reader of some HTML sees as text: the text outside scripts, styles and
    templates, then alt texts and titles; and apart, what is markup rather than text:
    every attribute value and every comment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attributes: list[str] = []
        self.markup: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in INVISIBLE:
            self.hidden += 1
        if tag in BLOCKS:
            self.text.append(" ")
        for name, value in attrs:
            if name in TEXT_ATTRIBUTES and value:
                self.attributes.append(value)
            self.markup.append(value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in INVISIBLE:
            self.hidden -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in INVISIBLE and self.hidden:
            self.hidden -= 1
        if tag in BLOCKS:
            self.text.append(" ")

    def handle_comment(self, data: str) -> None:
        self.markup.append(data)

    def handle_data(self, data: str) -> None:
        (self.markup if self.hidden else self.text).append(data)


class Seen(NamedTuple):
    """Some HTML as a reader and as a translator see it."""

    text: str
    """The text outside scripts, styles and templates, as written (``<b>s</b>ay`` is one
    word)."""
    attributes: str
    """Alt texts and titles."""
    markup: str
    """Every attribute value and comment, and the content of scripts and styles."""

    @property
    def visible(self) -> str:
        return f"{self.text} {self.attributes}"


def seen(markup: str) -> Seen:
    """See :class:`Seen`."""
    parser = _Visible()
    parser.feed(markup)
    parser.close()
    return Seen("".join(parser.text), " ".join(parser.attributes), " ".join(parser.markup))


def kept_as_written(token: Token) -> str:
    """The text of *token* that is kept as written on purpose: code spans and blocks, link
    and image addresses (the text of autolinks and bare addresses too), and the
    attributes and comments of raw HTML."""
    kept: list[str] = []
    if token.type in ("fence", "code_block"):
        kept.append(token.content)
    elif token.type == "html_block":
        kept.append(seen(token.content).markup)
    children = token.children or []
    for index, child in enumerate(children):
        if child.type == "code_inline":
            kept.append(child.content)
        elif child.type == "text":
            kept.extend(ADDRESS.findall(child.content))
        elif child.type == "html_inline":
            kept.append(seen(child.content).markup)
        elif child.type in ("link_open", "image"):
            kept.append(str(child.attrs.get("href") or child.attrs.get("src") or ""))
        if child.type == "link_open" and child.markup == "autolink" and index + 1 < len(children):
            kept.append(children[index + 1].content)
    return " ".join(kept)


def rendered(text: str, document: Document) -> Seen:
    """A msgid (or its translation) as the page shows it, reference links followed."""
    return seen(source_parser().renderInline(text, references(document)))


@pytest.mark.parametrize("path", DOCUMENTS, ids=[path.name for path in DOCUMENTS])
def test_no_word_of_the_source_is_lost(path: Path) -> None:
    """Every word a reader of the source sees reaches a translator.

    A word of a block (its text, alt texts and titles) must be in a msgid of that block
    (as written, or as the msgid renders: entities and escapes resolved), in a msgid of
    the lines no block holds (link reference definitions), or in a part of the block kept
    as written on purpose: code, an address, a comment or an attribute of raw HTML.
    Otherwise it stays in the source language in every translation, and no catalog,
    check or status page shows it missing.
    """
    document = parsed(path)
    covered = {line for token in document.tokens if token.map
               for line in range(token.map[0] + 1, token.map[1] + 1)}
    outside = " ".join(slot.segment.text for slot in document.slots
                       if slot.segment.line not in covered)
    lost: dict[int, dict[str, list[str]]] = {}
    for piece in pieces(source_parser(), document.tokens, references(document)):
        reader = seen(piece.html)
        if not words(reader.visible):
            continue
        local = [slot.segment.text for slot in document.slots
                 if piece.first <= slot.segment.line <= piece.last]
        offered = " ".join([*local, *(rendered(text, document).text for text in local),
                            outside, kept_as_written(piece.token)])
        known, squeezed = words(offered), squeeze(offered)
        for where, text in (("text", reader.text), ("alt text or title", reader.attributes)):
            missing = [word for word in dict.fromkeys(ordered_words(text))
                       if not present(word, known, squeezed)]
            if missing:
                lost.setdefault(piece.first, {}).setdefault(where, []).extend(missing)
    lines = document.source.split("\n")
    report = [f"  line {line} ({where}): {', '.join(map(repr, dict.fromkeys(found)))} in "
              f"{_clip(lines[line - 1].strip(), 100)!r}"
              for line, kinds in sorted(lost.items()) for where, found in kinds.items()]
    count = sum(len(found) for kinds in lost.values() for found in kinds.values())
    if lost:
        pytest.fail(f"{path.name}: {count} words of the source are in no msgid of their block "
                    f"and in no part kept as written, on {len(lost)} lines:\n" + _report(report),
                    pytrace=False)


CODE = re.compile(r"<code\b[^>]*>.*?</code>", re.DOTALL)


def translatable(text: str, document: Document) -> set[str]:
    """The words of msgid *text* a translator can translate: those a reader sees, but for
    code and addresses."""
    shown = seen(CODE.sub(" ", source_parser().renderInline(text, references(document))))
    return words(ADDRESS.sub(" ", shown.visible))


@pytest.mark.parametrize("path", DOCUMENTS, ids=[path.name for path in DOCUMENTS])
def test_every_msgid_has_words_to_translate(path: Path) -> None:
    """A msgid that is only code, addresses or markup (a table cell `` `sudo apt install
    fzf` ``, a list item that is a file name in backticks) gives a translator nothing
    to do but copy it, and counts as untranslated until someone does: it is no segment.
    """
    document = parsed(path)
    empty = [f"  line {slot.segment.line} ({slot.segment.kind}): {_clip(slot.segment.text, 100)!r}"
             for slot in document.slots
             if slot.part not in ("title", "description")
             and not translatable(slot.segment.text, document)]
    if empty:
        pytest.fail(f"{path.name}: {len(empty)} msgids hold no word to translate (only code, "
                    f"addresses or markup):\n" + _report(empty), pytrace=False)


def reparsed(markdown: str) -> tuple[list[Token], dict[str, Any]]:
    """The tokens and references of a Markdown output, read as appeal reads a source (a
    first ``---`` pair around Markdown is two thematic breaks, not front matter)."""
    again = parse_document(markdown, name="again")
    return list(again.tokens), dict(again.env)


@pytest.mark.parametrize("path", DOCUMENTS, ids=[path.name for path in DOCUMENTS])
def test_every_translated_word_reaches_every_output(path: Path) -> None:
    """What the translator wrote is what readers get, in every format.

    Each word the pseudo-translation changed (as the translation renders, so that
    ``**M**ark**d**own`` is one word) must be in the page (its text, an alt text or a
    title), the Markdown and the plain text; a front-matter title or description is
    checked in the Markdown, the one body output that carries it.
    """
    document = parsed(path)
    out = translated(path)
    md = source_parser()
    again = seen(md.renderer.render(reparsed(out.markdown)[0], md.options, {}))
    page = seen(out.html).visible
    outputs = {"HTML": page,
               "Markdown": f"{out.markdown} {html.unescape(out.markdown)} {again.visible}",
               "plain text": out.text}
    found = {name: (words(text), squeeze(text)) for name, text in outputs.items()}
    missing: dict[str, list[str]] = {name: [] for name in outputs}
    for slot in document.slots:
        segment = slot.segment
        front = slot.part in ("title", "description")
        if front:  # text for templates, where an entity shows as its character
            before = words(html.unescape(segment.text))
            after = words(html.unescape(pseudo(segment.text)))
        else:
            before = words(rendered(segment.text, document).visible)
            after = words(rendered(pseudo(segment.text), document).visible)
        changed = sorted(after - before)
        for name, (known, squeezed) in found.items():
            if front and name != "Markdown":
                continue
            if slot.part == "definition" and name == "plain text":
                continue  # a link's title is a tooltip: the plain text has none
            absent = [word for word in changed if not present(word, known, squeezed)]
            if absent:
                missing[name].append(
                    f"  line {segment.line} ({segment.kind}): {', '.join(map(repr, absent[:8]))}"
                    f"{' …' if len(absent) > 8 else ''} of msgid {_clip(segment.text, 90)!r}")
    report = [f"missing from the {name} ({len(lines)} segments):\n{_report(lines)}"
              for name, lines in missing.items() if lines]
    if report:
        pytest.fail(f"{path.name}: pseudo-translated words " + "\n".join(report), pytrace=False)


# -- one workspace of every document --------------------------------------------------------


def fill_catalog(path: Path) -> int:
    """Translate every entry with :func:`pseudo`, reviewed (not fuzzy), as a translator
    would; the number of entries."""
    catalog = polib.pofile(str(path), wrapwidth=76)
    for entry in catalog:
        entry.msgstr = pseudo(entry.msgid)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgid = None
    catalog.save()
    return len(catalog)


def expected_files(name: str, formats: Sequence[str]) -> list[str]:
    """The files a build writes for document *name*: each format's first file."""
    return [FORMATS[fmt].first_file(name) for fmt in formats]


def title_words(document: Document) -> tuple[str, set[str]]:
    """The title the pages show, as the source writes it (the front matter's, else the
    first heading's), and the words its pseudo-translation changed."""
    if "title" in document.front_matter:  # an entity in it shows as its character
        title = " ".join(str(document.front_matter["title"]).split())
        return title, words(html.unescape(pseudo(title))) - words(html.unescape(title))
    for slot in document.slots:
        if slot.segment.kind == "heading":
            title = slot.segment.text
            return title, (words(rendered(pseudo(title), document).text)
                           - words(rendered(title, document).text))
    return document.name, set()


def title_part(fmt: str, text: str) -> str:
    """Where a file of format *fmt* shows the document's title: the page's ``<title>``, the
    plain text's underlined first lines, the Markdown's front matter (or, without one,
    the whole file, whose first heading is the title), the first Telegram post."""
    if fmt == "html":
        found = re.search(r"<title>(.*?)</title>", text, re.DOTALL)
        return found[1] if found else ""
    if fmt == "txt":
        lines = text.split("\n")
        end = next((n for n, line in enumerate(lines) if re.fullmatch(r"=+", line)), 0)
        return "\n".join(lines[:end])
    if fmt == "md" and text.startswith("---\n"):
        front = text[:text.find("\n---\n", 4) + 1]
        if not breaks_around_markdown(front[4:]):
            return front
    return text


def test_one_workspace_of_every_document_builds_every_format(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A workspace of all the documents, every entry translated and reviewed, builds in
    every format: the build exits 0, writes every document in every format, each file
    shows the document's translated title, and each page every translation.

    A build that withholds a translation (a check refusing it) says so in its output, but
    the reader only sees English where the translator wrote Portuguese: the failure
    lists the segments and the build's own reasons. PDF is built too, which is most of
    the test's minute on two cores; its files are checked to be PDF, not read.
    """
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    formats = document_formats()
    documents = {path.name: source_of(path) for path in DOCUMENTS}
    root = write_workspace(tmp_path / "corpus", documents, languages=["pt_BR"],
                           project="Corpus", formats=formats)
    problems = []
    for command in ("extract", "update"):
        result = run_appeal("-C", root, command)
        if result.exit_code != 0:
            problems.append(f"appeal {command} exited {result.exit_code}:\n"
                            f"{_clip(result.output, 3000)}")
    catalog = root / "locales" / "pt_BR" / "LC_MESSAGES" / "messages.po"
    if not catalog.is_file():
        pytest.fail("\n".join([*problems, f"appeal update wrote no {catalog}"]), pytrace=False)
    entries = fill_catalog(catalog)
    if entries < 20 * len(documents):
        problems.append(f"{catalog}: {entries} entries for {len(documents)} documents")
    result = run_appeal("-C", root, "build")
    reasons = withholding_reasons(result.output, catalog)
    if result.exit_code != 0:
        errors = [line for line in result.output.split("\n")
                  if "error" in line and "published instead" not in line]
        problems.append(f"appeal build exited {result.exit_code}:\n"
                        + _clip("\n".join(errors), 3000))
    folder = root / "dist" / "pt_BR"
    missing = [f"  {file}" for path in DOCUMENTS for file in expected_files(path.stem, formats)
               if not (folder / file).is_file()]
    if missing:
        problems.append(f"{len(missing)} files missing under dist/pt_BR/:\n" + "\n".join(missing))
    untitled: list[str] = []
    withheld: list[str] = []
    for path in DOCUMENTS:
        document = _parse(path)
        if isinstance(document, str):
            continue
        title, wanted = title_words(document)
        for fmt in formats:
            file = folder / FORMATS[fmt].first_file(path.stem)
            if not file.is_file():
                continue
            if fmt == "pdf":
                if not file.read_bytes().startswith(b"%PDF-"):
                    untitled.append(f"  {file.name}: not a PDF")
                continue
            part = title_part(fmt, file.read_text(encoding="utf-8"))
            # Plain text is read as written; the others are markup, or (Markdown) may be.
            part = part if fmt == "txt" else f"{part} {html.unescape(part)}"
            shown = words(part)
            absent = sorted(wanted - shown)
            if absent:
                untitled.append(f"  {file.name}: {', '.join(map(repr, absent))} of the title "
                                f"{_clip(title, 80)!r}")
        page = folder / f"{path.stem}.html"
        if page.is_file():
            withheld.extend(_withheld(document, page.read_text(encoding="utf-8"), reasons))
    if untitled:
        problems.append(f"{len(untitled)} files without their translated title:\n"
                        + "\n".join(untitled))
    if withheld:
        kinds = Counter(said.split(":", 1)[0] if said else "no reason given"
                        for line in withheld for said in [line.partition(" — the build: ")[2]])
        problems.append(f"{len(withheld)} translations missing from the built pages ("
                        + ", ".join(f"{kind}: {count}" for kind, count in kinds.most_common())
                        + "):\n" + "\n".join(withheld[:40])
                        + (f"\n  … and {len(withheld) - 40} more" if len(withheld) > 40 else ""))
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


WITHHELD = re.compile(r"messages\.po:(\d+): error: (.*?) \(the source text is published instead\)")


def withholding_reasons(output: str, catalog: Path) -> dict[str, list[str]]:
    """What a build said when it published the source text instead of a translation
    (a check's error), by msgid: the build names the catalog's line."""
    entries = sorted((entry.linenum, entry.msgid)
                     for entry in polib.pofile(str(catalog), wrapwidth=76))
    found: dict[str, list[str]] = {}
    for line, reason in WITHHELD.findall(output):
        before = [msgid for start, msgid in entries if start <= int(line)]
        if before:
            found.setdefault(before[-1], []).append(reason)
    return found


def _withheld(document: Document, page: str, reasons: dict[str, list[str]]) -> list[str]:
    """The segments of *document* whose pseudo-translation the built *page* does not show,
    each with what the build said of it."""
    shown = seen(page)
    text, everything = f"{shown.visible}", html.unescape(page)
    known, squeezed = words(text), squeeze(text)
    everywhere = words(everything)
    found = []
    for slot in document.slots:
        segment = slot.segment
        if slot.part in ("title", "description"):
            changed = (words(html.unescape(pseudo(segment.text)))
                       - words(html.unescape(segment.text)))
            absent = sorted(changed - everywhere)
        else:
            changed = (words(rendered(pseudo(segment.text), document).visible)
                       - words(rendered(segment.text, document).visible))
            absent = [word for word in sorted(changed) if not present(word, known, squeezed)]
        if absent:
            said = "; ".join(dict.fromkeys(reasons.get(segment.text, [])))
            found.append(f"  {document.name}.html, line {segment.line} ({segment.kind}): "
                         f"{', '.join(map(repr, absent[:5]))} of msgid "
                         f"{_clip(segment.text, 70)!r}"
                         + (f" — the build: {_clip(said, 200)}" if said else ""))
    return found
