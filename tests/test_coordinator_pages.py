"""The coordinators' pages: truthful state labels, filters, a generation date, one set of counts.

A Spanish catalog is planted with every kind of entry a coordinator meets:
reviewed translations, machine drafts nobody touched (their fingerprints
match), drafts a person edited, reviewed translations whose source changed
since, machine drafts carried over a source change, entries with check
findings, and untranslated entries. The translations differ from their
sources. The browser tests (tests/test_browser_review.py) use the same
workspace.
"""

from __future__ import annotations

import doctest
import html
import json
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib
import pytest
from babel.dates import format_datetime

import appeal.checks.report
import appeal.review
from appeal.catalogs.provenance import draft_comments
from appeal.workspace import build_time, load_workspace
from tests.conftest import copy_sample, run_appeal

EPOCH = "1724112000"
ENGINE = "apertium eng→spa"
LONG_URL = ("https://example.org/archive/2024/court-decisions/kagarlitsky-appeal-hearing/"
            "full-transcript-of-the-hearing-with-all-annexes.html")
URL_PARAGRAPH = f"The full verdict is published at {LONG_URL} for everyone to read."
URL_TRANSLATION = f"El veredicto completo está publicado en {LONG_URL} para que todos lo lean."
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


@dataclass
class Planted:
    """What was planted in the Spanish catalog, by msgid: the expectations of every test."""

    root: Path
    reviewed: list[str] = field(default_factory=list)
    machine: list[str] = field(default_factory=list)
    """Untouched machine drafts (their fingerprint matches)."""
    edited: list[str] = field(default_factory=list)
    """Machine drafts a person edited since."""
    outdated: list[str] = field(default_factory=list)
    """Reviewed translations whose source changed (fuzzy, previous msgid, no draft mark)."""
    carried: list[str] = field(default_factory=list)
    """Untouched machine drafts of an earlier source (fuzzy, previous msgid)."""
    failing: list[str] = field(default_factory=list)
    """Entries with a check error or warning (not counting ``untranslated``)."""
    untranslated: list[str] = field(default_factory=list)
    parts: dict[str, list[str]] = field(default_factory=dict)
    """msgid → the documents it is used in (a row per document on the review page)."""

    @property
    def drafts(self) -> list[str]:
        return [*self.machine, *self.edited, *self.carried]

    @property
    def changed(self) -> list[str]:
        return [*self.outdated, *self.carried]

    def rows(self, msgids: list[str]) -> Counter[str]:
        """The review page's rows for *msgids*: one per document each is used in."""
        return Counter({msgid: len(self.parts[msgid]) for msgid in msgids})


def draft(entry: polib.POEntry, text: str) -> None:
    """Make *entry* an untouched machine draft of *text*."""
    entry.msgstr = text
    entry.flags.append("fuzzy")
    entry.tcomment = "\n".join(draft_comments(ENGINE, (text,)))


def plant(root: Path) -> Planted:
    """Extract and update the workspace at *root*, then plant its Spanish catalog."""
    document = root / "content" / "appeal.md"
    document.write_text(document.read_text(encoding="utf-8").rstrip("\n")
                        + f"\n\n{URL_PARAGRAPH}\n", encoding="utf-8")
    for stage in ("extract", "update"):
        result = run_appeal("-C", root, stage)
        assert result.exit_code == 0, result.output
    path = load_workspace(root).po_path("es")
    po = polib.pofile(str(path), wrapwidth=76)
    entries = [e for e in po if not e.msgid_plural and not e.obsolete]
    planted = Planted(root)
    planted.parts = {e.msgid: sorted({Path(where).stem for where, _ in e.occurrences})
                     for e in entries}
    url = next(e for e in entries if e.msgid == URL_PARAGRAPH)
    url.msgstr = URL_TRANSLATION
    planted.reviewed.append(url.msgid)
    others = [e for e in entries if e is not url]
    for entry in others[:10]:
        entry.msgstr = f"ES: {entry.msgid}"
        planted.reviewed.append(entry.msgid)
    for entry in others[10:18]:
        draft(entry, f"Borrador: {entry.msgid}")
        planted.machine.append(entry.msgid)
    for entry in others[18:22]:
        draft(entry, f"Borrador: {entry.msgid}")
        entry.msgstr = f"Borrador corregido: {entry.msgid}"
        planted.edited.append(entry.msgid)
    for entry in others[22:25]:
        entry.msgstr = f"ES: {entry.msgid}"
        entry.flags.append("fuzzy")
        entry.previous_msgid = " ".join(entry.msgid.split()[:-1]) + " (earlier wording)"
        planted.outdated.append(entry.msgid)
    for entry in others[25:27]:
        draft(entry, f"Borrador anterior: {entry.msgid}")
        entry.previous_msgid = entry.msgid + " Earlier."
        planted.carried.append(entry.msgid)
    html_error, trailing_space, hostile, failing_draft = others[27:31]
    html_error.msgstr = f"ES: {html_error.msgid} <b>¡Atención!</b>"
    trailing_space.msgstr = f"ES: {trailing_space.msgid} "  # whitespace: a warning
    hostile.msgstr = HOSTILE + " ¡Solidaridad!"
    draft(failing_draft, f"Borrador: {failing_draft.msgid} <i>x</i>")
    planted.reviewed += [html_error.msgid, trailing_space.msgid, hostile.msgid]
    planted.machine.append(failing_draft.msgid)
    planted.failing = [html_error.msgid, trailing_space.msgid, hostile.msgid, failing_draft.msgid]
    planted.untranslated = [e.msgid for e in others[31:]]
    po.save()
    return planted


def make_workspace(target: Path) -> Planted:
    """The small sample (es, de, ar) under *target*, planted and built with a fixed date."""
    root = copy_sample(target, languages=["es", "de", "ar"])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        planted = plant(root)
        result = run_appeal("-C", root, "build")
    assert result.exit_code == 0, result.output
    return planted


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Planted:
    return make_workspace(tmp_path_factory.mktemp("coordinated") / "ws")


@pytest.fixture(autouse=True)
def epoch(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every command here runs at the planted build's date (status rewrites the dashboard)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    yield


def copy_of(planted: Planted, tmp_path: Path) -> Path:
    """A copy of the planted workspace that a test may change."""
    root = tmp_path / "ws"
    shutil.copytree(planted.root, root, symlinks=True)
    return root


ROW = re.compile(r'<tr class="entry ([^"]*)" id="[^"]*">(.*?)</tr>', re.S)


@dataclass(frozen=True)
class Row:
    classes: frozenset[str]
    source: str
    label: str
    detail: str | None


def rows(page: str) -> list[Row]:
    """The review page's rows, read back from its HTML."""
    found = []
    for classes, body in ROW.findall(page):
        source = re.search(r'<td class="source"[^>]*><div class="text"[^>]*>(.*?)</div>', body,
                           re.S)
        label = re.search(r'<span class="label [^"]*">(.*?)</span>', body)
        detail = re.search(r'</span><div class="meta">(.*?)</div>', body)
        assert source and label, body
        found.append(Row(frozenset(classes.split()),
                         html.unescape(re.sub("<[^>]+>", "", source[1])), label[1],
                         html.unescape(detail[1]) if detail else None))
    return found


def review_page(root: Path, lang: str = "es") -> str:
    return (root / "review" / f"{lang}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("module", [appeal.review, appeal.checks.report])
def test_doctests_pass(module: object) -> None:
    result = doctest.testmod(module)  # type: ignore[arg-type]
    assert result.attempted > 0 and result.failed == 0


def test_state_labels_tell_machine_drafts_from_human_work(planted: Planted) -> None:
    by_source: dict[str, set[tuple[str, str | None]]] = {}
    for row in rows(review_page(planted.root)):
        by_source.setdefault(row.source, set()).add((row.label, row.detail))
    for msgid in planted.machine + planted.carried:
        assert by_source[msgid] == {("machine draft", ENGINE)}, msgid
    for msgid in planted.edited:
        assert by_source[msgid] == {("edited draft", f"first drafted by {ENGINE}")}, msgid
    for msgid in planted.outdated:
        (label, _), = by_source[msgid]
        assert label == "outdated", msgid
    for msgid in planted.reviewed:
        assert by_source[msgid] == {("reviewed", None)}, msgid
    for msgid in planted.untranslated:
        assert by_source[msgid] == {("untranslated", None)}, msgid
    labelled = [row for row in rows(review_page(planted.root)) if row.label == "machine draft"]
    assert len(labelled) == sum(planted.rows(planted.machine + planted.carried).values())


def test_rows_carry_the_classes_the_filters_use(planted: Planted) -> None:
    found = rows(review_page(planted.root))
    assert len(found) == sum(planted.rows(list(planted.parts)).values())
    for name, expected in (("f-drafts", planted.drafts), ("f-changed", planted.changed),
                           ("f-failing", planted.failing)):
        assert Counter(row.source for row in found if name in row.classes) == planted.rows(
            expected), name
    page = review_page(planted.root)
    for name, expected in (("all", list(planted.parts)), ("drafts", planted.drafts),
                           ("changed", planted.changed), ("failing", planted.failing)):
        count = sum(planted.rows(expected).values())
        assert f'href="#filter-{name}">' in page and f" ({count})</a>" in page, name
        assert f'<span class="target" id="filter-{name}"></span>' in page


def test_catalog_text_is_escaped_and_addresses_alone_may_wrap(planted: Planted) -> None:
    page = review_page(planted.root)
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "<script" not in page and "<img" not in page and "<b>" not in page
    addresses = [re.sub("<wbr>", "", text) for text in re.findall(
        r'<span class="url">(.*?)</span>', page)]
    assert LONG_URL in addresses and "LC_MESSAGES/messages.po" in " ".join(addresses)
    assert "/<wbr>court-decisions/<wbr>" in page  # an address breaks after a slash first
    style = page.split("<style>", 1)[1].split("</style>", 1)[0]
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", style)
    anywhere = [selector.strip() for selector, body in rules
                if "anywhere" in body or "break-all" in body or "break-word" in body]
    assert anywhere == [".url, .path"]  # addresses may wrap anywhere, words never


def test_pages_carry_the_build_date_and_stay_identical(planted: Planted,
                                                       tmp_path: Path) -> None:
    when = build_time()
    text = html.escape(format_datetime(when, "long", tzinfo=when.tzinfo, locale="en"))
    root = copy_of(planted, tmp_path)
    pages = [root / "review/status.html", root / "review/es.html", root / "review/ar.html"]
    before = [page.read_bytes() for page in pages]
    for page in before:
        assert f'<time datetime="2024-08-20T00:00:00+00:00">{text}</time>'.encode() in page
    result = run_appeal("-C", root, "build", "--force")
    assert result.exit_code == 0, result.output
    assert [page.read_bytes() for page in pages] == before


def test_back_translation_setting_keeps_the_column_through_builds(planted: Planted,
                                                                  tmp_path: Path) -> None:
    root = copy_of(planted, tmp_path)
    settings = root / "appeal.toml"
    plain = settings.read_text(encoding="utf-8")
    settings.write_text(plain + "\n[review]\nback_translate = true\n", encoding="utf-8")
    result = run_appeal("-C", root, "build")
    assert result.exit_code == 0, result.output
    page = review_page(root)
    assert "Back-translation: apertium spa→eng" in page
    assert len(re.findall(r'<td class="back"[^>]*><div class="text" lang="en">', page)) >= 10
    assert "no engine" in review_page(root, "ar")
    again = run_appeal("-C", root, "build", "--lang", "es")  # nothing changed: nothing rewritten
    assert again.exit_code == 0 and "Back-translation: apertium" in review_page(root)
    one_run = run_appeal("-C", root, "review", "--lang", "es", "--no-back-translate")
    assert one_run.exit_code == 0 and "Back-translation" not in review_page(root)
    assert run_appeal("-C", root, "build").exit_code == 0
    assert "Back-translation: apertium spa→eng" in review_page(root)  # the setting again
    settings.write_text(plain, encoding="utf-8")
    assert run_appeal("-C", root, "build").exit_code == 0
    assert "Back-translation" not in review_page(root)
    assert run_appeal("-C", root, "review", "--lang", "es", "--back-translate").exit_code == 0
    assert "Back-translation: apertium spa→eng" in review_page(root)


@pytest.mark.parametrize(("table", "words"), [
    ('[review]\nback_translate = "yes"\n', "back_translate in [review] must be true or false"),
    ("[review]\nback_translation = true\n", "[review] has no setting 'back_translation'"),
    ('review = "on"\n', "[review] must be a table"),
])
def test_a_bad_review_setting_is_a_config_error(planted: Planted, tmp_path: Path,
                                                table: str, words: str) -> None:
    root = copy_of(planted, tmp_path)
    settings = root / "appeal.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(table + text if not table.startswith("[") else text + "\n" + table,
                        encoding="utf-8")
    for command in (("build",), ("review", "--lang", "es"),
                    ("review", "--lang", "es", "--back-translate")):
        result = run_appeal("-C", root, *command)
        assert result.exit_code == 1, (command, result.output)
        assert words in result.stderr and "appeal.toml" in result.stderr, command


def test_one_set_of_counts_in_check_status_dashboard_and_review(planted: Planted) -> None:
    status = same_counts_everywhere(planted.root)
    es = next(row for row in status["languages"] if row["language"] == "es")
    assert es["errors"] >= 2 and es["warnings"] >= 1  # the planted findings are there


def test_a_broken_glossary_is_counted_alike_and_holds_nothing_back(planted: Planted,
                                                                   tmp_path: Path) -> None:
    root = copy_of(planted, tmp_path)
    before = json.loads(run_appeal("-C", root, "status", "--json").stdout)
    glossary = root / "locales" / "de" / "LC_MESSAGES" / "glossary.po"
    glossary.write_text('msgid "SAC\n', encoding="utf-8")
    built = run_appeal("-C", root, "build")  # the dashboard and review pages follow it
    assert built.exit_code == 0, built.output
    status = same_counts_everywhere(root)
    de, was = (next(row for row in found["languages"] if row["language"] == "de")
               for found in (status, before))
    assert de["errors"] == was["errors"] + 1
    assert de["publish"] == was["publish"], "the gate judges the translations, not the glossary"
    page = review_page(root, "de")
    assert '<p class="error">error: catalog: unterminated string' in page
    assert "glossary.po" in page


def same_counts_everywhere(root: Path) -> dict[str, Any]:
    """Check, status (table and JSON), the dashboard and each review page count the same
    errors and warnings; gives the status JSON."""
    findings = json.loads(run_appeal("-C", root, "check", "--format", "json").stdout)
    checked = run_appeal("-C", root, "check")
    status = json.loads(run_appeal("-C", root, "status", "--json").stdout)
    dashboard = (root / "review/status.html").read_text(encoding="utf-8")
    for row in status["languages"]:
        lang = row["language"]
        mine = [f for f in findings if f["language"] == lang]
        errors = sum(f["severity"] == "error" for f in mine)
        warnings = sum(f["severity"] == "warning" and f["check"] != "untranslated" for f in mine)
        untranslated = sum(f["check"] == "untranslated" for f in mine)
        assert (row["errors"], row["warnings"]) == (errors, warnings), lang
        assert untranslated == row["untranslated"]["segments"]
        summary = next(line for line in checked.stderr.splitlines()
                       if line.startswith(f"{lang}: "))
        assert re.match(rf"{lang}: {errors} errors?( \(\d+ in drafts\))?, "
                        rf"{warnings} warnings?( \(\d+ in drafts\))?"
                        rf"(, {untranslated} untranslated)?$", summary), summary
        cells = re.search(rf'<tr class="language" id="lang-{lang}">(.*?)</tr>', dashboard, re.S)
        assert cells is not None
        numbers = re.findall(r'data-label="(Errors|Warnings)">(\d+)<', cells[1])
        assert numbers == [("Errors", str(errors)), ("Warnings", str(warnings))], lang
        review = review_page(root, lang)
        assert (f"{errors} check error{'' if errors == 1 else 's'}</span> · "
                f"<span>{warnings} warning{'' if warnings == 1 else 's'}</span>") in review
    return dict(status)


def test_every_page_and_table_shows_the_same_rounded_down_share(planted: Planted) -> None:
    root = planted.root
    status = json.loads(run_appeal("-C", root, "status", "--json").stdout)
    es = next(row for row in status["languages"] if row["language"] == "es")
    exact = 100 * es["reviewed"]["words"] / es["words"]
    assert exact != int(exact)  # a share that rounding up or to nearest would change
    shown = f"{int(exact)}%"
    table = run_appeal("-C", root, "status", "--lang", "es").stdout
    assert re.search(rf"^es\s+{es['words']}\s+{shown}\s", table, re.M), table
    dashboard = (root / "review/status.html").read_text(encoding="utf-8")
    assert f'data-label="Reviewed">{shown}<' in dashboard
    index = (root / "dist/index.html").read_text(encoding="utf-8")
    assert f"<td>{shown}</td>" in index
    assert f"<span>{shown} of the source words reviewed</span>" in review_page(root)
