"""Markdown a translator changed: what the identity round trip cannot see.

When a msgstr equals its msgid the source tokens are reused and the translation
is never parsed; these translations differ from their sources, through the
whole pipeline (``extract``, ``update``, a translator's catalog, ``check``,
``build``) in a workspace of a regional code (``pt_BR``) and one of a right-to-left
language (``ar``).
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from appeal.segments import extract_segments, parse_document, translate_document
from tests.conftest import run_appeal, write_workspace
from tests.pseudo import pseudo

GUIDE = """---
# The guide's own comment stays.
title: 'Reading guide' # so does this one
description: >
  How to read
  the appeal.
date: 2024-02-02T04:14:54-08:00
---

# The reading guide

[Read the guide][] first, then the [glossary] and the [full list][list].
Caf&eacute; &amp; 5 &lt; 6 &nbsp;here.

<p align="center">Share this appeal widely</p>

`make demo`

[https://example.org/guide](https://example.org/guide)

<https://example.org/bare> <br>

[Read the guide]: https://example.org/guide
[glossary]: https://example.org/glossary "Words we use"
[list]: https://example.org/list
"""

LANGUAGES = ["pt_BR", "ar"]
"""A regional code, and a right-to-left language."""


@pytest.fixture(params=LANGUAGES)
def workspace(request: pytest.FixtureRequest, tmp_path: Path,
              monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    root = write_workspace(tmp_path / "guide", {"guide.md": GUIDE}, languages=[request.param],
                           project="Guide")
    assert run_appeal("-C", root, "extract").exit_code == 0
    assert run_appeal("-C", root, "update").exit_code == 0
    return root


def language(root: Path) -> str:
    """The workspace's one target language."""
    (lang,) = [path.name for path in (root / "locales").iterdir() if path.is_dir()]
    return lang


def catalog(root: Path) -> polib.POFile:
    return polib.pofile(str(root / "locales" / language(root) / "LC_MESSAGES" /
                            "messages.po"))


def translate_all(root: Path, translate: object = pseudo) -> None:
    po = catalog(root)
    for entry in po:
        entry.msgstr = translate(entry.msgid)  # type: ignore[operator]
    po.save()


def build(root: Path) -> dict[str, str]:
    lang = language(root)
    result = run_appeal("-C", root, "build", "--lang", lang)
    assert result.exit_code == 0, result.output
    folder = root / "dist" / lang
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang.replace("_", "-")}" dir="{direction}">' in \
        (folder / "guide.html").read_text(encoding="utf-8")
    return {ext: (folder / f"guide.{ext}").read_text(encoding="utf-8")
            for ext in ("html", "md", "txt")}


def test_collapsed_and_shortcut_references_are_written_in_full(workspace: Path) -> None:
    ids = [entry.msgid for entry in catalog(workspace)]
    paragraph = next(msgid for msgid in ids if msgid.startswith("[Read"))
    assert paragraph.startswith("[Read the guide][Read the guide] first, then the "
                                "[glossary][glossary] and the [full list][list].")


def test_translated_reference_links_stay_links(workspace: Path) -> None:
    translate_all(workspace)
    out = build(workspace)
    assert '<a href="https://example.org/guide">Rèàd thè güïdè</a>' in out["html"]
    assert '<a href="https://example.org/glossary" title="Wörds wè üsè">glössàrÿ</a>' \
        in out["html"]
    assert "[Rèàd thè güïdè][Read the guide]" in out["md"]
    assert "[glössàrÿ][glossary]" in out["md"]
    assert '[glossary]: https://example.org/glossary "Wörds wè üsè"' in out["md"]


def test_a_translation_that_loses_a_reference_is_an_error(workspace: Path) -> None:
    """``[Lisez le guide][]`` names a definition that does not exist: a dead label."""
    po = catalog(workspace)
    entry = next(e for e in po if e.msgid.startswith("[Read"))
    entry.msgstr = entry.msgid.replace("[Read the guide][Read the guide]", "[Leia o guia][]")
    po.save()
    checked = run_appeal("-C", workspace, "check", "--lang", language(workspace))
    assert checked.exit_code == 1
    assert 'link target "[Read the guide]" missing in translation' in checked.output


def test_entities_for_letters_are_shown_as_letters(workspace: Path) -> None:
    paragraph = next(e.msgid for e in catalog(workspace) if e.msgid.startswith("[Read"))
    assert "Café &amp; 5 &lt; 6 &nbsp;here." in paragraph
    out = build(workspace)  # untranslated: the source as written
    assert "Caf&eacute;" in out["md"]


def test_nothing_without_words_is_offered(workspace: Path) -> None:
    ids = {entry.msgid for entry in catalog(workspace)}
    assert "`make demo`" not in ids
    assert "https://example.org/guide" not in ids
    assert not any("example.org/bare" in msgid for msgid in ids)


def test_an_html_block_is_translated_and_keeps_its_tags(workspace: Path) -> None:
    po = catalog(workspace)
    entry = po.find('<p align="center">Share this appeal widely</p>')
    assert entry is not None and "html block" in entry.comment
    translate_all(workspace)
    out = build(workspace)
    assert '<p align="center">Shàrè thïs àppèàl wïdèlÿ</p>' in out["html"]
    assert '<p align="center">Shàrè thïs àppèàl wïdèlÿ</p>' in out["md"]
    assert "Shàrè thïs àppèàl wïdèlÿ" in out["txt"] and "<p" not in out["txt"]


def test_tags_an_html_block_does_not_have_are_shown_as_text_and_reported(
        workspace: Path) -> None:
    po = catalog(workspace)
    entry = po.find('<p align="center">Share this appeal widely</p>')
    assert entry is not None
    entry.msgstr = '<p align="center">Compartilhe <script>x()</script></p>'
    po.save()
    checked = run_appeal("-C", workspace, "check", "--lang", language(workspace))
    assert checked.exit_code == 1
    assert 'raw HTML not in source: "<script>", "</script>"' in checked.output
    out = build(workspace)  # the entry is withheld: the source is shown
    assert "<script>" not in out["html"] and "<script>" not in out["md"]
    assert '<p align="center">Share this appeal widely</p>' in out["html"]
    doc = parse_document(GUIDE, name="guide")
    direct = translate_document(doc, {'<p align="center">Share this appeal widely</p>':
                                      entry.msgstr}.get, source_language="en")
    assert '<p align="center">Compartilhe &lt;script>x()&lt;/script></p>' in direct.html
    assert '<p align="center">Compartilhe &lt;script>x()&lt;/script></p>' in direct.markdown


def test_an_untranslated_html_block_is_in_the_plain_text(workspace: Path) -> None:
    assert "Share this appeal widely" in build(workspace)["txt"]


def test_the_markdown_keeps_the_front_matter_as_written(workspace: Path) -> None:
    translate_all(workspace)
    front = build(workspace)["md"].split("\n---\n", 1)[0]
    assert front == ("---\n"
                     "# The guide's own comment stays.\n"
                     "title: 'Rèàdïng güïdè' # so does this one\n"
                     "description: Höw tö rèàd thè àppèàl.\n"
                     "date: 2024-02-02T04:14:54-08:00")


def test_the_plain_text_has_the_title_once_and_keeps_a_different_first_heading(
        workspace: Path) -> None:
    translate_all(workspace)
    text = build(workspace)["txt"]
    assert text.count("Rèàdïng güïdè") == 1
    assert text.count("Thè rèàdïng güïdè") == 1


def test_without_front_matter_the_first_heading_is_the_title_once() -> None:
    doc = parse_document("# Free [them](https://example.org) now\n\nBody.\n", name="t")
    out = translate_document(doc, pseudo, source_language="en")
    assert out.text_body.count("Frèè") == 0 and "Bödÿ." in out.text_body
    assert out.text.count("Frèè") == 1


def test_link_and_image_titles_are_translatable() -> None:
    source = ('See [the list](https://example.org/l "The full list") and '
              '![a cell](cell.jpg "A prison cell").\n\n[id]: https://example.org "Its title"\n')
    doc = parse_document(source, name="t")
    ids = [segment.text for segment in extract_segments(doc)]
    assert ids[-1] == "Its title"
    table = {ids[0]: 'Veja [a lista](https://example.org/l "A lista completa") e '
                     '![uma cela](cell.jpg "Uma cela de prisão").',
             "Its title": "Seu título"}
    out = translate_document(doc, table.get, source_language="en")
    assert 'title="A lista completa"' in out.html and 'title="Uma cela de prisão"' in out.html
    assert '[id]: https://example.org "Seu título"' in out.markdown


def test_a_title_is_offered_when_it_is_the_only_word() -> None:
    """``![2024](photo.jpg "The rally")``: the alt text has no word, the title does."""
    doc = parse_document('![2024](photo.jpg "The rally")\n', name="t")
    assert [segment.text for segment in extract_segments(doc)] == \
        ['![2024](photo.jpg "The rally")']
    out = translate_document(doc, {'![2024](photo.jpg "The rally")':
                                   '![2024](photo.jpg "A manifestação")'}.get,
                             source_language="en")
    assert 'title="A manifestação"' in out.html
    assert '![2024](photo.jpg "A manifestação")' in out.markdown


def test_a_definition_s_title_does_not_make_its_wordless_links_segments() -> None:
    """``[2024][]`` takes its title from ``[2024]: … "Reference title"``, which is a
    segment of its own: the link's text, a number, is not offered."""
    doc = parse_document('## [2024][]\n\n[2024]: https://example.org/r "Reference title"\n',
                         name="t")
    assert [segment.text for segment in extract_segments(doc)] == ["Reference title"]
