"""The drafting stage: machine drafts for every untranslated entry of a language.

Drafting always runs when asked for (an engine's answers are not a function of
files), after the catalogs were brought up to date as a build would.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from appeal.catalogs import Catalog
from appeal.errors import AppealError
from appeal.mt.drafts import ProgressCallback
from appeal.mt.translate import (
    DraftSession,
    LanguageDrafts,
    TranslateOptions,
    TranslateResult,
)
from appeal.runner import Done, Runner
from appeal.stages.catalogs import UpdateStage, extract
from appeal.stages.context import RunContext
from appeal.workspace import Workspace


def load_catalogs(runner: Runner, run: RunContext, languages: Sequence[str], *,
                  update: bool) -> dict[str, Catalog]:
    """The catalogs to draft; with *update*, first brought up to date as ``build`` would.

    ``--check`` must write nothing, so it reads the catalogs as they are. A
    language that cannot be read is left out and kept in ``runner.failed``.
    """
    if update:
        extract(runner, run)
        runner.run_each(UpdateStage(run), languages, workers=True)
    found: dict[str, Catalog] = {}
    for lang in languages:
        if lang in runner.failed:
            continue
        try:
            found[lang] = run.catalogs.get(lang)
        except AppealError as error:
            runner.failed[lang] = error
    return found


class TranslateStage:
    """One language's machine drafts, through the engines its settings list."""

    name: ClassVar[str] = "translate"
    always: ClassVar[bool] = True

    def __init__(self, ws: Workspace, session: DraftSession, catalogs: dict[str, Catalog]) -> None:
        self.ws = ws
        self.session = session
        self.catalogs = catalogs

    def wants(self, lang: str) -> bool:
        return lang in self.catalogs

    def inputs(self, lang: str | None) -> list[Path]:
        assert lang is not None
        return [self.ws.po_path(lang), self.ws.glossary_path(lang), self.ws.glossary_template]

    def key(self, lang: str | None) -> object:
        return None

    def run(self, lang: str | None) -> Done:
        assert lang is not None
        drafted = self.session.language(lang, self.catalogs[lang])
        path = self.ws.po_path(lang)
        return Done(written=(path,) if drafted.entries and drafted.route else (),
                    owns=(path,), data=drafted)


def draft_workspace(ws: Workspace, options: TranslateOptions,
                    progress: ProgressCallback | None = None
                    ) -> tuple[TranslateResult, list[AppealError]]:
    """``appeal translate``: update the catalogs, then draft each language, under one lock.

    Returns what was drafted and what failed: each broken document, each language.
    """
    run = RunContext(ws)
    with Runner(ws, shared=options.check) as runner:
        catalogs = load_catalogs(runner, run, options.languages, update=not options.check)
        session = DraftSession(ws, options, progress)
        try:
            outcomes = runner.run_each(TranslateStage(ws, session, catalogs), options.languages)
        finally:
            session.close()
    drafted = [found["translate"].done.data for found in outcomes.values()
               if "translate" in found and found["translate"].done is not None]
    result = TranslateResult(tuple(d for d in drafted if isinstance(d, LanguageDrafts)))
    return result, [*runner.errors, *runner.failed.values()]
