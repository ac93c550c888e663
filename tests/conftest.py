"""Shared fixtures: a copy of the sample workspace and a CLI runner."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

REPO = Path(__file__).resolve().parent.parent
SAMPLE_FILES = ("appeal.toml", "babel.cfg")
SAMPLE_DIRS = ("content", "templates")


def copy_sample(target: Path, *, languages: list[str] | None = None) -> Path:
    """Copy the repository's own workspace (settings, content, templates) into *target*."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_FILES:
        shutil.copyfile(REPO / name, target / name)
    for name in SAMPLE_DIRS:
        shutil.copytree(REPO / name, target / name)
    if languages is not None:
        settings = (target / "appeal.toml").read_text(encoding="utf-8")
        lines = [
            f"languages = {languages!r}".replace("'", '"') if line.startswith("languages") else line
            for line in settings.splitlines()
        ]
        (target / "appeal.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the sample workspace with a fixed build date."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    return copy_sample(tmp_path / "ws")


@pytest.fixture
def small_sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample workspace with three target languages, one of them right-to-left."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    return copy_sample(tmp_path / "ws", languages=["es", "de", "ar"])


def run_appeal(*args: str | Path) -> Result:
    """Run the command line in-process, as a user would type it."""
    from appeal.cli import main

    return CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)


def msgfmt_check(path: Path) -> None:
    """GNU gettext must accept every catalog the tool writes."""
    proc = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"msgfmt --check {path}:\n{proc.stderr}"
