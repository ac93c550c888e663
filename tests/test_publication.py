"""dist/ is exactly the publication: what may be read, readable by a web server, nothing stale,
and every build says what it published, held back, withdrew and removed."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

from appeal.workspace import load_workspace
from tests.conftest import copy_sample, run_appeal
from tests.test_gates import review


def published(root: Path) -> set[str]:
    dist = root / "dist"
    return {p.relative_to(dist).as_posix() for p in dist.rglob("*") if p.is_file()}


def review_everything(root: Path, lang: str) -> None:
    """A translator reviews every entry of *lang* (the text marked, so it differs)."""
    review(root, lang, 1.0)
    path = load_workspace(root).po_path(lang)
    catalog = polib.pofile(str(path), wrapwidth=76)
    for entry in catalog:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.save()


def test_removed_documents_languages_formats_and_held_back_languages_leave_dist(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    root = copy_sample(tmp_path / "ws", languages=["es", "de", "ar"],
                       formats=("html", "md", "txt"))
    assert run_appeal("-C", root, "build").exit_code == 0
    assert {"es/digest.html", "de/appeal.md", "ar/appeal.txt"} <= published(root)
    review_everything(root, "es")
    settings = root / "appeal.toml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace('languages = ["es", "de", "ar"]', 'languages = ["es", "ar"]')
    text = text.replace('formats = ["html", "md", "txt"]', 'formats = ["html", "txt"]')
    settings.write_text(text + "\n[publish]\nmin_reviewed = 100\n[publish.languages.es]\n"
                        "min_reviewed = 100\n", encoding="utf-8")
    (root / "content" / "digest.md").unlink()

    result = run_appeal("-C", root, "build")
    assert result.exit_code == 0, result.output
    files = published(root)
    assert not any(name.startswith("de/") for name in files), "removed language"
    assert not any(name.endswith(".md") for name in files), "removed format"
    assert not any("digest" in name for name in files), "removed document"
    assert not any(name.startswith("ar/") for name in files), \
        "held-back language"
    assert {"es/appeal.html", "es/appeal.txt", "en/appeal.html", "index.html"} <= files
    said = result.output
    assert "de is no longer configured" in said
    assert "format 'md' is not built" in said
    assert "document 'digest' was removed" in said
    assert "withdrawn: ar 0% reviewed, needs 100%" in said
    assert "ar is held back: 0% reviewed, needs 100%" in said
    assert "published: es" in said
    dashboard = (root / "review" / "status.html").read_text(encoding="utf-8")
    assert "ar/appeal.html" not in dashboard, "the dashboard links what dist/ holds now"
    assert "es/appeal.html" in dashboard

    again = run_appeal("-C", root, "build")
    assert again.exit_code == 0 and "removed" not in again.output


def test_files_a_committee_put_in_dist_are_left_alone(small_sample: Path) -> None:
    (small_sample / "dist").mkdir()
    (small_sample / "dist" / "CNAME").write_text("appeal.example.org\n", encoding="utf-8")
    assert run_appeal("-C", small_sample, "build").exit_code == 0
    (small_sample / "content" / "digest.md").unlink()
    assert run_appeal("-C", small_sample, "build").exit_code == 0
    assert (small_sample / "dist" / "CNAME").read_text(encoding="utf-8") == "appeal.example.org\n"


@pytest.fixture
def open_sample(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The small sample in a folder other users may enter (pytest's own are private)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    base = Path(tempfile.mkdtemp(prefix="appeal-open-"))
    base.chmod(0o755)
    try:
        yield copy_sample(base / "ws", languages=["es", "de", "ar"])
    finally:
        shutil.rmtree(base)


def test_published_files_are_readable_by_a_web_server(open_sample: Path) -> None:
    small_sample = open_sample
    old_mask = os.umask(0o022)
    try:
        check_modes(small_sample)
    finally:
        os.umask(old_mask)


def check_modes(small_sample: Path) -> None:
    assert run_appeal("-C", small_sample, "build").exit_code == 0
    page = small_sample / "dist" / "es" / "appeal.html"
    for path in [*(small_sample / "dist").rglob("*"), *(small_sample / "locales").rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = 0o755 if path.is_dir() else 0o644
        assert mode == expected, (path, oct(mode))
    if os.geteuid() == 0:  # read it as the web server would: another user
        done = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                               "cat", str(page)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
        assert "<html" in done.stdout
    catalog = load_workspace(small_sample).po_path("de")
    os.chmod(catalog, 0o660)
    review_everything(small_sample, "de")
    os.chmod(catalog, 0o660)
    content = small_sample / "content" / "appeal.md"
    content.write_text(content.read_text(encoding="utf-8") + "\nOne more line.\n",
                       encoding="utf-8")
    assert run_appeal("-C", small_sample, "build").exit_code == 0
    assert stat.S_IMODE(catalog.stat().st_mode) == 0o660, "a rewritten file keeps its mode"


def test_coordinators_pages_stay_out_of_dist_and_nothing_there_links_to_them(
        small_sample: Path) -> None:
    dist = small_sample / "dist"
    (dist / "es").mkdir(parents=True)
    for old in (dist / "status.html", dist / "es" / "review.html"):  # as older versions wrote
        old.write_text("<p>every draft and translator's note</p>", encoding="utf-8")
    result = run_appeal("-C", small_sample, "build")
    assert result.exit_code == 0, result.output
    assert f"removed 2 files from {dist}: coordinators' pages are written to review/, " \
           "outside the publication" in result.output
    files = published(small_sample)
    assert not any(name.endswith(("review.html", "status.html")) for name in files)
    review = small_sample / "review"
    assert sorted(p.name for p in review.iterdir()) == ["ar.html", "de.html", "es.html",
                                                        "status.html"]
    for page in dist.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"#]*)"', text):
            if target and not re.match(r"[a-z]+:", target):
                resolved = (page.parent / target).resolve()
                assert resolved.is_relative_to(dist.resolve()), (page, target)
                assert resolved.exists(), (page, target)
        assert "review/" not in text and "status.html" not in text, page
    dashboard = (review / "status.html").read_text(encoding="utf-8")
    for target in re.findall(r'href="([^"#]+)"', dashboard):
        assert (review / target).resolve().exists(), target  # review pages and dist pages
