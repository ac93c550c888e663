"""Tidy drafts: what ``appeal translate`` writes has no artefacts of its own making.

Measured over the sample's drafts in all seven languages Apertium reaches here
(its glossary protects the committee's and the prisoners' names), with real
Apertium through the command line; and on made-up text for each rule.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from appeal.catalogs import read_catalog
from appeal.glossary import read_glossary
from appeal.mt.tidy import tidy
from appeal.workspace import load_workspace
from tests.conftest import REPO, copy_sample, run_appeal

OFFLINE = ["es", "ca", "gl", "eo", "pt", "it", "fr"]
DOUBLE = re.compile(r"\S[ \t]{2,}\S")


def artefacts(root: Path, lang: str) -> dict[str, list[str]]:
    """Every untouched draft's artefacts by kind."""
    ws = load_workspace(root)
    terms = read_glossary(ws, lang).terms
    found: dict[str, list[str]] = {"double spaces": [], "tokens": [], "capital after a term": [],
                                   "shield warnings": []}
    drafts = [entry for entry in read_catalog(ws.po_path(lang), locale=lang)
              if entry.untouched_draft]
    assert len(drafts) > 50
    for entry in drafts:
        text = entry.strings[0]
        if DOUBLE.search(text) and not DOUBLE.search(entry.id):
            found["double spaces"].append(text)
        if re.search(r"X\d+X", text):
            found["tokens"].append(text)
        for term in terms:
            after = re.match(re.escape(term) + r" (\w+)", text)
            before = re.match(re.escape(term) + r" (\w+)", entry.id)
            if after and before and before[1][0].islower() and after[1][:1].isupper() \
                    and not after[1].isupper():
                found["capital after a term"].append(text)
        if entry.provenance and entry.provenance.warnings:
            found["shield warnings"].append(text)
    return found


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("tidy") / "ws", languages=OFFLINE)
    shutil.copytree(REPO / "locales", root / "locales")
    result = run_appeal("-C", root, "translate")
    assert result.exit_code == 0, result.output
    return root


@pytest.mark.parametrize("lang", OFFLINE)
def test_sample_drafts_have_no_artefacts(drafted: Path, lang: str) -> None:
    assert artefacts(drafted, lang) == {"double spaces": [], "tokens": [],
                                        "capital after a term": [], "shield warnings": []}


@pytest.mark.parametrize("lang", OFFLINE)
def test_possessive_of_a_protected_name_keeps_its_place(drafted: Path, lang: str) -> None:
    """"SAC's appeal": raw Apertium writes "saco" (a sack), a token lost the possessive."""
    catalog = read_catalog(load_workspace(drafted).po_path(lang), locale=lang)
    title = next(entry for entry in catalog if entry.id.startswith("SAC's appeal"))
    text = title.strings[0]
    assert re.search(r"(de|di|du)\s+SAC\b", text), text
    assert not text.startswith("SAC") and text[0].isupper(), text


def test_double_spaces_go_unless_the_source_has_them() -> None:
    assert tidy("un  grupo   político", "a political group") == "un grupo político"
    assert tidy("  sangría  inicial", "  leading indent") == "  sangría inicial"
    assert tidy("dos  espacios", "two  spaces") == "dos  espacios"
    assert tidy("línea\n\ncorte", "line\n\nbreak") == "línea\n\ncorte"


def test_capital_after_a_leading_term_is_lowered_only_if_the_source_has_lower_case() -> None:
    terms = ["Dockworkers' Fund", "Lisbon"]
    assert tidy("Dockworkers' Fund Pidió ayuda.", "Dockworkers' Fund asked for help.",
                terms) == "Dockworkers' Fund pidió ayuda."
    assert tidy("Lisbon Port se cerró.", "Lisbon Port closed.", terms) == "Lisbon Port se cerró."
    assert tidy("Lisbon NATO cumbre.", "Lisbon summit.", terms) == "Lisbon NATO cumbre."
    assert tidy("Ayer Lisbon Pidió.", "Yesterday Lisbon asked.", terms) == "Ayer Lisbon Pidió."


def test_first_letter_follows_the_source() -> None:
    assert tidy("l'atractiu del fons", "The fund's appeal") == "L'atractiu del fons"
    assert tidy("iPhone nou", "iPhone new") == "iPhone nou"
    assert tidy("<kbd>ctrl</kbd> prem", "Press <kbd>ctrl</kbd>") == "<kbd>ctrl</kbd> prem"
    assert tidy("«ayuda» pidió", "“Help” asked") == "«Ayuda» pidió"
    assert tidy("٢٠٢٤ عام", "In 2024") == "٢٠٢٤ عام"
