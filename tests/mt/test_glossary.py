"""The glossary catalogs: seeds are valid gettext, renderings apply per language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from appeal.glossary import read_glossary
from appeal.workspace import load_workspace
from tests.conftest import REPO, copy_sample, msgfmt_check

PEOPLE = ["Anton Orlov", "Konstantin Zavalin", "Kirill Ukraintsev", "Lev Skoryakin",
          "Boris Kagarlitsky", "Alexander Kupriyanov", "Azat Miftakhov", "Felix Eliseev",
          "Daria Kozyreva", "Aikhal Ammosov"]


@pytest.fixture
def ws_root(tmp_path: Path) -> Path:
    root = copy_sample(tmp_path / "ws", languages=["es", "de", "ru"])
    shutil.copytree(REPO / "locales", root / "locales",
                    ignore=shutil.ignore_patterns("messages.*", "*.mo"))
    return root


@pytest.mark.parametrize("path", ["glossary.pot", "de/LC_MESSAGES/glossary.po",
                                  "ru/LC_MESSAGES/glossary.po"])
def test_seeds_pass_msgfmt(path: str) -> None:
    msgfmt_check(REPO / "locales" / path)


def test_every_person_of_the_sample_is_in_the_glossary(ws_root: Path) -> None:
    content = "".join(p.read_text(encoding="utf-8") for p in (REPO / "content").glob("*.md"))
    terms = read_glossary(load_workspace(ws_root), "es").terms
    for person in PEOPLE:
        assert person in content
        assert terms[person] == person
    for name in ("SAC", "MPRA", "KSD", "Left Bloc"):
        assert terms[name] == name


@pytest.mark.parametrize(("lang", "term", "rendering"), [
    ("de", "Kagarlitsky", "Kagarlizki"), ("de", "Kupriyanov", "Kuprijanow"),
    ("de", "SAC", "SAC"), ("ru", "Kagarlitsky", "Кагарлицкий"), ("ru", "Zavalin", "Завалин"),
    ("ru", "Miftakhov", "Мифтахов"), ("ru", "Skoryakin", "Скорякин"), ("ru", "Eliseev", "Елисеев"),
    ("ru", "Kozyreva", "Козырева"), ("ru", "Ammosov", "Аммосов"), ("ru", "Orlov", "Орлов"),
    ("ru", "Kupriyanov", "Куприянов"), ("ru", "SAC", "КСД"), ("es", "Orlov", "Orlov"),
])
def test_language_renderings(ws_root: Path, lang: str, term: str, rendering: str) -> None:
    assert read_glossary(load_workspace(ws_root), lang).terms[term] == rendering


def test_fuzzy_renderings_are_not_applied(ws_root: Path) -> None:
    path = ws_root / "locales" / "de" / "LC_MESSAGES" / "glossary.po"
    assert read_glossary(load_workspace(ws_root), "de").terms["Left Bloc"] == "Linker Block"
    text = path.read_text(encoding="utf-8")
    kept = '#. appeal: do-not-translate\nmsgid "Left Bloc"'
    assert kept in text
    path.write_text(text.replace(kept, kept.replace("\nmsgid", "\n#, fuzzy\nmsgid")),
                    encoding="utf-8")
    assert read_glossary(load_workspace(ws_root), "de").terms["Left Bloc"] == "Left Bloc"


def test_a_workspace_without_glossary_has_no_terms(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "bare", languages=["es"])
    assert read_glossary(load_workspace(root), "es").terms == {}
