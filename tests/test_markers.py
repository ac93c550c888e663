"""appeal's markers survive every tool a catalog goes through on its way to a translator.

Every catalog of the sample workspace (each language's ``messages.po``, the
glossary template and the glossary catalogs) is given markers in the comment
form (``# appeal: ignore-…`` by translators, ``#. appeal: …`` from a note in
the Markdown and in the glossary template), with translations that the checks
find fault with and machine drafts carrying their provenance. It then goes
through GNU ``msgcat``, ``msgmerge --previous``, ``msgattrib``, polib and
translate-toolkit, each as a translator's setup would run it, and appeal must
find the same markers and drafts, and ``check``, ``status`` and ``build`` must
come out exactly as before.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from appeal.catalogs import FUZZY, Catalog, Entry, format_catalog, parse_catalog, read_catalog
from appeal.catalogs.markers import OLD_IGNORE, TAG, marker_comment, read_markers
from appeal.catalogs.provenance import draft_comments
from appeal.glossary import read_glossary
from appeal.workspace import load_workspace
from tests.conftest import REPO, copy_sample, msgfmt_check, require_tool, run_appeal

EPOCH = "1724112000"
NOTE = "<!-- i18n: appeal: ignore-unchanged -->\n\n"
NOTED = "The Committee for Solidary Actions is a political group"
"""The paragraph of content/appeal.md the author's note marks for every language."""
BUILT = ("--lang", "es,de,ru", "--format", "txt")
"""A build of a language without a glossary of its own and the two with one."""
SAC = re.compile(r"\bSAC\b")


# ---- the marked workspace ----

def catalog_paths(root: Path) -> list[Path]:
    """Every catalog of the workspace: each language's messages and glossary, the templates."""
    locales = root / "locales"
    return [*sorted(locales.glob("*/LC_MESSAGES/*.po")), locales / "glossary.pot",
            locales / "messages.pot"]


def language_of(path: Path) -> str | None:
    return path.parts[-3] if path.suffix == ".po" else None


def rewrite(path: Path, change: Callable[[Entry, int], Entry]) -> None:
    """Apply *change* to every entry of the catalog at *path* (and its number), in place."""
    catalog = read_catalog(path, locale=language_of(path))
    changed = catalog.with_entries(change(entry, number)
                                   for number, entry in enumerate(catalog.entries))
    path.write_bytes(format_catalog(changed))


def plant(entry: Entry, number: int) -> Entry:
    """A translation for the checks to find fault with, some of it silenced by a marker.

    Entries naming the SAC change it to "CSA" (an error: the glossary keeps the
    name), every other one silenced; the rest, by turns: untranslated, the
    source copied (``unchanged``), a machine draft of the source with its
    provenance comment, and the source five times (``length``); half of each
    with a marker silencing what the checks find.
    """
    forms = len(entry.strings)
    source = (*entry.ids, *[entry.ids[-1]] * (forms - len(entry.ids)))[:forms]

    def marked(*names: str) -> tuple[str, ...]:
        return (*entry.translator_comments, marker_comment(names))

    if SAC.search(entry.id):
        strings = tuple(SAC.sub("CSA", text) for text in source)
        comments = marked("ignore-do-not-translate", "ignore-glossary") if number % 2 \
            else entry.translator_comments
        return entry.replace(strings=strings, translator_comments=comments)
    kind = 1 if "ignore-unchanged" in entry.markers else number % 4
    if kind == 0:
        return entry
    if kind == 1:
        comments = marked("ignore-unchanged") if number % 8 == 1 else entry.translator_comments
        return entry.replace(strings=source, translator_comments=comments)
    if kind == 2:
        comments = marked("ignore-unchanged") if number % 8 == 2 else entry.translator_comments
        return entry.replace(strings=source, flags=entry.flags | {FUZZY}, translator_comments=(
            *comments, *draft_comments("apertium eng→spa", source)))
    comments = marked("ignore-length", "ignore-numbers") if number % 8 == 3 \
        else entry.translator_comments
    return entry.replace(strings=tuple(" ".join([text] * 5) for text in source),
                         translator_comments=comments)


def make_marked(root: Path) -> Path:
    """The sample workspace with its catalogs, an author's marker and planted translations."""
    copy_sample(root)
    shutil.copytree(REPO / "locales", root / "locales", ignore=shutil.ignore_patterns("*.mo"))
    document = root / "content" / "appeal.md"
    text = document.read_text(encoding="utf-8")
    assert NOTED in text
    document.write_text(text.replace(NOTED, NOTE + NOTED, 1), encoding="utf-8")
    for command in ("extract", "update"):
        result = run_appeal("-C", root, command)
        assert result.exit_code == 0, result.output
    for path in (root / "locales").glob("*/LC_MESSAGES/messages.po"):
        rewrite(path, plant)
    return root


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return make_marked(tmp_path_factory.mktemp("marked") / "ws")


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def copy_of(root: Path, target: Path) -> Path:
    shutil.copytree(root, target)
    return target


# ---- what appeal makes of a workspace ----

@dataclass(frozen=True)
class Seen:
    """What appeal reads in a workspace and what its commands report."""

    markers: dict[str, dict[Any, Any]]
    """Catalog → entry key → (markers, provenance, state)."""
    terms: dict[str, dict[str, str]]
    """Language → its glossary."""
    findings: list[dict[str, Any]]
    """``appeal check --format json``, without the lines (a tool may wrap differently)."""
    check_status: int
    status: Any
    """``appeal status --json``."""


def seen(root: Path) -> Seen:
    """What appeal reads in the catalogs of *root*, and what check and status report."""
    ws = load_workspace(root)
    markers = {str(path.relative_to(root)): {
        entry.key: (entry.markers, entry.provenance, entry.state)
        for entry in read_catalog(path, locale=language_of(path))} for path in catalog_paths(root)}
    checked = run_appeal("-C", root, "check", "--format", "json")
    status = run_appeal("-C", root, "status", "--json")
    assert status.exit_code == 0, status.output
    return Seen(markers=markers, terms={lang: read_glossary(ws, lang).terms
                                        for lang in ws.languages},
                findings=[{key: value for key, value in found.items() if key != "line"}
                          for found in json.loads(checked.stdout)],
                check_status=checked.exit_code, status=json.loads(status.stdout))


def built(root: Path) -> tuple[dict[str, bytes], list[str]]:
    """The files a build publishes and the warnings it prints (which entries it left out)."""
    result = run_appeal("-C", root, "build", *BUILT)
    assert result.exit_code == 0, result.output
    dist = root / "dist"
    files = {str(path.relative_to(dist)): path.read_bytes()
             for path in sorted(dist.rglob("*")) if path.is_file()}
    return files, [line for line in result.output.splitlines() if "warning" in line]


@pytest.fixture(scope="module")
def before(marked: Path, tmp_path_factory: pytest.TempPathFactory) -> Seen:
    """What appeal sees in the marked workspace (in a copy: the commands leave files)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return seen(copy_of(marked, tmp_path_factory.mktemp("seen") / "ws"))


@pytest.fixture(scope="module")
def built_before(marked: Path, tmp_path_factory: pytest.TempPathFactory
                 ) -> tuple[dict[str, bytes], list[str]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        return built(copy_of(marked, tmp_path_factory.mktemp("built") / "ws"))


# ---- the tools ----

def template_of(path: Path) -> Path:
    """``locales/<lang>/LC_MESSAGES/<domain>.po`` → ``locales/<domain>.pot``."""
    return path.parents[2] / f"{path.stem}.pot"


def gnu(*command: str) -> Callable[[Path], None]:
    """A GNU gettext program that rewrites the catalog given it."""
    def run(path: Path) -> None:
        require_tool(command[0], "gettext")
        subprocess.run([*command, "-o", str(path), str(path)], check=True)
    return run


def msgmerge(path: Path) -> None:
    """A translator bringing a catalog up to date with its template (templates stay)."""
    if path.suffix == ".po":
        require_tool("msgmerge", "gettext")
        subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(path), str(path),
                        str(template_of(path))], check=True)


def polib_save(path: Path) -> None:
    import polib

    polib.pofile(str(path)).save()


def translate_toolkit_save(path: Path) -> None:
    try:
        from translate.storage import po
    except ImportError:
        pytest.fail("translate-toolkit is missing: pip install -e '.[test]'")
    po.pofile.parsefile(str(path)).save()


TOOLS: dict[str, Callable[[Path], None]] = {
    "msgcat": gnu("msgcat"),
    "msgmerge --previous": msgmerge,
    "msgattrib": gnu("msgattrib"),
    "msgattrib --no-obsolete": gnu("msgattrib", "--no-obsolete"),
    "polib": polib_save,
    "translate-toolkit": translate_toolkit_save,
}


# ---- the round trips ----

@pytest.mark.parametrize("tool", list(TOOLS))
def test_a_round_trip_through_the_tool_changes_nothing(
        tool: str, marked: Path, before: Seen, built_before: tuple[dict[str, bytes], list[str]],
        tmp_path: Path) -> None:
    """Every catalog through *tool*: the same markers and drafts, glossaries, findings,
    status and publication."""
    root = copy_of(marked, tmp_path / "ws")
    for path in catalog_paths(root):
        TOOLS[tool](path)
    to_build = copy_of(root, tmp_path / "build")
    after = seen(root)
    for path, entries in before.markers.items():
        assert after.markers[path] == entries, f"markers or drafts changed in {path}"
    assert after.terms == before.terms
    assert after.findings == before.findings
    assert after.check_status == before.check_status == 1
    assert after.status == before.status
    assert built(to_build) == built_before


# ---- what the round trips stand on ----

def without_markers(entry: Entry, number: int) -> Entry:
    def kept(comments: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(comment for comment in comments if not comment.startswith(TAG))

    return entry.replace(translator_comments=kept(entry.translator_comments),
                         extracted_comments=kept(entry.extracted_comments))


def test_the_planted_markers_silence_findings(marked: Path, before: Seen,
                                              tmp_path: Path) -> None:
    """Without its markers the same workspace has more findings: every kind is used."""
    for path in catalog_paths(marked):
        msgfmt_check(path)
    bare = copy_of(marked, tmp_path / "bare")
    for path in (bare / "locales").glob("*/LC_MESSAGES/messages.po"):
        rewrite(path, without_markers)
    extra = [found for found in seen(bare).findings if found not in before.findings]
    assert {found["check"] for found in extra} == {"unchanged", "length", "do-not-translate",
                                                   "glossary"}
    assert any(found["msgid"].startswith(NOTED) for found in extra), "the author's note"
    assert {found["language"] for found in extra} == set(before.terms)
    drafts = sum(provenance is not None for entries in before.markers.values()
                 for _, provenance, _ in entries.values())
    assert drafts > 100


def test_markers_come_from_both_kinds_of_comment(marked: Path) -> None:
    text = (marked / "locales" / "de" / "LC_MESSAGES" / "messages.po").read_text("utf-8")
    assert "\n# appeal: ignore-unchanged\n" in text
    assert "\n#. appeal: ignore-unchanged\n" in text, "copied from messages.pot by the update"
    assert "\n#. appeal: ignore-unchanged\n" in (marked / "locales" / "messages.pot").read_text(
        "utf-8")
    assert ", appeal-ignore-" not in text and "#, do-not-translate" not in text


def test_the_shipped_glossary_uses_the_comment_form() -> None:
    for path in (REPO / "locales").glob("**/glossary.po*"):
        text = path.read_text(encoding="utf-8")
        assert text.count("\n#. appeal: do-not-translate\n") == 46, path
        assert "#, do-not-translate" not in text, path


# ---- "SAC" → "CSA" ----

TITLE = "SAC's appeal to left-wing organizations"


@pytest.fixture
def spanish(tmp_path: Path) -> Path:
    """The sample in Spanish (no glossary of its own: the template's terms), one title
    translated with the committee's name changed."""
    root = copy_sample(tmp_path / "ws", languages=["es"])
    (root / "locales" / "es" / "LC_MESSAGES").mkdir(parents=True)
    for name in ("glossary.pot", "messages.pot", "es/LC_MESSAGES/messages.po"):
        shutil.copyfile(REPO / "locales" / name, root / "locales" / name)
    rewrite(root / "locales/es/LC_MESSAGES/messages.po", lambda entry, _: entry.replace(
        strings=("Llamamiento del CSA a las organizaciones de izquierda",))
        if entry.id == TITLE else entry)
    return root


def kept_term_errors(root: Path) -> list[str]:
    result = run_appeal("-C", root, "check", "--only", "do-not-translate")
    return [line.split(": ", 1)[1] for line in result.stdout.splitlines()]


def test_a_kept_term_changed_is_still_an_error_after_msgcat(spanish: Path) -> None:
    expected = ['error: do-not-translate: "SAC" must stay as written (the glossary says so)']
    assert kept_term_errors(spanish) == expected
    gnu("msgcat")(spanish / "locales" / "glossary.pot")
    assert kept_term_errors(spanish) == expected


def drafts_of_the_name(root: Path) -> list[str]:
    """The Spanish machine drafts of every entry naming the committee."""
    require_tool("apertium", "apertium")
    path = root / "locales/es/LC_MESSAGES/messages.po"
    rewrite(path, lambda entry, _: entry.replace(strings=("",) * len(entry.strings),
                                                 flags=entry.flags - {FUZZY})
            if "SAC" in entry.id.split() else entry)
    result = run_appeal("-C", root, "translate", "--lang", "es", "--engine", "apertium")
    assert result.exit_code == 0, result.output
    return [entry.strings[0] for entry in read_catalog(path).entries
            if "SAC" in entry.id.split()]


def test_drafts_keep_the_name_after_every_tool(spanish: Path, tmp_path: Path) -> None:
    """``translate`` reads the kept terms through the tools too: no "SACO" (a sack)."""
    expected = drafts_of_the_name(copy_of(spanish, tmp_path / "plain"))
    assert expected and all("SAC" in draft.split() for draft in expected)
    for name, tool in TOOLS.items():
        root = copy_of(spanish, tmp_path / name)
        tool(root / "locales" / "glossary.pot")
        assert drafts_of_the_name(root) == expected, name


def test_the_old_flag_is_read_but_msgcat_drops_it(spanish: Path) -> None:
    """Why the markers are comments: ``msgcat`` of a glossary with the old flag lets the
    changed name through."""
    path = spanish / "locales" / "glossary.pot"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("#. appeal: do-not-translate\n", "#, do-not-translate\n"),
                    encoding="utf-8")
    assert len(kept_term_errors(spanish)) == 1
    gnu("msgcat")(path)
    assert "do-not-translate" not in path.read_text(encoding="utf-8").split('msgid ""', 1)[1]
    assert kept_term_errors(spanish) == []


# ---- the old flags ----

def as_old_flags(entry: Entry, number: int) -> Entry:
    """The entry with its markers written as the flags earlier catalogs used."""
    flags = {OLD_IGNORE + name.removeprefix("ignore-") if name.startswith("ignore-") else name
             for name in entry.markers}
    bare = without_markers(entry, number)
    return bare.replace(flags=bare.flags | flags)


def test_old_flags_are_still_honoured(marked: Path, before: Seen, tmp_path: Path) -> None:
    old = copy_of(marked, tmp_path / "old")
    for path in catalog_paths(old):
        rewrite(path, as_old_flags)
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^#\.? appeal:", text, re.MULTILINE)
    assert "#, fuzzy, appeal-ignore-unchanged" in (
        old / "locales/de/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    after = seen(old)
    assert after.findings == before.findings
    assert after.terms == before.terms
    assert after.status == before.status


# ---- the reader ----

def markers_in(text: str) -> Iterator[frozenset[str]]:
    return (entry.markers for entry in parse_catalog(text, path=Path("test.po")))


@pytest.mark.parametrize(("comments", "expected"), [
    ("# appeal: ignore-numbers", {"ignore-numbers"}),
    ("#appeal: ignore-numbers,ignore-length  ", {"ignore-numbers", "ignore-length"}),
    ("#. appeal: do-not-translate\n# appeal: ignore-glossary", {"do-not-translate",
                                                                 "ignore-glossary"}),
    ("# appeal: ignore-numbers\n# appeal: ignore-numbers", {"ignore-numbers"}),
    ("#, appeal-ignore-numbers, fuzzy, do-not-translate", {"ignore-numbers",
                                                           "do-not-translate"}),
    ("# appeal: ignore-numbers\n#, appeal-ignore-length", {"ignore-numbers", "ignore-length"}),
    ("# appeal: see the court papers, page 3", set()),
    ("# appeal-draft: apertium eng→spa sha256:e633f4fc", set()),
    ("# Appeal: ignore-numbers\n# note appeal: ignore-numbers", set()),
    ("#, ignore-numbers, python-format", set()),
], ids=["one", "several", "both-kinds", "repeated", "old-flags", "old-and-new", "a-note",
        "provenance", "not-a-marker-line", "weblate-flag"])
def test_what_counts_as_a_marker(comments: str, expected: set[str]) -> None:
    text = f'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
           f'{comments}\nmsgid "SAC"\nmsgstr ""\n'
    assert list(markers_in(text)) == [frozenset(expected)]


def test_a_marker_line_holds_only_marker_names() -> None:
    with pytest.raises(ValueError, match="not a marker name: 'ignore numbers'"):
        marker_comment(["ignore numbers"])
    with pytest.raises(ValueError, match="not a marker name"):
        marker_comment([])
    assert read_markers([marker_comment(["ignore-html", "do-not-translate"])]) == {
        "ignore-html", "do-not-translate"}


def test_long_lists_of_unknown_words_survive_polib(tmp_path: Path) -> None:
    """polib rewraps comments past 78 columns, which would cut words off their tag:
    appeal writes the list on as many short lines as it needs."""
    unknown = [f"Kagarlitsky{number}" for number in range(30)]
    comments = draft_comments("apertium eng→spa", ["Hola"], (), unknown)
    assert max(len(f"# {line}") for line in comments) <= 78
    path = tmp_path / "es.po"
    entry = Entry("Hello", ("Hola",), flags=frozenset({"fuzzy"}), translator_comments=comments)
    path.write_bytes(format_catalog(Catalog(entries=(entry,))))
    polib_save(path)
    again = read_catalog(path).entries[0]
    assert again.provenance is not None and again.provenance.unknown == tuple(unknown)
