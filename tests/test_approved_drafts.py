"""Machine drafts approved unchanged: counted apart everywhere, and drafts to the gate by default.

The Spanish catalog of the small sample is drafted by Apertium (``appeal
translate``), then every fuzzy flag is cleared at once with GNU
``msgattrib --clear-fuzzy``, as a coordinator might do to "approve" it. Each
entry still matches its draft's fingerprint, so ``status``, the dashboard, the
review page and the publication gate must not take it for reviewed work,
unless ``count_unchanged_drafts_as_reviewed = true`` says so. In a second
catalog a translator edits some drafts before the flags are cleared: those
are reviewed.
"""

from __future__ import annotations

import html
import json
import math
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polib
import pytest

from appeal.catalogs import Catalog, Entry, State, catalog_stats, read_catalog
from appeal.catalogs.provenance import draft_comments
from appeal.checks import Problem
from appeal.gates import assess
from appeal.mt.drafts import needs_draft
from appeal.mt.memory import reviewed
from appeal.workspace import load_workspace
from tests.conftest import copy_sample, require_tool, run_appeal, write_workspace

EPOCH = "1724112000"
SETTING = "count_unchanged_drafts_as_reviewed"
GATE = "\n[publish]\nmin_reviewed = 100\n"
PLAIN = re.compile(r"[\w .,;:!?()-]+")
"""Text a page shows exactly as the catalog has it (no markup, nothing HTML escapes)."""


@dataclass(frozen=True)
class Counts:
    """What polib alone finds in the Spanish catalog: the expectations of every test."""

    entries: int
    words: int
    approved: list[polib.POEntry]
    """Entries whose text is still the draft the comment's fingerprint names."""
    edited: list[polib.POEntry]
    rows: int
    """Review-page rows of the approved entries: one per document each is used in."""

    @property
    def approved_words(self) -> int:
        return sum(len(entry.msgid.split()) for entry in self.approved)

    @property
    def edited_words(self) -> int:
        return sum(len(entry.msgid.split()) for entry in self.edited)

    def share(self, words: int) -> str:
        return f"{math.floor(100 * words / self.words)}%"


@pytest.fixture(autouse=True)
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample (es, de) with every Spanish entry drafted by Apertium, still fuzzy."""
    require_tool("apertium", "apertium")
    root = copy_sample(tmp_path_factory.mktemp("drafted") / "ws", languages=["es", "de"],
                       formats=("html",))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = run_appeal("-C", root, "translate", "--lang", "es", "--engine", "apertium")
    assert result.exit_code == 0, result.output
    assert re.search(r"^es: \d+ drafted with apertium eng→spa", result.output, re.M)
    assert run_appeal("-C", root, "update").exit_code == 0  # de, left for translators
    return root


def po_path(root: Path) -> Path:
    return load_workspace(root).po_path("es")


def clear_fuzzy(root: Path) -> None:
    """Approve everything at once, with GNU gettext's own tool."""
    path = po_path(root)
    subprocess.run([require_tool("msgattrib", "gettext"), "--clear-fuzzy", "-o", str(path),
                    str(path)], check=True, capture_output=True)


def workspace(drafted: Path, tmp_path: Path, *, edit: int = 0, settings: str = "") -> Path:
    """A copy of *drafted* whose first *edit* drafts a translator changed, then every fuzzy
    flag cleared; *settings* appended to its appeal.toml."""
    root = tmp_path / "ws"
    shutil.copytree(drafted, root, symlinks=True)
    if edit:
        po = polib.pofile(str(po_path(root)), wrapwidth=76)
        for entry in [e for e in po if e.msgstr and not e.obsolete][:edit]:
            entry.msgstr = f"Revisado: {entry.msgstr}"
        po.save()
    clear_fuzzy(root)
    with (root / "appeal.toml").open("a", encoding="utf-8") as handle:
        handle.write(settings)
    return root


def counts(root: Path) -> Counts:
    """Read the catalog with polib: nothing fuzzy is left, and the drafts are told from the
    edited entries by the text the ``Revisado:`` edit put in front."""
    po = polib.pofile(str(po_path(root)))
    live = [entry for entry in po if not entry.obsolete]
    assert live and not any("fuzzy" in entry.flags for entry in live)
    assert all("appeal-draft:" in entry.tcomment for entry in live)
    edited = [entry for entry in live if entry.msgstr.startswith("Revisado: ")]
    approved = [entry for entry in live if entry not in edited]
    rows = sum(len({Path(where).stem for where, _ in entry.occurrences}) for entry in approved)
    return Counts(entries=len(live), words=sum(len(entry.msgid.split()) for entry in live),
                  approved=approved, edited=edited, rows=rows)


def status(root: Path) -> dict[str, Any]:
    """The Spanish row of ``appeal status --json``."""
    result = run_appeal("-C", root, "status", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["languages"]
    found: dict[str, Any] = next(row for row in rows if row["language"] == "es")
    return found


def review_page(root: Path) -> str:
    return (root / "review" / "es.html").read_text(encoding="utf-8")


def dashboard_row(root: Path) -> str:
    page = (root / "review" / "status.html").read_text(encoding="utf-8")
    found = re.search(r'<tr class="language" id="lang-es">(.*?)</tr>', page, re.S)
    assert found is not None
    return found[1]


def plain_drafts(found: Counts) -> list[str]:
    """Approved drafts a page would show exactly as written, to look for in it."""
    texts = [entry.msgstr for entry in found.approved
             if PLAIN.fullmatch(entry.msgstr) and PLAIN.fullmatch(entry.msgid)
             and entry.msgstr != entry.msgid and len(entry.msgstr) > 12]
    assert len(texts) >= 3, "the sample has plain sentences to look for"
    return texts


def page_text(root: Path) -> str:
    """The text of the Spanish pages, each run of white space one space (a page keeps the
    source's line breaks)."""
    pages = (html.unescape((root / "dist" / "es" / f"{doc}.html").read_text("utf-8"))
             for doc in ("appeal", "digest"))
    return " ".join(word for page in pages for word in page.split())


# ---- status, dashboard and review page ----

def test_status_counts_approved_drafts_apart(drafted: Path, tmp_path: Path) -> None:
    root = workspace(drafted, tmp_path)
    found = counts(root)
    assert not found.edited and len(found.approved) == found.entries > 20
    es = status(root)
    assert es["reviewed"] == {"segments": 0, "words": 0, "percent": 0.0}
    assert es["approved_unchanged"] == {"segments": found.entries, "words": found.words,
                                        "percent": 100.0}
    assert es["draft"]["segments"] == 0 and es["untranslated"]["segments"] == 0
    assert es[SETTING] is False
    unknown = [entry for entry in found.approved if "appeal-draft-unknown:" in entry.tcomment]
    assert unknown and es["unknown_drafts"] == len(unknown)  # still the engine's words
    table = run_appeal("-C", root, "status", "--lang", "es").stdout
    assert re.search(r"^es\s+\d+\s+0%\s+0%\s+0%\s", table, re.M), table
    said = " ".join(table.split())
    assert (f"{found.entries} machine drafts approved unchanged (100% of the words, not in the "
            "Reviewed share)") in said
    assert f"not counted as reviewed for publishing ({SETTING} = false)" in said


def test_dashboard_gives_approved_drafts_a_column(drafted: Path, tmp_path: Path) -> None:
    root = workspace(drafted, tmp_path)
    found = counts(root)
    assert run_appeal("-C", root, "review").exit_code == 0  # the dashboard links the page
    assert run_appeal("-C", root, "status").exit_code == 0
    row = dashboard_row(root)
    assert 'data-label="Reviewed">0%<' in row
    assert 'data-label="Approved unchanged">100%<' in row
    assert re.search(r'aria-label="Reviewed 0%, Approved unchanged 100%, Draft 0%', row)
    assert (f'<a href="es.html#filter-approved">{found.entries} machine drafts approved '
            "unchanged</a>: not counted as reviewed, not published") in row
    page = (root / "review" / "status.html").read_text(encoding="utf-8")
    assert "<th>Approved unchanged</th>" in page
    de = re.search(r'<tr class="language" id="lang-de">(.*?)</tr>', page, re.S)
    assert de is not None and 'data-label="Approved unchanged">0%<' in de[1]


def test_dashboard_without_approved_drafts_has_no_such_column(drafted: Path,
                                                              tmp_path: Path) -> None:
    root = tmp_path / "ws"
    shutil.copytree(drafted, root, symlinks=True)  # drafts still fuzzy
    assert status(root)["approved_unchanged"]["segments"] == 0
    page = (root / "review" / "status.html").read_text(encoding="utf-8")
    assert "Approved unchanged" not in page and "approved unchanged" not in page


def test_review_page_labels_and_filters_approved_drafts(drafted: Path, tmp_path: Path) -> None:
    root = workspace(drafted, tmp_path, edit=5)
    found = counts(root)
    assert len(found.edited) == 5
    result = run_appeal("-C", root, "review", "--lang", "es")
    assert result.exit_code == 0, result.output
    page = review_page(root)
    labels = re.findall(r'<span class="label state-([^"]*)">([^<]*)</span>', page)
    machine = [label for label in labels if label == ("approved-draft",
                                                      "machine draft approved unchanged")]
    assert len(machine) == found.rows
    edited_rows = sum(len({Path(w).stem for w, _ in e.occurrences}) for e in found.edited)
    assert labels.count(("reviewed", "reviewed")) == edited_rows
    assert len(labels) == found.rows + edited_rows
    assert "fuzzy flag cleared, text as apertium eng→spa wrote it" in page
    assert f"<span>{found.rows} approved unchanged</span>" in page
    assert f'<a class="filter-approved" href="#filter-approved">Approved unchanged ({found.rows})' \
           in page
    assert len(re.findall(r'<tr class="entry approved-draft f-approved', page)) == found.rows
    assert f"They count as drafts and are not published (<code>{SETTING} = false</code>" in page
    share = found.share(found.edited_words)
    assert f"<span>{share} of the source words reviewed</span>" in page


# ---- the gate and the build ----

def test_by_default_approved_drafts_hold_a_language_back_and_the_build_says_so(
        drafted: Path, tmp_path: Path) -> None:
    root = workspace(drafted, tmp_path, settings=GATE)
    found = counts(root)
    result = run_appeal("-C", root, "build")
    assert result.exit_code == 0, result.output
    assert "held back: es 0% reviewed, needs 100%" in result.output
    assert (f"note: es: {found.entries} machine drafts approved unchanged (fuzzy flag cleared, "
            "text as drafted) are not counted as reviewed and not published; to count them, "
            f"set {SETTING} = true in [publish] (or [publish.languages.es])") in result.output
    assert not (root / "dist" / "es").exists()
    row = dashboard_row(root)
    assert "held back" in row and "not counted as reviewed, not published" in row


def test_by_default_approved_drafts_are_not_published(drafted: Path, tmp_path: Path) -> None:
    root = workspace(drafted, tmp_path)  # no gate: every language publishes
    found = counts(root)
    result = run_appeal("-C", root, "build")
    assert result.exit_code == 0, result.output
    assert f"note: es: {found.entries} machine drafts approved unchanged" in result.output
    text = page_text(root)
    drafts = plain_drafts(found)
    assert not [draft for draft in drafts if draft in text]
    sources = [entry.msgid for entry in found.approved if entry.msgstr in drafts]
    assert all(source in text for source in sources)  # shown in the source language
    preview = run_appeal("-C", root, "build", "--drafts")
    assert preview.exit_code == 0, preview.output
    assert "approved unchanged" not in preview.output  # a draft build shows every draft
    shown = page_text(root)
    assert all(draft in shown for draft in drafts)
    assert 'class="notice draft"' in (root / "dist/es/appeal.html").read_text("utf-8")


@pytest.mark.parametrize("table", ["[publish]", "[publish.languages.es]"])
def test_the_setting_counts_approved_drafts_as_reviewed(drafted: Path, tmp_path: Path,
                                                        table: str) -> None:
    settings = GATE + (f"{SETTING} = true\n" if table == "[publish]"
                       else f"\n{table}\n{SETTING} = true\n")
    root = workspace(drafted, tmp_path, settings=settings)
    found = counts(root)
    result = run_appeal("-C", root, "build")
    assert result.exit_code == 0, result.output
    assert "held back: es" not in result.output and "approved unchanged" not in result.output
    assert re.search(r"^published: .*\bes\b", result.output, re.M), result.output
    text = page_text(root)
    assert all(draft in text for draft in plain_drafts(found))
    es = status(root)
    assert es[SETTING] is True and es["publish"] is True
    assert es["reviewed"]["segments"] == 0
    assert es["approved_unchanged"]["segments"] == found.entries
    assert "counted as reviewed (<code>" in dashboard_row(root)
    assert f"They count as reviewed and are published (<code>{SETTING} = true</code>" \
           in review_page(root)
    held = "held back: de 0% reviewed, needs 100%"  # de has no drafts: the setting is no help
    assert held in result.output


def test_edited_drafts_are_reviewed_and_the_rest_still_drafts(drafted: Path,
                                                              tmp_path: Path) -> None:
    root = workspace(drafted, tmp_path, edit=8, settings=GATE)
    found = counts(root)
    es = status(root)
    assert es["reviewed"]["segments"] == len(found.edited) == 8
    assert es["reviewed"]["words"] == found.edited_words
    assert es["approved_unchanged"]["segments"] == len(found.approved)
    assert es["approved_unchanged"]["words"] == found.approved_words
    result = run_appeal("-C", root, "build")
    assert result.exit_code == 0, result.output
    assert f"held back: es {found.share(found.edited_words)} reviewed, needs 100%" \
           in result.output
    assert f"note: es: {len(found.approved)} machine drafts approved unchanged" in result.output

    counted = root / "appeal.toml"
    counted.write_text(counted.read_text("utf-8") + f"{SETTING} = true\n", encoding="utf-8")
    again = run_appeal("-C", root, "build")
    assert again.exit_code == 0, again.output
    assert "held back: es" not in again.output
    text = page_text(root)
    edited = [entry.msgstr for entry in found.edited if PLAIN.fullmatch(entry.msgstr)]
    assert edited and all(text_ in text for text_ in edited)


def test_a_bad_value_is_a_config_error(drafted: Path, tmp_path: Path) -> None:
    root = workspace(drafted, tmp_path, settings=f'\n[publish]\n{SETTING} = "yes"\n')
    result = run_appeal("-C", root, "build")
    assert result.exit_code == 1
    assert f"{SETTING} in [publish] must be true or false, not 'yes'" in result.stderr
    assert "appeal.toml" in result.stderr


# ---- drafting, memory and the model ----

def test_translate_never_redrafts_approved_drafts(drafted: Path, tmp_path: Path) -> None:
    root = workspace(drafted, tmp_path, edit=3)
    assert run_appeal("-C", root, "update").exit_code == 0  # as appeal writes the file
    before = po_path(root).read_bytes()
    result = run_appeal("-C", root, "translate", "--lang", "es", "--engine", "apertium",
                        "--refresh")
    assert result.exit_code == 0, result.output
    assert "es: nothing to draft" in result.output
    assert po_path(root).read_bytes() == before
    catalog = read_catalog(po_path(root), locale="es")
    assert not any(needs_draft(entry, refresh=True) for entry in catalog)
    states = [entry.state for entry in catalog]
    assert states.count(State.REVIEWED) == 3
    assert states.count(State.APPROVED_DRAFT) == len(states) - 3


def approved_entry(msgid: str, text: str, label: str = "apertium eng→spa") -> Entry:
    """A machine draft of *text* whose fuzzy flag was cleared."""
    return Entry(msgid, (text,), translator_comments=draft_comments(label, (text,)))


def test_states_and_counts_of_the_model() -> None:
    machine = approved_entry("Solidarity forever!", "¡Solidaridad para siempre!")
    entries = (machine, machine.replace(id="Hello", strings=("¡Hola!",)),  # edited: reviewed
               approved_entry("Hi", "Hola").replace(flags=frozenset({"fuzzy"})),  # still a draft
               Entry("Bye", ("Adiós",)))
    assert [entry.state for entry in entries] == [State.APPROVED_DRAFT, State.REVIEWED,
                                                  State.DRAFT, State.REVIEWED]
    assert not machine.untouched_draft  # the three-way merge's rule is unchanged
    stats = catalog_stats(Catalog(entries=entries, locale="es"))
    assert (stats.reviewed, stats.approved_drafts, stats.fuzzy) == (2, 1, 1)
    assert (stats.reviewed_words, stats.approved_drafts_words) == (2, 2)
    assert stats.percent_reviewed == 2 * 100 / 5


def test_the_translation_memory_takes_no_approved_draft() -> None:
    machine = approved_entry("Solidarity forever!", "¡Solidaridad para siempre!")
    person = Entry("Bye", ("Adiós",))
    assert reviewed([machine, person, machine.replace(obsolete=True)]) == {"Bye": "Adiós"}


def test_an_approved_drafts_check_error_holds_nothing_back_unless_counted(
        tmp_path: Path) -> None:
    """Not counted, the entry is a draft: its error is not published and holds the
    language back no more than a draft's does; counted, it is reviewed work with an error."""
    (tmp_path / "appeal.toml").write_text(
        '[appeal]\nproject = "T"\nsource_language = "en"\nlanguages = ["es"]\n'
        "[publish]\nallow_check_errors = false\n", encoding="utf-8")
    ws = load_workspace(tmp_path)
    broken = approved_entry("Solidarity!", "<b>¡Solidaridad!</b>")
    catalog = Catalog(entries=(broken, Entry("Bye", ("Adiós",))), locale="es")
    problem = Problem("html", "error", "markup", "Solidarity!", None, None, draft=False)
    found = assess(ws, "es", catalog, [problem])
    assert found.verdict.publish and found.verdict.errors == 0
    assert found.uncounted == ("Solidarity!",)
    assert found.withheld_ids(drafts=False) == {"Solidarity!"}
    assert found.withheld_ids(drafts=True) == {"Solidarity!"}  # its check error, in drafts
    assert found.verdict.uncounted_drafts is not None
    (tmp_path / "appeal.toml").write_text(
        (tmp_path / "appeal.toml").read_text("utf-8") + f"{SETTING} = true\n", encoding="utf-8")
    counted = assess(load_workspace(tmp_path), "es", catalog, [problem])
    assert not counted.verdict.publish and counted.verdict.errors == 1
    assert counted.uncounted == () and counted.verdict.uncounted_drafts is None
    assert counted.verdict.reasons == ("1 check error, allow_check_errors = false",)


@pytest.mark.parametrize(("settings", "needing"),
                         [("", "all"), (f"\n[publish]\n{SETTING} = true\n", "none")])
def test_a_handoff_counts_approved_drafts_as_work_left(drafted: Path, tmp_path: Path,
                                                       settings: str, needing: str) -> None:
    """The translator's note must not say nothing is left while nothing will be published."""
    root = workspace(drafted, tmp_path, edit=5, settings=settings)
    found = counts(root)
    result = run_appeal("-C", root, "handoff", "es")
    assert result.exit_code == 0, result.output
    expected = len(found.approved) if needing == "all" else 0
    assert f"({expected} entries still need work)" in result.output


SANTOS = """# Free the dockworkers of Santos

Three dockworkers were arrested in March for organising a strike.

Write to the port authority and share the petition.
"""


def test_a_second_workspace_in_brazilian_portuguese_and_arabic(tmp_path: Path) -> None:
    """Another campaign: pt_BR drafted by Apertium's Brazilian mode (the words change),
    then approved in bulk; Arabic translated by a person. Only pt_BR's drafts are
    counted apart, and the gate holds pt_BR back while Arabic publishes."""
    require_tool("apertium", "apertium")
    root = write_workspace(tmp_path / "santos", {"santos.md": SANTOS},
                           languages=["pt_BR", "ar"], formats=("html",))
    with (root / "appeal.toml").open("a", encoding="utf-8") as handle:
        handle.write(GATE)
    assert run_appeal("-C", root, "update").exit_code == 0
    result = run_appeal("-C", root, "translate", "--lang", "pt_BR", "--engine", "apertium")
    assert result.exit_code == 0, result.output
    ws = load_workspace(root)
    pt, ar = ws.po_path("pt_BR"), ws.po_path("ar")
    subprocess.run([require_tool("msgattrib", "gettext"), "--clear-fuzzy", "-o", str(pt),
                    str(pt)], check=True, capture_output=True)
    drafted = [e for e in read_catalog(pt, locale="pt_BR").entries if e.id and e.strings[0]]
    assert drafted and all(e.strings[0] != e.id for e in drafted)
    assert all(e.state is State.APPROVED_DRAFT for e in drafted)
    po = polib.pofile(str(ar))
    for entry in po:
        entry.msgstr = "ترجمة: " + entry.msgid
    po.save()
    status = json.loads(run_appeal("-C", root, "status", "--json").output)
    rows = {row["language"]: row for row in status["languages"]}
    assert rows["pt_BR"]["approved_unchanged"]["segments"] == len(drafted)
    assert rows["ar"]["approved_unchanged"]["segments"] == 0
    build = run_appeal("-C", root, "build")
    assert build.exit_code == 0, build.output
    assert f"pt_BR: {len(drafted)} machine drafts approved unchanged" in build.output
    assert (root / "dist" / "ar" / "santos.html").is_file()
    assert not (root / "dist" / "pt_BR" / "santos.html").exists()
