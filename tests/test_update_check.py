"""``appeal update`` brings the template and the catalogs up to date with the content, and
``appeal update --check`` says, writing nothing, whether it would change a file."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from appeal.catalogs import read_catalog
from appeal.workspace import load_workspace
from tests.conftest import run_appeal, write_workspace

POT = "locales/messages.pot"
DE = "locales/de/LC_MESSAGES/messages.po"
ES = "locales/es/LC_MESSAGES/messages.po"


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and mtime of every file in the workspace, the runner's own included."""
    return {str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(root.rglob("*")) if path.is_file()}


def check(root: Path, *args: str) -> tuple[int, str]:
    result = run_appeal("-C", root, "update", "--check", *args)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def drop_entry(catalog: Path, msgid: str) -> None:
    """Delete an entry as a hand edit might; ``appeal update`` would bring it back."""
    text = catalog.read_text(encoding="utf-8")
    start = text.index(f"msgid {msgid!r}".replace("'", '"'))
    start = text.rindex("\n\n", 0, start) + 2
    catalog.write_text(text[:start] + text[text.index("\n\n", start) + 2:], encoding="utf-8")


@pytest.fixture
def updated(small_sample: Path) -> Path:
    result = run_appeal("-C", small_sample, "update")
    assert result.exit_code == 0, result.output
    assert f"extracted {POT}" in result.output and "created: es, de, ar" in result.output
    return small_sample


def test_up_to_date_exits_0(updated: Path) -> None:
    code, output = check(updated)
    assert code == 0, output
    assert f"up to date: {POT} and 3 catalogs" in output


def test_edited_content_names_the_template_and_the_catalogs_and_writes_nothing(
        updated: Path) -> None:
    edit(updated / "content" / "appeal.md", "reestablished in 2022", "re-established in 2022")
    before = snapshot(updated)
    code, output = check(updated)
    assert code == 1
    assert f"{POT}: older than content/appeal.md" in output
    for name in (ES, DE):
        assert f"{name}: 2 entries would change" in output
    assert "4 files out of date; `appeal update` would write them" in output
    assert snapshot(updated) == before
    result = run_appeal("-C", updated, "update")
    assert result.exit_code == 0, result.output
    assert f"extracted {POT}" in result.output and "updated: es, de, ar" in result.output
    assert check(updated)[0] == 0


def test_a_catalog_edited_by_hand_is_named_alone(updated: Path) -> None:
    drop_entry(updated / DE, "Solidarity forever!")
    code, output = check(updated)
    assert code == 1
    assert output.splitlines()[0] == f"{DE}: 1 entry would change"
    assert ES not in output and POT not in output
    quiet = run_appeal("-C", updated, "-q", "update", "--check")
    assert (quiet.exit_code, quiet.output) == (1, f"{DE}: 1 entry would change\n")
    assert check(updated, "--lang", "es")[0] == 0


def test_a_catalog_written_another_way_would_be_rewritten(updated: Path) -> None:
    de = updated / DE
    de.write_bytes(de.read_bytes().replace(b'"\n"', b""))  # every string on one line
    code, output = check(updated)
    assert code == 1
    assert f"{DE}: would be rewritten as GNU gettext writes it" in output


def test_a_byte_order_mark_and_crlf_ends_are_named(updated: Path) -> None:
    de = updated / DE
    de.write_bytes(codecs.BOM_UTF8 + de.read_bytes().replace(b"\n", b"\r\n"))
    code, output = check(updated)
    assert code == 1
    assert (f"{DE}: would be rewritten as GNU gettext writes it (a byte-order mark and CRLF "
            "line ends dropped)") in output


def test_a_broken_catalog_is_named_with_its_line_and_the_others_are_checked(
        updated: Path) -> None:
    ws = load_workspace(updated)
    broken = ws.po_path("es")
    broken.write_bytes(broken.read_bytes() + b'\nmsgid "x"\nmsgstr "unterminated\n')
    line = broken.read_bytes().count(b"\n")
    drop_entry(updated / DE, "Solidarity forever!")
    code, output = check(updated)
    assert code == 1
    assert f"appeal: error: {broken}:{line}: " in output, output
    assert f"{DE}: 1 entry would change" in output
    assert f"{POT}:" not in output


def test_a_missing_catalog_would_be_created(updated: Path) -> None:
    (updated / DE).unlink()
    code, output = check(updated)
    assert code == 1 and f"{DE}: would be created" in output
    assert not (updated / DE).exists()


def test_a_broken_document_is_named_and_its_entries_kept(updated: Path) -> None:
    (updated / "content" / "extra.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n",
                                                 encoding="utf-8")
    code, output = check(updated)
    assert code == 1
    assert "content/extra.md:2: " in output, output
    assert f"{POT}:" not in output


def test_a_later_day_changes_no_date(updated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The template keeps its date while its messages stay, and the catalogs take that date
    too, even when a document was touched and a catalog edited meanwhile."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1724112000 + 86400 * 30))
    document = updated / "content" / "appeal.md"
    os.utime(document, ns=(document.stat().st_atime_ns, document.stat().st_mtime_ns + 10**9))
    edit(updated / DE, 'msgid "Solidarity forever!"\nmsgstr ""',
         'msgid "Solidarity forever!"\nmsgstr "Solidarität für immer!"')
    assert check(updated)[0] == 0
    result = run_appeal("-C", updated, "update")
    assert result.exit_code == 0, result.output
    assert "unchanged: es, de, ar" in result.output
    ws = load_workspace(updated)
    dates = {read_catalog(path).header.get("POT-Creation-Date")
             for path in (ws.pot_path, *(ws.po_path(lang) for lang in ws.languages))}
    assert dates == {"2024-08-20 00:00+0000"}


CAMPAIGN = """# Free the dockworkers of Santos

Three dockworkers were arrested on 4 March for organising a strike.

1. Write to the port authority.
2. Share [the petition](https://example.org/petition).

| Name | Held since |
|---|---|
| João Lima | 4 March |
"""


def test_a_second_workspace_with_regional_and_rtl_codes(tmp_path: Path) -> None:
    """Another campaign, in pt_BR and Arabic, with translations that change every word:
    a translator's edit is not a change --check reports; a content edit is, in both."""
    root = write_workspace(tmp_path / "santos", {"santos.md": CAMPAIGN},
                           languages=["pt_BR", "ar"])
    assert run_appeal("-C", root, "update").exit_code == 0
    pt = root / "locales/pt_BR/LC_MESSAGES/messages.po"
    ar = root / "locales/ar/LC_MESSAGES/messages.po"
    edit(pt, 'msgid "Write to the port authority."\nmsgstr ""',
         'msgid "Write to the port authority."\nmsgstr "Escreva à autoridade portuária."')
    edit(ar, 'msgid "Write to the port authority."\nmsgstr ""',
         'msgid "Write to the port authority."\nmsgstr "اكتبوا إلى سلطة الميناء."')
    assert check(root) == (0, f"up to date: {POT} and 2 catalogs\n")
    edit(root / "content" / "santos.md", "on 4 March", "on 5 March")
    code, output = check(root)
    assert code == 1
    assert f"{POT}: older than content/santos.md" in output
    for catalog in (pt, ar):
        assert f"{catalog.relative_to(root)}: 2 entries would change" in output
    assert run_appeal("-C", root, "update").exit_code == 0
    assert check(root)[0] == 0
    assert "Escreva à autoridade portuária." in pt.read_text(encoding="utf-8")
    assert "اكتبوا إلى سلطة الميناء." in ar.read_text(encoding="utf-8")
