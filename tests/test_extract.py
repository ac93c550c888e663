"""The Babel extractor and the template: the same result as ``pybabel extract -F babel.cfg``."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog as BabelCatalog
from babel.messages.pofile import read_po

from appeal.catalogs import Catalog, Location
from appeal.errors import SourceError
from appeal.extract import build_template, extract_markdown
from appeal.workspace import load_workspace

PYBABEL = Path(sys.executable).with_name("pybabel")
REPO = Path(__file__).resolve().parent.parent

BABEL_CFG = """\
[markdown: content/**.md]

[jinja2: templates/**.j2]
extensions = jinja2.ext.i18n
silent = false
trimmed = true
"""


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "appeal.toml").write_text(
        '[appeal]\nproject = "Solidarity appeal"\nsource_language = "en"\n'
        'languages = ["uk"]\n', encoding="utf-8")
    (tmp_path / "babel.cfg").write_text(BABEL_CFG, encoding="utf-8")
    content = tmp_path / "content"
    content.mkdir()
    (content / "b.md").write_text("---\ntitle: Second\n---\n\n# Shared\n\nOnly in b.\n",
                                  encoding="utf-8")
    (content / "a.md").write_text(
        "# Shared\n\n<!-- i18n: a note -->\nFirst *para*\nwrapped.\n\n{lang=uk}\n> Вірш\n",
        encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html.j2").write_text(
        "<footer>{% trans %}Made with\n    care{% endtrans %} {{ _('Home') }}</footer>\n",
        encoding="utf-8")
    return tmp_path


Summary = list[tuple[str, list[Location], tuple[str, ...]]]


def _entries(catalog: Catalog) -> Summary:
    return [(e.id, sorted(e.locations), e.extracted_comments) for e in catalog]


def _babel_entries(catalog: BabelCatalog) -> Summary:
    return [(m.id, sorted(m.locations), tuple(m.auto_comments)) for m in catalog if m.id]


def test_extractor_follows_babels_protocol() -> None:
    source = b"# Title\n\nBody text.\n"
    got = list(extract_markdown(io.BytesIO(source), ["_"], [], {}))
    assert got == [(1, None, "Title", ["heading"]), (3, None, "Body text.", ["paragraph"])]


def test_extractor_refuses_bad_encoding() -> None:
    with pytest.raises(SourceError, match="not valid utf-8"):
        list(extract_markdown(io.BytesIO(b"caf\xe9\n"), [], [], {}))
    latin = list(extract_markdown(io.BytesIO(b"caf\xe9\n"), [], [], {"encoding": "latin-1"}))
    assert latin[0][2] == "café"


def test_template_equals_pybabel_extract(workspace: Path) -> None:
    subprocess.run([str(PYBABEL), "-q", "extract", "-F", "babel.cfg", "-o", "x.pot", "."],
                   cwd=workspace, check=True, capture_output=True)
    with (workspace / "x.pot").open("rb") as handle:
        expected = read_po(handle)
    template = build_template(load_workspace(workspace))
    assert _entries(template) == _babel_entries(expected)
    assert [e.id for e in template] == [m.id for m in expected if m.id]
    assert template.header.get("Project-Id-Version") == "Solidarity appeal VERSION"
    assert template.header.comments[0] == "Translations template for Solidarity appeal."


def test_template_merges_identical_text_and_keeps_notes(workspace: Path) -> None:
    template = build_template(load_workspace(workspace))
    shared = template.get("Shared")
    assert shared is not None
    assert shared.locations == (("content/a.md", 1), ("content/b.md", 5))
    para = template.get("First *para* wrapped.")
    assert para is not None and para.extracted_comments == ("paragraph", "a note")
    assert all("Вірш" not in e.id for e in template)
    assert template.entries[0].id == "Shared"


def test_template_extracts_jinja_trans(workspace: Path) -> None:
    template = build_template(load_workspace(workspace))
    made = template.get("Made with care")
    assert made is not None and made.locations == (("templates/page.html.j2", 1),)
    assert template.get("Home") is not None


def test_jinja_syntax_error_is_not_silent(workspace: Path) -> None:
    (workspace / "templates" / "broken.j2").write_text("{% trans %}oops\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        build_template(load_workspace(workspace))
    assert caught.value.path == Path("templates/broken.j2") and caught.value.line == 1


def test_broken_front_matter_stops_the_template(workspace: Path) -> None:
    ws = load_workspace(workspace)
    (ws.content / "c.md").write_text("---\ntitle: Third\ndate: soon\n---\n\nText.\n",
                                     encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        build_template(ws)
    assert (caught.value.path, caught.value.line) == (ws.content / "c.md", 3)
    assert caught.value.message == "front matter 'date' must be a date like 2024-05-31, not 'soon'"


def test_extractor_refuses_broken_front_matter() -> None:
    with pytest.raises(SourceError) as caught:
        list(extract_markdown(io.BytesIO(b"---\ntitle: A\ndescrption: B\n---\n"), [], [], {}))
    assert caught.value.line == 3
    assert str(caught.value) == "unknown key 'descrption' (did you mean 'description'?)"


def test_extractor_reads_front_matter_after_a_byte_order_mark() -> None:
    source = "\ufeff---\ntitle: Привіт\n---\n\nBody.\n".encode()
    got = list(extract_markdown(io.BytesIO(source), [], [], {}))
    assert got == [(2, None, "Привіт", ["title"]), (5, None, "Body.", ["paragraph"])]


def test_sample_content_segments() -> None:
    messages = []
    for path in sorted((REPO / "content").glob("*.md")):
        with path.open("rb") as handle:
            messages.extend(extract_markdown(handle, [], [], {}))
    assert messages and all(text.strip() for _, _, text, _ in messages)
    assert not any("Поховайте" in text or "Кайдани" in text for _, _, text, _ in messages)
    assert {comments[0] for _, _, _, comments in messages} >= {"title", "heading", "paragraph"}
