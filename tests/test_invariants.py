"""Invariants of the whole pipeline on the sample: identity round trip, strict bad input."""

from __future__ import annotations

import html.parser
import re
from pathlib import Path

import polib
import pytest
from markdown_it import MarkdownIt

from appeal.workspace import load_workspace
from tests.conftest import msgfmt_check, run_appeal


class MainExtractor(html.parser.HTMLParser):
    """Collects the markup inside <main>, tags and text, without interpreting it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.depth += 1
            return
        if self.depth:
            kept = sorted((k, v) for k, v in attrs if k not in ("id",))
            self.parts.append(f"<{tag}{''.join(f' {k}={v!r}' for k, v in kept)}>")

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth -= 1
        elif self.depth:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")


def normalised(markup: str) -> str:
    """Markup as a tag/text sequence with whitespace runs collapsed."""
    parser = MainExtractor()
    parser.depth = 1 if "<main" not in markup else 0
    parser.feed(markup)
    return re.sub(r"\s+", " ", "".join(parser.parts)).strip()


def source_html(path: Path) -> str:
    """The document rendered straight from its Markdown, the way any reader would."""
    from mdit_py_plugins.attrs import attrs_block_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = (MarkdownIt("commonmark", {"html": True}).enable("table")
          .use(front_matter_plugin).use(attrs_block_plugin))
    return md.render(path.read_text(encoding="utf-8"))


def fill_identity(po_path: Path) -> None:
    po = polib.pofile(str(po_path))
    for entry in po:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.save()


def test_identity_catalog_reproduces_the_source(small_sample: Path) -> None:
    assert run_appeal("-C", small_sample, "build").exit_code == 0
    ws = load_workspace(small_sample)
    fill_identity(ws.po_path("de"))
    result = run_appeal("-C", small_sample, "build", "--lang", "de")
    assert result.exit_code == 0, result.output
    for doc in ws.documents():
        page = (small_sample / "dist/de" / f"{doc.stem}.html").read_text(encoding="utf-8")
        assert normalised(page) == normalised(source_html(doc))
        rendered_md = (small_sample / "dist/de" / f"{doc.stem}.md")
        assert normalised(source_html(rendered_md)) == normalised(source_html(doc))


BAD_CATALOGS = {
    "unterminated-string": (b'msgid "a"\nmsgstr "b\n', 2),
    "bad-escape": (b'msgid "a"\nmsgstr "b\\q"\n', 2),
    "wrong-charset": (
        b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        b'msgid "a"\nmsgstr "\xe9t\xe9"\n', 6),
}


@pytest.mark.parametrize("case", sorted(BAD_CATALOGS))
def test_malformed_catalog_names_file_and_line(small_sample: Path, case: str) -> None:
    assert run_appeal("-C", small_sample, "build").exit_code == 0
    ws = load_workspace(small_sample)
    content, line = BAD_CATALOGS[case]
    ws.po_path("ar").write_bytes(content)
    result = run_appeal("-C", small_sample, "build", "--force")
    assert result.exit_code == 1
    assert f"{ws.po_path('ar')}:{line}:" in result.output, result.output
    assert ws.po_path("ar").read_bytes() == content
    for lang in ("es", "de"):
        msgfmt_check(ws.po_path(lang))
        assert (small_sample / "dist" / lang / "digest.html").exists()
