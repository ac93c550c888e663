"""``appeal status``: counts that agree with the catalogs, as a table, JSON and a dashboard."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import polib
import pytest

from appeal.catalogs import catalog_stats, entries_stats, read_catalog
from appeal.workspace import load_workspace
from tests.conftest import run_appeal


def prepare(root: Path) -> None:
    """es: some reviewed, some drafts; de: some reviewed; ar: nothing."""
    for stage in ("extract", "update"):
        assert run_appeal("-C", root, stage).exit_code == 0
    for lang, reviewed, drafts in (("es", 10, 7), ("de", 30, 0)):
        path = root / "locales" / lang / "LC_MESSAGES" / "messages.po"
        po = polib.pofile(str(path), wrapwidth=76)
        entries = [e for e in po if not e.msgid_plural]
        for entry in entries[:reviewed]:
            entry.msgstr = f"[{lang}] {entry.msgid}"
        for entry in entries[reviewed:reviewed + drafts]:
            entry.msgstr = f"[{lang} draft] {entry.msgid}"
            entry.flags.append("fuzzy")
        entries[-1].msgstr = "<script>window.__pwned = 1</script>"
        po.save()


def polib_counts(path: Path) -> dict[str, dict[str, int]]:
    """Words by state, overall and per document, counted with polib alone."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        filled = all(entry.msgstr_plural.values()) if entry.msgid_plural else entry.msgstr
        state = ("untranslated" if not filled else
                 "draft" if "fuzzy" in entry.flags else "reviewed")
        words = len(entry.msgid.split())
        parts = {Path(where).stem if where.startswith("content/") else "chrome"
                 for where, _ in entry.occurrences}
        for part in ("overall", *parts):
            counts[part][state] += words
            counts[part]["words"] += words
            counts[part]["segments"] += 1
    return counts


def test_status_json_agrees_with_polib(overriding_sample: Path) -> None:
    prepare(overriding_sample)
    result = run_appeal("-C", overriding_sample, "status", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    ws = load_workspace(overriding_sample)
    assert [row["language"] for row in data["languages"]] == ["es", "de", "ar"]
    for row in data["languages"]:
        expected = polib_counts(ws.po_path(row["language"]))
        for part, mine in [("overall", row), *row["documents"].items()]:
            theirs = expected[part]
            assert mine["words"] == theirs["words"], (row["language"], part)
            assert mine["segments"] == theirs["segments"]
            for state in ("reviewed", "draft", "untranslated"):
                assert mine[state]["words"] == theirs[state], (row["language"], part, state)
                assert mine[state]["percent"] == pytest.approx(
                    100 * theirs[state] / theirs["words"], abs=0.01)
    es = data["languages"][0]
    assert es["errors"] == 1 and es["publish"] is True
    assert set(es["documents"]) == {"appeal", "digest", "chrome"}


def test_counting_matches_catalog_stats(small_sample: Path) -> None:
    prepare(small_sample)
    catalog = read_catalog(load_workspace(small_sample).po_path("es"), locale="es")
    assert entries_stats(e for e in catalog) == catalog_stats(catalog)


def test_status_table_and_dashboard(small_sample: Path) -> None:
    prepare(small_sample)
    with (small_sample / "appeal.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[publish]\nmin_reviewed = 100\n")
    result = run_appeal("-C", small_sample, "status", "--lang", "es,de")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    row = next(line for line in lines if line.strip("│ ").startswith("de "))
    de = polib_counts(load_workspace(small_sample).po_path("de"))["overall"]
    assert f"{100 * de['reviewed'] / de['words']:.0f}%" in row and "held back" in row
    assert not any(line.strip("│ ").startswith("ar ") for line in lines)
    page = (small_sample / "dist/status.html").read_text(encoding="utf-8")
    assert 'id="lang-ar"' in page  # the dashboard shows every language
    assert "&lt;script&gt;" not in page and "<script" not in page


def test_build_writes_dashboard_with_links(small_sample: Path) -> None:
    prepare(small_sample)
    assert run_appeal("-C", small_sample, "build").exit_code == 0
    page = (small_sample / "dist/status.html").read_text(encoding="utf-8")
    assert 'href="es/review.html"' in page and 'href="ar/appeal.html"' in page
    assert 'class="reviewed" style="width:' in page


def test_broken_catalog_is_reported_and_fails(small_sample: Path) -> None:
    prepare(small_sample)
    ws = load_workspace(small_sample)
    ws.po_path("de").write_text('msgid "x"\nmsgstr "oops\n', encoding="utf-8")
    result = run_appeal("-C", small_sample, "status", "--json")
    assert result.exit_code == 1
    de = json.loads(result.output)["languages"][1]
    assert "unterminated string" in de["failure"] and str(ws.po_path("de")) in de["failure"]
