"""The review page, back-translation, and round trips through translators' tools."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import polib

from appeal.workspace import load_workspace
from tests.conftest import run_appeal

HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
CHANGED = ("At the moment, the SAC's main purpose is to support repressed "
           "political and trade union activists.")


def prepare(root: Path) -> None:
    for stage in ("extract", "update"):
        assert run_appeal("-C", root, stage).exit_code == 0
    po_path = load_workspace(root).po_path("es")
    po = polib.pofile(str(po_path), wrapwidth=76)
    po.find("Solidarity forever!").msgstr = HOSTILE + "¡Solidaridad para siempre!"
    draft = po.find(CHANGED)
    draft.msgstr = ("En este momento, el objetivo principal del CAS es apoyar a los activistas "
                    "políticos y sindicales reprimidos.")
    draft.flags.append("fuzzy")
    draft.tcomment = "appeal-draft: apertium eng→spa sha256:0123abcd"
    po.save()


def test_review_page_shows_entries_in_document_order(overriding_sample: Path) -> None:
    prepare(overriding_sample)
    result = run_appeal("-C", overriding_sample, "review", "--lang", "es")
    assert result.exit_code == 0, result.output
    page = (overriding_sample / "review/es.html").read_text(encoding="utf-8")
    lines = [int(n) for n in re.findall(r"content/appeal\.md:(\d+)", page)]
    assert lines == sorted(lines) and len(lines) > 10
    assert page.index('id="appeal"') < page.index('id="digest"') < page.index('id="chrome"')
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "<script" not in page and "<img" not in page
    assert "error: html:" in page
    # The planted draft's fingerprint does not match its text: a person edited it, so the
    # page no longer calls it the engine's.
    assert "state-draft" in page and ">edited draft<" in page
    assert "first drafted by apertium eng→spa" in page and ">machine draft<" not in page
    po_path = load_workspace(overriding_sample).po_path("es")
    po_text = po_path.read_text(encoding="utf-8").splitlines()
    number = po_text.index('msgid "Solidarity forever!"') + 1
    assert f"locales/es/LC_MESSAGES/messages.po:{number}<" in page


def test_changed_source_shows_word_diff(small_sample: Path) -> None:
    prepare(small_sample)
    ws = load_workspace(small_sample)
    po = polib.pofile(str(ws.po_path("es")), wrapwidth=76)
    po.find(CHANGED).flags.remove("fuzzy")
    po.save()
    doc = small_sample / "content/appeal.md"
    text = doc.read_text(encoding="utf-8")
    assert "support repressed" in text
    doc.write_text(text.replace("support repressed", "defend persecuted"), encoding="utf-8")
    assert run_appeal("-C", small_sample, "build", "--lang", "es").exit_code == 0
    entry = polib.pofile(str(ws.po_path("es"))).find(CHANGED.replace(
        "support repressed", "defend persecuted"))
    assert entry is not None and entry.fuzzy and entry.previous_msgid == CHANGED
    page = (small_sample / "review/es.html").read_text(encoding="utf-8")
    assert "<del>support repressed</del><ins>defend persecuted</ins>" in page
    row = page[page.index("<del>support repressed</del>"):]
    assert row.index('<span class="label state-outdated">outdated</span>') < row.index("</tr>")


def test_back_translation_with_apertium(small_sample: Path) -> None:
    prepare(small_sample)
    result = run_appeal("-C", small_sample, "review", "--lang", "es,ar", "--back-translate")
    assert result.exit_code == 0, result.output
    es = (small_sample / "review/es.html").read_text(encoding="utf-8")
    assert "Back-translation: apertium spa→eng" in es
    cells = re.findall(r'<td class="back"[^>]*><div class="text" lang="en">([^<]*)</div>', es)
    assert len(cells) == 2  # the two translated entries, nothing for untranslated ones
    assert "activists" in cells[0] and "Solidarity" in cells[1]
    ar = (small_sample / "review/ar.html").read_text(encoding="utf-8")
    assert "no engine" in ar
    po = load_workspace(small_sample).po_path("es").read_text(encoding="utf-8")
    assert "Solidarity!" not in po.split('msgid "Solidarity forever!"')[1][:200]


def test_msgcat_saved_catalog_round_trips_through_update(small_sample: Path) -> None:
    """A catalog saved by GNU gettext's writer (as Poedit's is) gets no spurious changes."""
    prepare(small_sample)
    ws = load_workspace(small_sample)
    assert run_appeal("-C", small_sample, "update").exit_code == 0
    path = ws.po_path("es")
    subprocess.run([shutil.which("msgcat") or "msgcat", "-o", str(path), str(path)], check=True)
    saved = path.read_bytes()
    result = run_appeal("-C", small_sample, "update", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert "unchanged: es" in result.output
    assert path.read_bytes() == saved
