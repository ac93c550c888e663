"""Readiness per language: what is reviewed, drafted, untranslated or broken, by document.

Coordinators ask "which languages are ready, what is still a draft, what is
broken?".  The answer is computed once as data (:class:`WorkspaceStatus`) and
shown three ways: a table on the terminal, JSON for tools, and the
``review/status.html`` dashboard.  Counts are by words of the source, so a long
paragraph weighs more than a heading.  Machine drafts approved unchanged (their
fuzzy flag cleared, their text still the engine's) are counted apart from the
reviewed words, whatever the publication gate makes of them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from appeal.catalogs import Catalog, CatalogStats, Entry, entries_stats, read_catalog
from appeal.checks.findings import Findings
from appeal.checks.report import count_findings
from appeal.errors import AppealError
from appeal.formats import FORMATS
from appeal.gates import Verdict, assess
from appeal.languages import language_info
from appeal.parts import CHROME, message_parts
from appeal.render import render_report
from appeal.review import generated, review_path, url_runs
from appeal.workspace import Workspace, atomic_write

if TYPE_CHECKING:
    from appeal.checks import Problem

STATUS_NAME = "status.html"


@dataclass(frozen=True, slots=True)
class Readiness:
    """Counts for a catalog or for the part of it one document uses."""

    stats: CatalogStats
    errors: int = 0
    """Check errors, drafts included (a draft build would publish them)."""
    warnings: int = 0
    """Check warnings, drafts included, counted as ``appeal check`` counts them
    (:func:`appeal.checks.report.count_findings`: not the ``untranslated`` findings)."""

    def percent(self, state: str) -> float:
        """Share of the source words in *state* (reviewed, approved_drafts, fuzzy,
        untranslated: a :class:`CatalogStats` count), 0-100."""
        words = self.stats.words
        return 100.0 * getattr(self.stats, f"{state}_words") / words if words else 0.0


@dataclass(frozen=True, slots=True)
class LanguageStatus:
    """One target language's readiness."""

    code: str
    name: str
    """The language's own name."""
    rtl: bool
    catalog: str
    """The ``.po`` file, relative to the workspace."""
    overall: Readiness | None = None
    """None when the catalog is missing or unreadable (see *failure*)."""
    documents: dict[str, Readiness] = field(default_factory=dict)
    """By document name, plus ``chrome`` for template strings."""
    verdict: Verdict | None = None
    failure: str | None = None
    unknown_words: int = 0
    """Words the engine did not know, over the machine drafts nobody has edited."""
    unknown_drafts: int = 0
    """Those drafts: where a reviewer should look first."""


def unknown_in_drafts(messages: Sequence[Entry]) -> tuple[int, int]:
    """Words the engine did not know in drafts nobody edited (untouched, or approved
    unchanged), and how many drafts hold some."""
    counts = [len(found.unknown) for message in messages
              if (message.untouched_draft or message.approved_draft)
              and (found := message.provenance) is not None and found.unknown]
    return sum(counts), len(counts)


@dataclass(frozen=True, slots=True)
class WorkspaceStatus:
    project: str
    source_language: str
    source_name: str
    parts: tuple[str, ...]
    """Document names in order, then ``chrome``."""
    languages: tuple[LanguageStatus, ...]

    @property
    def failed(self) -> bool:
        return any(language.failure for language in self.languages)

    @property
    def approved_drafts(self) -> int:
        """Machine drafts approved unchanged, over every language: the dashboard gives them
        a column only when there are some."""
        return sum(row.overall.stats.approved_drafts for row in self.languages if row.overall)


def readiness(messages: Sequence[Entry], problems: Sequence[Problem], *,
              whole: bool = False) -> Readiness:
    """The counts of *messages*; with *whole* (a whole catalog) also the findings of no
    entry, such as a glossary that cannot be read."""
    ids = {message.id for message in messages}
    counts = count_findings(p for p in problems if p.msgid in ids or (whole and not p.msgid))
    return Readiness(entries_stats(messages), errors=counts.errors, warnings=counts.warnings)


def language_status(ws: Workspace, lang: str, catalog: Catalog, problems: Sequence[Problem],
                    verdict: Verdict | None, parts: Sequence[str]) -> LanguageStatus:
    """Counts for one catalog, overall and per document."""
    messages = [message for message in catalog if message.id]
    by_part: dict[str, list[Entry]] = {part: [] for part in parts}
    for message in messages:
        for part in message_parts(message, ws):
            by_part.setdefault(part, []).append(message)
    info = language_info(lang)
    overall = readiness(messages, problems, whole=True)
    words, drafts = unknown_in_drafts(messages)
    return LanguageStatus(
        code=lang, name=info.native_name, rtl=info.rtl, catalog=_relative(ws.po_path(lang), ws),
        overall=overall, documents={part: readiness(group, problems)
                                    for part, group in by_part.items()},
        verdict=verdict, unknown_words=words, unknown_drafts=drafts)


def _relative(path: Path, ws: Workspace) -> str:
    try:
        return path.relative_to(ws.root).as_posix()
    except ValueError:
        return str(path)


def workspace_status(ws: Workspace, languages: Sequence[str] | None = None, *,
                     catalog: Callable[[str], Catalog] | None = None,
                     findings: Findings | None = None,
                     verdicts: Mapping[str, Verdict] | None = None) -> WorkspaceStatus:
    """The readiness of each target language; a broken catalog is reported, not raised.

    A build passes the catalogs, findings and verdicts it already has; the
    ``status`` command reads the catalogs from disk.
    """
    read = catalog or (lambda lang: read_catalog(ws.po_path(lang), locale=lang))
    findings = findings or Findings(ws, read)
    parts = (*(path.stem for path in ws.documents()), CHROME)
    rows = []
    for lang in languages if languages is not None else ws.languages:
        try:
            cat = read(lang)
            verdict = (verdicts or {}).get(lang) or assess(ws, lang, cat,
                                                           findings.get(lang)).verdict
            rows.append(language_status(ws, lang, cat, findings.reported(lang), verdict, parts))
        except AppealError as error:
            info = language_info(lang)
            rows.append(LanguageStatus(code=lang, name=info.native_name, rtl=info.rtl,
                                       catalog=_relative(ws.po_path(lang), ws),
                                       failure=str(error)))
    source = language_info(ws.source_language)
    return WorkspaceStatus(project=ws.project, source_language=ws.source_language,
                           source_name=source.native_name, parts=parts, languages=tuple(rows))


def _readiness_json(item: Readiness) -> dict[str, Any]:
    stats = item.stats
    return {
        "segments": stats.segments, "words": stats.words,
        **{name: {"segments": getattr(stats, key), "words": getattr(stats, f"{key}_words"),
                  "percent": round(item.percent(key), 2)}
           for name, key in (("reviewed", "reviewed"), ("approved_unchanged", "approved_drafts"),
                             ("draft", "fuzzy"), ("untranslated", "untranslated"))},
        "errors": item.errors, "warnings": item.warnings,
    }


def status_json(status: WorkspaceStatus) -> dict[str, Any]:
    """Plain data for ``appeal status --json``; key names are stable for tools."""
    def language(row: LanguageStatus) -> dict[str, Any]:
        verdict = row.verdict
        return {
            "language": row.code, "name": row.name, "catalog": row.catalog,
            "failure": row.failure,
            "publish": verdict.publish if verdict else None,
            "held_back": list(verdict.reasons) if verdict else [],
            "min_reviewed": verdict.min_reviewed if verdict else None,
            "count_unchanged_drafts_as_reviewed": verdict.approved_counted if verdict else None,
            "unknown_words": row.unknown_words, "unknown_drafts": row.unknown_drafts,
            **(_readiness_json(row.overall) if row.overall else {}),
            "documents": {part: _readiness_json(item) for part, item in row.documents.items()},
        }
    return {"project": status.project, "source_language": status.source_language,
            "documents": list(status.parts), "languages": [language(r) for r in status.languages]}


def write_dashboard(ws: Workspace, status: WorkspaceStatus, out: Path,
                    published: Path | None = None) -> bool:
    """Write ``out/status.html``; True when its bytes changed.

    It links each language's review page beside it in *out* and its published
    pages in *published* (``dist/``), by relative addresses, and only to files
    that exist, so a language held back shows no dead links.
    """
    published = published if published is not None else ws.dist
    prefix = Path(os.path.relpath(published, out)).as_posix() + "/"
    links: dict[str, dict[str, Any]] = {}
    for code in (status.source_language, *(row.code for row in status.languages)):
        pages = {part: [(name, f"{prefix}{code}/{fmt.first_file(part)}")
                        for name, fmt in FORMATS.items() if fmt.scope == "document"
                        and (published / code / fmt.first_file(part)).is_file()]
                 for part in status.parts if part != CHROME}
        review = review_path(out, code)
        links[code] = {"pages": {p: f for p, f in pages.items() if f},
                       "review": review.name if review.is_file() else None}
    states = STATES if status.approved_drafts else tuple(
        state for state in STATES if state[0] != "approved_drafts")
    page = render_report(ws, "status.html.j2", {"status": status, "links": links,
                                                "states": states, "generated": generated(),
                                                "url_runs": url_runs})
    return atomic_write(out / STATUS_NAME, page.encode("utf-8"), durable=False)


STATES = (("reviewed", "reviewed", "Reviewed"),
          ("approved_drafts", "approved", "Approved unchanged"), ("fuzzy", "draft", "Draft"),
          ("untranslated", "untranslated", "Untranslated"))
"""(CatalogStats field, CSS class, label) of each state, in the order bars show them."""
