"""Filling catalogs with drafts: what is drafted, what is never touched, provenance, memory."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest

from appeal.catalogs import Catalog, Entry, State, read_catalog, write_catalog
from appeal.catalogs.plurals import plural_rule
from appeal.catalogs.provenance import DRAFT_TAG, WARNING_TAG, draft_comments, fingerprint
from appeal.mt import ENGINES
from appeal.mt.base import Availability, Route
from appeal.mt.drafts import Draft, apply_draft, needs_draft
from appeal.mt.translate import TranslateOptions
from appeal.runner import Runner
from appeal.stages.context import RunContext
from appeal.stages.drafts import draft_workspace, load_catalogs
from appeal.workspace import Workspace, load_workspace
from tests.conftest import OWN_TEMPLATES, copy_sample, msgfmt_check


class UpperEngine:
    """Uppercases everything but shield tokens; counts what it is sent."""

    name: ClassVar[str] = "upper"
    batch_size: ClassVar[int] = 10
    timeout: ClassVar[float] = 1.0
    shields_with_names: ClassVar[bool] = False
    leaves_machine: ClassVar[bool] = False
    sent: ClassVar[list[str]] = []
    languages: ClassVar[tuple[str, ...]] = ("es", "de", "pt")

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.mangle = bool(settings.get("engines", {}).get("upper", {}).get("drop_tokens"))

    def availability(self) -> Availability:
        return Availability(True, "built in")

    def routes(self, source: str, target: str) -> list[Route]:
        return [Route(self.name, (source, target))] if target in self.languages else []

    def translate_batch(self, texts: Sequence[str], route: Route) -> list[str]:
        import re

        type(self).sent.extend(texts)
        out = [re.sub(r"\b(?!X\d+X\b)(\w+)", lambda m: m[1].upper(), t) for t in texts]
        return [re.sub(r"X\d+X", "", t) for t in out] if self.mangle else out


@pytest.fixture
def upper(monkeypatch: pytest.MonkeyPatch) -> type[UpperEngine]:
    monkeypatch.setitem(ENGINES, "upper", UpperEngine)
    monkeypatch.setattr(UpperEngine, "sent", [])
    return UpperEngine


@pytest.fixture
def ws_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1724112000")
    root = copy_sample(tmp_path / "ws", languages=["es", "de", "ru"], templates=OWN_TEMPLATES)
    with (root / "appeal.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[translate]\nengines = ["upper"]\n')
    return root


def run(root: Path, **options: Any) -> Any:
    ws = load_workspace(root)
    opts = TranslateOptions(options.pop("languages", ws.languages), **options)
    result, failures = draft_workspace(ws, opts)
    assert not failures
    return result


def update(ws: Workspace, languages: tuple[str, ...]) -> None:
    """Bring catalogs up to date as ``translate`` and ``build`` do, without drafting."""
    with Runner(ws) as runner:
        load_catalogs(runner, RunContext(ws), languages, update=True)
    assert not runner.failed


def entry(root: Path, lang: str, msgid: str | tuple[str, str]) -> Entry:
    ws = load_workspace(root)
    singular = msgid if isinstance(msgid, str) else msgid[0]
    found = read_catalog(ws.po_path(lang), locale=lang).get(singular)
    assert found is not None
    assert isinstance(msgid, str) or found.plural_id == msgid[1]
    return found


def catalog_of(root: Path, lang: str) -> Catalog:
    return read_catalog(root / "locales" / lang / "LC_MESSAGES" / "messages.po", locale=lang)


TITLE = "SAC's appeal to left-wing organizations"


def test_untranslated_entries_get_fuzzy_drafts_with_provenance(ws_root: Path, upper: Any) -> None:
    result = run(ws_root)
    by_lang = {item.language: item for item in result.languages}
    assert by_lang["es"].entries == by_lang["de"].entries > 80
    assert "no route" in by_lang["ru"].unreachable
    title = entry(ws_root, "es", TITLE)
    assert title.strings == ("SAC'S APPEAL TO LEFT-WING ORGANIZATIONS",)
    assert "fuzzy" in title.flags
    assert title.translator_comments == (f"{DRAFT_TAG} upper en→es {fingerprint(title.strings)}",)
    assert title.untouched_draft and title.state is State.DRAFT
    assert not any(entry(ws_root, "ru", TITLE).strings)
    for lang in ("es", "de", "ru"):
        msgfmt_check(ws_root / "locales" / lang / "LC_MESSAGES" / "messages.po")


def test_plural_entries_get_every_form(ws_root: Path, upper: Any) -> None:
    run(ws_root, languages=("es",))
    key = ("Approximate reading time: %(minutes)s minute",
           "Approximate reading time: %(minutes)s minutes")
    plural = entry(ws_root, "es", key)
    # CLDR gives Spanish three forms since Babel 2.17 (a "many" for millions), two before.
    forms = read_catalog(load_workspace(ws_root).po_path("es"), locale="es").nplurals
    assert forms == plural_rule("es").count >= 2
    assert plural.strings == ("APPROXIMATE READING TIME: %(minutes)s MINUTE",
                             *["APPROXIMATE READING TIME: %(minutes)s MINUTES"] * (forms - 1))


def edit(root: Path, lang: str, msgid: str, change: Callable[[Entry], Entry]) -> None:
    """Change one entry as a translator's tool would, and write the catalog."""
    ws = load_workspace(root)
    catalog = read_catalog(ws.po_path(lang), locale=lang)
    found = catalog.get(msgid)
    assert found is not None
    write_catalog(ws.po_path(lang), catalog.replaced([change(found)]))


def test_reviewed_and_edited_entries_are_never_touched(ws_root: Path, upper: Any) -> None:
    run(ws_root, languages=("es",))
    para = "At the moment, the SAC's main purpose is to support repressed political and " \
           "trade union activists."

    def review(found: Entry) -> Entry:
        return found.replace(strings=("Revisado.",), flags=found.flags - {"fuzzy"})

    def touch(found: Entry) -> Entry:
        return found.replace(strings=(found.strings[0] + " (corregido)",))

    edit(ws_root, "es", TITLE, review)
    edit(ws_root, "es", para, touch)
    before = entry(ws_root, "es", para).strings
    upper.sent.clear()
    result = run(ws_root, languages=("es",), refresh=True)
    assert entry(ws_root, "es", TITLE).strings == ("Revisado.",)
    assert entry(ws_root, "es", para).strings == before
    assert not entry(ws_root, "es", para).untouched_draft
    refreshed = result.languages[0]
    assert refreshed.entries > 80 and refreshed.sent == 0  # all from memory


def test_a_rerun_sends_nothing_and_changes_nothing(ws_root: Path, upper: Any) -> None:
    run(ws_root, languages=("es",))
    po = ws_root / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    data = po.read_bytes()
    upper.sent.clear()
    again = run(ws_root, languages=("es",))
    assert upper.sent == [] and again.languages[0].entries == 0
    assert po.read_bytes() == data
    assert not run(ws_root, languages=("es",), check=True).would_change


def test_check_writes_nothing_and_reports_work(ws_root: Path, upper: Any) -> None:
    run(ws_root, languages=("de",))  # creates the catalogs
    es = ws_root / "locales" / "es" / "LC_MESSAGES"
    update(load_workspace(ws_root), ("es",))
    before = {p.name: p.read_bytes() for p in es.iterdir()}
    upper.sent.clear()
    result = run(ws_root, languages=("es",), check=True)
    assert result.would_change and result.languages[0].entries > 80
    assert {p.name: p.read_bytes() for p in es.iterdir()} == before
    assert upper.sent == []


def test_changed_source_redrafts_untouched_drafts_only(ws_root: Path, upper: Any) -> None:
    run(ws_root, languages=("es",))
    doc = ws_root / "content" / "appeal.md"
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("Solidarity forever!", "Solidarity forever and ever!")
                   .replace("reestablished in 2022.", "reestablished in 2022 in Moscow."),
                   encoding="utf-8")

    def by_hand(found: Entry) -> Entry:
        return found.replace(strings=("Un miembro lo tradujo.",), translator_comments=(),
                             flags=found.flags - {"fuzzy"})

    edit(ws_root, "es", "Solidarity forever!", by_hand)
    upper.sent.clear()
    result = run(ws_root, languages=("es",))
    assert result.languages[0].sent == 1  # the machine draft of the changed paragraph
    new = entry(ws_root, "es", "The Committee for Solidary Actions is a political group of "
                "left-wing and trade union activists reestablished in 2022 in Moscow.")
    assert new.strings[0].endswith("2022 IN MOSCOW.") and new.previous_id is None
    assert new.untouched_draft and new.state is State.DRAFT
    human = entry(ws_root, "es", "Solidarity forever and ever!")
    assert human.strings == ("Un miembro lo tradujo.",)
    assert human.previous_id == "Solidarity forever!" and human.state is State.OUTDATED


def test_lost_tokens_leave_a_visible_warning(ws_root: Path, upper: Any) -> None:
    with (ws_root / "appeal.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[engines.upper]\ndrop_tokens = true\n")
    result = run(ws_root, languages=("es",))
    assert result.languages[0].warnings > 0
    article = next(e for e in catalog_of(ws_root, "es") if "205.2" in e.id)
    assert any(c.startswith(WARNING_TAG) and "205.2" in c for c in article.translator_comments)
    assert article.provenance is not None and article.provenance.warnings
    assert article.strings[0] and "fuzzy" in article.flags
    msgfmt_check(ws_root / "locales" / "es" / "LC_MESSAGES" / "messages.po")


def test_glossary_renders_terms(ws_root: Path, upper: Any) -> None:
    repo = Path(__file__).resolve().parents[2]
    (ws_root / "locales" / "de" / "LC_MESSAGES").mkdir(parents=True)
    (ws_root / "locales" / "glossary.pot").write_bytes((repo / "locales/glossary.pot").read_bytes())
    (ws_root / "locales/de/LC_MESSAGES/glossary.po").write_bytes(
        (repo / "locales/de/LC_MESSAGES/glossary.po").read_bytes())
    run(ws_root, languages=("es", "de"))
    heading_de = entry(ws_root, "de", "Boris Kagarlitsky")
    assert heading_de.strings == ("Boris Kagarlizki",)
    views = next(e for e in catalog_of(ws_root, "de") if e.id.startswith("KSD disseminates"))
    assert "Kagarlizki" in views.strings[0] and "KAGARLITSKY" not in views.strings[0]
    lead = "On the side of the independent trade union movement, representatives of the MPRA"
    assert entry(ws_root, "es", TITLE).strings[0].startswith("SAC'S")
    assert any(e.id.startswith(lead) and "the MPRA" not in e.strings[0]
               and "THE MPRA" in e.strings[0] for e in catalog_of(ws_root, "es"))


def test_reviewed_translation_elsewhere_is_offered_first(ws_root: Path, upper: Any) -> None:
    ws = load_workspace(ws_root)
    update(ws, ("es",))
    other = Catalog(locale="es", entries=(
        Entry("Solidarity forever!", ("¡Solidaridad para siempre!",)),))
    write_catalog(ws.locales / "es" / "LC_MESSAGES" / "older.po", other)
    run(ws_root, languages=("es",))
    found = entry(ws_root, "es", "Solidarity forever!")
    assert found.strings == ("¡Solidaridad para siempre!",)
    assert found.translator_comments[0].startswith(f"{DRAFT_TAG} memory sha256:")
    assert "Solidarity forever!" not in upper.sent


@pytest.mark.parametrize(("string", "flags", "comments", "previous", "expected"), [
    ("", set(), [], None, True),
    ("Hola", set(), [], None, False),
    ("Hola", {"fuzzy"}, [], "Hi", False),
    ("Hola", {"fuzzy"}, [f"{DRAFT_TAG} x sha256:e633f4fc"], "Hi", True),
    ("Hola", {"fuzzy"}, [f"{DRAFT_TAG} x sha256:e633f4fc"], None, False),
    ("Hola!", {"fuzzy"}, [f"{DRAFT_TAG} x sha256:e633f4fc"], "Hi", False),
], ids=["empty", "reviewed", "human-fuzzy-from-older-source", "machine-draft-from-older-source",
        "machine-draft-unchanged", "edited-draft"])
def test_needs_draft(string: str, flags: set[str], comments: list[str], previous: str | None,
                     expected: bool) -> None:
    message = Entry("Hello", (string,), flags=frozenset(flags),
                    translator_comments=tuple(comments), previous_id=previous)
    assert needs_draft(message) is expected


def test_refresh_redrafts_only_untouched_drafts() -> None:
    made = Entry("Hello", ("Hola",), flags=frozenset({"fuzzy"}),
                 translator_comments=draft_comments("x", ("Hola",)))
    assert not needs_draft(made) and needs_draft(made, refresh=True)
    edited = made.replace(strings=("¡Hola!",))
    assert not needs_draft(edited, refresh=True)
    assert not needs_draft(Entry("", ("Project-Id-Version: x\n",)), refresh=True)


def test_apply_draft_returns_a_new_entry_with_one_provenance() -> None:
    """A redraft keeps the translator's own notes, replaces the old marks and drops ``#|``."""
    old = Entry("%(n)s day", ("%(n)s DAY", "%(n)s DAYS"), plural_id="%(n)s days",
                flags=frozenset({"fuzzy", "python-format"}), previous_id="%(n)s days ago",
                translator_comments=("ask Olena", *draft_comments("x", ("old", "olds"),
                                                                  ("lost X1X",))))
    new = apply_draft(old, Draft(("%(n)s día", "%(n)s días"), "upper en→es", ("lost X2X",)))
    assert old.strings == ("%(n)s DAY", "%(n)s DAYS") and old.previous_id == "%(n)s days ago"
    assert new.strings == ("%(n)s día", "%(n)s días") and new.previous_id is None
    assert new.flags == {"fuzzy", "python-format"} and new.untouched_draft
    assert new.translator_comments == (
        "ask Olena", f"{DRAFT_TAG} upper en→es {fingerprint(new.strings)}",
        f"{WARNING_TAG} lost X2X")
    assert new.provenance is not None and new.provenance.warnings == ("lost X2X",)
