"""Broken front matter is an error naming the document and the line, wherever it is read.

One bad document per rule of :mod:`appeal.segments.frontmatter` lives in
``tests/data/bad-front-matter/``; each must fail with the same error through
the parser, the front-matter check alone, the Babel extractor, ``appeal extract``
and ``appeal build``, and ``pybabel extract -F babel.cfg``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from appeal.errors import SourceError
from appeal.extract import extract_markdown
from appeal.segments import extract_segments, parse_document
from appeal.segments.frontmatter import KNOWN_KEYS, check_front_matter
from tests.conftest import REPO, copy_sample, run_appeal
from tests.test_publication import published, review_everything

BAD = Path(__file__).parent / "data" / "bad-front-matter"
PYBABEL = Path(sys.executable).with_name("pybabel")

CASES = {
    "unclosed": (1, "front matter is not closed",
                 "end it with a '---' line after its last key"),
    "runs-on-to-a-break": (5, "invalid front matter: could not find expected ':'",
                           "the front matter runs on to line 7: is its closing '---' missing?"),
    "invalid-yaml": (3, "invalid front matter: found unexpected end of stream",
                     "while scanning a quoted scalar"),
    "bad-indentation": (3, "invalid front matter: mapping values are not allowed here", None),
    "list": (2, "front matter must be a mapping of keys to values",
             "write 'key: value' lines, not a list"),
    "text": (2, "front matter must be a mapping of keys to values",
             "write 'key: value' lines, not text"),
    "missing-title": (1, "front matter has no 'title'",
                      "add a line 'title: ...' with the document's title"),
    "empty-title": (3, "front matter 'title' is empty", "write the document's title"),
    "title-not-text": (2, "front matter 'title' must be text", "put it in quotes"),
    "misspelt-key": (2, "unknown key 'titel'", "did you mean 'title'?"),
    "unknown-key": (5, "unknown key 'author'", "known keys: 'title', 'description', 'date'"),
    "duplicate-key": (4, "duplicate key 'title'", "it is first set on line 2"),
    "bad-date": (4, "front matter 'date' must be a date like 2024-05-31, not '15 January 2024'",
                 None),
    "impossible-date": (4, "front matter 'date' must be a date like 2024-05-31, not '2024-02-30'",
                        "day is out of range for month"),
}
"""Each bad document: the line of its error, the message, and the hint (None: no hint)."""


def expected(path: Path, case: str) -> str:
    """The whole error, GNU style, as the command line prints it after ``appeal: error: ``."""
    line, message, hint = CASES[case]
    return f"{path}:{line}: {message}" + (f" ({hint})" if hint else "")


def test_every_bad_document_has_a_case() -> None:
    assert sorted(path.stem for path in BAD.glob("*.md")) == sorted(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_parsing_names_file_and_line(case: str) -> None:
    path = BAD / f"{case}.md"
    line, message, hint = CASES[case]
    with pytest.raises(SourceError) as caught:
        parse_document(path.read_text(encoding="utf-8"), name=case, path=path)
    got = caught.value
    assert (got.path, got.line, got.message, got.hint) == (path, line, message, hint)
    assert str(got) == expected(path, case)


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_check_alone_raises_the_same_error(case: str) -> None:
    path = BAD / f"{case}.md"
    text = path.read_text(encoding="utf-8")
    with pytest.raises(SourceError) as parsed:
        parse_document(text, name=case, path=path)
    with pytest.raises(SourceError) as checked:
        check_front_matter(text, path=path)
    assert str(checked.value) == str(parsed.value)


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_babel_extractor_names_file_and_line(case: str) -> None:
    path = BAD / f"{case}.md"
    with path.open("rb") as handle, pytest.raises(SourceError) as caught:
        list(extract_markdown(handle, [], [], {}))
    assert str(caught.value) == expected(path, case)


@pytest.mark.parametrize("path", sorted((REPO / "content").glob("*.md")),
                         ids=lambda path: path.name)
def test_the_sample_documents_pass(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    check_front_matter(text, path=path)
    document = parse_document(text, name=path.stem, path=path)
    assert set(document.front_matter) == set(KNOWN_KEYS)
    assert [s.kind for s in extract_segments(document)][:2] == ["title", "description"]


def test_the_new_workspace_example_passes() -> None:
    path = REPO / "appeal" / "skeleton" / "content" / "example.md"
    check_front_matter(path.read_text(encoding="utf-8"), path=path)


def broken(root: Path, case: str, name: str = "broken") -> Path:
    """Add the bad document *case* to the workspace *root* as ``content/<name>.md``."""
    target = root / "content" / f"{name}.md"
    shutil.copyfile(BAD / f"{case}.md", target)
    return target


@pytest.mark.parametrize("case", ["misspelt-key", "unclosed", "impossible-date"])
def test_appeal_extract_fails_with_file_and_line(tmp_path: Path, case: str) -> None:
    root = copy_sample(tmp_path / "ws", languages=["es"])
    target = broken(root, case)
    result = run_appeal("-C", root, "extract")  # an exception would escape: no traceback
    assert result.exit_code == 1, result.output
    assert result.stderr == f"appeal: error: {expected(target, case)}\n"
    assert f"content/broken.md:{CASES[case][0]}: " in result.stderr
    template = (root / "locales" / "messages.pot").read_text(encoding="utf-8")
    assert "#: content/appeal.md:" in template, "the other documents are extracted"
    assert "content/broken.md" not in template


def appeal(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line in a process of its own, to see everything it prints."""
    return subprocess.run([sys.executable, "-m", "appeal", "-C", str(root), *args],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "1724112000"})


def test_appeal_build_fails_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "ws", languages=["es"], formats=("html",))
    first = appeal(root, "build")
    assert first.returncode == 0, first.stderr
    target = broken(root, "misspelt-key")
    done = appeal(root, "build")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr == (
        f"appeal: error: {target}:2: unknown key 'titel' (did you mean 'title'?)\n")


def test_the_first_build_names_the_broken_document(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "ws", languages=["es"], formats=("html",))
    target = broken(root, "misspelt-key")
    done = appeal(root, "build")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"appeal: error: {target}:2: unknown key 'titel'" in done.stderr, done.stderr


@pytest.mark.parametrize("case", ["misspelt-key", "missing-title"])
def test_pybabel_extract_reports_file_and_line(tmp_path: Path, case: str) -> None:
    root = copy_sample(tmp_path / "ws", languages=["es"])
    broken(root, case)
    done = subprocess.run([str(PYBABEL), "extract", "-F", "babel.cfg", "-o", "x.pot", "."],
                          cwd=root, capture_output=True, text=True, check=False)
    assert done.returncode != 0
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("appeal.errors.SourceError: "), done.stderr
    assert last == f"appeal.errors.SourceError: {expected(root / 'content/broken.md', case)}"


def test_pybabel_extract_accepts_the_sample(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "ws", languages=["es"])
    subprocess.run([str(PYBABEL), "-q", "extract", "-F", "babel.cfg", "-o", "x.pot", "."],
                   cwd=root, capture_output=True, check=True)
    assert "SAC's appeal to left-wing organizations" in (root / "x.pot").read_text("utf-8")


def test_a_broken_document_leaves_the_publication_and_the_others_stay(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    root = copy_sample(tmp_path / "ws", languages=["es"], formats=("html", "txt"))
    assert run_appeal("-C", root, "build").exit_code == 0
    review_everything(root, "es")
    assert run_appeal("-C", root, "build").exit_code == 0
    assert {"es/digest.html", "es/digest.txt"} <= published(root)
    digest = root / "content" / "digest.md"
    good = digest.read_text(encoding="utf-8")
    digest.write_text(good.replace("title:", "titel:", 1), encoding="utf-8")

    for attempt in ("first", "unchanged"):  # reported again while the file stays broken
        result = run_appeal("-C", root, "build")
        assert result.exit_code == 1, (attempt, result.output)
        assert f"appeal: error: {digest}:2: unknown key 'titel'" in result.stderr, attempt
        assert "Traceback" not in result.output
        files = published(root)
        assert not any("digest" in name for name in files), (attempt, files)
        assert {"en/appeal.html", "es/appeal.html", "es/appeal.txt", "index.html"} <= files
        assert "digest" not in (root / "dist" / "index.html").read_text(encoding="utf-8")
        if attempt == "first":
            assert "content/digest.md has an error" in result.output

    kept = [entry for entry in polib.pofile(str(root / "locales/es/LC_MESSAGES/messages.po"))
            if any(place == "content/digest.md" for place, _ in entry.occurrences)]
    assert kept and all(entry.msgstr.startswith("[es] ") and not entry.obsolete
                        for entry in kept), "the translators' work waits for the fix"

    digest.write_text(good, encoding="utf-8")
    fixed = run_appeal("-C", root, "build")
    assert fixed.exit_code == 0, fixed.output
    assert "[es] " in (root / "dist" / "es" / "digest.html").read_text(encoding="utf-8")
