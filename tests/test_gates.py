"""Publication gates: languages publish only when ready; entries with check errors never do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polib
import pytest

from appeal.catalogs import CatalogStats
from appeal.errors import ConfigError
from appeal.gates import PublishPolicy, judge, publish_policy
from appeal.workspace import Workspace, load_workspace
from tests.conftest import copy_sample, run_appeal

GATES = """
[publish]
min_reviewed = 100
[publish.languages.ar]
min_reviewed = 50
"""


def gated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: str = GATES) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    root = copy_sample(tmp_path / "ws", languages=["es", "de", "ar"])
    with (root / "appeal.toml").open("a", encoding="utf-8") as handle:
        handle.write(settings)
    for stage in ("extract", "update"):
        assert run_appeal("-C", root, stage).exit_code == 0
    return root


def review(root: Path, lang: str, share: float) -> float:
    """Translate the first *share* of the entries as reviewed; return the percent of words."""
    path = root / "locales" / lang / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(path), wrapwidth=76)
    entries = [entry for entry in po if not entry.obsolete]
    chosen = entries[: round(len(entries) * share)]
    for entry in chosen:
        if entry.msgid_plural:
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural,
                                                f"[{lang}] {entry.msgid_plural}")
        else:
            entry.msgstr = f"[{lang}] {entry.msgid}"
    po.save()
    words = sum(len(entry.msgid.split()) for entry in entries)
    return 100.0 * sum(len(entry.msgid.split()) for entry in chosen) / words


def plant(root: Path, lang: str, prefix: str, translation: str, *, fuzzy: bool = False) -> None:
    path = root / "locales" / lang / "LC_MESSAGES" / "messages.po"
    po = polib.pofile(str(path), wrapwidth=76)
    entry = next(e for e in po if e.msgid.startswith(prefix))
    entry.msgstr = translation
    if fuzzy:
        entry.flags.append("fuzzy")
    po.save()


def test_policy_reads_workspace_and_language_settings(tmp_path: Path) -> None:
    ws = Workspace(tmp_path, languages=("de", "ar"), settings={"publish": {
        "min_reviewed": 90, "allow_check_errors": False,
        "languages": {"ar": {"min_reviewed": 75}}}})
    assert publish_policy(ws, "de") == PublishPolicy(90.0, False)
    assert publish_policy(ws, "ar") == PublishPolicy(75.0, False)
    assert publish_policy(Workspace(tmp_path), "de") == PublishPolicy(0.0, True)


@pytest.mark.parametrize(("table", "message"), [
    ({"min_reviewed": 120}, "percentage from 0 to 100"),
    ({"min_reviewed": "all"}, "percentage from 0 to 100"),
    ({"allow_check_errors": "no"}, "true or false"),
    ({"min_reviewd": 100}, "unknown setting 'min_reviewd'"),
    ({"languages": {"de": {"languages": {}}}}, "unknown setting 'languages'"),
])
def test_bad_policy_is_a_config_error(tmp_path: Path, table: dict[str, object],
                                      message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        publish_policy(Workspace(tmp_path, settings={"publish": table}), "de")


def test_judge_never_rounds_up_to_the_threshold() -> None:
    almost = CatalogStats(words=1000, reviewed_words=999)
    verdict = judge("de", almost, 0, PublishPolicy(100.0))
    assert not verdict.publish
    assert str(verdict) == "de 99% reviewed, needs 100%"
    assert judge("de", almost, 0, PublishPolicy(99.9)).publish
    errors = judge("de", CatalogStats(words=10, reviewed_words=10), 2, PublishPolicy(0, False))
    assert not errors.publish and "2 check errors" in str(errors)


def test_gated_build_publishes_exactly_the_languages_that_pass(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = gated(tmp_path, monkeypatch)
    review(root, "es", 1.0)
    de_percent = review(root, "de", 0.6)
    review(root, "ar", 0.6)
    result = run_appeal("-C", root, "build")
    assert result.exit_code == 0, result.output
    built = sorted(p.name for p in (root / "dist").iterdir() if (p / "appeal.html").exists())
    assert built == ["ar", "en", "es"]
    assert f"held back: de {int(de_percent)}% reviewed, needs 100%" in result.output
    index = (root / "dist/index.html").read_text(encoding="utf-8")
    assert 'href="es/appeal.html"' in index and 'href="de/appeal.html"' not in index
    switcher = (root / "dist/es/appeal.html").read_text(encoding="utf-8")
    assert "../de/appeal.html" not in switcher and "../ar/appeal.html" in switcher
    assert (root / "review/de.html").exists()  # reviewers still get their page

    named = run_appeal("-C", root, "build", "--lang", "de")
    assert named.exit_code == 1
    assert "held back: de" in named.output

    preview = run_appeal("-C", root, "build", "--drafts")
    assert preview.exit_code == 0, preview.output
    page = (root / "dist/de/appeal.html").read_text(encoding="utf-8")
    assert "[de] " in page and 'class="notice' not in page, "all of it reviewed, no notice"
    digest = (root / "dist/de/digest.html").read_text(encoding="utf-8")
    assert "Teile dieser Seite sind noch nicht übersetzt" in digest, "partly translated"
    assert 'class="notice draft"' not in digest, "and with no machine draft in it"

    again = run_appeal("-C", root, "build")
    assert again.exit_code == 0
    assert not (root / "dist/de/appeal.html").exists()  # the gated build withdrew the preview
    assert "../de/appeal.html" not in (root / "dist/es/appeal.html").read_text(encoding="utf-8")


def test_source_language_always_publishes(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    root = gated(tmp_path, monkeypatch)
    result = run_appeal("-C", root, "build", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (root / "dist/en/appeal.html").exists()


@pytest.mark.parametrize(("bad", "check"), [
    ("<script>document.title = 'pwned'</script> ¡Solidaridad para siempre!", "html"),
    ("¡[Solidaridad](https://evil.example/) para siempre!", "links"),
])
def test_entry_with_check_error_is_never_published(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   bad: str, check: str) -> None:
    root = gated(tmp_path, monkeypatch, "")
    plant(root, "es", "Solidarity forever!", bad)
    plant(root, "es", "Konstantin is currently recovering.", "Konstantín se está recuperando.")
    result = run_appeal("-C", root, "build", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert f"error: {check}:" in result.output and "source text is published" in result.output
    pages = "".join((root / f"dist/es/{doc}.html").read_text(encoding="utf-8")
                    for doc in ("appeal", "digest"))
    assert "pwned" not in pages and "evil.example" not in pages
    assert "Konstantín se está recuperando." in pages  # the good entry is published
    drafts = run_appeal("-C", root, "build", "--lang", "es", "--drafts")
    assert drafts.exit_code == 0
    assert "evil.example" not in (root / "dist/es/appeal.html").read_text(encoding="utf-8")


def test_check_errors_can_hold_a_language_back(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = gated(tmp_path, monkeypatch, "\n[publish]\nallow_check_errors = false\n")
    plant(root, "es", "Solidarity forever!", "<b>¡Solidaridad!</b>")
    plant(root, "de", "Solidarity forever!", "<b>Solidarität</b>", fuzzy=True)
    result = run_appeal("-C", root, "build")
    assert result.exit_code == 0
    assert "held back: es 1 check error, allow_check_errors = false" in result.output
    assert not (root / "dist/es/appeal.html").exists()
    assert (root / "dist/de/appeal.html").exists()  # a draft's error is not published anyway


def test_no_change_gated_build_reads_no_catalog(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = gated(tmp_path, monkeypatch)
    review(root, "es", 1.0)
    assert run_appeal("-C", root, "build").exit_code == 0
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "appeal", "-C", str(root), "build"],
        capture_output=True, text=True, check=True)
    assert proc.stdout.splitlines() == ["held back: de 0% reviewed, needs 100%",
                                        "held back: ar 0% reviewed, needs 50%",
                                        "published: es"]
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0]
                for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert not imported & {"babel", "jinja2", "markdown_it", "polib"}


def test_repository_sample_gates_everything_not_reviewed() -> None:
    ws = load_workspace(Path(__file__).resolve().parent.parent)
    assert publish_policy(ws, "de") == PublishPolicy(100.0, False)
