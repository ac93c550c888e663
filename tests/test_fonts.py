"""Fonts for the PDFs: a warning for a script no installed font covers, and the setup script
that installs fonts for the configured languages.

The warnings ask the machine's real fontconfig (``fc-list :lang=…``), so the
uncovered language is looked for among those fontconfig reports no font for here.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from appeal import pdf
from tests.conftest import REPO, copy_sample, require_tool

SETUP = REPO / "scripts" / "setup-system.sh"
CANDIDATES = {"zh": ("Chinese", "Han"), "ja": ("Japanese", "Japanese"),
              "ko": ("Korean", "Hangul"), "bo": ("Tibetan", "Tibetan"),
              "am": ("Amharic", "Ethiopic")}
"""Languages whose script a machine without CJK (or Noto) fonts does not cover, with the
words the warning must use for the language and its script."""
COVERED = ("en", "ru", "ar", "uk")


def fonts_for(lang: str) -> bool:
    tool = require_tool("fc-list", "fontconfig")
    return bool(subprocess.run([tool, f":lang={lang}", "family"], capture_output=True,
                               text=True, check=True).stdout.strip())


@pytest.fixture(scope="module")
def uncovered() -> str:
    """A language no installed font covers, as fontconfig itself says."""
    for lang in CANDIDATES:
        if not fonts_for(lang):
            return lang
    pytest.skip(f"every script of {', '.join(CANDIDATES)} has a font on this machine")


@pytest.fixture(autouse=True)
def fresh_checks() -> Iterator[None]:
    """Each test asks fontconfig again, and may be warned again."""
    pdf.font_note.cache_clear()
    pdf._warned.clear()
    yield
    pdf.font_note.cache_clear()
    pdf._warned.clear()


def test_a_language_whose_script_no_font_covers_is_named_with_its_script(uncovered: str
                                                                         ) -> None:
    note = pdf.font_note(uncovered)
    assert note is not None
    language, script = CANDIDATES[uncovered]
    assert f"{language} ({uncovered})" in note and f"{script}" in note
    assert "fonts-noto-" in note and "empty boxes" in note


@pytest.mark.parametrize("lang", COVERED)
def test_covered_languages_get_no_note(lang: str) -> None:
    assert fonts_for(lang), f"the machine has a font for {lang} (fonts-noto-core)"
    assert pdf.font_note(lang) is None


def test_a_language_fontconfig_has_no_orthography_for_is_judged_by_its_script() -> None:
    assert not fonts_for("ckb"), "fontconfig knows no Central Kurdish orthography"
    assert fonts_for("ar")
    assert pdf.font_note("ckb") is None, "written in Arabic script, which a font covers"


def test_laying_out_an_uncovered_page_logs_one_warning_per_language(
        uncovered: str, caplog: pytest.LogCaptureFixture) -> None:
    html = (f'<!DOCTYPE html><html lang="{uncovered}"><head><title>t</title></head><body>'
            f'<nav><a lang="ru">Русский</a></nav><h1>標題</h1><p lang="en">Hello</p>'
            f'</body></html>')
    with caplog.at_level(logging.WARNING, logger="appeal.pdf"):
        first = pdf.render_pdf(html)
        second = pdf.render_pdf(html)
    assert first.startswith(b"%PDF-") and first == second
    warnings = [record.getMessage() for record in caplog.records
                if record.name == "appeal.pdf" and record.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("warning: no installed font covers")
    assert f"({uncovered})" in warnings[0]


def test_pages_in_covered_languages_log_nothing(caplog: pytest.LogCaptureFixture) -> None:
    html = ('<!DOCTYPE html><html lang="ru"><body><p>Привет</p>'
            '<blockquote lang="uk"><p>Кайдани</p></blockquote></body></html>')
    with caplog.at_level(logging.WARNING, logger="appeal.pdf"):
        pdf.render_pdf(html)
    assert [r for r in caplog.records if r.name == "appeal.pdf"] == []


def test_without_fc_list_a_clear_note_once(monkeypatch: pytest.MonkeyPatch) -> None:
    found = shutil.which
    monkeypatch.setattr(pdf.shutil, "which",
                        lambda name: None if name == "fc-list" else found(name))
    notes = pdf.font_notes(["ru", "ar", "zh"])
    assert len(notes) == 1
    assert "fc-list (fontconfig) is missing" in notes[0]


def test_a_build_prints_the_warning(tmp_path: Path, uncovered: str) -> None:
    """The real command line, whose renders run in forked workers: the warning reaches
    its standard error, naming the uncovered language and no covered one."""
    root = copy_sample(tmp_path / "ws", languages=[uncovered, "ru"], formats=("pdf",))
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1724112000"}
    done = subprocess.run([sys.executable, "-m", "appeal", "-C", str(root), "build"],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "no installed font" in line]
    assert len(warnings) == 1, done.stderr
    assert warnings[0].startswith("appeal: warning: ") and f"({uncovered})" in warnings[0]
    assert (root / "dist" / uncovered / "appeal.pdf").is_file()


# scripts/setup-system.sh, run with --check against a stand-in dpkg: it says what it would
# install, and installs nothing.

def stand_in_dpkg(tmp_path: Path, installed: str) -> dict[str, str]:
    """An environment whose dpkg reports exactly *installed* (``*``: everything)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    dpkg = bin_dir / "dpkg"
    dpkg.write_text(
        "#!/bin/sh\n"
        '[ "$1" = -s ] || exit 2\n'
        f'case " {installed} " in *" * "*|*" $2 "*) echo "Status: install ok installed";; '
        "*) exit 1;; esac\n", encoding="utf-8")
    dpkg.chmod(0o755)
    return {"PATH": f"{bin_dir}:/usr/bin:/bin", "LC_ALL": "C"}


def setup_check(workdir: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    shell = shutil.which("dash") or "sh"  # POSIX sh, no bash extensions
    return subprocess.run([shell, str(SETUP), "--check"], cwd=workdir, env=env,
                          capture_output=True, text=True, check=False)


def workspace_settings(directory: Path, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "appeal.toml").write_text(text, encoding="utf-8")
    return directory


def test_setup_is_silent_when_everything_is_installed(tmp_path: Path) -> None:
    ws = workspace_settings(tmp_path / "ws", '[appeal]\nlanguages = ["zh", "ru"]\n')
    for _ in range(2):
        done = setup_check(ws, stand_in_dpkg(tmp_path, "*"))
        assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_setup_adds_cjk_fonts_for_the_configured_languages(tmp_path: Path) -> None:
    ws = workspace_settings(tmp_path / "ws", (
        '[appeal]\nsource_language = "en"  # the text\nlanguages = [\n  "ru",\n'
        "  'zh_Hant', # traditional\n]\n[publish.languages.ko]\nmin_reviewed = 50\n"))
    done = setup_check(ws, stand_in_dpkg(tmp_path, "nothing"))
    assert done.returncode == 1
    missing = done.stdout.removeprefix("System packages missing:").split()
    assert missing.count("fonts-noto-cjk") == 1
    assert {"fonts-noto-core", "fontconfig", "fonts-dejavu-core"} <= set(missing)


def test_setup_without_cjk_languages_adds_no_cjk_fonts(tmp_path: Path) -> None:
    done = setup_check(REPO, stand_in_dpkg(tmp_path, "nothing"))
    assert done.returncode == 1 and "fonts-noto-core" in done.stdout
    assert "fonts-noto-cjk" not in done.stdout, "the sample's languages need no CJK font"
    elsewhere = setup_check(tmp_path, stand_in_dpkg(tmp_path, "nothing"))
    assert "fonts-noto-cjk" not in elsewhere.stdout, "no appeal.toml here"


def test_setup_asks_only_for_what_is_missing(tmp_path: Path) -> None:
    ws = workspace_settings(tmp_path / "ws", '[appeal]\nlanguages = ["ja", "ko", "zh"]\n')
    everything_else = ("make python3 python3-venv gettext po4a apertium apertium-apy "
                       "apertium-eng-spa apertium-eng-cat apertium-en-gl apertium-eo-en "
                       "apertium-es-pt apertium-spa-ita apertium-fr-es libpango-1.0-0 "
                       "libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core "
                       "fonts-noto-core chromium poppler-utils")
    done = setup_check(ws, stand_in_dpkg(tmp_path, everything_else))
    assert (done.returncode, done.stdout) == (1, "System packages missing: fonts-noto-cjk\n")
