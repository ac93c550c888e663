"""The reader's two paths agree: whole entries in the usual layout, and line by line.

``reading.py`` takes an entry laid out as GNU tools write it with one pattern
match, and everything else through its line machine. A file with CRLF line
ends goes through the line machine only, with the same line numbers, so
every mutation of real catalogs below is read both ways: the catalogs, or
the errors (message and line), must be the same. (A backslash at the end of
a line joins it to the next, which a CR before the line end prevents, so
such files are left out: they go to the line machine in any case.)
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from appeal.catalogs.reading import parse_catalog
from appeal.errors import CatalogError
from tests.test_msgcat_differential import _catalog_text

REPO = Path(__file__).resolve().parents[1]
SOURCES = sorted([*REPO.glob("locales/*/LC_MESSAGES/*.po"), REPO / "locales/glossary.pot",
                  *(Path(__file__).parent / "data" / "msgmerge").glob("*.po*"),
                  *(Path(__file__).parent / "data" / "bad").glob("*.po")])
NOISE = ('"', 'msgid "x"', "msgstr", 'msgstr[1] "y"', "#~ msgid \"z\"", "#, fuzzy", "",
         '"tail"', "msgctxt \"c\"", "#| msgid \"old\"", "  ", 'msgid_plural "p"', "#.")


def _read(text: str) -> object:
    try:
        return parse_catalog(text)
    except CatalogError as error:
        return (error.message, error.line)


def _mutations(text: str, seed: int) -> list[str]:
    rng = random.Random(seed)
    lines = text.split("\n")
    made = []
    for _ in range(40):
        changed = list(lines)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(max(len(changed), 1))
            if not changed:
                changed.append("")
            action = rng.choice(("drop", "copy", "insert", "swap", "indent"))
            if action == "drop":
                del changed[at]
            elif action == "copy":
                changed.insert(at, changed[at])
            elif action == "insert":
                changed.insert(at, rng.choice(NOISE))
            elif action == "swap" and at + 1 < len(changed):
                changed[at], changed[at + 1] = changed[at + 1], changed[at]
            else:
                changed[at] = " " + changed[at]
        made.append("\n".join(changed))
    return made


def _assert_alike(text: str, name: str) -> None:
    compared = 0
    for number, mutated in enumerate([text, *_mutations(text, len(text))]):
        if "\\\n" in mutated:
            continue  # a backslash joining lines sends the file to the line machine anyway
        compared += 1
        whole = _read(mutated)
        by_line = _read(mutated.replace("\n", "\r\n"))
        assert whole == by_line, f"mutation {number} of {name}"
    assert compared > 10


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: f"{path.parent.name}/{path.name}")
def test_both_paths_read_every_mutation_of_real_catalogs_alike(source: Path) -> None:
    _assert_alike(source.read_bytes().decode("utf-8", errors="replace"), source.name)


@pytest.mark.parametrize("seed", range(1, 9))
def test_both_paths_read_every_mutation_of_generated_catalogs_alike(seed: int) -> None:
    """Generated catalogs hold what the sample lacks: plural entries, trailing blanks,
    previous msgids, escapes, obsolete entries."""
    text = _catalog_text(seed, 60).replace("\\\n", "\\x\n")
    _assert_alike(text, f"generated catalog {seed}")
