"""``appeal status``: counts that agree with the catalogs, as a table, JSON and a dashboard."""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from io import StringIO
from pathlib import Path

import polib
import pytest
from rich.console import Console

from appeal.catalogs import catalog_stats, entries_stats, read_catalog
from appeal.cli.quality import STATUS_COLUMNS, print_status
from appeal.status import workspace_status
from appeal.workspace import load_workspace
from tests.conftest import run_appeal

TOP_KEYS = {"project", "source_language", "documents", "languages"}
LANGUAGE_KEYS = {"language", "name", "catalog", "failure", "publish", "held_back",
                 "min_reviewed", "segments", "words", "reviewed", "draft", "untranslated",
                 "errors", "warnings", "documents", "unknown_words", "unknown_drafts",
                 "approved_unchanged", "count_unchanged_drafts_as_reviewed"}
READINESS_KEYS = {"segments", "words", "reviewed", "approved_unchanged", "draft",
                  "untranslated", "errors", "warnings"}
SHARE_KEYS = {"segments", "words", "percent"}
"""The keys of ``appeal status --json`` as tools have read them so far: they stay."""


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
    row = next(line for line in lines if line.startswith("de "))
    de = polib_counts(load_workspace(small_sample).po_path("de"))["overall"]
    assert f"{math.floor(100 * de['reviewed'] / de['words'])}%" in row and "held back" in row
    assert not any(line.startswith("ar ") for line in lines)
    assert "\x1b" not in result.output  # piped: no colour
    page = (small_sample / "review/status.html").read_text(encoding="utf-8")
    assert 'id="lang-ar"' in page  # the dashboard shows every language
    assert "&lt;script&gt;" not in page and "<script" not in page


def test_build_writes_dashboard_with_links(small_sample: Path) -> None:
    prepare(small_sample)
    assert run_appeal("-C", small_sample, "build").exit_code == 0
    page = (small_sample / "review/status.html").read_text(encoding="utf-8")
    assert 'href="es.html"' in page and 'href="../dist/ar/appeal.html"' in page
    assert 'class="reviewed" style="width:' in page


def test_broken_catalog_is_reported_and_fails(small_sample: Path) -> None:
    prepare(small_sample)
    ws = load_workspace(small_sample)
    ws.po_path("de").write_text('msgid "x"\nmsgstr "oops\n', encoding="utf-8")
    result = run_appeal("-C", small_sample, "status", "--json")
    assert result.exit_code == 1
    de = json.loads(result.output)["languages"][1]
    assert "unterminated string" in de["failure"] and str(ws.po_path("de")) in de["failure"]


def test_status_json_keeps_its_keys_and_counts_warnings_as_check_does(
        small_sample: Path) -> None:
    prepare(small_sample)
    data = json.loads(run_appeal("-C", small_sample, "status", "--json").output)
    findings = json.loads(run_appeal("-C", small_sample, "check", "--format", "json").stdout)
    assert set(data) == TOP_KEYS
    for row in data["languages"]:
        assert set(row) == LANGUAGE_KEYS
        for item in (row, *row["documents"].values()):
            assert set(item) >= READINESS_KEYS
            for state in ("reviewed", "approved_unchanged", "draft", "untranslated"):
                assert set(item[state]) == SHARE_KEYS
                assert item[state]["percent"] == round(item[state]["percent"], 2)
        assert set(row["documents"]) == set(data["documents"])
        for documents in row["documents"].values():
            assert set(documents) == READINESS_KEYS
        mine = [f for f in findings if f["language"] == row["language"]]
        assert row["errors"] == sum(f["severity"] == "error" for f in mine)
        assert row["warnings"] == sum(f["severity"] == "warning" and f["check"] != "untranslated"
                                      for f in mine)
        assert row["untranslated"]["segments"] == sum(f["check"] == "untranslated" for f in mine)


@pytest.fixture
def held_back(small_sample: Path) -> Path:
    """es, de and ar all held back, de and es for two reasons each."""
    prepare(small_sample)
    with (small_sample / "appeal.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[publish]\nmin_reviewed = 100\nallow_check_errors = false\n")
    ws = load_workspace(small_sample)
    po = polib.pofile(str(ws.po_path("de")), wrapwidth=76)
    next(e for e in po if e.msgstr and not e.fuzzy).msgstr += " <b>fett</b>"
    po.save()
    return small_sample


def rendered(root: Path, **console: object) -> str:
    buffer = StringIO()
    print_status(workspace_status(load_workspace(root)),
                 Console(file=buffer, width=80, **console))  # type: ignore[arg-type]
    return buffer.getvalue()


def test_status_table_fits_80_columns_without_cutting(held_back: Path) -> None:
    text = rendered(held_back)
    lines = text.splitlines()
    assert "…" not in text and "\x1b" not in text
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    header = next(line for line in lines if line.startswith("Lang "))
    assert header.split() == [name for name, _ in STATUS_COLUMNS]
    data = json.loads(run_appeal("-C", held_back, "status", "--json").output)
    flowing = " ".join(text.split())
    for row in data["languages"]:
        line = next(line for line in lines if line.startswith(row["language"] + " "))
        shares = [f"{math.floor(100 * row[state]['words'] / row['words'])}%"
                  for state in ("reviewed", "draft", "untranslated")]
        assert line.split()[1:8] == [str(row["words"]), *shares, str(row["errors"]),
                                     str(row["warnings"]), "held"]
        assert row["held_back"]
        assert f"held back: {'; '.join(row['held_back'])}" in flowing  # every reason, whole
        for part, item in row["documents"].items():
            share = (math.floor(100 * item["reviewed"]["words"] / item["words"])
                     if item["words"] else 0)
            assert f"{part} {share}%" in flowing
    assert len([r for r in data["languages"] if len(r["held_back"]) == 2]) >= 2


def test_status_table_in_colour_on_a_terminal_only(held_back: Path) -> None:
    coloured = rendered(held_back, force_terminal=True, color_system="standard")
    plain = rendered(held_back)
    assert "\x1b[" in coloured and "\x1b" not in plain
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain
    assert "\x1b[1;31mheld back\x1b[0m" in coloured  # held back in bold red


def test_status_on_a_narrow_terminal_stacks_each_language(held_back: Path) -> None:
    buffer = StringIO()
    print_status(workspace_status(load_workspace(held_back)), Console(file=buffer, width=48))
    text = buffer.getvalue()
    assert "…" not in text and all(len(line) <= 48 for line in text.splitlines())
    assert re.search(r"^de  held back$", text, re.M)
    assert "words " in text and "warnings " in text
