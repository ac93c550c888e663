"""Handing a catalog to a translator by e-mail and merging what comes back.

The translators here change the words (every returned text differs from its
source and from the other volunteers'), edit with polib at another wrap width,
save as Poedit does (CRLF, byte-order mark, its own header fields), and pass
the file through GNU gettext's tools, as real volunteers do.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import polib
import pytest

from appeal.catalogs import State, read_catalog
from appeal.catalogs.provenance import draft_comments
from appeal.catalogs.threeway import CONFLICT_TAG
from appeal.handoff.records import FIELD, parse_record
from appeal.pagetext import package_translations
from appeal.workspace import load_workspace
from tests.campaign import copy_campaign, shout
from tests.conftest import copy_sample, msgfmt_check, require_tool, run_appeal

PARAGRAPH = "The Committee for Solidary Actions is a political group"
"""The start of the sample's first paragraph, which the organizer edits meanwhile."""
REVIVAL = "Life has once again set us practical tasks"
CAMPAIGNS = "The SAC of the first call was set up"
TITLE = "SAC's appeal to left-wing organizations"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    root = copy_sample(tmp_path / "ws", languages=["es", "fr", "de"])
    monkeypatch.chdir(root)
    assert run_appeal("extract").exit_code == 0
    assert run_appeal("update").exit_code == 0
    return root


def po_path(root: Path, lang: str) -> Path:
    return root / "locales" / lang / "LC_MESSAGES" / "messages.po"


def hand_off(root: Path, lang: str, out: Path | None = None) -> Path:
    """``appeal handoff``; the catalog the translator gets."""
    args = ["-C", root, "handoff", lang, *(["--out", out] if out else [])]
    result = run_appeal(*args)
    assert result.exit_code == 0, result.output
    folder = out or root / "handoff" / lang
    return folder / f"{lang}.po"


def edit(path: Path, changes: dict[str, str], *, save_to: Path | None = None,
         wrap: int = 79) -> Path:
    """Translate the entries whose msgid starts with a key, as a translator would."""
    catalog = polib.pofile(str(path), wrapwidth=wrap)
    for prefix, text in changes.items():
        found = [entry for entry in catalog if entry.msgid.startswith(prefix)]
        assert len(found) == 1, prefix
        found[0].msgstr = text
        if "fuzzy" in found[0].flags:
            found[0].flags.remove("fuzzy")
    target = save_to or path
    catalog.save(str(target))
    return target


def entry(root: Path, lang: str, prefix: str) -> polib.POEntry:
    found = [e for e in polib.pofile(str(po_path(root, lang))) if e.msgid.startswith(prefix)]
    assert len(found) == 1, prefix
    return found[0]


def receive(root: Path, path: Path, *args: str) -> tuple[int, str]:
    result = run_appeal("-C", root, "receive", path, *args)
    return result.exit_code, result.output


def files_of(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the workspace with its bytes and modification time."""
    return {str(path.relative_to(root)): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(root.rglob("*")) if path.is_file()}


# ---- handoff ----

def test_handoff_writes_catalog_preview_note_and_zip(workspace: Path) -> None:
    catalog = polib.pofile(str(po_path(workspace, "es")))
    title = next(e for e in catalog if e.msgid == TITLE)
    title.msgstr, title.flags = "Apelación del SAC a izquierda organizaciones", ["fuzzy"]
    catalog.save()
    given = hand_off(workspace, "es")
    folder = given.parent
    record = parse_record(polib.pofile(str(given)).metadata[FIELD])
    assert record is not None and record.language == "es"
    assert record.path(load_workspace(workspace)).read_bytes() == given.read_bytes()
    msgfmt_check(given)
    note = " ".join((folder / "README.txt").read_text(encoding="utf-8").split())
    assert "Traducción de «SAC appeal» al español" in note
    assert "es.po" in note and FIELD in note and "Needs work" in note
    page = (folder / "preview" / "es" / "appeal.html").read_text(encoding="utf-8")
    assert "sin revisar" in page  # the package's Spanish draft notice
    assert "Apelación del SAC a izquierda organizaciones" in page
    assert 'href="../en/appeal.html"' in page
    assert (folder / "preview" / "en" / "appeal.html").is_file()
    assert not (folder / "preview" / "fr").exists()
    with zipfile.ZipFile(folder.with_name("es.zip")) as archive:
        names = set(archive.namelist())
        assert archive.read("es/es.po") == given.read_bytes()
    assert {"es/es.po", "es/README.txt", "es/preview/es/appeal.html",
            "es/preview/en/digest.html"} <= names
    assert not (workspace / "dist").exists()


def test_handoff_note_falls_back_to_english_and_counts_with_plural_forms(
        workspace: Path) -> None:
    given = hand_off(workspace, "de")
    note = " ".join((given.parent / "README.txt").read_text(encoding="utf-8").split())
    assert "Einträge müssen noch bearbeitet werden" in note
    result = run_appeal("-C", workspace, "handoff", "xx")
    assert result.exit_code == 1 and "'xx' is not a target language" in result.output


def test_handoff_record_survives_gettext_tools(workspace: Path, tmp_path: Path) -> None:
    """msgcat and msgmerge (a translator updating against the template) keep the field."""
    require_tool("msgmerge", "gettext")
    given = hand_off(workspace, "es")
    merged = tmp_path / "merged.po"
    subprocess.run(["msgmerge", "--quiet", "--previous", "-o", str(merged), str(given),
                    str(workspace / "locales" / "messages.pot")], check=True)
    concatenated = tmp_path / "cat.po"
    subprocess.run(["msgcat", "-o", str(concatenated), str(merged)], check=True)
    assert read_catalog(concatenated).header.get(FIELD) == \
        read_catalog(given).header.get(FIELD)


# ---- receive: the scenario of two volunteers and an organizer ----

def test_two_volunteers_and_an_edited_source_lose_nothing(workspace: Path,
                                                            tmp_path: Path) -> None:
    first = hand_off(workspace, "es", tmp_path / "maria")
    second = hand_off(workspace, "es", tmp_path / "jorge")
    # Meanwhile the organizer edits one paragraph …
    content = workspace / "content" / "appeal.md"
    text = content.read_text(encoding="utf-8")
    assert "reestablished in 2022" in text
    content.write_text(text.replace("reestablished in 2022", "re-established in 2022"),
                       encoding="utf-8")
    # … and another volunteer's file comes back first.
    edit(second, {REVIVAL: "JORGE: La vida nos ha vuelto a plantear tareas prácticas.",
                  TITLE: "Llamamiento del SAC a las organizaciones de izquierda"})
    code, output = receive(workspace, second)
    assert code == 0, output
    assert "taken: 2" in output
    # The first translator edited three entries, one of them also changed meanwhile.
    edit(first, {PARAGRAPH: "MARÍA: El Comité de Acciones Solidarias es un grupo político.",
                 CAMPAIGNS: "MARÍA: El SAC de la primera convocatoria se creó a finales de 2005.",
                 REVIVAL: "MARÍA: La vida nos plantea de nuevo tareas prácticas."})
    code, output = receive(workspace, first)
    assert code == 1, output
    assert "taken: 1" in output and "outdated: 1" in output and "conflicts: 1" in output
    assert "kept: 1" in output  # Jorge's title, which María did not touch
    conflict = [line for line in output.splitlines() if line.startswith("  ")]
    assert len(conflict) == 1 and "messages.po:" in conflict[0] and "es.po:" in conflict[0]
    assert REVIVAL[:40] in conflict[0]

    revival = entry(workspace, "es", REVIVAL)
    assert revival.msgstr.startswith("JORGE:") and "fuzzy" in revival.flags
    assert any(line.startswith(CONFLICT_TAG) and "MARÍA: La vida" in line
               for line in revival.tcomment.splitlines())
    assert entry(workspace, "es", TITLE).msgstr.startswith("Llamamiento")
    assert entry(workspace, "es", CAMPAIGNS).msgstr.startswith("MARÍA:")
    assert "fuzzy" not in entry(workspace, "es", CAMPAIGNS).flags
    edited = entry(workspace, "es", PARAGRAPH)
    assert "re-established" in edited.msgid and edited.msgstr.startswith("MARÍA:")
    assert "fuzzy" in edited.flags and "reestablished" in (edited.previous_msgid or "")
    msgfmt_check(po_path(workspace, "es"))


def test_french_file_offered_as_spanish_is_refused(workspace: Path, tmp_path: Path) -> None:
    french = hand_off(workspace, "fr", tmp_path / "out")
    edit(french, {TITLE: "L'appel du SAC aux organisations de gauche"})
    before = files_of(workspace)
    code, output = receive(workspace, french, "--lang", "es")
    assert code == 1
    assert "fr.po:" in output and "is in French (Language: fr), not in Spanish" in output
    # The header changed by hand, the handoff record still tells.
    catalog = polib.pofile(str(french))
    catalog.metadata["Language"] = "es"
    catalog.save()
    code, output = receive(workspace, french)
    assert code == 1 and "handed off for 'fr', not 'es'" in output
    assert files_of(workspace) == before


def test_file_in_a_language_not_configured_is_refused(workspace: Path, tmp_path: Path) -> None:
    given = hand_off(workspace, "es")
    catalog = polib.pofile(str(given))
    catalog.metadata["Language"] = "it"
    del catalog.metadata[FIELD]
    catalog.save(str(tmp_path / "it.po"))
    code, output = receive(workspace, tmp_path / "it.po")
    assert code == 1
    assert "it.po:" in output and "in Italian (Language: it), which is not a target" in output
    del catalog.metadata["Language"]
    catalog.save(str(tmp_path / "none.po"))
    code, output = receive(workspace, tmp_path / "none.po")
    assert code == 1 and "names no language" in output and "--lang" in output


def test_file_of_another_template_is_refused(workspace: Path, tmp_path: Path) -> None:
    """The package's own page text catalog, in Spanish: a real catalog, not this one."""
    other = tmp_path / "es.po"
    other.write_bytes((Path(__file__).parent.parent / "appeal" / "locale" / "es" /
                       "LC_MESSAGES" / "appeal.po").read_bytes())
    before = files_of(workspace)
    code, output = receive(workspace, other)
    assert code == 1 and "belongs to another template" in output
    assert files_of(workspace) == before


def test_broken_file_names_its_line_and_changes_nothing(workspace: Path) -> None:
    given = hand_off(workspace, "es")
    text = given.read_text(encoding="utf-8")
    broken = text.replace('msgstr ""\n\n#. description', 'msgstr "sin cerrar\n\n#. description',
                          1)
    assert broken != text
    given.write_text(broken, encoding="utf-8")
    line = broken[:broken.index('"sin cerrar')].count("\n") + 1
    before = files_of(workspace)
    code, output = receive(workspace, given)
    assert code == 1 and f"es.po:{line}:" in output and "Traceback" not in output
    assert files_of(workspace) == before


def test_poedit_style_file_merges_cleanly(workspace: Path, tmp_path: Path) -> None:
    """CRLF, a byte-order mark, wrapping at 60 and Poedit's header fields."""
    require_tool("msgcat", "gettext")
    given = hand_off(workspace, "es")
    catalog = polib.pofile(str(given), wrapwidth=60)
    catalog.metadata["X-Generator"] = "Poedit 3.4.2"
    catalog.metadata["X-Poedit-SourceCharset"] = "UTF-8"
    catalog.metadata["Last-Translator"] = "Lucía <lucia@example.org>"
    changed = {TITLE: "Llamamiento del SAC a las organizaciones de izquierda",
               CAMPAIGNS: "El SAC de la primera convocatoria se creó a finales de 2005, y en "
                          "menos de cinco años organizó decenas de acciones y campañas."}
    for prefix, text in changed.items():
        next(e for e in catalog if e.msgid.startswith(prefix)).msgstr = text
    saved = tmp_path / "es.po"
    saved.write_bytes(b"\xef\xbb\xbf" + str(catalog).replace("\n", "\r\n").encode("utf-8"))
    code, output = receive(workspace, saved)
    assert code == 0, output
    assert "taken: 2" in output and "conflicts: 0" in output
    written = po_path(workspace, "es").read_bytes()
    assert b"\r" not in written and not written.startswith(b"\xef\xbb\xbf")
    assert b"X-Poedit" not in written and FIELD.encode() not in written
    assert b"Last-Translator: Luc\xc3\xada" in written
    reformatted = subprocess.run(["msgcat", str(po_path(workspace, "es"))],
                                 capture_output=True, check=True).stdout
    assert reformatted == written  # the workspace's own form: GNU gettext's
    for prefix, text in changed.items():
        assert entry(workspace, "es", prefix).msgstr == text


def test_dry_run_changes_no_file(workspace: Path) -> None:
    given = hand_off(workspace, "es")
    edit(given, {TITLE: "Llamamiento del SAC"})
    content = workspace / "content" / "appeal.md"
    content.write_text(content.read_text(encoding="utf-8").replace(
        "reestablished in 2022", "re-established in 2022"), encoding="utf-8")
    before = files_of(workspace)
    code, output = receive(workspace, given, "--dry-run")
    assert code == 0, output
    assert "taken: 1" in output and "dry run: no file written" in output
    assert files_of(workspace) == before
    code, output = receive(workspace, given)
    assert code == 0 and "messages.po: written" in output
    assert entry(workspace, "es", TITLE).msgstr == "Llamamiento del SAC"


def test_file_without_record_takes_new_translations_and_reports_differences(
        workspace: Path, tmp_path: Path) -> None:
    edit(po_path(workspace, "es"), {TITLE: "Llamamiento del SAC"})
    elsewhere = tmp_path / "es.po"
    catalog = polib.pofile(str(po_path(workspace, "es")))
    next(e for e in catalog if e.msgid == TITLE).msgstr = "Apelación del SAC"
    next(e for e in catalog if e.msgid.startswith(CAMPAIGNS)).msgstr = "El primer SAC."
    catalog.save(str(elsewhere))
    code, output = receive(workspace, elsewhere)
    assert code == 1
    assert "no handoff record" in output and "taken: 1" in output and "conflicts: 1" in output
    assert entry(workspace, "es", TITLE).msgstr == "Llamamiento del SAC"
    assert entry(workspace, "es", CAMPAIGNS).msgstr == "El primer SAC."


def test_draft_fingerprints_still_tell_drafts_from_human_work(workspace: Path) -> None:
    """Machine drafts planted as ``appeal translate`` writes them; the translator edits one,
    approves one unchanged and leaves one alone."""
    catalog = polib.pofile(str(po_path(workspace, "es")))
    drafted = {TITLE: "Apelación del SAC a izquierda organizaciones",
               CAMPAIGNS: "El SAC de la primera llamada estuvo puesto arriba.",
               REVIVAL: "La vida una vez más nos ha puesto tareas prácticas."}
    for prefix, text in drafted.items():
        found = next(e for e in catalog if e.msgid.startswith(prefix))
        found.msgstr = text
        found.flags.append("fuzzy")
        found.tcomment = "\n".join(draft_comments("apertium eng→spa", (text,)))
    catalog.save()
    given = hand_off(workspace, "es")
    returned = polib.pofile(str(given))
    next(e for e in returned if e.msgid == TITLE).msgstr = \
        "Llamamiento del SAC a las organizaciones de izquierda"
    next(e for e in returned if e.msgid == TITLE).flags.remove("fuzzy")
    approved = next(e for e in returned if e.msgid.startswith(CAMPAIGNS))
    approved.flags.remove("fuzzy")
    approved.tcomment = ""  # a tool that drops comments
    returned.save()
    code, output = receive(workspace, given)
    assert code == 0 and "taken: 2" in output, output
    merged = {e.id: e for e in read_catalog(po_path(workspace, "es"), locale="es")}
    by_prefix = {prefix: next(e for i, e in merged.items() if i.startswith(prefix))
                 for prefix in drafted}
    assert by_prefix[REVIVAL].untouched_draft
    assert by_prefix[TITLE].state is State.REVIEWED and by_prefix[TITLE].provenance
    assert not by_prefix[TITLE].provenance.matches(by_prefix[TITLE].strings)
    approved_entry = by_prefix[CAMPAIGNS]
    assert approved_entry.provenance is not None
    assert approved_entry.provenance.matches(approved_entry.strings)  # approved unchanged


# ---- a workspace that is not the sample: a regional code ----

def test_regional_code_written_with_a_hyphen(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    root = copy_campaign(tmp_path / "campaign")
    given = hand_off(root, "pt_BR")
    catalog = polib.pofile(str(given))
    catalog.metadata["Language"] = "pt-BR"  # as Weblate and Poedit may write it
    translated = 0
    for item in catalog:
        if not item.msgid_plural and translated < 4:
            item.msgstr = shout(item.msgid)
            translated += 1
    catalog.save()
    code, output = receive(root, given)
    assert code == 0, output
    assert "(pt_BR;" in output and "taken: 4" in output
    note = " ".join((given.parent / "README.txt").read_text(encoding="utf-8").split())
    assert "Tradução de “Dockworkers' defence fund” para português" in note
    msgfmt_check(po_path(root, "pt_BR"))
    code, output = receive(root, given, "--lang", "fa")
    assert code == 1 and "not in Persian" in output
    # the note is in the package's reviewed Persian page text
    persian = hand_off(root, "fa", tmp_path / "out" / "fa")
    note = " ".join((persian.parent / "README.txt").read_text(encoding="utf-8").split())
    shipped = package_translations("fa")
    assert shipped is not None
    title = shipped.gettext("Translating “%(project)s” into %(language)s") % {
        "project": "Dockworkers' defence fund", "language": "فارسی"}
    assert title != "Translating “Dockworkers' defence fund” into فارسی"
    assert note.startswith(title)
    preview = (persian.parent / "preview" / "fa" / "letter.html").read_text(encoding="utf-8")
    assert '<html lang="fa" dir="rtl">' in preview
    assert 'href="../en/letter.html"' in preview
