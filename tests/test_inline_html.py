"""Inline HTML of the source survives a translation that keeps it, and only that HTML.

A translator keeping ``<kbd>Ctrl</kbd>`` used to get ``&lt;kbd&gt;`` on the
page and in the Markdown, and the literal tags in the plain text, while the
identity round trip (msgstr = msgid) never parsed the translation at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

from tests.conftest import run_appeal, write_workspace

DOCUMENT = """---
title: Keyboard help
---

Press <kbd>Ctrl</kbd> and <kbd>S</kbd> to save H<sub>2</sub>O notes.<br>Then close.

| Key | Action |
|---|---|
| <kbd>Esc</kbd> | Leave the editor |
"""
KEEPING = {
    "Press <kbd>Ctrl</kbd>": "Appuyez sur <kbd>Ctrl</kbd> et <kbd>S</kbd> pour enregistrer "
                             "les notes H<sub>2</sub>O.<br>Puis fermez.",
    "<kbd>Esc</kbd>": "<kbd>Échap</kbd>",
    "Leave the editor": "Quitter l'éditeur",
}


LANGUAGES = ["fr", "pt_BR", "ar"]
"""A bare code, a regional one and a right-to-left language."""


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    root = write_workspace(tmp_path / "help", {"keys.md": DOCUMENT}, languages=LANGUAGES,
                           project="Help")
    assert run_appeal("-C", root, "extract").exit_code == 0
    assert run_appeal("-C", root, "update").exit_code == 0
    return root


def translate(root: Path, table: dict[str, str], lang: str = "fr") -> None:
    path = root / "locales" / lang / "LC_MESSAGES" / "messages.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        for prefix, text in table.items():
            if entry.msgid.startswith(prefix):
                entry.msgstr = text
    catalog.save()


def outputs(root: Path, lang: str = "fr") -> tuple[str, str, str]:
    result = run_appeal("-C", root, "build", "--lang", lang)
    assert result.exit_code == 0, result.output
    folder = root / "dist" / lang
    return tuple(  # type: ignore[return-value]
        (folder / f"keys.{ext}").read_text(encoding="utf-8") for ext in ("html", "md", "txt"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_kept_tags_stay_tags_in_every_format(workspace: Path, lang: str) -> None:
    translate(workspace, KEEPING, lang)
    checked = run_appeal("-C", workspace, "check", "--lang", lang)
    assert "error:" not in checked.output, checked.output
    page, markdown, text = outputs(workspace, lang)
    direction = "rtl" if lang == "ar" else "ltr"
    assert f'<html lang="{lang.replace("_", "-")}" dir="{direction}">' in page
    assert "Appuyez sur <kbd>Ctrl</kbd> et <kbd>S</kbd>" in page
    assert "H<sub>2</sub>O.<br>Puis fermez." in page
    assert "<td><kbd>Échap</kbd></td>" in page
    assert "&lt;kbd" not in page and "&lt;kbd" not in markdown
    assert "Appuyez sur <kbd>Ctrl</kbd> et <kbd>S</kbd>" in markdown
    assert "| <kbd>Échap</kbd> | Quitter l'éditeur |" in markdown
    assert "Appuyez sur Ctrl et S pour enregistrer les notes H2O." in " ".join(text.split())
    assert "<kbd>" not in text and "<br>" not in text


def test_tags_the_source_lacks_stay_text_and_are_reported(workspace: Path) -> None:
    translate(workspace, {"Press <kbd>Ctrl</kbd>": "Appuyez sur <kbd>Ctrl</kbd> et <kbd>S</kbd> "
                          "<script>alert(1)</script>pour <b>enregistrer</b> H<sub>2</sub>O."
                          "<br>Puis fermez."})
    checked = run_appeal("-C", workspace, "check", "--lang", "fr")
    assert 'raw HTML not in source: "<script>", "</script>", "<b>", "</b>"' in checked.output
    page, _, _ = outputs(workspace)
    assert "<script>" not in page and "Press <kbd>Ctrl</kbd>" in page  # withheld: the source
    # Silenced (the worst case), the translation is published: the author's tags live,
    # the others as text, in the page and in the Markdown.
    path = workspace / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    catalog = polib.pofile(str(path))
    next(e for e in catalog if e.msgid.startswith("Press")).flags.append("appeal-ignore-html")
    catalog.save()
    page, markdown, _ = outputs(workspace)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert "&lt;b&gt;enregistrer&lt;/b&gt;" in page and "Appuyez sur <kbd>Ctrl</kbd>" in page
    assert "&lt;script>alert(1)&lt;/script>" in markdown
    assert "Appuyez sur <kbd>Ctrl</kbd>" in markdown


def test_lost_tags_are_reported(workspace: Path) -> None:
    translate(workspace, {"Press <kbd>Ctrl</kbd>": "Appuyez sur Ctrl et <kbd>S</kbd> pour "
                          "enregistrer les notes H<sub>2</sub>O.<br>Puis fermez."})
    checked = run_appeal("-C", workspace, "check", "--lang", "fr")
    assert 'inline HTML of the source missing in translation: "<kbd>", "</kbd>"' in \
        checked.output, checked.output


def test_a_link_hidden_behind_a_control_character_is_refused_everywhere(
        workspace: Path) -> None:
    """``[x](\\x01javascript:…)``: markdown-it would percent-encode it, but Python-Markdown
    (MkDocs, Pelican) drops the control character and runs the script; the check reports
    it, and even silenced it reaches neither the page nor the Markdown."""
    hostile = ("Appuyez sur <kbd>Ctrl</kbd> et <kbd>S</kbd> pour [enregistrer]"
               "(\x01javascript:alert(1)) H<sub>2</sub>O.<br>Puis fermez.")
    translate(workspace, {"Press <kbd>Ctrl</kbd>": hostile})
    checked = run_appeal("-C", workspace, "check", "--lang", "fr")
    assert "unsafe link" in checked.output, checked.output
    path = workspace / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    catalog = polib.pofile(str(path))
    next(e for e in catalog if e.msgid.startswith("Press")).flags.append("appeal-ignore-html")
    catalog.save()
    page, markdown, _ = outputs(workspace)
    assert not re.search(r'href="[^"]*javascript', page, re.IGNORECASE)  # text at most
    assert "javascript" not in markdown.lower() and "[enregistrer](#)" in markdown
