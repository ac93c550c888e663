"""Filling catalogs with drafts: what is drafted, what is never touched, provenance, memory."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import pytest
from babel.messages.catalog import Message

from appeal.catalogs import read_catalog, write_catalog
from appeal.mt import ENGINES
from appeal.mt.base import Availability, Route
from appeal.mt.drafts import (
    DRAFT_TAG,
    WARNING_TAG,
    fingerprint,
    needs_draft,
    untouched_draft,
)
from appeal.mt.translate import TranslateOptions, load_catalogs, translate_workspace
from appeal.workspace import load_workspace
from tests.conftest import copy_sample, msgfmt_check


class UpperEngine:
    """Uppercases everything but shield tokens; counts what it is sent."""

    name: ClassVar[str] = "upper"
    batch_size: ClassVar[int] = 10
    timeout: ClassVar[float] = 1.0
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
    root = copy_sample(tmp_path / "ws", languages=["es", "de", "ru"])
    with (root / "appeal.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[translate]\nengines = ["upper"]\n')
    return root


def run(root: Path, **options: Any) -> Any:
    ws = load_workspace(root)
    opts = TranslateOptions(options.pop("languages", ws.languages), **options)
    catalogs, failures = load_catalogs(ws, opts.languages, update=not opts.check)
    assert not failures
    return translate_workspace(ws, opts, catalogs)


def entry(root: Path, lang: str, msgid: str | tuple[str, str]) -> Message:
    ws = load_workspace(root)
    found = read_catalog(ws.po_path(lang), locale=lang).get(msgid)
    assert found is not None
    return found


TITLE = "SAC's appeal to left-wing organizations"


def test_untranslated_entries_get_fuzzy_drafts_with_provenance(ws_root: Path, upper: Any) -> None:
    result = run(ws_root)
    by_lang = {item.language: item for item in result.languages}
    assert by_lang["es"].entries == by_lang["de"].entries > 80
    assert "no route" in by_lang["ru"].unreachable
    title = entry(ws_root, "es", TITLE)
    assert title.string == "SAC'S APPEAL TO LEFT-WING ORGANIZATIONS"
    assert "fuzzy" in title.flags
    assert title.user_comments == [f"{DRAFT_TAG} upper en→es {fingerprint([title.string])}"]
    assert not any(entry(ws_root, "ru", TITLE).string)
    for lang in ("es", "de", "ru"):
        msgfmt_check(ws_root / "locales" / lang / "LC_MESSAGES" / "messages.po")


def test_plural_entries_get_every_form(ws_root: Path, upper: Any) -> None:
    run(ws_root, languages=("es",))
    key = ("Approximate reading time: %(minutes)s minute",
           "Approximate reading time: %(minutes)s minutes")
    plural = entry(ws_root, "es", key)
    assert plural.string == ("APPROXIMATE READING TIME: %(minutes)s MINUTE",
                             "APPROXIMATE READING TIME: %(minutes)s MINUTES",
                             "APPROXIMATE READING TIME: %(minutes)s MINUTES")


def edit(root: Path, lang: str, msgid: str, change: Any) -> None:
    ws = load_workspace(root)
    catalog = read_catalog(ws.po_path(lang), locale=lang)
    change(catalog[msgid])
    write_catalog(ws.po_path(lang), catalog)


def test_reviewed_and_edited_entries_are_never_touched(ws_root: Path, upper: Any) -> None:
    run(ws_root, languages=("es",))
    para = "At the moment, the SAC's main purpose is to support repressed political and " \
           "trade union activists."

    def review(message: Message) -> None:
        message.string = "Revisado."
        message.flags.discard("fuzzy")

    def touch(message: Message) -> None:
        message.string += " (corregido)"

    edit(ws_root, "es", TITLE, review)
    edit(ws_root, "es", para, touch)
    before = entry(ws_root, "es", para).string
    upper.sent.clear()
    result = run(ws_root, languages=("es",), refresh=True)
    assert entry(ws_root, "es", TITLE).string == "Revisado."
    assert entry(ws_root, "es", para).string == before
    assert not untouched_draft(entry(ws_root, "es", para))
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
    load_catalogs(load_workspace(ws_root), ("es",), update=True)
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

    def by_hand(message: Message) -> None:
        message.string = "Un miembro lo tradujo."
        message.user_comments = []
        message.flags.discard("fuzzy")

    edit(ws_root, "es", "Solidarity forever!", by_hand)
    upper.sent.clear()
    result = run(ws_root, languages=("es",))
    assert result.languages[0].sent == 1  # the machine draft of the changed paragraph
    new = entry(ws_root, "es", "The Committee for Solidary Actions is a political group of "
                "left-wing and trade union activists reestablished in 2022 in Moscow.")
    assert new.string.endswith("2022 IN MOSCOW.") and not new.previous_id
    human = entry(ws_root, "es", "Solidarity forever and ever!")
    assert human.string == "Un miembro lo tradujo." and human.previous_id


def test_lost_tokens_leave_a_visible_warning(ws_root: Path, upper: Any) -> None:
    with (ws_root / "appeal.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n[engines.upper]\ndrop_tokens = true\n")
    result = run(ws_root, languages=("es",))
    assert result.languages[0].warnings > 0
    article = next(m for m in read_catalog(ws_root / "locales/es/LC_MESSAGES/messages.po")
                   if isinstance(m.id, str) and "205.2" in m.id)
    assert any(c.startswith(WARNING_TAG) and "205.2" in c for c in article.user_comments)
    assert article.string and "fuzzy" in article.flags
    msgfmt_check(ws_root / "locales" / "es" / "LC_MESSAGES" / "messages.po")


def test_glossary_renders_terms(ws_root: Path, upper: Any) -> None:
    repo = Path(__file__).resolve().parents[2]
    (ws_root / "locales" / "de" / "LC_MESSAGES").mkdir(parents=True)
    (ws_root / "locales" / "glossary.pot").write_bytes((repo / "locales/glossary.pot").read_bytes())
    (ws_root / "locales/de/LC_MESSAGES/glossary.po").write_bytes(
        (repo / "locales/de/LC_MESSAGES/glossary.po").read_bytes())
    run(ws_root, languages=("es", "de"))
    heading_de = entry(ws_root, "de", "Boris Kagarlitsky")
    assert heading_de.string == "Boris Kagarlizki"
    views = next(m for m in read_catalog(ws_root / "locales/de/LC_MESSAGES/messages.po")
                 if isinstance(m.id, str) and m.id.startswith("KSD disseminates"))
    assert "Kagarlizki" in views.string and "KAGARLITSKY" not in views.string
    lead = "On the side of the independent trade union movement, representatives of the MPRA"
    assert entry(ws_root, "es", TITLE).string.startswith("SAC'S")
    assert any(isinstance(m.id, str) and m.id.startswith(lead) and "the MPRA" not in m.string
               and "THE MPRA" in m.string
               for m in read_catalog(ws_root / "locales/es/LC_MESSAGES/messages.po"))


def test_reviewed_translation_elsewhere_is_offered_first(ws_root: Path, upper: Any) -> None:
    ws = load_workspace(ws_root)
    catalogs, _ = load_catalogs(ws, ("es",), update=True)
    other = catalogs["es"].__class__(locale="es")
    other.add("Solidarity forever!", "¡Solidaridad para siempre!")
    write_catalog(ws.locales / "es" / "LC_MESSAGES" / "older.po", other)
    run(ws_root, languages=("es",))
    found = entry(ws_root, "es", "Solidarity forever!")
    assert found.string == "¡Solidaridad para siempre!"
    assert found.user_comments[0].startswith(f"{DRAFT_TAG} memory sha256:")
    assert "Solidarity forever!" not in upper.sent


@pytest.mark.parametrize(("string", "flags", "comments", "previous", "expected"), [
    ("", set(), [], [], True),
    ("Hola", set(), [], [], False),
    ("Hola", {"fuzzy"}, [], ["Hi"], False),
    ("Hola", {"fuzzy"}, [f"{DRAFT_TAG} x sha256:e633f4fc"], ["Hi"], True),
    ("Hola", {"fuzzy"}, [f"{DRAFT_TAG} x sha256:e633f4fc"], [], False),
    ("Hola!", {"fuzzy"}, [f"{DRAFT_TAG} x sha256:e633f4fc"], ["Hi"], False),
], ids=["empty", "reviewed", "human-fuzzy-from-older-source", "machine-draft-from-older-source",
        "machine-draft-unchanged", "edited-draft"])
def test_needs_draft(string: str, flags: set[str], comments: list[str], previous: list[str],
                     expected: bool) -> None:
    message = Message("Hello", string, flags=flags, user_comments=comments,
                      previous_id=previous)
    assert needs_draft(message) is expected
