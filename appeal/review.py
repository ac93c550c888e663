"""A reviewer's view of one language: source and translation side by side, in document order.

Reviewers who have no ``.po`` editor still need to read the whole document in
translation and tell the translator exactly what to fix.  ``dist/<lang>/review.html``
shows every segment with its state (reviewed, machine draft and from which
engine, untranslated), the checks' findings, the ``.po`` line to fix, and for
a changed source the words that changed.  Coordinators who cannot read the
language may add a machine back-translation; it is shown, never stored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from appeal.catalogs import Catalog, Entry, State
from appeal.errors import AppealError
from appeal.languages import LanguageInfo, language_info
from appeal.mt import get_engine
from appeal.parts import CHROME, part_of
from appeal.render import render_report
from appeal.wordiff import Piece, word_diff
from appeal.workspace import Workspace, atomic_write

if TYPE_CHECKING:
    from appeal.checks import Problem

REVIEW_NAME = "review.html"


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """One catalog entry where it first occurs in one document."""

    source: tuple[str, ...]
    """The msgid, and its plural form when there is one."""
    translation: tuple[str, ...]
    """Every msgstr form; empty strings when untranslated."""
    state: str
    """``reviewed``, ``draft`` or ``untranslated``."""
    engine: str | None
    """The machine route that wrote the draft, from its provenance comment."""
    kind: str | None
    """What the text is in the document (paragraph, heading ...), from the extracted comment."""
    notes: tuple[str, ...]
    """Notes for translators written by the author (catalogs wrap them over several lines)."""
    where: str
    """Where the source is, ``content/appeal.md:7``."""
    po_line: int | None
    """Line of the entry's ``msgid`` in the ``.po`` file."""
    problems: tuple[Problem, ...]
    diff: tuple[Piece, ...] | None
    """How the source changed since the (fuzzy) translation was made."""
    back: str | None = None
    """Machine back-translation into the source language, when asked for."""


@dataclass(frozen=True, slots=True)
class ReviewSection:
    part: str
    """A document name, or ``chrome`` for the page templates' strings."""
    entries: tuple[ReviewEntry, ...]


@dataclass(frozen=True, slots=True)
class BackTranslation:
    """What the back-translation column shows: a route, or why there is none."""

    label: str | None
    """The engine route (``apertium spa→eng``); None when no engine serves the direction."""
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReviewPage:
    language: LanguageInfo
    source: LanguageInfo
    catalog: str
    """The ``.po`` file, relative to the workspace."""
    sections: tuple[ReviewSection, ...]
    back: BackTranslation | None = None
    """None when no back-translation was asked for."""

    def count(self, state: str) -> int:
        return sum(entry.state == state for s in self.sections for entry in s.entries)


STATE_LABELS = {State.REVIEWED: "reviewed", State.OUTDATED: "draft", State.DRAFT: "draft",
                State.UNTRANSLATED: "untranslated"}
"""The review page's three states: an outdated translation is a draft to review again."""


def review_entry(entry: Entry, where: str, problems: Sequence[Problem]) -> ReviewEntry:
    state = STATE_LABELS[entry.state]
    comments = entry.extracted_comments
    found = entry.provenance
    return ReviewEntry(
        source=entry.ids, translation=entry.strings, state=state,
        engine=(found.label or None) if found is not None and state == "draft" else None,
        kind=comments[0] if comments else None, where=where,
        notes=(" ".join(comments[1:]),) if len(comments) > 1 else (),
        po_line=entry.line, problems=tuple(problems),
        diff=tuple(word_diff(entry.previous_id, entry.id))
        if entry.fuzzy and entry.previous_id else None)


def sections(ws: Workspace, catalog: Catalog, problems: Sequence[Problem]
             ) -> tuple[ReviewSection, ...]:
    """Entries grouped by document in the order the text reads, template strings last."""
    by_id: dict[str, list[Problem]] = {}
    for problem in problems:
        by_id.setdefault(problem.msgid, []).append(problem)
    placed: dict[str, list[tuple[tuple[str, int], ReviewEntry]]] = {
        path.stem: [] for path in ws.documents()}
    placed[CHROME] = []
    for message in catalog:
        if not message.id:
            continue
        mine = by_id.get(message.id, [])
        seen: set[str] = set()
        for location, line in message.locations or [("", 0)]:
            part = part_of(location, ws)
            if part in seen:
                continue
            seen.add(part)
            where = f"{location}:{line}" if location else ""
            order = (location if part == CHROME else "", line or 0)
            placed.setdefault(part, []).append((order, review_entry(message, where, mine)))
    return tuple(ReviewSection(part, tuple(entry for _, entry in sorted(items, key=lambda i: i[0])))
                 for part, items in placed.items() if items)


def back_translation(ws: Workspace, lang: str, engine: str = "apertium") -> BackTranslation:
    """The route an engine offers from *lang* back to the source language, if any."""
    try:
        machine = get_engine(engine, ws.settings)
        if not machine.availability().usable:
            return BackTranslation(None, f"no engine ({machine.availability().reason})")
        routes = machine.routes(lang, ws.source_language)
    except AppealError as error:
        return BackTranslation(None, f"no engine ({error.message})")
    if not routes:
        return BackTranslation(None, f"no engine: {engine} has no route {lang}→"
                                     f"{ws.source_language}")
    return BackTranslation(routes[0].label)


def add_back_translations(ws: Workspace, lang: str, page: ReviewPage,
                          engine: str = "apertium") -> ReviewPage:
    """*page* with a back-translation of every translated entry (the catalog is not touched)."""
    from dataclasses import replace

    back = back_translation(ws, lang, engine)
    if back.label is None:
        return replace(page, back=back)
    machine = get_engine(engine, ws.settings)
    route = machine.routes(lang, ws.source_language)[0]
    texts = [entry.translation[0] for s in page.sections for entry in s.entries
             if entry.state != "untranslated"]
    try:
        done = dict(zip(texts, machine.translate_batch(texts, route), strict=True))
    except AppealError as error:
        return replace(page, back=BackTranslation(None, f"back-translation failed: {error}"))
    finally:
        close = getattr(machine, "close", None)
        if callable(close):
            close()
    new_sections = tuple(
        replace(s, entries=tuple(replace(e, back=done.get(e.translation[0]))
                                 if e.state != "untranslated" else e for e in s.entries))
        for s in page.sections)
    return replace(page, sections=new_sections, back=back)


def review_page(ws: Workspace, lang: str, catalog: Catalog, problems: Sequence[Problem]
                ) -> ReviewPage:
    """The data of one language's review page."""
    path = ws.po_path(lang)
    try:
        relative = path.relative_to(ws.root).as_posix()
    except ValueError:
        relative = str(path)
    return ReviewPage(language=language_info(lang), source=language_info(ws.source_language),
                      catalog=relative, sections=sections(ws, catalog, problems))


def write_review(ws: Workspace, page: ReviewPage, out: Path) -> bool:
    """Write ``out/<lang>/review.html``; True when its bytes changed."""
    html = render_report(ws, "review.html.j2", {"page": page})
    return atomic_write(out / page.language.code / REVIEW_NAME, html.encode("utf-8"),
                        durable=False)
