"""A ``%`` in Markdown prose is text: no format flag, no placeholder check, no refusal.

Babel flags every message holding a ``%`` as ``python-format``; on prose that
made ``msgfmt --check`` and appeal's placeholders check refuse correct
translations ("100 %"), and even the original (a link's ``%22``), so the page
silently showed the source. Translations here differ from their sources.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import polib
import pytest

from appeal.catalogs import Entry
from appeal.checks.runner import make_entry, run_checks, selected_checks
from tests.conftest import msgfmt_check, require_tool, run_appeal, write_workspace

DOCUMENT = """---
title: The fund's report
---

We are 100% sure.

See [the query](https://example.org/?q=%22strike%22) and `${var%suffix}` here.

Only 5%-10% of the members voted against.
"""
TEMPLATE = """<p>{% trans n=3 %}{{ n }} days left{% endtrans %}</p>
{{ content }}
"""
FRENCH = {
    "We are 100% sure.": "Nous en sommes sûrs à 100 %.",
    "See [the query]": "Voir [la requête](https://example.org/?q=%22strike%22) et "
                       "`${var%suffix}` ici.",
    "Only 5%-10%": "Seuls 5 à 10 % des membres ont voté contre.",
}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    root = write_workspace(tmp_path / "fund", {"report.md": DOCUMENT}, languages=["fr"],
                           project="Fund", templates={"extra.html.j2": TEMPLATE})
    assert run_appeal("-C", root, "extract").exit_code == 0
    assert run_appeal("-C", root, "update").exit_code == 0
    return root


def test_prose_gets_no_format_flag_and_templates_keep_theirs(workspace: Path) -> None:
    template = polib.pofile(str(workspace / "locales" / "messages.pot"))
    prose = [entry for entry in template if "%" in entry.msgid and
             all(path.endswith(".md") for path, _ in entry.occurrences)]
    assert len(prose) == 3
    for entry in prose:
        assert not {"python-format", "python-brace-format"} & set(entry.flags), entry.msgid
    days = next(entry for entry in template if entry.msgid == "%(n)s days left")
    assert "python-format" in days.flags


def test_correct_translations_pass_every_check_and_are_published(workspace: Path) -> None:
    require_tool("msgfmt", "gettext")
    path = workspace / "locales" / "fr" / "LC_MESSAGES" / "messages.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        for prefix, text in FRENCH.items():
            if entry.msgid.startswith(prefix):
                entry.msgstr = text
    catalog.save()
    msgfmt_check(path)
    checked = run_appeal("-C", workspace, "check", "--lang", "fr")
    assert "placeholders" not in checked.output, checked.output
    built = run_appeal("-C", workspace, "build", "--lang", "fr")
    assert built.exit_code == 0, built.output
    page = (workspace / "dist" / "fr" / "report.html").read_text(encoding="utf-8")
    assert "Nous en sommes sûrs à 100 %." in page
    assert "la requête" in page and "Seuls 5 à 10 %" in page
    assert "We are 100% sure." not in page


def test_a_pybabel_template_with_guessed_flags_is_not_held_to_placeholders() -> None:
    """A catalog made by ``pybabel extract`` carries Babel's guess; the checks see past it
    for Markdown entries, and keep it for a template's."""
    guessed = frozenset({"python-format"})
    prose = Entry("We are 100% sure.", ("Nous en sommes sûrs à 100 %.",), flags=guessed,
                  locations=(("content/report.md", 5),))
    chrome = prose.replace(locations=(("templates/page.html.j2", 3),))
    checks = selected_checks(["placeholders"])

    def found(entry: Entry) -> list[str]:
        checked = make_entry(entry, language="fr", source_language="en", nplurals=2)
        return [p.message for p in run_checks(checked, checks, path=None, line=None,
                                               draft=False)]

    assert found(prose) == []
    assert found(chrome)  # "% s" in a template is a conversion; "%." is not


def test_gettext_refused_the_guessed_flag_on_a_correct_translation(tmp_path: Path) -> None:
    """Why the flag must go: with it, GNU msgfmt itself refuses the French translation."""
    require_tool("msgfmt", "gettext")
    po = tmp_path / "fr.po"
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  '#, python-format\nmsgid "We are 100% sure."\n'
                  'msgstr "Nous en sommes sûrs à 100 %."\n', encoding="utf-8")
    proc = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode != 0
