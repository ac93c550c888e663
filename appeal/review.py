"""A reviewer's view of one language: source and translation side by side, in document order.

Reviewers who have no ``.po`` editor still need to read the whole document in
translation and tell the translator exactly what to fix.  ``review/<lang>.html``
shows every segment with its state (reviewed, machine draft and from which
engine, edited draft, machine draft approved unchanged, outdated, untranslated),
the checks' findings, the ``.po`` line to fix, and for a changed source the
words that changed.  Links on the page show only drafts, only drafts approved
unchanged, only changed entries or only entries with findings; they work from a
downloaded file.  Coordinators who cannot read the language may add
a machine back-translation (``--back-translate``, or ``[review] back_translate``
in the settings); it is shown, never stored.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from babel.dates import format_datetime
from markupsafe import Markup, escape

from appeal.catalogs import Catalog, Entry, State, catalog_stats, whole_percent
from appeal.checks.report import FindingCounts, count_findings, is_finding
from appeal.errors import AppealError
from appeal.gates import publish_policy
from appeal.languages import LanguageInfo, language_info
from appeal.mt import get_engine
from appeal.parts import CHROME, part_of
from appeal.render import render_report
from appeal.wordiff import Piece, word_diff
from appeal.workspace import Workspace, atomic_write, build_time

if TYPE_CHECKING:
    from appeal.checks import Problem



@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """One catalog entry where it first occurs in one document."""

    source: tuple[str, ...]
    """The msgid, and its plural form when there is one."""
    translation: tuple[str, ...]
    """Every msgstr form; empty strings when untranslated."""
    state: str
    """The entry's :class:`~appeal.catalogs.State`: ``reviewed``, ``approved-draft``,
    ``outdated``, ``draft`` or ``untranslated``."""
    label: str
    """The state as the page names it: ``machine draft``, ``edited draft`` … (:func:`label`)."""
    detail: str | None
    """A line under the label: where a draft came from, why an entry is outdated."""
    engine: str | None
    """The machine route that wrote the draft, only while nobody has edited it."""
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
    unknown: tuple[str, ...] = ()
    """Words the engine did not know and left as they were, while nobody edited the draft."""

    @property
    def changed(self) -> bool:
        """Fuzzy with a previous source: outdated translations and drafts carried over."""
        return self.diff is not None

    @property
    def failing(self) -> bool:
        """Some check finds an error or a warning (the state alone is no finding)."""
        return bool(self.problems)

    @property
    def filters(self) -> tuple[str, ...]:
        """The review page's filters that show this entry, besides ``all``."""
        return tuple(name for name, shown in (("drafts", self.state == State.DRAFT),
                                              ("approved", self.state == State.APPROVED_DRAFT),
                                              ("unknown", bool(self.unknown)),
                                              ("changed", self.changed),
                                              ("failing", self.failing)) if shown)


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
class Generated:
    """When a coordinator's page was made, for ``<time>``: ISO and as English reads it."""

    iso: str
    text: str


def generated() -> Generated:
    """The build time (``SOURCE_DATE_EPOCH`` when set, so two builds give the same bytes),
    in Babel's long English format: the coordinators' pages are English."""
    when = build_time()
    return Generated(when.isoformat(), format_datetime(when, "long", tzinfo=datetime.UTC,
                                                       locale="en"))


FILTERS = (("all", "All"), ("drafts", "Drafts"), ("approved", "Approved unchanged"),
           ("unknown", "Unknown words"), ("changed", "Changed source"),
           ("failing", "Failing checks"))
"""The review page's filters: the name in ``#filter-<name>``, and the link's text."""


@dataclass(frozen=True, slots=True)
class ReviewPage:
    language: LanguageInfo
    source: LanguageInfo
    catalog: str
    """The ``.po`` file, relative to the workspace."""
    sections: tuple[ReviewSection, ...]
    back: BackTranslation | None = None
    """None when no back-translation was asked for."""
    reviewed_percent: float = 0.0
    """Share of the source words reviewed, as the status counts it."""
    findings: FindingCounts = field(default_factory=FindingCounts)
    """The catalog's findings, counted as ``appeal check`` and ``appeal status`` count them."""
    generated: Generated | None = None
    problems: tuple[Problem, ...] = ()
    """Findings of no entry: a glossary that cannot be read."""
    approved_counted: bool = False
    """The publication gate counts machine drafts approved unchanged as reviewed
    (``count_unchanged_drafts_as_reviewed``)."""

    @property
    def entries(self) -> tuple[ReviewEntry, ...]:
        return tuple(entry for section in self.sections for entry in section.entries)

    def count(self, state: str) -> int:
        """Entries in *state* (a :class:`~appeal.catalogs.State` value)."""
        return sum(entry.state == state for entry in self.entries)

    def shown(self, name: str) -> int:
        """Entries the filter *name* shows."""
        return sum(name == "all" or name in entry.filters for entry in self.entries)

    @property
    def reviewed(self) -> str:
        return whole_percent(self.reviewed_percent)

    @property
    def unknown_words(self) -> int:
        """Words the engine did not know, over every draft nobody edited (as ``status``
        counts)."""
        return sum(len(entry.unknown) for entry in self.entries)

    def most_unknown(self, limit: int = 10) -> list[tuple[str, int, ReviewEntry]]:
        """The drafts with the most unknown words, most first: (anchor, number, entry).

        The anchor is the entry's row (``<document>-<number>``), as the page numbers
        rows within each document.
        """
        ranked = [(f"{section.part}-{number}", number, entry)
                  for section in self.sections
                  for number, entry in enumerate(section.entries, 1) if entry.unknown]
        ranked.sort(key=lambda item: -len(item[2].unknown))
        return ranked[:limit]


def label(entry: Entry) -> tuple[str, str | None]:
    """What the page calls the entry's state, and a line saying more.

    Only a draft nobody has touched is the machine's; once a person edits it, it is theirs.

    >>> from appeal.catalogs.provenance import draft_comments
    >>> made = Entry("Hello", ("Hola",), flags=frozenset({"fuzzy"}),
    ...              translator_comments=draft_comments("apertium eng→spa", ("Hola",)))
    >>> label(made), label(made.replace(strings=("¡Hola!",)))
    (('machine draft', 'apertium eng→spa'), ('edited draft', 'first drafted by apertium eng→spa'))
    >>> label(Entry("Hi", ("Hola",), flags=frozenset({"fuzzy"}), previous_id="Hello"))
    ('outdated', 'the source changed since it was translated')

    A draft whose fuzzy flag was cleared without an edit is still the machine's text:

    >>> label(made.replace(flags=frozenset()))
    ('machine draft approved unchanged', 'fuzzy flag cleared, text as apertium eng→spa wrote it')
    """
    state, found = entry.state, entry.provenance
    if state is State.APPROVED_DRAFT and found is not None:
        if found.label == "memory":
            return ("memory draft approved unchanged",
                    "fuzzy flag cleared, text as the translation memory gave it")
        return ("machine draft approved unchanged",
                f"fuzzy flag cleared, text as {found.label or 'a machine'} wrote it")
    if state is State.DRAFT:
        if found is not None and entry.untouched_draft:
            if found.label == "memory":
                return "memory draft", "reviewed elsewhere in the workspace"
            return "machine draft", found.label or None
        if found is not None:
            return "edited draft", (f"first drafted by {found.label}" if found.label
                                    else "first drafted by a machine")
        return "draft", "marked fuzzy by a translator"
    if state is State.OUTDATED:
        return "outdated", "the source changed since it was translated"
    return str(state), None


def review_entry(entry: Entry, where: str, problems: Sequence[Problem]) -> ReviewEntry:
    comments = entry.extracted_comments
    named, detail = label(entry)
    found = entry.provenance
    unedited = found is not None and (entry.untouched_draft or entry.approved_draft)
    return ReviewEntry(
        source=entry.ids, translation=entry.strings, state=str(entry.state), label=named,
        detail=detail,
        engine=(found.label or None) if found is not None and unedited else None,
        kind=comments[0] if comments else None, where=where,
        notes=(" ".join(comments[1:]),) if len(comments) > 1 else (),
        po_line=entry.line, problems=tuple(p for p in problems if is_finding(p)),
        diff=tuple(word_diff(entry.previous_id, entry.id))
        if entry.fuzzy and entry.previous_id else None,
        unknown=found.unknown if found is not None and unedited else ())


_URL = re.compile(r"(?:https?|ftp|mailto|tel|javascript|data|file):\S+|www\.\S+"
                  r"|[\w.+-]+@[\w-]+\.[\w.-]+|[^\s/]*/[^\s/]*/\S*", re.IGNORECASE)
"""Addresses, e-mail addresses and paths (two slashes or more): text without words to keep."""


def _may_hold_address(text: str) -> bool:
    """False when :data:`_URL` cannot match: most text, which then skips the search."""
    return "/" in text or "@" in text or ":" in text or "www." in text.lower()


def url_runs(text: str) -> list[tuple[str, bool]]:
    """*text* cut into runs, each with whether it is an address (which may wrap anywhere).

    Words must never break inside; a long address or path has no other place to break.

    >>> url_runs("See https://t.me/example_sac, or write.")
    [('See ', False), ('https://t.me/example_sac,', True), (' or write.', False)]
    >>> url_runs("/srv/ws/locales/de/messages.po:2: unterminated string, and/or")
    [('/srv/ws/locales/de/messages.po:2:', True), (' unterminated string, and/or', False)]
    """
    if not _may_hold_address(text):
        return [(text, False)]
    runs: list[tuple[str, bool]] = []
    start = 0
    for match in _URL.finditer(text):
        if match.start() > start:
            runs.append((text[start:match.start()], False))
        runs.append((match[0], True))
        start = match.end()
    if start < len(text) or not runs:
        runs.append((text[start:], False))
    return runs


URL_BREAK = Markup("/<wbr>")


def prose(text: str, css_class: str = "url") -> Markup:
    """*text* escaped for a page, each address or path in it a ``<span class="url">``
    with a line-break opportunity after every slash (see :func:`url_runs`).

    A function rather than a template macro: the review page calls it for every
    text of every entry.

    >>> prose("<b> at https://t.me/x")
    Markup('&lt;b&gt; at <span class="url">https:/<wbr>/<wbr>t.me/<wbr>x</span>')
    """
    if not _may_hold_address(text):
        return escape(text)
    opening = Markup('<span class="{}">').format(css_class)
    return Markup("").join(
        opening + URL_BREAK.join(run.split("/")) + Markup("</span>") if address else escape(run)
        for run, address in url_runs(text))


def highlighted(text: str, words: Sequence[str]) -> Markup:
    """:func:`prose`, with each of *words* (whole words) in a ``<mark class="unknown">``.

    >>> highlighted("el leftist grupo y los leftists", ["leftist"])
    Markup('el <mark class="unknown">leftist</mark> grupo y los leftists')
    """
    if not words:
        return prose(text)
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(words, key=len,
                                                                       reverse=True)))
                         + r")(?!\w)")
    pieces = pattern.split(text)
    return Markup("").join(Markup('<mark class="unknown">{}</mark>').format(piece)
                           if number % 2 else prose(piece)
                           for number, piece in enumerate(pieces))


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
                      catalog=relative, sections=sections(ws, catalog, problems),
                      reviewed_percent=catalog_stats(catalog).percent_reviewed,
                      findings=count_findings(problems), generated=generated(),
                      problems=tuple(p for p in problems if not p.msgid),
                      approved_counted=publish_policy(
                          ws, lang).count_unchanged_drafts_as_reviewed)


def review_path(out: Path, lang: str) -> Path:
    """Where *lang*'s review page goes in the review folder *out*."""
    return out / f"{lang}.html"


def write_review(ws: Workspace, page: ReviewPage, out: Path) -> bool:
    """Write ``out/<lang>.html``; True when its bytes changed."""
    html = render_report(ws, "review.html.j2", {"page": page, "filters": FILTERS,
                                                "url_runs": url_runs, "prose": prose,
                                                "highlighted": highlighted})
    return atomic_write(review_path(out, page.language.code), html.encode("utf-8"),
                        durable=False)
