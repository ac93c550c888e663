"""Output formats come from one registry: the command line, the index, the dashboard and
the README all follow it, and a new format is one registration."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from appeal.formats import FORMATS, Format, document_formats, register
from tests.conftest import REPO, run_appeal


def readme_formats() -> list[tuple[str, str, str]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text.split("<!-- formats:", 1)[1].split("\n\n", 1)[0]
    return [(m[1], m[2], m[3]) for m in re.finditer(r"^\| `([^`]+)` \| ([^|]+?) \| ([^|]+?) \|$",
                                                     table, re.MULTILINE)]


def test_the_readme_lists_exactly_the_registered_formats() -> None:
    registered = [(fmt.name, fmt.label, fmt.description) for fmt in FORMATS.values()
                  if fmt.scope == "document"]
    assert readme_formats() == registered


def write_json(name: str, rendered: str, page_url: str | None) -> dict[str, bytes]:
    return {f"{name}.json": json.dumps({"page": rendered[:40]}).encode("utf-8")}


@pytest.fixture
def json_format() -> Iterator[Format]:
    """A format a third party might add: one registration, taken away after the test."""
    fmt = register(Format(name="json", label="JSON", description="the page as JSON",
                          template="page.txt.j2", suffix="json", pattern="{name}.json",
                          write=write_json))
    yield fmt
    del FORMATS["json"]


def test_a_new_format_is_one_registration(json_format: Format, small_sample: Path) -> None:
    assert "json" in document_formats()
    result = run_appeal("-C", small_sample, "build", "--format", "html,json")
    assert result.exit_code == 0, result.output
    for lang in ("en", "es", "de", "ar"):
        for doc in ("appeal", "digest"):
            data = json.loads((small_sample / "dist" / lang / f"{doc}.json").read_bytes())
            assert data["page"]
    settings = small_sample / "appeal.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        'formats = ["html", "md", "txt"]', 'formats = ["html", "json"]'), encoding="utf-8")
    assert run_appeal("-C", small_sample, "build").exit_code == 0
    index = (small_sample / "dist" / "index.html").read_text(encoding="utf-8")
    assert 'href="de/appeal.json"' in index
    assert run_appeal("-C", small_sample, "status").exit_code == 0
    assert 'href="../dist/de/appeal.json"' in (small_sample / "review" / "status.html").read_text(
        encoding="utf-8")


def test_an_unknown_format_names_the_registered_ones(small_sample: Path) -> None:
    result = run_appeal("-C", small_sample, "build", "--format", "docx")
    assert result.exit_code == 2
    assert "unknown format 'docx'" in result.output
    assert ", ".join(document_formats()) in result.output
