"""``appeal translate``: draft every untranslated entry of each language, batch by batch.

A batch is sent, its answers committed to the translation memory, its drafts
written into the catalog atomically; only then does the next batch go out. A
run killed at any moment leaves valid catalogs, and the next run finds every
finished segment in the memory instead of asking the engine again.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from appeal.catalogs import Catalog, Entry, save_catalog
from appeal.errors import AppealError, ConfigError
from appeal.glossary import read_glossary
from appeal.mt.base import Engine, MarksUnknown, Route
from appeal.mt.drafts import (
    MEMORY_LABEL,
    Draft,
    Job,
    Progress,
    ProgressCallback,
    apply_draft,
    batches,
    draft_from_answers,
    encode_answer,
    needs_draft,
    plan_jobs,
)
from appeal.mt.memory import Memory, memory_path, reviewed_in_workspace
from appeal.mt.routing import EnginePool, engine_names, usable_routes
from appeal.workspace import Workspace


@dataclass(frozen=True, slots=True)
class TranslateOptions:
    """What ``appeal translate`` was asked to do."""

    languages: tuple[str, ...]
    engine: str | None = None
    """Engine names (comma-separated) replacing the ones ``appeal.toml`` lists."""
    refresh: bool = False
    """Also rewrite machine drafts nobody edited."""
    check: bool = False
    """Compute only: write nothing, call no engine."""


@dataclass(frozen=True, slots=True)
class LanguageDrafts:
    """What drafting did (or, with ``check``, would do) for one language."""

    language: str
    route: str = ""
    """Label of the route used, empty when no engine was needed or none reached."""
    entries: int = 0
    """Entries drafted (or, with ``check``, to draft)."""
    sent: int = 0
    """Segments sent to the engine."""
    remembered: int = 0
    """Entries filled without an engine call: from the memory, from a reviewed
    translation, or because nothing in them needs translating (a name kept as is)."""
    warnings: int = 0
    """Drafts written with a protection warning for the reviewer."""
    unreachable: str = ""
    """Why no engine serves this language (its entries are left for translators)."""
    drafted_by: tuple[tuple[str, int], ...] = ()
    """Route label → entries it drafted, in the order the engines were tried."""
    failures: tuple[str, ...] = ()
    """Engines that failed during the run, each with its error and the one taking over."""


@dataclass(frozen=True, slots=True)
class TranslateResult:
    languages: tuple[LanguageDrafts, ...] = ()
    failed: tuple[AppealError, ...] = field(default=())

    @property
    def would_change(self) -> bool:
        return any(item.entries and not item.unreachable for item in self.languages)


def batch_size(settings: Mapping[str, object], default: int) -> int:
    """``[translate] batch_size`` overrides the engine's own preference."""
    table = settings.get("translate", {})
    value = table.get("batch_size", default) if isinstance(table, Mapping) else default
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError("[translate] batch_size must be a positive integer", path="appeal.toml")
    return value


class DraftSession:
    """Everything one ``translate`` run shares between languages: engines and the memory."""

    def __init__(self, ws: Workspace, options: TranslateOptions,
                 progress: ProgressCallback | None) -> None:
        self.ws = ws
        self.options = options
        self.progress = progress or (lambda _event: None)
        self.pool = EnginePool(ws.settings)
        self.memory: Memory | None = None

    def close(self) -> None:
        self.pool.close()
        if self.memory is not None:
            self.memory.close()

    def language(self, lang: str, catalog: Catalog) -> LanguageDrafts:
        todo = [entry for entry in catalog if needs_draft(entry, refresh=self.options.refresh)]
        if not todo:
            return LanguageDrafts(lang)
        names = engine_names(self.ws, lang, self.options.engine)
        candidates = usable_routes(self.pool, names, self.ws.source_language, lang)
        if isinstance(candidates, str):
            return LanguageDrafts(lang, entries=len(todo), unreachable=candidates)
        if self.options.check:
            return LanguageDrafts(lang, route=candidates[0][1].label, entries=len(todo))
        self.progress(Progress(lang, 0, len(todo)))
        saver = _Saver(self.ws.po_path(lang), catalog)
        remembered = self._from_reviewed(lang, saver, todo)
        remaining = [entry for entry in todo if entry.key not in remembered]
        terms = read_glossary(self.ws, lang).terms
        tally = _Tally(lang, len(todo), len(remembered))
        for number, (engine, route) in enumerate(candidates, 1):
            try:
                self._draft(engine, route, saver, remaining, terms, tally)
                break
            except ConfigError:
                raise
            except AppealError as error:
                saver.save(final=True)  # what this engine drafted stays
                if number == len(candidates):
                    raise
                tally.failures.append(f"{route.label} failed: {error.message}; "
                                      f"{candidates[number][1].label} took over")
        return tally.result()

    def _draft(self, engine: Engine, route: Route, saver: _Saver, entries: list[Entry],
               terms: dict[str, str], tally: _Tally) -> None:
        """Draft *entries* with one engine, batch by batch, taking each finished batch out
        of *entries* and counting it in *tally*. When the engine fails, its error goes up
        and *entries* holds what is left, for the next engine."""
        if self.memory is None:
            self.memory = Memory(memory_path(self.ws))
        jobs = plan_jobs(saver.catalog, entries, terms,
                         names=engine.shields_with_names)
        known = self.memory.lookup(engine.name, route.label,
                                   {text for job in jobs for text in job.wanted()})
        remembered = set(known)
        size = batch_size(self.ws.settings, engine.batch_size)
        groups = batches(jobs, remembered, size) or [[]]
        for number, group in enumerate(groups, 1):
            wanted = sorted({t for job in group for t in job.wanted()} - set(known))
            if wanted:
                answers = dict(zip(wanted, _translated(engine, wanted, route), strict=True))
                self.memory.store(engine.name, route.label, answers)
                known.update(answers)
                tally.sent += len(wanted)
            tally.warnings += self._apply(saver, group, known, route.label)
            saver.save(final=number == len(groups))
            tally.remembered += sum(1 for job in group if job.wanted() <= remembered)
            tally.drafted(route.label, len(group))
            finished = {job.key for job in group}
            entries[:] = [entry for entry in entries if entry.key not in finished]
            self.progress(Progress(tally.language, tally.done, tally.entries))

    def _from_reviewed(self, lang: str, saver: _Saver, todo: Sequence[Entry]) -> set[object]:
        """Fill entries whose msgid is reviewed elsewhere in the workspace."""
        reviewed = reviewed_in_workspace(self.ws, lang, [saver.catalog])
        count = saver.catalog.nplurals
        filled: list[Entry] = []
        for entry in todo:
            found = reviewed.get(entry.ids if entry.plural_id is not None else entry.id)
            if found is None:
                continue
            forms = (found,) if isinstance(found, str) else found
            if len(forms) == (1 if entry.plural_id is None else count):
                filled.append(apply_draft(entry, Draft(tuple(forms), MEMORY_LABEL)))
        saver.change(filled)
        return {entry.key for entry in filled}

    @staticmethod
    def _apply(saver: _Saver, group: Sequence[Job], answers: dict[str, str],
               label: str) -> int:
        drafted: list[Entry] = []
        warnings = 0
        for job in group:
            draft = draft_from_answers(job.shielded, answers, label)
            entry = saver.catalog.get(job.key[1], job.key[0])
            assert entry is not None
            drafted.append(apply_draft(entry, draft))
            warnings += bool(draft.problems)
        saver.change(drafted)
        return warnings


def _translated(engine: Engine, texts: list[str], route: Route) -> list[str]:
    """The engine's answers, each with the words it did not know when it can say so."""
    if isinstance(engine, MarksUnknown):
        return [encode_answer(text, unknown)
                for text, unknown in engine.translate_marked(texts, route)]
    return engine.translate_batch(texts, route)


@dataclass
class _Tally:
    """What drafting one language did so far, across the engines that took part."""

    language: str
    entries: int
    done: int
    remembered: int = 0
    sent: int = 0
    warnings: int = 0
    by_route: dict[str, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.remembered = self.done  # entries filled from reviewed translations

    def drafted(self, label: str, count: int) -> None:
        self.by_route[label] = self.by_route.get(label, 0) + count
        self.done += count

    def result(self) -> LanguageDrafts:
        routes = [label for label, count in self.by_route.items() if count]
        return LanguageDrafts(self.language, routes[-1] if routes else "", self.entries,
                              self.sent, self.remembered, self.warnings,
                              drafted_by=tuple((label, count)
                                               for label, count in self.by_route.items()),
                              failures=tuple(self.failures))


class _Saver:
    """Holds a language's catalog as drafting changes it, and writes it after a batch,
    unless writing would dominate the run.

    Every batch's answers are already committed to the memory, so a catalog
    saved a little less often costs a killed run no engine call, only a re-read
    from the memory. Saving at most once per ``SAVE_RATIO`` times the last
    write's cost keeps a large catalog (rewritten whole each time) from making
    drafting quadratic.
    """

    SAVE_RATIO = 5.0

    def __init__(self, path: Path, catalog: Catalog) -> None:
        self.path = path
        self.catalog = catalog
        self.cost = 0.0
        self.saved_at = time.monotonic()

    def change(self, entries: Sequence[Entry]) -> None:
        if entries:
            self.catalog = self.catalog.replaced(entries)

    def save(self, *, final: bool) -> None:
        now = time.monotonic()
        if not final and now - self.saved_at < self.SAVE_RATIO * self.cost:
            return
        _, self.catalog = save_catalog(self.path, self.catalog)
        self.saved_at = time.monotonic()
        self.cost = self.saved_at - now


def translate_workspace(ws: Workspace, options: TranslateOptions,
                        catalogs: Mapping[str, Catalog],
                        progress: ProgressCallback | None = None) -> TranslateResult:
    """Draft each language of ``catalogs`` (read or updated by the caller).

    A language whose engine fails stops at its last saved batch and is reported;
    the other languages go on.
    """
    run = DraftSession(ws, options, progress)
    results: list[LanguageDrafts] = []
    failed: list[AppealError] = []
    try:
        for lang in options.languages:
            if lang not in catalogs:
                continue
            try:
                results.append(run.language(lang, catalogs[lang]))
            except ConfigError:
                raise
            except AppealError as error:
                error.language = lang
                failed.append(error)
    finally:
        run.close()
    return TranslateResult(tuple(results), tuple(failed))
