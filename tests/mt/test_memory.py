"""The SQLite translation memory and reviewed translations found in the workspace."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from appeal.catalogs import Catalog, Entry, write_catalog
from appeal.mt.memory import Memory, memory_path, reviewed, reviewed_in_workspace
from appeal.workspace import Workspace


def test_answers_survive_reopening_and_are_keyed_by_route(tmp_path: Path) -> None:
    path = tmp_path / "shared" / "memory.sqlite"
    with Memory(path) as memory:
        memory.store("apertium", "apertium eng→spa", {"Hello X1X": "Hola X1X"})
    with Memory(path) as memory:
        assert memory.lookup("apertium", "apertium eng→spa", ["Hello X1X", "Bye"]) == \
            {"Hello X1X": "Hola X1X"}
        assert memory.lookup("apertium", "apertium eng→cat", ["Hello X1X"]) == {}
        assert memory.count() == 1
    mode = sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_lookup_handles_more_texts_than_sqlite_parameters(tmp_path: Path) -> None:
    with Memory(tmp_path / "m.sqlite") as memory:
        memory.store("e", "e a→b", {f"t{i}": f"u{i}" for i in range(2000)})
        assert len(memory.lookup("e", "e a→b", [f"t{i}" for i in range(2500)])) == 2000


def test_memory_path_comes_from_settings(tmp_path: Path) -> None:
    ws = Workspace(tmp_path, settings={"translate": {"memory": "../tm.sqlite"}})
    assert memory_path(ws) == tmp_path / "../tm.sqlite"
    assert memory_path(Workspace(tmp_path)) == tmp_path / ".appeal" / "memory.sqlite"


def test_only_reviewed_translations_are_offered(tmp_path: Path) -> None:
    catalog = Catalog(locale="es", entries=(
        Entry("Reviewed", ("Revisado",)),
        Entry("Draft", ("Borrador",), flags=frozenset({"fuzzy"})),
        Entry("Empty"),
        Entry("one day", ("un día", "días", "días"), plural_id="days"),
        Entry("one hour", ("una hora", "", ""), plural_id="hours"),
    ), obsolete=(Entry("Gone", ("Ido",), obsolete=True),
                 Entry("Gone draft", ("Borrador ido",), flags=frozenset({"fuzzy"}),
                       obsolete=True)))
    assert reviewed(catalog.entries) == {"Reviewed": "Revisado",
                                         ("one day", "days"): ("un día", "días", "días")}
    assert reviewed(catalog.obsolete) == {"Gone": "Ido"}


def test_other_catalogs_of_the_language_are_searched_but_not_the_glossary(tmp_path: Path) -> None:
    ws = Workspace(tmp_path, languages=("es",))
    older = Catalog(locale="es", entries=(
        Entry("Solidarity forever!", ("¡Solidaridad para siempre!",)),),
        obsolete=(Entry("Free them all", ("Libertad para todos",), obsolete=True),))
    write_catalog(ws.locales / "es" / "LC_MESSAGES" / "older.po", older)
    glossary = Catalog(locale="es", entries=(Entry("SAC", ("CAS",)),))
    write_catalog(ws.locales / "es" / "LC_MESSAGES" / "glossary.po", glossary)
    found = reviewed_in_workspace(ws, "es")
    assert found == {"Solidarity forever!": "¡Solidaridad para siempre!",
                     "Free them all": "Libertad para todos"}
