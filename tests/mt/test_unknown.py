"""Words Apertium did not know: recorded with the draft, highlighted, counted.

Real Apertium (local and through a real apertium-apy), the command line, the
review page and the dashboard, on a campaign of another committee (not the
sample) whose text holds words no installed pair knows.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from appeal.catalogs import read_catalog
from appeal.mt.apertium import ApertiumEngine
from appeal.mt.apy import ApyEngine
from appeal.mt.base import Route
from appeal.workspace import load_workspace
from tests.conftest import run_appeal, write_workspace

LETTER = """---
title: The dockworkers' letter
---

# The dockworkers' letter

The quuxly stevedores of Lisbon went on strike against the frobnicating bosses.

The union asks for solidarity.
"""


@pytest.fixture
def campaign(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    root = write_workspace(tmp_path / "fund", {"letter.md": LETTER},
                           languages=["es", "pt", "eo"], project="Dockworkers' defence fund",
                           formats=("html",))
    result = run_appeal("-C", root, "translate")
    assert result.exit_code == 0, result.output
    return root


def strike(root: Path, lang: str) -> tuple[str, tuple[str, ...]]:
    catalog = read_catalog(load_workspace(root).po_path(lang), locale=lang)
    entry = next(e for e in catalog if e.id.startswith("The quuxly stevedores"))
    assert entry.provenance is not None
    return entry.strings[0], entry.provenance.unknown


@pytest.mark.parametrize("lang", ["es", "pt", "eo"])
def test_unknown_words_are_recorded_and_taken_out_of_the_text(campaign: Path,
                                                              lang: str) -> None:
    text, unknown = strike(campaign, lang)
    assert {"quuxly", "frobnicating"} <= set(unknown), unknown
    assert not re.search(r"[*@#]\w", text), text
    assert not any(re.fullmatch(r"X\d+X", word) for word in unknown)
    plain = read_catalog(load_workspace(campaign).po_path(lang), locale=lang)
    union = next(e for e in plain if e.id == "The union asks for solidarity.")
    assert union.provenance is not None and union.provenance.unknown == ()


def test_the_record_survives_the_memory(campaign: Path) -> None:
    """``--refresh`` redrafts from the translation memory, without the engine."""
    before = strike(campaign, "es")
    result = run_appeal("-C", campaign, "translate", "--refresh", "--lang", "es")
    assert result.exit_code == 0 and "0 segments sent" in result.output, result.output
    assert strike(campaign, "es") == before


def test_review_page_highlights_and_ranks_them(campaign: Path) -> None:
    assert run_appeal("-C", campaign, "review", "--lang", "es").exit_code == 0
    page = (campaign / "review" / "es.html").read_text(encoding="utf-8")
    _, unknown = strike(campaign, "es")
    for word in unknown:
        assert f'<mark class="unknown">{word}</mark>' in page
    assert re.search(r'href="#filter-unknown">Unknown words \(2\)', page)  # and the title
    ranking = re.search(r'<ol class="most-unknown"><li><a href="#letter-(\d+)">letter #\1</a>: '
                        rf"{len(unknown)} \(", page)
    assert ranking, page[:2000]
    row = re.search(rf'<tr class="entry [^"]*" id="letter-{ranking[1]}">(.*?)</tr>', page,
                    re.DOTALL)
    assert row and "quuxly" in row[1] and "f-unknown" in page


def test_status_and_dashboard_count_them(campaign: Path) -> None:
    result = run_appeal("-C", campaign, "status", "--json")
    assert result.exit_code == 0
    found = {row["language"]: row for row in json.loads(result.output)["languages"]}
    for lang in ("es", "pt", "eo"):
        catalog = read_catalog(load_workspace(campaign).po_path(lang), locale=lang)
        recorded = [len(e.provenance.unknown) for e in catalog
                    if e.provenance and e.provenance.unknown]
        assert len(recorded) == 2  # the strike, and "dockworkers" in the title
        assert found[lang]["unknown_words"] == sum(recorded)
        assert found[lang]["unknown_drafts"] == 2
    table = run_appeal("-C", campaign, "status", "--lang", "es")
    assert f"{found['es']['unknown_words']} words unknown to the engine in 2 machine drafts" \
        in " ".join(table.output.split())
    run_appeal("-C", campaign, "review")
    run_appeal("-C", campaign, "status")
    dashboard = (campaign / "review" / "status.html").read_text(encoding="utf-8")
    assert f'<a href="es.html#filter-unknown">{found["es"]["unknown_words"]} words unknown to ' \
        "the engine in 2 drafts</a>" in dashboard


def test_local_engine_reports_unknown_words_of_every_hop(apertium: ApertiumEngine) -> None:
    route = apertium.routes("en", "pt")[0]
    assert route.label == "apertium eng→spa→por"
    [(text, unknown)] = apertium.translate_marked(["The quuxly union."], route)
    assert unknown == ("quuxly",) and "quuxly" in text and "*" not in text
    [(blank, none)] = apertium.translate_marked(["  "], route)
    assert (blank, none) == ("  ", ())


def test_apy_marks_them_as_the_local_engine_does(apy_server: str,
                                                apertium: ApertiumEngine) -> None:
    route = Route("apy", ("eng", "spa"))
    texts = ["The quuxly union went on strike.", "The union asks for solidarity."]
    remote = ApyEngine(apy_server).translate_marked(texts, route)
    local = apertium.translate_marked(texts, apertium.routes("en", "es")[0])
    assert remote == local
    assert remote[0][1] == ("quuxly",) and remote[1][1] == ()
