"""The sample appeal, translated cleanly, then broken once per check: each break is found.

The catalogs come from the real template of the sample (links, an e-mail address
and emphasis restored in a copy of the content), translated by a pseudo-German
transform that keeps placeholders, markup, numbers and the glossary's terms.
Then each check gets exactly one planted problem in its own entry, and
``appeal check`` must report exactly those, each at its entry's line.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from appeal.catalogs import Catalog, Entry, read_catalog, write_catalog, write_template
from appeal.checks import CHECKS, check_catalog
from appeal.checks.report import check_workspace
from appeal.extract import build_template
from appeal.workspace import load_workspace
from tests.conftest import OWN_TEMPLATES, copy_sample, msgfmt_check, run_appeal

EDITS = {
    "content/digest.md": [
        ("see: and in the telegram channel",
         "see: [his case](https://example.org/orlov) and in the\n"
         "[telegram channel](https://t.me/example_sac)"),
        ("activities of the SAC here:",
         "activities of the SAC here: https://example.org/donate (or write to\n"
         "sac@example.org)"),
        ("Kagarlitsky was released", "Kagarlitsky was *released*"),
    ],
    "content/appeal.md": [("Solidarity forever!", "**Solidarity forever!**")],
}
GLOSSARY_PO = """\
msgid ""
msgstr ""
"Language: de\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=utf-8\\n"
"Content-Transfer-Encoding: 8bit\\n"

msgid "Committee for Solidary Actions"
msgstr "Komitee für Solidarische Aktionen"

#, do-not-translate
msgid "SAC"
msgstr ""

#, do-not-translate
msgid "Rabkor"
msgstr ""
"""
RENDERINGS = {"Committee for Solidary Actions": "Komitee für Solidarische Aktionen",
              "SAC": "SAC", "Rabkor": "Rabkor"}
KEEP = re.compile("|".join([r"https?://[^\s)>]+", r"[\w.+-]+@[\w.-]+\w", r"%\(\w+\)s",
                            r"\]\([^)]*\)", r"<[^>]*>", *map(re.escape, RENDERINGS)]))
UMLAUTS = str.maketrans("aoue", "äöüë")


def pseudo_german(text: str) -> str:
    """A translation that differs from the source but keeps everything the checks protect."""
    out, last = [], 0
    for match in KEEP.finditer(text):
        out.append(text[last:match.start()].translate(UMLAUTS))
        out.append(RENDERINGS.get(match[0], match[0]))
        last = match.end()
    out.append(text[last:].translate(UMLAUTS))
    return "".join(out)


def translate(catalog: Catalog) -> Catalog:
    return catalog.with_entries(
        entry.replace(strings=tuple(pseudo_german(entry.ids[min(i, len(entry.ids) - 1)])
                                    for i in range(catalog.nplurals if entry.plural_id else 1)))
        for entry in catalog)


Plant = tuple[str, str, Callable[[str], str]]
"""Check id, the start of the msgid of the entry it is planted in, and the damage done."""

ON_DISK: list[Plant] = [
    ("untranslated", "Konstantin is currently recovering", lambda s: ""),
    ("unchanged", "We are increasingly stepping up",
     lambda s: "We are increasingly stepping up our struggle against political repression by "
               "the bourgeois state, as well as for the rights of wage laborers."),
    ("whitespace", "Contents", lambda s: " " + s),
    ("line-breaks", "At the moment, the SAC's main purpose", lambda s: s.replace(", ", ",\\\n", 1)),
    ("length", "Azat Miftakhov", lambda s: " ".join([s] * 5)),
    ("invisible-characters", "Languages", lambda s: s + "\u200b"),
    ("markup", "On December 12, 2023", lambda s: s.replace("*", "")),
    ("links", "For more information about Anton Orlov",
     lambda s: s.replace("example_sac", "example_ksd")),
    ("html", "Thousands of mathematicians", lambda s: s.replace("15", "<b>15</b>")),
    ("urls", "You can contribute", lambda s: s.replace("sac@", "ksd@")),
    ("numbers", "He was arrested (July 26, 2023)", lambda s: s.replace("205.2", "205.3")),
    ("glossary", "The Committee for Solidary Actions is",
     lambda s: s.replace("Komitee für Solidarische Aktionen", "Sölidäritätskömitee")),
    ("do-not-translate", "He went on to found", lambda s: s.replace("Rabkor", "Рабкор")),
]
IN_ARABIC: list[Plant] = [("direction-marks", "**Solidarity forever", lambda s: "\u200f" + s)]
IN_MEMORY: list[Plant] = [  # msgfmt --check itself refuses these, so no file holds them
    ("placeholders", "Last changed on", lambda s: s.replace(" %(date)s", "")),
    ("plurals", "Approximate reading time: %(minutes)s", lambda s: ""),
]


def find(catalog: Catalog, start: str) -> Entry:
    """The one entry whose msgid is *start* or, failing that, starts with it."""
    ids = {m.id: m for m in catalog if m.id}
    if start in ids:
        return ids[start]
    matches = [m for msgid, m in ids.items() if msgid.startswith(start)]
    assert len(matches) == 1, f"{start!r} must name exactly one entry"
    return matches[0]


def plant(catalog: Catalog, plants: list[Plant]) -> Catalog:
    for _, start, damage in plants:
        entry = find(catalog, start)
        strings = ((entry.strings[0], damage(entry.strings[1]), *entry.strings[2:])
                   if entry.plural_id is not None else (damage(entry.strings[0]),))
        catalog = catalog.replaced([entry.replace(strings=strings)])
    return catalog


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample, extracted and updated for German and Arabic, translated cleanly."""
    root = copy_sample(tmp_path_factory.mktemp("planted") / "ws", languages=["de", "ar"],
                       templates=OWN_TEMPLATES)
    for name, edits in EDITS.items():
        text = (root / name).read_text(encoding="utf-8")
        for old, new in edits:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        (root / name).write_text(text, encoding="utf-8")
    ws = load_workspace(root)
    write_template(ws.pot_path, build_template(ws))
    assert run_appeal("-C", root, "update").exit_code == 0
    for lang in ws.languages:
        catalog = read_catalog(ws.po_path(lang), locale=lang)
        write_catalog(ws.po_path(lang), translate(catalog))
    (root / "locales/de/LC_MESSAGES/glossary.po").write_text(GLOSSARY_PO, encoding="utf-8")
    return root


def test_every_check_has_a_planted_problem() -> None:
    planted = [check_id for check_id, _, _ in ON_DISK + IN_ARABIC + IN_MEMORY]
    assert sorted(planted) == sorted(CHECKS)


def test_the_clean_translation_passes_every_check(sample: Path) -> None:
    for path in sample.glob("locales/*/LC_MESSAGES/*.po"):
        msgfmt_check(path)
    result = run_appeal("-C", sample, "check", "--strict")
    assert result.stdout == ""
    assert result.exit_code == 0


@pytest.fixture(scope="module")
def planted(sample: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the clean sample with the planted problems written into its catalogs."""
    root = tmp_path_factory.mktemp("planted") / "ws"
    shutil.copytree(sample, root)
    ws = load_workspace(root)
    for lang, plants in (("de", ON_DISK), ("ar", IN_ARABIC)):
        catalog = read_catalog(ws.po_path(lang), locale=lang)
        write_catalog(ws.po_path(lang), plant(catalog, plants))
    return root


def expected_lines(path: Path, plants: list[Plant]) -> set[tuple[str, int]]:
    catalog = read_catalog(path)
    return {(check_id, find(catalog, start).line) for check_id, start, _ in plants}


def test_appeal_check_finds_each_planted_problem_at_its_line(planted: Path) -> None:
    for path in planted.glob("locales/*/LC_MESSAGES/*.po"):
        msgfmt_check(path)
    result = run_appeal("-C", planted, "check", "--format", "json")
    found = json.loads(result.stdout)
    de = planted / "locales/de/LC_MESSAGES/messages.po"
    ar = planted / "locales/ar/LC_MESSAGES/messages.po"
    assert {(f["check"], f["line"]) for f in found if f["language"] == "de"} == \
        expected_lines(de, ON_DISK)
    assert {(f["check"], f["line"]) for f in found if f["language"] == "ar"} == \
        expected_lines(ar, IN_ARABIC)
    assert {f["path"] for f in found} == {"locales/de/LC_MESSAGES/messages.po",
                                         "locales/ar/LC_MESSAGES/messages.po"}
    assert result.exit_code == 1


def test_problems_msgfmt_refuses_are_found_in_memory(planted: Path) -> None:
    ws = load_workspace(planted)
    catalog = plant(read_catalog(ws.po_path("de"), locale="de"), IN_MEMORY)
    glossary = {"Committee for Solidary Actions": "Komitee für Solidarische Aktionen",
                "SAC": "SAC", "Rabkor": "Rabkor"}
    problems = check_catalog(catalog, path=None, language="de", source_language="en",
                             glossary=glossary)
    in_memory = {(check_id, find(catalog, start).line) for check_id, start, _ in IN_MEMORY}
    assert {(p.check, p.line) for p in problems} == \
        expected_lines(ws.po_path("de"), ON_DISK) | in_memory


def test_the_glossary_catalog_of_the_workspace_is_used(planted: Path) -> None:
    reports = check_workspace(load_workspace(planted), ["de"], only=["glossary",
                                                                      "do-not-translate"])
    assert sorted(p.check for p in reports[0].problems) == ["do-not-translate", "glossary"]
