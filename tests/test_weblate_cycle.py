"""A catalog that goes round Weblate and back is a fixed point.

Weblate saves a catalog through translate-toolkit and, with its "Update PO
files to match POT (msgmerge)" add-on, merges it against the template with
``msgmerge --previous`` into a new file (the add-on's defaults: fuzzy
matching, previous msgids, locations, the default wrapping). ``appeal
update`` must take what they write as its own: after one round, none of the
three changes a line, whoever merged the template first.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from translate.storage import po

from appeal.catalogs import State, read_catalog
from tests.conftest import OWN_TEMPLATES, copy_sample, msgfmt_check, require_tool, run_appeal
from tests.pseudo import pseudo

LANG = "pt_BR"
TEAM = "Portuguese (Brazil) <https://hosted.weblate.org/projects/sac/appeal/pt_BR/>"
REVIEWED = {
    "SAC's appeal to left-wing organizations":
        "Apelo do CSA às organizações de esquerda",
    "Solidarity forever!": "Solidariedade para sempre!",
    "Boris Kagarlitsky": "Boris Kagarlitski",
}
"""Real translations; every other entry of the document gets a pseudo-translation."""
EDITED = ("reestablished in 2022.", "re-established in 2022.")
"""A translated paragraph whose English changes: its translation goes fuzzy, ``#|``."""
REMOVED = ("At the moment, the SAC's main purpose is to support repressed political and\n"
           "trade union activists.\n\n")
"""A translated paragraph that goes away: its translation becomes obsolete, ``#~``."""
REMOVED_LATER = ("We are increasingly stepping up our struggle against political repression by\n"
                 "the bourgeois state, as well as for the rights of wage laborers.\n\n")
"""A second paragraph that goes away, after a first cycle left an obsolete entry."""


def po_path(root: Path) -> Path:
    return root / "locales" / LANG / "LC_MESSAGES" / "messages.po"


def weblate_translates(root: Path, language: str) -> None:
    """Translate the document as a team would in Weblate, and save it as Weblate does:
    reviewed and fuzzy entries, a plural entry, a translator's comment, Weblate's header."""
    path = po_path(root)
    store = po.pofile.parsefile(str(path))
    done = 0
    for unit in store.units:
        if unit.isheader():
            continue
        source = str(unit.source)
        if unit.hasplural():
            forms = [pseudo(str(text)) for text in unit.source.strings]
            unit.target = forms
            continue
        if not any(location.startswith("content/") for location in unit.getlocations()):
            continue  # the page text stays untranslated
        unit.target = REVIEWED.get(source, pseudo(source))
        done += 1
        if done % 4 == 0:
            unit.markfuzzy(True)
        if done == 2:
            unit.addnote("Keep the year in figures.", origin="translator")
    # The date in its header spelling: older translate-toolkit (3.13 to 3.15) misses an
    # existing field under the title-cased "Po-Revision-Date".
    store.updateheader(
        add=True, last_translator="Maria Silva <maria@example.org>",
        language_team=TEAM, language=language, plural_forms="nplurals=2; plural=n > 1;",
        x_generator="Weblate 5.8.1", **{"PO-Revision-Date": "2024-08-21 10:00+0000"})
    path.write_bytes(bytes(store))


def edit_content(root: Path, old: str, new: str) -> None:
    document = root / "content" / "appeal.md"
    text = document.read_text(encoding="utf-8")
    assert old in text
    document.write_text(text.replace(old, new), encoding="utf-8")


def weblate_round(root: Path) -> list[bytes]:
    """One round: Weblate saves, its add-on merges, a developer runs ``appeal update``;
    the file after each of the three."""
    path = po_path(root)
    seen = []
    store = po.pofile.parsefile(str(path))
    path.write_bytes(bytes(store))
    seen.append(path.read_bytes())
    merged = path.with_name("merged.po")
    subprocess.run(["msgmerge", "--quiet", "--previous", "--output-file", str(merged),
                    str(path), str(root / "locales" / "messages.pot")], check=True)
    os.replace(merged, path)
    seen.append(path.read_bytes())
    appeal("update", root=root)
    seen.append(path.read_bytes())
    return seen


def appeal(*args: str, root: Path) -> str:
    result = run_appeal("-C", root, *args)
    assert result.exit_code == 0, result.output
    return result.output


def assert_fixed_point(root: Path) -> bytes:
    """Three rounds; the file the first one leaves is left alone by every step after it."""
    first = weblate_round(root)[-1]
    for _ in range(2):
        assert weblate_round(root) == [first] * 3
    assert "up to date" in appeal("update", "--check", root=root)
    return first


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    require_tool("msgmerge", "gettext")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    root = copy_sample(tmp_path / "ws", languages=[LANG], templates=OWN_TEMPLATES)
    appeal("update", root=root)
    return root


def test_a_catalog_as_appeal_creates_it_is_a_fixed_point(workspace: Path) -> None:
    """Weblate's first save writes the header in translate-toolkit's order; then it stays."""
    created = po_path(workspace).read_bytes()
    text = assert_fixed_point(workspace).decode("utf-8")
    assert text != created.decode("utf-8")
    assert text.split("\n\n", 1)[1] == created.decode("utf-8").split("\n\n", 1)[1]


@pytest.mark.parametrize("language", ["pt_BR", "pt-BR"])
@pytest.mark.parametrize("first", ["msgmerge", "appeal"])
def test_a_weblate_cycle_is_a_fixed_point(workspace: Path, language: str, first: str) -> None:
    root = workspace
    weblate_translates(root, language)
    edit_content(root, *EDITED)
    edit_content(root, REMOVED, "")
    appeal("update" if first == "appeal" else "extract", root=root)
    text = assert_fixed_point(root).decode("utf-8")

    assert f'"Language: {language}\\n"' in text
    assert '"X-Generator: Weblate 5.8.1\\n"' in text
    assert "https://hosted.weblate.org/projects/sac/" in text
    assert '"Plural-Forms: nplurals=2; plural=n > 1;\\n"' in text
    assert "#| \"trade union activists reestablished in 2022.\"" in text
    assert "\n#~ msgid " in text
    assert "# Keep the year in figures." in text
    msgfmt_check(po_path(root))
    catalog = read_catalog(po_path(root), locale=LANG)
    states = [entry.state for entry in catalog.entries]
    assert {State.REVIEWED, State.OUTDATED, State.DRAFT, State.UNTRANSLATED} <= set(states)
    plural = next(entry for entry in catalog.entries if entry.plural_id is not None)
    assert len(plural.strings) == 2 and all(plural.strings)
    assert catalog.get("Solidarity forever!") is not None
    assert [entry.id.split(",")[0] for entry in catalog.obsolete] == ["At the moment"]


def second_edit(root: Path) -> None:
    """Weblate's translations, an edit that makes an entry obsolete and its cycle, then
    a second edit of the content that makes another one obsolete (not yet merged)."""
    weblate_translates(root, LANG)
    edit_content(root, REMOVED, "")
    appeal("extract", root=root)
    assert_fixed_point(root)
    edit_content(root, *EDITED)
    edit_content(root, REMOVED_LATER, "")


@pytest.mark.parametrize("first", ["msgmerge", "appeal"])
def test_a_second_edit_over_obsolete_entries_is_a_fixed_point_too(workspace: Path,
                                                                  first: str) -> None:
    """Obsolete entries from an earlier edit, and one more going obsolete."""
    root = workspace
    second_edit(root)
    appeal("update" if first == "appeal" else "extract", root=root)
    text = assert_fixed_point(root).decode("utf-8")
    assert text.count("\n#~ msgid ") == 2


def msgmerge(root: Path) -> bytes:
    """What the add-on makes of the catalog and the template, written nowhere."""
    return subprocess.run(["msgmerge", "--quiet", "--previous", "--output-file", "-",
                           str(po_path(root)), str(root / "locales" / "messages.pot")],
                          capture_output=True, check=True).stdout


def test_appeal_update_merges_what_msgmerge_merges(workspace: Path) -> None:
    """The same catalog and template give the same bytes, whoever merges them."""
    root = workspace
    second_edit(root)
    appeal("extract", root=root)
    expected = msgmerge(root)
    appeal("update", root=root)
    assert po_path(root).read_bytes() == expected
