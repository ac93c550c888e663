"""The whole pipeline through the command line, on copies of the sample workspace."""

from __future__ import annotations

import threading
from pathlib import Path

import polib
import pytest

from appeal.workspace import load_workspace, workspace_lock
from tests.conftest import msgfmt_check, run_appeal

DOCUMENTS = ("appeal", "digest")


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Bytes and mtime of every file the tool writes."""
    files = [*root.joinpath("locales").rglob("*"), *root.joinpath("dist").rglob("*")]
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(files) if p.is_file()}


def test_build_writes_every_output_for_every_language(sample: Path) -> None:
    result = run_appeal("-C", sample, "build")
    assert result.exit_code == 0, result.output
    ws = load_workspace(sample)
    for lang in ws.all_languages:
        for name in DOCUMENTS:
            for ext in ("html", "md", "txt"):
                assert (sample / "dist" / lang / f"{name}.{ext}").stat().st_size > 0
    assert "ar" in (sample / "dist" / "index.html").read_text(encoding="utf-8")
    msgfmt_check(ws.pot_path)
    for lang in ws.languages:
        msgfmt_check(ws.po_path(lang))
        assert ws.mo_path(lang).stat().st_size > 0


def test_no_change_build_only_says_what_is_published_and_touches_nothing(
        small_sample: Path) -> None:
    assert run_appeal("-C", small_sample, "build").exit_code == 0
    before = snapshot(small_sample)
    again = run_appeal("-C", small_sample, "build")
    assert again.exit_code == 0
    assert again.output == "published: es, de, ar\n"
    assert snapshot(small_sample) == before


def test_forced_rebuild_is_byte_identical(small_sample: Path) -> None:
    assert run_appeal("-C", small_sample, "build").exit_code == 0
    first = {name: data for name, (data, _) in snapshot(small_sample).items()}
    assert run_appeal("-C", small_sample, "build", "--force").exit_code == 0
    second = {name: data for name, (data, _) in snapshot(small_sample).items()}
    assert first == second


def test_two_fresh_workspaces_build_identically(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import copy_sample

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    one = copy_sample(tmp_path / "one", languages=["es", "ar"])
    two = copy_sample(tmp_path / "two", languages=["es", "ar"])
    for ws in (one, two):
        assert run_appeal("-C", ws, "build").exit_code == 0
    files_one = {k: v for k, (v, _) in snapshot(one).items()}
    files_two = {k: v for k, (v, _) in snapshot(two).items()}
    assert files_one == files_two


def test_editing_content_flows_into_catalogs_and_pages(small_sample: Path) -> None:
    assert run_appeal("-C", small_sample, "build").exit_code == 0
    doc = small_sample / "content" / "appeal.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace(
        "Solidarity forever!", "Solidarity forever and ever!"), encoding="utf-8")
    result = run_appeal("-C", small_sample, "build")
    assert result.exit_code == 0, result.output
    assert "Solidarity forever and ever!" in (small_sample / "locales/messages.pot").read_text()
    po = polib.pofile(str(load_workspace(small_sample).po_path("de")))
    assert po.find("Solidarity forever and ever!") is not None
    assert "Solidarity forever and ever!" in (small_sample / "dist/de/appeal.html").read_text()


def test_reviewed_translation_is_used_and_draft_only_with_drafts(small_sample: Path) -> None:
    assert run_appeal("-C", small_sample, "build").exit_code == 0
    ws = load_workspace(small_sample)
    po = polib.pofile(str(ws.po_path("es")))
    po.find("Solidarity forever!").msgstr = "¡Solidaridad para siempre!"
    draft = po.find("At the moment, the SAC's main purpose is to support repressed "
                    "political and trade union activists.")
    draft.msgstr = "BORRADOR"
    draft.flags.append("fuzzy")
    po.save()
    assert run_appeal("-C", small_sample, "build", "--lang", "es").exit_code == 0
    page = (small_sample / "dist/es/appeal.html").read_text(encoding="utf-8")
    assert "¡Solidaridad para siempre!" in page
    assert "BORRADOR" not in page
    assert 'lang="en"' in page  # untranslated segments keep the source language
    assert run_appeal("-C", small_sample, "build", "--lang", "es", "--drafts").exit_code == 0
    page = (small_sample / "dist/es/appeal.html").read_text(encoding="utf-8")
    assert "BORRADOR" in page


def test_lang_option_accepts_commas_and_repeats(small_sample: Path) -> None:
    result = run_appeal("-C", small_sample, "build", "--lang", "es,ar", "--lang", "en",
                        "--format", "html")
    assert result.exit_code == 0, result.output
    built = sorted(p.name for p in (small_sample / "dist").iterdir() if p.is_dir())
    assert built == ["ar", "en", "es"]
    assert not (small_sample / "dist/es/appeal.txt").exists()


def test_unknown_language_is_a_usage_error(small_sample: Path) -> None:
    result = run_appeal("-C", small_sample, "build", "--lang", "xx")
    assert result.exit_code == 2
    assert "'xx' not configured" in result.output


def test_out_directory(small_sample: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run_appeal("-C", small_sample, "build", "--out", out).exit_code == 0
    assert (out / "index.html").exists() and (out / "ar" / "digest.html").exists()


@pytest.mark.parametrize(("case", "content", "line"), [
    ("unterminated", b'msgid "Solidarity forever!"\nmsgstr "oops\n', 2),
    ("binary", bytes(range(256)) * 4, None),
])
def test_bad_catalog_fails_its_language_only(small_sample: Path, case: str, content: bytes,
                                             line: int | None) -> None:
    assert run_appeal("-C", small_sample, "build").exit_code == 0
    ws = load_workspace(small_sample)
    ws.po_path("de").write_bytes(content)
    for name in DOCUMENTS:
        (small_sample / "dist/es" / f"{name}.html").unlink()
    result = run_appeal("-C", small_sample, "build")
    assert result.exit_code == 1
    where = f"{ws.po_path('de')}:{line}:" if line else f"{ws.po_path('de')}"
    assert where in result.output, result.output
    assert ws.po_path("de").read_bytes() == content  # nothing lost, nothing repaired
    assert (small_sample / "dist/es/appeal.html").exists()  # the others still built
    assert not list(small_sample.rglob("*.tmp"))


def test_second_run_waits_for_the_lock(small_sample: Path) -> None:
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with workspace_lock(small_sample):
            held.set()
            release.wait(10)

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait(10)
    try:
        result = run_appeal("-C", small_sample, "build")
    finally:
        release.set()
        thread.join()
    assert result.exit_code == 1
    assert "another appeal run" in result.output


def test_new_workspace_builds(tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    result = run_appeal("new", target)
    assert result.exit_code == 0, result.output
    assert (target / "appeal.toml").exists() and (target / "babel.cfg").exists()
    result = run_appeal("-C", target, "build")
    assert result.exit_code == 0, result.output
    assert (target / "dist/fr/example.html").exists()
    assert run_appeal("new", target).exit_code == 1  # never overwrites


def test_stage_commands_one_by_one(small_sample: Path) -> None:
    ws = load_workspace(small_sample)
    assert run_appeal("-C", small_sample, "extract").exit_code == 0
    msgfmt_check(ws.pot_path)
    assert run_appeal("-C", small_sample, "update", "--lang", "de,ar").exit_code == 0
    assert ws.po_path("de").exists() and not ws.po_path("es").exists()
    po = polib.pofile(str(ws.po_path("ar")))
    assert po.metadata["Language"] == "ar"
    assert "nplurals=6" in po.metadata["Plural-Forms"]
    assert run_appeal("-C", small_sample, "compile", "--lang", "de").exit_code == 0
    assert ws.mo_path("de").exists()


def test_no_change_build_imports_nothing_heavy(small_sample: Path) -> None:
    """The no-change path only stats files: no catalog, Markdown or template library loads."""
    import subprocess
    import sys

    assert run_appeal("-C", small_sample, "build").exit_code == 0
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "appeal", "-C", str(small_sample), "build"],
        capture_output=True, text=True, check=True)
    assert proc.stdout == "published: es, de, ar\n"
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0]
                for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "click" in imported  # the measurement itself works
    assert not imported & {"babel", "jinja2", "markdown_it", "yaml", "polib"}


def test_the_manifest_names_every_file_the_build_wrote_under_dist(small_sample: Path) -> None:
    from appeal.runner import Runner

    assert run_appeal("-C", small_sample, "build", "--format", "html,telegram").exit_code == 0
    ws = load_workspace(small_sample)
    on_disk = sorted(p for p in ws.dist.rglob("*") if p.is_file())
    with Runner(ws, shared=True) as runner:
        assert runner.manifest(ws.dist) == on_disk
        assert ws.po_path("es") in runner.manifest(ws.root)
    assert any(p.name.endswith(".telegram.2.html") for p in on_disk), "every post is owned"
