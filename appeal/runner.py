"""The one runner every command's stages go through.

A stage declares what it reads (:meth:`Stage.inputs`: files; :meth:`Stage.key`:
everything else it depends on, such as options) and does its work in
:meth:`Stage.run`, returning what it wrote. The runner alone decides what is
stale, as ``make`` would: a task (a stage, for one language or for the whole
workspace) runs again only when a file it read or wrote, or its key, differs
from what the runner recorded after its last run, in ``.appeal/state.json``.
It also holds the workspace lock, removes what an interrupted run left behind,
runs per-language tasks in worker processes, keeps a language that failed out
of the later stages while the others go on, and keeps a manifest of every file
the stages say they own, which tells what ``dist/`` should hold.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Protocol

from appeal import __version__
from appeal.errors import AppealError, ConfigError, WriteError
from appeal.freshness import StateFile, fingerprint
from appeal.workers import WorkerDiedError, fork_map
from appeal.workspace import (
    Workspace,
    remove_temporary_files,
    workspace_lock,
    writing_inside,
)

STATE_DIR = ".appeal"


@dataclass(frozen=True, slots=True)
class Done:
    """What one task did."""

    written: tuple[Path, ...] = ()
    """Files whose bytes changed."""
    owns: tuple[Path, ...] = ()
    """Every file the task is responsible for, changed or not (its outputs); empty in the
    outcome of a task that was fresh, whose files :meth:`Runner.manifest` names."""
    value: Any = None
    """A small JSON value the runner keeps with the task and hands back when it is fresh."""
    data: Any = field(default=None, compare=False)
    """Anything for later stages of this run (a catalog just written); not kept."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """A task's result as the caller sees it."""

    done: Done | None
    """None when the task failed."""
    fresh: bool = False
    """Nothing it depends on changed, so it did not run."""
    error: AppealError | None = None

    @property
    def ran(self) -> bool:
        """The task ran in this run and did not fail."""
        return self.done is not None and not self.fresh

    @property
    def written(self) -> tuple[Path, ...]:
        """The files whose bytes this run changed."""
        return self.done.written if self.done is not None and self.ran else ()


class Stage(Protocol):
    """One step of a pipeline; a task is a stage for one language or for all of them."""

    name: ClassVar[str]

    def inputs(self, lang: str | None) -> Iterable[Path]:
        """The files the task reads."""
        ...

    def key(self, lang: str | None) -> object:
        """What else the task's result depends on (options, versions); JSON-able."""
        ...

    def run(self, lang: str | None) -> Done:
        """Do the work; raise :class:`AppealError` for what the user must fix."""
        ...


def _prepare(group: Sequence[Stage], stale: dict[str, list[Stage]]) -> None:
    """Let each stage do, once and before any worker forks, what its stale tasks share."""
    for stage in group:
        prepare: Callable[[Sequence[str]], None] | None = getattr(stage, "prepare", None)
        due = [lang for lang, stages in stale.items() if stage in stages]
        if prepare is not None and due:
            prepare(due)


def _wants(stage: Stage, lang: str) -> bool:
    wants: Callable[[str], bool] | None = getattr(stage, "wants", None)
    return wants is None or wants(lang)


def _task(stage: Stage, lang: str | None) -> str:
    return stage.name if lang is None else f"{stage.name}:{lang}"


class Runner:
    """Runs stages over a workspace; use as a context manager, which takes the lock."""

    def __init__(self, ws: Workspace, *, force: bool = False, shared: bool = False,
                 out: Path | None = None) -> None:
        self.ws = ws
        self.force = force
        self.shared = shared
        self.out = out
        """Where this run publishes (``dist/`` or ``--out``); it may write there too."""
        self.failed: dict[str, AppealError] = {}
        """The first failure of each language; its later tasks are not run."""
        self.errors: list[AppealError] = []
        """Failures of tasks that belong to no language."""
        self._state: StateFile | None = None
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> Runner:
        roots = [self.ws.root] if self.out is None else [self.ws.root, self.out]
        self._stack.enter_context(workspace_lock(self.ws.root, shared=self.shared))
        self._stack.enter_context(writing_inside(*roots))
        self._state = StateFile(self.ws.root / STATE_DIR / "state.json")
        if not self.shared:
            remove_temporary_files([self.ws.locales, self.ws.root / STATE_DIR, self.ws.review,
                                    *([self.out] if self.out else [])])
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self._state is not None and not self.shared and exc[0] is None:
                self._state.save()
        finally:
            self._stack.close()

    @property
    def state(self) -> StateFile:
        assert self._state is not None, "use the runner as a context manager"
        return self._state

    # ---- running ----

    def run(self, stage: Stage) -> Outcome:
        """Run a workspace-wide task if it is stale; its failure is kept in ``errors``."""
        outcome = self._run_here(stage, None)
        if outcome.error is not None:
            self.errors.append(outcome.error)
        return outcome

    def run_each(self, stages: Stage | Sequence[Stage], languages: Iterable[str], *,
                 workers: bool = False) -> dict[str, dict[str, Outcome]]:
        """Run each stage for each language that has not failed yet, in stage order.

        Gives each language's outcomes by stage name. A stage may decline a
        language (``wants(lang)`` false). With *workers*, each language's stale
        tasks run in a worker process (stages must then return picklable
        results). A failure fails only its language, and only from that task on.
        """
        group = [stages] if not isinstance(stages, Sequence) else list(stages)
        chosen = [lang for lang in languages if lang not in self.failed]
        wanted = {lang: [s for s in group if _wants(s, lang)] for lang in chosen}
        stale = {lang: [s for s in wanted[lang] if self._stale(s, lang)] for lang in chosen}
        _prepare(group, stale)
        ran = self._execute(stale, workers=workers)
        return {lang: self._record(wanted[lang], stale[lang], ran.get(lang, []), lang)
                for lang in chosen}

    def _execute(self, stale: dict[str, list[Stage]], *, workers: bool
                 ) -> dict[str, list[Done | AppealError]]:
        """Each language's stale tasks, here or in workers; what each gave back."""
        todo = [lang for lang, stages in stale.items() if stages]
        if not (workers and len(todo) > 1):
            return {lang: self._work(stale[lang], lang) for lang in todo}
        answers = fork_map(lambda lang: self._work(stale[lang], lang), todo, name=str)
        return {lang: [answer] if isinstance(answer, WorkerDiedError) else answer
                for lang, answer in zip(todo, answers, strict=True)}

    def _work(self, stages: Sequence[Stage], lang: str) -> list[Done | AppealError]:
        """Run *stages* for *lang* in order, stopping at the first failure."""
        results: list[Done | AppealError] = []
        for stage in stages:
            try:
                results.append(stage.run(lang))
            except ConfigError:
                raise  # the settings are wrong for every language alike
            except AppealError as error:
                error.language = error.language or lang
                results.append(error)
                break
        return results

    def _record(self, group: Sequence[Stage], stale: Sequence[Stage],
                results: Sequence[Done | AppealError], lang: str) -> dict[str, Outcome]:
        outcomes: dict[str, Outcome] = {}
        answers = iter(results)
        for stage in group:
            if stage not in stale:
                outcomes[stage.name] = self._fresh(stage, lang)
                continue
            result = next(answers, None)
            if isinstance(result, Done):
                self._remember(stage, lang, result)
                outcomes[stage.name] = Outcome(result)
                continue
            self.state.forget(_task(stage, lang))
            if result is not None and lang not in self.failed:
                result.language = result.language or lang
                self.failed[lang] = result
            outcomes[stage.name] = Outcome(None, error=result or self.failed.get(lang))
        return outcomes

    def _run_here(self, stage: Stage, lang: str | None) -> Outcome:
        if not self._stale(stage, lang):
            return self._fresh(stage, lang)
        prepare = getattr(stage, "prepare", None)
        if prepare is not None:
            prepare([] if lang is None else [lang])
        try:
            done = stage.run(lang)
        except ConfigError:
            raise
        except AppealError as error:
            self.state.forget(_task(stage, lang))
            return Outcome(None, error=error)
        self._remember(stage, lang, done)
        return Outcome(done)

    # ---- freshness ----

    def _stamp(self, stage: Stage, lang: str | None, owns: Iterable[Path | str]
               ) -> dict[str, Any]:
        root = self.ws.root
        return {"in": fingerprint(stage.inputs(lang), root=root),
                "out": fingerprint(owns, root=root),
                "key": stage.key(lang), "version": __version__}

    def _recorded(self, stage: Stage, lang: str | None) -> dict[str, Any] | None:
        found = self.state.get(_task(stage, lang))
        return found if isinstance(found, dict) and "stamp" in found else None

    def _stale(self, stage: Stage, lang: str | None) -> bool:
        if self.force or getattr(stage, "always", False):
            return True
        recorded = self._recorded(stage, lang)
        if recorded is None:
            return True
        root = str(self.ws.root)  # names, not paths: thousands of them in a large workspace
        owns = [os.path.join(root, name) for name in recorded.get("owns", [])]
        return bool(recorded["stamp"] != _jsonable(self._stamp(stage, lang, owns)))

    def _fresh(self, stage: Stage, lang: str | None) -> Outcome:
        """A task that did not run: its value as recorded (its files are in the manifest)."""
        recorded = self._recorded(stage, lang) or {}
        return Outcome(Done(value=recorded.get("value")), fresh=True)

    def _remember(self, stage: Stage, lang: str | None, done: Done) -> None:
        owns = list(dict.fromkeys(done.owns))
        self.state.record(_task(stage, lang), {
            "stamp": _jsonable(self._stamp(stage, lang, owns)),
            "owns": [_relative(path, self.ws.root) for path in owns],
            "value": done.value})

    def forget(self, stage: Stage, lang: str | None) -> None:
        """Drop a task's record: it runs next time, and its files leave the manifest."""
        self.state.forget(_task(stage, lang))

    def forget_languages_except(self, keep: Iterable[str]) -> None:
        """Drop the records of languages no longer configured: their files leave the manifest."""
        kept = set(keep)
        for name in self.state.names():
            _, colon, lang = name.partition(":")
            if colon and lang not in kept:
                self.state.forget(name)

    def manifest(self, under: Path) -> list[Path]:
        """Every file a recorded task owns below *under*: what a build there should hold."""
        return sorted(under / name for name in self.manifest_names(under))

    def manifest_names(self, under: Path) -> set[str]:
        """:meth:`manifest` as names relative to *under* (``es/appeal.html``).

        Compared as the strings the state holds: a build asks for it every time,
        and the state names thousands of files in a large workspace.
        """
        place = _relative(under, self.ws.root)
        prefix = "" if place == "." else place.rstrip("/") + "/"
        found: set[str] = set()
        for value in self.state.values():
            if isinstance(value, dict):
                found.update(name[len(prefix):] for name in value.get("owns", [])
                             if name.startswith(prefix))
        return found


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _jsonable(value: Any) -> Any:
    """The value as JSON would give it back (lists for tuples), so stamps compare equal."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


__all__ = ["Done", "Outcome", "Runner", "Stage", "WriteError"]
